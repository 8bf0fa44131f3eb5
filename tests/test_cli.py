"""The command line as a user meets it: help, exit codes, messages, outputs written or refused."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clausewise.cli import app
from tests.conftest import DRAFTS

runner = CliRunner()
SEED_DRAFTS = DRAFTS / "mc-4-international-cooperation"

COMMANDS = ["check", "fmt", "summary", "build", "import", "diff", "redline", "brackets", "history", "clean"]

GOOD = """---
language: en
decision: MC-4/[--]
title: International cooperation and coordination
---

*The Conference of the Parties*,

*Recalling* paragraph 5 (b) of Article 23 of the Convention,

1. *Agrees* to keep under review the contribution of the Convention;

2. *Requests* the Secretariat[^1]:

   (a) To collect knowledge;

   (b) To report to the Conference of the Parties at its fifth meeting.

[^1]: UNEP/MC/COP.4/INF/14.
"""


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.md"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_help_lists_every_command_with_one_line():
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert f"  {command} " in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("clausewise ")


def test_check_passes_a_sound_draft(good):
    result = run("check", good)
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_check_reports_an_unclosed_bracket_with_its_position(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(GOOD.replace("1. *Agrees* to keep", "1. *Agrees* [to keep"), encoding="utf-8")
    result = run("check", bad)
    assert result.exit_code == 1
    line = GOOD.splitlines().index("1. *Agrees* to keep under review the contribution of the Convention;") + 1
    column = len("1. *Agrees* ") + 1
    assert f"{bad}:{line}:{column}: error" in result.output


def test_check_cannot_read_non_utf8(tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes("Décide".encode("latin-1"))
    result = run("check", bad)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert str(bad) in result.output


def test_check_missing_file_is_exit_2(tmp_path):
    result = run("check", tmp_path / "nope.md")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_fmt_check_reports_and_fmt_rewrites(tmp_path):
    messy = tmp_path / "messy.md"
    messy.write_text(GOOD.replace("1. *Agrees* to keep under review", "1. *Agrees* to keep\nunder review"), encoding="utf-8")
    before = messy.read_text(encoding="utf-8")
    result = run("fmt", "--check", messy)
    assert result.exit_code == 1
    assert messy.read_text(encoding="utf-8") == before
    result = run("fmt", messy)
    assert result.exit_code == 0
    assert "to keep under review" in messy.read_text(encoding="utf-8")
    assert run("fmt", "--check", messy).exit_code == 0


def test_seed_drafts_pass_check():
    if not SEED_DRAFTS.exists():
        pytest.skip("seed drafts missing")
    result = run("check", SEED_DRAFTS)
    assert result.exit_code == 0, result.output


def test_build_writes_a_docx_and_never_overwrites_the_input(good, tmp_path):
    out = tmp_path / "out.docx"
    result = run("build", good, "-o", out)
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    result = run("build", good, "-o", good)
    assert result.exit_code == 2
    assert good.read_text(encoding="utf-8") == GOOD


def test_build_refuses_a_draft_with_errors_unless_forced(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text(GOOD.replace("\n[^1]: UNEP", "\n[^9]: UNEP"), encoding="utf-8")
    out = tmp_path / "bad.docx"
    result = run("build", bad, "-o", out)
    assert result.exit_code == 1
    assert not out.exists()
    assert run("build", bad, "-o", out, "--force").exit_code == 0
    assert out.exists()


def test_build_unwritable_output_and_bad_reference_doc(good, tmp_path):
    result = run("build", good, "-o", tmp_path / "no" / "such" / "folder" / "x.docx")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    not_docx = tmp_path / "ref.docx"
    not_docx.write_text("plain text", encoding="utf-8")
    result = run("build", good, "-o", tmp_path / "x.docx", "--reference-doc", not_docx)
    assert result.exit_code == 2
    assert not (tmp_path / "x.docx").exists()


def test_diff_of_a_draft_against_itself_is_empty_and_exit_0(good):
    result = run("diff", good, good, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all(change["kind"] == "unchanged" for change in data["changes"])


def test_diff_exit_1_when_rounds_differ_and_json_joins_back(good, tmp_path):
    new = tmp_path / "new.md"
    new.write_text(GOOD.replace("To collect knowledge", "To collect and share knowledge"), encoding="utf-8")
    result = run("diff", good, new, "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["modified"] >= 1


def test_diff_unreadable_side_names_the_file(good, tmp_path):
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = run("diff", good, binary)
    assert result.exit_code == 2
    assert "blob.md" in result.output


def test_redline_needs_output_and_writes_docx(good, tmp_path):
    new = tmp_path / "new.md"
    new.write_text(GOOD.replace("To collect knowledge", "To collect and share knowledge"), encoding="utf-8")
    out = tmp_path / "redline.docx"
    result = run("diff", good, new, "--format", "docx", "-o", out)
    assert result.exit_code == 1, result.output
    assert zipfile.is_zipfile(out)
    with zipfile.ZipFile(out) as z:
        assert b"<w:ins " in z.read("word/document.xml")


def test_clean_refuses_open_brackets_and_lists_them(tmp_path):
    draft = tmp_path / "open.md"
    draft.write_text(GOOD.replace("To collect knowledge", "To [collect][gather] knowledge"), encoding="utf-8")
    out = tmp_path / "final.md"
    result = run("clean", draft, "-o", out)
    assert result.exit_code == 1
    assert "open.md" in result.output
    assert not out.exists()
    result = run("clean", draft, "-o", out, "--accept-bracketed", "--number", "MC-4/11")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "[" not in text.replace("[^", "")
    assert "MC-4/11" in text


def test_brackets_json(tmp_path):
    draft = tmp_path / "b.md"
    draft.write_text(GOOD.replace("To collect knowledge", "To [collect][gather] [[all] relevant] knowledge"),
                     encoding="utf-8")
    result = run("brackets", draft, "--format", "json")
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    assert total["pairs"] == 4
    assert total["max_depth"] == 2


def test_import_of_a_non_docx_is_exit_2(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip at all")
    result = run("import", fake)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_history_of_seed_rounds_json():
    rounds = [SEED_DRAFTS / f"r{i}.md" for i in (1, 2, 3)]
    if not all(p.exists() for p in rounds):
        pytest.skip("seed rounds missing")
    result = run("history", *rounds, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["rounds"]) == 3


def test_a_report_given_as_a_round_is_refused(tmp_path, good):
    report = tmp_path / "report.json"
    report.write_text('{"summary": {}}', encoding="utf-8")
    result = run("check", report)
    assert result.exit_code == 2
    assert "report.json" in result.output and "not a draft" in result.output


def test_redline_author_with_a_control_character_is_a_usage_error(good, tmp_path):
    result = run("redline", good, good, "-o", tmp_path / "r.docx", "--author", "x\x01y")
    assert result.exit_code == 2
    assert "--author" in result.output
    assert not (tmp_path / "r.docx").exists()


def test_a_long_output_name_is_written(good, tmp_path):
    out = tmp_path / ("n" * 240 + ".docx")
    result = run("build", good, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_clean_with_both_bracket_modes_is_a_usage_error(good, tmp_path):
    result = run("clean", good, "-o", tmp_path / "f.md", "--accept-bracketed", "--drop-bracketed")
    assert result.exit_code == 2
    assert "internal error" not in result.output


def test_check_of_a_folder_looks_into_its_subfolders(tmp_path):
    (tmp_path / "decision-a").mkdir()
    (tmp_path / "decision-a" / "r1.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "decision-b").mkdir()
    (tmp_path / "decision-b" / "r1.md").write_text(GOOD.replace("1. *Agrees* to", "1. *Agrees* [to"), encoding="utf-8")
    result = run("check", tmp_path)
    assert result.exit_code == 1
    assert "2 file(s) checked" in result.output
    assert "decision-b" in result.output and "CW101" in result.output


def test_a_finding_on_line_1234_keeps_its_position(tmp_path):
    """rich reads ":1234:" as an emoji code; a finding must print "FILE:1234:COL" as it is."""
    before = GOOD.splitlines().index("1. *Agrees* to keep under review the contribution of the Convention;")
    lines = GOOD.replace("1. *Agrees* to keep", "\n" * (1233 - before) + "1. *Agrees* [to keep")
    bad = tmp_path / "long.md"
    bad.write_text(lines, encoding="utf-8")
    result = run("check", bad)
    assert result.exit_code == 1
    line = lines.splitlines().index("1. *Agrees* [to keep under review the contribution of the Convention;") + 1
    assert line == 1234
    assert f"{bad}:1234:" in result.output
