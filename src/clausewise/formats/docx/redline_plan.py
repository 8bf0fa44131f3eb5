"""Which paragraphs of the two renderings a redline merges together, in what order, numbered how.

Each round is rendered with the official writer (``writer.DocumentBuilder``) while recording
which body paragraphs every clause, subparagraph and narrative paragraph became. The comparison's
changes then become merge segments (``redline.Segment``): a kept, edited, inserted, deleted, split
or merged clause one "diff" segment; a moved clause a "moveFrom" and a "moveTo" segment. Body
paragraphs outside clauses (masthead, headings, organ line, option labels) are paired by text.

It also decides where Word list numbering replaces typed numbers (see ``redline``): operative
paragraphs of a decision whose rounds both number 1, 2, 3 … (typed "N bis" allowed between), and
the subparagraphs of a clause kept one-to-one whose rounds both letter them (a), (b) … and (i),
(ii) … .
"""

from __future__ import annotations

from clausewise.lang import roman as _roman

import re
from collections import Counter

from clausewise.formats.docx.redline import Lists, Segment, plan_by_text
from clausewise.model import Clause, Decision, Document, Paragraph

__all__ = ["render_with_map", "plan_from_comparison"]

_INTEGER = re.compile(r"^\d+$")
_INSERTED = re.compile(r"^\d+\s*\S+$")
_FORMATS = {"latin-lower": "lowerLetter", "roman-lower": "lowerRoman"}



