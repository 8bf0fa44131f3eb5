"""Stage 2 of Word import: the paragraphs of a Word file (from ``package.py``) as the decision model.

``read_document(source, options)`` loads the package in the chosen view and walks its paragraphs
once, in order, as a reader of the printed page would:

- a paragraph starting with the language's decision word and a number ("Decision 6/CMA.3",
  "Draft decision -/CMA.6") opens a decision; the next paragraph is its title unless it reads as
  the organ line; the first unnumbered paragraph after that is the organ line ("*The Conference
  of the Parties*,");
- a paragraph number, whether Word's list numbering shows it or it is typed ("5." + tab), makes an
  operative clause; "(a)", "(i)" make subparagraphs, nested by their label sequences; "PP1"/"OP1"
  margin labels are understood; unnumbered paragraphs before the first operative clause are
  preambular (an unnumbered paragraph opening with an operative phrase of the lexicon is operative);
- heading styles, outline levels and "I." / "A." labels make headings; "Annex" opens an annex;
  "Option 1", "Option 3: {No text required}" make option labels; the adoption line ("12th plenary
  meeting") closes a decision;
- italic runs become ``Emph`` (in a file with no italics at all, opening phrases come from the
  lexicon where the language italicises them); "[" and "]" become ``Bracket`` trees with one
  bracket stack over the whole body, so a bracket may span paragraphs and an unbalanced one is kept
  as ``Bracket(opens=False)``/``Bracket(closes=False)``; "{…}" becomes ``Note``; note references
  become ``FootnoteRef`` with the mark Word displays; comments become ``Comment``.

Every node carries ``Source(path, paragraph=N)``, N the 1-based body paragraph (see
``package.WordParagraph.number``), so ``check`` can point at the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from clausewise import lang as languages
from clausewise.formats.docx.package import Run, WordPackage, WordParagraph, load_package, roman
from clausewise.model import (OPERATIVE, PREAMBULAR, Bracket, Clause, Comment, Decision, Document, Emph,
                              Footnote, FootnoteRef, Heading, Metadata, Note, OptionLabel, Paragraph, Source,
                              Subparagraph, Text)

__all__ = ["read_document", "detect_language"]

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
          "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre")
DATE_RE = re.compile(rf"(\d{{1,2}}\s+(?:{MONTHS})\s+(?:de\s+)?\d{{4}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日|\d{{4}}-\d\d-\d\d)",
                     re.IGNORECASE)
SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9]*(?:/[A-Za-z0-9.()\-–\[\]…]+)+$")
DISTR_RE = re.compile(r"Distr\.?\s*:\s*(\w+)", re.IGNORECASE)
ORIGINAL_RE = re.compile(r"Original\s*:\s*(\w+)", re.IGNORECASE)
AGENDA_RE = re.compile(r"(?:^|\b)(?:provisional\s+)?agenda item\s+([\w().]+)|^Item\s+([\w().]+)\s+of the (?:provisional )?agenda"
                       r"|临时议程项目\s*([\w().]+)|^Point\s+([\w().]+)\s+de l'ordre du jour"
                       r"|^Tema\s+([\w().]+)\s+del programa", re.IGNORECASE)
SESSION_RE = re.compile(r"^(?:\w+(?:-\w+)?\s+session|第.+?(?:次会议|届会议)|\w+\s+session\s*$)", re.IGNORECASE)
ADOPTION_RE = re.compile(r"^\s*\d+\s*(?:st|nd|rd|th|e|re|a|ª|-?я|-?е)?\.?\s*(?:plenary meeting|séance plénière|sesión plenaria|"
                         r"пленарное заседание)|第\s*\d+\s*次全体会议|الجلسة العامة", re.IGNORECASE)
ROMAN_UPPER_RE = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
HEADING_STYLE_RE = re.compile(r"heading\s*(\d)|^title$|^subtitle$|H_*(Ch|1|23|4|56)_*G\b|H(Ch|1|23|4|56)G", re.IGNORECASE)
UN_HEADING_LEVELS = {"ch": 1, "1": 2, "23": 3, "4": 4, "56": 5}
CJK_NUMERALS = "一二三四五六七八九十"
SPACES = re.compile(r"[ \t\u00a0\n\r]+")


# ---------------------------------------------------------------- language


def detect_language(pkg: WordPackage) -> str:
    """The language of the document: by script first, then by which lexicon its openings match."""
    sample = "".join(p.text for p in pkg.paragraphs[:400])
    counts = {"zh": 0, "ar": 0, "ru": 0, "latin": 0}
    for ch in sample:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            counts["zh"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["ar"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif ch.isalpha() and o < 0x250:
            counts["latin"] += 1
    # a Chinese character carries about a word, so weight it up against letters
    weighted = {"zh": counts["zh"] * 3, "ar": counts["ar"], "ru": counts["ru"], "latin": counts["latin"]}
    best = max(weighted, key=weighted.get)
    if best != "latin" and weighted[best] > 0:
        return best
    hits = {}
    for code in ("en", "fr", "es"):
        language = languages.get(code)
        n = 0
        for p in pkg.paragraphs[:600]:
            text = _strip_label_text(p.text)
            if language.is_opening(text, PREAMBULAR) or language.is_opening(text, OPERATIVE):
                n += 1
        hits[code] = n
    top = max(hits, key=hits.get)
    if hits[top] > 0 and list(hits.values()).count(hits[top]) == 1:
        return top
    for tag in pkg.languages:
        code = tag.split("-")[0].lower()
        if code in languages.CODES:
            return code
    return "en"


def _strip_label_text(text: str) -> str:
    return re.sub(r"^\s*(?:\d+\.|\([a-z]+\))?\s*", "", text)


# ---------------------------------------------------------------- patterns of one language


@dataclass
class _Patterns:
    lang: languages.Language

    def __post_init__(self):
        lang = self.lang
        sep = r"\s+" if lang.spaced else r"\s*"
        kinds = "|".join(re.escape(w) for w in sorted(lang.decision_words, key=len, reverse=True))
        self.decision = re.compile(
            rf"^\s*(?P<kind>{kinds})(?:{sep}(?P<number>[^\s:：]*[\d/][^\s:：]*))?\s*(?:[:：]\s*(?P<title>.*))?$",
            re.IGNORECASE | re.DOTALL)
        options = "|".join(re.escape(w) for w in lang.option_words)
        self.option = re.compile(rf"^\s*\[?\s*(?P<label>(?:{options})\s*[\dA-Za-z一二三四五六七八九十]*(?:\s*(?:bis|ter))?)"
                                 rf"\s*(?P<colon>[:：.]?)\s*(?P<rest>.*)$", re.DOTALL)
        annex = "|".join(re.escape(w) for w in lang.annex_words)
        self.annex = re.compile(rf"^\s*\[?\s*(?:{annex})(?:\s*[IVXLC\d]+|\s*[一二三四五六七八九十]+)?\s*\]?\s*$")
        suffixes = "|".join(lang.insert_suffixes)
        end = "-" if lang.operative_number.endswith("-") else r"\."
        self.operative = re.compile(rf"^\s*(?P<label>\d+(?:\s*(?:{suffixes}))?)\s*{end}(?=\s|$)\s*")
        self.margin = re.compile(rf"^\s*(?P<part>PP|OP|Pp|Op|pp|op)\s*\.?\s*(?P<num>\d+(?:\s*(?:{suffixes}))?)\s*[.:]?\s+")
        self.roman_heading = re.compile(r"^\s*(?P<label>[IVXLC]+)\s*\.(?=\s)\s*")
        self.letter_heading = re.compile(r"^\s*(?P<label>[A-Z])\s*\.(?=\s)\s*")
        self.cjk_heading = re.compile(rf"^\s*(?P<label>[{CJK_NUMERALS}]+)\s*、\s*")
        letters = r"[a-z]{1,3}|[а-я]{1,2}|[\u0621-\u064A]{1,2}"
        subs = []
        for fmt in dict.fromkeys(lang.subparagraph_formats):
            pre, post = (re.escape(x) for x in fmt.split("{}"))
            subs.append(rf"{pre}(?P<l{len(subs)}>{letters}){post}")
        subs += [r"\((?P<lp>[a-z]{1,4})\)", r"(?P<lq>[a-z]{1,4})\)"]
        self.subparagraph = re.compile(rf"^\s*(?:{'|'.join(subs)})(?=\s|$)\s*")


def _roman_value(label: str) -> int | None:
    label = label.lower()
    for n in range(1, 40):
        if roman(n) == label:
            return n
    return None


def _letter_value(label: str) -> int | None:
    if len(set(label)) != 1:
        return None
    ch = label[0]
    for alphabet in ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщэюя", "أبتثجحخدذرزسشصضطظعغفقكلمنهوي",
                     "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"):
        if ch in alphabet:
            return alphabet.index(ch) + 1 + len(alphabet) * (len(label) - 1)
    return None


# ---------------------------------------------------------------- inline building


class _Inlines:
    """Builds model inlines from runs, with one bracket stack shared by all body paragraphs."""

    def __init__(self, path: str | None, notes: "_Notes"):
        self.path = path
        self.notes = notes
        self.depth = 0          # brackets open across paragraphs
        self.comments: dict = {}

    def build(self, runs: tuple[Run, ...], number: int, *, share_stack: bool = True,
              in_note_italics: bool = False) -> tuple:
        """Inlines for ``runs`` (text of paragraph ``number``), brackets continuing across paragraphs."""
        text = "".join(r.text for r in runs if r.kind == "text")
        braces = _brace_pairs(text)
        src = Source(self.path, 0, 1, paragraph=number) if number else None
        inherited = self.depth if share_stack else 0
        # a frame: [kind, children, opens, source]; children are ("t", text, italic) or nodes
        root: list = ["root", [], True, src]
        stack = [root]
        for _ in range(inherited):
            frame = ["bracket", [], False, src]
            stack[-1][1].append(frame)
            stack.append(frame)
        pos = 0
        for run in runs:
            if run.kind in ("footnote", "endnote"):
                key = self.notes.use(run.kind, run.ref, run.text)
                stack[-1][1].append(FootnoteRef(key, source=src))
                continue
            if run.kind == "comment":
                author, body = self.comments.get(run.ref, (None, ""))
                if body or author:
                    stack[-1][1].append(Comment(body, author, source=src))
                continue
            buf = []
            for ch in run.text:
                if ch in "[]{}":
                    if ch == "{" and pos in braces:
                        _flush(stack, buf, run.italic)
                        frame = ["note", [], True, _col(src, pos)]
                        stack[-1][1].append(frame)
                        stack.append(frame)
                    elif ch == "}" and stack[-1][0] == "note" and braces.get(_open_of(braces, pos)) == pos:
                        _flush(stack, buf, run.italic)
                        stack.pop()
                    elif ch == "[":
                        _flush(stack, buf, run.italic)
                        frame = ["bracket", [], True, _col(src, pos)]
                        stack[-1][1].append(frame)
                        stack.append(frame)
                    elif ch == "]":
                        _flush(stack, buf, run.italic)
                        if stack[-1][0] == "bracket":
                            stack[-1].append("closed")
                            stack.pop()
                        elif stack[-1][0] == "root":
                            # a "]" with no "[" open: the bracket began before this paragraph's text
                            stray = ["bracket", root[1], False, src, "closed"]
                            root[1] = [stray]
                        else:
                            buf.append(ch)
                    else:
                        buf.append(ch)
                else:
                    buf.append(ch)
                pos += 1
            _flush(stack, buf, run.italic)
        if share_stack:
            # brackets still open at the end carry on into the next paragraph
            open_frames = sum(1 for f in stack if f[0] == "bracket")
            self.depth = open_frames
        return _normalise(_freeze(root[1], in_note=in_note_italics))

    def plain(self, runs: tuple[Run, ...], number: int) -> tuple:
        """Inlines of a note or comment: its own bracket stack."""
        return self.build(runs, number, share_stack=False)


def _col(src: Source | None, pos: int) -> Source | None:
    return replace(src, column=pos + 1) if src is not None else None


def _open_of(braces: dict, close: int) -> int | None:
    for o, c in braces.items():
        if c == close:
            return o
    return None


def _brace_pairs(text: str) -> dict[int, int]:
    """Positions of "{" and their matching "}" where the brackets between them balance."""
    pairs = {}
    opens: list[tuple[int, int]] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            opens = [(o, d) for o, d in opens if d <= depth]
        elif ch == "{":
            opens.append((i, depth))
        elif ch == "}" and opens:
            o, d = opens.pop()
            if d == depth:
                pairs[o] = i
    return pairs


def _flush(stack: list, buf: list, italic: bool) -> None:
    if buf:
        stack[-1][1].append(("t", "".join(buf), italic))
        buf.clear()


def _freeze(children: list, in_note: bool = False) -> tuple:
    out: list = []
    italic_run: list = []

    def close_italic():
        if italic_run:
            text = "".join(italic_run)
            italic_run.clear()
            stripped = text.strip()
            if not stripped:
                out.append(Text(text))
                return
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            if lead:
                out.append(Text(lead))
            out.append(Emph((Text(SPACES.sub(" ", stripped)),)))
            if trail:
                out.append(Text(trail))

    for child in children:
        if isinstance(child, tuple) and child and child[0] == "t":
            _, text, italic = child
            if italic and not in_note:
                italic_run.append(text)
            else:
                close_italic()
                out.append(Text(text))
        elif isinstance(child, list):
            close_italic()
            kind = child[0]
            if kind == "note":
                out.append(Note(_normalise(_freeze(child[1], in_note=True)), source=child[3]))
            else:
                closed = len(child) > 4 and child[4] == "closed"
                out.append(Bracket(_normalise(_freeze(child[1], in_note=in_note)), opens=child[2], closes=closed,
                                   source=child[3]))
        else:
            close_italic()
            out.append(child)
    close_italic()
    return tuple(out)


def _normalise(inlines: tuple) -> tuple:
    """Merge adjacent texts and adjacent emphases; collapse white space."""
    out: list = []
    for node in inlines:
        if isinstance(node, Text):
            text = SPACES.sub(" ", node.text)
            if not text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(SPACES.sub(" ", out[-1].text + text), source=out[-1].source)
            else:
                out.append(Text(text, source=node.source))
        elif isinstance(node, Emph) and out and isinstance(out[-1], Emph):
            out[-1] = Emph(_normalise(out[-1].children + node.children), source=out[-1].source)
        elif (isinstance(node, Emph) and len(out) >= 2 and isinstance(out[-1], Text) and out[-1].text == " "
              and isinstance(out[-2], Emph)):
            # "*Also* *requests*": one emphasis with the space inside
            out.pop()
            out[-1] = Emph(_normalise(out[-1].children + (Text(" "),) + node.children), source=out[-1].source)
        else:
            out.append(node)
    return tuple(out)


def _strip(inlines: tuple) -> tuple:
    """Drop white space at both ends of a paragraph's content."""
    items = list(inlines)
    while items and isinstance(items[0], Text) and not items[0].text.strip():
        items.pop(0)
    while items and isinstance(items[-1], Text) and not items[-1].text.strip():
        items.pop()
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip(), source=items[0].source)
    elif items and isinstance(items[0], Emph):
        items[0] = Emph(_strip(items[0].children), source=items[0].source)
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip(), source=items[-1].source)
    return tuple(items)


