"""The draft format: a plain-text decision (Markdown subset with YAML front matter), read and written.

``read`` turns draft text into a ``Document``; ``write`` turns any Document back into canonical
draft text (``write(read(x))`` is a fixed point, ``read(write(m)) == m``); ``read_file`` adds the
checks a file on disk needs (size, encoding, binary); ``canonical`` is what ``clausewise fmt``
writes. The syntax is specified in docs/draft-format.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path


from clausewise import lang as languages
from clausewise.errors import InputError, OutputError, ParseError
from clausewise.formats.draft_inline import MAX_DEPTH, Positions, parse_inlines, write_inlines
from clausewise.formats.draft_meta import read_front_matter, write_front_matter
from clausewise.model import (OPERATIVE, PREAMBULAR, Clause, Decision, Document, Footnote, Heading,
                              OptionLabel, Paragraph, Source, Subparagraph, plain_text)

__all__ = ["read", "write", "read_file", "canonical", "MAX_BYTES", "MAX_DEPTH", "MAX_SUB_DEPTH"]

#: largest draft read_file accepts: a long decision is 50 KB, a whole pre-session document 200 KB;
#: reading takes about 1–2 s per MB, so 5 MB stays within seconds
MAX_BYTES = 5 * 1024 * 1024
#: deepest subparagraph nesting read ((a), (i), (A) … real decisions use three or four levels)
MAX_SUB_DEPTH = 20
#: characters XML 1.0 (so Word) cannot hold: C0 controls other than tab and line ends, U+FFFE, U+FFFF
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*))?\Z")
FOOTNOTE_DEF = re.compile(r"\[\^([^\]\[\s\\]+)\]:(?:[ \t]+(.*))?\Z")
OPTION = re.compile(r"\*\*([^*]+?)(:?)\*\*(?:[ \t]+(.*))?\Z")
SUB_LABEL = r"[a-z]{1,3}|[ivxlcdm]{1,7}|[A-Z]{1,2}|[а-яё]{1,2}|[\u0621-\u064a]{1,2}|\d{1,3}"
SUB_PAREN = re.compile(rf"\(({SUB_LABEL})\)(?:[ \t]+(.*))?\Z")
SUB_ANY = re.compile(rf"(?:\(({SUB_LABEL})\)|({SUB_LABEL})\))(?:[ \t]+(.*))?\Z")
UNNUMBERED = re.compile(r"-(?:[ \t]+(.*))?\Z")
BREAK = re.compile(r"(?:-{3,}|\*{3,}|_{3,})\Z")
COMMENTS_ONLY = re.compile(r"(?:<!--.*?-->\s*)+\Z", re.S)


def read_file(path: str | Path) -> Document:
    """Read a draft file: InputError when it is missing, too big, binary, not UTF-8 or empty."""
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise InputError("is a folder, not a draft", name)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size / 1024 / 1024:.1f} MB; drafts are limited to "
                             f"{MAX_BYTES // (1024 * 1024)} MB", name)
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    return read(decode(data, name), name)


_MAGIC = ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word .doc or password-protected Word file (OLE); "
                                                    "save it as .docx and give that"),
          (b"PK\x03\x04", "a zip archive (a Word .docx under another name?); name it .docx"),
          (b"%PDF-", "a PDF; convert it to text (.txt) or Word (.docx) first"),
          (b"{\\rtf", "an RTF file; save it as .docx"))


def binary_kind(data: bytes) -> str | None:
    """What a file that is not text is, from its first bytes (legacy .doc, zip, PDF, RTF), or None."""
    return next((what for magic, what in _MAGIC if data.startswith(magic)), None)


def decode(data: bytes, path: str | None = None) -> str:
    """The text of a draft file's bytes; InputError for binary, non-UTF-8 or empty content."""
    known = binary_kind(data)
    if known:
        raise InputError(f"not a text draft: {known}", path)
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"binary file (NUL byte at offset {nul}), not a text draft", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise InputError(f"not UTF-8: invalid byte 0x{bad} at offset {exc.start}; "
                         "save the draft as UTF-8", path) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("empty file: a draft needs at least one paragraph", path)
    return text


