"""Stage 1 of Word import: a guarded DOCX package loader that extracts paragraphs, runs and notes.

``load_package(source, view)`` opens a .docx (path or bytes) and returns a ``WordPackage``: the body
paragraphs in order, each with its runs (text, italic, bold, note and comment references), its
style and the number Word's list numbering displays for it, plus the footnotes, endnotes, comments
and first-page header. Stage 2 (``reader.py``) turns that into the model; nothing here knows about
decisions.

The loader distrusts its input (``archive.py``). Before anything is parsed it checks the signature (an OLE compound
file is a password-protected or legacy .doc), the zip directory, the entry count and the declared
sizes; every entry is then inflated through a capped stream, so a zip bomb stops at the cap however
its headers lie. XML is parsed with entity resolution, DTD loading and network access off, and any
document type declaration is refused outright (no external entities, no entity expansion bombs).
Only parts inside the package are read; external relationships are never followed.

Tracked changes give two views: "final" keeps ``w:ins``/``w:moveTo`` and drops ``w:del``/
``w:moveFrom`` (all changes accepted), "original" does the opposite (all rejected). A deleted
paragraph mark joins its paragraph to the next one, as Word does on accepting the deletion.
python-docx is not used here: its ``.paragraphs`` drops paragraphs inside revision marks.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

from clausewise.errors import InputError
from clausewise.formats.docx.archive import Archive, open_archive
from clausewise.formats.docx.numbering import Numbering, format_number

__all__ = ["CUSTOM_MARK", "Run", "WordParagraph", "WordPackage", "load_package"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W = "{%s}" % W_NS

MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

View = Literal["final", "original"]

#: ``Run.style`` of a note reference whose mark is typed ("*") rather than numbered by Word
CUSTOM_MARK = "custom-mark"

# ---------------------------------------------------------------- the extracted structure


@dataclass(frozen=True, slots=True)
class Run:
    """One piece of a paragraph: text with its formatting, or a note/comment reference.

    ``kind`` is "text", "footnote", "endnote" or "comment"; for a reference ``ref`` is the part's
    ``w:id`` and ``text`` the mark Word displays ("3", "iv", "*"); for text, ``text`` is the text
    with tabs as "\\t" and line breaks as "\\n".
    """

    kind: str
    text: str
    italic: bool = False
    bold: bool = False
    ref: str | None = None
    #: the run's character style id ("OpeningWordsG")
    style: str | None = None


@dataclass(frozen=True, slots=True)
class WordParagraph:
    """A paragraph as Word shows it in the chosen view.

    ``number`` is its 1-based position among all ``w:p`` of the body (counting table cells), the
    position error messages and ``Source(paragraph=N)`` use. ``list_label`` is the number Word's
    list numbering displays ("5.", "(a)", "I."), None where the paragraph is not in a numbered
    list; ``list_level`` is the list level (``w:ilvl``). ``table`` is True for a table row (cells
    joined by " | ").
    """

    number: int
    runs: tuple[Run, ...]
    style_id: str | None = None
    style_name: str | None = None
    outline_level: int | None = None
    list_label: str | None = None
    list_level: int | None = None
    alignment: str | None = None
    table: bool = False
    section_break: bool = False
    #: for a table row: (offset in ``text``, paragraph number) where each cell paragraph starts
    offsets: tuple[tuple[int, int], ...] = ()

    @property
    def text(self) -> str:
        """The paragraph's text runs joined (references contribute nothing)."""
        return "".join(r.text for r in self.runs if r.kind == "text")