def _drop_chars(runs: tuple[Run, ...], n: int) -> tuple[Run, ...]:
    """The runs without their first ``n`` text characters (a label already read)."""
    out = []
    for run in runs:
        if n > 0 and run.kind == "text":
            if len(run.text) <= n:
                n -= len(run.text)
                continue
            run = Run("text", run.text[n:], run.italic, run.bold)
            n = 0
        out.append(run)
    return tuple(out)


# ---------------------------------------------------------------- notes


class _Notes:
    """Footnotes and endnotes: keys as displayed, collected where first referenced."""

    def __init__(self, pkg: WordPackage, path: str | None):
        self.pkg = pkg
        self.path = path
        self.current: list[Footnote] = []
        self.keys: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()
        self.inlines: _Inlines | None = None

    def use(self, kind: str, ref: str | None, mark: str) -> str:
        """The key of the note ``ref`` of ``kind``, defining the note in the current scope."""
        if (kind, ref) in self.keys and any(f.key == self.keys[(kind, ref)] for f in self.current):
            return self.keys[(kind, ref)]
        key = mark or ref or "?"
        base, n = key, 2
        while key in self.used:
            key = f"{base}-{n}"
            n += 1
        self.used.add(key)
        self.keys[(kind, ref)] = key
        paragraphs = (self.pkg.footnotes if kind == "footnote" else self.pkg.endnotes).get(ref, ())
        content: tuple = ()
        for para in paragraphs:
            part = _strip(self.inlines.plain(para.runs, 0)) if self.inlines else ()
            if part:
                content = content + ((Text(" "),) if content else ()) + part
        self.current.append(Footnote(key, _normalise(content)))
        return key

    def take(self) -> tuple[Footnote, ...]:
        """The notes defined since the last call; their keys may be reused by the next scope."""
        out = tuple(self.current)
        self.current = []
        self.used = set()
        return out