def canonical(text: str, path: str | None = None) -> str:
    """The canonical form of draft ``text`` (what ``clausewise fmt`` writes), front-matter comments kept.

    The model has no place for YAML comments ("# illustrative round, not a UN text"), so ``fmt``
    carries the front matter's whole-line comments over textually, at the top of the front matter.
    """
    result = write(read(text, path))
    comments = _front_matter_comments(text)
    if comments and result.startswith("---\n"):
        result = "---\n" + "".join(line + "\n" for line in comments) + result[4:]
    return result


def _front_matter_comments(text: str) -> list[str]:
    """The whole-line YAML comments of ``text``'s front matter, in order."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        return []
    comments = []
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return comments
        if line.lstrip().startswith("#"):
            comments.append(line.strip())
    return []


# ---------------------------------------------------------------- reading: blocks


@dataclass
class _Block:
    kind: str            # heading, footnote, option, numbered, sub, text
    line: int            # first line (1-based)
    indent: int
    lines: list = field(default_factory=list)  # (line, column, text) of each source line, text stripped
    match: re.Match | None = None
    start: int = 0       # column offset of the content within the first line's stripped text


def _indent(raw: str) -> int:
    n = 0
    for ch in raw:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4
        else:
            break
    return n


class _Reader:
    def __init__(self, text: str, path: str | None):
        self.path = path
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        self.lines = text.split("\n")

    def error(self, message: str, line: int, column: int = 1) -> ParseError:
        return ParseError(message, self.path, line, column)

    # ---- classification

    def classify(self, stripped: str, indent: int, lang, at_block_start: bool) -> tuple[str, re.Match | None, int]:
        """The kind of block a line starts, with its match and where its content starts."""
        if indent > 0:
            m = SUB_ANY.match(stripped)
            if m:
                return "sub", m, m.start(3) if m.group(3) is not None else len(stripped)
        for kind, pattern, group in (("heading", HEADING, 2), ("footnote", FOOTNOTE_DEF, 2),
                                     ("numbered", self.numbered(lang), 3), ("option", OPTION, 3),
                                     ("unnumbered", UNNUMBERED, 1)):
            m = pattern.match(stripped)
            if m:
                return kind, m, m.start(group) if m.group(group) is not None else len(stripped)
        if at_block_start:
            m = SUB_PAREN.match(stripped)
            if m:
                return "sub?", m, m.start(2) if m.group(2) is not None else len(stripped)
        return "text", None, 0

    def numbered(self, lang):
        """The pattern of a numbered (operative) line in ``lang``."""
        return _numbered(lang)

    def blocks(self, first: int, lang) -> list[_Block]:
        """Split the body (from line index ``first``) into blocks."""
        out: list[_Block] = []
        current: _Block | None = None
        for idx in range(first, len(self.lines)):
            raw = self.lines[idx]
            stripped = raw.strip()
            lineno = idx + 1
            if not stripped:
                current = None
                continue
            indent = _indent(raw)
            column = len(raw) - len(raw.lstrip()) + 1
            if BREAK.match(stripped) and indent < 4:
                current = None  # a thematic break (page break in a transcription) is dropped
                continue
            kind, m, start = self.classify(stripped, indent, lang, current is None)
            if current is not None and kind in ("text", "sub?"):
                current.lines.append((lineno, column, stripped))
                continue
            current = _Block(kind, lineno, indent, [(lineno, column, stripped)], m, start)
            out.append(current)
            if kind == "heading":
                current = None  # a heading is one line
        # a block holding only drafting comments belongs to the block before it
        merged: list[_Block] = []
        for block in out:
            if merged and block.kind == "text" and COMMENTS_ONLY.match(" ".join(t for _, _, t in block.lines)):
                merged[-1].lines.extend(block.lines)
                continue
            merged.append(block)
        return merged

    def content(self, block: _Block) -> tuple[str, Positions]:
        """The joined text of a block's content (after its marker) and its positions."""
        segments = []
        parts = []
        offset = 0
        for k, (line, column, text) in enumerate(block.lines):
            if k == 0:
                text = text[block.start:]
                column += block.start
            if not text:
                continue
            if parts:
                offset += 1
            segments.append((offset, line, column))
            parts.append(text)
            offset += len(text)
        if not segments:
            segments.append((0, block.line, block.lines[0][1] + block.start))
        return " ".join(parts), Positions(self.path, segments)

    # ---- whole document

    def read(self) -> Document:
        fm = read_front_matter(self.lines, self.path)
        meta = fm.meta
        lang = languages.get(meta.language)
        blocks = self.blocks(fm.body_start, lang)
        if fm.single:
            source = Source(self.path, fm.lines["decision"], 1)
            decision, _ = self.decision(blocks, 0, lang, fm.number, meta.title, fm.kind, source, level=0)
            return Document(meta=meta, blocks=(decision,), footnotes=())
        return self.document(meta, blocks, lang)

    def document(self, meta, blocks: list[_Block], lang) -> Document:
        out: list = []
        footnotes: list[Footnote] = []
        carry = 0  # brackets open across narrative headings and paragraphs (negotiating texts)
        i = 0
        while i < len(blocks):
            block = blocks[i]
            src = Source(self.path, block.line, block.lines[0][1])
            text, where = self.content(block)
            if block.kind == "heading":
                level = len(block.match.group(1))
                shape = _decision_heading(text, lang)
                if shape is None and _near_decision_heading(text, lang):
                    raise self.error(f"this heading looks like a decision heading but has no ':' before its "
                                     f"title; write '{_near_decision_heading(text, lang)}'", block.line,
                                     block.lines[0][1])
                if shape is not None:
                    kind, number, title_text, title_offset = shape
                    title = ()
                    if title_text is not None:
                        title = self.inlines(title_text, Positions(where.path, [
                            (0, where.segments[0][1], where.segments[0][2] + title_offset)]))[0]
                    decision, i = self.decision(blocks, i + 1, lang, number, title, kind, src, level=level)
                    out.append(decision)
                    carry = 0
                    continue
                content, carry = self.inlines(text, where, carry)
                out.append(Heading(level, content, role=_role(text, lang), source=src))
            elif block.kind == "footnote":
                footnotes.append(Footnote(block.match.group(1), self.inlines(text, where)[0], source=src))
            elif block.kind == "numbered":
                content, carry = self.inlines(text, where, carry)
                out.append(Paragraph(content, label=block.match.group(1), source=src))
            elif block.kind == "option":
                raise self.error("an option label (**…**) stands only inside a decision; put a decision "
                                 "heading above it or write the text without '**'", block.line, block.lines[0][1])
            else:  # text, and subparagraph shapes outside a decision, are narrative text
                block.start = 0
                text, where = self.content(block)
                content, carry = self.inlines(text, where, carry)
                out.append(Paragraph(content, label=None, source=src))
            i += 1
        return Document(meta=meta, blocks=tuple(out), footnotes=tuple(footnotes))

    def inlines(self, text: str, where: Positions, carry: int = 0):
        return parse_inlines(text, where, carry)

    def decision(self, blocks, i, lang, number, title, kind, source, level):
        """Read a decision's blocks from ``i`` until a heading of ``level`` or higher; returns (Decision, next i)."""
        organ: tuple = ()
        organ_seen = False
        body: list = []
        footnotes: list[Footnote] = []
        carry = 0
        # subparagraph nesting: stack of (indent, list-of-children, label, content, source)
        subs: list = []

        def close_subs(to: int = 0) -> None:
            while len(subs) > to:
                indent, children, label, content, src = subs.pop()
                node = Subparagraph(label, content, tuple(children), source=src)
                if subs:
                    subs[-1][1].append(node)
                else:
                    clause = body[-1]
                    body[-1] = Clause(clause.part, clause.content, clause.label,
                                      clause.subparagraphs + (node,), source=clause.source)

        while i < len(blocks):
            block = blocks[i]
            src = Source(self.path, block.line, block.lines[0][1])
            text, where = self.content(block)
            if block.kind == "heading" and level > 0 and len(block.match.group(1)) <= level:
                break
            if block.kind in ("sub", "sub?"):
                if block.kind == "sub?" and not (body and isinstance(body[-1], Clause)):
                    block.kind = "text"
                elif not (body and isinstance(body[-1], Clause)):
                    raise self.error("subparagraph has no clause above it (indented '(a)' lines belong "
                                     "to the numbered or preambular paragraph before them)",
                                     block.line, block.lines[0][1])
            if block.kind in ("sub", "sub?"):
                m = block.match
                label = m.group(1) or (m.group(2) if block.kind == "sub" else None)
                while subs and subs[-1][0] >= block.indent:
                    close_subs(len(subs) - 1)
                if len(subs) >= MAX_SUB_DEPTH:
                    raise self.error(f"subparagraphs nested more than {MAX_SUB_DEPTH} levels deep; "
                                     "the draft format stops there", block.line, block.lines[0][1])
                content, carry = self.inlines(text, where, carry)
                subs.append((block.indent, [], label, content, src))
                i += 1
                continue
            if block.kind == "footnote":
                footnotes.append(Footnote(block.match.group(1), self.inlines(text, where)[0], source=src))
                i += 1
                continue
            close_subs()
            if block.kind == "heading":
                hashes = len(block.match.group(1))
                content, carry = self.inlines(text, where, carry)
                body.append(Heading(hashes - level, content, role=_role(text, lang), source=src))
            elif block.kind == "option":
                m = block.match
                content, carry = self.inlines(text, where, carry)
                body.append(OptionLabel(m.group(1).strip(), content, source=src))
            elif block.kind == "numbered":
                content, carry = self.inlines(text, where, carry)
                body.append(Clause(OPERATIVE, content, label=block.match.group(1), source=src))
            elif block.kind == "unnumbered":  # "- text": an operative paragraph without a number
                content, carry = self.inlines(text, where, carry)
                body.append(Clause(OPERATIVE, content, label=None, source=src))
            else:
                block.start = 0
                text, where = self.content(block)
                content, carry = self.inlines(text, where, carry)
                if not organ_seen and not body and not _opens_preambular(content, lang):
                    organ, organ_seen = content, True
                else:
                    body.append(Clause(PREAMBULAR, content, source=src))
            i += 1
        close_subs()
        decision = Decision(number=number, title=title, organ=organ, body=tuple(body),
                            footnotes=tuple(footnotes), kind=kind, source=source)
        if level == 0:
            return decision, []
        return decision, i


