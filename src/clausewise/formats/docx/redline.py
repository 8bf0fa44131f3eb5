"""Word redlines between two rounds: the newer round in official formatting, with the changes.

``write_redline_document(comparison, options)`` renders both rounds with the official writer,
finds each clause's paragraphs in the two renderings, and merges them (``redline_merge``) in the
order of the comparison: the newer round's order, deleted clauses where they stood, a moved
clause as ``w:moveFrom`` at its old place and ``w:moveTo`` at its new one. Paragraphs outside
clauses (masthead, headings, organ line) are paired by text.

Numbering (the "tracked" style): where every round numbers its operative paragraphs 1, 2, 3 …
(with typed "2 bis" between them) and its subparagraphs (a), (b) … / (i), (ii) …, the redline uses
Word list numbering for them instead of typed numbers. A paragraph that is only renumbered then
carries no revision at all, and Accept All / Reject All each show the right numbers. A label the
draft itself changed ("2 bis" -> "3") is a revision: the typed "2 bis." is deleted and the
paragraph joins the list. Where a round numbers irregularly, the typed numbers stay and a changed
number is an ordinary revision. The "marked" style keeps typed numbers (old struck, new bold).
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Literal

from lxml import etree

from clausewise.compare.collector import paused
from clausewise.formats.docx._oxml import get_or_add_ppr, make
from clausewise.formats.docx.redline_merge import (
    Atom, Emitter, atoms_of, diff_atoms_paired, strip_label,
)
from clausewise.formats.docx.redline_package import EMPTY_COMMENTS, EMPTY_FOOTNOTES, EMPTY_NUMBERING, Package
from clausewise.formats.docx.revisions import Revisions, w

#: mark the text of a newly added footnote as inserted too (off: LibreOffice 7.4 handles it no better,
#: and the reference itself already carries the insertion)
MARK_INSERTED_NOTES = False
#: what happened to a clause's brackets (agreed, dropped, alternative chosen …) as a Word comment
BRACKET_COMMENTS = True
#: anchor those comments over the clause (off: a point comment at the clause's end is enough)
COMMENT_RANGES = False
#: show the words an edited move dropped at its new place too, as w:del inside w:moveTo. Off:
#: LibreOffice 7.4 flattens that nesting on import, so Reject All would keep the dropped words at
#: the new place as well. The dropped words show struck through in the moved-from text instead.
SHOW_MOVED_DELETIONS = False

__all__ = ["write_redline_document", "Segment", "merge_rounds", "plan_by_text"]


@dataclass(frozen=True)
class Segment:
    """A piece of the redline: body blocks of the old and new rendering merged one way.

    ``kind`` "diff" merges old and new blocks by a word diff (unchanged, modified, inserted,
    deleted, split, merged); "moveFrom" writes old blocks as moved away; "moveTo" writes the new
    blocks as moved here (with inline insertions); ``name`` links the two halves of a move.
    """

    kind: Literal["diff", "moveFrom", "moveTo"]
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()
    name: str | None = None
    #: a remark for the reader, attached as a Word comment (what happened to the brackets)
    note: str | None = None


@dataclass
class Lists:
    """Where Word list numbering replaces typed labels: block index -> (list key, level, label)."""

    old: dict[int, tuple[str, int, str]] = field(default_factory=dict)
    new: dict[int, tuple[str, int, str]] = field(default_factory=dict)
    #: list key -> (level formats: [(numFmt, lvlText)], start)
    formats: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


# ------------------------------------------------------------------ public entry point


def write_redline_document(comparison, options) -> bytes:
    """The bytes of a Word redline of ``comparison`` (tracked changes or the marked style)."""
    with paused():
        return _write_redline_document(comparison, options)


def _write_redline_document(comparison, options) -> bytes:
    from clausewise.formats import docx as docx_format

    from clausewise.formats.docx.redline_plan import plan_from_comparison, render_with_map

    write_options = docx_format.DocxWriteOptions(reference_doc=options.reference_doc)
    old = render_with_map(comparison.old, write_options)
    new = render_with_map(comparison.new, write_options)
    author = options.author or comparison.new.meta.round or "clausewise"
    when = options.date or _date.today().isoformat()
    old_pkg, new_pkg = Package(old.data), Package(new.data)
    plan, lists = plan_from_comparison(comparison, old, new, _blocks(old_pkg), _blocks(new_pkg),
                                       numbered=options.style == "tracked")
    return merge_rounds(old_pkg, new_pkg, plan, style=options.style, author=author, date=when,
                        insert_mark=options.insert_mark, lists=lists)


# ------------------------------------------------------------------ blocks


def _blocks(pkg: Package) -> list[etree._Element]:
    """The body's block elements (paragraphs, tables, content controls), without the sectPr."""
    return [child for child in pkg.body() if isinstance(child.tag, str) and child.tag != w("sectPr")]


