"""An official Word file for a Document: masthead, note, decisions, footnotes, in UN formatting.

``write_document(doc, options)`` is what ``formats.docx.write`` calls. The work is done by
``DocumentBuilder``, which the redline writer reuses: it renders a clause, subparagraph, heading
or option label to ``w:p`` elements with the right named style, and inline content to runs
(``inline_runs``). Inline ``Insert``/``Delete`` nodes go through the hooks ``render_insert`` /
``render_delete`` (here: the newer reading, i.e. inserted text kept, deleted text dropped); a
subclass overrides them to wrap runs in ``w:ins``/``w:del``, and ``make_rpr`` to add marks.

Numbers are typed text, as in real secretariat files (un-formatting.md §9): "1." tab text at
2 cm/3 cm; "2 bis." where the draft says so; "7-" in Arabic; subparagraph labels "(a)", "a)" from
the language's formats. Styles come from the family's reference document in ``templates/`` and a
user's ``--reference-doc`` overrides them by name, as pandoc does.
"""

from __future__ import annotations

import copy
import io
import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import docx

from clausewise import lang as languages
from clausewise.errors import InputError
from clausewise.formats.docx import DocxWriteOptions
from clausewise.formats.docx import styles as style_defs
from clausewise.formats.docx._oxml import el, get_or_add_ppr, paragraph_properties, qn, run, run_properties, sub, text_run
from clausewise.formats.docx.comments import CommentWriter
from clausewise.formats.docx.footnotes import FootnotesPart, is_custom_mark
from clausewise.formats.docx.masthead import add_masthead, set_up_headers
from clausewise.formats.docx.properties import set_custom_properties
from clausewise.formats.docx.styles import STYLE_IDS as S
from clausewise.model import (Bracket, Clause, Comment, Decision, Delete, Document, Emph, Footnote, FootnoteRef,
                              Heading, Insert, Note, OptionLabel, Paragraph, Subparagraph, Text, plain_text)

__all__ = ["write_document", "DocumentBuilder", "RunContext", "FAMILIES", "template_path", "family_for"]

FAMILIES = ("unep", "ungeneva")

#: run properties already built, by (style, shade, rtl, East Asian font): copied, not rebuilt, per run
_RPR_TEMPLATES: dict[tuple, object] = {}
_MISSING = object()
#: paragraph properties already built, by (style, bidi, keep with next)
_PPR_TEMPLATES: dict[tuple, object] = {}

#: bracket shading by nesting depth when ``highlight_brackets`` is on (light to darker yellow)
BRACKET_SHADES = ("FFF2CC", "FFE699", "FFD966")

_HEADING_NUMBER = re.compile(
    r"^\s*((?:[IVXLCDM]+|[A-Z]|\d+(?:\.\d+)*|[一二三四五六七八九十]+)[.、．]|\((?:[a-z]|[ivx]+)\))\s*")

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]")
_RTL_LETTERS = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")

_A4 = (11906, 16838)
# margins measured from the CMA.3 DOCX (top 2.5 cm, others 2 cm, header 1.5 cm, footer 1 cm),
# preferred over the 2.75 cm top margin of the spec's FCCC-DD note
_MARGINS = {"top": 1417, "right": 1134, "bottom": 1134, "left": 1134, "header": 850, "footer": 567, "gutter": 0}


@dataclass(frozen=True)
class RunContext:
    """What applies to the runs being rendered: character style, bracket depth, change kind."""

    char_style: str | None = None
    bracket_depth: int = 0
    #: "insert" or "delete" inside a change (set by a redline subclass); None in plain output
    change: str | None = None


def family_for(doc: Document, options: DocxWriteOptions) -> str:
    """The document family: the option, else the front matter, else UNEP for "UNEP/" symbols, else UN Geneva."""
    family = (options.family or doc.meta.family or "").strip().lower()
    if not family:
        family = "unep" if (doc.meta.symbol or "").upper().startswith("UNEP/") else "ungeneva"
    if family not in FAMILIES:
        raise InputError(f"unknown document family {family!r}; known: {', '.join(FAMILIES)}")
    return family


def template_path(family: str) -> Path | None:
    """The packaged reference document of ``family`` (None if it is not installed)."""
    candidate = resources.files("clausewise").joinpath("templates").joinpath(f"{family}.docx")
    try:
        path = Path(str(candidate))
    except TypeError:  # pragma: no cover - zipped installs
        return None
    return path if path.is_file() else None