@dataclass(frozen=True)
class WordPackage:
    """Everything stage 2 needs from a Word file."""

    paragraphs: tuple[WordParagraph, ...]
    footnotes: dict = field(default_factory=dict)   # w:id -> tuple[WordParagraph, ...]
    endnotes: dict = field(default_factory=dict)    # w:id -> tuple[WordParagraph, ...]
    comments: dict = field(default_factory=dict)    # w:id -> (author, text)
    header: tuple[WordParagraph, ...] = ()          # first-page (else default) header of section 1
    languages: tuple[str, ...] = ()                 # w:lang values of styles and runs, most used first
    style_names: frozenset = frozenset()            # names of the styles the file defines
    core: dict = field(default_factory=dict)         # docProps/core.xml: title, language, description
    #: custom properties named "clausewise:…" (values our writer records verbatim)
    custom: dict = field(default_factory=dict)
    #: Word number format of automatic footnote and endnote marks ("decimal", "lowerRoman")
    note_formats: dict = field(default_factory=lambda: {"footnote": "decimal", "endnote": "lowerRoman"})


# ---------------------------------------------------------------- package structure


def _rels(zp: Archive, part: str) -> dict[str, tuple[str, str, bool]]:
    """Relationships of ``part``: id -> (type, target part name, external)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if not zp.has(rels_name):
        return {}
    out = {}
    for rel in zp.xml(rels_name).iter("{%s}Relationship" % PKG_REL_NS):
        target = rel.get("Target") or ""
        external = rel.get("TargetMode") == "External"
        if not external:
            joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            target = posixpath.normpath(joined)
            if target.startswith("../") or target == "..":
                continue  # outside the package: never followed
        out[rel.get("Id")] = (rel.get("Type") or "", target, external)
    return out


def _main_part(zp: Archive, path: str | None) -> str:
    if not zp.has("[Content_Types].xml"):
        raise InputError("a zip archive but not a Word file: it has no [Content_Types].xml", path)
    types = zp.xml("[Content_Types].xml")
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
                 for o in types.iter("{%s}Override" % CT_NS)}
    main = None
    for rel_type, target, external in _rels(zp, "").values():
        if rel_type == REL_OFFICE_DOCUMENT and not external:
            main = target
    if main is None:
        main = next((name for name, ctype in overrides.items() if ctype in MAIN_TYPES), None)
    if main is None or not zp.has(main):
        kinds = sorted({c.split(".")[-1].split("+")[0] for c in overrides.values() if "officedocument" in c.lower()})
        hint = f" (it looks like a {', '.join(kinds)} package)" if kinds else ""
        raise InputError(f"a zip archive but not a Word document: no word/document.xml main part{hint}", path)
    ctype = overrides.get(main)
    if ctype is not None and ctype not in MAIN_TYPES:
        raise InputError(f"not a Word document: its main part has content type {ctype!r}", path)
    return main


# ---------------------------------------------------------------- styles


@dataclass
class _Style:
    name: str | None = None
    based_on: str | None = None
    outline: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    italic: bool | None = None
    bold: bool | None = None
    kind: str = "paragraph"


def _onoff(el) -> bool | None:
    if el is None:
        return None
    val = el.get(W + "val")
    return val not in ("0", "false", "off", "none")


class _Styles:
    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.langs: list[str] = []
        self.default_italic = self.default_bold = None
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if defaults is not None:
            self.langs += _langs(defaults)
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            s = _Style(kind=st.get(W + "type") or "paragraph")
            name = st.find(W + "name")
            s.name = name.get(W + "val") if name is not None else None
            based = st.find(W + "basedOn")
            s.based_on = based.get(W + "val") if based is not None else None
            ppr = st.find(W + "pPr")
            if ppr is not None:
                ol = ppr.find(W + "outlineLvl")
                if ol is not None and (ol.get(W + "val") or "").isdigit():
                    s.outline = int(ol.get(W + "val"))
                numpr = ppr.find(W + "numPr")
                if numpr is not None:
                    nid = numpr.find(W + "numId")
                    lvl = numpr.find(W + "ilvl")
                    s.num_id = nid.get(W + "val") if nid is not None else None
                    if lvl is not None and (lvl.get(W + "val") or "").isdigit():
                        s.ilvl = int(lvl.get(W + "val"))
            rpr = st.find(W + "rPr")
            if rpr is not None:
                s.italic = _onoff(rpr.find(W + "i"))
                s.bold = _onoff(rpr.find(W + "b"))
                self.langs += _langs(rpr)
            if st.get(W + "default") in ("1", "true") and s.kind == "paragraph":
                self.default_para = sid
            self.styles[sid] = s

    def chain(self, sid: str | None) -> list[_Style]:
        out, seen = [], set()
        while sid and sid in self.styles and sid not in seen and len(out) < 20:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def first(self, sid: str | None, attr: str):
        for s in self.chain(sid):
            value = getattr(s, attr)
            if value is not None:
                return value
        return None


def _langs(rpr) -> list[str]:
    lang = rpr.find(W + "lang")
    if lang is None:
        return []
    return [v for v in (lang.get(W + "val"), lang.get(W + "eastAsia"), lang.get(W + "bidi")) if v]


# ---------------------------------------------------------------- paragraphs and runs


_SKIP_FINAL = {W + "del", W + "moveFrom"}
_SKIP_ORIGINAL = {W + "ins", W + "moveTo"}
_CONTAINERS = {W + "hyperlink", W + "smartTag", W + "sdt", W + "sdtContent", W + "customXml", W + "fldSimple",
               W + "bdo", W + "dir", W + "ins", W + "del", W + "moveFrom", W + "moveTo"}


class _Extractor:
    def __init__(self, styles: _Styles, view: View, numbers: dict, note_marks: dict):
        self.styles = styles
        self.view = view
        self.numbers = numbers          # w:p element -> 1-based number
        self.note_marks = note_marks    # (kind, id) -> displayed mark
        self.langs: list[str] = []
        self.in_instr: list[bool] = []
        self.pending_custom = None

    def skip(self, tag: str) -> bool:
        return tag in (_SKIP_FINAL if self.view == "final" else _SKIP_ORIGINAL)

    def ppr(self, p) -> etree._Element | None:
        ppr = p.find(W + "pPr")
        if ppr is not None and self.view == "original":
            change = ppr.find(W + "pPrChange")
            if change is not None and change.find(W + "pPr") is not None:
                return change.find(W + "pPr")
        return ppr

    def mark_removed(self, p) -> bool:
        """Whether this paragraph's mark is gone in the view (so it joins the next paragraph)."""
        rpr = p.find(f"{W}pPr/{W}rPr")
        if rpr is None:
            return False
        if self.view == "final":
            return rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None
        return rpr.find(W + "ins") is not None or rpr.find(W + "moveTo") is not None

    def runs(self, p, style_id: str | None) -> list[Run]:
        out: list[Run] = []
        self._walk(p, style_id, out)
        return out

    def _walk(self, parent, style_id, out) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "r":
                self._run(child, style_id, out)
            elif tag in _CONTAINERS:
                if not self.skip(tag):
                    self._walk(child, style_id, out)
            elif tag == W + "commentRangeStart":
                pass

    def _run_props(self, r, style_id) -> tuple[bool, bool, bool, str | None]:
        rpr = r.find(W + "rPr")
        if rpr is not None and self.view == "original":
            change = rpr.find(W + "rPrChange")
            if change is not None and change.find(W + "rPr") is not None:
                rpr = change.find(W + "rPr")
        italic = bold = hidden = None
        char_style = None
        if rpr is not None:
            italic = _onoff(rpr.find(W + "i"))
            bold = _onoff(rpr.find(W + "b"))
            hidden = _onoff(rpr.find(W + "vanish"))
            rs = rpr.find(W + "rStyle")
            char_style = rs.get(W + "val") if rs is not None else None
            self.langs += _langs(rpr)
        if italic is None:
            italic = self.styles.first(char_style, "italic")
        if italic is None:
            italic = self.styles.first(style_id, "italic")
        if bold is None:
            bold = self.styles.first(char_style, "bold")
        if bold is None:
            bold = self.styles.first(style_id, "bold")
        return bool(italic), bool(bold), bool(hidden), char_style

    def _run(self, r, style_id, out) -> None:
        italic, bold, hidden, char_style = self._run_props(r, style_id)
        for el in r:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if tag == W + "fldChar":
                kind = el.get(W + "fldCharType")
                if kind == "begin":
                    self.in_instr.append(True)
                elif kind == "separate" and self.in_instr:
                    self.in_instr[-1] = False
                elif kind == "end" and self.in_instr:
                    self.in_instr.pop()
                continue
            if self.in_instr and self.in_instr[-1]:
                continue  # field instructions, not displayed text
            if hidden and tag not in (W + "footnoteReference", W + "endnoteReference"):
                continue
            text = None
            if tag == W + "t" or (tag == W + "delText" and self.view == "original"):
                text = el.text or ""
            elif tag in (W + "tab", W + "ptab"):
                text = "\t"
            elif tag in (W + "br", W + "cr"):
                if el.get(W + "type") in ("page", "column"):
                    continue
                text = "\n"
            elif tag == W + "noBreakHyphen":
                text = "-"
            elif tag == W + "sym":
                code = el.get(W + "char") or ""
                try:
                    text = chr(int(code, 16)) if code else ""
                except ValueError:
                    text = ""
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                kind = "footnote" if tag == W + "footnoteReference" else "endnote"
                ref = el.get(W + "id")
                if el.get(W + "customMarkFollows") in ("1", "true", "on"):
                    self.pending_custom = (kind, ref, r)
                    out.append(Run(kind, "", ref=ref, style=CUSTOM_MARK))
                    continue
                out.append(Run(kind, self.note_marks.get((kind, ref), ref or ""), ref=ref))
                continue
            elif tag == W + "commentReference":
                out.append(Run("comment", "", ref=el.get(W + "id")))
                continue
            if text is None:
                continue
            if self.pending_custom and out and out[-1].kind in ("footnote", "endnote") and (
                    out[-1].text == "" or self.pending_custom[2] is r):
                # a custom footnote mark ("*", "**") is the text that follows the reference
                last = out.pop()
                out.append(Run(last.kind, last.text + text, ref=last.ref, style=CUSTOM_MARK))
                self.pending_custom = (last.kind, last.ref, r)
                continue
            self.pending_custom = None
            out.append(Run("text", text, italic=italic, bold=bold, style=char_style))


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    out: list[Run] = []
    for run in runs:
        if (out and run.kind == "text" and out[-1].kind == "text" and out[-1].italic == run.italic
                and out[-1].bold == run.bold and out[-1].style == run.style):
            out[-1] = Run("text", out[-1].text + run.text, run.italic, run.bold, style=run.style)
        else:
            out.append(run)
    return tuple(out)