def block_text(block: etree._Element) -> str:
    """The visible text of a block (typed labels and tabs included)."""
    parts = []
    for node in block.iter(w("t"), w("tab")):
        parts.append(node.text or "" if node.tag == w("t") else "\t")
    return "".join(parts)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def plan_by_text(old_blocks: list[etree._Element], new_blocks: list[etree._Element],
                 old_indices: list[int] | None = None, new_indices: list[int] | None = None) -> list[Segment]:
    """Pair blocks by their text (difflib), as diff segments: for parts outside any clause."""
    old_indices = list(range(len(old_blocks))) if old_indices is None else old_indices
    new_indices = list(range(len(new_blocks))) if new_indices is None else new_indices

    def key(block):
        return ("T:" if block.tag != w("p") else "") + _norm(block_text(block))

    a = [key(old_blocks[i]) for i in old_indices]
    b = [key(new_blocks[j]) for j in new_indices]
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old_indices[i1:i2], new_indices[j1:j2]
        if tag == "equal" or (tag == "replace" and len(olds) == len(news)):
            out.extend(Segment("diff", (i,), (j,)) for i, j in zip(olds, news))
        elif tag == "replace":
            out.append(Segment("diff", tuple(olds), tuple(news)))
        elif tag == "delete":
            out.extend(Segment("diff", (i,), ()) for i in olds)
        else:
            out.extend(Segment("diff", (), (j,)) for j in news)
    return out


def order_segments(segments: list[Segment]) -> list[Segment]:
    """Segments in output order: by new position, old-only ones right after their old predecessor."""
    out = sorted((s for s in segments if s.new), key=lambda s: min(s.new))
    for seg in sorted((s for s in segments if not s.new), key=lambda s: min(s.old)):
        first = min(seg.old)
        best, where = -1, -1
        for k, placed in enumerate(out):
            if placed.kind == "moveTo":
                continue
            for o in placed.old:
                if best < o < first:
                    best, where = o, k
        out.insert(where + 1, seg)
    return out


# ------------------------------------------------------------------ merging


