"""Hypothesis strategies for arbitrary valid models (documents, decisions, inlines), for any test to reuse.

"Valid" means what the draft format can hold (docs/draft-format.md, "What a draft can hold"): no
text unit starts or ends with whitespace, adjacent ``Text`` nodes are merged, opening-words
emphasis is not nested and not empty, a bracket spanning units opens at the end of one clause and
closes at the start of the next, operative clauses are numbered and preambular ones are not,
document-level headings do not look like decision headings.

Use ``documents()`` for whole files, ``decisions(lang)`` for one decision, ``inlines()`` for
clause text. Sources are left unset (equality ignores them anyway).
"""

from __future__ import annotations

from functools import lru_cache

from hypothesis import strategies as st

from clausewise import lang as languages
from clausewise.formats.draft import (COMMENTS_ONLY, _decision_heading, _near_decision_heading, _opens_preambular,
                                      _role)
from clausewise.formats.draft_inline import write_inlines
from clausewise.formats.draft_meta import KNOWN_KEYS
from clausewise.model import (OPERATIVE, PREAMBULAR, Bracket, Clause, Comment, Decision, Document, Emph,
                              Footnote, FootnoteRef, Heading, Metadata, Note, OptionLabel, Paragraph,
                              Subparagraph, Text)

__all__ = ["texts", "inlines", "units", "decisions", "documents", "metadata", "merge_texts"]

# letters of the six languages, digits, spaces and every character the markup uses
ALPHABET = ("abcdefgxyzABC" "回顾同意请欢迎，；。：" "إذيشير،؛" "Просит" "0123456789 "
            "[]{}*\\<!-^#().:,;-_>\"'`~")

texts = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
KEYS = st.sampled_from(["1", "2", "3", "*", "**", "a", "note-1"])
AUTHORS = st.sampled_from([None, "US", "EU", "G77 and China", "Co-facilitators"])
COMMENT_TEXT = st.text(alphabet="abc xyz'.,;:回顾-", max_size=15).map(str.strip).filter(
    lambda s: "-->" not in s)


def merge_texts(nodes) -> tuple:
    """``nodes`` with adjacent Text nodes joined and empty ones dropped (what a reader yields)."""
    out: list = []
    for node in nodes:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


@lru_cache(maxsize=None)
def _inline(depth: int, in_emph: bool):
    leaves = st.one_of(
        texts.map(Text),
        texts.map(Text),
        KEYS.map(FootnoteRef),
        st.builds(Comment, COMMENT_TEXT, AUTHORS),
    )
    if depth <= 0:
        return leaves
    inner = st.lists(_inline(depth - 1, in_emph), max_size=3).map(merge_texts)
    options = [leaves,
               inner.map(lambda c: Bracket(c)),
               inner.map(lambda c: Note(c))]
    if not in_emph:
        emph_inner = st.lists(_inline(depth - 1, True), min_size=1, max_size=3).map(merge_texts).filter(bool)
        options.append(emph_inner.map(Emph))
    return st.one_of(*options)


@lru_cache(maxsize=None)
def inlines(depth: int = 2, min_size: int = 0, max_size: int = 5):
    """Inline content (merged, balanced brackets), not yet checked for edge whitespace."""
    return st.lists(_inline(depth, False), min_size=min_size, max_size=max_size).map(merge_texts)


def _clean_unit(content) -> bool:
    s = write_inlines(content)
    return s == s.strip() and not COMMENTS_ONLY.match(s) and not s.startswith("**")


@lru_cache(maxsize=None)
def units(min_size: int = 0):
    """Content of one text unit (a clause, a heading): no whitespace at its ends."""
    return inlines(min_size=min_size).filter(_clean_unit).filter(lambda c: len(c) >= min_size)


@lru_cache(maxsize=None)
def _nonempty_unit():
    return units(min_size=1).filter(lambda c: write_inlines(c) != "")


SUB_LABELS = st.sampled_from(["a", "b", "c", "i", "ii", "iv", "aa"])


@lru_cache(maxsize=None)
def _subparagraphs(depth: int):
    if depth <= 0:
        return st.just(())
    return st.lists(st.builds(Subparagraph, SUB_LABELS, units(), _subparagraphs(depth - 1)),
                    max_size=2).map(tuple)


def _labels(lang):
    return _labels_for(lang.code)


@lru_cache(maxsize=None)
def _labels_for(code: str):
    lang = languages.get(code)
    suffix = st.sampled_from(["", "", " bis", " ter", "bis"] + [f" {s}" for s in lang.insert_suffixes[:2]])
    return st.builds(lambda n, s: f"{n}{s}", st.integers(1, 40), suffix)


@st.composite
def _heading(draw, lang, max_level: int):
    content = draw(units())
    level = draw(st.integers(1, max_level))
    return Heading(level, content, role=_role(write_inlines(content), lang))


