"""A comparison of two rounds as one self-contained HTML page (no network, no external assets).

The page opens with the summary, then shows the new round with insertions and deletions marked
inline (deleted clauses where they stood, a moved clause linked to where it came from and a
quiet marker left at its old place, a renumbered clause's old number in grey beside the new one),
then a side-by-side view: the old round's text of each change on the left, the new on the right.
No script: everything is HTML and CSS, so the page works wherever it is opened.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from clausewise.compare.result import (
    HEADING, Change, ClauseRef, Comparison, SubparagraphChange, event_phrase,
)
from clausewise.formats._comparison import (
    describe, event_kind, event_line, footnote_label, heading_changes, labels, ref_name,
    round_names, sections, shown,
)
from clausewise.model import (
    PREAMBULAR, Bracket, Comment, Delete, Emph, FootnoteRef, Insert, Note, Text,
)

__all__ = ["write_comparison", "render_inlines"]

CSS = """
:root { --ins: #0a6b2c; --ins-bg: #e3f6e8; --del: #a4161a; --del-bg: #fde8e8; --quiet: #777;
        --line: #d8d8d8; --accent: #1f4e9c; }
* { box-sizing: border-box; }
body { font: 16px/1.5 "Times New Roman", Times, serif; margin: 0; color: #111; background: #fff; }
header { padding: 1.2rem 2rem .8rem; border-bottom: 1px solid var(--line); background: #f6f7f9; }
header h1 { font: 600 1.35rem/1.3 system-ui, sans-serif; margin: 0 0 .3rem; }
header p { margin: .2rem 0; font: .95rem system-ui, sans-serif; color: #333; }
ul.summary { list-style: none; padding: 0; margin: .6rem 0 .2rem; display: flex; flex-wrap: wrap; gap: .4rem; }
ul.summary li { font: .9rem system-ui, sans-serif; padding: .15rem .6rem; border-radius: 1rem;
                background: #fff; border: 1px solid var(--line); }
ul.summary li b { font-weight: 700; }
ul.summary li.modified, ul.summary li.split, ul.summary li.merged { border-color: #c9a227; }
ul.summary li.inserted { border-color: var(--ins); color: var(--ins); }
ul.summary li.deleted { border-color: var(--del); color: var(--del); }
ul.summary li.moved { border-color: var(--accent); color: var(--accent); }
ul.summary li.quiet { color: var(--quiet); }
nav { font: .9rem system-ui, sans-serif; margin-top: .4rem; }
nav a { color: var(--accent); margin-right: 1rem; }
main { padding: .5rem 2rem 3rem; max-width: 62rem; }
h2 { font: 600 1.1rem system-ui, sans-serif; margin: 1.6rem 0 .6rem; border-bottom: 1px solid var(--line); }
h3 { font: 600 1rem system-ui, sans-serif; margin: 1.2rem 0 .4rem; }
.clause { display: grid; grid-template-columns: 4.5rem 1fr; gap: 0 .6rem; padding: .35rem .4rem;
          border-left: 3px solid transparent; margin: .15rem 0; }
.clause.modified, .clause.split, .clause.merged { border-left-color: #c9a227; }
.clause.inserted { border-left-color: var(--ins); }
.clause.deleted { border-left-color: var(--del); }
.clause.moved { border-left-color: var(--accent); }
.clause.unchanged .text { color: #333; }
.num { text-align: right; font-weight: 600; white-space: nowrap; }
.num .was { display: block; font-weight: 400; font-size: .75rem; color: var(--quiet); }
.text p { margin: 0; }
.tag { font: .75rem system-ui, sans-serif; color: var(--quiet); margin-left: .4rem; }
.tag a { color: var(--accent); }
.events { font: .8rem system-ui, sans-serif; margin: .2rem 0 0; padding: 0; list-style: none; }
.events li { display: inline-block; margin-right: .4rem; padding: 0 .4rem; border-radius: .3rem;
             background: #f1ecf9; color: #5a2d91; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; }
.br { font-weight: 700; color: #8a5a00; }
.note { font-style: italic; color: #555; }
sup.fn { color: var(--accent); }
ul.subs { list-style: none; margin: .2rem 0 0; padding-left: 1.5rem; }
ul.subs li { margin: .1rem 0; }
ul.subs li.d2 { padding-left: 1.5rem; }
ul.subs li.d3 { padding-left: 3rem; }
.sublabel .was { color: var(--quiet); font-size: .75rem; margin-right: .2rem; }
.moved-away { font: .8rem system-ui, sans-serif; color: var(--quiet); padding: .1rem 0 .1rem 5.5rem; }
.moved-away a { color: var(--accent); }
table.sbs { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.sbs th { font: 600 .9rem system-ui, sans-serif; text-align: left; padding: .3rem .5rem;
               border-bottom: 2px solid var(--line); }
table.sbs td { vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
table.sbs td.lab { width: 7rem; font: .85rem system-ui, sans-serif; color: #333; }
table.sbs col.lab { width: 8rem; }
:target { background: #fff7d6; }
.identical { font: 1rem system-ui, sans-serif; padding: 1rem 0; }
ul.notes { padding-left: 1.2rem; }
ul.notes li { margin: .2rem 0; }
"""


def render_inlines(inlines: tuple, side: str = "both") -> str:
    """Model inlines with Insert/Delete as HTML; ``side`` "old" or "new" keeps only that round's text."""
    out: list[str] = []
    _render(inlines, side, out)
    return "".join(out)


def _render(inlines: tuple, side: str, out: list[str]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            out.append(escape(node.text).replace("\n", "<br>"))
        elif isinstance(node, Emph):
            out.append("<em>")
            _render(node.children, side, out)
            out.append("</em>")
        elif isinstance(node, Insert):
            if side != "old":
                out.append("<ins>")
                _render(node.children, side, out)
                out.append("</ins>")
        elif isinstance(node, Delete):
            if side != "new":
                out.append("<del>")
                _render(node.children, side, out)
                out.append("</del>")
        elif isinstance(node, Bracket):
            if node.opens:
                out.append('<span class="br">[</span>')
            _render(node.children, side, out)
            if node.closes:
                out.append('<span class="br">]</span>')
        elif isinstance(node, Note):
            out.append('<span class="note">{')
            _render(node.children, side, out)
            out.append("}</span>")
        elif isinstance(node, FootnoteRef):
            out.append(f'<sup class="fn">{escape(node.key)}</sup>')
        elif isinstance(node, Comment):
            title = escape(f"{node.author}: {node.text}" if node.author else node.text, quote=True)
            out.append(f'<span class="note" title="{title}">&#128172;</span>')


def _anchor(prefix: str, ref: ClauseRef) -> str:
    part = {"preambular": "pp", "operative": "op", "heading": "hd"}.get(ref.part, "np")
    return f"{prefix}-{ref.decision if ref.decision is not None else 'n'}-{part}-{ref.index}"


def _number(change: Change) -> str:
    if not change.new:
        old = " + ".join(_display(r) for r in change.old)
        return f'<div class="num"><span class="was" title="number in the old round">was {escape(old)}</span></div>'
    refs = change.new
    shown = " + ".join(escape(_display(r)) for r in refs)
    was = ""
    if change.new and change.old and (change.renumbered or change.part_changed
                                      or change.kind in ("split", "merged")):
        old = " + ".join(_display(r) for r in change.old)
        new = " + ".join(_display(r) for r in change.new)
        if old != new:
            was = f'<span class="was" title="number in the old round">was {escape(old)}</span>'
    return f'<div class="num">{shown}{was}</div>'


def _display(ref: ClauseRef) -> str:
    if ref.part == PREAMBULAR:
        return f"pp{ref.index + 1}"
    if ref.part == HEADING:
        return ref_name(ref)
    return f"{ref.label}." if ref.label else ref_name(ref)


def _subs(subs: tuple[SubparagraphChange, ...], side: str = "both") -> str:
    items = []
    for sub in subs:
        if side == "old" and not sub.old or side == "new" and not sub.new:
            continue
        ref = (sub.old if side == "old" else sub.new or sub.old)[0]
        label = f"({escape(ref.label)})"
        if side == "both" and sub.relabelled and sub.old and sub.new:
            label = f'<span class="was">({escape(sub.old[0].label)})</span>{label}'
        body = render_inlines(sub.inline, side)
        if side == "both" and sub.kind == "inserted":
            label = f"<ins>{label}</ins>"
        elif side == "both" and sub.kind == "deleted":
            label = f"<del>{label}</del>"
        items.append(f'<li class="d{min(ref.depth, 3)}"><span class="sublabel">{label}</span> {body}</li>')
    return f'<ul class="subs">{"".join(items)}</ul>' if items else ""


def _clause(change: Change, side_by_side: bool = True) -> str:
    classes = ["clause", change.kind] + (["moved"] if change.moved else [])
    ident = f' id="{_anchor("n", change.new[0])}"' if change.new else f' id="{_anchor("d", change.old[0])}"'
    tags = [escape(describe(change))] if change.notable else []
    if change.moved and change.old and side_by_side:
        tags.append(f'<a href="#{_anchor("m", change.old[0])}">where it stood</a>')
    if change.notable and change.old and side_by_side:
        tags.append(f'<a href="#{_anchor("o", change.old[0])}">side by side</a>')
    tag = f'<span class="tag">{" · ".join(tags)}</span>' if tags else ""
    events = ""
    if change.bracket_events:
        items = "".join(f'<li class="{escape(event_kind(e))}">{escape(event_line(e))}</li>'
                        for e in change.bracket_events)
        events = f'<ul class="events">{items}</ul>'
    body = render_inlines(change.inline)
    return (f'<div class="{" ".join(classes)}"{ident}>{_number(change)}<div class="text">'
            f"<p>{body}{tag}</p>{_subs(change.subparagraphs)}{events}</div></div>")


def _moved_markers(changes: list[Change]) -> dict[int, list[Change]]:
    """Where each moved clause stood: the position in ``changes`` after which to mark it."""
    order: list[tuple[int, int, Change]] = []   # (old part rank, old index) of paired clauses
    for k, c in enumerate(changes):
        if c.old:
            order.append((k, _old_key(c.old[0]), c))
    placed: dict[int, list[Change]] = {}
    for _k, key, change in order:
        if not change.moved:
            continue
        before = [(kk, c) for kk, kkey, c in order if kkey < key and not c.moved]
        at = max(before, key=lambda item: _old_key(item[1].old[0]))[0] if before else -1
        placed.setdefault(at, []).append(change)
    return placed


def _old_key(ref: ClauseRef) -> tuple:
    return (0 if ref.part == PREAMBULAR else 1, ref.index)


def _marker(change: Change) -> str:
    old = change.old[0]
    target = _anchor("n", change.new[0]) if change.new else ""
    return (f'<div class="moved-away" id="{_anchor("m", old)}">{escape(_display(old))} moved from here '
            f'to <a href="#{target}">{escape(" + ".join(_display(r) for r in change.new))}</a></div>')


def _summary(comparison: Comparison) -> str:
    s = comparison.summary
    items = []
    for name, label in (("modified", "modified"), ("inserted", "inserted"), ("deleted", "deleted"),
                        ("moved", "moved"), ("split", "split"), ("merged", "merged"),
                        ("part_changed", "moved between parts"),
                        ("punctuation_only", "end punctuation only"),
                        ("renumbered", "renumbered"), ("unchanged", "unchanged"),
                        ("footnotes", "footnotes changed"), ("headings", "headings changed")):
        count = getattr(s, name)
        if count:
            quiet = " quiet" if name in ("renumbered", "unchanged", "punctuation_only") else ""
            items.append(f'<li class="{name}{quiet}"><b>{count}</b> {label}</li>')
    for kind, count in s.brackets:
        count_, _, words = event_phrase(kind, count).partition(" ")
        items.append(f'<li class="brackets"><b>{count_}</b> {escape(words)}</li>')
    return f'<ul class="summary">{"".join(items)}</ul>'


def _side_by_side(comparison: Comparison) -> str:
    rows = []
    for change in comparison.changes:
        if not shown(change):
            continue
        ident = f' id="{_anchor("o", change.old[0])}"' if change.old else ""
        old = render_inlines(change.inline, "old") + _subs(change.subparagraphs, "old") if change.old else ""
        new = render_inlines(change.inline, "new") + _subs(change.subparagraphs, "new") if change.new else ""
        rows.append(f'<tr{ident}><td class="lab">{escape(labels(change))}<br>'
                    f'<span class="tag">{escape(describe(change))}</span></td>'
                    f"<td>{old}</td><td>{new}</td></tr>")
    old_name, new_name = round_names(comparison)
    return ('<table class="sbs"><colgroup><col class="lab"><col><col></colgroup>'
            f"<thead><tr><th>clause</th><th>{escape(old_name)}</th><th>{escape(new_name)}</th></tr></thead>"
            f'<tbody>{"".join(rows)}</tbody></table>')


def _rtl(code: str) -> bool:
    """Whether language ``code`` is written right to left (Arabic)."""
    try:
        from clausewise import lang
        return lang.get(code).rtl
    except (KeyError, ValueError):
        return code.split("-")[0].lower() in ("ar", "fa", "he", "ur")


def write_comparison(comparison: Comparison) -> str:
    """The comparison as one self-contained HTML page (see the module docstring)."""
    old_name, new_name = round_names(comparison)
    code = comparison.new.meta.language or "en"
    lang = escape(code, quote=True)
    direction = ' dir="rtl"' if _rtl(code) else ""
    title = f"Changes from {old_name} to {new_name}"
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}"{direction}><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        f"<p>{escape(comparison.summary.line()) if not comparison.identical else 'The rounds are identical.'}</p>",
        _summary(comparison),
        '<nav><a href="#redline">The new round, changes marked</a><a href="#side-by-side">Side by side</a></nav>',
        "</header><main>",
        f'<section id="redline"><h2>{escape(new_name)}, with the changes from {escape(old_name)}</h2>',
    ]
    if comparison.identical:
        parts.append('<p class="identical">No clause changed.</p>')
    for heading, changes in sections(comparison):
        if heading:
            parts.append(f"<h3>{escape(heading)}</h3>")
        markers = _moved_markers(changes)
        parts.extend(_marker(c) for c in markers.get(-1, ()))
        for k, change in enumerate(changes):
            parts.append(_clause(change))
            parts.extend(_marker(c) for c in markers.get(k, ()))
    parts.append("</section>")
    headings = heading_changes(comparison)
    if headings:
        parts.append('<section id="headings"><h2>Headings and option labels</h2>')
        for heading, changes in sections(replace(comparison, changes=tuple(headings))):
            if heading:
                parts.append(f"<h3>{escape(heading)}</h3>")
            parts.extend(_clause(c, side_by_side=False) for c in changes)
        parts.append("</section>")
    notes = [f for f in comparison.footnotes if f.notable]
    if notes:
        items = "".join(f'<li><b>{escape(footnote_label(f))}</b> <span class="tag">{escape(f.kind)}</span> '
                        f"{render_inlines(f.inline)}</li>" for f in notes)
        parts.append(f'<section id="footnotes"><h2>Footnotes</h2><ul class="notes">{items}</ul></section>')
    parts.append(f'<section id="side-by-side"><h2>Side by side</h2>{_side_by_side(comparison)}</section>')
    parts.append("</main></body></html>\n")
    return "".join(parts)
