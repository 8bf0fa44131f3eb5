"""What every comparison report says the same way: clause names, change descriptions, sections.

Private to the comparison writers (json, html, terminal, markdown).
"""

from __future__ import annotations

from typing import Iterator

from clausewise.compare.result import HEADING, NARRATIVE, Change, ClauseRef, Comparison, FootnoteChange
from clausewise.model import PREAMBULAR, plain_text

#: the JSON / display name of each part
PART_NAMES = {PREAMBULAR: "preamble", "operative": "operative", NARRATIVE: "narrative", HEADING: "heading"}


def ref_name(ref: ClauseRef) -> str:
    """How a report names a clause: "5" (operative label), "pp 3" (preambular), "¶ 2" (narrative),
    "Option 2" (option label), "heading 3" (heading)."""
    if ref.part == PREAMBULAR:
        return f"pp {ref.index + 1}"
    if ref.part == NARRATIVE:
        return f"¶ {ref.label or ref.index + 1}"
    if ref.part == HEADING:
        return ref.label or f"heading {ref.index + 1}"
    return ref.label or f"op {ref.index + 1}"


def refs_name(refs: tuple[ClauseRef, ...]) -> str:
    """Several clauses named together: "5", "5 + 6"."""
    return " + ".join(ref_name(r) for r in refs)


def labels(change: Change) -> str:
    """Old → new names of a change: "5 → 6", "+ 7" (inserted), "4 −" (deleted), "3 → 3 + 4"."""
    if not change.old:
        return f"+ {refs_name(change.new)}"
    if not change.new:
        return f"{refs_name(change.old)} −"
    old, new = refs_name(change.old), refs_name(change.new)
    if all(r.part == HEADING and r.label is None for r in change.old + change.new):
        return new      # a heading's place among the headings is no number of its own
    return new if old == new else f"{old} → {new}"


def describe(change: Change) -> str:
    """The change in words: "modified, moved, renumbered", "end punctuation only"."""
    words = []
    if change.kind == "modified" and change.punctuation_only:
        words.append("end punctuation only")
    elif change.kind == "split":
        words.append(f"split into {len(change.new)}")
    elif change.kind == "merged":
        words.append(f"merged from {len(change.old)}")
    else:
        words.append(change.kind)
    if change.moved:
        words.append("moved")
    if change.part_changed:
        old, new = PART_NAMES[change.old[0].part], PART_NAMES[change.new[0].part]
        words.append(f"moved from {old} to {new}")
    if change.renumbered:
        words.append("renumbered by the draft" if change.label_changed_explicitly else "renumbered")
    return ", ".join(words)


def shown(change: Change, show_all: bool = False) -> bool:
    """Whether a report lists the change: notable, or carrying bracket or option events, or ``show_all``."""
    return show_all or change.notable or bool(change.bracket_events)


def event_kind(event) -> str:
    """The kind of a bracket event ("agreed", "dropped", …)."""
    kind = getattr(event, "kind", None)
    if isinstance(kind, str):
        return kind
    if isinstance(event, dict):
        return str(event.get("kind", "event"))
    return str(event)


def event_json(event) -> dict:
    """A bracket event as a JSON-ready dict."""
    to_json = getattr(event, "to_json", None)
    if callable(to_json):
        return to_json()
    if isinstance(event, dict):
        return dict(event)
    return {"kind": event_kind(event)}


def event_text(event) -> str:
    """A bracket event in words: 'agreed: "by 2020"', 'option resolved: "Option 2" (of …)'."""
    kind = event_kind(event)
    words = kind.replace("_", " ")
    text = getattr(event, "text", None)
    alternatives = tuple(getattr(event, "alternatives", ()) or ())
    if kind == "option_resolved" and alternatives:
        return f"{words}: “{text}” kept (of " + ", ".join(f"“{a}”" for a in alternatives) + ")"
    return f"{words}: “{text}”" if text else words


def event_line(event) -> str:
    """An event as a report line: 'brackets agreed: "by 2020"', 'option group resolved: "Option 1" kept (of …)'."""
    kind = event_kind(event)
    if kind.startswith("option_"):
        return "option group " + event_text(event)[len("option "):]
    return "brackets " + event_text(event)


def sections(comparison: Comparison) -> Iterator[tuple[str | None, list[Change]]]:
    """The changes grouped by section: (heading or None, changes) — narrative, then each decision."""
    current: object = object()
    group: list[Change] = []
    heading: str | None = None
    for change in comparison.changes:
        key = change.decision
        if key is not current:
            if group:
                yield heading, group
            current, group = key, []
            heading = decision_heading(comparison, change)
        group.append(change)
    if group:
        yield heading, group


def decision_heading(comparison: Comparison, change: Change) -> str | None:
    """The heading of a change's decision: "Decision 1/CP.21: Adoption of the Paris Agreement"."""
    if change.decision is None:
        return None
    doc = comparison.new if change.new else comparison.old
    decisions = doc.decisions
    if change.decision >= len(decisions):
        return None
    d = decisions[change.decision]
    title = " ".join(plain_text(d.title).split())
    name = " ".join(x for x in (d.kind or "Decision", d.number or "") if x)
    if len(comparison.old.decisions) + len(comparison.new.decisions) <= 2 and not title and not d.number:
        return None
    return f"{name}: {title}" if title else name


def round_names(comparison: Comparison) -> tuple[str, str]:
    """The two rounds' names (their ``round`` front matter, else "old" / "new")."""
    return comparison.old.meta.round or "old", comparison.new.meta.round or "new"


def footnote_label(change: FootnoteChange) -> str:
    """A footnote's key, "3 → 4" when it changed, "+ 5" / "2 −" when inserted or deleted."""
    if change.old_key is None:
        return f"+ {change.new_key}"
    if change.new_key is None:
        return f"{change.old_key} −"
    return change.new_key if change.old_key == change.new_key else f"{change.old_key} → {change.new_key}"


def heading_changes(comparison: Comparison, show_all: bool = False) -> list[Change]:
    """The headings and option labels a report lists (``Comparison.headings``), in the new order."""
    return [h for h in getattr(comparison, "headings", ()) if shown(h, show_all)]


def heading_where(comparison: Comparison, change: Change) -> str:
    """The decision a heading change belongs to, for a report line ("" when there is only one)."""
    heading = decision_heading(comparison, change)
    return f" ({heading})" if heading and len(comparison.decisions) > 1 else ""
