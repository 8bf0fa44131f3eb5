"""A comparison of two rounds as JSON: the stable contract for other programs (see docs/diff.md).

``write_comparison(cmp)`` returns::

    {"format": "clausewise-diff", "version": 1,
     "old": {"round": str|null, "language": str}, "new": {...},
     "identical": bool,
     "summary": {"unchanged", "modified", "moved", "renumbered", "inserted", "deleted", "split",
                 "merged", "part_changed", "punctuation_only", "footnotes": int,
                 "brackets": {kind: int}},
     "changes": [{"kind": "unchanged|modified|inserted|deleted|split|merged",
                  "moved": bool, "renumbered": bool,
                  "old": [{"part": "preamble|operative", "index": int, "label": str|null}],
                  "new": [...],
                  "inline": [["=|-|+", text], ...],
                  "part_changed": bool, "punctuation_only": bool,
                  "label_changed_explicitly": bool, "decision": int|null,
                  "subparagraphs": [{"kind", "moved", "relabelled",
                                     "old": [{"depth", "index", "label"}], "new": [...]}],
                  "bracket_events": [{"kind", "text", ...}]}],
     "footnotes": [{"kind", "old_key": str|null, "new_key": str|null, "decision": int|null,
                    "inline": [["=|-|+", text], ...]}],
     "headings": [{...as in changes, with "part": "heading"}]}

``changes`` lists every clause in the new round's order, deletions where they stood. ``index``
is the 0-based position of the clause within its part ("narrative" for paragraphs outside any
decision) in that round; joining the "=" and "-" texts of ``inline`` gives the old clause text,
"=" and "+" the new one (``compare.result.clause_text``). ``footnotes`` aligns the footnotes of
both rounds by their text (document footnotes first, then each decision's). ``headings`` aligns
the headings and option labels the same way (part "heading": ``index`` among the decision's
headings and option labels, ``label`` the option label or null); they are not in ``changes``. ``version`` changes only when a field
changes meaning or disappears; new fields may be added within a version.
"""

from __future__ import annotations

import json

from clausewise.compare.result import Change, ClauseRef, Comparison, SubparagraphRef, footnote_pairs
from clausewise.formats._comparison import PART_NAMES, event_json

__all__ = ["write_comparison", "comparison_dict", "FORMAT", "VERSION"]

FORMAT = "clausewise-diff"
VERSION = 1


def _ref(ref: ClauseRef) -> dict:
    return {"part": PART_NAMES.get(ref.part, ref.part), "index": ref.index, "label": ref.label}


def _sub_ref(ref: SubparagraphRef) -> dict:
    return {"depth": ref.depth, "index": ref.index, "label": ref.label}


def _change(change: Change) -> dict:
    return {
        "kind": change.kind,
        "moved": change.moved,
        "renumbered": change.renumbered,
        "old": [_ref(r) for r in change.old],
        "new": [_ref(r) for r in change.new],
        "inline": change.inline_pairs(),
        "part_changed": change.part_changed,
        "punctuation_only": change.punctuation_only,
        "label_changed_explicitly": change.label_changed_explicitly,
        "decision": change.decision,
        "subparagraphs": [
            {"kind": s.kind, "moved": s.moved, "relabelled": s.relabelled,
             "old": [_sub_ref(r) for r in s.old], "new": [_sub_ref(r) for r in s.new]}
            for s in change.subparagraphs],
        "bracket_events": [event_json(e) for e in change.bracket_events],
    }


def comparison_dict(comparison: Comparison) -> dict:
    """The comparison as JSON-ready data (see the module docstring)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "old": {"round": comparison.old.meta.round, "language": comparison.old.meta.language},
        "new": {"round": comparison.new.meta.round, "language": comparison.new.meta.language},
        "identical": comparison.identical,
        "summary": comparison.summary.as_dict(),
        "changes": [_change(c) for c in comparison.changes],
        "footnotes": [
            {"kind": f.kind, "old_key": f.old_key, "new_key": f.new_key, "decision": f.decision,
             "inline": footnote_pairs(f)}
            for f in comparison.footnotes],
        "headings": [_change(h) for h in comparison.headings],
    }


#: json's C encoder (used only without ``indent``); one change, footnote or heading per line
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def write_comparison(comparison: Comparison) -> str:
    """The comparison as a JSON document (UTF-8 text, one change per line, ending in a newline)."""
    data = comparison_dict(comparison)
    lines = ["{"]
    last = len(data) - 1
    for n, (key, value) in enumerate(data.items()):
        comma = "," if n < last else ""
        if isinstance(value, list) and value:
            lines.append(f" {_ENCODE(key)}: [")
            lines.append(",\n".join("  " + _ENCODE(item) for item in value))
            lines.append(f" ]{comma}")
        else:
            lines.append(f" {_ENCODE(key)}: {_ENCODE(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
