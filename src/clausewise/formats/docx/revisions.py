"""Word tracked-change markup: insertions, deletions, moves and paragraph-mark revisions.

``Revisions`` hands out revision ids from one counter and stamps every revision with the same
author and date. It wraps runs in ``w:ins`` / ``w:del`` (turning ``w:t`` into ``w:delText``),
marks paragraph marks as inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``) so that rejecting an
inserted paragraph removes it and accepting a deleted one removes it, and writes moves as
``w:moveFrom`` / ``w:moveTo`` between their named range markers
(``w:moveFromRangeStart``/``End``, ``w:moveToRangeStart``/``End``).
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Iterable, Literal

from clausewise.formats.docx._oxml import get_or_add_ppr, make
from lxml import etree

__all__ = ["Revisions", "Kind", "w", "mark_paragraph", "paragraph_mark_kind"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Kind = Literal["ins", "del", "moveFrom", "moveTo"]
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: the order of w:pPr children in the schema (CT_PPrBase then rPr, sectPr, pPrChange)
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
              "rPr", "sectPr", "pPrChange"]
#: the order of the revision-related children at the start of a paragraph mark's w:rPr
_MARK_TAGS = ("ins", "del", "moveFrom", "moveTo")


def w(local: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{local}"


def _insert_in_order(parent: etree._Element, child: etree._Element, order: list[str]) -> None:
    local = etree.QName(child).localname
    rank = order.index(local) if local in order else len(order)
    for i, existing in enumerate(parent):
        other = etree.QName(existing).localname if isinstance(existing.tag, str) else ""
        if other in order and order.index(other) > rank:
            parent.insert(i, child)
            return
    parent.append(child)


class Revisions:
    """Makes revision markup with one author, one date and ids from one counter."""

    def __init__(self, author: str, date: str | None = None, *, first_id: int = 1) -> None:
        self.author = author or "clausewise"
        self.date = _iso_date(date)
        self._next = first_id
        self._moves = 0

    def next_id(self) -> str:
        """A fresh id (revisions and range markers share the counter, so ids never clash)."""
        value = self._next
        self._next += 1
        return str(value)

    def element(self, kind: Kind) -> etree._Element:
        """An empty revision element ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo``."""
        node = make(f"w:{kind}")
        node.set(w("id"), self.next_id())
        node.set(w("author"), self.author)
        node.set(w("date"), self.date)
        return node

    def wrap(self, runs: Iterable[etree._Element], kind: Kind) -> etree._Element:
        """A revision element of ``kind`` holding ``runs`` (deleted text becomes w:delText)."""
        wrapper = self.element(kind)
        for r in runs:
            if kind == "del":
                as_deleted(r)
            wrapper.append(r)
        return wrapper

    def mark_paragraph(self, p: etree._Element, kind: Kind) -> None:
        """Mark the paragraph mark of ``p`` as inserted, deleted or moved."""
        mark_paragraph(p, self.element(kind))

    def change_paragraph(self, p: etree._Element, old_ppr: etree._Element | None) -> None:
        """Record that ``p``'s paragraph properties were ``old_ppr`` before (``w:pPrChange``)."""
        ppr = get_or_add_ppr(p)
        for old in ppr.findall(w("pPrChange")):
            ppr.remove(old)
        change = self.element("pPrChange")  # type: ignore[arg-type]
        before = make("w:pPr")
        if old_ppr is not None:
            for child in old_ppr:
                if isinstance(child.tag, str) and child.tag not in (w("rPr"), w("sectPr"), w("pPrChange")):
                    before.append(copy.deepcopy(child))
        change.append(before)
        ppr.append(change)

    def new_move_name(self) -> str:
        """A fresh name shared by a move's source and destination ranges."""
        self._moves += 1
        return f"move{self._moves}"

    def range_start(self, kind: Literal["moveFrom", "moveTo"], name: str) -> tuple[etree._Element, etree._Element]:
        """The start and end range markers of one move range (same id, named ``name``)."""
        start = make(f"w:{kind}RangeStart")
        rid = self.next_id()
        start.set(w("id"), rid)
        start.set(w("author"), self.author)
        start.set(w("date"), self.date)
        start.set(w("name"), name)
        end = make(f"w:{kind}RangeEnd")
        end.set(w("id"), rid)
        return start, end


def as_deleted(r: etree._Element) -> etree._Element:
    """Turn the text of a run into deleted text (``w:t`` → ``w:delText``, field codes likewise)."""
    for t in r.iter(w("t")):
        t.tag = w("delText")
        if t.text and t.text != t.text.strip():
            t.set(_XML_SPACE, "preserve")
    for t in r.iter(w("instrText")):
        t.tag = w("delInstrText")
    return r


def mark_paragraph(p: etree._Element, revision: etree._Element) -> None:
    """Put ``revision`` (w:ins/w:del/w:moveFrom/w:moveTo) on the paragraph mark of ``p``."""
    ppr = get_or_add_ppr(p)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = make("w:rPr")
        _insert_in_order(ppr, rpr, _PPR_ORDER)
    for old in [c for c in rpr if isinstance(c.tag, str) and etree.QName(c).localname in _MARK_TAGS]:
        rpr.remove(old)
    # the revision marks come first in CT_ParaRPr
    rpr.insert(0, revision)


def paragraph_mark_kind(p: etree._Element) -> str | None:
    """The revision on the paragraph mark of ``p`` ("ins", "del", "moveFrom", "moveTo") or None."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    for child in rpr:
        if isinstance(child.tag, str) and etree.QName(child).localname in _MARK_TAGS:
            return etree.QName(child).localname
    return None


def _iso_date(date: str | None) -> str:
    if not date:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        return now.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = date.strip()
    try:
        if len(text) == 10:  # a bare day, 2026-11-25
            return datetime.strptime(text, "%Y-%m-%d").strftime("%Y-%m-%dT00:00:00Z")
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        from clausewise.errors import InputError

        raise InputError(f"--date {date!r} is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)") from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.replace(tzinfo=None, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
