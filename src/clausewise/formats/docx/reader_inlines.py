"""Inline content of imported Word paragraphs: emphasis, brackets across paragraphs, notes, references.

``InlineBuilder.build`` turns the runs of one paragraph into model inlines. It keeps one bracket
stack for the whole body, so a "[" in one paragraph and its "]" in a later one give
``Bracket(closes=False)`` … ``Bracket(opens=False)``, and a "]" with nothing open gives a bracket
that opens before the paragraph (``opens=False``): every bracket character of the file survives.
"{…}" is a ``Note`` when its brackets balance inside it; italic runs (or our opening-words style)
become ``Emph``; note references become ``FootnoteRef`` via ``NoteCollector``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from clausewise.errors import ParseError
from clausewise.formats.docx.numbering import format_number
from clausewise.formats.docx.package import CUSTOM_MARK, Run, WordPackage, WordParagraph
from clausewise.model import Bracket, Comment, Emph, Footnote, FootnoteRef, Note, Source, Text, plain_text

__all__ = ["InlineBuilder", "NoteCollector", "normalise", "strip", "drop_chars", "opens_italic", "whole_note",
           "plain", "SPACES", "OPENING_STYLE"]

SPACES = re.compile(r"[ \t\u00a0\n\r]+")
OPENING_STYLE = "OpeningWordsG"
#: the deepest bracket and note nesting read (real drafts reach 7; the cap keeps hostile files finite)
MAX_DEPTH = 200   # as the draft format: what `build` writes reads back


class InlineBuilder:
    """Builds model inlines from runs, with one bracket stack shared by all body paragraphs."""

    def __init__(self, path: str | None, notes: "NoteCollector"):
        self.path = path
        self.notes = notes
        self.depth = 0          # brackets open across paragraphs
        self.comments: dict = {}
        self.ours = False       # a file of our own writer: emphasis is the opening-words style only

    def build(self, runs: tuple[Run, ...], number: int, *, share_stack: bool = True,
              in_note_italics: bool = False, offsets: tuple = ()) -> tuple:
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
                key = self.notes.use(run.kind, run.ref, run.text if run.style == CUSTOM_MARK else None, number)
                stack[-1][1].append(FootnoteRef(key, source=src))
                continue
            if run.kind == "comment":
                author, body = self.comments.get(run.ref, (None, ""))
                if author in ("", "Drafting comment"):
                    author = None   # our writer's placeholder for a comment without author
                if body or author:
                    stack[-1][1].append(Comment(body, author, source=src))
                continue
            buf = []
            for ch in run.text:
                if ch in "[]{}":
                    if ch in "[{" and len(stack) > MAX_DEPTH:
                        raise ParseError(f"brackets or braces nested more than {MAX_DEPTH} deep (counting brackets "
                                         "left open in earlier paragraphs); refused", self.path,
                                         paragraph=number or None)
                    if ch == "{" and pos in braces:
                        _flush(stack, buf, _emph(run, self.ours))
                        frame = ["note", [], True, _col(src, pos)]
                        stack[-1][1].append(frame)
                        stack.append(frame)
                    elif ch == "}" and stack[-1][0] == "note" and braces.get(_open_of(braces, pos)) == pos:
                        _flush(stack, buf, _emph(run, self.ours))
                        stack.pop()
                    elif ch == "[":
                        _flush(stack, buf, _emph(run, self.ours))
                        frame = ["bracket", [], True, _col(src, pos, offsets)]
                        stack[-1][1].append(frame)
                        stack.append(frame)
                    elif ch == "]":
                        _flush(stack, buf, _emph(run, self.ours))
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
            _flush(stack, buf, _emph(run, self.ours))
        if share_stack:
            # brackets still open at the end carry on into the next paragraph
            open_frames = sum(1 for f in stack if f[0] == "bracket")
            self.depth = open_frames
        return normalise(_freeze(root[1], in_note=in_note_italics))

    def plain(self, runs: tuple[Run, ...], number: int) -> tuple:
        """Inlines of a note or comment: its own bracket stack."""
        return self.build(runs, number, share_stack=False)


def _emph(run: Run, ours: bool = False) -> bool:
    """Whether a run is emphasised: italic, or in our opening-words style (only that, in our own files)."""
    if ours:
        return run.style == OPENING_STYLE
    return run.italic or run.style == OPENING_STYLE


def _col(src: Source | None, pos: int, offsets: tuple = ()) -> Source | None:
    """``src`` at character ``pos``: the column, and for a table row the cell paragraph's number."""
    if src is None:
        return None
    number, start = src.paragraph, 0
    for offset, para in offsets:
        if offset <= pos:
            number, start = para, offset
    return replace(src, column=pos - start + 1, paragraph=number)


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
                out.append(Note(normalise(_freeze(child[1], in_note=True)), source=child[3]))
            else:
                closed = len(child) > 4 and child[4] == "closed"
                out.append(Bracket(normalise(_freeze(child[1], in_note=in_note)), opens=child[2], closes=closed,
                                   source=child[3]))
        else:
            close_italic()
            out.append(child)
    close_italic()
    return tuple(out)


