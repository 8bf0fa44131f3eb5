"""Bad input at the command line (issues 2–7): one clear line naming the file and position, the right
exit code, never a traceback, never a half-written or overwritten file."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from typer.testing import CliRunner

from clausewise.cli import app
from tests.conftest import DRAFTS

runner = CliRunner()
SEED_ROUNDS = DRAFTS / "mc-4-international-cooperation"

HEAD = "---\nlanguage: en\ndecision: 1/1\n---\n\n*The Conference of the Parties*,\n\n"
GOOD = HEAD + "*Recalling* Article 23 of the Convention,\n\n1. *Agrees* to keep the matter under review;\n\n" \
              "2. *Requests* the Secretariat to report on paragraph 1 above.\n"
OTHER = ("---\nlanguage: en\ndecision: 9/9\n---\n\n*The Governing Council*,\n\n*Noting* the weather,\n\n"
         "1. *Decides* to adjourn;\n\n2. *Requests* tea.\n")
DEEP = 10_000


def run(*args) -> object:
    """Invoke the CLI; every result is checked for tracebacks by the callers' helpers."""
    return runner.invoke(app, [str(a) for a in args])


def refused(result, code: int, *fragments: str) -> str:
    """Assert a clean refusal: exit ``code``, each fragment in the output, no traceback; return the output."""
    out = result.output
    assert result.exit_code == code, out
    assert "Traceback" not in out and "internal error" not in out, out
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    for fragment in fragments:
        assert fragment in out, (fragment, out)
    return out


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    """A file of ``data`` in ``tmp_path``."""
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    """A sound draft."""
    return write(tmp_path, "good.md", GOOD)


# ------------------------------------------------------------------ unreadable drafts (issue 2)

