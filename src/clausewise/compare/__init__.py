"""Clause-by-clause comparison of two negotiation rounds.

``compare(old, new)`` pairs the decisions of two Documents (by number, then title, then order),
aligns their clauses (``compare.align``), diffs each pair word by word (``compare.inline``) and
returns a ``Comparison`` (``compare.result``): plain frozen data that the report writers in
``clausewise.formats`` (json, html, terminal, markdown, docx redline) render. Narrative paragraphs
outside decisions are compared the same way, as their own part ("narrative"); footnotes are
aligned by their text, per decision (``Comparison.footnotes``). When one round holds decisions
and the other only narrative paragraphs (a plain-text export that lost its decision heading),
all paragraphs and clauses of both rounds are aligned in one pass.

Public API::

    compare(old, new) -> Comparison
    Comparison, Change, ClauseRef, SubparagraphChange, SubparagraphRef, Summary, FootnoteChange
    clause_text(clause) -> str          the text a change's inline pairs are checked against
    inline_pairs(change) -> [[op, text], ...]
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from dataclasses import replace
from typing import Sequence

from clausewise.compare.collector import paused
from clausewise.compare.align import align
from clausewise.compare.inline import deleted, diff_inlines, inserted
from clausewise.compare.result import (
    CLAUSE_SEPARATOR, HEADING, NARRATIVE, Change, ClauseRef, Comparison, FootnoteChange, Summary,
    SubparagraphChange,
    SubparagraphRef, clause_text, inline_pairs, sub_prefix, subparagraph_lines,
)
from clausewise.model import (
    Clause, Decision, Document, Heading, OptionLabel, Paragraph, Text, plain_text,
)

__all__ = [
    "compare", "Comparison", "Change", "ClauseRef", "SubparagraphChange", "SubparagraphRef",
    "Summary", "FootnoteChange", "clause_text", "inline_pairs",
]

_END_PUNCTUATION = " \t\n;,.:。；，："
_LABEL = re.compile(r"^\s*(\d+)\s*([A-Za-z]*)\s*$")


def compare(old: Document, new: Document) -> Comparison:
    """Compare two rounds clause by clause: what was kept, edited, moved, inserted, deleted."""
    with paused():
        return _compare(old, new)


def _compare(old: Document, new: Document) -> Comparison:
    if _mixed(old, new):
        return _compare_mixed(old, new)
    changes: list[Change] = []
    changes.extend(_compare_units(_narrative(old), _narrative(new), None, None))
    pairs = _pair_decisions(old.decisions, new.decisions)
    for old_index, new_index in pairs:
        old_units = _clauses(old.decisions[old_index], old_index) if old_index is not None else []
        new_units = _clauses(new.decisions[new_index], new_index) if new_index is not None else []
        where = new_index if new_index is not None else old_index
        found = _compare_units(old_units, new_units, where, _bracket_events())
        if old_index is not None and new_index is not None:
            found = _with_option_events(found, old.decisions[old_index], new.decisions[new_index])
        changes.extend(found)
    footnotes = _footnote_changes(old.footnotes, new.footnotes, None)
    for old_index, new_index in pairs:
        footnotes += _footnote_changes(
            old.decisions[old_index].footnotes if old_index is not None else (),
            new.decisions[new_index].footnotes if new_index is not None else (),
            new_index if new_index is not None else old_index)
    headings = _compare_headings(_headings(old.blocks, None), _headings(new.blocks, None), None)
    for old_index, new_index in pairs:
        headings += _compare_headings(
            _headings(old.decisions[old_index].body, old_index) if old_index is not None else [],
            _headings(new.decisions[new_index].body, new_index) if new_index is not None else [],
            new_index if new_index is not None else old_index)
    summary = replace(_summarise(changes), footnotes=sum(f.notable for f in footnotes),
                      headings=sum(h.notable for h in headings),
                      brackets=_event_counts(list(changes) + list(headings)))
    identical = (all(not c.changed and not c.bracket_events for c in changes)
                 and not summary.footnotes and not summary.headings)
    return Comparison(old=old, new=new, changes=tuple(changes), summary=summary,
                      identical=identical, decisions=tuple(pairs), footnotes=footnotes,
                      headings=tuple(headings))


def _headings(blocks, decision: int | None) -> list[ClauseRef]:
    """The headings and option labels among ``blocks``, as units of the part "heading"."""
    out = []
    for block in blocks:
        if isinstance(block, (Heading, OptionLabel)):
            label = block.label if isinstance(block, OptionLabel) else None
            out.append(ClauseRef(HEADING, len(out), label, block, decision))
    return out


def _heading_text(ref: ClauseRef) -> str:
    """What headings are aligned on: an option label's label with its text, a heading's text."""
    text = clause_text(ref.clause)
    return f"{ref.label} {text}".strip() if ref.label else text


def _compare_headings(old: list[ClauseRef], new: list[ClauseRef], decision: int | None) -> list[Change]:
    """Headings and option labels aligned like clauses (their label like an operative number).

    A heading is never paired with an option label: such a pairing is reported as the one
    deleted and the other inserted.
    """
    out: list[Change] = []
    for change in _compare_units(old, new, decision, _bracket_events(), text=_heading_text):
        kinds = {type(r.clause) for r in change.old + change.new}
        if len(kinds) < 2:
            out.append(change)
            continue
        out.extend(Change("deleted", (r,), (), deleted(r.clause.content), decision=decision, similarity=0.0)
                   for r in change.old)
        out.extend(Change("inserted", (), (r,), inserted(r.clause.content), decision=decision, similarity=0.0)
                   for r in change.new)
    return out


def _mixed(old: Document, new: Document) -> bool:
    """True when one round holds decisions and the other only narrative paragraphs.

    That happens when a reader finds a decision heading in one round only (plain-text exports
    often lose it); the paragraphs of one round are then the clauses of the other.
    """
    if bool(old.decisions) == bool(new.decisions):
        return False
    plain = old if not old.decisions else new
    return bool(_narrative(plain))


def _compare_mixed(old: Document, new: Document) -> Comparison:
    """Compare all units of both rounds in one alignment (see ``_mixed``)."""
    changes = _compare_units(_all_units(old), _all_units(new), None, _bracket_events())
    known = [c.decision for c in changes]
    for k in range(len(changes)):           # a narrative change joins its neighbours' section
        if known[k] is None:
            before = next((known[x] for x in range(k - 1, -1, -1) if known[x] is not None), None)
            after = next((known[x] for x in range(k + 1, len(known)) if known[x] is not None), None)
            known[k] = before if before is not None else after
    changes = [replace(c, decision=d) if c.decision != d else c for c, d in zip(changes, known)]
    footnotes = _footnote_changes(_all_footnotes(old), _all_footnotes(new), None)
    headings = _compare_headings(_all_headings(old), _all_headings(new), None)
    summary = replace(_summarise(changes), footnotes=sum(f.notable for f in footnotes),
                      headings=sum(h.notable for h in headings),
                      brackets=_event_counts(list(changes) + list(headings)))
    identical = (all(not c.changed and not c.bracket_events for c in changes)
                 and not summary.footnotes and not summary.headings)
    pairs = tuple((i, None) for i in range(len(old.decisions))) + tuple(
        (None, j) for j in range(len(new.decisions)))
    return Comparison(old=old, new=new, changes=tuple(changes), summary=summary,
                      identical=identical, decisions=pairs, footnotes=footnotes,
                      headings=tuple(headings))


def _all_headings(doc: Document) -> list[ClauseRef]:
    """The document's headings and option labels in reading order, numbered in one run."""
    blocks = []
    for block in doc.blocks:
        blocks.extend(block.body if isinstance(block, Decision) else (block,))
    return _headings(blocks, None)


