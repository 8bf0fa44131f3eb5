"""Plain-text UN exports: a best-effort reader into the model, and a writer of clean plain text.

The reader takes what people actually have: text pulled out of a PDF (running page headers,
form feeds, lines wrapped at the page width, "Pp1" margin labels inline, footnote digits glued to
words) or out of a Word file (one paragraph per line, tab after the number, superscript footnote
digits, footnotes appended after a "---- footnotes.xml ----" line). It never fails on text: what
it cannot place becomes a narrative paragraph.

What it drops (documented, see docs/brackets.md): running page headers and page numbers
("AD HOC WORKING GROUP …", "ADP.2015.8.InformalNote", "Page 10 of 20", "24 of 46" — any line that
repeats at the top of most pages), form feeds, margin labels "Pp1", "Pp2", doubled spaces, and the
footnote separator lines. Everything else is kept, including table rows (as narrative paragraphs).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from clausewise import lang as languages
from clausewise.errors import InputError, ParseError
from clausewise.formats.draft import binary_kind
from clausewise.model import (
    PREAMBULAR, OPERATIVE, Bracket, Clause, Comment, Decision, Delete, Document, Emph, Footnote,
    FootnoteRef, Heading, Insert, Metadata, Note, OptionLabel, Paragraph, Source, Subparagraph, Text,
)

__all__ = ["read", "read_file", "write", "MAX_BYTES", "MAX_DEPTH"]

MAX_BYTES = 10 * 1024 * 1024   # a whole session report is ~1 MB; 10 MB reads in seconds
#: deepest nesting of brackets and notes read (as the draft format); deeper is refused, not recursed into
MAX_DEPTH = 200

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FN_OPEN, _FN_CLOSE = "\ue000", "\ue001"   # private-use marks around a footnote key in block text
_SUFFIXES = "bis|ter|quater|quinquies|quinqu?iu?es|sexies|septies|octies|novies|decies"
_OPERATIVE = re.compile(rf"^(\[*)\s*(\d{{1,3}})\s*({_SUFFIXES})?\s*([.\-])?(?:\s+|\t|$)(.*)$", re.IGNORECASE)
_SUB = re.compile(r"^(\[*)\s*\(([a-z]{1,2}|[ivxl]{1,6})\)\s*(.*)$")
_SUB_FR = re.compile(r"^(\[*)\s*([a-z])\)\s+(.*)$")
_PP = re.compile(r"^(\[*)\s*Pp\s?\d+(?:\s*bis|\s*ter)?\s+(.*)$")
_CHAPTER = re.compile(r"^(\[*)\s*([IVXL]{1,6})\.\s+(.+)$")
_SECTION = re.compile(r"^(\[*)\s*([A-Z])\.\s+(.+)$")
_CHAPTER_ZH = re.compile(r"^([一二三四五六七八九十]+)[、.．]\s*(.+)$")
_OPTION = re.compile(r"^(\[*)\s*((?:Option|Alternative|Alt\.?|Opción|备选案文|选项)\s*(?:\d+|[IVX]+|[A-Z])\b)"
                     r"\s*(\([^)]*\))?\s*[:.]?\s*(.*)$")
_DECISION = re.compile(r"^\s*(?:#+\s*)?((?:Draft\s+)?(?:decision|resolution)|决定草案|决定|决议草案|决议)\s*"
                       r"([^\s:：]*[/\d][^\s:：]*)\s*(?:[:：]\s*(.+))?$", re.IGNORECASE)
_ORGAN = re.compile(r"^\[?\s*(The\s+[A-Z][^,;:]{3,160}|[\u4e00-\u9fff]{2,20}(?:大会|会议|理事会)),\s*$|"
                    r"^\[?\s*[\u4e00-\u9fff]{2,30}(?:大会|会议|理事会)，\s*$")
_ANNEX = re.compile(r"^\s*\[*\s*(Annex|ANNEX|附件)\b")
_PAGE = re.compile(r"^\s*(?:Page\s+)?\d+\s+of\s+\d+\s*$|^\s*-?\s*\d+\s*-?\s*$", re.IGNORECASE)
_NOTES = re.compile(r"^-{2,}\s*(footnotes|endnotes)\.xml\s*-{2,}\s*$")
_TABLE = re.compile(r"\|.*\|")
_ENDS = re.compile(r"[.,;:。；，：!?]\s*[\]\)]*\s*(?:\d{1,3}|" + _FN_OPEN + r"\w+" + _FN_CLOSE + r")?\s*$")
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_NO_TEXT = re.compile(r"^\s*(\{.*\}|no\b.*)$", re.IGNORECASE)


# ---------------------------------------------------------------- reading


def read_file(path: str | Path) -> Document:
    """Read a plain-text UN export from ``path`` (UTF-8); InputError when missing, too big, binary or not UTF-8."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not a plain-text export", str(path))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size / 1024 / 1024:.1f} MB; plain-text exports are limited to "
                             f"{MAX_BYTES // (1024 * 1024)} MB", str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except PermissionError:
        raise InputError("permission denied", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    known = binary_kind(data)
    if known:
        raise InputError(f"not a plain-text export: {known}", str(path))
    if b"\x00" in data[:4096]:
        raise InputError("binary file, not plain text", str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}; "
                         "save the export as UTF-8", str(path)) from None
    if not text.strip():
        raise InputError("empty file: a plain-text export needs at least one paragraph", str(path))
    return read(text, str(path))