# ---------------------------------------------------------------- the walk


@dataclass
class _SubBuilder:
    label: str
    content: tuple
    level: int
    kind: str
    value: int | None
    source: Source | None
    children: list = field(default_factory=list)

    def freeze(self) -> Subparagraph:
        return Subparagraph(self.label, self.content, tuple(c.freeze() for c in self.children), source=self.source)


@dataclass
class _ClauseBuilder:
    part: str
    content: tuple
    label: str | None
    source: Source | None
    subs: list = field(default_factory=list)

    def freeze(self) -> Clause:
        return Clause(self.part, self.content, self.label, tuple(s.freeze() for s in self.subs), source=self.source)


@dataclass
class _DecisionBuilder:
    number: str | None
    kind: str | None
    title: tuple
    source: Source | None
    organ: tuple = ()
    organ_set: bool = False
    expect_title: bool = False
    body: list = field(default_factory=list)
    clause: _ClauseBuilder | None = None
    operative_seen: bool = False
    subs_stack: list = field(default_factory=list)
    pending_note: tuple = ()

    def freeze(self, footnotes) -> Decision:
        body = tuple(b.freeze() if isinstance(b, _ClauseBuilder) else b for b in self.body)
        return Decision(self.number, self.title, self.organ, body, footnotes, self.kind, source=self.source)


