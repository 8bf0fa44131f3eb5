"""The result of comparing two rounds: plain frozen data that every report writer reads.

A ``Comparison`` holds both Documents, the clause-level ``changes`` in the new round's order
(deleted clauses where they stood), and a ``Summary`` of counts. Each ``Change`` names the clauses
it concerns on each side (``ClauseRef``) and carries the inline difference as model inlines with
``Insert``/``Delete`` nodes, so writers render diffs without re-diffing anything.

Clause text (``clause_text``) is the text a reader sees, without the clause's own label: the
content's ``plain_text`` (brackets and editorial notes included, footnote references and comments
left out), then each subparagraph on its own line, indented three spaces per level as in the draft
format: ``"\\n   (a) text"``, ``"\\n      (i) text"``. Split and merged clauses join the texts of
their several clauses with a blank line (``"\\n\\n"``). ``inline_pairs`` gives the JSON form of a
change: ``[["=" | "-" | "+", text], ...]``; joining the "=" and "-" pieces gives the old text,
joining "=" and "+" the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from clausewise.model import (
    Bracket, Clause, Comment, Delete, Document, Emph, FootnoteRef, Heading, Insert, Note, OptionLabel, Paragraph,
    Subparagraph, Text, plain_text,
)

__all__ = [
    "Kind", "KINDS", "ClauseRef", "SubparagraphRef", "SubparagraphChange", "Change", "Summary",
    "FootnoteChange", "footnote_pairs",
    "Comparison", "clause_text", "subparagraph_lines", "inline_pairs", "NARRATIVE", "HEADING", "event_phrase",
]

Kind = Literal["unchanged", "modified", "inserted", "deleted", "split", "merged"]
KINDS: tuple[str, ...] = ("unchanged", "modified", "inserted", "deleted", "split", "merged")

#: the part of a narrative paragraph outside any decision (beside "preambular" and "operative")
NARRATIVE: Literal["narrative"] = "narrative"

#: the part of a heading or option label ("Option 2") compared between rounds (``Comparison.headings``)
HEADING: Literal["heading"] = "heading"

#: indentation per subparagraph level in clause text (as in the draft format)
SUB_INDENT = "   "
#: separator between the clauses of a split or merge in clause text
CLAUSE_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class ClauseRef:
    """One clause of one round: its part, 0-based position within that part, label and the clause.

    ``part`` is the model's "preambular" / "operative", or "narrative" for a paragraph outside any
    decision. ``decision`` is the 0-based index of its decision in that round (None: narrative).
    """

    part: str
    index: int
    label: str | None
    clause: Union[Clause, Paragraph, Heading, OptionLabel] = field(repr=False)
    decision: int | None = None


@dataclass(frozen=True, slots=True)
class SubparagraphRef:
    """One subparagraph of a clause: nesting depth (1 for "(a)"), 0-based position among the
    clause's subparagraphs in document order (flattened), label ("a", "ii") and the node."""

    depth: int
    index: int
    label: str
    subparagraph: Subparagraph = field(repr=False)


@dataclass(frozen=True, slots=True)
class SubparagraphChange:
    """How one subparagraph changed within a pair of aligned clauses (aligned like clauses).

    A "split" has one ``old`` and several adjacent ``new`` subparagraphs, a "merged" the reverse;
    its ``inline`` is one diff of the joined contents in which every subparagraph after the first
    keeps its line prefix ("\\n   (b) ") as text.
    """

    kind: Kind
    moved: bool
    #: the label changed ("(b)" -> "(c)"); a consequence of insertion above, never a text change
    relabelled: bool
    old: tuple[SubparagraphRef, ...]
    new: tuple[SubparagraphRef, ...]
    #: the subparagraph's content as model inlines with Insert/Delete nodes
    inline: tuple


