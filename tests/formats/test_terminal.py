"""The terminal report: summary line first, changed clauses with old → new labels, colour or markers."""

from __future__ import annotations

import io

from rich.console import Console

from clausewise.compare import compare
from clausewise.formats import terminal
from tests.compare.helpers import R1, R2


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
