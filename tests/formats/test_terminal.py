"""The terminal report: summary line first, changed clauses with old → new labels, colour or markers."""

from __future__ import annotations

import io

from rich.console import Console

from clausewise.compare import compare
from clausewise.formats import terminal
from tests.compare.builders import R1, R2


def printed(old=R1, new=R2, *, colour=False, show_all=False) -> str:
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=colour, color_system="standard" if colour else None)
    terminal.write_comparison(compare(old, new), console, show_all=show_all)
    return out.getvalue()


def test_plain_output_has_a_summary_line_then_each_changed_clause_with_markers():
    text = printed()
    lines = text.splitlines()
    assert lines[0] == "r1 → r2: 1 modified, 1 inserted, 1 deleted, 1 moved, 4 renumbered, 6 unchanged, 2 brackets contested"
    assert "\x1b[" not in text
    assert "1 → 2  modified, renumbered" in text
    assert "to {+[+}prepare{+][compile]+} a synthesis" in text
    assert "{-Convention-}{+Paris Agreement+}" in text
    assert "5 → 1  unchanged, moved, renumbered" in text
    assert "+ 4  inserted" in text and "3 −  deleted" in text


def test_clauses_only_renumbered_are_left_out_unless_all_are_asked_for():
    assert "2 → 3" not in printed()
    everything = printed(show_all=True)
    assert "2 → 3  unchanged, renumbered" in everything
    assert "6  unchanged" in everything


def test_colour_on_a_terminal_and_no_markers():
    text = printed(colour=True)
    assert "\x1b[" in text
    assert "{+" not in text and "{-" not in text
    assert "\x1b[9" in text or ";9m" in text  # strike-through for deletions


def test_identical_rounds_print_one_line():
    assert printed(R1, R1).strip() == "r1 → r1: identical"


def test_bracket_events_are_listed_under_their_clause():
    assert "brackets contested" in printed()


def test_the_documented_example_is_what_the_command_prints(tmp_path):
    import re

    from clausewise.formats import load
    from tests.conftest import REPO

    doc = (REPO / "docs" / "diff.md").read_text(encoding="utf-8")
    drafts = re.findall(r"<summary>(r\d\.md)</summary>\n\n```\n(.*?)```", doc, re.S)
    assert [name for name, _ in drafts] == ["r1.md", "r2.md"]
    for name, text in drafts:
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = io.StringIO()
    result = compare(load(tmp_path / "r1.md"), load(tmp_path / "r2.md"))
    terminal.write_comparison(result, Console(file=out, width=200))
    printed = out.getvalue().splitlines()
    shown = re.search(r"```console\n\$ [^\n]*\n(.*?)```", doc, re.S).group(1).splitlines()
    assert shown[0] == printed[0]
    body = [line for line in printed if line.strip()]
    for line in shown[1:]:
        if line.strip():
            assert line in body, line