@dataclass(frozen=True, slots=True)
class Change:
    """One clause-level change between the rounds (or an unchanged clause).

    ``kind`` is "unchanged", "modified", "inserted", "deleted", "split" (one old clause became
    several new ones) or "merged" (several became one). ``moved``: the clause's order relative to
    the others changed (it may also be modified). ``renumbered``: its label changed without any
    change of text being implied. ``label_changed_explicitly``: the label change does not follow
    from the clause's position - it was retyped by the draft ("2 bis" -> "3") rather than shifted
    by insertions or deletions above or by a move (the label's number moved by exactly as many
    places as the clause did within its part, neither label having a suffix such as "bis"). ``part_changed``: preambular <-> operative ("Welcomes" -> "Welcoming").
    ``punctuation_only``: the only difference is the punctuation at the end (";" -> ".").

    ``inline`` is the clause content (without subparagraphs) as model inlines with
    ``Insert``/``Delete`` nodes; for split and merged clauses it is the whole clause text
    (subparagraphs included, see ``clause_text``) as one diff and ``subparagraphs`` is empty.
    ``subparagraphs`` holds the aligned subparagraph changes of a one-to-one pair, in the new
    order, deletions where they stood. ``decision`` is the index of the decision in the new round
    (in the old round for a deleted decision's clauses); None for narrative paragraphs (except
    when one round was read without decisions: then a paragraph takes its neighbours' decision).
    ``bracket_events`` are what ``compare.brackets.bracket_events`` reports for the pair.
    ``similarity`` is the word-level similarity (0..1) the alignment used for the pairing.
    """

    kind: Kind
    old: tuple[ClauseRef, ...]
    new: tuple[ClauseRef, ...]
    inline: tuple = ()
    moved: bool = False
    renumbered: bool = False
    part_changed: bool = False
    label_changed_explicitly: bool = False
    punctuation_only: bool = False
    subparagraphs: tuple[SubparagraphChange, ...] = ()
    decision: int | None = None
    bracket_events: tuple = ()
    similarity: float = 1.0

    @property
    def changed(self) -> bool:
        """True unless the clause is unchanged, unmoved, not renumbered and in the same part."""
        return self.kind != "unchanged" or self.moved or self.renumbered or self.part_changed

    @property
    def notable(self) -> bool:
        """True when a reader must see it: not unchanged, or moved, or moved between parts.

        A clause that is only renumbered is not notable: renumbering is never a change of text.
        """
        return self.kind != "unchanged" or self.moved or self.part_changed

    def old_text(self) -> str:
        """The old round's text of this change (see ``clause_text``); "" for an insertion."""
        return CLAUSE_SEPARATOR.join(clause_text(r.clause) for r in self.old)

    def new_text(self) -> str:
        """The new round's text of this change (see ``clause_text``); "" for a deletion."""
        return CLAUSE_SEPARATOR.join(clause_text(r.clause) for r in self.new)

    def inline_pairs(self) -> list[list[str]]:
        """The change as ``[[op, text], ...]`` with op "=", "-" or "+" (see ``inline_pairs``)."""
        return inline_pairs(self)


