"""The text of a Word file as it reads with every tracked change accepted, or every one rejected.

A small, independent reader used to check redlines: it applies the revisions of WordprocessingML
(``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``, and the same marks on paragraph marks in
``w:pPr/w:rPr``) the way Word does, and returns the body paragraphs and the footnotes paragraph by
paragraph. Automatic numbers (``w:numPr`` on the paragraph or its style) are rendered into the
text ("3." and its tab), so a document with typed numbers and one with Word numbering read alike.

Views: ``"accept"`` (the newer round), ``"reject"`` (the older round), ``"markup"`` (no change
applied: inserted and deleted text both shown, as a printout of the markup would).
"""

from __future__ import annotations

from clausewise.lang import roman as _roman

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from lxml import etree

__all__ = ["View", "TextView", "read_view"]

View = Literal["accept", "reject", "markup"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


#: wrappers whose content exists only in the newer reading, and only in the older one
_NEWER = {_w("ins"), _w("moveTo")}
_OLDER = {_w("del"), _w("moveFrom")}
#: containers whose paragraphs are not part of the main text flow (text boxes, drawings)
_SKIP = {_w("txbxContent"), _w("pPr"), _w("rPr"), _w("sectPr"), _w("instrText"), _w("delInstrText"),
         _w("fldData"), _w("footnoteRef"), _w("endnoteRef"), _w("annotationRef"), _w("commentReference")}


@dataclass(frozen=True)
class TextView:
    """Body paragraphs in order, then the footnotes in the order their references appear."""

    body: tuple[str, ...]
    footnotes: tuple[tuple[str, ...], ...]

    def nonempty(self) -> "TextView":
        """The same view without empty paragraphs (and without footnotes that are all empty)."""
        body = tuple(p for p in self.body if p.strip())
        notes = tuple(tuple(p for p in fn if p.strip()) for fn in self.footnotes)
        return TextView(body, tuple(fn for fn in notes if fn))


def _visible(wrappers: Iterable[str], view: View) -> bool:
    for tag in wrappers:
        if tag in _NEWER and view == "reject":
            return False
        if tag in _OLDER and view == "accept":
            return False
    return True


# ------------------------------------------------------------------ numbering



def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa..
    if n <= 0:
        return ""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalZero") or not fmt:
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Word list numbering: levels of each ``w:num`` and the running counters of a reading."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, str, int]]] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            abstract = {}
            for an in numbering.findall(_w("abstractNum")):
                abstract[an.get(_w("abstractNumId"))] = self._levels(an)
            for num in numbering.findall(_w("num")):
                ref = num.find(_w("abstractNumId"))
                levels = dict(abstract.get(ref.get(_w("val")) if ref is not None else None, {}))
                for override in num.findall(_w("lvlOverride")):
                    ilvl = int(override.get(_w("ilvl"), "0"))
                    lvl = override.find(_w("lvl"))
                    if lvl is not None:
                        levels.update(self._levels_of([lvl]))
                    start = override.find(_w("startOverride"))
                    if start is not None and ilvl in levels:
                        fmt, text, suff, _ = levels[ilvl]
                        levels[ilvl] = (fmt, text, suff, int(start.get(_w("val"), "1")))
                self.levels[num.get(_w("numId"))] = levels
        if styles is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str | None, int | None]] = {}
            for style in styles.findall(_w("style")):
                sid = style.get(_w("styleId"))
                base = style.find(_w("basedOn"))
                if base is not None:
                    based[sid] = base.get(_w("val"))
                numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                if numpr is not None:
                    own[sid] = _numpr(numpr)
            for sid in {s.get(_w("styleId")) for s in styles.findall(_w("style"))}:
                seen, cur = set(), sid
                while cur and cur not in own and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur)
                if cur in own:
                    self.style_numpr[sid] = own[cur]

    @staticmethod
    def _levels(abstract: etree._Element) -> dict[int, tuple[str, str, str, int]]:
        return _Numbering._levels_of(abstract.findall(_w("lvl")))

    @staticmethod
    def _levels_of(lvls) -> dict[int, tuple[str, str, str, int]]:
        out = {}
        for lvl in lvls:
            ilvl = int(lvl.get(_w("ilvl"), "0"))

            def val(tag: str, default: str) -> str:
                node = lvl.find(_w(tag))
                return node.get(_w("val"), default) if node is not None else default

            out[ilvl] = (val("numFmt", "decimal"), val("lvlText", ""), val("suff", "tab"),
                         int(val("start", "1")))
        return out

    def label(self, ppr: etree._Element | None) -> str:
        """The rendered number (with its tab or space) of a paragraph, advancing the counters."""
        num_id, ilvl = None, None
        if ppr is not None:
            style = ppr.find(_w("pStyle"))
            if style is not None and style.get(_w("val")) in self.style_numpr:
                num_id, ilvl = self.style_numpr[style.get(_w("val"))]
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                own_id, own_lvl = _numpr(numpr)
                num_id = own_id if own_id is not None else num_id
                ilvl = own_lvl if own_lvl is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][3] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, suff, _ = levels[ilvl]
        if fmt == "bullet":
            rendered = text
        else:
            rendered = text
            for k in range(9):
                if f"%{k + 1}" in rendered:
                    lvl = levels.get(k)
                    value = counters.get(k, lvl[3] if lvl else 1)
                    rendered = rendered.replace(f"%{k + 1}", _format_number(value, lvl[0] if lvl else "decimal"))
        return rendered + {"tab": "\t", "space": " "}.get(suff, "")


