"""Merge the rendered paragraphs of two rounds into one run of paragraphs carrying the changes.

The redline is built from what the official writer produces for each round, so its text is the
writer's text by construction. A group of old paragraphs and a group of new paragraphs (one clause
with its subparagraphs, a split or merge, a heading) are broken into *atoms* (a character, a tab,
a footnote reference, a paragraph end), the two atom sequences are diffed word by word
(diff-match-patch over word tokens; CJK by character), and the result is written back as runs:
kept atoms plain, new atoms in ``w:ins``, old atoms in ``w:del`` (or, in the "marked" style, bold
and struck out). Paragraph ends are atoms too, so inserting, deleting, splitting and merging
paragraphs falls out of the same diff: an old-only paragraph end becomes a deleted paragraph mark,
a new-only one an inserted paragraph mark.

Moves are written as ``w:moveFrom`` (the whole old text at the old place) and ``w:moveTo`` (the
new text at the new place: kept words as moved, new words as inserted, old-only words left at the
source), so Reject All restores exactly the old text and Accept All gives exactly the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Literal

from diff_match_patch import diff_match_patch
from lxml import etree

from clausewise.formats.docx._oxml import make
from clausewise.formats.docx.revisions import Revisions, as_deleted, w

__all__ = ["Atom", "atoms_of", "per_character", "diff_atoms", "Emitter", "Style", "strip_label", "paragraph_text"]

Style = Literal["tracked", "marked"]
Op = Literal["=", "-", "+"]

_SPECIAL = 0xF0000          # private-use plane: keys of atoms that are not characters
_BREAK = chr(_SPECIAL)      # every paragraph end; its signature follows as a second key char
_FOOTNOTE = chr(_SPECIAL + 1)
_TAB = "\t"
_WORD = re.compile(r"(?:(?![\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])\w)+|\s+|.", re.S)

#: paragraph-level elements kept from the new round only (no text, not revisable here)
_NEUTRAL = {w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd"),
            w("permStart"), w("permEnd")}
#: run children that carry no text and are dropped (Word regenerates them)
_DROP = {w("rPr"), w("lastRenderedPageBreak"), w("proofErr")}
_TEXT_TAGS = (w("t"), w("delText"))
_TAB_TAG = w("tab")
_BREAK_TAGS = (w("br"), w("cr"))
_FOOTNOTE_TAG = w("footnoteReference")
_ID_ATTR = w("id")
_COMMENT_TAGS = (w("commentReference"), w("annotationRef"))
_PPR_TAG = w("pPr")
_RPR_TAG = w("rPr")
_REVISION_TAGS = (w("ins"), w("del"), w("moveFrom"), w("moveTo"))
_RUN_TAG = w("r")
_CONTAINER_TAGS = (w("hyperlink"), w("fldSimple"), w("smartTag"), w("ins"), w("sdtContent"))
_SKIPPED_TAGS = (w("del"), w("moveFrom"), w("proofErr"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(eq=False, slots=True)
class Atom:
    """One unit of a paragraph: a character, tab, break, footnote reference, element or paragraph end."""

    key: str
    kind: str                 # "text" | "tab" | "br" | "fn" | "el" | "bare" | "end"
    value: object = None      # the character, the element, the footnote id
    run: etree._Element | None = None   # the source run (its w:rPr is reused)
    para: etree._Element | None = None  # for "end": the paragraph whose properties close it


def paragraph_signature(p: etree._Element) -> str:
    """What a paragraph end must share to be the same end in both rounds: style, list level."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        return ""
    style = ppr.find(w("pStyle"))
    numpr = ppr.find(w("numPr"))
    level = ""
    if numpr is not None:
        ilvl = numpr.find(w("ilvl"))
        level = "#" + (ilvl.get(w("val"), "0") if ilvl is not None else "0")
    return (style.get(w("val")) if style is not None else "") + level