def _numbered(lang) -> re.Pattern:
    """The pattern of an operative number ("5.", "5 bis.", Arabic "5-") in ``lang``."""
    return _numbered_for(lang.code)


@lru_cache(maxsize=None)
def _numbered_for(code: str) -> re.Pattern:
    lang = languages.get(code)
    suffixes = "|".join(re.escape(s) for s in sorted(set(lang.insert_suffixes) | set(_LATIN_SUFFIXES),
                                                     key=len, reverse=True))
    marks = "[.-]" if lang.rtl else r"\."
    return re.compile(rf"(\d{{1,4}}(?: ?(?:{suffixes}))?)({marks})(?:[ \t]+(.*))?\Z")


_LATIN_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


def _role(text: str, lang) -> str | None:
    """``"annex"`` when heading text starts with the language's annex word, bracketed or not ("[Annex I")."""
    text = text.lstrip("[ ")
    for word in sorted(lang.annex_words, key=len, reverse=True):
        if text.startswith(word):
            rest = text[len(word):len(word) + 1]
            if not rest or not lang.spaced or not rest.isalpha():
                return "annex"
    return None


def _decision_heading(text: str, lang):
    """(kind, number, title text, title offset) when heading ``text`` opens a decision, else None."""
    for word in sorted(lang.decision_words, key=len, reverse=True):
        if not text.startswith(word):
            continue
        m = re.compile(r"(?: +([^\s:：]+))?(?: *[:：](?: *)(.*))?\Z").match(text, len(word))
        if not m:
            continue
        number = m.group(1)
        if m.group(2) is None and m.end() != len(text):
            continue
        title = m.group(2)
        offset = m.start(2) if title is not None else len(text)
        return word, number, title, offset
    return None