@dataclass(frozen=True, slots=True)
class FootnoteChange:
    """How one footnote changed: footnotes are aligned by their text, like clauses.

    ``old_key``/``new_key`` are the footnote keys in each round (None on the side where it is
    absent); ``decision`` is the new round's decision index (None: the document's own footnotes);
    ``inline`` the footnote text as model inlines with Insert/Delete nodes.
    """

    kind: Kind
    old_key: str | None
    new_key: str | None
    decision: int | None
    inline: tuple

    @property
    def notable(self) -> bool:
        """True unless the footnote's text is unchanged (a new key alone is not a change)."""
        return self.kind != "unchanged"


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of a comparison. A moved or renumbered clause is also counted under its kind."""

    unchanged: int = 0
    modified: int = 0
    moved: int = 0
    renumbered: int = 0
    inserted: int = 0
    deleted: int = 0
    split: int = 0
    merged: int = 0
    part_changed: int = 0
    punctuation_only: int = 0
    #: bracket events by kind, e.g. (("agreed", 3), ("dropped", 1)); sorted by kind
    brackets: tuple[tuple[str, int], ...] = ()
    #: footnotes whose text changed, or that were inserted or deleted
    footnotes: int = 0
    #: headings and option labels whose text or label changed, or that were inserted, deleted, moved
    headings: int = 0

    def as_dict(self) -> dict:
        """The counts as a dict (``brackets`` as a nested dict)."""
        out = {name: getattr(self, name) for name in (
            "unchanged", "modified", "moved", "renumbered", "inserted", "deleted", "split",
            "merged", "part_changed", "punctuation_only", "footnotes", "headings")}
        out["brackets"] = dict(self.brackets)
        return out

    def line(self) -> str:
        """A one-line human summary: "3 modified, 1 moved, 2 renumbered, 40 unchanged"."""
        parts = []
        for name in ("modified", "inserted", "deleted", "moved", "split", "merged",
                     "renumbered", "part_changed", "unchanged"):
            count = getattr(self, name)
            if count:
                label = "moved between parts" if name == "part_changed" else name
                parts.append(f"{count} {label}")
        if self.footnotes:
            parts.append(f"{self.footnotes} footnote{'s' if self.footnotes != 1 else ''} changed")
        if self.headings:
            parts.append(f"{self.headings} heading{'s' if self.headings != 1 else ''} changed")
        for kind, count in self.brackets:
            parts.append(event_phrase(kind, count))
        return ", ".join(parts) if parts else "no clauses"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two rounds compared: the Documents, the changes in the new round's order, the summary."""

    old: Document = field(repr=False)
    new: Document = field(repr=False)
    changes: tuple[Change, ...]
    summary: Summary
    #: True when no clause changed, moved, was renumbered, inserted or deleted, and no footnote
    #: text changed
    identical: bool
    #: how decisions were paired: (old index | None, new index | None) in new-round order
    decisions: tuple[tuple[int | None, int | None], ...] = ()
    #: the footnotes of both rounds aligned (document footnotes, then each decision's)
    footnotes: tuple[FootnoteChange, ...] = ()
    #: headings and option labels aligned like clauses (document headings, then each decision's):
    #: ``ClauseRef.part`` is "heading", ``index`` the position among that decision's headings and
    #: option labels, ``label`` the option label ("Option 2", renumbering like an operative
    #: number) or None for a heading; ``clause`` the Heading or OptionLabel
    headings: tuple[Change, ...] = ()

    @property
    def differences(self) -> tuple[Change, ...]:
        """The notable changes: all but unchanged clauses (renumbered ones included) in place."""
        return tuple(c for c in self.changes if c.notable)


def event_phrase(kind: str, count: int) -> str:
    """A count of bracket events in words: "3 brackets agreed", "1 option group resolved"."""
    if kind.startswith("option_"):
        return f"{count} option group{'s' if count != 1 else ''} {kind[len('option_'):].replace('_', ' ')}"
    return f"{count} bracket{'s' if count != 1 else ''} {kind.replace('_', ' ')}"


# ---------------------------------------------------------------- text of clauses


def subparagraph_lines(subparagraphs: tuple, depth: int = 1) -> list[tuple[int, Subparagraph]]:
    """The subparagraphs flattened in document order with their depth (1 for "(a)")."""
    out: list[tuple[int, Subparagraph]] = []
    for sub in subparagraphs:
        out.append((depth, sub))
        out.extend(subparagraph_lines(sub.subparagraphs, depth + 1))
    return out


def sub_prefix(depth: int, label: str) -> str:
    """The line prefix of a subparagraph in clause text: newline, indentation, "(a) "."""
    return f"\n{SUB_INDENT * depth}({label}) "