def read(text: str, path: str | None = None) -> Document:
    """Parse the text of a plain-text UN export into a Document (best effort; never fails on text)."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _UNWRITABLE.sub("", text)   # control characters Word cannot hold (form feeds mark pages: kept)
    body, notes = _split_notes(text)
    pdf = "\f" in body
    if pdf:
        lines, page_notes = _pdf_lines(body)
    else:
        lines, page_notes = [(i + 1, line) for i, line in enumerate(body.split("\n"))], []
    wrapped = pdf or _looks_wrapped([l for _, l in lines])
    code = "zh" if _cjk_share(body) > 0.3 else "en"
    builder = _Builder(languages.get(code), path, wrapped)
    for number, line in lines:
        builder.line(line, number)
    builder.finish()
    footnotes = [builder.note(k, t, n) for k, t, n in (*page_notes, *builder.notes, *notes)]
    meta = _metadata(text, path, code)
    return Document(meta, tuple(builder.blocks), tuple(footnotes))


def _cjk_share(text: str) -> float:
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u3400" <= ch <= "\u9fff") / len(letters)


def _looks_wrapped(lines: list[str]) -> bool:
    """True when paragraphs run over several lines (PDF-width line breaks)."""
    content = [l.rstrip() for l in lines if l.strip()]
    if len(content) < 5:
        return False
    unended = sum(1 for l in content if not re.search(r"[.,;:。；，：!?)\]]\s*[\d¹²³⁴⁵⁶⁷⁸⁹⁰]*$", l))
    tabbed = sum(1 for l in content if "\t" in l)
    lengths = sorted(len(l) for l in content)
    return unended / len(content) > 0.5 and tabbed / len(content) < 0.3 and lengths[len(lengths) // 2] < 100


def _split_notes(text: str) -> tuple[str, list[tuple[str, str, int]]]:
    """The body, and the notes appended after "---- footnotes.xml ----" as (key, text, line).

    Endnotes keep their number as key unless a footnote has it already; then they are "e2", "e3", ….
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _NOTES.match(line.strip()):
            break
    else:
        return text, []
    notes: list[tuple[str, str, int]] = []
    prefix = ""
    for j in range(i, len(lines)):
        line = lines[j].strip()
        m = _NOTES.match(line)
        if m:
            prefix = "e" if m.group(1) == "endnotes" else ""
            continue
        if not line:
            continue
        sm = re.match(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,3}\s)\s*(.*)$", line)
        if sm:
            key = sm.group(1).translate(_SUPERSCRIPT).strip()
            if prefix and any(k == key for k, _, _ in notes):  # an endnote numbered like a footnote
                key = prefix + key
            notes.append((key, sm.group(2), j + 1))
        elif notes:
            key, body, at = notes[-1]
            notes[-1] = (key, body + " " + line, at)
    return "\n".join(lines[:i]), notes