def _all_units(doc: Document) -> list[ClauseRef]:
    """Narrative paragraphs and decision clauses in document order."""
    out: list[ClauseRef] = []
    narrative = 0
    decision = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(ClauseRef(NARRATIVE, narrative, block.label, block, None))
            narrative += 1
        elif isinstance(block, Decision):
            out.extend(_clauses(block, decision))
            decision += 1
    return out


def _all_footnotes(doc: Document) -> tuple:
    return tuple(doc.footnotes) + tuple(f for d in doc.decisions for f in d.footnotes)


def _footnote_changes(old: tuple, new: tuple, decision: int | None) -> tuple[FootnoteChange, ...]:
    """Align two rounds' footnotes by their text and diff each pair."""
    if not old and not new:
        return ()
    out = []
    for p in align([plain_text(f.content) for f in old], [plain_text(f.content) for f in new]):
        a = old[p.old[0]] if p.old else None
        b = new[p.new[0]] if p.new else None
        if p.tag in ("split", "merge"):   # footnotes are not split: report each side whole
            out.extend(FootnoteChange("deleted", old[i].key, None, decision, deleted(old[i].content)) for i in p.old)
            out.extend(FootnoteChange("inserted", None, new[j].key, decision, inserted(new[j].content)) for j in p.new)
        elif a is None:
            out.append(FootnoteChange("inserted", None, b.key, decision, inserted(b.content)))
        elif b is None:
            out.append(FootnoteChange("deleted", a.key, None, decision, deleted(a.content)))
        elif a.content == b.content:
            out.append(FootnoteChange("unchanged", a.key, b.key, decision, tuple(b.content)))
        else:
            out.append(FootnoteChange("modified", a.key, b.key, decision, diff_inlines(a.content, b.content)))
    return tuple(out)