def _opens_preambular(content, lang) -> bool:
    """Whether ``content`` starts with a preambular opening ("Recalling"), so it is no organ line."""
    text = plain_text(content, brackets=False, notes=False).lstrip()
    return bool(text) and lang.is_opening(text, PREAMBULAR) is not None


def _near_decision_heading(text: str, lang) -> str | None:
    """The corrected heading when ``text`` is a decision heading missing its colon, else None."""
    for word in sorted(lang.decision_words, key=len, reverse=True):
        m = re.match(rf"{re.escape(word)} +(\S*[\d/]\S*) +([^\s:：].*)\Z", text)
        if m and ":" not in m.group(1):
            return f"{word} {m.group(1)}: {m.group(2)}"
    return None


def read(text: str, path: str | None = None) -> Document:
    """Parse draft ``text`` into a Document; ParseError names path, line and column."""
    bad = CONTROL.search(text)
    if bad:
        start = bad.start()
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        raise ParseError(f"control character U+{ord(bad.group()):04X} cannot stand in a draft "
                         "(a Word file cannot hold it); delete it", path, line, column)
    return _Reader(text, path).read()


# ---------------------------------------------------------------- writing


def _fail(message: str) -> OutputError:
    return OutputError(f"cannot write this document as a draft: {message}")


