"""A comparison of two rounds for the terminal: a summary line, then each changed clause.

Coloured when the console is a terminal (deleted text red and struck through, inserted text green
and underlined); plain otherwise, with git's word-diff markers ``{-deleted-}`` and
``{+inserted+}`` (braces, because square brackets are the negotiators' own).
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text as RichText

from clausewise.compare.result import Change, Comparison, SubparagraphChange
from clausewise.formats._comparison import (
    describe, event_line, footnote_label, heading_changes, heading_where, labels,
    round_names, sections, shown,
)
from clausewise.model import Bracket, Comment, Delete, Emph, FootnoteRef, Insert, Note, Text

__all__ = ["write_comparison", "render_inlines"]

STYLES = {"-": "red strike", "+": "green underline", "=": ""}
INDENT = "    "
MARKERS = {"-": ("{-", "-}"), "+": ("{+", "+}"), "=": ("", "")}


def render_inlines(inlines: tuple, colour: bool, out: RichText | None = None,
                   op: str = "=", emph: bool = False) -> RichText:
    """Model inlines (with Insert/Delete) as rich Text: styles when ``colour``, markers otherwise."""
    out = out if out is not None else RichText()
    for node in inlines:
        if isinstance(node, (Insert, Delete)):
            inner = "+" if isinstance(node, Insert) else "-"
            if colour:
                render_inlines(node.children, colour, out, inner, emph)
            else:
                out.append(MARKERS[inner][0])
                render_inlines(node.children, colour, out, inner, emph)
                out.append(MARKERS[inner][1])
        elif isinstance(node, Text):
            _piece(out, node.text, op, emph, colour)
        elif isinstance(node, Emph):
            render_inlines(node.children, colour, out, op, True)
        elif isinstance(node, Bracket):
            if node.opens:
                _piece(out, "[", op, emph, colour, bracket=True)
            render_inlines(node.children, colour, out, op, emph)
            if node.closes:
                _piece(out, "]", op, emph, colour, bracket=True)
        elif isinstance(node, Note):
            _piece(out, "{", op, True, colour)
            render_inlines(node.children, colour, out, op, True)
            _piece(out, "}", op, True, colour)
        elif isinstance(node, FootnoteRef):
            _piece(out, f"^{node.key}", op, False, colour)
        elif isinstance(node, Comment):
            pass
    return out


def _piece(out: RichText, text: str, op: str, emph: bool, colour: bool, bracket: bool = False) -> None:
    text = text.replace("\n", "\n" + INDENT)  # split and merged clauses span several lines
    if not colour:
        out.append(text)
        return
    style = " ".join(s for s in (STYLES[op], "italic" if emph else "", "bold" if bracket else "") if s)
    out.append(text, style=style or None)


def _heading(change: Change, colour: bool) -> RichText:
    head = RichText()
    head.append(labels(change), style="bold" if colour else None)
    head.append("  ")
    head.append(describe(change), style="cyan" if colour else None)
    if change.similarity < 1.0 and change.kind in ("modified", "split", "merged"):
        head.append(f"  ({change.similarity:.0%} alike)", style="dim" if colour else None)
    return head


def _sub_line(sub: SubparagraphChange, colour: bool) -> RichText:
    ref = (sub.new or sub.old)[0]
    line = RichText("    " + "   " * (ref.depth - 1))
    if sub.relabelled and sub.old and sub.new:
        line.append(f"({sub.old[0].label}) → ", style="dim" if colour else None)
    line.append(f"({ref.label}) ")
    render_inlines(sub.inline, colour, line)
    return line


def write_comparison(comparison: Comparison, console: Console, show_all: bool = False) -> None:
    """Print the comparison: a summary line, then each changed clause (all with ``show_all``)."""
    colour = console.is_terminal and not console.no_color
    old_name, new_name = round_names(comparison)
    summary = RichText()
    summary.append(f"{old_name} → {new_name}: ", style="bold" if colour else None)
    summary.append(comparison.summary.line() if not comparison.identical else "identical")
    console.print(summary, soft_wrap=not colour)
    for heading, changes in sections(comparison):
        listed = [c for c in changes if shown(c, show_all)]
        if not listed:
            continue
        if heading:
            console.print()
            console.print(RichText(heading, style="bold underline" if colour else None), soft_wrap=not colour)
        for change in listed:
            console.print()
            console.print(_heading(change, colour), soft_wrap=not colour)
            body = RichText(INDENT)
            render_inlines(change.inline, colour, body)
            console.print(body, soft_wrap=not colour)
            for sub in change.subparagraphs:
                if show_all or sub.kind != "unchanged" or sub.moved:
                    console.print(_sub_line(sub, colour), soft_wrap=not colour)
            for event in change.bracket_events:
                console.print(RichText("    " + event_line(event), style="magenta" if colour else None),
                              soft_wrap=not colour)
    headings = heading_changes(comparison, show_all)
    if headings:
        console.print()
        console.print(RichText("Headings and option labels", style="bold underline" if colour else None),
                      soft_wrap=not colour)
        for change in headings:
            line = _heading(change, colour)
            line.append(heading_where(comparison, change))
            console.print(line, soft_wrap=not colour)
            if change.inline:
                console.print(render_inlines(change.inline, colour, RichText(INDENT)), soft_wrap=not colour)
            for event in change.bracket_events:
                console.print(RichText("    " + event_line(event), style="magenta" if colour else None),
                              soft_wrap=not colour)
    notes = [f for f in comparison.footnotes if show_all or f.notable]
    if notes:
        console.print()
        console.print(RichText("Footnotes", style="bold underline" if colour else None), soft_wrap=not colour)
        for note in notes:
            line = RichText()
            line.append(f"footnote {footnote_label(note)}  ", style="bold" if colour else None)
            line.append(f"{note.kind}  ", style="cyan" if colour else None)
            render_inlines(note.inline, colour, line)
            console.print(line, soft_wrap=not colour)