def _note_formats(settings, body) -> dict:
    """The number format of automatic note marks: the sections' own, else the settings', else Word's default."""
    fmt = {"footnote": "decimal", "endnote": "lowerRoman"}
    for kind in ("footnote", "endnote"):
        found = None
        for sect in body.iter(W + "sectPr"):
            nf = sect.find(f"{W}{kind}Pr/{W}numFmt")
            if nf is not None and nf.get(W + "val"):
                found = nf.get(W + "val")
                break
        if found is None and settings is not None:
            nf = settings.find(f"{W}{kind}Pr/{W}numFmt")
            if nf is not None and nf.get(W + "val"):
                found = nf.get(W + "val")
        if found:
            fmt[kind] = found
    return fmt


def _note_marks(doc_body, view: View, settings) -> dict:
    """The mark Word displays for every footnote and endnote reference (restarts per section if set)."""
    restart = {"footnote": False, "endnote": False}
    fmt = {"footnote": "decimal", "endnote": "lowerRoman"}
    start = {"footnote": 1, "endnote": 1}
    if settings is not None:
        for kind in ("footnote", "endnote"):
            pr = settings.find(f"{W}{kind}Pr")
            if pr is None:
                continue
            nr = pr.find(W + "numRestart")
            restart[kind] = nr is not None and nr.get(W + "val") in ("eachSect", "eachPage")
            nf = pr.find(W + "numFmt")
            if nf is not None and nf.get(W + "val"):
                fmt[kind] = nf.get(W + "val")
            ns = pr.find(W + "numStart")
            if ns is not None and (ns.get(W + "val") or "").isdigit():
                start[kind] = int(ns.get(W + "val"))
    for sect in doc_body.iter(W + "sectPr"):
        for kind in ("footnote", "endnote"):
            nr = sect.find(f"{W}{kind}Pr/{W}numRestart")
            if nr is not None and nr.get(W + "val") in ("eachSect", "eachPage"):
                restart[kind] = True
    marks: dict = {}
    count = {"footnote": start["footnote"] - 1, "endnote": start["endnote"] - 1}
    tags = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
    for el in doc_body.iter(W + "footnoteReference", W + "endnoteReference", W + "sectPr"):
        if el.tag == W + "sectPr":
            for kind in ("footnote", "endnote"):
                if restart[kind]:
                    count[kind] = start[kind] - 1
            continue
        kind = tags[el.tag]
        if el.get(W + "customMarkFollows") in ("1", "true", "on"):
            continue
        # a reference inside a rejected/accepted-away revision does not count
        if _removed_in_view(el, view):
            continue
        count[kind] += 1
        marks[(kind, el.get(W + "id"))] = format_number(count[kind], fmt[kind])
    return marks