def _unit(inlines, lang, *, block_start: bool) -> str:
    """Inline markup for a unit, with the escapes its position at the start of a line needs."""
    s = write_inlines(inlines, _fail)
    if not block_start or not s:
        return s
    if s[0] == "#" or (s[0] == "(" and SUB_PAREN.match(s)) or BREAK.match(s) or UNNUMBERED.match(s):
        return "\\" + s
    m = _numbered(lang).match(s)
    if m:
        return s[:m.start(2)] + "\\" + s[m.start(2):]
    m = FOOTNOTE_DEF.match(s)
    if m:
        colon = s.index("]:") + 1
        return s[:colon] + "\\" + s[colon:]
    if s.startswith("**"):
        raise _fail("a paragraph cannot start with empty emphasis '**'")
    if COMMENTS_ONLY.match(s):
        raise _fail("a paragraph cannot consist only of drafting comments")
    return s


def _line(prefix: str, body: str) -> str:
    return f"{prefix} {body}" if body else prefix


def _label(label, lang, what: str) -> str:
    """``label`` when the reader will read it back as the number of ``what``, else OutputError."""
    m = _numbered(lang).match(f"{label}. x") if label else None
    if not m or m.group(1) != label:
        raise _fail(f"{what} number {label!r} is not a draft number ('5', '5 bis')")
    return label


def _key(key: str) -> str:
    if not re.fullmatch(r"[^\]\[\s\\]+", key or ""):
        raise _fail(f"footnote key {key!r} must be one word without brackets")
    return key


def _write_footnotes(footnotes, out: list[str]) -> None:
    for fn in footnotes:
        out.append(_line(f"[^{_key(fn.key)}]:", write_inlines(fn.content, _fail)))


def _write_subs(subs, depth: int, lang, out: list[str]) -> None:
    for sub in subs:
        if not re.fullmatch(SUB_LABEL, sub.label or ""):
            raise _fail(f"subparagraph label {sub.label!r} is not a draft label ('a', 'ii', '1')")
        out.append("   " * depth + _line(f"({sub.label})", write_inlines(sub.content, _fail)))
        _write_subs(sub.subparagraphs, depth + 1, lang, out)