def merge_rounds(old_pkg: Package, new_pkg: Package, plan: list[Segment], *, style: str = "tracked",
                 author: str = "clausewise", date: str | None = None, insert_mark: str = "bold",
                 lists: Lists | None = None) -> bytes:
    """Merge the old and new renderings along ``plan`` into the redline's bytes."""
    revisions = Revisions(author, date)
    old_blocks, new_blocks = _blocks(old_pkg), _blocks(new_pkg)
    lists = lists or Lists()
    num_ids = _numbering(new_pkg, lists) if (lists.old or lists.new) else {}

    memo: dict[tuple[str, int], list[Atom]] = {}
    shells: dict[tuple[bytes, str, int], etree._Element] = {}

    def atoms(side: str, index: int) -> list[Atom]:
        found = memo.get((side, index))
        if found is None:
            found = memo[(side, index)] = _block_atoms(side, index)
        return found

    def _block_atoms(side: str, index: int) -> list[Atom]:
        block = (old_blocks if side == "old" else new_blocks)[index]
        if block.tag != w("p"):
            return []
        numbered = (lists.old if side == "old" else lists.new).get(index)
        result = atoms_of(block, side, chunks=True)
        if numbered and num_ids:
            # only the paragraph end reads the properties (never changes them): it gets a paragraph
            # holding them joined to the list, one shared by all paragraphs of the same properties
            key, level, label = numbered
            ppr = block.find(w("pPr"))
            shell_key = (etree.tostring(ppr) if ppr is not None else b"", num_ids[key], level)
            shell = shells.get(shell_key)
            if shell is None:
                shell = shells[shell_key] = make("w:p")
                if ppr is not None:
                    shell.append(copy.deepcopy(ppr))
                _set_numpr(shell, num_ids[key], level)
            result[-1].para = shell
        if side == "old":
            result = [a for a in result if a.kind not in _ELEMENT_KINDS or not _foreign(a)]
            if result and result[-1].kind == "end" and result[-1].para is not None:
                _drop_section(result[-1])
        if numbered and num_ids:
            stripped = strip_label(result, numbered[2])
            result = stripped if stripped is not None else result
        return result

    notes = _Footnotes(old_pkg, new_pkg, revisions, style)
    remarks = _Remarks(new_pkg, revisions)
    emitter = Emitter(revisions, style=style, insert_mark=insert_mark, footnote=notes.reference,
                      show_moved_deletions=SHOW_MOVED_DELETIONS)
    out: list[etree._Element] = []
    for seg in order_segments(plan):
        tables = [new_blocks[j] for j in seg.new if new_blocks[j].tag != w("p")]
        if seg.kind == "moveFrom":
            seq = [("-", a, None) for i in seg.old for a in atoms("old", i)]
        elif len(seg.old) > 1 or len(seg.new) > 1:
            # pair the group's paragraphs first (a clause and its subparagraphs), then diff each pair
            seq = []
            for olds, news in _paragraph_pairs(seg.old, seg.new, old_blocks, new_blocks):
                seq.extend(diff_atoms_paired([a for i in olds for a in atoms("old", i)],
                                             [a for j in news for a in atoms("new", j)]))
        else:
            seq = diff_atoms_paired([a for i in seg.old for a in atoms("old", i)],
                                    [a for j in seg.new for a in atoms("new", j)])
        if tables and not any(new_blocks[j].tag == w("p") for j in seg.new):
            old_tables = [old_blocks[i] for i in seg.old if old_blocks[i].tag != w("p")]
            partner = old_tables[0] if len(tables) == 1 and len(old_tables) == 1 else None
            out.extend(_revised_table(t, partner if t is tables[0] else None, emitter) for t in tables)
            continue
        written = emitter.write(seq, seg.kind, seg.name)
        if seg.note and written and BRACKET_COMMENTS:
            remarks.add(written, seg.note)
        out.extend(written)
    if style == "tracked":
        _align_joined_properties(out, revisions)
        _relocate_marks(out, revisions)
    body = new_pkg.body()
    sect = body.find(w("sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    for element in out:
        if sect is not None:
            sect.addprevious(element)
        else:
            body.append(element)
    notes.finish(emitter)
    notes.reorder(body)
    return new_pkg.save()


_ELEMENT_KINDS = ("el", "bare")
_NEWER = ("ins", "moveTo")
_OLDER = ("del", "moveFrom")


def _reads_in(p: etree._Element, view: str) -> bool:
    """Whether some text of ``p`` remains in ``view`` ("accept" or "reject")."""
    hidden = {w(k) for k in (_OLDER if view == "accept" else _NEWER)}
    for r in p.iter(w("r")):
        if r.find(w("t")) is None and r.find(w("delText")) is None and r.find(w("tab")) is None:
            continue
        if not _inside(r, p, hidden):
            return True
    return False


def _inside(r: etree._Element, p: etree._Element, tags: set) -> bool:
    """Whether run ``r`` stands inside an element of ``tags`` between it and its paragraph ``p``."""
    node = r.getparent()
    while node is not None and node is not p:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _own_properties(p: etree._Element, view: str) -> etree._Element | None:
    """The paragraph properties ``p`` has in ``view`` (the old ones of a w:pPrChange on reject)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        return None
    change = ppr.find(w("pPrChange"))
    if view == "reject" and change is not None:
        return change.find(w("pPr"))
    return ppr


def _canonical(ppr: etree._Element | None) -> bytes:
    if ppr is None:
        return b""
    ppr = copy.deepcopy(ppr)
    for child in [c for c in ppr if c.tag in (w("rPr"), w("pPrChange"), w("sectPr"))]:
        ppr.remove(child)
    return etree.tostring(ppr, method="c14n")


def _align_joined_properties(blocks: list[etree._Element], revisions: Revisions) -> None:
    """Make a paragraph whose mark goes in one reading carry the properties it will end with.

    When a paragraph's mark is removed but some of its text stays (a merge on Accept All, a split
    undone on Reject All), Word gives the joined paragraph the properties of the mark that
    survives, LibreOffice those of the first paragraph. Giving the first paragraph the surviving
    mark's properties for that reading (its own in a w:pPrChange for the other) makes them agree.
    """
    from clausewise.formats.docx.revisions import paragraph_mark_kind

    paragraphs = [b for b in blocks if b.tag == w("p")]
    for k, p in enumerate(paragraphs):
        kind = paragraph_mark_kind(p)
        if kind in _OLDER and _reads_in(p, "accept"):
            survivor = next((q for q in paragraphs[k + 1:] if paragraph_mark_kind(q) not in _OLDER), None)
            if survivor is None:
                continue
            target = _own_properties(survivor, "accept")
            if _canonical(target) == _canonical(p.find(w("pPr"))):
                continue
            old = copy.deepcopy(p.find(w("pPr")))
            ppr = p.find(w("pPr"))
            mark = ppr.find(w("rPr")) if ppr is not None else None
            fresh = copy.deepcopy(target) if target is not None else etree.Element(w("pPr"))
            for child in [c for c in fresh if c.tag in (w("rPr"), w("pPrChange"), w("sectPr"))]:
                fresh.remove(child)
            if mark is not None:
                fresh.append(copy.deepcopy(mark))
            if ppr is not None:
                p.replace(ppr, fresh)
            else:
                p.insert(0, fresh)
            revisions.change_paragraph(p, old)
        elif kind in _NEWER and _reads_in(p, "reject"):
            survivor = next((q for q in paragraphs[k + 1:] if paragraph_mark_kind(q) not in _NEWER), None)
            if survivor is None:
                continue
            target = _own_properties(survivor, "reject")
            if _canonical(target) == _canonical(_own_properties(p, "reject")):
                continue
            revisions.change_paragraph(p, target)


def _relocate_marks(blocks: list[etree._Element], revisions: Revisions | None = None) -> None:
    """Put a whole added, dropped or moved paragraph's mark revision on the paragraph before it, where safe.

    LibreOffice (7.4) loses the paragraph-mark revision of a paragraph holding a footnote
    reference when it opens a DOCX, so rejecting an added clause with a footnote left an empty
    numbered line; neither Word nor LibreOffice can remove the document's last paragraph mark,
    so an added or moved last clause left one too; and LibreOffice models an added paragraph as
    the break before it, combining it with an insertion ending the paragraph before, so that
    Reject All joined that paragraph to the next. Marking the break before the added paragraph
    is how LibreOffice itself records it, and reads the same in Word. It is done only when the
    paragraph before stands in both readings, with no revision on its mark and no footnote of its
    own. Where the two paragraphs' properties differ, this paragraph's mark takes the properties
    of the one before for the reading in which they join (its own kept in a w:pPrChange), since
    Word keeps the later paragraph's properties on a join and LibreOffice the earlier one's. A
    moved paragraph's mark becomes an inserted (moveTo) or deleted (moveFrom) mark there, since
    the paragraph before lies outside the move's range.
    """
    from clausewise.formats.docx.revisions import paragraph_mark_kind

    for k in range(1, len(blocks)):
        p, before = blocks[k], blocks[k - 1]
        if p.tag != w("p") or before.tag != w("p"):
            continue
        kind = paragraph_mark_kind(p)
        if kind is None or not _needs_relocation(p, before, kind, last=k == len(blocks) - 1):
            continue
        if paragraph_mark_kind(before) is not None or before.find(f".//{w('footnoteReference')}") is not None:
            continue
        if not _wholly(p, kind) or not _kept(before):
            continue
        view = "accept" if kind in _OLDER else "reject"
        joined = _own_properties(before, view)
        if revisions is not None and _canonical(joined) != _canonical(_own_properties(p, view)):
            # the paragraph before now joins this one's mark in ``view``: give that mark the
            # properties of the paragraph before for that reading (Word keeps the last mark's)
            if view == "accept":
                own = copy.deepcopy(p.find(w("pPr")))
                fresh = copy.deepcopy(joined) if joined is not None else etree.Element(w("pPr"))
                for child in [c for c in fresh if c.tag in (w("rPr"), w("pPrChange"), w("sectPr"))]:
                    fresh.remove(child)
                fresh.append(copy.deepcopy(own.find(w("rPr"))))
                p.replace(p.find(w("pPr")), fresh)
                revisions.change_paragraph(p, own)
            else:
                revisions.change_paragraph(p, joined)
        elif revisions is None and _properties(p) != _properties(before):
            continue
        mark_rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        revision = mark_rpr.find(w(kind))
        mark_rpr.remove(revision)
        # outside its move range a moved paragraph mark is an ordinary inserted / deleted one
        revision.tag = w({"moveTo": "ins", "moveFrom": "del"}.get(kind, kind))
        from clausewise.formats.docx.revisions import mark_paragraph

        mark_paragraph(before, revision)


def _wholly(p: etree._Element, kind: str) -> bool:
    """Whether all of ``p``'s text goes in the same reading as its mark (a whole added/dropped paragraph)."""
    allowed = {w("ins"), w("moveTo")} if kind in ("ins", "moveTo") else {w("del"), w("moveFrom")}
    return all(_inside(r, p, allowed) for r in p.iter(w("r")))


def _needs_relocation(p: etree._Element, before: etree._Element, kind: str, *, last: bool) -> bool:
    """Whether LibreOffice mishandles ``p``'s own mark: a footnote in it, the last paragraph, or
    a revision of the same kind ending the paragraph before (LibreOffice combines the two)."""
    if last or p.find(f".//{w('footnoteReference')}") is not None:
        return True
    same = {w("ins"), w("moveTo")} if kind in ("ins", "moveTo") else {w("del"), w("moveFrom")}
    tail = [c for c in before if isinstance(c.tag, str) and c.tag != w("pPr")]
    return bool(tail) and tail[-1].tag in same


def _kept(p: etree._Element) -> bool:
    """Whether ``p`` has text outside any revision (it stands in both readings)."""
    wrappers = {w("ins"), w("del"), w("moveFrom"), w("moveTo")}
    for r in p.iter(w("r")):
        if r.find(w("t")) is None and r.find(w("tab")) is None:
            continue
        node = r.getparent()
        while node is not None and node is not p and node.tag not in wrappers:
            node = node.getparent()
        if node is p:
            return True
    return False


def _properties(p: etree._Element) -> bytes:
    ppr = p.find(w("pPr"))
    if ppr is None:
        return b""
    ppr = copy.deepcopy(ppr)
    for child in ppr.findall(w("rPr")):
        ppr.remove(child)
    return etree.tostring(ppr, method="c14n")


def _paragraph_pairs(old_idx, new_idx, old_blocks, new_blocks):
    """Groups of old and new paragraphs to diff together: unchanged ones anchor, the rest pair in order."""
    def key(block):
        text = block_text(block)
        return _norm(text.split("\t", 1)[-1] if "\t" in text[:12] else text)

    a = [key(old_blocks[i]) for i in old_idx]
    b = [key(new_blocks[j]) for j in new_idx]
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        olds, news = list(old_idx[i1:i2]), list(new_idx[j1:j2])
        if tag == "equal" or (tag == "replace" and len(olds) == len(news)):
            out.extend(([i], [j]) for i, j in zip(olds, news))
        else:
            out.append((olds, news))
    return out


def _revised_table(new_table: etree._Element, old_table: etree._Element | None, emitter: Emitter) -> etree._Element:
    """The new round's table; cell by cell revised against the old one when both have the same shape."""
    table = copy.deepcopy(new_table)
    if old_table is None:
        return table
    old_ps, new_ps = list(old_table.iter(w("p"))), list(table.iter(w("p")))
    if len(old_ps) != len(new_ps):
        return table
    for old_p, new_p in zip(old_ps, new_ps):
        old_atoms = [a for a in atoms_of(old_p, "old") if not _foreign(a)]
        new_atoms = atoms_of(new_p, "new")
        if [a.key for a in old_atoms] == [a.key for a in new_atoms]:
            continue
        written = emitter.write(diff_atoms_paired(old_atoms, new_atoms))
        if len(written) == 1:
            new_p.getparent().replace(new_p, written[0])
    return table


def _foreign(atom: Atom) -> bool:
    """Whether an old-round element refers to parts of the old package (images, links)."""
    if atom.kind not in ("el", "bare") or atom.value is None:
        return False
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    for node in atom.value.iter():
        if any(k.startswith(f"{{{r_ns}}}") for k in node.attrib):
            return True
    return False


def _drop_section(atom: Atom) -> None:
    ppr = atom.para.find(w("pPr"))
    if ppr is not None and ppr.find(w("sectPr")) is not None:
        para = copy.deepcopy(atom.para)
        para.find(w("pPr")).remove(para.find(w("pPr")).find(w("sectPr")))
        atom.para = para


# ------------------------------------------------------------------ numbering


def _set_numpr(p: etree._Element, num_id: str, level: int) -> None:
    from clausewise.formats.docx.revisions import _PPR_ORDER, _insert_in_order

    ppr = get_or_add_ppr(p)
    for old in ppr.findall(w("numPr")):
        ppr.remove(old)
    numpr = etree.SubElement(ppr, w("numPr"))  # made in place (cheap), then moved to its place
    etree.SubElement(numpr, w("ilvl")).set(w("val"), str(level))
    etree.SubElement(numpr, w("numId")).set(w("val"), num_id)
    ppr.remove(numpr)
    _insert_in_order(ppr, numpr, _PPR_ORDER)


def _numbering(pkg: Package, lists: Lists) -> dict[str, str]:
    """Add one abstract list and one list per key of ``lists``; returns key -> numId."""
    root = pkg.part("numbering", EMPTY_NUMBERING)
    abstract_ids = [int(a.get(w("abstractNumId"))) for a in root.findall(w("abstractNum"))]
    num_ids_taken = [int(n.get(w("numId"))) for n in root.findall(w("num"))]
    next_abstract = max(abstract_ids, default=0) + 100
    next_num = max(num_ids_taken, default=0) + 100
    first_num = root.find(w("num"))
    out: dict[str, str] = {}
    for key, levels in lists.formats.items():
        abstract = etree.Element(w("abstractNum"))
        abstract.set(w("abstractNumId"), str(next_abstract))
        multi = etree.SubElement(abstract, w("multiLevelType"))
        multi.set(w("val"), "multilevel" if len(levels) > 1 else "singleLevel")
        for ilvl, (fmt, text) in enumerate(levels):
            lvl = etree.SubElement(abstract, w("lvl"))
            lvl.set(w("ilvl"), str(ilvl))
            for tag, value in (("start", "1"), ("numFmt", fmt), ("suff", "tab"), ("lvlText", text),
                               ("lvlJc", "left")):
                node = etree.SubElement(lvl, w(tag))
                node.set(w("val"), value)
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            root.append(abstract)
        num = etree.SubElement(root, w("num"))
        num.set(w("numId"), str(next_num))
        ref = etree.SubElement(num, w("abstractNumId"))
        ref.set(w("val"), str(next_abstract))
        out[key] = str(next_num)
        next_abstract += 1
        next_num += 1
    return out


# ------------------------------------------------------------------ footnotes


class _Footnotes:
    """Footnotes of the redline: the new round's, revised in place, plus old ones copied in."""

    def __init__(self, old_pkg: Package, new_pkg: Package, revisions: Revisions, style: str) -> None:
        self.revisions = revisions
        self.style = style
        old_root = old_pkg.part("footnotes")
        self.old = {fn.get(w("id")): fn for fn in old_root.findall(w("footnote"))} if old_root is not None else {}
        self.root = new_pkg.part("footnotes", EMPTY_FOOTNOTES if self.old else None)
        self.new = {fn.get(w("id")): fn for fn in self.root.findall(w("footnote"))} if self.root is not None else {}
        self.next_id = max((int(i) for i in self.new if i.lstrip("-").isdigit()), default=0) + 1
        self.pairs: list[tuple[str, str]] = []
        self.inserted: list[str] = []
        self.copies: list[etree._Element] = []

    def reference(self, op: str, atom: Atom, partner: Atom | None) -> str:
        """The id to write for a footnote reference kept (=), inserted (+) or deleted/moved away (-)."""
        if op == "=" and partner is not None:
            self.pairs.append((partner.value, atom.value))
            return atom.value
        if op in ("=", "+"):
            if op == "+":
                self.inserted.append(atom.value)
            return atom.value
        source = self.old.get(atom.value)
        if source is None or self.root is None:
            return atom.value
        fn = copy.deepcopy(source)
        fid = str(self.next_id)
        self.next_id += 1
        fn.set(w("id"), fid)
        self.copies.append(fn)
        return fid

    def finish(self, emitter: Emitter) -> None:
        """Write the revised footnote texts into the footnotes part."""
        if self.root is None:
            return
        for old_id, new_id in self.pairs:
            old_fn, new_fn = self.old.get(old_id), self.new.get(new_id)
            if old_fn is None or new_fn is None:
                continue
            old_atoms = [a for p in old_fn.findall(w("p")) for a in atoms_of(p, "old")]
            new_atoms = [a for p in new_fn.findall(w("p")) for a in atoms_of(p, "new")]
            if [a.key for a in old_atoms] == [a.key for a in new_atoms]:
                continue
            paragraphs = emitter.write(diff_atoms_paired(old_atoms, new_atoms))
            for p in new_fn.findall(w("p")):
                new_fn.remove(p)
            for p in paragraphs:
                new_fn.append(p)
        for fid in self.inserted if MARK_INSERTED_NOTES else ():
            fn = self.new.get(fid)
            if fn is not None:
                self._mark_all(fn, "ins")
        for fn in self.copies:
            self._mark_all(fn, "del")
            self.root.append(fn)

    def reorder(self, body: etree._Element) -> None:
        """Put the footnotes in the order their references appear in the body.

        LibreOffice (7.4) pairs footnote references with footnote texts by order, not by id, so
        the old round's footnotes copied in at the end must move to where they are referenced,
        and their ids are renumbered 1, 2, 3 … in that order.
        """
        if self.root is None:
            return
        by_id = {fn.get(w("id")): fn for fn in self.root.findall(w("footnote"))}
        order: list[etree._Element] = []
        for ref in body.iter(w("footnoteReference")):
            fn = by_id.pop(ref.get(w("id")), None)
            if fn is not None:
                order.append(fn)
        special = [fn for fn in by_id.values() if fn.get(w("type"))]
        unused = [fn for fn in by_id.values() if not fn.get(w("type"))]
        for fn in self.root.findall(w("footnote")):
            self.root.remove(fn)
        for fn in special + order + unused:
            self.root.append(fn)
        # ... and it numbers them by id, so ids must also rise in reference order
        renumber = {fn.get(w("id")): str(k) for k, fn in enumerate(order + unused, start=1)}
        for fn in order + unused:
            fn.set(w("id"), renumber[fn.get(w("id"))])
        for ref in body.iter(w("footnoteReference")):
            if ref.get(w("id")) in renumber:
                ref.set(w("id"), renumber[ref.get(w("id"))])

    def _mark_all(self, fn: etree._Element, kind: str) -> None:
        for p in fn.findall(w("p")):
            atoms = atoms_of(p, "old" if kind == "del" else "new")
            op = "-" if kind == "del" else "+"
            emitter = Emitter(self.revisions, style=self.style)
            seq = [(op, a, None) for a in atoms if a.kind != "end"] + [("=", atoms[-1], None)]
            written = emitter.write(seq)
            p.getparent().replace(p, written[0])


# ------------------------------------------------------------------ comments


class _Remarks:
    """Word comments the redline adds (bracket events), after the new round's own comments."""

    def __init__(self, pkg: Package, revisions: Revisions) -> None:
        self.pkg = pkg
        self.revisions = revisions
        self.root: etree._Element | None = None
        self.next_id = 0

    def add(self, paragraphs: list[etree._Element], text: str) -> None:
        """Anchor a comment holding ``text`` over ``paragraphs`` (the first that reads in the new round)."""
        from clausewise.formats.docx._oxml import make

        if self.root is None:
            self.root = self.pkg.part("comments", EMPTY_COMMENTS)
            ids = [int(c.get(w("id"))) for c in self.root.findall(w("comment")) if c.get(w("id"), "").isdigit()]
            self.next_id = max(ids, default=-1) + 1
        from clausewise.formats.docx.revisions import paragraph_mark_kind

        target = next((p for p in paragraphs if paragraph_mark_kind(p) not in ("del", "moveFrom")), paragraphs[0])
        cid = str(self.next_id)
        self.next_id += 1
        comment = etree.SubElement(self.root, w("comment"))
        comment.set(w("id"), cid)
        comment.set(w("author"), self.revisions.author)
        comment.set(w("date"), self.revisions.date)
        comment.set(w("initials"), "".join(x[0] for x in self.revisions.author.split() if x)[:4] or "cw")
        para = etree.SubElement(comment, w("p"))
        ref_run = etree.SubElement(para, w("r"))
        etree.SubElement(ref_run, w("annotationRef"))
        text_run = etree.SubElement(para, w("r"))
        t = etree.SubElement(text_run, w("t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        start = make("w:commentRangeStart")
        start.set(w("id"), cid)
        end = make("w:commentRangeEnd")
        end.set(w("id"), cid)
        ref = make("w:r")
        mark = make("w:commentReference")
        mark.set(w("id"), cid)
        ref.append(mark)
        if COMMENT_RANGES:
            ppr = target.find(w("pPr"))
            if ppr is not None:
                ppr.addnext(start)
            else:
                target.insert(0, start)
            target.append(end)
        target.append(ref)
