"""Inline markup of the draft format: reading ``*…*``, ``[…]``, ``{…}``, ``[^key]``, ``<!-- -->`` and writing it back.

The reader is iterative (an explicit stack of open frames), so ten thousand nested brackets give a
clear ParseError at the depth limit instead of a RecursionError. Negotiation brackets may stay
open at the end of a unit (a clause, a subparagraph): the caller carries them into the next unit,
where they continue as ``Bracket(opens=False)``.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable

from clausewise.errors import ParseError
from clausewise.model import (Bracket, Comment, Delete, Emph, FootnoteRef, Insert, Note, Source, Text)

__all__ = ["MAX_DEPTH", "Positions", "parse_inlines", "write_inlines", "ESCAPABLE"]

#: deepest nesting of brackets, emphasis and notes the reader accepts
MAX_DEPTH = 200
#: characters a backslash makes literal (all ASCII punctuation, as in CommonMark)
ESCAPABLE = frozenset(string.punctuation)

SPECIAL = re.compile(r"[\\\[\]*{}<]")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\[\s\\]+)\]")
COMMENT_AUTHOR = re.compile(r"([^\s:<>][^:<>]{0,39}?):(?: (.*)|\Z)", re.S)


class Positions:
    """Maps offsets of a unit's joined text back to (line, column) in the file."""

    def __init__(self, path: str | None, segments: list[tuple[int, int, int]]):
        # segments: (offset in joined text, line, column) where each source line starts
        self.path = path
        self.offsets = [s[0] for s in segments]
        self.segments = segments

    @classmethod
    def single(cls, path: str | None, line: int, column: int) -> "Positions":
        """Positions of text that stands on one line starting at ``line``:``column``."""
        return cls(path, [(0, line, column)])

    def at(self, offset: int) -> Source:
        """The source position of ``offset``."""
        k = max(0, bisect_right(self.offsets, offset) - 1)
        start, line, column = self.segments[k]
        return Source(self.path, line, column + offset - start)


@dataclass
class _Frame:
    kind: str                      # "root", "emph", "bracket", "note"
    source: Source | None
    opens: bool = True
    children: list = field(default_factory=list)


def _finish(frame: _Frame, closes: bool = True):
    children = tuple(frame.children)
    if frame.kind == "emph":
        return Emph(children, source=frame.source)
    if frame.kind == "note":
        return Note(children, source=frame.source)
    return Bracket(children, opens=frame.opens, closes=closes, source=frame.source)


_NAMES = {"emph": "emphasis '*'", "note": "editorial note '{'", "bracket": "bracket '['"}