def _pdf_lines(body: str) -> tuple[list[tuple[int, str]], list[tuple[str, str, int]]]:
    """Body lines of PDF text without running headers, and each page's footnotes."""
    pages: list[list[tuple[int, str]]] = []
    number = 1
    for page in body.split("\f"):
        rows = []
        for line in page.split("\n"):
            rows.append((number, line))
            number += 1
        number -= 1  # the form feed sits inside a line
        pages.append(rows)
    headers = _running_headers(pages)
    out: list[tuple[int, str]] = []
    notes: list[tuple[str, str, int]] = []
    carry = ""
    for rows in pages:
        # drop the running header at the top of the page
        k = 0
        while k < len(rows) and (not rows[k][1].strip() or _normal(rows[k][1]) in headers
                                 or _PAGE.match(rows[k][1])):
            k += 1
        rows = rows[k:]
        # footnotes below a separator line of spaces
        body_rows: list[tuple[int, str]] = []
        page_notes: list[tuple[str, str, int]] = []
        in_notes = False
        for k, (n, line) in enumerate(rows):
            if not in_notes and len(line) >= 20 and not line.strip():
                following = next((l for _, l in rows[k + 1:] if l.strip()), "")
                in_notes = bool(re.match(r"^\s*(\d{1,3}|\*+)\s+\S", following))
                continue
            if in_notes:
                m = re.match(r"^\s*(\d{1,3}|\*+)\s+(\S.*)$", line)
                if m:
                    page_notes.append((m.group(1), m.group(2).strip(), n))
                elif page_notes and line.strip():
                    key, text, at = page_notes[-1]
                    page_notes[-1] = (key, text + " " + line.strip(), at)
                continue
            if line.strip():
                body_rows.append((n, line))
        body_rows = [(n, _label_to_front(line)) for n, line in body_rows]
        # a paragraph label left at the end of the previous page ("… IPCC;  (b)")
        if carry and body_rows:
            n, line = body_rows[0]
            body_rows[0] = (n, carry + " " + line.lstrip())
            carry = ""
        if body_rows:
            n, line = body_rows[-1]
            m = re.search(r"\s(\(\w{1,4}\)|\d{1,3}\.)\s*$", line)
            if m and line[: m.start()].strip():
                carry = m.group(1)
                body_rows[-1] = (n, line[: m.start()])
        body_rows = _mark_footnotes(body_rows, [key for key, _, _ in page_notes])
        out.extend(body_rows)
        notes.extend(page_notes)
    if carry:
        out.append((number, carry))
    return out, notes


def _label_to_front(line: str) -> str:
    """pypdf sometimes puts a subparagraph's label at the end of its first line: move it back."""
    m = re.search(r"\s\(([a-z]{1,2}|[ivx]{1,5})\)\s*$", line)
    if m and line[:1] == " " and line.strip() and not line.strip().startswith("("):
        return f"({m.group(1)}) " + line[: m.start()].strip()
    return line