def _removed_in_view(el, view: View) -> bool:
    skip = _SKIP_FINAL if view == "final" else _SKIP_ORIGINAL
    return any(a.tag in skip for a in el.iterancestors())


def _body_paragraphs(body, ex: _Extractor, numbering: Numbering) -> list[WordParagraph]:
    """The body's paragraphs in the view: revisions applied, joined marks merged, lists numbered."""
    out: list[WordParagraph] = []
    pending: list[Run] = []
    pending_number: int | None = None

    def paragraph_props(p):
        ppr = ex.ppr(p)
        style_id = None
        num_id = ilvl = None
        alignment = None
        outline = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style_id = ps.get(W + "val") if ps is not None else None
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid = numpr.find(W + "numId")
                lvl = numpr.find(W + "ilvl")
                num_id = nid.get(W + "val") if nid is not None else None
                if lvl is not None and (lvl.get(W + "val") or "").isdigit():
                    ilvl = int(lvl.get(W + "val"))
            jc = ppr.find(W + "jc")
            alignment = jc.get(W + "val") if jc is not None else None
            ol = ppr.find(W + "outlineLvl")
            if ol is not None and (ol.get(W + "val") or "").isdigit():
                outline = int(ol.get(W + "val"))
        if style_id is None:
            style_id = ex.styles.default_para
        if num_id is None:
            num_id = ex.styles.first(style_id, "num_id")
            if num_id is not None and ilvl is None:
                ilvl = ex.styles.first(style_id, "ilvl")
                if ilvl is None:
                    ilvl = numbering.level_for_style(num_id, style_id)
        if outline is None:
            outline = ex.styles.first(style_id, "outline")
        if outline is not None and outline >= 9:
            outline = None
        return style_id, num_id, ilvl or 0, alignment, outline, ppr

    def emit_paragraph(p, table=False):
        nonlocal pending, pending_number
        style_id, num_id, ilvl, alignment, outline, ppr = paragraph_props(p)
        runs = ex.runs(p, style_id)
        number = ex.numbers.get(p, 0)
        if ex.mark_removed(p):
            pending += runs
            if pending_number is None:
                pending_number = number
            return None
        if pending:
            runs = pending + runs
            number = pending_number or number
            pending, pending_number = [], None
        label = None
        level = None
        if num_id not in (None, "0"):
            label = numbering.label(num_id, ilvl)
            level = ilvl
        name = ex.styles.styles.get(style_id).name if style_id in ex.styles.styles else None
        sect = ppr is not None and ppr.find(W + "sectPr") is not None
        return WordParagraph(number=number, runs=_merge(runs), style_id=style_id, style_name=name,
                             outline_level=outline, list_label=label, list_level=level, alignment=alignment,
                             table=table, section_break=sect)

    def walk(container):
        for child in container:
            tag = child.tag
            if tag == W + "p":
                para = emit_paragraph(child)
                if para is not None:
                    out.append(para)
            elif tag == W + "tbl":
                table(child)
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml") or (tag in _CONTAINERS and not ex.skip(tag)):
                walk(child)

    def table(tbl):
        for tr in tbl.findall(W + "tr"):
            trpr = tr.find(W + "trPr")
            if trpr is not None and ((ex.view == "final" and trpr.find(W + "del") is not None)
                                     or (ex.view == "original" and trpr.find(W + "ins") is not None)):
                continue
            cells: list[list] = []
            first_number = None
            for tc in tr.findall(W + "tc"):
                cell: list = []   # runs, and paragraph numbers where a cell paragraph starts
                for p in tc.iter(W + "p"):
                    para = emit_paragraph(p, table=True)
                    if first_number is None:
                        first_number = ex.numbers.get(p, 0)
                    if para is None:
                        continue
                    if any(isinstance(r, Run) for r in cell) and para.runs:
                        cell.append(Run("text", " "))
                    cell.append(para.number)
                    if para.list_label:
                        cell.append(Run("text", para.list_label + " "))
                    cell.extend(para.runs)
                cells.append(cell)
            runs: list[Run] = []
            offsets: list[tuple[int, int]] = []
            length = 0
            for i, cell in enumerate(c for c in cells if any(isinstance(r, Run) and (r.text.strip() or r.kind != "text")
                                                             for r in c)):
                if i:
                    runs.append(Run("text", " | "))
                    length += 3
                for item in cell:
                    if isinstance(item, int):
                        offsets.append((length, item))
                        continue
                    runs.append(item)
                    if item.kind == "text":
                        length += len(item.text)
            if runs:
                out.append(WordParagraph(number=first_number or 0, runs=_merge(runs), table=True,
                                         offsets=tuple(offsets)))

    walk(body)
    if pending:
        out.append(WordParagraph(number=pending_number or 0, runs=_merge(pending)))
    return out