# ---------------------------------------------------------------- units: clauses with their refs


def _narrative(doc: Document) -> list[ClauseRef]:
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    return [ClauseRef(NARRATIVE, k, p.label, p, None) for k, p in enumerate(paragraphs)]


def _clauses(decision: Decision, index: int) -> list[ClauseRef]:
    counters: Counter[str] = Counter()
    out = []
    for clause in decision.clauses:
        out.append(ClauseRef(clause.part, counters[clause.part], clause.label, clause, index))
        counters[clause.part] += 1
    return out


def _pair_decisions(old: Sequence[Decision], new: Sequence[Decision]) -> list[tuple[int | None, int | None]]:
    """Pair decisions by number, then by title, then in order; unpaired ones stand alone."""
    match: dict[int, int] = {}
    for key in (lambda d: d.number, lambda d: " ".join(plain_text(d.title).split()).lower() or None):
        old_keys = Counter(key(d) for i, d in enumerate(old) if i not in match.values())
        for j, d in enumerate(new):
            k = key(d)
            if j in match or k is None or old_keys[k] != 1:
                continue
            for i, e in enumerate(old):
                if i not in match.values() and key(e) == k:
                    match[j] = i
                    break
    rest_old = [i for i in range(len(old)) if i not in match.values()]
    rest_new = [j for j in range(len(new)) if j not in match]
    for i, j in zip(rest_old, rest_new):
        match[j] = i
    pairs: list[tuple[int | None, int | None]] = [(match.get(j), j) for j in range(len(new))]
    for i in range(len(old)):
        if i in match.values():
            continue
        at = 0
        for k, (oi, _) in enumerate(pairs):
            if oi is not None and oi < i:
                at = k + 1
        pairs.insert(at, (i, None))
    return pairs