def _sequence_label(n: int, sequence: str) -> str:
    if sequence == "roman-lower":
        return _roman(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


class Rendering:
    """One round rendered: its bytes, and the body paragraphs of each clause."""

    def __init__(self, data: bytes, units: dict, labels: dict, language) -> None:
        self.data = data
        #: (part, decision, index) -> body block indices (clause paragraph, then subparagraphs)
        self.units = units
        #: block index -> ("operative"|"narrative"|"sub", depth, raw label, typed label)
        self.labels = labels
        self.language = language


def render_with_map(doc: Document, options) -> Rendering:
    """Render ``doc`` with the official writer, recording the paragraphs of every clause."""
    from clausewise.formats.docx.writer import DocumentBuilder

    class MappingBuilder(DocumentBuilder):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._decision = -1
            self._counters: Counter = Counter()
            self._narrative = 0
            self.units_by_element: list = []

        def add_decision(self, decision: Decision) -> None:
            self._decision += 1
            self._counters = Counter()
            super().add_decision(decision)

        def add_clause(self, clause: Clause) -> list:
            paragraphs = super().add_clause(clause)
            key = (clause.part, self._decision, self._counters[clause.part])
            self._counters[clause.part] += 1
            labels = [(clause.part, 0, clause.label,
                       self.operative_number(clause.label) if clause.label else None)]
            for depth, sub in _flatten(clause.subparagraphs):
                labels.append(("sub", depth, sub.label, self.subparagraph_label(sub.label, depth)))
            self.units_by_element.append((key, paragraphs, labels))
            return paragraphs

        def add_block(self, block) -> None:
            super().add_block(block)
            if isinstance(block, Paragraph):
                last = self._sect_pr.getprevious()
                key = ("narrative", None, self._narrative)
                self._narrative += 1
                typed = self.operative_number(block.label) if block.label else None
                self.units_by_element.append((key, [last], [("narrative", 0, block.label, typed)]))

    builder = MappingBuilder(doc, options)
    data = builder.build()
    body = builder.docx.element.body
    blocks = [c for c in body if isinstance(c.tag, str) and not c.tag.endswith("}sectPr")]
    position = {id(child): k for k, child in enumerate(blocks)}
    units, labels = {}, {}
    for key, paragraphs, paragraph_labels in builder.units_by_element:
        indices = [position.get(id(p)) for p in paragraphs]
        if None in indices:
            continue
        units[key] = indices
        for index, label in zip(indices, paragraph_labels):
            labels[index] = label
    return Rendering(data, units, labels, builder.language)


def _flatten(subparagraphs, depth: int = 1):
    for sub in subparagraphs:
        yield depth, sub
        yield from _flatten(sub.subparagraphs, depth + 1)


def _key(ref):
    return (ref.part, ref.decision, ref.index)


def plan_from_comparison(comparison, old: Rendering, new: Rendering, old_blocks, new_blocks,
                         *, numbered: bool = True) -> tuple[list[Segment], Lists]:
    """Merge segments for ``comparison`` and the list numbering the redline should use."""
    segments: list[Segment] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    moves = 0
    one_to_one: list[tuple[list[int], list[int], int]] = []
    for n, change in enumerate(comparison.changes):
        olds = [old.units.get(_key(r)) for r in change.old]
        news = [new.units.get(_key(r)) for r in change.new]
        if any(x is None for x in olds + news):
            continue
        old_idx = [i for group in olds for i in group]
        new_idx = [j for group in news for j in group]
        used_old.update(old_idx)
        used_new.update(new_idx)
        note = bracket_note(change.bracket_events) if new_idx else None
        if change.moved and old_idx and new_idx:
            moves += 1
            name = f"clausewise-move-{moves}"
            segments.append(Segment("moveFrom", tuple(old_idx), (), name))
            segments.append(Segment("moveTo", tuple(old_idx), tuple(new_idx), name, note))
        else:
            segments.append(Segment("diff", tuple(old_idx), tuple(new_idx), note=note))
        if len(olds) == 1 and len(news) == 1:
            one_to_one.append((olds[0], news[0], n))
    rest_old = [i for i in range(len(old_blocks)) if i not in used_old]
    rest_new = [j for j in range(len(new_blocks)) if j not in used_new]
    segments.extend(plan_by_text(old_blocks, new_blocks, rest_old, rest_new))
    lists = _lists(comparison, old, new, one_to_one) if numbered else Lists()
    return segments, lists


# ------------------------------------------------------------------ bracket events

_EVENT_WORDS = {"agreed": "agreed", "dropped": "dropped", "alternative_chosen": "alternative chosen",
                "contested": "bracketed", "option_resolved": "option kept"}


def bracket_note(events) -> str | None:
    """A one-line remark on what happened to a clause's brackets, or None when nothing did."""
    parts = []
    for event in events or ():
        kind = getattr(event, "kind", None)
        if kind is None:
            continue
        text = " ".join(str(getattr(event, "text", "")).split())
        if len(text) > 80:
            text = text[:77] + "…"
        part = f"{_EVENT_WORDS.get(kind, kind)}: “{text}”"
        alternatives = getattr(event, "alternatives", ())
        if alternatives and kind in ("alternative_chosen", "option_resolved"):
            part += " (of " + " / ".join(f"“{a}”" for a in alternatives) + ")"
        if kind == "contested" and getattr(event, "new_text", False):
            part += " (new text)"
        parts.append(part)
    return "Brackets " + "; ".join(parts) if parts else None


# ------------------------------------------------------------------ numbering


def _numbers_regular(labels: list[str | None]) -> bool:
    """1, 2, 3 … in order, with only "N bis"-like labels between; no unlabelled operative clause."""
    expected = 1
    for label in labels:
        if label is None:
            return False
        label = label.strip()
        if _INTEGER.match(label):
            if int(label) != expected:
                return False
            expected += 1
        elif not _INSERTED.match(label):
            return False
    return True


def _letters_regular(subs: list[tuple[int, str]], sequences) -> bool:
    """(a), (b) … at depth 1 and (i), (ii) … restarting under each, nothing deeper."""
    counters = [0, 0]
    for depth, label in subs:
        if depth > 2 or depth - 1 >= len(sequences) or sequences[depth - 1] not in _FORMATS:
            return False
        counters[depth - 1] += 1
        if depth == 1:
            counters[1] = 0
        if label.strip() != _sequence_label(counters[depth - 1], sequences[depth - 1]):
            return False
    return True


def _lists(comparison, old: Rendering, new: Rendering, one_to_one) -> Lists:
    lists = Lists()
    language = new.language
    number_text = language.operative_number.replace("{n}", "%1")
    # operative paragraphs, per decision (and the narrative paragraphs of a note)
    groups: dict[str, tuple[list[int], list[int]]] = {}
    pair_of_old = {o: n for o, n in comparison.decisions if o is not None}
    for side, rendering in (("old", old), ("new", new)):
        for (part, decision, index), indices in sorted(rendering.units.items(), key=lambda kv: kv[1][0]):
            if part not in ("operative", "narrative"):
                continue
            if part == "narrative":
                key = "narrative"
            elif side == "new":
                key = f"operative:{decision}"
            else:
                mapped = pair_of_old.get(decision)
                key = f"operative:{mapped}" if mapped is not None else f"operative:old{decision}"
            groups.setdefault(key, ([], []))[0 if side == "old" else 1].append(indices[0])
    for key, (old_first, new_first) in groups.items():
        old_labels = [old.labels[i][2] for i in old_first]
        new_labels = [new.labels[j][2] for j in new_first]
        if not (_numbers_regular(old_labels) and _numbers_regular(new_labels)):
            continue
        lists.formats[key] = [("decimal", number_text)]
        for i in old_first:
            if _INTEGER.match(old.labels[i][2].strip()):
                lists.old[i] = (key, 0, old.labels[i][3])
        for j in new_first:
            if _INTEGER.match(new.labels[j][2].strip()):
                lists.new[j] = (key, 0, new.labels[j][3])
    # subparagraphs of clauses kept one to one
    sequences = language.subparagraph_sequences
    formats = language.subparagraph_formats
    for old_idx, new_idx, n in one_to_one:
        old_subs = [old.labels[i] for i in old_idx[1:]]
        new_subs = [new.labels[j] for j in new_idx[1:]]
        if not old_subs and not new_subs:
            continue
        if not (_letters_regular([(d, l) for _, d, l, _ in old_subs], sequences)
                and _letters_regular([(d, l) for _, d, l, _ in new_subs], sequences)):
            continue
        key = f"sub:{n}"
        lists.formats[key] = [(_FORMATS[sequences[k]], formats[k].format(f"%{k + 1}"))
                              for k in range(min(2, len(sequences)))]
        for i, label in zip(old_idx[1:], old_subs):
            lists.old[i] = (key, label[1] - 1, label[3])
        for j, label in zip(new_idx[1:], new_subs):
            lists.new[j] = (key, label[1] - 1, label[3])
    return lists