def _notes(root, kind: str, ex: _Extractor) -> dict:
    out = {}
    if root is None:
        return out
    for note in root.iter(W + kind):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = []
        for p in note.iter(W + "p"):
            ps = p.find(f"{W}pPr/{W}pStyle")
            style_id = ps.get(W + "val") if ps is not None else None
            runs = [r for r in ex.runs(p, style_id) if r.kind != kind]
            paras.append(WordParagraph(number=0, runs=_merge(runs)))
        out[note.get(W + "id")] = tuple(paras)
    return out


def _comments(root, ex: _Extractor) -> dict:
    out = {}
    if root is None:
        return out
    for c in root.iter(W + "comment"):
        texts = []
        for p in c.iter(W + "p"):
            t = "".join(r.text for r in ex.runs(p, None) if r.kind == "text").strip()
            if t:
                texts.append(t)
        out[c.get(W + "id")] = (c.get(W + "author") or None, " ".join(texts))
    return out


# ---------------------------------------------------------------- entry point


def load_package(source: "str | Path | bytes", view: View = "final") -> WordPackage:
    """Open a .docx (path or bytes) safely and extract its paragraphs, notes and comments in ``view``."""
    if view not in ("final", "original"):
        raise InputError(f"unknown view {view!r}; use 'final' or 'original'")
    zp = open_archive(source)
    path = zp.path
    main = _main_part(zp, path)
    doc = zp.xml(main)
    if doc.tag != W + "document":
        raise InputError(f"{main} is not a WordprocessingML document (root element {etree.QName(doc).localname!r})", path)
    body = doc.find(W + "body")
    if body is None:
        raise InputError(f"{main} has no body", path)
    rels = _rels(zp, main)

    def part(kind: str):
        for rel_type, target, external in rels.values():
            if not external and rel_type == REL_BASE + kind and zp.has(target):
                return zp.xml(target)
        return None

    styles = _Styles(part("styles"))
    numbering = Numbering(part("numbering"))
    settings = part("settings")
    numbers = {p: i for i, p in enumerate(body.iter(W + "p"), start=1)}
    marks = _note_marks(body, view, settings)
    ex = _Extractor(styles, view, numbers, marks)
    paragraphs = _body_paragraphs(body, ex, numbering)
    footnotes = _notes(part("footnotes"), "footnote", ex)
    endnotes = _notes(part("endnotes"), "endnote", ex)
    comments = _comments(part("comments"), ex)
    header = _first_header(zp, rels, body, ex)
    counts: dict[str, int] = {}
    for lang in styles.langs + ex.langs:
        counts[lang] = counts.get(lang, 0) + 1
    languages = tuple(sorted(counts, key=lambda k: -counts[k]))
    names = frozenset(s.name for s in styles.styles.values() if s.name)
    return WordPackage(paragraphs=tuple(paragraphs), footnotes=footnotes, endnotes=endnotes, comments=comments,
                       header=header, languages=languages, style_names=names,
                       core=_core(zp), custom=_custom(zp), note_formats=_note_formats(settings, body))