def parse_inlines(text: str, where: Positions, carry: int = 0) -> tuple[tuple, int]:
    """Parse one unit's inline markup; ``carry`` brackets are open from earlier units.

    Returns the inlines and how many brackets are still open at the end (to carry on).
    """
    stack: list[_Frame] = [_Frame("root", None)]
    open_count = {"bracket": carry, "emph": 0, "note": 0, "root": 1}
    for _ in range(carry):
        stack.append(_Frame("bracket", where.at(0), opens=False))
    buf: list[str] = []
    buf_start = 0
    n = len(text)
    i = 0

    def flush() -> None:
        if buf:
            stack[-1].children.append(Text("".join(buf), source=where.at(buf_start)))
            buf.clear()

    def push(kind: str, at: int, opens: bool = True) -> None:
        if len(stack) > MAX_DEPTH:
            src = where.at(at)
            raise ParseError(f"brackets, emphasis and notes nested more than {MAX_DEPTH} deep; "
                             "the draft format stops there", src.path, src.line, src.column)
        stack.append(_Frame(kind, where.at(at), opens=opens))
        open_count[kind] += 1

    def close(kind: str, at: int) -> None:
        """Close the innermost open ``kind`` frame, splitting frames that cross it."""
        k = len(stack) - 1
        while stack[k].kind != kind:
            k -= 1
        reopen: list[_Frame] = []
        while len(stack) - 1 > k:
            frame = stack.pop()
            stack[-1].children.append(_finish(frame, closes=False))
            if frame.kind == "bracket":
                reopen.append(_Frame("bracket", where.at(at), opens=False))
            else:
                reopen.append(_Frame(frame.kind, frame.source))
        frame = stack.pop()
        open_count[kind] -= 1
        node = _finish(frame, closes=True)
        if kind == "bracket" and not frame.opens:
            node = Bracket(node.children, opens=False, closes=True, source=where.at(at))
        stack[-1].children.append(node)
        for frame in reversed(reopen):
            stack.append(frame)

    while i < n:
        c = text[i]
        if c not in "\\[]*{}<":  # plain text runs to the next markup character
            m = SPECIAL.search(text, i + 1)
            j = m.start() if m else n
            if not buf:
                buf_start = i
            buf.append(text[i:j])
            i = j
            continue
        if c == "\\" and i + 1 < n and text[i + 1] in ESCAPABLE:
            if not buf:
                buf_start = i
            buf.append(text[i + 1])
            i += 2
            continue
        if c == "[":
            m = FOOTNOTE_REF.match(text, i)
            flush()
            if m:
                stack[-1].children.append(FootnoteRef(m.group(1), source=where.at(i)))
                i = m.end()
            else:
                push("bracket", i)
                i += 1
            continue
        if c == "]":
            flush()
            if open_count["bracket"]:
                close("bracket", i)
            else:  # a "]" with nothing open: it closes a bracket opened before this unit
                top = stack[-1]
                top.children = [Bracket(tuple(top.children), opens=False, closes=True, source=where.at(i))]
            i += 1
            continue
        if c == "*":
            flush()
            if open_count["emph"]:
                close("emph", i)
            else:
                push("emph", i)
            i += 1
            continue
        if c == "{":
            flush()
            push("note", i)
            i += 1
            continue
        if c == "}":
            flush()
            if not open_count["note"]:
                src = where.at(i)
                raise ParseError("'}' closes no editorial note '{'; write \\} for a literal brace",
                                 src.path, src.line, src.column)
            close("note", i)
            i += 1
            continue
        if c == "<" and text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                src = where.at(i)
                raise ParseError("drafting comment '<!--' is never closed by '-->' (comments end "
                                 "within their paragraph)", src.path, src.line, src.column)
            flush()
            body = text[i + 4:end].strip()
            author = None
            if body.startswith(": "):
                body = body[2:]
            elif body == ":":
                body = ""
            else:
                m = COMMENT_AUTHOR.match(body)
                if m:
                    author, body = m.group(1), m.group(2) or ""
            stack[-1].children.append(Comment(body, author, source=where.at(i)))
            i = end + 3
            continue
        if not buf:
            buf_start = i
        buf.append(c)
        i += 1
    flush()
    carry_out = 0
    while len(stack) > 1:
        frame = stack.pop()
        if frame.kind != "bracket":
            src = frame.source
            raise ParseError(f"{_NAMES[frame.kind]} opened here is never closed in this paragraph"
                             + (" (write \\* for a literal asterisk)" if frame.kind == "emph" else ""),
                             src.path, src.line, src.column)
        stack[-1].children.append(_finish(frame, closes=False))
        carry_out += 1
    return tuple(stack[0].children), carry_out


# ---------------------------------------------------------------- writing


def escape_text(text: str) -> str:
    """Text with the characters that carry markup escaped by a backslash (line breaks become spaces)."""
    out = []
    for k, ch in enumerate(text):
        if ch in "\n\r":
            out.append(" ")  # a block is one line; a break inside a paragraph cannot be kept
        elif ch in "\\[]{}*":
            out.append("\\" + ch)
        elif ch == "<" and text.startswith("<!--", k):
            out.append("\\<")
        else:
            out.append(ch)
    return "".join(out)


def write_inlines(inlines, error: Callable[[str], Exception] = ValueError) -> str:
    """The draft markup of ``inlines`` (the inverse of ``parse_inlines``)."""
    out: list[str] = []
    # iterative walk: ("node", node) or ("text", literal)
    work: list = [("node", n) for n in reversed(inlines)]
    while work:
        what, item = work.pop()
        if what == "text":
            out.append(item)
            continue
        node = item
        if isinstance(node, Text):
            out.append(escape_text(node.text))
        elif isinstance(node, Emph):
            work.append(("text", "*"))
            work.extend(("node", n) for n in reversed(node.children))
            work.append(("text", "*"))
        elif isinstance(node, Bracket):
            if node.closes:
                work.append(("text", "]"))
            work.extend(("node", n) for n in reversed(node.children))
            if node.opens:
                if node.children and isinstance(node.children[0], Text) and node.children[0].text.startswith("^"):
                    work.append(("text", "\\"))  # "[\^…" is a bracket, "[^…]" a footnote reference
                work.append(("text", "["))
        elif isinstance(node, Note):
            work.append(("text", "}"))
            work.extend(("node", n) for n in reversed(node.children))
            work.append(("text", "{"))
        elif isinstance(node, FootnoteRef):
            out.append(f"[^{node.key}]")
        elif isinstance(node, Comment):
            body = " ".join(node.text.split("\n")).replace("\r", " ")
            if "-->" in body or (node.author and "-->" in node.author):
                raise error("a drafting comment cannot contain '-->'")
            if node.author:
                out.append(f"<!-- {node.author}: {body} -->")
            elif COMMENT_AUTHOR.match(body) or body.startswith(":"):
                out.append(f"<!-- : {body} -->")
            else:
                out.append(f"<!-- {body} -->" if body else "<!-- -->")
        elif isinstance(node, Insert):
            work.extend(("node", n) for n in reversed(node.children))
        elif isinstance(node, Delete):
            pass
        else:
            raise error(f"not an inline node: {node!r}")
    return "".join(out)