def clause_text(clause: Union[Clause, Paragraph, Heading, OptionLabel]) -> str:
    """A clause's text without its label: content, then one indented line per subparagraph."""
    text = plain_text(clause.content)
    for depth, sub in subparagraph_lines(getattr(clause, "subparagraphs", ())):
        text += sub_prefix(depth, sub.label) + plain_text(sub.content)
    return text


# ---------------------------------------------------------------- the JSON inline form


def _pieces(inlines: tuple, op: str, out: list[list[str]]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            _emit(out, op, node.text)
        elif isinstance(node, Emph):
            _pieces(node.children, op, out)
        elif isinstance(node, Insert):
            _pieces(node.children, "+", out)
        elif isinstance(node, Delete):
            _pieces(node.children, "-", out)
        elif isinstance(node, Bracket):
            if node.opens:
                _emit(out, op, "[")
            _pieces(node.children, op, out)
            if node.closes:
                _emit(out, op, "]")
        elif isinstance(node, Note):
            _emit(out, op, "{")
            _pieces(node.children, op, out)
            _emit(out, op, "}")
        elif isinstance(node, (FootnoteRef, Comment)):
            pass
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"not an inline node: {node!r}")


def _emit(out: list[list[str]], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1][1] += text
    else:
        out.append([op, text])


def inline_pairs(change: Change) -> list[list[str]]:
    """``[[op, text], ...]`` for a change: "=" kept, "-" old only, "+" new only.

    Joining the "=" and "-" texts gives ``change.old_text()``; joining "=" and "+" gives
    ``change.new_text()``. Subparagraph lines follow the content as in ``clause_text``; a
    relabelled subparagraph shows its old prefix as "-" and its new one as "+"; a moved one is
    shown whole as "-" where it stood and whole as "+" where it now stands.
    """
    out: list[list[str]] = []
    _pieces(change.inline, "=", out)
    for kind, sub in _sub_sequence(change.subparagraphs):
        if kind == "moved-from":
            for ref in sub.old:
                _emit(out, "-", sub_prefix(ref.depth, ref.label))
                _pieces(ref.subparagraph.content, "-", out)
            continue
        if kind == "moved-to":
            for ref in sub.new:
                _emit(out, "+", sub_prefix(ref.depth, ref.label))
                _pieces(ref.subparagraph.content, "+", out)
            continue
        old_prefix = sub_prefix(sub.old[0].depth, sub.old[0].label) if sub.old else None
        new_prefix = sub_prefix(sub.new[0].depth, sub.new[0].label) if sub.new else None
        if old_prefix == new_prefix:
            _emit(out, "=", old_prefix or "")
        else:
            if old_prefix:
                _emit(out, "-", old_prefix)
            if new_prefix:
                _emit(out, "+", new_prefix)
        _pieces(sub.inline, "=", out)
    return out


def _sub_sequence(subs: tuple[SubparagraphChange, ...]) -> list[tuple[str, SubparagraphChange]]:
    """Subparagraph changes laid out so the old ones read in old order and the new in new order.

    A moved subparagraph appears twice: deleted where it stood ("moved-from") and inserted where
    it now stands ("moved-to"); the others appear once ("in place").
    """
    seq: list[tuple[str, SubparagraphChange]] = []
    moved: list[SubparagraphChange] = []
    for sub in subs:
        if sub.moved and sub.old and sub.new:
            seq.append(("moved-to", sub))
            moved.append(sub)
        else:
            seq.append(("in place", sub))
    for sub in sorted(moved, key=lambda s: s.old[0].index, reverse=True):
        at = len(seq)
        for k, (kind, other) in enumerate(seq):
            if kind != "moved-to" and other.old and other.old[0].index > sub.old[0].index:
                at = k
                break
        seq.insert(at, ("moved-from", sub))
    return seq


def footnote_pairs(change: FootnoteChange) -> list[list[str]]:
    """``[[op, text], ...]`` for a footnote: "=" and "-" join to its old text, "=" and "+" the new."""
    out: list[list[str]] = []
    _pieces(change.inline, "=", out)
    return out