def _normal(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _running_headers(pages: list[list[tuple[int, str]]]) -> set[str]:
    """Lines that stand at the top of most pages (normalised: digits as #)."""
    if len(pages) < 3:
        return set()
    counts: Counter = Counter()
    for rows in pages:
        top = [_normal(l) for _, l in rows if l.strip()][:5]
        counts.update(set(top))
    return {line for line, n in counts.items() if n >= max(3, len(pages) // 2) and len(line) < 120}


def _mark_footnotes(rows: list[tuple[int, str]], keys: list[str]) -> list[tuple[int, str]]:
    """Turn footnote digits glued to a word ("DECISION14", "IPCC;1") into footnote marks."""
    for key in keys:
        if not key.isdigit():
            continue
        pattern = re.compile(rf"(?<=[A-Za-z\)\]\.,;:”\"’}}]){key}(?![\d/])")
        for i in range(len(rows) - 1, -1, -1):  # footnote markers sit on the page: last one wins
            n, line = rows[i]
            matches = list(pattern.finditer(line))
            if matches:
                m = matches[-1]
                rows[i] = (n, line[: m.start()] + _FN_OPEN + key + _FN_CLOSE + line[m.end():])
                break
    return rows


def _metadata(text: str, path: str | None, code: str) -> Metadata:
    head = "\n".join(text.split("\n")[:15])
    symbol = None
    m = re.search(r"\b((?:FCCC|UNEP|A|E|S|ADP)[/.][A-Za-z0-9./-]+)", head)
    if m:
        symbol = m.group(1).rstrip(".")
    name = Path(path).name if path else ""
    round_label = None
    rm = re.match(r"^(r\d+[a-z]?)(?:[_\-.]|$)", name)
    if rm:
        round_label = rm.group(1)
    dm = re.search(r"(\d{4}-\d{2}-\d{2})", name)
    return Metadata(language=code, symbol=symbol, round=round_label, date=dm.group(1) if dm else None)


# ---------------------------------------------------------------- blocks


@dataclass
class _Pending:
    kind: str                 # "para", "heading", "option", "clause", "sub", "organ", "title", "decision"
    text: str
    line: int
    label: str | None = None
    level: int = 1
    part: str = PREAMBULAR
    extra: dict = field(default_factory=dict)


class _Builder:
    """Turns lines into blocks: decisions with their clauses, headings and narrative paragraphs."""

    def __init__(self, language, path: str | None, wrapped: bool) -> None:
        self.lang = language
        self.path = path
        self.wrapped = wrapped
        self.blocks: list = []
        self.pending: _Pending | None = None
        self.decision: dict | None = None   # number, kind, title, organ, body, line, clauses
        self.open_brackets = 0
        self.current_line = 0            # the line of the block being turned into inlines
        self.last_number = 0
        self.last_letter: str | None = None
        self.last_roman: str | None = None
        self.in_annex = False
        self.held: tuple | None = None   # a numbered option line whose text follows on the next line
        self.expect_title = False        # the line after a decision heading is its title
        self.in_notes = False            # after a "_____" separator line
        self.notes: list[tuple[str, str, int]] = []

    # -- lines

    def line(self, raw: str, number: int) -> None:
        """Take one line of the body."""
        stripped = _superscripts_to_marks(raw).strip()
        if not stripped:
            if not self.wrapped:
                self.flush()
            return
        if re.fullmatch(r"_{5,}", stripped):  # a footnote separator: footnotes follow
            self.flush()
            self.in_notes = True
            return
        if self.in_notes:
            m = re.match(r"^(\d{1,3}|\*{1,3})\s+(\S.*)$", stripped)
            if m:
                self.flush()
                self.notes.append((m.group(1), m.group(2), number))
                return
            self.in_notes = False
        start = self.classify(stripped, number)
        if start is None:
            if self.pending is not None:
                self.pending.text += " " + stripped
                return
            start = _Pending("clause" if self.in_decision() and not self.in_annex else "para", stripped, number,
                             part=self.part())
        self.flush()
        self.pending = start

    def in_decision(self) -> bool:
        """Whether a decision is open (or its heading or organ line is the block being read)."""
        return self.decision is not None or bool(self.pending and self.pending.kind in ("organ", "decision", "title"))

    def part(self) -> str:
        """The part an unnumbered clause belongs to: operative once an operative clause was read."""
        return OPERATIVE if self.decision and self.decision["operative"] else PREAMBULAR

    def continues(self, text: str) -> bool:
        """In wrapped text: whether an unlabelled line continues the block before it."""
        prev = self.pending
        if prev is None:
            return False
        if not self.wrapped:
            return False
        if prev.kind in ("heading",) and text.upper() == text and any(ch.isalpha() for ch in text):
            # "… UNDER THE" / "[PARIS AGREEMENT] [PARIS … UNDER THE" runs on; "GENERAL" after a full heading does not
            unfinished = prev.text.count("[") > prev.text.count("]") or re.search(
                r"\b(THE|OF|AND|OR|ON|FOR|TO|IN|UNDER|WITH|AT|BY|A|AN)\s*$", prev.text.upper())
            return bool(unfinished)
        if prev.kind in ("heading", "decision", "title", "organ") or (prev.kind == "option" and not prev.text):
            return False
        ended = bool(_ENDS.search(prev.text))
        if not ended:
            return True
        starter = text.lstrip("[ ")
        if self.decision is not None and not self.decision["operative"]:
            return self.lang.is_opening(starter, PREAMBULAR) is None and not text.startswith("[")
        return not (starter[:1].isupper() and prev.text.rstrip()[-1:] in ".;:。；：")

    def classify(self, text: str, number: int) -> _Pending | None:
        """The block a line starts, or None when it continues the block before it."""
        bare = re.sub(_FN_OPEN + r"[^" + _FN_CLOSE + r"]*" + _FN_CLOSE, "", text)
        if _DECISION.match(text):
            m = _DECISION.match(text)
            return _Pending("decision", m.group(2), number, label=m.group(1), extra={"title": m.group(3)})
        heading_pending = bool(self.pending and self.pending.kind == "decision" and not self.pending.extra.get("title"))
        if (heading_pending or self.expect_title) and not _ORGAN.match(bare):
            self.expect_title = False
            return _Pending("title", text, number)
        self.expect_title = False
        if _ORGAN.match(bare) and (self.decision is None or not self.decision["clauses"]) and not self.in_annex:
            return _Pending("organ", text, number)
        if _ANNEX.match(text) and len(text) < 80:
            return _Pending("heading", text, number, level=1, extra={"annex": True})
        m = _OPTION.match(text)
        if m and self.in_decision():
            return _Pending("option", (m.group(1) + m.group(4)).strip(), number, label=m.group(2),
                            extra={"note": m.group(3)})
        m = _PP.match(text)
        if m and self.in_decision():
            return _Pending("clause", m.group(1) + m.group(2), number, part=PREAMBULAR)
        m = _OPERATIVE.match(text)
        if m and self.plausible_number(m):
            label = m.group(2) + (f" {m.group(3).lower()}" if m.group(3) else "")
            rest = m.group(1) + m.group(5)
            self.last_number = int(m.group(2))
            self.last_letter = self.last_roman = None
            return _Pending("clause" if self.in_decision() and not self.in_annex else "para",
                            rest, number, label=label, part=OPERATIVE)
        m = _SUB.match(text) or _SUB_FR.match(text)
        after_clause = (self.pending is not None and self.pending.kind in ("clause", "sub", "para")) or (
            self.pending is None and self.decision is not None and bool(self.decision["body"])
            and isinstance(self.decision["body"][-1], Clause))
        if m and after_clause:
            level = self.sub_level(m.group(2))
            return _Pending("sub", m.group(1) + m.group(3), number, label=m.group(2), level=level)
        m = _CHAPTER.match(text) or _CHAPTER_ZH.match(text)
        if m and len(text) < 200 and (not self.wrapped or not self.continues_strictly()):
            return _Pending("heading", text, number, level=1)
        m = _SECTION.match(text)
        if m and len(text) < 160 and (not self.wrapped or not self.continues_strictly()):
            return _Pending("heading", text, number, level=2)
        if _TABLE.search(text):
            return _Pending("para", text, number)
        if self.decision is not None and re.fullmatch(r"\{[^{}]*\}", text):
            return _Pending("heading", text, number, level=3)
        if (self.decision is not None and len(text) < 70 and text.upper() == text
                and re.search(r"[A-Z]{3}", text) and not _ENDS.search(text)):
            if self.pending and self.pending.kind == "heading" and self.continues(text):
                return None
            return _Pending("heading", text, number, level=3)
        if self.continues(text):
            return None
        if not self.wrapped:
            if (self.decision is not None and self.decision["clauses"] and len(text) < 70
                    and not _ENDS.search(text) and not text.startswith("[")):
                return _Pending("heading", text, number, level=3)
            return _Pending("clause" if self.in_decision() and not self.in_annex else "para",
                            text, number, part=self.part())
        return _Pending("clause" if self.in_decision() and not self.in_annex else "para",
                        text, number, part=self.part())

    def continues_strictly(self) -> bool:
        """In wrapped text: the block before is unfinished (no terminal punctuation)."""
        prev = self.pending
        return bool(prev and prev.kind in ("clause", "sub", "para") and not _ENDS.search(prev.text))

    def plausible_number(self, m: re.Match) -> bool:
        """Whether a line's leading number is a paragraph number, not a wrapped "2015" or "4 of 20"."""
        n = int(m.group(2))
        if m.group(4) is None and not m.group(3):
            # "18 [Notes …": a number without its full stop only where it is the next one
            rest = m.group(5)
            if not (n == self.last_number + 1 and rest[:1] in "[" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
                return False
        if m.group(4) == "-" and not m.group(5):
            return False
        if self.wrapped and self.pending is not None and not _ENDS.search(self.pending.text):
            return n in (self.last_number, self.last_number + 1) and bool(m.group(4) or m.group(3))
        return n <= self.last_number + 20 or n == 1

    def sub_level(self, label: str) -> int:
        """1 for "(a)", 2 for "(i)": a roman label after "(h)" is the letter i, after "(j)" a numeral."""
        roman = _roman_value(label)
        last = self.last_letter
        expected_letter = chr(ord(last) + 1) if last and len(last) == 1 else ("a" if not last else "")
        if roman and self.last_roman and roman == _roman_value(self.last_roman) + 1:
            self.last_roman = label
            return 2
        if len(label) == 1 and label == expected_letter:
            self.last_letter, self.last_roman = label, None
            return 1
        if roman and (label == "i" or len(label) > 1):
            self.last_roman = label
            return 2
        self.last_letter, self.last_roman = label, None
        return 1

    # -- blocks

    def flush(self) -> None:
        """Turn the pending block into model blocks."""
        p, self.pending = self.pending, None
        if p is None:
            return
        self.current_line = p.line
        if self.held is not None and (p.kind != "clause" or p.label or self.decision is None):
            label, lead, part = self.held
            self.held = None
            if self.decision is not None:
                self.add_clause(Clause(part, self.inlines(lead), label, (), Source(self.path, p.line)))
        src = Source(self.path, p.line)
        if p.kind == "decision":
            self.close_decision()
            self.decision = {"number": p.text, "kind": p.label, "title": (), "organ": (), "body": [],
                             "clauses": [], "operative": False, "line": p.line, "footnotes": []}
            self.in_annex = False
            self.last_number = 0
            title = p.extra.get("title")
            if title:  # "Draft decision MC-4/[--]: International cooperation" — the number is no bracket
                saved, self.open_brackets = self.open_brackets, 0
                self.decision["title"] = self.inlines(title)
                self.open_brackets = saved
            self.expect_title = not title
            return
        if p.kind == "title" and self.decision is not None:
            self.decision["title"] = self.inlines(p.text)
            return
        if p.kind == "organ":
            if self.decision is None:
                self.decision = {"number": None, "kind": None, "title": (), "organ": (), "body": [],
                                 "clauses": [], "operative": False, "line": p.line, "footnotes": []}
                self.last_number = 0
            self.decision["organ"] = self.inlines(p.text)
            return
        if p.kind == "heading":
            annex = bool(p.extra.get("annex"))
            if annex:
                self.close_decision()
                self.in_annex = True
            block = Heading(p.level, self.inlines(p.text), "annex" if annex else None, src)
            if self.decision is not None:
                self.decision["body"].append(block)
            else:
                self.blocks.append(block)
            return
        if p.kind == "option" and self.decision is not None:
            head, rest = p.text, ""
            if p.text and not _NO_TEXT.match(p.text) and (len(p.text) > 60 or _ENDS.search(p.text)):
                head, rest = "", p.text
            note = p.extra.get("note") or ""
            content = self.inlines((note + " " + head).strip()) if (note or head) else ()
            self.decision["body"].append(OptionLabel(p.label, content, src))
            if rest:
                self.add_clause(Clause(self.part(), self.inlines(rest), None, (), src))
            return
        if p.kind == "clause" and self.decision is not None:
            text = p.text
            om = _OPTION.match(text.lstrip("[ ")) if p.label else None
            if om:  # "16. Option 1: [Requests …]": the option label, then the clause
                lead = text[: len(text) - len(text.lstrip("[ "))].strip()
                self.decision["body"].append(OptionLabel(om.group(2), (), src))
                text = lead + om.group(4)
                if not re.search(r"\w", text):  # "34. [Option 1:" and the text on the next line
                    self.held = (p.label, text, p.part)
                    return
            if self.held is not None and not p.label:
                label, lead, part = self.held
                self.held = None
                p = _Pending("clause", lead + " " + text, p.line, label=label, part=part)
                text = p.text
            if p.part == OPERATIVE:
                self.decision["operative"] = True
            part = OPERATIVE if (p.part == OPERATIVE or self.decision["operative"]) else PREAMBULAR
            self.add_clause(Clause(part, self.inlines(text, opening=part), p.label, (), src))
            return
        if p.kind == "sub":
            sub = Subparagraph(p.label, self.inlines(p.text), (), src)
            if self.decision is not None and self.decision["body"] and isinstance(self.decision["body"][-1], Clause):
                clause = self.decision["body"][-1]
                self.decision["body"][-1] = _attach(clause, sub, p.level)
                return
            self.emit_paragraph(Paragraph(self.inlines(f"({p.label}) {p.text}"), None, src))
            return
        self.emit_paragraph(Paragraph(self.inlines(p.text), p.label, src))

    def emit_paragraph(self, para: Paragraph) -> None:
        """A narrative paragraph, or an unnumbered clause when a decision is open."""
        if self.decision is not None and not self.in_annex:
            # narrative text inside a decision: keep it as an unnumbered clause
            self.add_clause(Clause(self.part(), para.content, para.label, (), para.source))
            return
        self.blocks.append(para)

    def add_clause(self, clause: Clause) -> None:
        """Append a clause to the open decision."""
        self.decision["body"].append(clause)
        self.decision["clauses"].append(clause)

    def close_decision(self) -> None:
        """Turn the open decision into a Decision block."""
        d, self.decision = self.decision, None
        if d is None:
            return
        self.blocks.append(Decision(d["number"], d["title"], d["organ"], tuple(d["body"]), (),
                                    d["kind"], Source(self.path, d["line"])))

    def finish(self) -> None:
        """Flush the last block and close the open decision."""
        self.flush()
        self.close_decision()

    def note(self, key: str, text: str, line: int) -> Footnote:
        """A footnote from its key and text; brackets never run into or out of a footnote."""
        self.open_brackets = 0
        self.current_line = line
        note = Footnote(key, self.inlines(_superscripts_to_marks(text)), Source(self.path, line))
        self.open_brackets = 0
        return note

    # -- inlines

    def inlines(self, text: str, opening: str | None = None) -> tuple:
        """Parse brackets "[…]" (carried across blocks), notes "{…}" and footnote marks of a block."""
        text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
        text = re.sub(r"\[ (?=\S)", "[", re.sub(r"(?<=\S) \]", "]", text))
        root: list = []
        # frames: (kind, children, opens) kind "bracket" / "note"
        frames: list[tuple[str, list, bool]] = [("bracket", [], False) for _ in range(self.open_brackets)]
        buf: list[str] = []

        def target() -> list:
            return frames[-1][1] if frames else root

        def flush_text() -> None:
            if buf:
                target().append(Text("".join(buf)))
                buf.clear()

        i = 0
        while i < len(text):
            ch = text[i]
            if ch == _FN_OPEN:
                end = text.find(_FN_CLOSE, i)
                if end > i:
                    flush_text()
                    target().append(FootnoteRef(text[i + 1:end]))
                    i = end + 1
                    continue
            if ch in "[{" and len(frames) >= MAX_DEPTH:
                raise ParseError(f"brackets and notes nested more than {MAX_DEPTH} deep (counting brackets left "
                                 "open in earlier paragraphs); refused", self.path, self.current_line, 1)
            if ch == "[":
                flush_text()
                frames.append(("bracket", [], True))
            elif ch == "]":
                flush_text()
                index = _last_bracket(frames)
                if index is None:  # a stray "]": closes what stands before it in this block
                    children = _close_notes(root, frames, 0)
                    root[:] = [Bracket(tuple(children), False, True)]
                    frames.clear()
                else:
                    inner = _close_notes_above(frames, index)
                    kind, children, opens = frames.pop()
                    target().append(Bracket(tuple(children + inner), opens, True))
            elif ch == "{":
                flush_text()
                frames.append(("note", [], True))
            elif ch == "}" and frames and frames[-1][0] == "note":
                flush_text()
                kind, children, _ = frames.pop()
                target().append(Note(tuple(children)))
            else:
                buf.append(ch)
            i += 1
        flush_text()
        # close what is still open: unclosed notes become text, brackets carry to the next block
        carried = 0
        while frames:
            kind, children, opens = frames.pop()
            if kind == "note":
                target().extend([Text("{"), *children])
                continue
            carried += 1
            target().append(Bracket(tuple(children), opens, False))
        self.open_brackets = carried
        result = tuple(_merge_text(root))
        if opening and self.lang.italic_openings:
            result = _emphasize_opening(result, self.lang, opening)
        return result


def _last_bracket(frames: list) -> int | None:
    for k in range(len(frames) - 1, -1, -1):
        if frames[k][0] == "bracket":
            return k
    return None


def _close_notes_above(frames: list, index: int) -> list:
    """Unclosed notes above the bracket at ``index`` become plain text inside it."""
    out: list = []
    while len(frames) > index + 1:
        kind, children, _ = frames.pop()
        out = [Text("{"), *children, *out]
    return out


def _close_notes(root: list, frames: list, _: int) -> list:
    out = list(root)
    for kind, children, _opens in frames:
        out.extend([Text("{"), *children] if kind == "note" else children)
    return out


def _merge_text(items: list) -> list:
    out: list = []
    for node in items:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and node.text == ""):
            out.append(node)
    return out


def _emphasize_opening(inlines: tuple, language, part: str, depth: int = 0) -> tuple:
    """The opening words emphasised, also inside the part of a bracket carried from an earlier clause."""
    if inlines and isinstance(inlines[0], Bracket) and not inlines[0].opens and depth < 50:
        first = inlines[0]
        inner = _emphasize_opening(tuple(first.children), language, part, depth + 1)
        return (Bracket(inner, first.opens, first.closes, first.source),) + tuple(inlines[1:])
    if not inlines or not isinstance(inlines[0], Text):
        return inlines
    first = inlines[0].text
    phrase = language.is_opening(first, part)
    if not phrase or not first.startswith(phrase):
        return inlines
    rest = first[len(phrase):]
    return (Emph((Text(phrase),)),) + ((Text(rest),) if rest else ()) + inlines[1:]


def _superscripts_to_marks(line: str) -> str:
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: _FN_OPEN + m.group(0).translate(_SUPERSCRIPT) + _FN_CLOSE, line)


def _roman_value(label: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    if not label or any(ch not in values for ch in label):
        return 0
    total = 0
    for k, ch in enumerate(label):
        v = values[ch]
        total += -v if k + 1 < len(label) and values[label[k + 1]] > v else v
    return total


def _attach(clause: Clause, sub: Subparagraph, level: int) -> Clause:
    from dataclasses import replace

    subs = list(clause.subparagraphs)
    if level >= 2 and subs:
        parent = subs[-1]
        subs[-1] = replace(parent, subparagraphs=parent.subparagraphs + (sub,))
    else:
        subs.append(sub)
    return replace(clause, subparagraphs=tuple(subs))


# ---------------------------------------------------------------- writing


def write(doc: Document) -> str:
    """Plain text of a document: headings, decisions (organ, clauses "1.\\t…", "(a)\\t…"), footnotes."""
    out: list[str] = []
    notes: list = list(doc.footnotes)
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(_text(block.content))
        elif isinstance(block, Paragraph):
            out.append((f"{block.label}.\t" if block.label else "") + _text(block.content))
        elif isinstance(block, Decision):
            heading = " ".join(x for x in (block.kind or ("Decision" if block.number else None), block.number) if x)
            if heading:
                out.append(heading)
            if block.title:
                out.append(_text(block.title))
            if block.organ:
                out.append(_text(block.organ))
            for item in block.body:
                if isinstance(item, Clause):
                    prefix = f"{item.label}.\t" if item.label else ""
                    out.append(prefix + _text(item.content))
                    _write_subs(item.subparagraphs, out, 1)
                elif isinstance(item, Heading):
                    out.append(_text(item.content))
                elif isinstance(item, OptionLabel):
                    out.append((item.label + (": " + _text(item.content) if item.content else "")).strip())
            notes.extend(block.footnotes)
    if notes:
        out.append("")
        out.append("__________________")
        for note in notes:
            out.append(f"{note.key}\t{_text(note.content)}")
    return "\n\n".join(out).replace("\n\n\n\n", "\n\n") + "\n"


def _write_subs(subs, out: list[str], level: int) -> None:
    for sub in subs:
        out.append("\t" * level + f"({sub.label})\t" + _text(sub.content))
        _write_subs(sub.subparagraphs, out, level + 1)


def _text(inlines) -> str:
    parts: list[str] = []
    stack = [("seq", tuple(inlines))]
    while stack:
        kind, item = stack.pop()
        if kind == "str":
            parts.append(item)
            continue
        for node in reversed(item):
            if isinstance(node, Text):
                stack.append(("str", node.text))
            elif isinstance(node, FootnoteRef):
                sup = node.key.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
                stack.append(("str", sup if sup != node.key or not node.key.isdigit() else node.key))
            elif isinstance(node, Bracket):
                stack.append(("str", "]" if node.closes else ""))
                stack.append(("seq", tuple(node.children)))
                stack.append(("str", "[" if node.opens else ""))
            elif isinstance(node, Note):
                stack.append(("str", "}"))
                stack.append(("seq", tuple(node.children)))
                stack.append(("str", "{"))
            elif isinstance(node, (Emph, Insert)):
                stack.append(("seq", tuple(node.children)))
            elif isinstance(node, (Comment, Delete)):
                pass
    return "".join(parts)