def _with_option_events(changes: list[Change], old: Decision, new: Decision) -> list[Change]:
    """Attach the option events of a decision pair to the changes of the options' clauses.

    An option group of ``old`` that ``new`` no longer offers is resolved by the alignment: the
    option whose first clause was paired with a clause of the new round is the one kept
    ("option_resolved"); when no option's clause was kept and one option held no text ("Option 2:
    {No text required}"), that one was chosen; when none was kept, the group was dropped
    ("option_dropped"). When several options' clauses were kept, ``compare.brackets.option_events``
    (shared words) decides. The event goes to the change of the kept option's first clause, else
    of the group's first clause, else to the decision's first change.
    """
    try:
        from clausewise.compare.brackets import BracketEvent, option_events, option_groups
    except ImportError:  # pragma: no cover - part of the package
        return changes
    if not changes:
        return changes
    offered = {g.labels for g in option_groups(new) if g.size >= 2}
    groups = [g for g in option_groups(old) if g.size >= 2 and g.labels not in offered]
    if not groups:
        return changes
    where_old = {id(ref.clause): k for k, c in enumerate(changes) for ref in c.old}
    paired = {id(ref.clause) for c in changes if c.new for ref in c.old}
    by_words = None
    extra: dict[int, list] = {}
    for group in groups:
        firsts = []
        for (_, held), label in zip(group.options, group.labels):
            clause = next((old.body[i] for i in held if isinstance(old.body[i], Clause)), None)
            firsts.append((label, clause, held))
        kept = [label for label, clause, _ in firsts if clause is not None and id(clause) in paired]
        empty = [label for label, _, held in firsts if not held]
        if len(kept) == 1:
            event = BracketEvent("option_resolved", kept[0], group.labels)
        elif not kept and len(empty) == 1:
            event = BracketEvent("option_resolved", empty[0], group.labels)
        elif not kept:
            event = BracketEvent("option_dropped", " / ".join(group.labels), group.labels)
        else:
            if by_words is None:
                by_words = {tuple(e.alternatives): e for e in option_events(old, new)}
            event = by_words.get(group.labels)
            if event is None:
                continue
        chosen = [c for label, c, _ in firsts if c is not None
                  and (event.kind != "option_resolved" or label == event.text)]
        chosen += [c for _, c, _ in firsts if c is not None]
        target = next((where_old[id(c)] for c in chosen if id(c) in where_old), 0)
        extra.setdefault(target, []).append(event)
    out = list(changes)
    for k, found in extra.items():
        out[k] = replace(out[k], bracket_events=tuple(out[k].bracket_events) + tuple(found))
    return out


def _bracket_events():
    """``compare.brackets.bracket_events`` where that module exists, else None."""
    try:
        module = importlib.import_module("clausewise.compare.brackets")
    except ImportError:
        return None
    return getattr(module, "bracket_events", None)


# ---------------------------------------------------------------- changes


def _compare_units(old: list[ClauseRef], new: list[ClauseRef], decision: int | None,
                   events, text=None) -> list[Change]:
    if not old and not new:
        return []
    text = text or (lambda r: clause_text(r.clause))
    pairings = align([text(r) for r in old], [text(r) for r in new])
    out = []
    for p in pairings:
        olds = tuple(old[i] for i in p.old)
        news = tuple(new[j] for j in p.new)
        if decision is None:   # narrative, or a mixed comparison: the clause's own decision
            decision_here = (news or olds)[0].decision
        else:
            decision_here = decision
        change = _unit_change(p, olds, news, decision_here)
        if events is not None and change.kind != "unchanged":
            found = events(_whole(olds), _whole(news))
            if found:
                change = _with_events(change, tuple(found))
        out.append(change)
    return out


def _unit_change(p, olds: tuple[ClauseRef, ...], news: tuple[ClauseRef, ...],
                 decision: int | None) -> Change:
    """The Change for one pairing of the alignment."""
    if p.tag in ("equal", "replace"):
        return _pair_change(olds[0], news[0], p.moved, p.score, decision)
    if p.tag == "insert":
        ref = news[0]
        return Change("inserted", (), news, inserted(ref.clause.content),
                      subparagraphs=_whole_subs(ref.clause, "inserted"), decision=decision,
                      similarity=0.0)
    if p.tag == "delete":
        ref = olds[0]
        return Change("deleted", olds, (), deleted(ref.clause.content),
                      subparagraphs=_whole_subs(ref.clause, "deleted"), decision=decision,
                      similarity=0.0)
    kind = "split" if p.tag == "split" else "merged"
    return Change(kind, olds, news, diff_inlines(_whole(olds), _whole(news)), moved=p.moved,
                  part_changed=_part_changed(olds[0], news[0]), decision=decision,
                  similarity=p.score)


