"""Negotiation history: round order, per-round counts, changes, the HTML burn-down report."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from clausewise.compare.brackets import inventory
from clausewise.compare.history import diff_name, history, order_rounds
from clausewise.formats import history_html
from clausewise.formats import text as text_format
from clausewise.model import Bracket, Clause, Decision, Document, Metadata, Text
from tests.conftest import CHROMIUM, CORPUS, requires_chromium

COP21 = CORPUS / "unfccc-cop21-decision-1-CP.21"


def test_order_by_front_matter_round_then_file_name(tmp_path):
    (tmp_path / "zeta.md").write_text("---\nround: r1\n---\n\ntext\n", encoding="utf-8")
    (tmp_path / "alpha.md").write_text("---\nround: r10\n---\n\ntext\n", encoding="utf-8")
    (tmp_path / "r2_second.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "r2b_edited.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "final.txt").write_text("x\n", encoding="utf-8")
    names = [p.name for p in order_rounds(sorted(tmp_path.iterdir()))]
    assert names == ["zeta.md", "r2_second.txt", "r2b_edited.txt", "alpha.md", "final.txt"]


def test_diff_names_are_safe_file_names():
    assert diff_name("r1", "r2") == "diff-r1-r2.html"
    assert diff_name("Version 14/11/2024", "r2") == "diff-Version_14_11_2024-r2.html"


def _doc(label: str, *clauses) -> Document:
    return Document(Metadata(round=label), (Decision(None, (), (Text("The Conference,"),), tuple(clauses)),))


def test_history_counts_changes_and_progress():
    r1 = _doc("r1", Clause("operative", (Text("Decides "), Bracket((Text("to act"),)), Text(";")), "1"),
              Clause("operative", (Bracket((Text("Requests a report;"),)),), "2"))
    r2 = _doc("r2", Clause("operative", (Text("Decides to act;"),), "1"))
    calls = []
    hist = history([r1, r2], ["a.md", "b.md"], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    first, second = hist.rounds
    assert (first.label, first.inventory.pairs, first.clauses, first.diff) == ("r1", 2, 2, None)
    assert (second.label, second.inventory.pairs, second.diff) == ("r2", 0, "diff-r1-r2.html")
    assert second.changes["brackets"] == {"agreed": 1, "dropped": 1}
    data = hist.to_json()
    assert [r["pairs"] for r in data["rounds"]] == [2, 0]
    assert "r1 -> r2:" in hist.to_text() and "1 bracket agreed" in hist.to_text()


@pytest.fixture(scope="module")
def cop21():
    paths = sorted(COP21.glob("r[1-4]_*.txt")) if COP21.exists() else []
    if len(paths) != 4:
        pytest.skip("COP21 decision rounds not available")
    ordered = order_rounds(reversed(paths))
    docs = [text_format.read_file(p) for p in ordered]
    return ordered, docs, history(docs, [p.name for p in ordered])


def test_cop21_history_matches_the_inventory_of_each_round(cop21):
    ordered, docs, hist = cop21
    assert [r.label for r in hist.rounds] == ["r1", "r2", "r3", "r4"]
    for stats, doc in zip(hist.rounds, docs):
        inv = inventory(doc)
        assert (stats.inventory.pairs, stats.inventory.max_depth, stats.inventory.bracketed_words) == \
            (inv.pairs, inv.max_depth, inv.bracketed_words)
    # SOURCE.md: 98, 580, 659, then none (counted from the raw text by tests/compare/test_brackets.py)
    assert [r.inventory.pairs for r in hist.rounds] == [98, 580, 659, 0]
    assert hist.rounds[-1].inventory.bracketed_words == 0
    assert all(r.changes and sum(r.changes["brackets"].values()) > 0 for r in hist.rounds[1:])
    assert [r.diff for r in hist.rounds] == [None, "diff-r1-r2.html", "diff-r2-r3.html", "diff-r3-r4.html"]


def test_history_html_is_self_contained_with_a_burndown(cop21):
    _, _, hist = cop21
    page = history_html.write_history(hist, "Decision 1/CP.21")
    assert "<svg" in page and page.count("<rect") == 4 and "<polyline" in page
    assert re.findall(r'href="([^"]+)"', page) == ["diff-r1-r2.html", "diff-r2-r3.html", "diff-r3-r4.html"]
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "<script" not in page
    for r in hist.rounds:
        assert f">{r.inventory.pairs:,}<" in page


@requires_chromium
def test_history_html_renders_in_chromium(cop21, tmp_path):
    _, _, hist = cop21
    page = tmp_path / "history.html"
    page.write_text(history_html.write_history(hist), encoding="utf-8")
    shot = tmp_path / "history.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1200,900",
                        page.as_uri()], check=False, capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 20_000
    assert Path(shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_diff_pairs_index_the_ordered_rounds(cop21):
    _, _, hist = cop21
    assert hist.diff_pairs() == [(0, 1, "diff-r1-r2.html"), (1, 2, "diff-r2-r3.html"), (2, 3, "diff-r3-r4.html")]


def test_write_report_writes_the_page_and_every_linked_diff(cop21, tmp_path):
    _, docs, hist = cop21
    paths = history_html.write_report(hist, docs, tmp_path, title="Decision 1/CP.21")
    assert sorted(p.name for p in paths) == ["diff-r1-r2.html", "diff-r2-r3.html", "diff-r3-r4.html", "history.html"]
    page = (tmp_path / "history.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="([^"]+)"', page):
        assert (tmp_path / link).stat().st_size > 1000


def test_options_resolved_between_rounds_are_counted():
    from clausewise.model import OptionLabel

    r1 = _doc("r1", OptionLabel("Option 1"), Clause("operative", (Text("Decides to convene a dialogue in 2018;"),), "1"),
              OptionLabel("Option 2"), Clause("operative", (Text("Decides that no dialogue is held;"),), "2"))
    r2 = _doc("r2", Clause("operative", (Text("Decides to convene a dialogue in 2018;"),), "1"))
    second = history([r1, r2], ["a", "b"]).rounds[1]
    assert second.changes["brackets"].get("option_resolved") == 1