def atoms_of(p: etree._Element, side: Literal["old", "new"], *, end: bool = True,
             chunks: bool = False) -> list[Atom]:
    """The atoms of paragraph ``p``; old-side bookmarks and comments are left out.

    With ``chunks`` a text node is one atom holding all its characters (cheaper where most
    paragraphs are unchanged); ``diff_atoms_paired`` splits them into characters where it diffs.
    """
    out: list[Atom] = []

    def visit(node: etree._Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag == _PPR_TAG:
                continue
            if tag == _RUN_TAG:
                run_atoms(child)
            elif tag in _NEUTRAL:
                if side == "new":
                    out.append(Atom(_unique(), "bare", child))
            elif tag in _CONTAINER_TAGS:
                visit(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    visit(content)
            elif tag in _SKIPPED_TAGS:
                continue  # the writer writes no revisions; never revive one that was there
            else:
                if side == "new":
                    out.append(Atom(_unique(), "bare", child))

    def run_atoms(r: etree._Element) -> None:
        for item in r:
            tag = item.tag
            if not isinstance(tag, str) or tag in _DROP:
                continue
            if tag in _TEXT_TAGS:
                text = item.text
                if not text:
                    continue
                if chunks:
                    out.append(Atom(text, "text", text, r))
                else:
                    out.extend([Atom(ch, "text", ch, r) for ch in text])
            elif tag == _TAB_TAG:
                out.append(Atom(_TAB, "tab", None, r))
            elif tag in _BREAK_TAGS:
                out.append(Atom("\n", "br", item, r))
            elif tag == _FOOTNOTE_TAG:
                out.append(Atom(_FOOTNOTE, "fn", item.get(_ID_ATTR), r))
            elif tag in _COMMENT_TAGS:
                if side == "new":
                    out.append(Atom(_unique(), "el", item, r))
            else:
                key = etree.tostring(item, method="c14n")
                out.append(Atom(_element_key(key), "el", item, r))

    visit(p)
    if end:
        out.append(Atom(_BREAK + _signature_char(""), "end", None, None, p))
    return out


_KEYS: dict[bytes, str] = {}
_SIGNATURES: dict[str, str] = {}
_counter = [0]


def _element_key(serialised: bytes) -> str:
    if serialised not in _KEYS:
        _KEYS[serialised] = chr(_SPECIAL + 16 + len(_KEYS) % 60000)
    return _KEYS[serialised]


def _signature_char(signature: str) -> str:
    if signature not in _SIGNATURES:
        _SIGNATURES[signature] = chr(_SPECIAL + 60100 + len(_SIGNATURES) % 1000)
    return _SIGNATURES[signature]


def _unique() -> str:
    _counter[0] += 1
    return chr(0x100000 + _counter[0] % 60000)


def paragraph_text(atoms: list[Atom]) -> str:
    """The characters and tabs of ``atoms`` (for matching paragraphs to clauses)."""
    return "".join(a.key for a in atoms if a.kind in ("text", "tab"))


def per_character(atoms: list[Atom]) -> list[Atom]:
    """``atoms`` with every text chunk (see ``atoms_of(chunks=True)``) split into its characters."""
    if all(a.kind != "text" or len(a.key) == 1 for a in atoms):
        return atoms
    out: list[Atom] = []
    for a in atoms:
        if a.kind == "text" and len(a.key) > 1:
            run = a.run
            out.extend([Atom(ch, "text", ch, run) for ch in a.key])
        else:
            out.append(a)
    return out


def strip_label(atoms: list[Atom], label: str) -> list[Atom] | None:
    """``atoms`` without a typed leading ``label`` and the tab after it, or None if it is not there."""
    n = len(label)
    if len(atoms) > 1 and atoms[0].kind == "text" and atoms[0].key == label and atoms[1].kind == "tab":
        return atoms[2:]  # the label is a run of its own (as the writer makes it)
    if atoms and atoms[0].kind == "text" and len(atoms[0].key) > 1:
        # text chunks: split only the first few into characters
        head: list[Atom] = []
        k = 0
        while k < len(atoms) and sum(len(a.key) for a in head) < n + 1:
            head.append(atoms[k])
            k += 1
        atoms = per_character(head) + atoms[k:]
    if len(atoms) <= n or "".join(a.key for a in atoms[:n]) != label or atoms[n].kind != "tab":
        return None
    if any(a.kind != "text" for a in atoms[:n]):
        return None
    return atoms[n + 1:]


# ------------------------------------------------------------------ diff


_LABEL_LENGTH = 12  # a typed label ("12.", "2 bis.", "(iv)") and its tab, at a paragraph's start


def _tokens(keys: str) -> list[str]:
    out: list[str] = []
    i = 0
    at_start = True
    while i < len(keys):
        ch = keys[i]
        if at_start:
            at_start = False
            tab = keys.find("\t", i, i + _LABEL_LENGTH)
            if tab > i and not any(ord(c) >= _SPECIAL for c in keys[i:tab]):
                out.append(keys[i:tab + 1])  # the whole typed label changes, not its digits
                i = tab + 1
                continue
        if ch == _BREAK:
            out.append(keys[i:i + 2])
            i += 2
            at_start = True
            continue
        if ord(ch) >= _SPECIAL:
            out.append(ch)
            i += 1
            continue
        m = _WORD.match(keys, i)
        out.append(m.group(0))
        i = m.end()
    return out


def diff_atoms(old: list[Atom], new: list[Atom]) -> list[tuple[Op, Atom]]:
    """A word-level diff of two atom sequences: ("=", new atom) kept, ("-", old), ("+", new).

    Kept atoms come in pairs internally; the new one is returned (its formatting wins) and the
    old one is available as ``pairs`` through ``diff_atoms_paired``.
    """
    return [(op, a) for op, a, _ in diff_atoms_paired(old, new)]


def diff_atoms_paired(old: list[Atom], new: list[Atom]) -> list[tuple[Op, Atom, Atom | None]]:
    """Like ``diff_atoms`` but each kept atom also carries its old partner."""
    old_keys = "".join([a.key for a in old])
    new_keys = "".join([a.key for a in new])
    if old_keys == new_keys:
        if len(old) == len(old_keys) and len(new) == len(new_keys):
            return [("=", n, o) for o, n in zip(old, new)]
        # text chunks (maybe cut differently): pair the atoms that are not text in order; the
        # emitter reads a kept atom's partner only for footnote references and paragraph ends
        old_others = [a for a in old if a.kind != "text"]
        if [a.key for a in old_others] == [a.key for a in new if a.kind != "text"]:
            partners = iter(old_others)
            return [("=", n, None if n.kind == "text" else next(partners)) for n in new]
    old, new = per_character(old), per_character(new)
    if old_keys == new_keys:
        return [("=", n, o) for o, n in zip(old, new)]
    table: dict[str, str] = {}
    sizes: dict[str, int] = {}

    def encode(tokens: list[str]) -> str:
        chars = []
        for tok in tokens:
            if tok not in table:
                n = len(table)
                code = chr(0x100 + n) if n < 0xD000 else chr(0x10000 + n)
                table[tok] = code
                sizes[code] = 1 if tok[0] == _BREAK else len(tok)
            chars.append(table[tok])
        return "".join(chars)

    a, b = encode(_tokens(old_keys)), encode(_tokens(new_keys))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # aligned groups are small; never degrade to delete-all/insert-all
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    out: list[tuple[Op, Atom, Atom | None]] = []
    i = j = 0
    for op, chars in diffs:
        length = sum(sizes[c] for c in chars)
        if op == 0:
            for k in range(length):
                out.append(("=", new[j + k], old[i + k]))
            i += length
            j += length
        elif op == -1:
            out.extend(("-", old[i + k], None) for k in range(length))
            i += length
        else:
            out.extend(("+", new[j + k], None) for k in range(length))
            j += length
    return _inserted_end_first(out)


def _inserted_end_first(seq: list[tuple[Op, Atom, Atom | None]]) -> list[tuple[Op, Atom, Atom | None]]:
    """Where an old paragraph end is replaced by a new one, put the new end first.

    The paragraph then shows with its new properties (its new number) and the old end trails as
    an empty deleted paragraph, which reads better than the reverse and keeps both views exact.
    """
    out = list(seq)
    for k in range(len(out) - 1):
        if (out[k][0] == "-" and out[k][1].kind == "end" and out[k + 1][0] == "+"
                and out[k + 1][1].kind == "end"):
            out[k], out[k + 1] = out[k + 1], out[k]
    return out


# ------------------------------------------------------------------ writing


@dataclass
class Emitter:
    """Writes diffed atoms as paragraphs with revision markup (or marked formatting)."""

    revisions: Revisions
    style: Style = "tracked"
    insert_mark: Literal["bold", "underline"] = "bold"
    #: called for a footnote reference atom; returns the footnote id to write
    footnote: Callable[[str, Atom, Atom | None], str] | None = None
    paragraphs: list[etree._Element] = field(default_factory=list)
    #: show words dropped from a moved clause at its new place too (w:del inside w:moveTo)
    show_moved_deletions: bool = False
    #: paragraph -> its signature (the rendered paragraphs do not change while a redline is merged)
    _signatures: dict = field(default_factory=dict, repr=False)

    def _signature(self, p: etree._Element) -> str:
        found = self._signatures.get(p)
        if found is None:
            found = self._signatures[p] = paragraph_signature(p)
        return found

    def write(self, seq: list[tuple[Op, Atom, Atom | None]], segment: Literal["diff", "moveFrom", "moveTo"] = "diff",
              move_name: str | None = None) -> list[etree._Element]:
        """Turn a diffed sequence into paragraphs; returns the paragraphs written."""
        written: list[etree._Element] = []
        # the paragraph being filled (its properties go in front when its end comes)
        para = make("w:p")
        last: dict = {"wrapper": None, "kind": None, "run": None, "source": None}
        range_end = None
        tracked = self.style == "tracked"
        if segment in ("moveFrom", "moveTo") and tracked:
            start, range_end = self.revisions.range_start(segment, move_name or self.revisions.new_move_name())
            para.append(start)

        kinds = {op: self._kind(op, segment) for op in ("=", "-", "+")}
        count = len(seq)
        k = 0
        while k < count:
            op, atom, partner = seq[k]
            k += 1
            kind = kinds[op]
            if kind == "skip":
                continue
            if atom.kind == "end":
                p = para
                ppr = atom.para.find(_PPR_TAG) if atom.para is not None else None
                if ppr is not None:
                    ppr = ppr.__deepcopy__(None)
                    for change in ppr.findall(_RPR_TAG):
                        for mark in [c for c in change if c.tag in _REVISION_TAGS]:
                            change.remove(mark)
                    p.insert(0, ppr)
                if kind and tracked:
                    self.revisions.mark_paragraph(p, kind)
                if (tracked and op == "=" and partner is not None and partner.para is not None
                        and self._signature(partner.para) != self._signature(atom.para)):
                    self.revisions.change_paragraph(p, partner.para.find(_PPR_TAG))
                written.append(p)
                para = make("w:p")
                last = {"wrapper": None, "kind": None, "run": None, "source": None}
                continue
            if atom.kind == "bare":
                para.append(atom.value.__deepcopy__(None))
                last = {"wrapper": None, "kind": None, "run": None, "source": None}
                continue
            if kind == "moveTo+del" and (atom.kind not in ("text", "tab") or not tracked):
                continue
            if atom.kind == "text":
                # consecutive characters of one source run and one kind go into one w:t at once
                source, chars = atom.run, [atom.value]
                while k < count:
                    next_op, next_atom, _ = seq[k]
                    if next_atom.kind != "text" or next_atom.run is not source or kinds[next_op] != kind:
                        break
                    chars.append(next_atom.value)
                    k += 1
                self._append(para, last, atom, kind, op, partner, "".join(chars))
                continue
            self._append(para, last, atom, kind, op, partner)
        if range_end is not None:
            if written:
                written[-1].append(range_end)
            else:
                para.append(range_end)
        if len(para):  # content with no paragraph end (never produced by a whole group)
            written.append(para)
        self.paragraphs.extend(written)
        return written

    def _kind(self, op: Op, segment: str) -> str | None:
        if segment == "moveFrom":
            return "moveFrom"
        if segment == "moveTo":
            return {"=": "moveTo", "+": "ins", "-": "moveTo+del" if self.show_moved_deletions else "skip"}[op]
        return {"=": None, "+": "ins", "-": "del"}[op]

    def _append(self, children, last, atom: Atom, kind, op, partner, text: str | None = None) -> None:
        tracked = self.style == "tracked"
        same_run = last["run"] is not None and last["source"] is atom.run and last["kind"] == kind
        if not same_run:
            rpr = atom.run.find(_RPR_TAG) if atom.run is not None else None
            rpr = rpr.__deepcopy__(None) if rpr is not None else None
            if not tracked and kind:
                rpr = self._marked(rpr, kind)
            if tracked and kind == "moveTo+del":
                if last["wrapper"] is not None and last["kind"] == kind:
                    wrapper = last["wrapper"]
                else:
                    outer = self.revisions.element("moveTo")
                    wrapper = self.revisions.element("del")
                    outer.append(wrapper)
                    children.append(outer)
                r = etree.SubElement(wrapper, _RUN_TAG)
                last["wrapper"] = wrapper
            elif tracked and kind:
                if last["wrapper"] is not None and last["kind"] == kind:
                    wrapper = last["wrapper"]
                else:
                    wrapper = self.revisions.element(kind)
                    children.append(wrapper)
                r = etree.SubElement(wrapper, _RUN_TAG)
                last["wrapper"] = wrapper
            else:
                r = etree.SubElement(children, _RUN_TAG)
                last["wrapper"] = None
            if rpr is not None:
                r.append(rpr)
            last.update(run=r, source=atom.run, kind=kind)
        r = last["run"]
        deleted = tracked and kind in ("del", "moveTo+del")
        if atom.kind == "text":
            t_tag = w("delText") if deleted else w("t")
            tail = r[-1] if len(r) else None
            value = atom.value if text is None else text
            if tail is not None and tail.tag == t_tag:
                tail.text = (tail.text or "") + value
            else:
                t = etree.SubElement(r, t_tag)
                t.text = value
            r[-1].set(_XML_SPACE, "preserve")
        elif atom.kind == "tab":
            etree.SubElement(r, _TAB_TAG)
        elif atom.kind == "fn":
            fid = self.footnote(op if kind != "moveFrom" else "-", atom, partner) if self.footnote else atom.value
            etree.SubElement(r, _FOOTNOTE_TAG).set(_ID_ATTR, str(fid))
        else:
            element = atom.value.__deepcopy__(None)
            r.append(element)
            if deleted:
                as_deleted(r)

    def _marked(self, rpr, kind):
        """Run properties for the bold/strike-out style: insertions bold (or underlined), deletions struck."""
        if rpr is None:
            rpr = make("w:rPr")
        if kind in ("ins", "moveTo"):
            tag = "w:b" if self.insert_mark == "bold" else "w:u"
            node = make(tag)
            if tag == "w:u":
                node.set(w("val"), "single")
            _set_rpr(rpr, node)
            if tag == "w:b":
                _set_rpr(rpr, make("w:bCs"))
        else:
            _set_rpr(rpr, make("w:strike"))
        return rpr


_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
              "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
              "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
              "specVanish", "oMath"]


def _set_rpr(rpr: etree._Element, node: etree._Element) -> None:
    local = etree.QName(node).localname
    for old in rpr.findall(w(local)):
        rpr.remove(old)
    rank = _RPR_ORDER.index(local)
    for i, existing in enumerate(rpr):
        other = etree.QName(existing).localname if isinstance(existing.tag, str) else ""
        if other in _RPR_ORDER and _RPR_ORDER.index(other) > rank:
            rpr.insert(i, node)
            return
    rpr.append(node)