def _part_changed(old: ClauseRef, new: ClauseRef) -> bool:
    """Preambular <-> operative; a narrative paragraph read as a clause is not a part change."""
    return old.part != new.part and NARRATIVE not in (old.part, new.part)


def _with_events(change: Change, found: tuple) -> Change:
    return replace(change, bracket_events=found)


def _whole(refs: tuple[ClauseRef, ...]) -> tuple:
    """The inlines of one or more clauses with subparagraph lines, as ``clause_text`` lays them out."""
    out: list = []
    for k, ref in enumerate(refs):
        if k:
            out.append(Text(CLAUSE_SEPARATOR))
        out.extend(ref.clause.content)
        for depth, sub in subparagraph_lines(getattr(ref.clause, "subparagraphs", ())):
            out.append(Text(sub_prefix(depth, sub.label)))
            out.extend(sub.content)
    return tuple(out)


def _pair_change(old: ClauseRef, new: ClauseRef, moved: bool, score: float,
                 decision: int | None) -> Change:
    a, b = old.clause, new.clause
    same_content = a.content == b.content
    subs_a = getattr(a, "subparagraphs", ())
    subs_b = getattr(b, "subparagraphs", ())
    same = same_content and subs_a == subs_b
    part_changed = _part_changed(old, new)
    renumbered = (not part_changed and old.label != new.label
                  and old.label is not None and new.label is not None)
    # a moved clause's new number comes from its move, not from the draft retyping it
    explicit = renumbered and not moved and not _shifted(old, new)
    if same:
        return Change("unchanged", (old,), (new,), tuple(b.content), moved=moved,
                      renumbered=renumbered, part_changed=part_changed,
                      label_changed_explicitly=explicit,
                      subparagraphs=_whole_subs(b, "unchanged"), decision=decision,
                      similarity=score)
    text_a, text_b = clause_text(a), clause_text(b)
    punctuation_only = (text_a != text_b
                        and text_a.rstrip(_END_PUNCTUATION) == text_b.rstrip(_END_PUNCTUATION))
    inline = tuple(b.content) if same_content else diff_inlines(a.content, b.content)
    return Change("modified", (old,), (new,), inline, moved=moved, renumbered=renumbered,
                  part_changed=part_changed, label_changed_explicitly=explicit,
                  punctuation_only=punctuation_only,
                  subparagraphs=_sub_changes(subs_a, subs_b), decision=decision,
                  similarity=score)


def _shifted(old: ClauseRef, new: ClauseRef) -> bool:
    """True when the label moved exactly as the clause's position did ("5" at 5th -> "6" at 6th)."""
    ma, mb = _LABEL.match(old.label or ""), _LABEL.match(new.label or "")
    if not ma or not mb or ma.group(2) or mb.group(2):
        return False
    return int(mb.group(1)) - int(ma.group(1)) == new.index - old.index


def _whole_subs(clause, kind: str) -> tuple[SubparagraphChange, ...]:
    subs = subparagraph_lines(getattr(clause, "subparagraphs", ()))
    out = []
    for k, (depth, sub) in enumerate(subs):
        ref = (SubparagraphRef(depth, k, sub.label, sub),)
        if kind == "inserted":
            out.append(SubparagraphChange("inserted", False, False, (), ref, inserted(sub.content)))
        elif kind == "deleted":
            out.append(SubparagraphChange("deleted", False, False, ref, (), deleted(sub.content)))
        else:
            out.append(SubparagraphChange("unchanged", False, False, ref, ref, tuple(sub.content)))
    return tuple(out)