UNREADABLE = {
    "latin1.md": (b"---\nlanguage: en\n---\n\n1. *Agrees* caf\xe9.\n", "not UTF-8"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "empty.md": (b"", "empty"),
    "blank.md": (b"  \n\n\t\n", "empty"),
    "latin1.txt": (b"Decision 1/1\n\nThe Conference,\n\n1. Agrees caf\xe9.\n", "not UTF-8"),
    "binary.txt": (b"\x00\x01\x02" * 100, "binary"),
    "empty.txt": (b"\n \n", "empty"),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
@pytest.mark.parametrize("command", ["check", "summary", "brackets"])
def test_unreadable_draft_is_exit_2_naming_the_file(tmp_path, name, command):
    data, fragment = UNREADABLE[name]
    path = write(tmp_path, name, data)
    refused(run(command, path), 2, f"{path}:", fragment)


@pytest.mark.parametrize("name", ["latin1.md", "binary.md", "empty.md"])
def test_unreadable_draft_writes_nothing(tmp_path, good, name):
    data, fragment = UNREADABLE[name]
    path = write(tmp_path, name, data)
    out = tmp_path / "out.docx"
    refused(run("build", path, "-o", out), 2, str(path), fragment)
    refused(run("clean", path, "-o", tmp_path / "final.md"), 2, str(path))
    refused(run("diff", good, path, "-f", "html", "-o", tmp_path / "d.html"), 2, str(path))
    refused(run("fmt", path), 2, str(path))
    assert path.read_bytes() == data
    assert not out.exists() and not (tmp_path / "final.md").exists() and not (tmp_path / "d.html").exists()


@pytest.mark.parametrize("front, fragment", [
    ("language: [en\n", "not valid YAML"),
    ("- a\n- b\n", "not a list"),
    ("just words\n", "mapping"),
    ("!!python/object/apply:os.system ['true']\n", "front matter"),
    ("decision: [1, 2]\n", "single text value"),
    ("language: xx\n", "unknown language"),
])
def test_front_matter_not_yaml_or_not_a_mapping(tmp_path, front, fragment):
    path = write(tmp_path, "fm.md", f"---\n{front}---\n\n1. *Agrees* to adjourn.\n")
    refused(run("check", path), 1, f"{path}:2:", fragment, "CW100")
    refused(run("summary", path), 2, f"{path}:2:", fragment)
    refused(run("build", path, "-o", tmp_path / "fm.docx"), 2, f"{path}:2:")
    assert not (tmp_path / "fm.docx").exists()


def test_front_matter_never_closed(tmp_path):
    path = write(tmp_path, "open.md", "---\nlanguage: en\n\n1. *Agrees* to adjourn.\n")
    refused(run("check", path), 1, f"{path}:1:1:", "never closed")


def test_draft_over_the_size_limit_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:  # size is checked before reading, so a sparse file will do
        handle.write(GOOD.encode())
        handle.truncate(6 * 1024 * 1024)
    started = time.monotonic()
    refused(run("check", path), 2, str(path), "limited to 5 MB")
    refused(run("build", path, "-o", tmp_path / "huge.docx"), 2, "limited to 5 MB")
    assert time.monotonic() - started < 5
    assert not (tmp_path / "huge.docx").exists()


def test_plain_text_export_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Decision 1/1\n\n")
        handle.truncate(11 * 1024 * 1024)
    refused(run("summary", path), 2, str(path), "limited to 10 MB")


# ------------------------------------------------------------------ 10,000 nested brackets (issues 2, 7)

def deep_draft(tmp_path: Path, depth: int, name: str = "deep.md") -> Path:
    """A draft whose operative paragraph holds ``depth`` nested brackets."""
    return write(tmp_path, name, HEAD + "1. *Agrees* " + "[" * depth + "to adjourn" + "]" * depth + ".\n")


def test_ten_thousand_nested_brackets_in_a_draft(tmp_path, good):
    path = deep_draft(tmp_path, DEEP)
    refused(run("check", path), 1, f"{path}:8:", "nested more than")
    for args in (("summary", path), ("brackets", path), ("fmt", path), ("diff", good, path),
                 ("build", path, "-o", tmp_path / "deep.docx"),
                 ("clean", path, "-o", tmp_path / "deep.txt", "--accept-bracketed"),
                 ("history", good, path)):
        refused(run(*args), 2, f"{path}:8:", "nested more than")
    assert not (tmp_path / "deep.docx").exists() and not (tmp_path / "deep.txt").exists()


def test_ten_thousand_nested_brackets_in_a_plain_text_export(tmp_path):
    path = write(tmp_path, "deep.txt", "Decision 1/1\n\nThe Conference of the Parties,\n\n1. Agrees "
                 + "[" * DEEP + "to adjourn" + "]" * DEEP + ".\n")
    refused(run("check", path), 1, f"{path}:5:", "nested more than")
    refused(run("summary", path), 2, f"{path}:5:", "nested more than")
    refused(run("clean", path, "-o", tmp_path / "final.md", "--drop-bracketed"), 2, f"{path}:5:")
    assert not (tmp_path / "final.md").exists()


def test_ten_thousand_nested_brackets_in_a_word_file(tmp_path):
    word = WordDocument()
    word.add_paragraph("The Conference of the Parties,")
    word.add_paragraph("1.\tAgrees " + "[" * DEEP + "to adjourn" + "]" * DEEP + ".")
    path = tmp_path / "deep.docx"
    word.save(path)
    refused(run("import", path, "-o", tmp_path / "deep.md"), 2, str(path), "paragraph 2", "nested more than")
    assert not (tmp_path / "deep.md").exists()


def test_the_deepest_nesting_a_draft_allows_builds_and_reads_back(tmp_path):
    path = deep_draft(tmp_path, 199)
    assert run("check", path).exit_code == 0
    built = tmp_path / "deep.docx"
    assert run("build", path, "-o", built).exit_code == 0
    back = tmp_path / "back.md"
    refused(run("import", built, "-o", back), 0)
    refused(run("diff", path, back), 0, "identical")


# ------------------------------------------------------------------ build (issue 3)

ERRORS = HEAD + "1. *Agrees* to keep [the matter under review;\n\n2. Requests a report on paragraph 4 above;\n"


def test_build_refuses_check_errors_unless_forced_and_keeps_the_old_output(tmp_path):
    path = write(tmp_path, "errors.md", ERRORS)
    out = write(tmp_path, "out.docx", b"the previous build")
    refused(run("build", path, "-o", out), 1, f"{path}:8:21: error CW101", f"{path}:10:", "--force")
    assert out.read_bytes() == b"the previous build"
    refused(run("build", path, "-o", out, "--force"), 0, f"wrote {out}")
    assert zipfile.is_zipfile(out)


def test_build_to_an_unwritable_path(tmp_path, good):
    refused(run("build", good, "-o", tmp_path / "missing" / "out.docx"), 2, "missing", "does not exist")
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    refused(run("build", good, "-o", folder), 2, str(folder), "cannot write")
    assert not list(tmp_path.glob(".*.tmp")) and not list(folder.iterdir())


@pytest.mark.parametrize("reference, fragment", [
    ("text.docx", "not a Word (.docx) file"),
    ("good.md", "not a Word (.docx) file"),
    ("missing.docx", "not found"),
])
def test_build_with_a_reference_doc_that_is_not_a_docx(tmp_path, good, reference, fragment):
    if reference == "text.docx":
        write(tmp_path, reference, "plain words")
    out = tmp_path / "out.docx"
    refused(run("build", good, "-o", out, "--reference-doc", tmp_path / reference), 2, reference, fragment)
    assert not out.exists()


@pytest.mark.parametrize("name", ["out.md", "out.pdf"])
def test_build_refuses_an_output_that_is_not_a_docx(tmp_path, good, name):
    out = tmp_path / name
    refused(run("build", good, "-o", out, "--pdf"), 2, str(out), ".docx")
    assert not out.exists()


# ------------------------------------------------------------------ never over an input

def test_no_command_writes_over_its_input(tmp_path, good):
    other = write(tmp_path, "other.md", OTHER)
    word = tmp_path / "good.docx"
    assert run("build", good, "-o", word).exit_code == 0
    cases = [("build", good, "-o", good), ("build", word, "-o", word), ("clean", good, "-o", good),
             ("import", word, "-o", word), ("redline", good, other, "-o", other),
             ("redline", word, other, "-o", word)]
    cases += [("diff", good, other, "-f", fmt, "-o", other) for fmt in ("text", "json", "html", "md", "docx")]
    cases += [("history", good, other, "-f", fmt, "-o", other) for fmt in ("text", "json", "html")]
    before = {p: p.read_bytes() for p in (good, other, word)}
    for args in cases:
        refused(run(*args), 2, "refusing to overwrite the input")
    assert {p: p.read_bytes() for p in (good, other, word)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.docx", "good.md", "other.md"]


# ------------------------------------------------------------------ hostile Word files (issue 4)

def hostile(tmp_path: Path, kind: str) -> Path:
    """A hostile .docx of ``kind`` built from a real one."""
    good_docx = tmp_path / "real.docx"
    WordDocument().save(good_docx)
    real = zipfile.ZipFile(good_docx)
    path = tmp_path / f"{kind}.docx"
    if kind == "notzip":
        path.write_text("not a zip at all")
    elif kind == "truncated":
        data = good_docx.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "ole":
        path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1024))
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name in real.namelist():
                data = real.read(name)
                if kind == "notword" and name == "[Content_Types].xml":
                    continue
                if name == "word/document.xml" and kind == "xxe":
                    data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
                if name == "word/document.xml" and kind == "bomb":
                    data += b" " * 200_000_000
                z.writestr(name, data)
        path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("kind, fragment", [
    ("notzip", "not a Word file"), ("notword", "not a Word file"), ("truncated", "truncated"),
    ("xxe", "DOCTYPE"), ("bomb", "zip bomb"), ("ole", "OLE compound file"),
])
def test_hostile_word_files_fail_fast_with_one_line(tmp_path, good, kind, fragment):
    path = hostile(tmp_path, kind)
    out = tmp_path / "out.md"
    started = time.monotonic()
    text = refused(run("import", path, "-o", out), 2, f"{path}:", fragment)
    assert time.monotonic() - started < 5
    assert len(text.strip().splitlines()) == 1
    assert not out.exists()
    refused(run("diff", good, path), 2, f"{path}:", fragment)
    refused(run("check", path), 2, f"{path}:", fragment)


# ------------------------------------------------------------------ diff and redline (issues 5, 6)

def test_diff_with_an_unreadable_or_missing_side(tmp_path, good):
    binary = write(tmp_path, "binary.md", b"\x00\x01" * 50)
    refused(run("diff", binary, good), 2, f"{binary}:", "binary")
    refused(run("diff", good, tmp_path / "absent.md"), 2, "absent.md", "no such file")
    refused(run("redline", good, binary, "-o", tmp_path / "r.docx"), 2, f"{binary}:")
    assert not (tmp_path / "r.docx").exists()


def test_a_draft_against_itself_is_empty_and_exit_0(tmp_path, good):
    refused(run("diff", good, good), 0, "identical")
    refused(run("diff", good, good, "-f", "json", "-o", tmp_path / "same.json"), 0)
    refused(run("redline", good, good, "-o", tmp_path / "same.docx"), 0)
    report = json.loads((tmp_path / "same.json").read_text(encoding="utf-8"))
    assert report["identical"] is True and report["changes"] == [] or all(
        c.get("kind") == "unchanged" for c in report["changes"])


def test_two_unrelated_decisions_are_all_deleted_and_inserted(tmp_path, good):
    other = write(tmp_path, "other.md", OTHER)
    text = refused(run("diff", good, other), 1)
    summary = text.splitlines()[0]
    assert "inserted" in summary and "deleted" in summary and "modified" not in summary and "moved" not in summary
    for fmt in ("json", "html", "md", "docx"):
        refused(run("diff", good, other, "-f", fmt, "-o", tmp_path / f"out.{fmt}"), 1)
        assert (tmp_path / f"out.{fmt}").stat().st_size > 0
    refused(run("redline", other, good, "-o", tmp_path / "back.docx"), 0)


STRAY_CLOSE = HEAD + "1. *Agrees* to keep the matter] under review;\n\n2. *Requests* a report.\n"


def test_diff_refuses_a_round_with_a_stray_closing_bracket(tmp_path, good):
    path = write(tmp_path, "stray.md", STRAY_CLOSE)
    refused(run("diff", good, path), 1, f"{path}:8:", "CW102", "--force")
    refused(run("redline", good, path, "-o", tmp_path / "r.docx"), 1, f"{path}:8:", "CW102")
    assert not (tmp_path / "r.docx").exists()
    assert run("diff", good, path, "--force").exit_code == 1  # forced: compared, and the rounds differ


def test_diff_refuses_a_round_with_an_unclosed_bracket(tmp_path, good):
    path = write(tmp_path, "unclosed.md", ERRORS)
    refused(run("diff", path, good), 1, f"{path}:8:21:", "CW101")
    refused(run("redline", path, good, "-o", tmp_path / "r.docx"), 1, f"{path}:8:21:")
    assert not (tmp_path / "r.docx").exists()


# ------------------------------------------------------------------ brackets and clean (issue 7)

def test_brackets_may_cross_clauses_but_not_footnotes(tmp_path):
    across = write(tmp_path, "across.md", HEAD + "1. *Agrees* to keep [the matter under review;\n\n"
                   "2. *Requests* a report] on it.\n")
    refused(run("check", across), 0)
    into_note = write(tmp_path, "note.md", HEAD + "1. *Agrees* to keep [the matter[^1] under review;\n\n"
                      "2. *Requests* a report.\n\n[^1]: A note] that closes here.\n")
    refused(run("check", into_note), 1, f"{into_note}:8:21: error CW101", f"{into_note}:12:", "CW102")
    out = tmp_path / "final.md"
    refused(run("clean", into_note, "-o", out), 1, f"{into_note}:12:13:", "closes no bracket")
    assert not out.exists()


def test_an_option_group_with_one_option_cleans_to_its_text(tmp_path):
    path = write(tmp_path, "one.md", HEAD + "**Option 1**\n\n1. *Agrees* to adjourn;\n\n2. *Requests* a report.\n")
    out = tmp_path / "final.md"
    refused(run("clean", path, "-o", out), 0)
    text = out.read_text(encoding="utf-8")
    assert "Option" not in text and "1. *Agrees* to adjourn;" in text


def test_clean_refuses_a_reference_to_a_paragraph_it_removed(tmp_path):
    path = write(tmp_path, "ref.md", HEAD + "1. *Agrees* to adjourn;\n\n2. [*Invites* Parties to contribute;]\n\n"
                 "3. *Requests* a report on paragraph 2 above.\n")
    out = tmp_path / "final.docx"
    refused(run("clean", path, "-o", out, "--drop-bracketed"), 1, f"{path}:12:", "paragraph 2", "clean removed")
    assert not out.exists()
    refused(run("clean", path, "-o", out, "--accept-bracketed"), 0)


# ------------------------------------------------------------------ history (issue 7)

def test_history_of_one_round(tmp_path, good):
    text = refused(run("history", good), 0)
    assert "good" in text or "r1" in text
    refused(run("history", good, "-f", "html", "-o", tmp_path / "h.html"), 0)
    assert (tmp_path / "h.html").read_text(encoding="utf-8").startswith("<!")


def test_history_of_a_folder_with_an_unreadable_round(tmp_path):
    for name in ("r1.md", "r2.md"):
        shutil.copy(SEED_ROUNDS / name, tmp_path / name)
    broken = write(tmp_path, "r3.md", b"\x00binary")
    refused(run("history", tmp_path), 2, f"{broken}:", "binary")
    empty = tmp_path / "empty"
    empty.mkdir()
    refused(run("history", empty), 2, str(empty), "no draft")


def test_history_of_a_folder_skips_files_that_are_not_rounds():
    result = run("history", SEED_ROUNDS, "-f", "json")
    refused(result, 0, "skipped", "pre-session-document.md")   # said on stderr
    rounds = json.loads(result.stdout)["rounds"]
    assert [r["name"] for r in rounds] == ["r1.md", "r2.md", "r3.md"]


# ------------------------------------------------------------------ characters Word cannot hold

def test_a_control_character_in_a_draft_is_refused_with_its_position(tmp_path):
    path = write(tmp_path, "ctrl.md", HEAD + "1. *Agrees* to \x01adjourn.\n")
    refused(run("check", path), 1, f"{path}:8:16:", "U+0001")
    out = tmp_path / "ctrl.docx"
    refused(run("build", path, "-o", out, "--force"), 2, f"{path}:8:16:", "U+0001")
    assert not out.exists()


def test_control_characters_in_a_plain_text_export_are_dropped(tmp_path):
    path = write(tmp_path, "ctrl.txt", "Decision 1/1\n\nThe Conference of the Parties,\n\n"
                 "1. Agrees to \x01adjourn\x0b.\n")
    out = tmp_path / "ctrl.docx"
    refused(run("build", path, "-o", out), 0)
    back = tmp_path / "back.md"
    refused(run("import", out, "-o", back), 0)
    assert "to adjourn." in back.read_text(encoding="utf-8")


def test_a_thousand_nested_subparagraphs_are_refused_with_their_line(tmp_path):
    lines = [HEAD + "1. *Requests*:\n"]
    lines += ["   " * (level + 1) + "(a) item;\n" for level in range(1000)]
    path = write(tmp_path, "subs.md", "\n".join(lines))
    refused(run("check", path), 1, f"{path}:50:", "nested more than 20 levels")
    for args in (("summary", path), ("build", path, "-o", tmp_path / "subs.docx", "--force"),
                 ("clean", path, "-o", tmp_path / "subs.txt"), ("fmt", path)):
        refused(run(*args), 2, f"{path}:50:", "nested more than 20 levels")
    assert not (tmp_path / "subs.docx").exists() and not (tmp_path / "subs.txt").exists()


def test_front_matter_nested_thousands_deep(tmp_path):
    path = write(tmp_path, "deepfm.md", "---\ntitle: " + "[" * 5000 + "\n---\n\n1. *Agrees* to adjourn.\n")
    refused(run("check", path), 1, f"{path}:2:1:", "nested too deeply")
    refused(run("history", path, path), 2, f"{path}:2:1:")


def test_a_word_file_nesting_elements_thousands_deep(tmp_path):
    source = tmp_path / "plain.docx"
    WordDocument().save(source)
    path = tmp_path / "nested.docx"
    with zipfile.ZipFile(source) as real, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in real.namelist():
            data = real.read(name)
            if name == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:sdt><w:sdtContent>" * 5000 + b"<w:p/>"
                                    + b"</w:sdtContent></w:sdt>" * 5000, 1)
            out.writestr(name, data)
    refused(run("import", path, "-o", tmp_path / "nested.md"), 2, f"{path}:", "more than 256 deep")
    assert not (tmp_path / "nested.md").exists()


