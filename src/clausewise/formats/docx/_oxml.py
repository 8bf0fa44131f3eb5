"""WordprocessingML plumbing shared by the Word writer, the redline writer and the reader.

Namespaces, a ``qn`` for Clark names, element builders (``el``, ``run``, ``paragraph``,
``run_properties``, ``paragraph_properties``) and the single safe XML parser (``parse_xml``: no
entity resolution, no network). Elements are made through python-docx's element factory so they
mix freely with a python-docx document tree (``Paragraph(p, parent)`` works on them).

Stable surface (other modules import it): ``W``, ``R``, ``NS``, ``qn``, ``el``, ``sub``, ``run``,
``text_run``, ``tab_run``, ``paragraph``, ``run_properties``, ``paragraph_properties``,
``set_on``, ``parse_xml``, ``to_bytes``, ``CT``, ``RT``.
"""

from __future__ import annotations

from typing import Iterable

from docx.oxml.ns import nsmap as _DOCX_NSMAP
from docx.oxml.parser import element_class_lookup, oxml_parser
from lxml import etree

__all__ = [
    "W", "R", "W14", "MC", "CT_NS", "NS", "CT", "RT", "qn", "make", "el", "sub", "run", "text_run", "tab_run",
    "paragraph", "run_properties", "paragraph_properties", "set_on", "parse_xml", "to_bytes",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
#: prefix -> namespace, for ``xpath(..., namespaces=NS)``
NS = {"w": W, "r": R, "w14": W14, "mc": MC}


class CT:
    """Content types of the parts this package writes."""

    FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"


class RT:
    """Relationship types of the parts this package writes."""

    FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


_PREFIXES = {"w": W, "r": R, "w14": W14, "mc": MC}

_parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False,
                          huge_tree=False, load_dtd=False)
_parser.set_element_class_lookup(element_class_lookup)


def qn(tag: str) -> str:
    """The Clark name ``{namespace}local`` of a prefixed tag or attribute name ("w:p")."""
    prefix, _, local = tag.partition(":")
    return f"{{{_PREFIXES[prefix]}}}{local}"


_MADE: dict[str, tuple[str, dict[str, str]]] = {}


def make(tag: str) -> etree._Element:
    """A new loose element ``tag`` ("w:p"), the same as python-docx's ``OxmlElement(tag)`` makes."""
    spec = _MADE.get(tag)
    if spec is None:
        prefix, local = tag.split(":")
        uri = _DOCX_NSMAP[prefix]
        spec = _MADE[tag] = (f"{{{uri}}}{local}", {prefix: uri})
    return oxml_parser.makeelement(spec[0], nsmap=spec[1])


def el(tag: str, attrs: dict[str, str] | None = None, children: Iterable = ()) -> etree._Element:
    """A new element ``tag`` ("w:p") with prefixed attributes ("w:val") and children appended."""
    element = make(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key) if ":" in key else key, str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append a new element ``tag`` to ``parent`` and return it."""
    spec = _MADE.get(tag)
    if spec is None:
        make(tag)
        spec = _MADE[tag]
    child = etree.SubElement(parent, spec[0])
    if attrs:
        for key, value in attrs.items():
            child.set(qn(key) if ":" in key else key, str(value))
    return child


def set_on(props: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Replace (or add) the child ``tag`` of a properties element (w:rPr, w:pPr) and return it.

    Children are appended in call order: call in schema order when building new properties.
    """
    for old in props.findall(qn(tag)):
        props.remove(old)
    return sub(props, tag, attrs)


def run_properties(*, style: str | None = None, italic: bool | None = None, bold: bool | None = None,
                   rtl: bool = False, shade: str | None = None, vert_align: str | None = None,
                   east_asian_font: str | None = None) -> etree._Element | None:
    """A ``w:rPr`` (children in schema order) or None when nothing is set."""
    rpr = el("w:rPr")
    if style:
        sub(rpr, "w:rStyle", {"w:val": style})
    if east_asian_font:
        sub(rpr, "w:rFonts", {"w:eastAsia": east_asian_font})
    if bold is not None:
        sub(rpr, "w:b", None if bold else {"w:val": "0"})
    if italic is not None:
        sub(rpr, "w:i", None if italic else {"w:val": "0"})
    if shade:
        sub(rpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})
    if vert_align:
        sub(rpr, "w:vertAlign", {"w:val": vert_align})
    if rtl:
        sub(rpr, "w:rtl")
    return rpr if len(rpr) else None


def run(children: Iterable = (), rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` with optional properties and the given content children (w:t, w:tab, …)."""
    r = el("w:r")
    if rpr is not None:
        r.append(rpr)
    for child in children:
        r.append(child)
    return r


def text_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` holding ``text`` (spaces preserved; tabs and line breaks as w:tab / w:br)."""
    if "\t" not in text and "\n" not in text:
        r = make("w:r")
        if rpr is not None:
            r.append(rpr)
        if text:
            t = sub(r, "w:t")
            t.text = text
            if text != text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return r
    children = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            t = el("w:t")
            t.text = "".join(buf)
            if t.text != t.text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            children.append(t)
            buf.clear()

    for ch in text:
        if ch == "\t":
            flush()
            children.append(el("w:tab"))
        elif ch == "\n":
            flush()
            children.append(el("w:br"))
        else:
            buf.append(ch)
    flush()
    return run(children, rpr)


def tab_run(rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` holding a single tab."""
    return run([el("w:tab")], rpr)


def paragraph_properties(*, style: str | None = None, bidi: bool = False, keep_next: bool = False,
                         page_break_before: bool = False, jc: str | None = None,
                         ind: dict[str, int] | None = None,
                         tabs: Iterable[tuple[str, int]] = ()) -> etree._Element:
    """A ``w:pPr`` with children in schema order (style, keepNext, pageBreakBefore, tabs, bidi, ind, jc)."""
    ppr = el("w:pPr")
    if style:
        sub(ppr, "w:pStyle", {"w:val": style})
    if keep_next:
        sub(ppr, "w:keepNext")
    if page_break_before:
        sub(ppr, "w:pageBreakBefore")
    tabs = list(tabs)
    if tabs:
        tabs_el = sub(ppr, "w:tabs")
        for kind, pos in tabs:
            sub(tabs_el, "w:tab", {"w:val": kind, "w:pos": str(pos)})
    if bidi:
        sub(ppr, "w:bidi")
    if ind:
        sub(ppr, "w:ind", {f"w:{k}": str(v) for k, v in ind.items()})
    if jc:
        sub(ppr, "w:jc", {"w:val": jc})
    return ppr


def paragraph(runs: Iterable = (), ppr: etree._Element | None = None, *, style: str | None = None,
              bidi: bool = False) -> etree._Element:
    """A ``w:p`` with properties (``ppr``, or one made from ``style``/``bidi``) and the given runs."""
    p = el("w:p")
    if ppr is None and (style or bidi):
        ppr = paragraph_properties(style=style, bidi=bidi)
    if ppr is not None:
        p.append(ppr)
    for r in runs:
        if r is not None:
            p.append(r)
    return p


def get_or_add_ppr(p: etree._Element) -> etree._Element:
    """The paragraph properties (``w:pPr``) of paragraph ``p``, added as its first child when missing."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = make("w:pPr")
        p.insert(0, ppr)
    return ppr


def parse_xml(data: bytes | str) -> etree._Element:
    """Parse one XML part safely (no entities, no network) into python-docx element classes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return etree.fromstring(data, _parser)


def to_bytes(element: etree._Element) -> bytes:
    """Serialize ``element`` as a standalone UTF-8 XML part."""
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
