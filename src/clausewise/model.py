"""The decision model: one document tree that every reader produces and every writer consumes.

Pure data, in the manner of pandoc's AST: frozen dataclasses, tuples instead of lists, no I/O and
no import of anything else in clausewise. Equality ignores source positions (``source``), so
``read(write(m)) == m`` compares content only.

Tree::

    Document(meta, blocks, footnotes)
      blocks: Heading | Paragraph | Decision
        Decision(number, title, organ, body, footnotes)
          body: Clause | Heading | OptionLabel
            Clause(part, label, content, subparagraphs)
              Subparagraph(label, content, subparagraphs)      (nested: (a) then (i))

Inline content (``Inlines``, a tuple) is built from:

    Text            plain text (may hold literal "[" "]" that are not negotiation brackets)
    Emph            the italic opening words ("*Recalling*")
    Bracket         a negotiation bracket "[...]", nested; ``opens``/``closes`` are False on the
                    part of a bracket that spans clauses (or is unbalanced in the source)
    Note            an editorial note "{...}"
    FootnoteRef     a reference to a Footnote by key
    Comment         a drafting comment (a party's position, a facilitator's remark)
    Insert, Delete  inline changes produced by comparison (never by a reader)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal, Union

__all__ = [
    "Source", "Text", "Emph", "Bracket", "Note", "FootnoteRef", "Comment", "Insert", "Delete",
    "Inline", "Inlines", "Footnote", "Subparagraph", "Clause", "Heading", "OptionLabel",
    "Paragraph", "Decision", "Metadata", "Document", "DecisionBlock", "Block",
    "plain_text", "walk_inlines", "clause_contents", "PREAMBULAR", "OPERATIVE",
]

PREAMBULAR: Literal["preambular"] = "preambular"
OPERATIVE: Literal["operative"] = "operative"
Part = Literal["preambular", "operative"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a node starts in the file it was read from (1-based line and column)."""

    path: str | None
    line: int
    column: int = 1
    #: for a Word file, the 1-based body paragraph number instead of a line
    paragraph: int | None = None

    def __str__(self) -> str:
        """Render as ``path:line:col`` (or ``path:paragraph N``)."""
        where = self.path or "<input>"
        if self.paragraph is not None:
            return f"{where}: paragraph {self.paragraph}"
        return f"{where}:{self.line}:{self.column}"


def _src() -> Source | None:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasised (italic) opening words of a clause, "*Recalling*"."""

    children: "Inlines"
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Bracket:
    """A negotiation bracket: text not yet agreed, "[...]"; may nest.

    ``opens`` is False when the "[" stands in an earlier clause (a bracket spanning clauses, or a
    stray "]" in the source); ``closes`` is False when the "]" stands in a later clause or never
    comes. Both True is the ordinary case.
    """

    children: "Inlines"
    opens: bool = True
    closes: bool = True
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Note:
    """An editorial note in braces, "{No text required}"; shown in italics, dropped from clean text."""

    children: "Inlines"
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A reference to the footnote with ``key`` (defined in the enclosing decision or document)."""

    key: str
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Comment:
    """A drafting comment anchored at this point, e.g. "US: Delete 'authorized'"."""

    text: str
    author: str | None = None
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Insert:
    """Inline content present only in the newer round (produced by comparison)."""

    children: "Inlines"
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Delete:
    """Inline content present only in the older round (produced by comparison)."""

    children: "Inlines"
    source: Source | None = _src()