@pytest.mark.parametrize("number", ["MC-4/\x0111", " ", "MC-4/\n11"])
def test_clean_refuses_a_number_that_is_not_a_line_of_text(tmp_path, good, number):
    out = tmp_path / "final.md"
    refused(run("clean", good, "-o", out, "--number", number), 2, "--number")
    assert not out.exists()


@pytest.mark.parametrize("name, data, fragment", [
    ("old.doc", bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600), "save it as .docx"),
    ("renamed.md", b"PK\x03\x04" + bytes(100), "name it .docx"),
    ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
    ("export.txt", b"PK\x03\x04" + bytes(100), "name it .docx"),
])
def test_a_known_binary_format_is_named(tmp_path, name, data, fragment):
    path = write(tmp_path, name, data)
    refused(run("check", path), 2, f"{path}:", fragment)


def test_clean_never_drops_words_before_a_stray_closing_bracket(tmp_path):
    path = write(tmp_path, "stray.md", STRAY_CLOSE)
    out = tmp_path / "final.md"
    for mode in ((), ("--drop-bracketed",)):
        refused(run("clean", path, "-o", out, *mode), 1, f"{path}:8:", "CW102", "closes no bracket")
        assert not out.exists()
    refused(run("clean", path, "-o", out, "--accept-bracketed"), 0)
    assert "1. *Agrees* to keep the matter under review;" in out.read_text(encoding="utf-8")