def _joined_subs(refs: tuple[SubparagraphRef, ...]) -> tuple:
    """The content of adjacent subparagraphs as one run of inlines, each after the first on its line."""
    out: list = []
    for k, ref in enumerate(refs):
        if k:
            out.append(Text(sub_prefix(ref.depth, ref.label)))
        out.extend(ref.subparagraph.content)
    return tuple(out)


def _sub_changes(old: tuple, new: tuple) -> tuple[SubparagraphChange, ...]:
    """Align the subparagraphs of a pair of clauses (flattened, depth kept) like clauses."""
    flat_a = subparagraph_lines(old)
    flat_b = subparagraph_lines(new)
    if not flat_a and not flat_b:
        return ()
    refs_a = [SubparagraphRef(d, k, s.label, s) for k, (d, s) in enumerate(flat_a)]
    refs_b = [SubparagraphRef(d, k, s.label, s) for k, (d, s) in enumerate(flat_b)]
    out: list[SubparagraphChange] = []
    for p in align([plain_text(s.content) for _, s in flat_a],
                   [plain_text(s.content) for _, s in flat_b]):
        ra = tuple(refs_a[i] for i in p.old)
        rb = tuple(refs_b[j] for j in p.new)
        if p.tag == "insert":
            out.append(SubparagraphChange("inserted", False, False, (), rb, inserted(rb[0].subparagraph.content)))
        elif p.tag == "delete":
            out.append(SubparagraphChange("deleted", False, False, ra, (), deleted(ra[0].subparagraph.content)))
        elif p.tag in ("split", "merge"):
            # one diff over the joined subparagraphs: the second and later ones keep their own
            # line prefix ("\n   (b) ") inside it, so the pieces still rebuild each round's lines
            kind = "split" if p.tag == "split" else "merged"
            relabelled = (ra[0].label, ra[0].depth) != (rb[0].label, rb[0].depth)
            out.append(SubparagraphChange(kind, p.moved, relabelled, ra, rb,
                                          diff_inlines(_joined_subs(ra), _joined_subs(rb))))
        else:
            sa, sb = ra[0], rb[0]
            relabelled = (sa.label, sa.depth) != (sb.label, sb.depth)
            if sa.subparagraph.content == sb.subparagraph.content:
                out.append(SubparagraphChange("unchanged", p.moved, relabelled, ra, rb,
                                              tuple(sb.subparagraph.content)))
            else:
                out.append(SubparagraphChange(
                    "modified", p.moved, relabelled, ra, rb,
                    diff_inlines(sa.subparagraph.content, sb.subparagraph.content)))
    return tuple(out)


# ---------------------------------------------------------------- summary


def _event_kind(event) -> str:
    for attr in ("kind", "type", "event"):
        value = getattr(event, attr, None)
        if isinstance(value, str):
            return value
    if isinstance(event, dict):
        return str(event.get("kind") or event.get("type") or "event")
    if isinstance(event, (tuple, list)) and event and isinstance(event[0], str):
        return event[0]
    return str(event)


def _event_counts(changes: list[Change]) -> tuple[tuple[str, int], ...]:
    """Bracket and option events of ``changes`` counted by kind, sorted by kind."""
    return tuple(sorted(Counter(_event_kind(e) for c in changes for e in c.bracket_events).items()))


def _summarise(changes: list[Change]) -> Summary:
    kinds = Counter(c.kind for c in changes)
    return Summary(
        unchanged=kinds["unchanged"], modified=kinds["modified"],
        moved=sum(c.moved for c in changes), renumbered=sum(c.renumbered for c in changes),
        inserted=kinds["inserted"], deleted=kinds["deleted"], split=kinds["split"],
        merged=kinds["merged"], part_changed=sum(c.part_changed for c in changes),
        punctuation_only=sum(c.punctuation_only for c in changes),
        brackets=_event_counts(changes),
    )