def _write_decision(d: Decision, level: int, lang, out: list[str]) -> None:
    """Append the blocks of decision ``d``; ``level`` is its heading's level (0: front-matter form)."""
    if level:
        kind = d.kind or lang.decision_words[0]  # a decision read without its heading word gets one
        if d.number and re.search(r"[\s:：]", d.number):
            raise _fail(f"decision number {d.number!r} in a heading must be one word without ':'")
        if kind not in lang.decision_words:
            raise _fail(f"decision kind {kind!r} is not a {lang.name} decision word "
                        f"({', '.join(lang.decision_words)})")
        head = kind + (f" {d.number}" if d.number else "")
        title = write_inlines(d.title, _fail)
        out.append("#" * level + " " + head + (f": {title}" if title else ""))
    if d.organ:
        out.append(_unit(d.organ, lang, block_start=True))
    for block in d.body:
        if isinstance(block, Clause):
            if block.part == OPERATIVE and block.label is None:
                out.append(_line("-", write_inlines(block.content, _fail)))
            elif block.part == OPERATIVE:
                label = _label(block.label, lang, "operative paragraph")
                out.append(_line(f"{label}.", write_inlines(block.content, _fail)))
            else:
                if not block.content:
                    raise _fail("an empty preambular paragraph")
                out.append(_unit(block.content, lang, block_start=True))
            _write_subs(block.subparagraphs, 1, lang, out)
        elif isinstance(block, Heading):
            out.append(_line("#" * (level + block.level), write_inlines(block.content, _fail)))
        elif isinstance(block, OptionLabel):
            content = write_inlines(block.content, _fail)
            if not block.label or "*" in block.label or block.label != block.label.strip() or block.label.endswith(":"):
                raise _fail(f"option label {block.label!r} must be text without '*' or a final ':'")
            out.append(f"**{block.label}:** {content}" if content else f"**{block.label}**")
    _write_footnotes(d.footnotes, out)


def write(doc: Document) -> str:
    """The canonical draft text of ``doc``: front matter, then one block per line, blank lines between."""
    try:
        lang = languages.get(doc.meta.language)
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from None
    blocks = doc.blocks
    single = (len(blocks) == 1 and isinstance(blocks[0], Decision)
              and not doc.footnotes and doc.meta.title == blocks[0].title)
    out: list[str] = []
    if single:
        d = blocks[0]
        out.append(write_front_matter(doc.meta, decision=d))
        _write_decision(d, 0, lang, out)
        return _join(out)
    out.append(write_front_matter(doc.meta))
    # where the document's own footnotes go: before the headings that lead into the first decision
    first = next((k for k, b in enumerate(blocks) if isinstance(b, Decision)), len(blocks))
    while first > 0 and first < len(blocks) and isinstance(blocks[first - 1], Heading):
        first -= 1
    levels = _decision_levels(blocks)
    for k, block in enumerate(blocks):
        if k == first:
            _write_footnotes(doc.footnotes, out)
        if isinstance(block, Decision):
            _write_decision(block, levels[k], lang, out)
        elif isinstance(block, Heading):
            out.append(_line("#" * block.level, write_inlines(block.content, _fail)))
        elif isinstance(block, Paragraph):
            if k and isinstance(blocks[k - 1], Decision):
                raise _fail("a narrative paragraph right after a decision needs a heading before it")
            if block.label:
                label = _label(block.label, lang, "narrative paragraph")
                out.append(_line(f"{label}.", write_inlines(block.content, _fail)))
            else:
                if not block.content:
                    raise _fail("an empty unnumbered paragraph")
                out.append(_unit(block.content, lang, block_start=True))
    if first >= len(blocks):
        _write_footnotes(doc.footnotes, out)
    return _join(out)


def _decision_levels(blocks) -> dict[int, int]:
    """The heading level of each decision: 2, or deeper so that the heading after it ends it."""
    levels: dict[int, int] = {}
    for k in range(len(blocks) - 1, -1, -1):
        if isinstance(blocks[k], Decision):
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            level = 2
            if isinstance(nxt, Heading):
                level = max(level, nxt.level)
            elif isinstance(nxt, Decision):
                level = max(level, levels[k + 1])
            levels[k] = level
    return levels


def _join(parts: list[str]) -> str:
    return "\n\n".join(p for p in parts if p is not None) + "\n"
