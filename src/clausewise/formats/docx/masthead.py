"""The first-page masthead of an official document, and the running headers and footers.

Layout of the UN Geneva template (measured from the CMA.3 DOCX): a two-row table across the text
width with a 0.5 pt rule between the rows and a 1.5 pt rule below — "United Nations" and the
symbol (its first element at 20 pt) in the first row, the Distr./date/Original column (50 mm) in
the second. The UNEP family prints "UNITED NATIONS" in capitals and names the programme under it
[MC3-23]. Then the body, session, venue, the agenda line with its footnote, the agenda item's
title, the document's title and subtitle ("Note by the Secretariat").
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import TYPE_CHECKING

from clausewise.formats.docx._oxml import el, paragraph, paragraph_properties, run, sub, text_run
from clausewise.formats.docx.styles import STYLE_IDS as S
from clausewise.model import Bracket, Decision, FootnoteRef, Subparagraph, Text, plain_text, walk_inlines

if TYPE_CHECKING:
    from clausewise.formats.docx.writer import DocumentBuilder

__all__ = ["add_masthead", "set_up_headers", "draft_header_text", "PROGRAMME_NAMES", "format_date"]

#: the programme's name under "United Nations" in the UNEP family, per language
PROGRAMME_NAMES = {
    "en": "United Nations Environment Programme",
    "fr": "Programme des Nations Unies pour l'environnement",
    "es": "Programa de las Naciones Unidas para el Medio Ambiente",
    "ru": "Программа Организации Объединенных Наций по окружающей среде",
    "zh": "联合国环境规划署",
    "ar": "برنامج الأمم المتحدة للبيئة",
}

#: the first-page header of a negotiation round ("DRAFT TEXT", "Version …"), per language
DRAFT_TEXT = {"en": "DRAFT TEXT", "fr": "PROJET DE TEXTE", "es": "PROYECTO DE TEXTO", "ru": "ПРОЕКТ ТЕКСТА",
              "zh": "案文草案", "ar": "مشروع نص"}
VERSION = {"en": "Version", "fr": "Version", "es": "Versión", "ru": "Версия", "zh": "版本", "ar": "النسخة"}

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"],
}

TEXT_WIDTH = 9638  # A4 less 2 cm margins, in twips


def format_date(value: str | None, language: str) -> str | None:
    """An ISO date as the masthead prints it ("7 January 2020"); other values unchanged.

    Chinese, Russian and Arabic mastheads keep the date in English, as "Distr." and "Original"
    [FCCC-zh]; French and Spanish ones translate it ("1er août 2023", "1 de agosto de 2023").
    """
    if not value:
        return value
    try:
        day = _date.fromisoformat(value.strip())
    except ValueError:
        return value
    months = _MONTHS.get(language, _MONTHS["en"])
    sep = " de " if language == "es" else " "
    first = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{first}{sep}{months[day.month - 1]}{sep}{day.year}"


def _cell(width: int, paragraphs: list, *, span: int = 1, v_align: str = "bottom", top: int = 0):
    tc = el("w:tc")
    tcpr = sub(tc, "w:tcPr")
    sub(tcpr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
    if span > 1:
        sub(tcpr, "w:gridSpan", {"w:val": str(span)})
    if top:
        sub(sub(tcpr, "w:tcMar"), "w:top", {"w:w": str(top), "w:type": "dxa"})
    sub(tcpr, "w:vAlign", {"w:val": v_align})
    for p in paragraphs or [paragraph()]:
        tc.append(p)
    return tc


def _row(height: int, rule: str, cells: list):
    tr = el("w:tr")
    trpr = sub(tr, "w:trPr")
    sub(trpr, "w:cantSplit")
    sub(trpr, "w:trHeight", {"w:val": str(height), "w:hRule": rule})
    for c in cells:
        tr.append(c)
    return tr


def _table(rows: list, widths: list[int], bidi: bool):
    tbl = el("w:tbl")
    tblpr = sub(tbl, "w:tblPr")
    if bidi:
        sub(tblpr, "w:bidiVisual")
    sub(tblpr, "w:tblW", {"w:w": str(TEXT_WIDTH), "w:type": "dxa"})
    borders = sub(tblpr, "w:tblBorders")
    sub(borders, "w:bottom", {"w:val": "single", "w:sz": "12", "w:space": "0", "w:color": "auto"})
    sub(borders, "w:insideH", {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "auto"})
    sub(tblpr, "w:tblLayout", {"w:type": "fixed"})
    mar = sub(tblpr, "w:tblCellMar")
    sub(mar, "w:left", {"w:w": "0", "w:type": "dxa"})
    sub(mar, "w:right", {"w:w": "0", "w:type": "dxa"})
    sub(tblpr, "w:tblLook", {"w:val": "01E0"})
    grid = sub(tbl, "w:tblGrid")
    for w in widths:
        sub(grid, "w:gridCol", {"w:w": str(w)})
    for r in rows:
        tbl.append(r)
    return tbl


def _symbol_runs(builder: "DocumentBuilder", symbol: str) -> list:
    head, slash, rest = symbol.partition("/")
    runs = [builder.text_run(head, builder.make_rpr_for_style(S["m_symbol_prefix"]))]
    if slash:
        runs.append(builder.text_run(slash + rest, builder.make_rpr_for_style(None)))
    return runs


def _agenda_runs(builder: "DocumentBuilder", meta) -> list:
    """The agenda line: "Item 5 of the provisional agenda*" from a bare item number, or as written."""
    inlines = tuple(meta.agenda_item)
    words = builder.language.masthead.get("agenda_item", "{item}")
    text = plain_text(inlines).strip()
    marker = words.split("{item}")[0].strip()
    refs = [n for n in inlines[1:] if isinstance(n, FootnoteRef)]
    bare = (inlines and isinstance(inlines[0], Text) and len(refs) == len(inlines) - 1
            and inlines[0].text == text)   # "5", "4 (c)", then only footnote references
    if not bare or (marker and marker in text) or not re.fullmatch(r"[\w.() /-]{1,16}", text):
        return builder.inline_runs(inlines)
    builder.agenda_item_expanded = text
    line = words.format(item=text)
    if builder.language.code == "zh" and refs and "项目" in line:
        # the seed: "临时议程**项目5" — the mark follows "临时议程"
        before, after = line.split("项目", 1)
        return (builder.inline_runs((Text(before), *refs))
                + builder.inline_runs((Text("项目" + after),)))
    return builder.inline_runs((Text(line), *refs))


def add_masthead(builder: "DocumentBuilder") -> None:
    """Append the first-page masthead for the document's front matter (nothing when it has none)."""
    meta = builder.doc.meta
    lang = builder.language
    m = lang.masthead
    bidi = lang.rtl
    has_table = any([meta.symbol, meta.distribution, meta.date, meta.original_language])
    if has_table:
        un = paragraph([builder.text_run(m.get("united_nations", "United Nations"), builder.make_rpr_for_style(None))],
                       style=S["m_un"], bidi=bidi)
        symbol = paragraph(_symbol_runs(builder, meta.symbol or ""), style=S["m_symbol"], bidi=bidi)
        left = []
        if builder.family == "unep":
            left.append(paragraph([builder.text_run(PROGRAMME_NAMES.get(lang.code, PROGRAMME_NAMES["en"]),
                                            builder.make_rpr_for_style(None))], style=S["m_org"], bidi=bidi))
        right = []
        distribution = meta.distribution
        if distribution:
            localized = m.get(distribution.lower(), distribution)
            right.append(m.get("distr", "Distr.: {distribution}").format(distribution=localized))
        if meta.date:
            right.append(format_date(meta.date, lang.code))
        if meta.original_language:
            right.append("")
            right.append(m.get("original", "Original: {language}").format(language=meta.original_language))
        # "Distr.", the date and "Original" stay in English, left to right, in every language [FCCC-zh]
        right_ps = []
        for t in right:
            ppr = paragraph_properties(style=S["m_distr"])
            if bidi:  # the language's Normal style is right to left: say explicitly that this is not
                sub(ppr, "w:bidi", {"w:val": "0"})
            right_ps.append(paragraph([builder.text_run(t, builder.make_rpr_for_style(None))] if t else [], ppr))
        widths = [TEXT_WIDTH - 2835, 2835]
        rows = [_row(1134, "exact", [_cell(widths[0], [un]), _cell(widths[1], [symbol])])]
        if left or right_ps:   # nothing to show under the rule: no 3 cm of white space either
            rows.append(_row(1701, "atLeast", [_cell(widths[0], left, v_align="top", top=120),
                                               _cell(widths[1], right_ps, v_align="top", top=240)]))
        builder.append(_table(rows, widths, bidi))
    for field, role in (("body", "m_body"), ("session", "m_session"), ("venue", "m_venue")):
        value = getattr(meta, field)
        if value:
            builder.append(builder.paragraph(builder.inline_runs(value), S[role]))
    if meta.agenda_item:
        builder.append(builder.paragraph(_agenda_runs(builder, meta), S["m_agenda"]))
    if meta.agenda_title:
        builder.append(builder.paragraph(builder.inline_runs(meta.agenda_title), S["m_agenda_title"]))
    if meta.title and not builder.title_is_decision_title():
        builder.append(builder.paragraph(builder.inline_runs(meta.title), S["m_title"]))
    if meta.subtitle:
        builder.append(builder.paragraph(builder.inline_runs(meta.subtitle), S["m_subtitle"]))


