"""The named Word styles of an official document, and how a reference document overrides them.

Values are measured from a real UN Geneva ("_G") secretariat DOCX (the CMA.3 decisions and the
CMA.6 Article 6.2 draft in ``../shared/corpus``; un-formatting.md §9): 10 pt Times New Roman on
"at least 12 pt" lines, text blocks 2 cm (1134 twips) from both margins, operative numbers at 2 cm
with a tab to 3 cm (1701), subparagraphs "(a)" at 3 cm, footnotes 9 pt on exactly 11 pt lines with
the number right-aligned at 1.8 cm (1021). Styles the template lacks (organ line, preambular
paragraph, decision title, option label, masthead lines) are ours, built on the same measures.

``STYLE_IDS`` names what the writer refers to; ``style_elements(lang, family)`` builds the
``w:style`` elements; ``install`` puts them into a styles part; ``apply_reference`` lets a user's
reference document override them by style name, as pandoc's ``--reference-doc`` does.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from clausewise.errors import InputError
from clausewise.formats.docx._oxml import W, parse_xml, qn
from clausewise.lang import Language

__all__ = ["STYLE_IDS", "style_elements", "install", "apply_reference", "read_reference_styles"]

#: role -> styleId the writer uses
STYLE_IDS = {
    "normal": "Normal",
    "chapter": "HChG",            # "_ H _Ch_G": chapter headings "I.", "一、"
    "section": "H1G",             # "_ H_1_G": section headings "A."
    "subsection": "H23G",         # "_ H_2/3_G"
    "minor": "H4G",               # "_ H_4_G"
    "narrative": "SingleTxtG",    # "_ Single Txt_G": paragraphs of a note, "1." + tab
    "operative": "RegSingleTxtG",     # "Reg_Single Txt_G": "1." at 2 cm, tab to 3 cm
    "sub1": "RegSingleTxtG2",         # "(a)" at 3 cm, runovers at 2 cm
    "sub2": "RegSingleTxtG3",         # "(i)" at 3 cm, runovers at 3 cm
    "sub3": "RegSingleTxtG4",         # "a." (ours)
    "sub4": "RegSingleTxtG5",         # "i." (ours)
    "preambular": "PreambleG",        # ours: first line at 3 cm, block at 2 cm
    "organ": "OrganLineG",            # ours: the organ line, at the preambular indent
    "decision_title": "DecisionTitleG",  # ours: "Draft decision MC-4/[--]: …"
    "option": "OptionLabelG",         # ours: bold "Option 1"
    "annex": "AnnexG",                # ours: "Annex" / "附件"
    "footnote_text": "FootnoteText",
    "footnote_ref": "FootnoteReference",
    "header": "Header",
    "footer": "Footer",
    "draft_header": "DraftHeaderG",   # ours: "DRAFT TEXT — Version …" atop a negotiation round's first page
    "opening": "OpeningWordsG",       # character style of opening words ("Recalling")
    "note": "EditorialNoteG",         # character style of editorial notes "{…}"
    "m_un": "MastheadUNG",
    "m_symbol": "MastheadSymbolG",
    "m_symbol_prefix": "MastheadSymbolPrefixG",
    "m_org": "MastheadOrganizationG",
    "m_distr": "MastheadDistrG",
    "m_body": "MastheadBodyG",
    "m_session": "MastheadSessionG",
    "m_venue": "MastheadVenueG",
    "m_agenda": "MastheadAgendaG",
    "m_agenda_title": "MastheadAgendaTitleG",
    "m_title": "MastheadTitleG",
    "m_subtitle": "MastheadSubtitleG",
    "m_note": "MastheadEconomyNoteG",
}

_LANG_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "zh": "zh-CN", "ar": "ar-SA"}

# (styleId, name, type, basedOn, next, pPr inner XML, rPr inner XML). Twips: 567 = 1 cm.
_PARAGRAPH = "paragraph"
_CHARACTER = "character"
_DEFINITIONS: list[tuple[str, str, str, str | None, str | None, str, str]] = [
    ("HChG", "_ H _Ch_G", _PARAGRAPH, "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="right" w:pos="851"/></w:tabs>'
     '<w:spacing w:before="360" w:after="240" w:line="300" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134" w:hanging="1134"/>', '<w:b/><w:sz w:val="28"/>'),
    ("H1G", "_ H_1_G", _PARAGRAPH, "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="right" w:pos="851"/></w:tabs>'
     '<w:spacing w:before="360" w:after="240" w:line="270" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134" w:hanging="1134"/>', '<w:b/><w:sz w:val="24"/>'),
    ("H23G", "_ H_2/3_G", _PARAGRAPH, "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="right" w:pos="851"/></w:tabs>'
     '<w:spacing w:before="240" w:after="120" w:line="240" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134" w:hanging="1134"/>', '<w:b/>'),
    ("H4G", "_ H_4_G", _PARAGRAPH, "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="right" w:pos="851"/></w:tabs>'
     '<w:spacing w:before="240" w:after="120" w:line="240" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134" w:hanging="1134"/>', '<w:i/>'),
    ("SingleTxtG", "_ Single Txt_G", _PARAGRAPH, "Normal", None,
     '<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs><w:spacing w:after="120"/>'
     '<w:ind w:left="1134" w:right="1134"/><w:jc w:val="both"/>', ''),
    ("RegSingleTxtG", "Reg_Single Txt_G", _PARAGRAPH, "Normal", None,
     '<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs><w:spacing w:after="120"/>'
     '<w:ind w:left="1134" w:right="1134" w:firstLine="0"/><w:jc w:val="both"/>', ''),
    ("RegSingleTxtG2", "Reg_Single Txt_G2", _PARAGRAPH, "RegSingleTxtG", None,
     '<w:tabs><w:tab w:val="clear" w:pos="1701"/><w:tab w:val="left" w:pos="2268"/></w:tabs>'
     '<w:ind w:left="1134" w:right="1134" w:firstLine="567"/>', ''),
    ("RegSingleTxtG3", "Reg_Single Txt_G3", _PARAGRAPH, "RegSingleTxtG", None,
     '<w:tabs><w:tab w:val="clear" w:pos="1701"/><w:tab w:val="left" w:pos="2268"/></w:tabs>'
     '<w:ind w:left="1701" w:right="1134" w:firstLine="0"/>', ''),
    # levels 3 and 4 ("a.", "i.") have no template value: one more centimetre each (guess)
    ("RegSingleTxtG4", "Reg_Single Txt_G4", _PARAGRAPH, "RegSingleTxtG", None,
     '<w:tabs><w:tab w:val="clear" w:pos="1701"/><w:tab w:val="left" w:pos="2835"/></w:tabs>'
     '<w:ind w:left="2268" w:right="1134" w:firstLine="0"/>', ''),
    ("RegSingleTxtG5", "Reg_Single Txt_G5", _PARAGRAPH, "RegSingleTxtG", None,
     '<w:tabs><w:tab w:val="clear" w:pos="1701"/><w:tab w:val="left" w:pos="3402"/></w:tabs>'
     '<w:ind w:left="2835" w:right="1134" w:firstLine="0"/>', ''),
    # preambular paragraphs: measured as Normal + direct formatting in the r1 draft
    ("PreambleG", "Preambular Txt_G", _PARAGRAPH, "Normal", None,
     '<w:spacing w:after="120"/><w:ind w:left="1134" w:right="1134" w:firstLine="567"/><w:jc w:val="both"/>', ''),
    ("OrganLineG", "Organ Line_G", _PARAGRAPH, "PreambleG", "PreambleG", '<w:keepNext/>', ''),
    # r1: 14 pt bold, exactly 15 pt, 16 pt before, 12 after, 1 cm left indent
    ("DecisionTitleG", "Decision Title_G", _PARAGRAPH, "Normal", "OrganLineG",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="240" w:line="300" w:lineRule="exact"/>'
     '<w:ind w:left="567" w:right="1134"/>', '<w:b/><w:sz w:val="28"/>'),
    ("OptionLabelG", "Option Label_G", _PARAGRAPH, "Normal", None,
     '<w:keepNext/><w:spacing w:after="120"/><w:ind w:left="1134" w:right="1134"/><w:jc w:val="both"/>',
     '<w:b/>'),
    ("AnnexG", "Annex_G", _PARAGRAPH, "Normal", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="240" w:line="300" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134"/>', '<w:b/><w:sz w:val="28"/>'),
    ("FootnoteText", "footnote text", _PARAGRAPH, "Normal", None,
     '<w:tabs><w:tab w:val="right" w:pos="1021"/></w:tabs><w:spacing w:line="220" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134" w:hanging="1134"/>', '<w:sz w:val="18"/>'),
    ("Header", "header", _PARAGRAPH, "Normal", None,
     '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="auto"/></w:pBdr>',
     '<w:b/><w:sz w:val="18"/>'),
    ("Footer", "footer", _PARAGRAPH, "Normal", None,
     '<w:tabs><w:tab w:val="right" w:pos="9638"/></w:tabs>', '<w:b/><w:sz w:val="18"/>'),
    # r1 Article 6.2 draft: its first-page header is centred, bold, 12 pt, no rule [FCCC-DD]
    ("DraftHeaderG", "Draft Header_G", _PARAGRAPH, "Normal", None, '<w:jc w:val="center"/>',
     '<w:b/><w:sz w:val="24"/>'),
    # masthead (UN Geneva layout: 14 pt "United Nations", 20 pt symbol prefix, 50 mm column for
    # Distr./date/Original, body name 14 pt bold, session 10 pt bold, title 17 pt bold) [MN-UN]
    ("MastheadUNG", "Masthead United Nations_G", _PARAGRAPH, "Normal", None,
     '<w:ind w:left="113"/>', '<w:sz w:val="28"/>'),
    ("MastheadSymbolG", "Masthead Symbol_G", _PARAGRAPH, "Normal", None, '<w:jc w:val="right"/>', ''),
    ("MastheadOrganizationG", "Masthead Organization_G", _PARAGRAPH, "Normal", None,
     '<w:spacing w:before="240"/><w:ind w:left="113"/>', '<w:b/><w:sz w:val="24"/>'),
    ("MastheadDistrG", "Masthead Distr_G", _PARAGRAPH, "Normal", None,
     '<w:spacing w:line="240" w:lineRule="exact"/><w:ind w:left="143"/>', ''),
    ("MastheadBodyG", "Masthead Body_G", _PARAGRAPH, "Normal", None,
     '<w:keepNext/><w:spacing w:before="120"/>', '<w:b/><w:sz w:val="28"/>'),
    ("MastheadSessionG", "Masthead Session_G", _PARAGRAPH, "Normal", None, '<w:keepNext/>', '<w:b/>'),
    ("MastheadVenueG", "Masthead Venue_G", _PARAGRAPH, "Normal", None, '<w:keepNext/>', ''),
    ("MastheadAgendaG", "Masthead Agenda_G", _PARAGRAPH, "Normal", None,
     '<w:keepNext/><w:spacing w:before="240"/>', ''),
    ("MastheadAgendaTitleG", "Masthead Agenda Title_G", _PARAGRAPH, "Normal", None, '<w:keepNext/>', '<w:b/>'),
    ("MastheadTitleG", "Masthead Title_G", _PARAGRAPH, "Normal", None,
     '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="240" w:line="360" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134"/>', '<w:b/><w:sz w:val="34"/>'),
    ("MastheadSubtitleG", "Masthead Subtitle_G", _PARAGRAPH, "Normal", None,
     '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="240" w:line="270" w:lineRule="exact"/>'
     '<w:ind w:left="1134" w:right="1134"/>', '<w:b/><w:sz w:val="24"/>'),
    ("MastheadEconomyNoteG", "Masthead Economy Note_G", _PARAGRAPH, "Normal", None,
     '<w:spacing w:before="240"/><w:ind w:left="1134" w:right="1134"/>', '<w:i/><w:sz w:val="16"/>'),
    # character styles
    ("FootnoteReference", "footnote reference", _CHARACTER, None, None, '',
     '<w:sz w:val="18"/><w:vertAlign w:val="superscript"/>'),
    ("OpeningWordsG", "Opening Words_G", _CHARACTER, None, None, '', '<w:i/>'),
    ("EditorialNoteG", "Editorial Note_G", _CHARACTER, None, None, '', '<w:i/>'),
    ("MastheadSymbolPrefixG", "Masthead Symbol Prefix_G", _CHARACTER, None, None, '', '<w:sz w:val="40"/>'),
]


def _normal(lang: Language) -> str:
    tag = _LANG_TAGS.get(lang.code, "en-GB")
    fonts = (f'<w:rFonts w:ascii="{lang.font_latin}" w:hAnsi="{lang.font_latin}" '
             f'w:eastAsia="{lang.font_east_asian}" w:cs="{lang.font_complex}"/>')
    # body 10 pt on lines of at least 12 pt, hyphenation off [FCCC-DD]
    ppr = '<w:suppressAutoHyphens/>' + ('<w:bidi/>' if lang.rtl else '') + '<w:spacing w:line="240" w:lineRule="atLeast"/>'
    latin_tag = tag if lang.code not in ("zh", "ar") else "en-GB"
    lang_el = f'<w:lang w:val="{latin_tag}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    rpr = fonts + '<w:sz w:val="20"/><w:szCs w:val="20"/>' + lang_el
    return (f'<w:style xmlns:w="{W}" w:type="paragraph" w:default="1" w:styleId="Normal">'
            f'<w:name w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def style_elements(lang: Language, family: str = "ungeneva") -> list:
    """The ``w:style`` elements of an official document in ``lang`` for document ``family``."""
    out = [parse_xml(_normal(lang))]
    for sid, name, kind, based, nxt, ppr, rpr in _DEFINITIONS:
        if sid == "OpeningWordsG" and not lang.italic_openings:
            # Chinese (SimSun has no italic) and Arabic: the opening words keep their character
            # style, so they stay recognisable, but are set upright; no substitute font such as
            # KaiTi is used (un-formatting.md §5, guess).
            rpr = '<w:i w:val="0"/>'
        if sid == "MastheadUNG" and family == "unep":
            rpr += '<w:caps/>'  # UNEP mastheads print "UNITED NATIONS" [MC3-23]
        if sid == "OrganLineG" and not lang.italic_openings:
            rpr = ''
        if lang.code == "zh" and rpr and "<w:i/>" in rpr and kind == _PARAGRAPH:
            rpr = rpr.replace("<w:i/>", "")  # no italics in Chinese (SimSun has none)
        if lang.code == "zh":
            rpr = f'<w:rFonts w:eastAsia="{lang.font_east_asian}"/>' + rpr
        parts = [f'<w:style xmlns:w="{W}" w:type="{kind}" w:customStyle="1" w:styleId="{sid}">',
                 f'<w:name w:val="{name}"/>']
        if sid in ("FootnoteText", "FootnoteReference", "Header", "Footer"):
            parts[0] = parts[0].replace(' w:customStyle="1"', "")
        if based:
            parts.append(f'<w:basedOn w:val="{based}"/>')
        if nxt:
            parts.append(f'<w:next w:val="{nxt}"/>')
        parts.append('<w:qFormat/>')
        if ppr:
            parts.append(f"<w:pPr>{ppr}</w:pPr>")
        if rpr:
            parts.append(f"<w:rPr>{_order_rpr(rpr)}</w:rPr>")
        parts.append("</w:style>")
        out.append(parse_xml("".join(parts)))
    return out


_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "color", "sz",
              "szCs", "highlight", "u", "shd", "vertAlign", "rtl", "lang"]


_CS_TWINS = {"b": "bCs", "i": "iCs", "sz": "szCs"}


def _order_rpr(rpr: str) -> str:
    """Reorder the children of an rPr fragment into schema order, adding the complex-script twins.

    Bold, italic and size apply to Arabic text only through ``w:bCs``, ``w:iCs`` and ``w:szCs``:
    each style sets both, so a right-to-left run looks like a left-to-right one.
    """
    root = parse_xml(f'<w:rPr xmlns:w="{W}">{rpr}</w:rPr>')
    present = {e.tag.split("}")[1] for e in root}
    for child in list(root):
        twin = _CS_TWINS.get(child.tag.split("}")[1])
        if twin and twin not in present:
            copy_el = copy.deepcopy(child)
            copy_el.tag = f"{{{W}}}{twin}"
            root.append(copy_el)
    kids = sorted(root, key=lambda e: _RPR_ORDER.index(e.tag.split("}")[1]))
    from lxml import etree

    return "".join(etree.tostring(k, encoding="unicode").replace(f' xmlns:w="{W}"', "") for k in kids)


def _doc_defaults(lang: Language):
    # measured (CMA.3): Times New Roman everywhere, no paragraph spacing by default — python-docx's
    # blank template would otherwise add 10 pt after every paragraph and 1.15 line spacing
    return parse_xml(
        f'<w:docDefaults xmlns:w="{W}"><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{lang.font_latin}" w:eastAsia="{lang.font_east_asian}" w:hAnsi="{lang.font_latin}" '
        f'w:cs="{lang.font_complex}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        f'</w:pPr></w:pPrDefault></w:docDefaults>')


def install(styles_root, lang: Language, family: str = "ungeneva", *, replace: bool = True) -> None:
    """Put our styles into a ``w:styles`` element: replace same-id styles (or keep them if not ``replace``)."""
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is None or replace:
        if defaults is not None:
            defaults.addprevious(_doc_defaults(lang))
            styles_root.remove(defaults)
        else:
            styles_root.insert(0, _doc_defaults(lang))
    existing = {s.get(qn("w:styleId")): s for s in styles_root.findall(qn("w:style"))}
    for style in style_elements(lang, family):
        sid = style.get(qn("w:styleId"))
        old = existing.get(sid)
        if old is not None:
            if not replace:
                continue
            old.addprevious(style)
            styles_root.remove(old)
        else:
            styles_root.append(style)


def read_reference_styles(path: str | Path):
    """The ``w:styles`` root of a user's reference document; InputError when it is not a usable DOCX."""
    path = Path(path)
    if not path.exists():
        raise InputError("reference document not found", str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise InputError("the reference document is not a Word (.docx) file (no word/document.xml)", str(path))
            if "word/styles.xml" not in names:
                raise InputError("the reference document has no styles (word/styles.xml)", str(path))
            data = archive.read("word/styles.xml")
    except zipfile.BadZipFile:
        raise InputError("the reference document is not a Word (.docx) file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the reference document: {exc.strerror or exc}", str(path)) from None
    try:
        return parse_xml(data)
    except Exception as exc:  # lxml.etree.XMLSyntaxError
        raise InputError(f"the reference document's styles are not valid XML: {exc}", str(path)) from None


def apply_reference(styles_root, reference_root) -> None:
    """Override styles in ``styles_root`` with the same-named styles of ``reference_root`` (pandoc's rule).

    A reference style replaces ours of the same name (case-insensitive) and takes our style id, so
    the document's paragraphs keep pointing at it; reference styles we lack are added; the
    reference's document defaults replace ours.
    """
    ours = {}
    for style in styles_root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ours[(style.get(qn("w:type")), name.get(qn("w:val"), "").lower())] = style
    our_ids = {s.get(qn("w:styleId")) for s in styles_root.findall(qn("w:style"))}
    id_map: dict[str, str] = {}
    incoming = []
    for style in reference_root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        key = (style.get(qn("w:type")), (name.get(qn("w:val"), "") if name is not None else "").lower())
        sid = style.get(qn("w:styleId"))
        if key in ours:
            id_map[sid] = ours[key].get(qn("w:styleId"))
        elif sid in our_ids:
            id_map[sid] = f"Ref{sid}"  # a different style under one of our ids: keep both
        else:
            id_map[sid] = sid
        incoming.append((key, style))
    for key, style in incoming:
        style = copy.deepcopy(style)
        style.set(qn("w:styleId"), id_map[style.get(qn("w:styleId"))])
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in id_map:
                ref.set(qn("w:val"), id_map[ref.get(qn("w:val"))])
        old = ours.get(key)
        if old is not None:
            old.addprevious(style)
            styles_root.remove(old)
        else:
            styles_root.append(style)
    defaults = reference_root.find(qn("w:docDefaults"))
    if defaults is not None:
        mine = styles_root.find(qn("w:docDefaults"))
        if mine is not None:
            mine.addprevious(copy.deepcopy(defaults))
            styles_root.remove(mine)
        else:
            styles_root.insert(0, copy.deepcopy(defaults))


def styles_from_bytes(data: bytes):
    """The ``w:styles`` root of a DOCX given as bytes (for tests and tools)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return parse_xml(archive.read("word/styles.xml"))