class _Reader:
    def __init__(self, pkg: WordPackage, path: str | None):
        self.pkg = pkg
        self.path = path
        self.code = detect_language(pkg)
        self.lang = languages.get(self.code)
        self.pat = _Patterns(self.lang)
        self.notes = _Notes(pkg, path)
        self.inl = _Inlines(path, self.notes)
        self.inl.comments = pkg.comments
        self.notes.inlines = self.inl
        self.blocks: list = []
        self.decision: _DecisionBuilder | None = None
        self.doc_footnotes: list[Footnote] = []
        self.has_italics = any(_opens_italic(p) for p in pkg.paragraphs if not p.table)
        self.meta: dict = {}
        self.expect_annex_title = False

    # -- helpers
    def src(self, p: WordParagraph) -> Source:
        return Source(self.path, 0, 1, paragraph=p.number)

    def content(self, p: WordParagraph, skip: int = 0) -> tuple:
        runs = _drop_chars(p.runs, skip) if skip else p.runs
        return _strip(self.inl.build(runs, p.number))

    def heading_level(self, p: WordParagraph) -> int | None:
        name = p.style_name or ""
        m = HEADING_STYLE_RE.search(name) or HEADING_STYLE_RE.search(p.style_id or "")
        if m:
            if m.group(1):
                return int(m.group(1))
            key = (m.group(2) or m.group(3) or "").lower()
            if key:
                return UN_HEADING_LEVELS.get(key, 1)
            return 1
        if p.outline_level is not None:
            return p.outline_level + 1
        return None

    # -- the walk
    def run(self) -> Document:
        paras = [p for p in self.pkg.paragraphs]
        start = self.front_matter(paras)
        i = start
        while i < len(paras):
            p = paras[i]
            nxt = next((q for q in paras[i + 1:] if q.text.strip()), None)
            self.paragraph(p, nxt)
            i += 1
        self.close_decision()
        meta = self.metadata()
        return Document(meta, tuple(self.blocks), tuple(self.doc_footnotes) + self.notes.take())

    def close_decision(self) -> None:
        d = self.decision
        if d is None:
            return
        self.finish_clause()
        footnotes = self.notes.take()
        self.blocks.append(d.freeze(footnotes))
        self.decision = None

    def finish_clause(self) -> None:
        d = self.decision
        if d is not None and d.clause is not None:
            d.clause = None
            d.subs_stack = []

    def paragraph(self, p: WordParagraph, nxt: WordParagraph | None) -> None:
        text = p.text
        if not text.strip() and not any(r.kind != "text" for r in p.runs):
            return
        label = (p.list_label or "").strip()
        m = self.pat.decision.match(text) if not label and not p.table else None
        if m and len(text) < 300 and (m.group("number") or not text[m.end("kind"):].strip()):
            self.open_decision(p, m)
            return
        d = self.decision
        if d is not None and not label and not p.table and self.is_adoption_line(p):
            self.close_decision()
            self.blocks.append(Paragraph(self.content(p), source=self.src(p)))
            return
        if d is None:
            self.document_paragraph(p, label)
            return
        if d.expect_title:
            d.expect_title = False
            if not label and not self.looks_like_organ(p):
                d.title = self.content(p)
                return
        self.decision_paragraph(p, label, nxt)

    # -- decisions
    def open_decision(self, p: WordParagraph, m: re.Match) -> None:
        self.close_decision()
        number = m.group("number")
        title_text = m.group("title")
        title: tuple = ()
        if title_text and title_text.strip():
            skip = m.start("title")
            title = self.content(p, skip)
        else:
            # keep the bracket stack in step: a heading's own characters are not negotiation brackets
            pass
        kind = text_kind = m.group("kind")
        for word in self.lang.decision_words:
            if word.lower() == text_kind.lower():
                kind = text_kind
        self.decision = _DecisionBuilder(number=number, kind=kind, title=title, source=self.src(p),
                                         expect_title=not title)
        self.expect_annex_title = False

    def looks_like_organ(self, p: WordParagraph) -> bool:
        text = p.text.strip()
        return text.endswith((",", "，", "،")) or _opens_italic(p)

    def is_adoption_line(self, p: WordParagraph) -> bool:
        text = SPACES.sub(" ", p.text).strip()
        return bool(ADOPTION_RE.search(text)) and len(text) < 120

    def decision_paragraph(self, p: WordParagraph, label: str, nxt: WordParagraph | None) -> None:
        d = self.decision
        text = p.text
        src = self.src(p)
        # option labels
        om = self.pat.option.match(text) if not label and not p.table else None
        if om and (om.group("colon") or not om.group("rest").strip() or om.group("rest").lstrip().startswith(("{", "["))) \
                and len(om.group("label")) < 40 and not self.pat.option.match(text).group("rest").strip().endswith((";",)):
            self.finish_clause()
            lbl = SPACES.sub(" ", om.group("label")).strip()
            rest_start = om.start("rest")
            if text.lstrip().startswith("["):
                content = self.content(p)
                d.body.append(OptionLabel(lbl, content, source=src))
                return
            # the label's own text is read (to keep brackets in step) but stored as the label
            content = self.content(p, rest_start)
            d.body.append(OptionLabel(lbl, content, source=src))
            return
        # annex
        if not label and self.pat.annex.match(text):
            self.finish_clause()
            d.body.append(Heading(self.heading_level(p) or 1, self.content(p), role="annex", source=src))
            self.expect_annex_title = True
            return
        level, skip, heading_label = self.heading(p, label)
        if level is not None:
            self.finish_clause()
            d.body.append(Heading(level, self.heading_content(p, heading_label, skip), source=src))
            self.expect_annex_title = False
            return
        if self.expect_annex_title:
            self.expect_annex_title = False
            if not label and not self.pat.operative.match(text) and not text.strip().endswith((";", ",", ".", ":", "；", "，", "。")):
                d.body.append(Heading(1, self.content(p), source=src))
                return
        # operative numbers
        op = self.operative_label(p, label)
        if op is not None:
            number, skip = op
            self.finish_clause()
            content = self.opening(self.content(p, skip), OPERATIVE)
            d.clause = _ClauseBuilder(OPERATIVE, content, number, src)
            d.body.append(d.clause)
            d.operative_seen = True
            return
        sub = self.subparagraph_label(p, label)
        if sub is not None:
            sublabel, skip = sub
            content = self.content(p, skip)
            if d.pending_note:
                content = _normalise(d.pending_note + (Text(" "),) + content)
                d.pending_note = ()
            self.add_subparagraph(p, sublabel, content)
            return
        mm = self.pat.margin.match(text) if not label else None
        if mm:
            part = PREAMBULAR if mm.group("part").lower() == "pp" else OPERATIVE
            self.finish_clause()
            content = self.opening(self.content(p, mm.end()), part)
            if not d.organ_set and part == PREAMBULAR and not d.body:
                d.organ_set = True
            d.clause = _ClauseBuilder(part, content, mm.group("num") if part == OPERATIVE else None, src)
            d.body.append(d.clause)
            d.operative_seen = d.operative_seen or part == OPERATIVE
            return
        # an unnumbered paragraph
        content = self.content(p, len(label) if label else 0)
        if not content:
            return
        if not d.organ_set and not any(isinstance(b, (_ClauseBuilder, OptionLabel)) for b in d.body):
            d.organ = content
            d.organ_set = True
            return
        whole_note = _whole_note(content)
        if whole_note and d.clause is not None and nxt is not None and self.subparagraph_label(nxt, (nxt.list_label or "").strip(), peek=True):
            d.pending_note = content
            return
        plain = _plain(content)
        if not d.operative_seen:
            pre = self.lang.is_opening(plain, PREAMBULAR)
            op_open = self.lang.is_opening(plain, OPERATIVE)
            part = OPERATIVE if (op_open and not pre) else PREAMBULAR
        else:
            part = OPERATIVE
        self.finish_clause()
        d.clause = _ClauseBuilder(part, self.opening(content, part), None, src)
        d.body.append(d.clause)
        d.operative_seen = d.operative_seen or part == OPERATIVE

    def heading(self, p: WordParagraph, label: str) -> tuple[int | None, int, str]:
        """(level, characters to skip, label) when ``p`` is a heading, else (None, 0, "")."""
        text = p.text
        style_level = self.heading_level(p)
        end = text.rstrip()[-1:] if text.strip() else ""
        if label:
            core = label.rstrip(".")
            if ROMAN_UPPER_RE.match(core) and label.endswith("."):
                return (style_level or 1), 0, label
            if re.fullmatch(r"[A-Z]\.", label):
                return (style_level or 2), 0, label
            if style_level is not None and not self.pat.subparagraph.match(label + " "):
                return style_level, 0, label
            return None, 0, ""
        for rx, default in ((self.pat.roman_heading, 1), (self.pat.letter_heading, 2), (self.pat.cjk_heading, 1)):
            m = rx.match(text)
            if m and (style_level is not None or end not in ";,:"):
                if rx is self.pat.letter_heading and not (style_level is not None or len(text) < 150):
                    continue
                return (style_level or default), m.end(), m.group("label") + ("" if rx is self.pat.cjk_heading else ".")
        if style_level is not None:
            om = self.pat.operative.match(text)
            if om and style_level >= 3:
                return style_level, om.end(), om.group("label") + "."
            if not self.pat.operative.match(text) and not self.pat.subparagraph.match(text):
                return style_level, 0, ""
        return None, 0, ""

    def heading_content(self, p: WordParagraph, label: str, skip: int) -> tuple:
        content = self.content(p, skip)
        if label:
            sep = "" if label.endswith("、") else " "
            content = _normalise((Text(label + sep),) + content)
        return content

    def operative_label(self, p: WordParagraph, label: str) -> tuple[str, int] | None:
        if label:
            m = self.pat.operative.match(label + " ")
            return (SPACES.sub(" ", m.group("label")), 0) if m else None
        m = self.pat.operative.match(p.text)
        if m:
            return SPACES.sub(" ", m.group("label")), m.end()
        return None

    def subparagraph_label(self, p: WordParagraph, label: str, peek: bool = False) -> tuple[str, int] | None:
        source = label + " " if label else p.text
        m = self.pat.subparagraph.match(source)
        if not m:
            return None
        value = next(v for k, v in m.groupdict().items() if v)
        return value, (0 if label else m.end())

    def add_subparagraph(self, p: WordParagraph, label: str, content: tuple) -> None:
        d = self.decision
        src = self.src(p)
        if d.clause is None:
            # a subparagraph with no paragraph above it: keep it as an unnumbered paragraph
            clause = _ClauseBuilder(OPERATIVE if d.operative_seen else PREAMBULAR,
                                    _normalise((Text(f"({label}) "),) + content), None, src)
            d.body.append(clause)
            d.clause = clause
            return
        stack = d.subs_stack
        level = self.sub_level(label, stack)
        letter, rom = _letter_value(label), _roman_value(label)
        kind = "roman" if level % 2 == 0 else "letter"
        value = rom if kind == "roman" else letter
        node = _SubBuilder(label, content, level, kind, value, src)
        while stack and stack[-1].level >= level:
            stack.pop()
        if stack:
            stack[-1].children.append(node)
        else:
            d.clause.subs.append(node)
        stack.append(node)

    def sub_level(self, label: str, stack: list) -> int:
        """The nesting level (1 for "(a)", 2 for "(i)") of a subparagraph label after ``stack``."""
        letter, rom = _letter_value(label), _roman_value(label)
        if not stack:
            return 1 if letter is not None or rom is None else (1 if label in ("i",) else 1)
        if rom is not None and letter is None:
            # only Roman ("ii", "iv"): one level below the nearest letter, or a sibling of a Roman
            for node in reversed(stack):
                if node.kind == "roman":
                    return node.level
            return stack[-1].level + 1
        if rom is not None and letter is not None:
            # "i", "v", "x": a letter when it follows its predecessor letter at some level
            for node in reversed(stack):
                if node.kind == "letter" and node.value == letter - 1:
                    return node.level
                if node.kind == "roman" and node.value == rom - 1:
                    return node.level
            if rom == 1:
                return stack[-1].level + 1 if stack[-1].kind == "letter" else stack[-1].level
            return stack[-1].level
        # a plain letter: sibling of the nearest letter level
        for node in reversed(stack):
            if node.kind == "letter":
                return node.level
        return 1

    def opening(self, content: tuple, part: str) -> tuple:
        """Mark the opening phrase from the lexicon where the file has no italics at all."""
        if self.has_italics or not self.lang.italic_openings or not content:
            return content
        first = content[0]
        if not isinstance(first, Text):
            return content
        phrase = self.lang.is_opening(first.text, part)
        if not phrase:
            return content
        rest = first.text.lstrip()[len(phrase):]
        return _normalise((Emph((Text(phrase),)),) + ((Text(rest),) if rest else ()) + content[1:])

    # -- outside decisions
    def document_paragraph(self, p: WordParagraph, label: str) -> None:
        src = self.src(p)
        if not label and self.pat.annex.match(p.text):
            self.blocks.append(Heading(self.heading_level(p) or 1, self.content(p), role="annex", source=src))
            return
        level, skip, heading_label = self.heading(p, label)
        if level is not None:
            self.blocks.append(Heading(level, self.heading_content(p, heading_label, skip), source=src))
            return
        op = self.operative_label(p, label)
        if op is not None:
            number, skip = op
            self.blocks.append(Paragraph(self.content(p, skip), number, source=src))
            return
        content = self.content(p)
        if label:
            content = _normalise((Text(label + " "),) + content)
        if content:
            self.blocks.append(Paragraph(content, source=src))

    # -- front matter
    def front_matter(self, paras: list[WordParagraph]) -> int:
        """Read the masthead (tables, first page, header) and return where the body starts."""
        meta = self.meta
        for p in self.pkg.header:
            self.masthead_line(p.text, header=True)
        i = 0
        while i < len(paras):
            p = paras[i]
            text = SPACES.sub(" ", p.text).strip()
            if not text:
                i += 1
                continue
            if p.table:
                for cell in text.split(" | "):
                    self.masthead_line(cell)
                i += 1
                continue
            if self.pat.decision.match(text) and (self.pat.decision.match(text).group("number")):
                break
            if p.list_label or self.pat.operative.match(text) or self.heading(p, "")[0] is not None and "title" in meta:
                break
            if self.masthead_line(text):
                self.inl.build(p.runs, p.number)  # keep the bracket stack in step
                i += 1
                continue
            level = self.heading_level(p)
            if "body" not in meta and "title" not in meta and level is None:
                meta["body"] = self.content(p)
            elif "title" not in meta and (level is not None or "body" in meta):
                meta["title"] = self.content(p)
            elif "title" in meta and "subtitle" not in meta and level is None and len(text) < 80:
                meta["subtitle"] = self.content(p)
            else:
                break
            i += 1
        return i

    def masthead_line(self, text: str, header: bool = False) -> bool:
        meta = self.meta
        text = SPACES.sub(" ", text).strip()
        found = False
        if not text:
            return False
        if SYMBOL_RE.match(text) and "symbol" not in meta:
            meta["symbol"] = text
            return True
        m = DISTR_RE.search(text)
        if m and "distribution" not in meta:
            meta["distribution"] = m.group(1)
            found = True
        m = ORIGINAL_RE.search(text)
        if m and "original" not in meta:
            meta["original"] = m.group(1)
            found = True
        if (found or not header) and "date" not in meta:
            m = DATE_RE.search(text)
            if m and (found or len(text) < 40):
                meta["date"] = m.group(1)
                found = True
        m = AGENDA_RE.search(text)
        if m and "agenda_item" not in meta:
            meta["agenda_item"] = next(g for g in m.groups() if g)
            meta["_agenda_next"] = True
            return True
        if meta.pop("_agenda_next", False) and "agenda_title" not in meta and header:
            meta["agenda_title"] = (Text(text),)
            return True
        if header and text.lower().startswith("version ") and "round" not in meta:
            meta["round"] = text
            return True
        if text in ("United Nations", "Nations Unies", "Naciones Unidas", "联合国", "Организация Объединенных Наций",
                    "الأمم المتحدة"):
            return True
        if not header and SESSION_RE.match(text) and "session" not in meta and len(text) < 60:
            meta["session"] = (Text(text),)
            return True
        return found

    def metadata(self) -> Metadata:
        meta = self.meta
        original = meta.get("original")
        return Metadata(
            language=self.code, symbol=meta.get("symbol"), distribution=meta.get("distribution"),
            date=meta.get("date"), original_language=original, body=meta.get("body", ()),
            session=meta.get("session", ()), agenda_item=(Text(meta["agenda_item"]),) if "agenda_item" in meta else (),
            agenda_title=meta.get("agenda_title", ()), title=meta.get("title", ()), subtitle=meta.get("subtitle", ()),
            round=meta.get("round"))


def _opens_italic(p: WordParagraph) -> bool:
    for run in p.runs:
        if run.kind != "text":
            continue
        stripped = re.sub(r"^[\s\d.()\[\]a-z]{0,6}\t", "", run.text) if not run.italic else run.text
        if not stripped.strip():
            continue
        return run.italic and len(run.text.strip()) > 1
    return False


def _whole_note(content: tuple) -> bool:
    """Whether ``content`` is one editorial note, perhaps inside brackets carried from elsewhere."""
    while len(content) == 1 and isinstance(content[0], Bracket) and not content[0].opens and not content[0].closes:
        content = content[0].children
    return len(content) == 1 and isinstance(content[0], Note)


def _plain(inlines: tuple) -> str:
    from clausewise.model import plain_text

    return plain_text(inlines, brackets=False, notes=False)


# ---------------------------------------------------------------- entry point


def read_document(source: "str | Path | bytes", options) -> Document:
    """Import a Word file (path or bytes) into a Document, tracked changes in ``options.view``."""
    view = getattr(options, "view", "final")
    pkg = load_package(source, view)
    path = None if isinstance(source, (bytes, bytearray)) else str(source)
    return _Reader(pkg, path).run()