def normalise(inlines: tuple) -> tuple:
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
            out[-1] = Emph(normalise(out[-1].children + node.children), source=out[-1].source)
        elif (isinstance(node, Emph) and len(out) >= 2 and isinstance(out[-1], Text) and out[-1].text == " "
              and isinstance(out[-2], Emph)):
            # "*Also* *requests*": one emphasis with the space inside
            out.pop()
            out[-1] = Emph(normalise(out[-1].children + (Text(" "),) + node.children), source=out[-1].source)
        else:
            out.append(node)
    return tuple(out)


def strip(inlines: tuple) -> tuple:
    """Drop white space at both ends of a paragraph's content (inside brackets carried over, too)."""
    items = list(inlines)
    while items and isinstance(items[0], Text) and not items[0].text.strip():
        items.pop(0)
    while items and isinstance(items[-1], Text) and not items[-1].text.strip():
        items.pop()
    if not items:
        return ()
    first = items[0]
    if isinstance(first, Text):
        items[0] = Text(first.text.lstrip(), source=first.source)
    elif isinstance(first, Emph):
        items[0] = Emph(_lstrip(first.children), source=first.source)
    elif isinstance(first, Bracket) and not first.opens:
        items[0] = replace(first, children=_lstrip(first.children))
    last = items[-1]
    if isinstance(last, Text):
        items[-1] = Text(last.text.rstrip(), source=last.source)
    elif isinstance(last, Bracket) and not last.closes:
        items[-1] = replace(last, children=_rstrip(last.children))
    return tuple(items)


def _lstrip(inlines: tuple) -> tuple:
    items = list(inlines)
    while items and isinstance(items[0], Text) and not items[0].text.strip():
        items.pop(0)
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip(), source=items[0].source)
    elif items and isinstance(items[0], (Emph,)):
        items[0] = Emph(_lstrip(items[0].children), source=items[0].source)
    elif items and isinstance(items[0], Bracket) and not items[0].opens:
        items[0] = replace(items[0], children=_lstrip(items[0].children))
    return tuple(items)


def _rstrip(inlines: tuple) -> tuple:
    items = list(inlines)
    while items and isinstance(items[-1], Text) and not items[-1].text.strip():
        items.pop()
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip(), source=items[-1].source)
    elif items and isinstance(items[-1], Bracket) and not items[-1].closes:
        items[-1] = replace(items[-1], children=_rstrip(items[-1].children))
    return tuple(items)


def drop_chars(runs: tuple[Run, ...], n: int) -> tuple[Run, ...]:
    """The runs without their first ``n`` text characters (a label already read)."""
    out = []
    for run in runs:
        if n > 0 and run.kind == "text":
            if len(run.text) <= n:
                n -= len(run.text)
                continue
            run = Run("text", run.text[n:], run.italic, run.bold, style=run.style)
            n = 0
        out.append(run)
    return tuple(out)