def _numpr(numpr: etree._Element) -> tuple[str | None, int | None]:
    num = numpr.find(_w("numId"))
    lvl = numpr.find(_w("ilvl"))
    return (num.get(_w("val")) if num is not None else None,
            int(lvl.get(_w("val"), "0")) if lvl is not None else None)


# ------------------------------------------------------------------ paragraphs


class _Reader:
    def __init__(self, view: View, numbering: _Numbering | None) -> None:
        self.view = view
        self.numbering = numbering
        self.footnote_ids: list[str] = []

    def paragraphs(self, root: etree._Element) -> list[str]:
        """Paragraph texts of a story (body, footnote), joining paragraphs whose mark is removed."""
        out: list[str] = []
        pending: list[str] = []
        for p in self._walk_paragraphs(root, ()):
            para, wrappers = p
            pending.append(self._text(para, wrappers))
            ppr = para.find(_w("pPr"))
            mark = []
            rpr = ppr.find(_w("rPr")) if ppr is not None else None
            if rpr is not None:
                mark = [child.tag for child in rpr if child.tag in _NEWER or child.tag in _OLDER]
            if _visible(mark, self.view):
                numbered_by = ppr
                if self.view == "reject" and ppr is not None and ppr.find(_w("pPrChange")) is not None:
                    numbered_by = ppr.find(_w("pPrChange")).find(_w("pPr"))
                label = self.numbering.label(numbered_by) if self.numbering is not None else ""
                out.append(label + "".join(pending))
                pending = []
        if pending and "".join(pending):
            out.append("".join(pending))
        return out

    def _walk_paragraphs(self, node: etree._Element, wrappers: tuple[str, ...]):
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("p"):
                yield child, wrappers
            elif tag in _NEWER or tag in _OLDER:
                yield from self._walk_paragraphs(child, wrappers + (tag,))
            else:
                yield from self._walk_paragraphs(child, wrappers)

    def _text(self, node: etree._Element, wrappers: tuple[str, ...]) -> str:
        out: list[str] = []
        self._collect(node, wrappers, out, in_field_code=[False])
        return "".join(out)

    def _collect(self, node, wrappers, out, in_field_code) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in _NEWER or tag in _OLDER:
                self._collect(child, wrappers + (tag,), out, in_field_code)
            elif tag == _w("r"):
                if not _visible(wrappers, self.view):
                    continue
                for item in child:
                    itag = item.tag
                    if itag == _w("fldChar"):
                        kind = item.get(_w("fldCharType"))
                        in_field_code[0] = kind == "begin"
                        if kind == "separate":
                            in_field_code[0] = False
                    elif in_field_code[0]:
                        continue
                    elif itag in (_w("t"), _w("delText")):
                        out.append(item.text or "")
                    elif itag == _w("tab"):
                        out.append("\t")
                    elif itag in (_w("br"), _w("cr")):
                        out.append("\n")
                    elif itag == _w("noBreakHyphen"):
                        out.append("\u2011")
                    elif itag == _w("softHyphen"):
                        pass
                    elif itag == _w("footnoteReference"):
                        self.footnote_ids.append(item.get(_w("id")))
            elif tag == _w("p"):
                continue
            else:
                self._collect(child, wrappers, out, in_field_code)


# ------------------------------------------------------------------ package


def _parts(data: bytes) -> dict[str, etree._Element | None]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())

        def parse(name: str):
            return etree.fromstring(z.read(name), _PARSER) if name in names else None

        main = "word/document.xml"
        rels = parse("_rels/.rels")
        if rels is not None:
            for rel in rels.findall(f"{{{_PKG_REL}}}Relationship"):
                if rel.get("Type") == _OFFICE_DOC:
                    main = rel.get("Target").lstrip("/")
        folder = posixpath.dirname(main)
        targets = {}
        doc_rels = parse(posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels"))
        if doc_rels is not None:
            for rel in doc_rels.findall(f"{{{_PKG_REL}}}Relationship"):
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                targets[kind] = path
        return {
            "document": parse(main),
            "footnotes": parse(targets["footnotes"]) if "footnotes" in targets else None,
            "numbering": parse(targets["numbering"]) if "numbering" in targets else None,
            "styles": parse(targets["styles"]) if "styles" in targets else None,
        }


def read_view(source: "bytes | str | Path", view: View = "accept", *, numbers: bool = True) -> TextView:
    """The body paragraphs and footnotes of a Word file with all revisions accepted or rejected."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    parts = _parts(data)
    numbering = _Numbering(parts["numbering"], parts["styles"]) if numbers else None
    reader = _Reader(view, numbering)
    body = parts["document"].find(_w("body"))
    paragraphs = reader.paragraphs(body)
    notes: list[tuple[str, ...]] = []
    if parts["footnotes"] is not None:
        by_id = {fn.get(_w("id")): fn for fn in parts["footnotes"].findall(_w("footnote"))}
        note_reader = _Reader(view, None)
        for fid in reader.footnote_ids:
            fn = by_id.get(fid)
            if fn is None or fn.get(_w("type")) in ("separator", "continuationSeparator",
                                                      "continuationNotice"):
                continue
            notes.append(tuple(note_reader.paragraphs(fn)))
    return TextView(tuple(paragraphs), tuple(notes))
