"""The HTML comparison report: self-contained, links that resolve, and a clean load in Chromium."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import zlib
from pathlib import Path

from clausewise.compare import compare
from clausewise.formats import html, load
from tests.compare.builders import R1, R2
from tests.conftest import CHROMIUM, DRAFTS, requires_chromium


def page(old=R1, new=R2) -> str:
    return html.write_comparison(compare(old, new))


def test_the_page_is_self_contained():
    text = page()
    assert text.startswith("<!DOCTYPE html>")
    for forbidden in ("http://", "https://", "<script", "<link", " src=", "@import", "url("):
        assert forbidden not in text, forbidden


def test_every_internal_link_has_its_target():
    text = page()
    all_ids = re.findall(r' id="([^"]+)"', text)
    assert len(all_ids) == len(set(all_ids)), "ids must be unique"
    ids = set(all_ids)
    hrefs = re.findall(r' href="#([^"]+)"', text)
    assert hrefs and all(h in ids for h in hrefs), [h for h in hrefs if h not in ids]


def test_summary_on_top_then_marked_new_round_then_side_by_side():
    text = page()
    assert text.index('<ul class="summary">') < text.index('id="redline"') < text.index('id="side-by-side"')
    assert '<li class="moved"><b>1</b> moved</li>' in text
    assert "<del>Convention</del><ins>Paris Agreement</ins>" in text
    assert '<ins><span class="br">[</span></ins>prepare' in text


def test_a_moved_clause_links_to_where_it_stood_and_renumbering_is_quiet():
    text = page()
    moved = re.search(r'<div class="clause unchanged moved" id="([^"]+)">(.*?)</div></div>', text)
    assert moved and "where it stood" in moved.group(2)
    assert '<span class="was" title="number in the old round">was 5.</span>' in moved.group(2)
    marker = re.search(r'<div class="moved-away" id="[^"]+">5\. moved from here to <a href="#([^"]+)">', text)
    assert marker and marker.group(1) == moved.group(1)
    # the marker stands after old paragraph 4 (new 5), where paragraph 5 used to be
    assert text.index('id="n-0-op-4"') < marker.start()


def test_text_is_escaped():
    text = page()
    assert "&amp; its &lt;annex&gt;" in text


def test_identical_rounds():
    assert "No clause changed." in page(R1, R1)


# ---------------------------------------------------------------- in Chromium

COLLECTOR = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push(String(e.message || (e.target && e.target.outerHTML) || 'error'));
}, true);
(function () { var original = console.error; console.error = function () {
  window.__errors.push(Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); }; })();
window.addEventListener('load', function () {
  var ins = document.querySelector('ins'), del = document.querySelector('del');
  document.documentElement.setAttribute('data-errors', JSON.stringify(window.__errors));
  document.documentElement.setAttribute('data-ins', ins ? getComputedStyle(ins).backgroundColor : '');
  document.documentElement.setAttribute('data-del', del ? getComputedStyle(del).textDecorationLine : '');
});
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120)


def loaded(tmp_path: Path, text: str, name: str = "report.html") -> str:
    """The DOM after load of ``text`` with the error collector injected."""
    path = tmp_path / name
    path.write_text(text.replace("<head>", "<head>" + COLLECTOR, 1), encoding="utf-8")
    done = chromium(tmp_path, path.as_uri(), "--virtual-time-budget=3000", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def attribute(dom: str, name: str) -> str:
    m = re.search(rf'{name}="([^"]*)"', dom)
    assert m, f"{name} missing: the collector did not run"
    return m.group(1).replace("&quot;", '"')


@requires_chromium
def test_the_error_collector_catches_an_error(tmp_path):
    dom = loaded(tmp_path, "<!DOCTYPE html><html><head></head><body><script>undefinedCall()</script></body></html>",
                 "broken.html")
    assert "undefinedCall" in attribute(dom, "data-errors")


@requires_chromium
def test_the_report_loads_without_errors_and_styles_the_changes(tmp_path):
    folder = DRAFTS / "mc-4-international-cooperation"
    report = html.write_comparison(compare(load(folder / "r1.md"), load(folder / "r2.md")))
    dom = loaded(tmp_path, report)
    assert json.loads(attribute(dom, "data-errors")) == []
    assert attribute(dom, "data-ins") == "rgb(227, 246, 232)"
    assert "line-through" in attribute(dom, "data-del")


@requires_chromium
def test_a_screenshot_shows_insertions_and_deletions(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(page(), encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = chromium(tmp_path, path.as_uri(), "--window-size=900,700", f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (900, 700)
    inserted = sum(1 for p in pixels if p == (227, 246, 232))
    deleted = sum(1 for p in pixels if p == (253, 232, 232))
    assert inserted > 200 and deleted > 200, (inserted, deleted)


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    prior = bytearray(stride)
    for y in range(height):
        base = y * (stride + 1)
        kind, line = raw[base], bytearray(raw[base + 1: base + 1 + stride])
        if kind == 1:
            for x in range(channels, stride):
                line[x] = (line[x] + line[x - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prior))
        elif kind == 3:
            for x in range(stride):
                left = line[x - channels] if x >= channels else 0
                line[x] = (line[x] + ((left + prior[x]) >> 1)) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - channels] if x >= channels else 0
                b, c = prior[x], prior[x - channels] if x >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prior = line
    pixels = [tuple(row[x:x + 3]) for row in rows for x in range(0, stride, channels)]
    return width, height, pixels


def test_arabic_reports_read_right_to_left():
    from dataclasses import replace

    arabic = replace(R1, meta=replace(R1.meta, language="ar"))
    assert '<html lang="ar" dir="rtl">' in page(arabic, arabic)
    assert '<html lang="en">' in page()