Inline = Union[Text, Emph, Bracket, Note, FootnoteRef, Comment, Insert, Delete]
Inlines = tuple  # tuple[Inline, ...]; kept as a plain alias so dataclasses stay hashable


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote: its key as written in the source ("1", "*") and its text."""

    key: str
    content: Inlines
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Subparagraph:
    """A subparagraph "(a)" or "(i)" of a clause; ``label`` is the bare label ("a", "ii")."""

    label: str
    content: Inlines
    subparagraphs: tuple["Subparagraph", ...] = ()
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Clause:
    """A preambular or operative paragraph of a decision.

    ``label`` is the operative number as displayed ("5", "5 bis"), None for preambular clauses.
    It is not the clause's identity: comparison pairs clauses by content, never by label.
    """

    part: Part
    content: Inlines
    label: str | None = None
    subparagraphs: tuple[Subparagraph, ...] = ()
    source: Source | None = _src()

    @property
    def is_operative(self) -> bool:
        """True for an operative paragraph."""
        return self.part == OPERATIVE


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: a chapter ("一、引言", "I. Scope"), a section ("A. …"), or an annex ("Annex").

    ``level`` 1 is a chapter, 2 a section, 3 and below lower headings. ``role`` is "annex" for the
    heading that opens an annex (footnote numbering restarts there), else None.
    """

    level: int
    content: Inlines
    role: Literal["annex"] | None = None
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class OptionLabel:
    """An option label between clauses: "Option 1", or "Option 3: {No text required}"."""

    label: str
    content: Inlines = ()
    source: Source | None = _src()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A narrative paragraph outside any decision (a note by the Secretariat); ``label`` "12" or None."""

    content: Inlines
    label: str | None = None
    source: Source | None = _src()


DecisionBlock = Union[Clause, Heading, OptionLabel]


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision: number or placeholder, title, organ line, clauses in order, its footnotes."""

    number: str | None
    title: Inlines
    organ: Inlines
    body: tuple[DecisionBlock, ...]
    footnotes: tuple[Footnote, ...] = ()
    #: "Draft decision" or "Decision" (or the language's equivalent) as written in the heading
    kind: str | None = None
    source: Source | None = _src()

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """All clauses, preambular then operative, in document order."""
        return tuple(b for b in self.body if isinstance(b, Clause))

    @property
    def preambular(self) -> tuple[Clause, ...]:
        """The preambular clauses in order."""
        return tuple(b for b in self.body if isinstance(b, Clause) and b.part == PREAMBULAR)

    @property
    def operative(self) -> tuple[Clause, ...]:
        """The operative clauses in order."""
        return tuple(b for b in self.body if isinstance(b, Clause) and b.part == OPERATIVE)


Block = Union[Heading, Paragraph, Decision]


@dataclass(frozen=True, slots=True)
class Metadata:
    """The masthead and front matter of a document.

    Display fields (``body``, ``session``, ``venue``, ``agenda_item``, ``agenda_title``, ``title``,
    ``subtitle``) are inline content so they can carry footnote references ("在线*").
    """

    language: str = "en"
    symbol: str | None = None
    distribution: str | None = None      # "General", "Limited", "Restricted"
    date: str | None = None              # as printed, e.g. "7 January 2020" or ISO "2021-08-20"
    original_language: str | None = None  # "English"
    body: Inlines = ()
    session: Inlines = ()
    venue: Inlines = ()
    agenda_item: Inlines = ()
    agenda_title: Inlines = ()
    title: Inlines = ()
    subtitle: Inlines = ()               # "Note by the Secretariat"
    job_number: str | None = None
    round: str | None = None             # the negotiation round's label ("r2", "Version 14/11/2024")
    family: str | None = None            # document family / template ("unep", "ungeneva")
    #: any further front-matter keys, kept in order (key, value) so nothing is lost
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A whole file: metadata, then headings, narrative paragraphs and decisions in order."""

    meta: Metadata
    blocks: tuple[Block, ...]
    #: footnotes of the narrative part (a decision's own footnotes live in the Decision)
    footnotes: tuple[Footnote, ...] = ()

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions in document order."""
        return tuple(b for b in self.blocks if isinstance(b, Decision))


# ---------------------------------------------------------------- functions on the model


def walk_inlines(inlines: Inlines) -> Iterator[Inline]:
    """Yield every inline node of ``inlines``, depth first, parents before children."""
    for node in inlines:
        yield node
        children = getattr(node, "children", None)
        if children:
            yield from walk_inlines(children)


def clause_contents(clause: "Clause | Subparagraph") -> Iterator[Inlines]:
    """The inline contents of a clause: its own, then its subparagraphs' in reading order."""
    yield clause.content
    stack = list(reversed(clause.subparagraphs))
    while stack:
        sub = stack.pop()
        yield sub.content
        stack.extend(reversed(sub.subparagraphs))


def plain_text(inlines: Inlines, *, brackets: bool = True, notes: bool = True) -> str:
    """The text of ``inlines`` as a reader sees it: brackets as "[" "]", notes as "{…}".

    Footnote references and comments contribute nothing; ``Delete`` content is skipped and
    ``Insert`` content kept (the newer reading).
    """
    out: list[str] = []

    def visit(items: Inlines) -> None:
        for node in items:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, Emph) or isinstance(node, Insert):
                visit(node.children)
            elif isinstance(node, Bracket):
                if brackets and node.opens:
                    out.append("[")
                visit(node.children)
                if brackets and node.closes:
                    out.append("]")
            elif isinstance(node, Note):
                if notes:
                    out.append("{")
                    visit(node.children)
                    out.append("}")
            elif isinstance(node, (FootnoteRef, Comment, Delete)):
                pass
            else:  # pragma: no cover - the union is closed
                raise TypeError(f"not an inline node: {node!r}")

    visit(inlines)
    return "".join(out)