# ---------------------------------------------------------------- notes


class NoteCollector:
    """Footnotes and endnotes: keys as displayed, collected where first referenced."""

    def __init__(self, pkg: WordPackage, path: str | None):
        self.pkg = pkg
        self.path = path
        self.current: list[Footnote] = []
        self.keys: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()
        self.counts: dict[str, int] = {}
        self.saved: list = []
        self.inlines: InlineBuilder | None = None

    def use(self, kind: str, ref: str | None, mark: str | None, number: int = 0) -> str:
        """The key of the note ``ref`` of ``kind`` (``mark`` if typed), defining it in the current scope.

        ``number`` is the body paragraph that refers to it: the note's position in messages.

        Automatic marks are counted per scope (a decision, or the text outside decisions), as the
        notes of each decision are numbered from 1 in the secretariat's files; a typed mark ("*")
        is its own key.
        """
        if (kind, ref) in self.keys and any(f.key == self.keys[(kind, ref)] for f in self.current):
            return self.keys[(kind, ref)]
        if mark:
            key = mark
        else:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            key = format_number(self.counts[kind], self.pkg.note_formats.get(kind, "decimal"))
        base, n = key, 2
        while key in self.used:
            key = f"{base}-{n}"
            n += 1
        self.used.add(key)
        self.keys[(kind, ref)] = key
        paragraphs = (self.pkg.footnotes if kind == "footnote" else self.pkg.endnotes).get(ref, ())
        runs: list = []
        for i, para in enumerate(paragraphs):
            para_runs = para.runs
            for _ in range(2 if (i == 0 and mark) else 0):
                # a typed mark ("*") stands at the start of the note's own text: not part of it
                # (LibreOffice, saving such a file, may type it a second time)
                text = "".join(r.text for r in para_runs if r.kind == "text")
                lead = len(text) - len(text.lstrip())
                if text[lead:].startswith(mark):
                    para_runs = drop_chars(para_runs, lead + len(mark))
            if runs and para_runs:
                runs.append(Run("text", " "))
            runs.extend(para_runs)
        # the note's paragraphs are read as one text, so a bracket may span them as in one paragraph
        content = strip(self.inlines.plain(tuple(runs), number)) if self.inlines else ()
        content = normalise(content)
        where = Source(self.path, 0, 1, paragraph=number) if number else None
        self.current.append(Footnote(key, content, source=where))
        return key

    def begin(self) -> None:
        """Open a decision's scope; the text outside decisions keeps its own notes and count."""
        self.saved.append((self.current, self.used, self.counts))
        self.current, self.used, self.counts = [], set(), {}

    def take(self) -> tuple[Footnote, ...]:
        """The notes of the scope being closed, in order of first reference."""
        out = tuple(self.current)
        if self.saved:
            self.current, self.used, self.counts = self.saved.pop()
        else:
            self.current, self.used, self.counts = [], set(), {}
        return out



def opens_italic(p: WordParagraph, ours: bool = False) -> bool:
    """Whether the paragraph's first words (after any typed number) are emphasised."""
    for run in p.runs:
        if run.kind != "text":
            continue
        emph = _emph(run, ours)
        stripped = re.sub(r"^[\s\d.()\[\]a-z]{0,6}\t", "", run.text) if not emph else run.text
        if not stripped.strip():
            continue
        return emph and len(run.text.strip()) > 1
    return False


def whole_note(content: tuple) -> bool:
    """Whether ``content`` is one editorial note, perhaps inside brackets carried from elsewhere."""
    while len(content) == 1 and isinstance(content[0], Bracket) and not content[0].opens and not content[0].closes:
        content = content[0].children
    return len(content) == 1 and isinstance(content[0], Note)


def plain(inlines: tuple) -> str:
    """The text of ``inlines`` without brackets and notes (for lexicon look-ups)."""
    return plain_text(inlines, brackets=False, notes=False)


