"""A comparison of two rounds as table-free Markdown, for pasting into an issue or an e-mail.

Insertions are **bold** and deletions ~~struck out~~ (the UN's own convention for printed
changes); negotiation brackets are escaped (``\\[``) so Markdown does not read them as links.
Unchanged clauses (also those only renumbered) are left out; a line of counts opens the
document.
"""

from __future__ import annotations

import re

from clausewise.compare.result import Change, Comparison, SubparagraphChange
from clausewise.formats._comparison import (
    describe, event_line, footnote_label, heading_changes, heading_where, labels,
    round_names, sections, shown,
)
from clausewise.model import Bracket, Comment, Delete, Emph, FootnoteRef, Insert, Note, Text

__all__ = ["write_comparison", "render_inlines"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MARKS = {"+": "**", "-": "~~"}


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _pieces(inlines: tuple, op: str, emph: bool, out: list[tuple[str, bool, str]]) -> None:
    """Flatten inlines into (op, emphasised, markdown-escaped text) pieces."""
    for node in inlines:
        if isinstance(node, Text):
            out.append((op, emph, _escape(node.text)))
        elif isinstance(node, Emph):
            _pieces(node.children, op, True, out)
        elif isinstance(node, Insert):
            _pieces(node.children, "+", emph, out)
        elif isinstance(node, Delete):
            _pieces(node.children, "-", emph, out)
        elif isinstance(node, Bracket):
            if node.opens:
                out.append((op, False, "\\["))
            _pieces(node.children, op, emph, out)
            if node.closes:
                out.append((op, False, "\\]"))
        elif isinstance(node, Note):
            out.append((op, False, "{"))
            _pieces(node.children, op, True, out)
            out.append((op, False, "}"))
        elif isinstance(node, FootnoteRef):
            out.append((op, False, f"<sup>{_escape(node.key)}</sup>"))
        elif isinstance(node, Comment):
            pass


def _wrap(text: str, mark: str) -> str:
    """``mark`` around ``text`` with its outer spaces kept outside (Markdown needs that)."""
    core = text.strip()
    if not core or not mark:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def render_inlines(inlines: tuple) -> str:
    """Model inlines (with Insert/Delete) as Markdown (several lines for a split or merge)."""
    pieces: list[tuple[str, bool, str]] = []
    _pieces(inlines, "=", False, pieces)
    runs: list[list] = []
    for op, emph, text in pieces:       # merge neighbours with the same op and emphasis
        if runs and runs[-1][0] == op and runs[-1][1] == emph:
            runs[-1][2] += text
        else:
            runs.append([op, emph, text])
    out = []
    groups: list[list] = []             # then group by op, emphasis inside
    for op, emph, text in runs:
        if groups and groups[-1][0] == op:
            groups[-1][1].append((emph, text))
        else:
            groups.append([op, [(emph, text)]])
    for op, parts in groups:
        inner = "".join(_wrap(text, "_") if emph else text for emph, text in parts)
        # marks cannot span lines: wrap each line of a split or merged clause on its own
        out.append("\n".join(_wrap(line, _MARKS.get(op, "")) for line in inner.split("\n")))
    return "".join(out)


def _sub(sub: SubparagraphChange) -> str:
    ref = (sub.new or sub.old)[0]
    indent = "  " * (ref.depth - 1)
    label = f"({ref.label})"
    if sub.relabelled and sub.old and sub.new:
        label = f"~~({sub.old[0].label})~~ **({ref.label})**"
    elif sub.kind == "inserted":
        label = f"**({ref.label})**"
    elif sub.kind == "deleted":
        label = f"~~({ref.label})~~"
    return f"{indent}- {label} {render_inlines(sub.inline).replace(chr(10), ' ')}"


def _change(change: Change) -> list[str]:
    lines = [f"**{_escape(labels(change))}** — {describe(change)}", ""]
    body = render_inlines(change.inline)
    if body.strip():
        lines.extend(f"> {line.strip()}".rstrip() for line in body.split("\n"))
    subs = [_sub(s) for s in change.subparagraphs if s.kind != "unchanged" or s.moved]
    if subs:
        lines.append(">")
        lines.extend(f"> {line}" for line in subs)
    for event in change.bracket_events:
        lines.append(f">\n> *{_first_upper(_escape(event_line(event)))}*")
    lines.append("")
    return lines


def write_comparison(comparison: Comparison) -> str:
    """The comparison as Markdown: title, counts, then each changed clause in the new order."""
    old, new = round_names(comparison)
    lines = [f"# Changes from {_escape(old)} to {_escape(new)}", ""]
    if comparison.identical:
        lines += ["The rounds are identical.", ""]
        return "\n".join(lines)
    # (footnote changes are listed at the end)
    lines += [f"**Summary:** {_escape(comparison.summary.line())}", "",
              "Insertions are **bold**, deletions ~~struck out~~.", ""]
    for heading, changes in sections(comparison):
        listed = [c for c in changes if shown(c)]
        if not listed:
            continue
        if heading:
            lines += [f"## {_escape(heading)}", ""]
        for change in listed:
            lines.extend(_change(change))
    headings = heading_changes(comparison)
    if headings:
        lines += ["## Headings and option labels", ""]
        for change in headings:
            body = render_inlines(change.inline).replace("\n", " ")
            lines.append(f"- **{_escape(labels(change))}** — {describe(change)}{_escape(heading_where(comparison, change))}"
                         + (f": {body}" if body.strip() else ""))
            lines.extend(f"  - *{_first_upper(_escape(event_line(e)))}*" for e in change.bracket_events)
        lines.append("")
    notes = [f for f in comparison.footnotes if f.notable]
    if notes:
        lines += ["## Footnotes", ""]
        for note in notes:
            lines += [f"- **{_escape(footnote_label(note))}** — {note.kind}: {render_inlines(note.inline)}"]
        lines.append("")
    return "\n".join(lines)