def _first_header(zp: Archive, rels: dict, body, ex: _Extractor) -> tuple[WordParagraph, ...]:
    sect = None
    for s in body.iter(W + "sectPr"):
        sect = s
        break
    if sect is None:
        return ()
    refs = {h.get(W + "type") or "default": h.get(f"{{{R_NS}}}id") for h in sect.findall(W + "headerReference")}
    rid = refs.get("first") if sect.find(W + "titlePg") is not None and "first" in refs else refs.get("default")
    if rid is None or rid not in rels or rels[rid][2]:
        return ()
    target = rels[rid][1]
    if not zp.has(target):
        return ()
    root = zp.xml(target)
    out = []
    for p in root.iter(W + "p"):
        runs = ex.runs(p, None)
        if "".join(r.text for r in runs).strip():
            out.append(WordParagraph(number=0, runs=_merge(runs)))
    return tuple(out)


def _optional_xml(zp: Archive, part: str):
    """The root of an optional part (document properties), or None when it is absent or unreadable."""
    if not zp.has(part):
        return None
    try:
        return zp.xml(part)
    except InputError:
        return None


def _custom(zp: Archive) -> dict:
    """Custom document properties (docProps/custom.xml) whose names start with "clausewise:"."""
    root = _optional_xml(zp, "docProps/custom.xml")
    if root is None:
        return {}
    out = {}
    for prop in root:
        name = prop.get("name") or ""
        if name.startswith("clausewise:") and len(prop):
            out[name] = "".join(prop[0].itertext())
    return out


def _core(zp: Archive) -> dict:
    """Title, language and description (comments) from the core properties, where present."""
    root = _optional_xml(zp, "docProps/core.xml")
    if root is None:
        return {}
    out = {}
    for key, tag in (("title", "{http://purl.org/dc/elements/1.1/}title"),
                     ("language", "{http://purl.org/dc/elements/1.1/}language"),
                     ("description", "{http://purl.org/dc/elements/1.1/}description")):
        el = root.find(tag)
        if el is not None and el.text and el.text.strip():
            out[key] = el.text.strip()
    return out