def write_document(doc: Document, options: DocxWriteOptions) -> bytes:
    """The bytes of an official Word file for ``doc``."""
    return DocumentBuilder(doc, options).build()


class DocumentBuilder:
    """Builds one official Word file; reusable piece by piece (``clause_paragraphs``, ``inline_runs``)."""

    def __init__(self, doc: Document, options: DocxWriteOptions | None = None):
        """Open the family's template for ``doc`` and prepare styles, sections, footnotes and comments."""
        self.doc = doc
        self.options = options or DocxWriteOptions()
        try:
            self.language = languages.get(doc.meta.language or "en")
        except KeyError as exc:
            raise InputError(str(exc.args[0])) from None
        self.family = family_for(doc, self.options)
        reference = None
        if self.options.reference_doc:
            reference = style_defs.read_reference_styles(self.options.reference_doc)
        template = template_path(self.family)
        self.docx = docx.Document(str(template)) if template else docx.Document()
        body = self.docx.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._sect_pr = body.find(qn("w:sectPr"))
        styles_root = self.docx.styles.element
        style_defs.install(styles_root, self.language, self.family, replace=template is None or self.language.code != "en")
        if reference is not None:
            style_defs.apply_reference(styles_root, reference)
        self.footnotes = FootnotesPart(self.docx.part, text_style=S["footnote_text"],
                                       reference_style=S["footnote_ref"], bidi=self.language.rtl)
        self.comments = CommentWriter(self.docx)
        self._scope: dict[str, Footnote] = {f.key: f for f in doc.footnotes}
        self._footnote_depth = 0
        #: the bare agenda item the masthead line was made from ("5"); "" when printed as written
        self.agenda_item_expanded = ""

    # ------------------------------------------------------------ assembling

    def build(self) -> bytes:
        """Assemble the whole document and return the DOCX bytes."""
        self._set_up_page()
        add_masthead(self)
        for block in self.doc.blocks:
            self.add_block(block)
        self._set_properties()
        out = io.BytesIO()
        self.docx.save(out)
        return out.getvalue()

    def append(self, element):
        """Append a body element (w:p, w:tbl) before the final section properties; return it."""
        self._sect_pr.addprevious(element)
        return element

    def add_block(self, block) -> None:
        """Append a top-level block: heading, narrative paragraph or decision."""
        if isinstance(block, Heading):
            if block.role == "annex":
                self.start_section()
            self.append(self.heading_paragraph(block))
        elif isinstance(block, Paragraph):
            self.append(self.narrative_paragraph(block))
        elif isinstance(block, Decision):
            self.add_decision(block)
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"not a block: {block!r}")

    def add_decision(self, decision: Decision) -> None:
        """Append a decision: title, organ line, clauses, headings and option labels in order."""
        outer = self._scope
        self._scope = {**outer, **{f.key: f for f in decision.footnotes}}
        try:
            for p in self.decision_title_paragraphs(decision):
                self.append(p)
            if decision.organ:
                self.append(self.organ_paragraph(decision.organ))
            levels = [b.level for b in decision.body if isinstance(b, Heading)]
            top = min(levels) if levels else 0
            for item in decision.body:
                if isinstance(item, Clause):
                    self.add_clause(item)
                elif isinstance(item, Heading):
                    self.append(self.heading_paragraph(item, rank=item.level - top + 2))
                elif isinstance(item, OptionLabel):
                    self.append(self.option_paragraph(item))
        finally:
            self._scope = outer

    def add_clause(self, clause: Clause) -> list:
        """Append a clause and its subparagraphs; return their ``w:p`` elements."""
        paragraphs = self.clause_paragraphs(clause)
        for p in paragraphs:
            self.append(p)
        return paragraphs

    def start_section(self) -> None:
        """End the current section before an annex, so footnote numbering restarts there (as in the seed).

        Word restarts the numbers itself (``numRestart eachSect``); LibreOffice does not, so the PDF
        is made from a copy whose annex footnotes carry their numbers as marks (``pdf``).
        """
        last = self._sect_pr.getprevious()
        if last is None or last.tag != qn("w:p"):
            last = self.append(self.paragraph([], S["normal"]))
        ended = copy.deepcopy(self._sect_pr)
        get_or_add_ppr(last).append(ended)
        # the new section (the annex) starts on a new page, without the first-page layout
        for title_pg in self._sect_pr.findall(qn("w:titlePg")):
            self._sect_pr.remove(title_pg)
        for old in self._sect_pr.findall(qn("w:type")):
            self._sect_pr.remove(old)
        kind = el("w:type", {"w:val": "nextPage"})
        anchor = self._sect_pr.find(qn("w:pgSz"))
        if anchor is not None:
            anchor.addprevious(kind)
        else:
            self._sect_pr.append(kind)

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, runs, style: str, *, keep_next: bool = False):
        """A ``w:p`` in ``style`` (right to left in Arabic) holding ``runs``."""
        key = (style, self.language.rtl, keep_next)
        made = _PPR_TEMPLATES.get(key)
        if made is None:
            made = _PPR_TEMPLATES[key] = paragraph_properties(style=style, bidi=self.language.rtl,
                                                              keep_next=keep_next)
        p = el("w:p", children=[made.__deepcopy__(None)])
        for r in runs:
            p.append(r)
        return p

    def decision_title_paragraphs(self, decision: Decision) -> list:
        """The decision's heading: "Draft decision MC-4/[--]: title" (UN Geneva: kind and number, then the title)."""
        kind = decision.kind or self.language.masthead.get("draft_decision", "Draft decision")
        # the number is a run of its own: in Arabic it is then a left-to-right (Latin) run
        head = [self._text(f"{kind} "), self._text(decision.number)] if decision.number else [self._text(kind)]
        title = tuple(decision.title)
        if self.family == "ungeneva" and title:
            return [self.paragraph(head, S["decision_title"], keep_next=True),
                    self.paragraph(self.inline_runs(title), S["decision_title"])]
        runs = head + ([self._text(": ")] if title else []) + self.inline_runs(title)
        return [self.paragraph(runs, S["decision_title"])]

    def organ_paragraph(self, organ):
        """The organ line "*The Conference of the Parties*," as a ``w:p``."""
        return self.paragraph(self.inline_runs(self.organ_inlines(organ)), S["organ"])

    def organ_inlines(self, organ):
        """The organ line with its name italic and the comma roman (where the language uses italics)."""
        if not self.language.italic_openings or any(isinstance(n, Emph) for n in organ):
            return organ
        if len(organ) == 1 and isinstance(organ[0], Text):
            match = re.match(r"^(.*?)([,，،:]?\s*)$", organ[0].text, re.S)
            name, tail = match.group(1), match.group(2)
            return (Emph((Text(name),)),) + ((Text(tail),) if tail else ())
        return organ

    def clause_paragraphs(self, clause: Clause) -> list:
        """The ``w:p`` elements of a clause: the clause itself, then its subparagraphs (nested)."""
        if clause.part == "preambular":
            first = self.paragraph(self.inline_runs(clause.content), S["preambular"])
        else:
            runs = []
            if clause.label:
                runs = [self._text(self.operative_number(clause.label)), self._tab()]
            first = self.paragraph(runs + self.inline_runs(clause.content), S["operative"])
        out = [first]
        for sp in clause.subparagraphs:
            out.extend(self.subparagraph_paragraphs(sp, 1))
        return out

    def subparagraph_paragraphs(self, sp: Subparagraph, level: int) -> list:
        """The ``w:p`` elements of a subparagraph at ``level`` (1 = "(a)") and its own subparagraphs."""
        style = S.get(f"sub{min(level, 4)}")
        runs = [self._text(self.subparagraph_label(sp.label, level)), self._tab()] + self.inline_runs(sp.content)
        out = [self.paragraph(runs, style)]
        for child in sp.subparagraphs:
            out.extend(self.subparagraph_paragraphs(child, level + 1))
        return out

    def heading_paragraph(self, heading: Heading, *, rank: int | None = None):
        """A heading: chapter/section styles by level, its typed number right-aligned before a tab."""
        if heading.role == "annex":
            return self.paragraph(self.inline_runs(heading.content), S["annex"])
        rank = rank or heading.level
        style = {1: S["chapter"], 2: S["section"], 3: S["subsection"]}.get(rank, S["minor"])
        number, rest = self.split_heading_number(heading.content)
        runs = [self._tab()]
        if number:
            runs.append(self._text(number))
        runs.append(self._tab())
        return self.paragraph(runs + self.inline_runs(rest), style)

    def option_paragraph(self, option: OptionLabel):
        """An option label: "Option 1", or "Option 3: {No text required}"."""
        runs = [self._text(option.label + (": " if option.content else ""))] + self.inline_runs(option.content)
        return self.paragraph(runs, S["option"])

    def narrative_paragraph(self, para: Paragraph):
        """A paragraph of a note: "12." and a tab when numbered."""
        runs = []
        if para.label:
            runs = [self._text(self.operative_number(para.label)), self._tab()]
        return self.paragraph(runs + self.inline_runs(para.content), S["narrative"])

    # ------------------------------------------------------------ numbers and labels

    def operative_number(self, label: str) -> str:
        """The typed number of an operative clause: "1.", "2 bis.", "7-" (Arabic)."""
        return self.language.operative_number.format(n=label.strip())

    def subparagraph_label(self, label: str, level: int) -> str:
        """The typed label of a subparagraph: "(a)", "(i)", "a)" (French, Spanish), "(ب)"."""
        formats = self.language.subparagraph_formats
        return formats[min(level, len(formats)) - 1].format(label.strip())

    @staticmethod
    def split_heading_number(content) -> tuple[str | None, tuple]:
        """("I.", rest) when the heading starts with a typed number ("I.", "A.", "一、", "1."), else (None, content)."""
        if content and isinstance(content[0], Text):
            match = _HEADING_NUMBER.match(content[0].text)
            if match:
                rest = content[0].text[match.end():]
                return match.group(1), ((Text(rest),) if rest else ()) + tuple(content[1:])
        return None, tuple(content)

    # ------------------------------------------------------------ inlines

    def make_rpr(self, ctx: RunContext):
        """The ``w:rPr`` of a run in ``ctx`` (character style, bracket shading, rtl, East Asian font)."""
        shade = None
        if self.options.highlight_brackets and ctx.bracket_depth:
            shade = BRACKET_SHADES[min(ctx.bracket_depth, len(BRACKET_SHADES)) - 1]
        return self.make_rpr_for_style(ctx.char_style, shade=shade)

    def make_rpr_for_style(self, style: str | None, *, shade: str | None = None):
        """A ``w:rPr`` with a character style plus the language's run properties."""
        east_asian = self.language.font_east_asian if self.language.code == "zh" else None
        key = (style, shade, self.language.rtl, east_asian)
        made = _RPR_TEMPLATES.get(key, _MISSING)
        if made is _MISSING:
            made = _RPR_TEMPLATES[key] = run_properties(style=style, shade=shade, rtl=self.language.rtl,
                                                         east_asian_font=east_asian)
        return made.__deepcopy__(None) if made is not None else None

    def inline_runs(self, inlines, ctx: RunContext | None = None) -> list:
        """The paragraph children (runs, comment anchors) for inline content."""
        ctx = ctx or RunContext()
        out: list = []
        for node in inlines or ():
            out.extend(self.render_inline(node, ctx))
        return out

    def render_inline(self, node, ctx: RunContext) -> list:
        """The paragraph children for one inline node."""
        if isinstance(node, Text):
            return [self.text_run(node.text, self.make_rpr(ctx))] if node.text else []
        if isinstance(node, Emph):
            return self.inline_runs(node.children, replace(ctx, char_style=S["opening"]))
        if isinstance(node, Bracket):
            inner = replace(ctx, bracket_depth=ctx.bracket_depth + 1)
            out = [self.text_run("[", self.make_rpr(inner))] if node.opens else []
            out += self.inline_runs(node.children, inner)
            if node.closes:
                out.append(self.text_run("]", self.make_rpr(inner)))
            return out
        if isinstance(node, Note):
            # braces roman, the note italic, as in the r1 UNFCCC draft ("{No text required}")
            plain = replace(ctx, char_style=None)
            return ([self.text_run("{", self.make_rpr(plain))]
                    + self.inline_runs(node.children, replace(ctx, char_style=S["note"]))
                    + [self.text_run("}", self.make_rpr(plain))])
        if isinstance(node, FootnoteRef):
            return [self.footnote_reference(node.key, ctx)]
        if isinstance(node, Comment):
            return list(self.comments.add(node.text, node.author))
        if isinstance(node, Insert):
            return self.render_insert(node, ctx)
        if isinstance(node, Delete):
            return self.render_delete(node, ctx)
        raise TypeError(f"not an inline node: {node!r}")  # pragma: no cover

    def render_insert(self, node: Insert, ctx: RunContext) -> list:
        """Inserted content (hook for redlines): here simply the newer text."""
        return self.inline_runs(node.children, replace(ctx, change="insert"))

    def render_delete(self, node: Delete, ctx: RunContext) -> list:
        """Deleted content (hook for redlines): here nothing, as in the newer round."""
        return []

    def footnote_reference(self, key: str, ctx: RunContext | None = None):
        """Create the footnote ``key`` (looked up in the decision, then the document) and return its reference run."""
        note = self._scope.get(key)
        if note is None or self._footnote_depth > 2:
            return self.text_run(f"[^{key}]", self.make_rpr(ctx or RunContext()))
        mark = key.strip() if is_custom_mark(key) else None
        self._footnote_depth += 1
        try:
            runs = self.inline_runs(note.content)
        finally:
            self._footnote_depth -= 1
        fid = self.footnotes.add(runs, mark)
        east_asian = self.language.font_east_asian if self.language.code == "zh" else None
        return self.footnotes.reference(fid, mark, rtl=self.language.rtl, east_asian_font=east_asian)

    def text_run(self, text: str, rpr=None):
        """A run of ``text``; in a right-to-left language, Latin-only text is not marked ``w:rtl``.

        Word marks runs typed in Arabic as right to left and leaves Latin words (a symbol, "Distr.:
        General", a date) left to right, so they keep their order inside the paragraph; runs of
        digits and punctuation ("7-", "(") stay with the paragraph's direction.
        """
        r = text_run(text, rpr)
        if self.language.rtl and _LATIN.search(text) and not _RTL_LETTERS.search(text):
            props = r.find(qn("w:rPr"))
            if props is not None:
                for mark in props.findall(qn("w:rtl")):
                    props.remove(mark)
                if not len(props):
                    r.remove(props)
        return r

    def _text(self, text: str):
        return self.text_run(text, self.make_rpr(RunContext()))

    def _tab(self):
        r = run((), self.make_rpr(RunContext()))
        sub(r, "w:tab")
        return r

    # ------------------------------------------------------------ page and properties

    def title_is_decision_title(self) -> bool:
        """True for a single-decision draft whose front-matter title is the decision's own title."""
        decisions = self.doc.decisions
        return (len(self.doc.blocks) == 1 and len(decisions) == 1
                and plain_text(decisions[0].title).strip() == plain_text(self.doc.meta.title).strip())

    def _set_up_page(self) -> None:
        section = self.docx.sections[0]
        sect = self._sect_pr
        pg_sz = sect.find(qn("w:pgSz"))
        if pg_sz is None:
            pg_sz = sub(sect, "w:pgSz")
        pg_sz.set(qn("w:w"), str(_A4[0]))
        pg_sz.set(qn("w:h"), str(_A4[1]))
        pg_sz.set(qn("w:code"), "9")
        for attr in ("w:orient",):
            pg_sz.attrib.pop(qn(attr), None)
        pg_mar = sect.find(qn("w:pgMar"))
        if pg_mar is None:
            pg_mar = el("w:pgMar")
            pg_sz.addnext(pg_mar)
        for key, value in _MARGINS.items():
            pg_mar.set(qn(f"w:{key}"), str(value))
        set_up_headers(self, section)
        settings = self.docx.settings.element
        self.footnotes.declare_in_settings(settings)
        tab_stop = settings.find(qn("w:defaultTabStop"))
        if tab_stop is not None:
            tab_stop.set(qn("w:val"), "567")  # default tab stop 1 cm [FCCC-DD]
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None and self.language.code == "zh":
            theme_lang.set(qn("w:eastAsia"), "zh-CN")
        # footnote numbering restarts in each section: the annex starts a section [FCCC-DD, seed]
        for old in sect.findall(qn("w:footnotePr")):
            sect.remove(old)
        fn_pr = el("w:footnotePr", children=[el("w:numRestart", {"w:val": "eachSect"})])
        refs = [c for c in sect if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
        if refs:
            refs[-1].addnext(fn_pr)
        else:
            sect.insert(0, fn_pr)
        if self.language.rtl and sect.find(qn("w:bidi")) is None:
            bidi = el("w:bidi")
            grid = sect.find(qn("w:docGrid"))
            if grid is not None:
                grid.addprevious(bidi)
            else:
                sect.append(bidi)

    def _set_properties(self) -> None:
        meta = self.doc.meta
        props = self.docx.core_properties
        props.title = plain_text(meta.title).strip() or (meta.symbol or "")
        props.subject = meta.symbol or ""
        props.language = self.language.code
        props.author = "clausewise"
        notes = ([f"family: {meta.family}"] if meta.family else []) + ([f"round: {meta.round}"] if meta.round else [])
        props.comments = "; ".join(notes)
        # what the page cannot tell from a filled-in default, recorded verbatim for import
        set_custom_properties(self.docx, {
            "clausewise:family": meta.family or "",
            "clausewise:kinds": json.dumps([d.kind for d in self.doc.decisions], ensure_ascii=False),
            "clausewise:agenda_item": self.agenda_item_expanded,
        })