def _contents(decision: Decision):
    yield decision.organ
    for item in decision.body:
        yield getattr(item, "content", ())
        stack = list(getattr(item, "subparagraphs", ()))
        while stack:
            sp: Subparagraph = stack.pop()
            yield sp.content
            stack.extend(sp.subparagraphs)


def _has_brackets(doc) -> bool:
    return any(isinstance(node, Bracket) for d in doc.decisions for content in _contents(d)
               for node in walk_inlines(content or ()))


def draft_header_text(doc) -> str | None:
    """The first-page header line of a negotiation round ("DRAFT TEXT — Version r2"), or None.

    A draft with a ``round`` carries it when its distribution is Limited or its decisions still
    hold square brackets, as the r1 Article 6.2 draft's "DRAFT TEXT … Version 14/11/2024 13:00"
    [FCCC-DD]. A round label of one word gets the word "Version"; a longer one stands as written.
    """
    meta = doc.meta
    round_ = (meta.round or "").strip()
    if not round_ or not ((meta.distribution or "").lower() == "limited" or _has_brackets(doc)):
        return None
    code = meta.language if meta.language in DRAFT_TEXT else "en"
    version = round_ if " " in round_ else f"{VERSION[code]} {round_}"
    return f"{DRAFT_TEXT[code]} — {version}"


