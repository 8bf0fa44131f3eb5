"""The official Word writer: build DOCX files from models and read them back with python-docx and lxml."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from clausewise.errors import InputError
from clausewise.formats.docx import DocxWriteOptions, write
from clausewise.formats.docx.writer import DocumentBuilder, RunContext
from clausewise.model import (Bracket, Clause, Comment, Decision, Delete, Document, Emph, Footnote, FootnoteRef,
                              Heading, Insert, Metadata, Note, OptionLabel, Paragraph, Subparagraph, Text)
from tests.conftest import DRAFTS, seed_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    return "{%s}%s" % (W, tag.split(":")[1])


def em(text):
    return Emph((Text(text),))


def english_decision(**meta) -> Document:
    """A small English decision with a masthead, a note and an annex."""
    decision = Decision(
        number="MC-5/[--]",
        kind="Draft decision",
        title=(Text("Mercury waste thresholds"),),
        organ=(Text("The Conference of the Parties,"),),
        body=(
            Clause("preambular", (em("Recalling"), Text(" paragraph 2 of Article 11 of the Convention,"))),
            Clause("preambular", (em("Also recalling"), Text(" decision MC-4/3,"), FootnoteRef("1"))),
            Clause("operative", (em("Welcomes"), Text(" the report of the group of technical experts;")), label="1"),
            Clause("operative", (em("Requests"), Text(" the Secretariat:")), label="2", subparagraphs=(
                Subparagraph("a", (Text("To "), Bracket((Text("compile"),)), Bracket((Text("prepare"),)),
                                   Text(" information on thresholds;"))),
                Subparagraph("b", (Text("To report:"),), subparagraphs=(
                    Subparagraph("i", (Text("On overburden;"),)),
                    Subparagraph("ii", (Text("On waste rock;"), Comment("US: Delete 'waste rock'"))),
                )),
            )),
            OptionLabel("Option 1"),
            Clause("operative", (Bracket((em("Decides"), Text(" to keep the matter under review")), ), Text(";")),
                   label="2 bis"),
            OptionLabel("Option 2", (Note((Text("No text required"),)),)),
            Clause("operative", (em("Invites"), Text(" Parties to submit views."), FootnoteRef("2")), label="3"),
        ),
        footnotes=(Footnote("1", (Text("UNEP/MC/COP.4/INF/14."),)), Footnote("2", (Text("See annex II."),))),
    )
    base = dict(language="en", symbol="UNEP/MC/COP.5/12", distribution="General", date="2023-08-01",
                original_language="English",
                body=(Text("Conference of the Parties to the Minamata Convention on Mercury"),),
                session=(Text("Fifth meeting"),), venue=(Text("Geneva, 30 October–3 November 2023"),),
                agenda_item=(Text("4 (b)"), FootnoteRef("*")),
                agenda_title=(Text("Matters for action by the Conference of the Parties: mercury waste"),),
                title=(Text("Mercury waste thresholds"),), subtitle=(Text("Note by the Secretariat"),))
    base.update(meta)
    return Document(
        Metadata(**base),
        (Heading(1, (Text("I. Introduction"),)),
         Paragraph((Text("The group of experts met twice."), FootnoteRef("1")), label="1"),
         Paragraph((Text("Its report is set out in the annex."),), label="2"),
         Heading(1, (Text("Annex"),), role="annex"),
         decision),
        footnotes=(Footnote("*", (Text("UNEP/MC/COP.5/1."),)), Footnote("1", (Text("UNEP/MC/COP.5/INF/3."),))),
    )


def build(doc: Document, **options) -> bytes:
    return write(doc, DocxWriteOptions(**options))


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def wtext(element) -> str:
    """The w:t text under an element (python-docx's element classes make ``itertext`` repeat runs)."""
    return "".join(t.text or "" for t in element.iter(q("w:t")))


def body_paragraphs(data: bytes):
    """(style name, text) of every body paragraph outside tables."""
    return [(p.style.name, p.text) for p in read(data).paragraphs]


# ------------------------------------------------------------------ decision block


def test_decision_paragraphs_have_their_styles_and_typed_numbers():
    paragraphs = body_paragraphs(build(english_decision()))
    start = paragraphs.index(("Annex_G", "Annex"))
    assert paragraphs[start + 1:] == [
        ("Decision Title_G", "Draft decision MC-5/[--]: Mercury waste thresholds"),
        ("Organ Line_G", "The Conference of the Parties,"),
        ("Preambular Txt_G", "Recalling paragraph 2 of Article 11 of the Convention,"),
        ("Preambular Txt_G", "Also recalling decision MC-4/3,"),
        ("Reg_Single Txt_G", "1.\tWelcomes the report of the group of technical experts;"),
        ("Reg_Single Txt_G", "2.\tRequests the Secretariat:"),
        ("Reg_Single Txt_G2", "(a)\tTo [compile][prepare] information on thresholds;"),
        ("Reg_Single Txt_G2", "(b)\tTo report:"),
        ("Reg_Single Txt_G3", "(i)\tOn overburden;"),
        ("Reg_Single Txt_G3", "(ii)\tOn waste rock;"),
        ("Option Label_G", "Option 1"),
        ("Reg_Single Txt_G", "2 bis.\t[Decides to keep the matter under review];"),
        ("Option Label_G", "Option 2: {No text required}"),
        ("Reg_Single Txt_G", "3.\tInvites Parties to submit views."),
    ]


def test_styles_carry_the_measured_un_geneva_layout():
    document = read(build(english_decision()))
    operative = document.styles["Reg_Single Txt_G"].paragraph_format
    assert operative.left_indent.twips == 1134 and operative.first_line_indent.twips == 0  # "1." at 2 cm
    assert [t.position.twips for t in operative.tab_stops] == [1701]                  # tab to 3 cm
    assert operative.right_indent.twips == 1134
    sub = document.styles["Reg_Single Txt_G2"].paragraph_format
    assert sub.left_indent.twips + sub.first_line_indent.twips == 1701                # "(a)" at 3 cm
    preamble = document.styles["Preambular Txt_G"].paragraph_format
    assert (preamble.left_indent.twips, preamble.first_line_indent.twips) == (1134, 567)
    footnote = document.styles["footnote text"]
    assert footnote.font.size.pt == 9
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 10 and normal.font.name == "Times New Roman"


def test_opening_words_are_italic_through_a_character_style_and_the_organ_comma_is_roman():
    document = read(build(english_decision()))
    assert document.styles["Opening Words_G"].font.italic is True
    organ = next(p for p in document.paragraphs if p.style.name == "Organ Line_G")
    assert [(r.text, r.style.name) for r in organ.runs] == [
        ("The Conference of the Parties", "Opening Words_G"), (",", "Default Paragraph Font")]
    operative = next(p for p in document.paragraphs if p.text.startswith("1.\tWelcomes"))
    italic = [r.text for r in operative.runs if r.style.name == "Opening Words_G"]
    assert italic == ["Welcomes"]
    assert all(r.font.italic is None for r in operative.runs)  # no direct formatting


def test_page_is_a4_with_the_measured_margins_and_a_different_first_page():
    document = read(build(english_decision()))
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert (section.top_margin.twips, section.left_margin.twips, section.right_margin.twips,
            section.bottom_margin.twips) == (1417, 1134, 1134, 1134)
    assert section.different_first_page_header_footer
    assert document.settings.odd_and_even_pages_header_footer
    assert section.header.paragraphs[0].text == "UNEP/MC/COP.5/12"
    assert section.even_page_header.paragraphs[0].text == "UNEP/MC/COP.5/12"
    assert section.first_page_header.paragraphs[0].text == ""
    footer_xml = etree.tostring(section.footer._element, encoding="unicode")
    assert "PAGE" in footer_xml


def test_masthead_holds_the_front_matter():
    data = build(english_decision())
    document = read(data)
    table = document.tables[0]
    cells = [c.text for row in table.rows for c in row.cells]
    assert cells[0] == "UNITED NATIONS" or cells[0] == "United Nations"
    assert cells[1] == "UNEP/MC/COP.5/12"
    assert "Distr.: General\n1 August 2023\n\nOriginal: English" in cells[3]
    assert "United Nations Environment Programme" in cells[2]  # UNEP family from the symbol
    texts = [p.text for p in document.paragraphs[:7]]
    assert texts == ["Conference of the Parties to the Minamata Convention on Mercury", "Fifth meeting",
                     "Geneva, 30 October–3 November 2023", "Item 4 (b) of the provisional agenda*",
                     "Matters for action by the Conference of the Parties: mercury waste",
                     "Mercury waste thresholds", "Note by the Secretariat"]
    heading = document.paragraphs[7]
    assert (heading.style.name, heading.text) == ("_ H _Ch_G", "\tI.\tIntroduction")


def test_ungeneva_family_puts_the_decision_number_and_title_on_two_lines():
    data = build(english_decision(symbol="FCCC/PA/CMA/2024/L.1"))
    paragraphs = body_paragraphs(data)
    titles = [t for s, t in paragraphs if s == "Decision Title_G"]
    assert titles == ["Draft decision MC-5/[--]", "Mercury waste thresholds"]
    cells = [c.text for row in read(data).tables[0].rows for c in row.cells]
    assert not any("Environment Programme" in c for c in cells)


# ------------------------------------------------------------------ footnotes


def _footnotes(data: bytes):
    root = part(data, "word/footnotes.xml")
    notes = {}
    for note in root.findall(q("w:footnote")):
        notes[note.get(q("w:id"))] = (note.get(q("w:type")), wtext(note))
    return notes


def test_footnotes_are_real_word_footnotes_in_reference_order():
    data = build(english_decision())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/footnotes.xml"' in types and "footnotes+xml" in types
    assert "relationships/footnotes" in rels
    notes = _footnotes(data)
    assert notes["-1"][0] == "separator" and notes["0"][0] == "continuationSeparator"
    document = part(data, "word/document.xml")
    refs = document.findall(".//w:footnoteReference", NS)
    order = [r.get(q("w:id")) for r in refs]
    texts = [notes[i][1] for i in order]
    # masthead "*", the note's footnote 1, then the annex's own 1 and 2 (Word restarts them)
    assert texts == ["*UNEP/MC/COP.5/1.", "UNEP/MC/COP.5/INF/3.", "UNEP/MC/COP.4/INF/14.", "See annex II."]
    custom = [(r.get(q("w:customMarkFollows")), wtext(r.getparent())) for r in refs]
    assert custom == [("1", "*"), (None, ""), (None, ""), (None, "")]
    # the numbered footnote of the note has Word's automatic number
    fid = order[1]
    note = part(data, "word/footnotes.xml").find(f".//w:footnote[@w:id='{fid}']", NS)
    assert note.find(".//w:footnoteRef", NS) is not None
    assert note.find(".//w:pStyle", NS).get(q("w:val")) == "FootnoteText"


def test_the_annex_is_a_section_of_its_own_restarting_footnotes():
    document = part(build(english_decision()), "word/document.xml")
    sections = document.findall(".//w:sectPr", NS)
    assert len(sections) == 2
    for sect in sections:
        assert sect.find("w:footnotePr/w:numRestart", NS).get(q("w:val")) == "eachSect"
    assert sections[0].find("w:titlePg", NS) is not None
    assert sections[1].find("w:titlePg", NS) is None
    assert sections[1].find("w:type", NS).get(q("w:val")) == "nextPage"


def test_a_missing_footnote_stays_visible():
    doc = english_decision()
    doc = Document(doc.meta, (Paragraph((Text("Text"), FootnoteRef("9")), label="1"),))
    assert body_paragraphs(build(doc))[-1][1] == "1.\tText[^9]"


# ------------------------------------------------------------------ brackets, notes, comments, changes


def _runs_with_shading(data: bytes):
    document = part(data, "word/document.xml")
    return [wtext(r) for r in document.iter(q("w:r")) if r.find("w:rPr/w:shd", NS) is not None]


def test_brackets_are_typed_and_shaded_only_on_request():
    plain = build(english_decision())
    assert _runs_with_shading(plain) == []
    shaded = _runs_with_shading(build(english_decision(), highlight_brackets=True))
    assert "".join(shaded) == "[compile][prepare][Decides to keep the matter under review]"


def test_nested_brackets_shade_deeper():
    doc = Document(Metadata(), (Paragraph((Bracket((Text("a "), Bracket((Text("b"),)))),)),))
    root = part(build(doc, highlight_brackets=True), "word/document.xml")
    fills = {wtext(r): r.find("w:rPr/w:shd", NS).get(q("w:fill"))
             for r in root.iter(q("w:r")) if r.find("w:rPr/w:shd", NS) is not None}
    assert fills["a "] != fills["b"]


def test_editorial_notes_are_italic_braces_roman():
    document = read(build(english_decision()))
    option = [p for p in document.paragraphs if p.style.name == "Option Label_G"][1]
    assert [(r.text, r.style.name) for r in option.runs] == [
        ("Option 2: ", "Default Paragraph Font"), ("{", "Default Paragraph Font"),
        ("No text required", "Editorial Note_G"), ("}", "Default Paragraph Font")]
    assert document.styles["Editorial Note_G"].font.italic is True


def test_drafting_comments_become_word_comments():
    data = build(english_decision())
    comments = part(data, "word/comments.xml")
    comment = comments.find("w:comment", NS)
    assert comment.get(q("w:author")) == "US"
    assert wtext(comment) == "Delete 'waste rock'"
    body = part(data, "word/document.xml")
    cid = comment.get(q("w:id"))
    ref = body.find(f".//w:commentReference[@w:id='{cid}']", NS)
    paragraph = ref.getparent().getparent()
    assert "".join(t.text for t in paragraph.iter(q("w:t"))) == "(ii)On waste rock;"


def test_insert_is_kept_and_delete_dropped_by_default_and_subclasses_can_mark_them():
    clause = Clause("operative", (em("Requests"), Text(" the "), Delete((Text("Executive Secretary"),)),
                                  Insert((Text("Secretariat"),)), Text(";")), label="1")
    doc = Document(Metadata(), (Decision("MC-5/1", (Text("T"),), (), (clause,)),))
    assert body_paragraphs(build(doc))[-1][1] == "1.\tRequests the Secretariat;"

    class Marking(DocumentBuilder):
        def render_delete(self, node, ctx):
            return self.inline_runs(node.children, RunContext(char_style=ctx.char_style, change="delete"))

        def make_rpr(self, ctx):
            rpr = super().make_rpr(ctx)
            if ctx.change == "delete":
                from clausewise.formats.docx._oxml import el, run_properties
                rpr = rpr if rpr is not None else run_properties(bold=False)
                rpr.append(el("w:strike"))
            return rpr

    builder = Marking(doc, DocxWriteOptions())
    paragraphs = builder.clause_paragraphs(clause)
    struck = [wtext(r) for r in paragraphs[0].iter(q("w:r")) if r.find("w:rPr/w:strike", NS) is not None]
    assert struck == ["Executive Secretary"]


# ------------------------------------------------------------------ languages


def _chinese() -> Document:
    decision = Decision(
        number="MC-4/[--]", kind="决定草案", title=(Text("国际合作与协调"),), organ=(Text("缔约方大会，"),),
        body=(Clause("preambular", (em("回顾"), Text("《水俣公约》第 23 条，"))),
              Clause("operative", (em("请"), Text("秘书处："),), label="1", subparagraphs=(
                  Subparagraph("a", (Text("收集知识；"),)),)),
              Clause("operative", (em("还请"), Text("秘书处报告。"), FootnoteRef("1")), label="2")),
        footnotes=(Footnote("1", (Text("UNEP/MC/COP.4/INF/14。"),)),))
    meta = Metadata(language="zh", symbol="UNEP/MC/COP.4/…", body=(Text("关于汞的水俣公约缔约方大会"),),
                    session=(Text("第四次会议"),), venue=(Text("2021年11月1日至5日，在线"), FootnoteRef("*")),
                    agenda_item=(Text("5"), FootnoteRef("**")), family="unep")
    return Document(meta, (Heading(1, (Text("一、 引言"),)), Paragraph((Text("本说明载有信息。"),), label="1"),
                           Heading(1, (Text("附件"),), role="annex"), decision),
                    footnotes=(Footnote("*", (Text("续会。"),)), Footnote("**", (Text("UNEP/MC/COP.4/1。"),))))


def test_chinese_uses_simsun_no_italics_and_full_width_text_as_typed():
    data = build(_chinese())
    document = read(data)
    root = part(data, "word/document.xml")
    body_runs = [r for r in root.find("w:body", NS).iter(q("w:r"))]
    assert body_runs and all(r.find("w:rPr/w:rFonts", NS).get(q("w:eastAsia")) == "SimSun" for r in body_runs)
    styles = part(data, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:rPr/w:rFonts", NS).get(q("w:eastAsia")) == "SimSun"
    assert document.styles["Opening Words_G"].font.italic is False
    texts = [p.text for p in document.paragraphs]
    assert "临时议程**项目5" in texts
    assert "\t一、\t引言" in texts
    assert "决定草案 MC-4/[--]: 国际合作与协调" in texts
    assert "缔约方大会，" in texts
    assert "1.\t请秘书处：" in texts and "(a)\t收集知识；" in texts
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells[0] == "联合国" and "联合国环境规划署" in cells[2]


def test_arabic_paragraphs_are_right_to_left_with_hyphen_numbers():
    decision = Decision("MC-5/[--]", (Text("التعاون الدولي"),), (Text("إن مؤتمر الأطراف،"),), (
        Clause("operative", (em("يطلب"), Text(" إلى الأمانة:")), label="7", subparagraphs=(
            Subparagraph("أ", (Text("أن تجمع المعارف؛"),)),)),))
    data = build(Document(Metadata(language="ar", symbol="UNEP/MC/COP.5/12", distribution="General"), (decision,)))
    root = part(data, "word/document.xml")
    paragraphs = root.find("w:body", NS).findall("w:p", NS)
    assert paragraphs and all(p.find("w:pPr/w:bidi", NS) is not None for p in paragraphs)
    runs = list(root.find("w:body", NS).iter(q("w:r")))
    rtl = {wtext(r): r.find("w:rPr/w:rtl", NS) is not None for r in runs}
    # Arabic text, numbers and punctuation run right to left; Latin-only text (the symbol,
    # "Distr.: General") keeps its own direction
    assert rtl["التعاون الدولي"] and rtl["7-"] and rtl["(أ)"] and rtl[" إلى الأمانة:"]
    assert not rtl["/MC/COP.5/12"] and not rtl["Distr.: General"]
    styles = part(data, "word/styles.xml")
    title = styles.find("w:style[@w:styleId='DecisionTitleG']/w:rPr", NS)
    assert title.find("w:szCs", NS).get(q("w:val")) == "28" and title.find("w:bCs", NS) is not None
    texts = [p.text for p in read(data).paragraphs]
    assert "7-\tيطلب إلى الأمانة:" in texts and "(أ)\tأن تجمع المعارف؛" in texts


@pytest.mark.parametrize("language", ["fr", "es"])
def test_french_and_spanish_subparagraphs_are_a_parenthesis(language):
    decision = Decision("MC-5/[--]", (Text("Coopération"),), (Text("La Conférence des Parties,"),), (
        Clause("operative", (em("Prie"), Text(" le Secrétariat :")), label="1", subparagraphs=(
            Subparagraph("a", (Text("De recueillir ;"),), subparagraphs=(Subparagraph("i", (Text("x ;"),)),)),)),))
    texts = [p.text for p in read(build(Document(Metadata(language=language), (decision,)))).paragraphs]
    assert "a)\tDe recueillir ;" in texts and "i)\tx ;" in texts


# ------------------------------------------------------------------ reference documents and errors


def test_a_reference_doc_overrides_styles_by_name(tmp_path):
    reference = docx.Document()
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt
    style = reference.styles.add_style("Reg_Single Txt_G", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(14)
    style.font.name = "Arial"
    path = tmp_path / "house.docx"
    reference.save(path)
    document = read(build(english_decision(), reference_doc=str(path)))
    assert document.styles["Reg_Single Txt_G"].font.size.pt == 14
    assert document.styles["Reg_Single Txt_G"].font.name == "Arial"
    operative = [p for p in document.paragraphs if p.text.startswith("1.\tWelcomes")]
    assert operative and operative[0].style.name == "Reg_Single Txt_G"
    # styles the reference lacks are still ours
    assert document.styles["Preambular Txt_G"].paragraph_format.first_line_indent.twips == 567


def test_a_reference_doc_that_is_not_a_docx_is_refused(tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_text("just text", encoding="utf-8")
    with pytest.raises(InputError, match="not a Word"):
        build(english_decision(), reference_doc=str(bad))
    with pytest.raises(InputError, match="not found"):
        build(english_decision(), reference_doc=str(tmp_path / "missing.docx"))


def test_an_unknown_family_is_refused():
    with pytest.raises(InputError, match="unknown document family"):
        build(english_decision(family="nairobi"))


# ------------------------------------------------------------------ the seed


def _expected_seed_text(raw: str) -> str:
    """The seed's text without Markdown markup, footnote texts moved to the end (as Word keeps them)."""
    lines = raw.splitlines()
    body, notes = [], []
    for line in lines:
        line = line.strip()
        if not line or line == "---":
            continue
        note = re.match(r"^(?:<sup>(\d+)</sup>|(\\\*\\\*|\\\*))\s*(.*)$", line)
        if note:
            notes.append([note.group(3)])
            continue
        if notes and notes[-1] and re.match(r"^\[www", line):  # a footnote's wrapped second line
            notes[-1].append(line)
            continue
        body.append(line)
    # the annex's own footnotes are its last two notes; the narrative ones come first in Word's part
    text = " ".join(body + [" ".join(n) for n in notes])
    text = re.sub(r"<sup>\d+</sup>", "", text)
    text = re.sub(r"\[([^\]]+)\]\((?:https?://)?[^)]+\)", r"\1", text)  # [label](url)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("\\*", "").replace("**", "")
    text = re.sub(r"#+\s*", "", text)
    return text


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _docx_text(data: bytes) -> str:
    """Body paragraphs (tables included, in order), then footnotes, as python-docx reads them."""
    document = read(data)
    parts = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            parts.extend(c.text for row in block.rows for c in row.cells)
        else:
            parts.append(block.text)
    root = part(data, "word/footnotes.xml")
    for note in root.findall(q("w:footnote")):
        if note.get(q("w:type")) is None:
            parts.append("".join(t.text or "" for t in note.iter(q("w:t"))))
    return " ".join(parts)


def test_the_seed_document_is_reproduced_at_99_percent():
    from rapidfuzz.fuzz import ratio

    raw = seed_text()
    draft = DRAFTS / "mc-4-international-cooperation" / "pre-session-document.md"
    if not draft.exists():
        pytest.skip("the seed draft is not available")
    try:
        from clausewise.formats import load
        doc = load(draft)
    except ImportError as exc:  # the draft reader is developed in parallel
        pytest.skip(f"draft reader not available: {exc}")
    data = build(doc)
    got = _normalise(_docx_text(data))
    expected = _normalise(_expected_seed_text(raw))
    # drop the masthead lines the seed lacks (its conversion lost them): United Nations, symbol,
    # Distr./Original — they are ours, not the seed's text
    similarity = ratio(got, expected) / 100
    assert similarity >= 0.99, f"similarity {similarity:.4f}"
    assert len(read(data).paragraphs) > 50
    # footnotes in reference order: the masthead's * and **, the note's 1-4, the annex's own 1 and 2
    notes = _footnotes(data)
    order = [r.get(q("w:id")) for r in part(data, "word/document.xml").iter(q("w:footnoteReference"))]
    texts = [notes[i][1] for i in order]
    assert [t[:2] for t in texts] == ["*关", "**", "如需", "“巴", "UN", "有关", "UN", "UN"]
    assert texts[-2:] == ["UNEP/MC/COP.4/INF/14。", "UNEP/MC/COP.4/INF/13。"]


def test_templates_are_packaged_with_our_styles():
    from clausewise.formats.docx.writer import FAMILIES, template_path

    for family in FAMILIES:
        path = template_path(family)
        assert path is not None, family
        names = {s.name for s in docx.Document(str(path)).styles}
        assert {"Reg_Single Txt_G", "Preambular Txt_G", "Organ Line_G", "_ H _Ch_G", "footnote text"} <= names


def test_masthead_dates_follow_the_language():
    from clausewise.formats.docx.masthead import format_date

    assert [format_date("2023-08-01", code) for code in ("en", "fr", "es", "ru", "zh")] == [
        "1 August 2023", "1er août 2023", "1 de agosto de 2023", "1 August 2023", "1 August 2023"]
    assert format_date("7 January 2020", "fr") == "7 January 2020"  # as printed: kept


# ------------------------------------------------------------------ read(write(d)) == d


def _draft_files():
    from tests.conftest import FIXTURES

    return sorted(DRAFTS.glob("*/*.md")) + sorted((FIXTURES / "draft").glob("*.md")) + sorted(
        (FIXTURES / "docx").glob("*.md"))


def _reader_restores_agenda_items() -> bool:
    """True once the DOCX reader reads the "clausewise:agenda_item" property the writer records."""
    from pathlib import Path

    import clausewise.formats.docx.reader as reader_module

    return "clausewise:agenda_item" in Path(reader_module.__file__).read_text(encoding="utf-8")


#: drafts whose agenda line only reads back once the reader honours "clausewise:agenda_item"
_AGENDA_AS_WRITTEN = {"zh_document.md", "english-decision.md"}


@pytest.mark.parametrize("path", _draft_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_draft_reads_back_from_its_word_file_as_the_same_model(path, request):
    from clausewise import formats
    from clausewise.formats.docx import read as read_docx

    if path.name in _AGENDA_AS_WRITTEN and not _reader_restores_agenda_items():
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "agenda line: the writer records the bare item in 'clausewise:agenda_item' ('' = printed as "
            "written); reader.py's agenda_item() does not read it yet and reduces/keeps the printed line")))
    doc = formats.load(str(path))
    assert read_docx(build(doc)) == doc


def _custom_properties(data: bytes) -> dict:
    root = part(data, "docProps/custom.xml")
    return {p.get("name"): "".join(p[0].itertext()) for p in root}


def test_values_the_page_cannot_tell_apart_are_recorded_as_custom_properties():
    import json

    implicit = english_decision(family=None, agenda_item=(Text("4 (c)"),))
    implicit = replace_decision_kind(implicit, None)
    props = _custom_properties(build(implicit))
    assert props["clausewise:family"] == ""            # unset, though the page uses the UNEP layout
    assert json.loads(props["clausewise:kinds"]) == [None]   # headed "Draft decision" all the same
    assert props["clausewise:agenda_item"] == "4 (c)"  # printed "Item 4 (c) of the provisional agenda"
    assert "Item 4 (c) of the provisional agenda" in [p.text for p in read(build(implicit)).paragraphs]
    explicit = english_decision(family="unep", agenda_item=(Text("Item 4 (c) of the provisional agenda"),))
    props = _custom_properties(build(explicit))
    assert props["clausewise:family"] == "unep"
    assert json.loads(props["clausewise:kinds"]) == ["Draft decision"]
    assert props["clausewise:agenda_item"] == ""        # printed as written
    assert "family" not in read(build(implicit)).core_properties.comments


def replace_decision_kind(doc: Document, kind):
    from dataclasses import replace as dc_replace

    return dc_replace(doc, blocks=tuple(dc_replace(b, kind=kind) if isinstance(b, Decision) else b
                                        for b in doc.blocks))


# ------------------------------------------------------------------ negotiation rounds


def test_a_bracketed_round_carries_draft_text_and_its_version_atop_the_first_page_only():
    document = read(build(english_decision(round="r2")))   # the decision holds [compile][prepare]
    section = document.sections[0]
    first = section.first_page_header.paragraphs[0]
    assert (first.style.name, first.text) == ("Draft Header_G", "DRAFT TEXT — Version r2")
    assert section.header.paragraphs[0].text == "UNEP/MC/COP.5/12"   # later pages: the symbol
    stamped = read(build(english_decision(round="Version 14/11/2024 13:00")))
    assert stamped.sections[0].first_page_header.paragraphs[0].text == "DRAFT TEXT — Version 14/11/2024 13:00"


def test_no_draft_header_without_a_round_or_for_an_unbracketed_general_text():
    from dataclasses import replace as dc_replace

    assert read(build(english_decision())).sections[0].first_page_header.paragraphs[0].text == ""
    doc = english_decision(round="r3")
    clean = dc_replace(doc, blocks=tuple(
        dc_replace(b, body=tuple(c for c in b.body if isinstance(c, Clause) and "Bracket(" not in repr(c)))
        if isinstance(b, Decision) else b for b in doc.blocks))
    assert read(build(clean)).sections[0].first_page_header.paragraphs[0].text == ""
    limited = dc_replace(clean, meta=dc_replace(clean.meta, distribution="Limited"))
    assert read(build(limited)).sections[0].first_page_header.paragraphs[0].text == "DRAFT TEXT — Version r3"


def test_the_chinese_draft_header_is_in_chinese():
    from dataclasses import replace as dc_replace

    doc = _chinese()
    doc = dc_replace(doc, meta=dc_replace(doc.meta, round="r2", distribution="Limited"))
    assert read(build(doc)).sections[0].first_page_header.paragraphs[0].text == "案文草案 — 版本 r2"


def test_the_masthead_column_shows_distribution_date_and_original_in_the_language():
    doc = english_decision(language="fr", distribution="Limited", date="2023-11-02", original_language="anglais")
    cells = [c.text for row in read(build(doc)).tables[0].rows for c in row.cells]
    assert "Distr. : Limitée\n2 novembre 2023\n\nOriginal : anglais" in cells[3]
    bare = english_decision(distribution=None, date=None, original_language=None)
    cells = [c.text for row in read(build(bare)).tables[0].rows for c in row.cells]
    assert cells[3] == ""   # nothing invented when the front matter says nothing


def test_a_un_geneva_masthead_without_distribution_has_no_empty_second_row():
    bare = english_decision(symbol="FCCC/PA/CMA/2024/L.1", distribution=None, date=None, original_language=None)
    rows = read(build(bare)).tables[0].rows
    assert [[c.text for c in r.cells] for r in rows] == [["United Nations", "FCCC/PA/CMA/2024/L.1"]]
    full = read(build(english_decision(symbol="FCCC/PA/CMA/2024/L.1"))).tables[0].rows
    assert len(full) == 2 and "Distr.: General" in full[1].cells[1].text