@st.composite
def decisions(draw, lang=None, kind_required: bool = True, max_heading_level: int = 2):
    """One decision in ``lang`` (a Language or code; drawn when None)."""
    if lang is None:
        lang = languages.get(draw(st.sampled_from(languages.CODES)))
    elif isinstance(lang, str):
        lang = languages.get(lang)
    body: list = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.sampled_from(["pp", "op", "op", "op", "heading", "option"]))
        if choice == "pp":
            body.append(Clause(PREAMBULAR, draw(_nonempty_unit()), None, draw(_subparagraphs(2))))
        elif choice == "op":
            label = draw(st.one_of(_labels(lang), _labels(lang), _labels(lang), st.none()))
            body.append(Clause(OPERATIVE, draw(units()), label, draw(_subparagraphs(2))))
        elif choice == "heading":
            body.append(draw(_heading(lang, max_heading_level)))
        else:
            label = draw(st.sampled_from([f"{lang.option_words[0]} 1", f"{lang.option_words[0]} 2", "Alt A"]))
            body.append(OptionLabel(label, draw(units())))
    organ = draw(_nonempty_unit().filter(lambda c: not _opens_preambular(c, lang))) if draw(st.booleans()) or (
        body and isinstance(body[0], Clause) and body[0].part == PREAMBULAR) else ()
    # a bracket spanning two adjacent clauses: "[…" ends one, "…]" starts the next
    if draw(st.booleans()):
        spots = [k for k in range(len(body) - 1)
                 if isinstance(body[k], Clause) and isinstance(body[k + 1], Clause)
                 and not body[k].subparagraphs]
        if spots:
            k = draw(st.sampled_from(spots))
            head = draw(units())
            tail = draw(units())
            a, b = body[k], body[k + 1]
            body[k] = Clause(a.part, a.content + (Bracket(head, opens=True, closes=False),), a.label)
            body[k + 1] = Clause(b.part, (Bracket(tail, opens=False, closes=True),) + b.content, b.label,
                                 b.subparagraphs)
    # a "]" with nothing open, at the start of the organ; a "[" never closed, at the end of the decision
    if organ and draw(st.booleans()):
        organ = (Bracket(draw(units()), opens=False, closes=True),) + organ
    if body and isinstance(body[-1], Clause) and not body[-1].subparagraphs and draw(st.booleans()):
        last = body[-1]
        body[-1] = Clause(last.part, last.content + (Bracket(draw(units()), closes=False),), last.label)
    body = [b for b in body if not isinstance(b, Clause) or _clean_unit(b.content)]
    if not organ:  # without an organ line the first unnumbered paragraph would become one
        while body and isinstance(body[0], Clause) and body[0].part == PREAMBULAR:
            body.pop(0)
    numbers = st.sampled_from([None, "MC-4/[--]", "1/CP.21", "5/3", "XV/12", "-/CMA.3"])
    kinds = st.sampled_from(lang.decision_words)
    kind = draw(kinds) if kind_required else draw(st.one_of(st.none(), kinds))
    footnotes = tuple(draw(st.lists(st.builds(Footnote, KEYS, units()), max_size=2)))
    return Decision(number=draw(numbers), title=draw(units()), organ=organ, body=tuple(body),
                    footnotes=footnotes, kind=kind)


_EXTRA_KEYS = st.sampled_from(["party", "facilitator", "x-note", "status", "Version"]).filter(
    lambda k: k not in KNOWN_KEYS)
_META_TEXT = st.one_of(st.none(), st.text(alphabet=ALPHABET + "\n", min_size=1, max_size=15))


@st.composite
def metadata(draw, language: str | None = None):
    """Front matter: any language, plain fields, display fields with inline markup, extra keys."""
    code = language or draw(st.sampled_from(languages.CODES))
    display = st.one_of(st.just(()), inlines(max_size=3))
    extra_keys = draw(st.lists(_EXTRA_KEYS, unique=True, max_size=2))
    return Metadata(
        language=code, symbol=draw(_META_TEXT), distribution=draw(_META_TEXT), date=draw(_META_TEXT),
        original_language=draw(_META_TEXT), body=draw(display), session=draw(display),
        venue=draw(display), agenda_item=draw(display), agenda_title=draw(display), title=draw(display),
        subtitle=draw(display), job_number=draw(_META_TEXT), round=draw(_META_TEXT), family=draw(_META_TEXT),
        extra=tuple((k, draw(st.text(alphabet=ALPHABET, max_size=10))) for k in extra_keys))


@st.composite
def documents(draw):
    """A whole draft: a single decision (front-matter form) or headings, paragraphs and decisions."""
    meta = draw(metadata())
    lang = languages.get(meta.language)
    if draw(st.integers(0, 3)) == 0:
        d = draw(decisions(lang, kind_required=False, max_heading_level=4))
        from dataclasses import replace
        return Document(replace(meta, title=d.title), (d,), ())
    blocks: list = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.sampled_from(["heading", "para", "numbered", "decision"]))
        after_decision = bool(blocks) and isinstance(blocks[-1], Decision)
        if choice == "heading":
            h = draw(_heading(lang, 3))
            written = write_inlines(h.content)
            if _decision_heading(written, lang) is None and _near_decision_heading(written, lang) is None:
                blocks.append(h)
        elif choice in ("para", "numbered") and not after_decision:
            label = draw(_labels(lang)) if choice == "numbered" else None
            blocks.append(Paragraph(draw(units() if label else _nonempty_unit()), label))
        elif choice == "decision":
            blocks.append(draw(decisions(lang, max_heading_level=2)))
    footnotes = tuple(draw(st.lists(st.builds(Footnote, KEYS, units()), max_size=2)))
    doc = Document(meta, tuple(blocks), footnotes)
    if len(blocks) == 1 and isinstance(blocks[0], Decision) and not footnotes and meta.title == blocks[0].title:
        return doc  # written in front-matter form, which reads back the same
    return doc