def _page_field() -> list:
    begin = run([el("w:fldChar", {"w:fldCharType": "begin"})])
    instr = el("w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code = run([instr])
    sep = run([el("w:fldChar", {"w:fldCharType": "separate"})])
    shown = text_run("1")
    end = run([el("w:fldChar", {"w:fldCharType": "end"})])
    return [begin, code, sep, shown, end]


def _fill(part_container, paragraph_el) -> None:
    """Replace the content of a python-docx header/footer with one paragraph element."""
    element = part_container._element
    for child in list(element):
        element.remove(child)
    element.append(paragraph_el)


def set_up_headers(builder: "DocumentBuilder", section) -> None:
    """Running headers (the symbol, right on odd pages, left on even) and page-number footers.

    The first page is different: no header (the masthead stands there) but, in a negotiation
    round, "DRAFT TEXT — Version …" (``draft_header_text``); the job number, if any, in the
    footer [FCCC-DD].
    """
    meta = builder.doc.meta
    bidi = builder.language.rtl
    symbol = meta.symbol or ""
    section.different_first_page_header_footer = True
    builder.docx.settings.odd_and_even_pages_header_footer = True
    odd = paragraph([text_run(symbol)], paragraph_properties(style=S["header"], jc="right", bidi=bidi))
    even = paragraph([text_run(symbol)], paragraph_properties(style=S["header"], bidi=bidi))
    _fill(section.header, odd)
    _fill(section.even_page_header, even)
    draft = draft_header_text(builder.doc)
    if draft:
        first = paragraph([builder.text_run(draft, builder.make_rpr_for_style(None))],
                          paragraph_properties(style=S["draft_header"], bidi=bidi))
    else:
        first = paragraph([], paragraph_properties(style=S["normal"], bidi=bidi))
    _fill(section.first_page_header, first)
    _fill(section.footer, paragraph([run([el("w:tab")]), *_page_field()],
                                    paragraph_properties(style=S["footer"], bidi=bidi)))
    _fill(section.even_page_footer, paragraph(_page_field(), paragraph_properties(style=S["footer"], bidi=bidi)))
    job = [text_run(meta.job_number)] if meta.job_number else []
    _fill(section.first_page_footer, paragraph(job, paragraph_properties(style=S["footer"], bidi=bidi)))
