"""The independent accept/reject reader that checks redlines, on hand-written WordprocessingML."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from clausewise.formats.docx.revision_view import read_view

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REV = 'w:author="a" w:date="2026-01-01T00:00:00Z"'

NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:suff w:val="tab"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>
<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>
<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""


def package(body: str, numbering: bool = False) -> bytes:
    """A DOCX whose body is ``body`` (python-docx's default package, body replaced)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = (f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>').encode()
            if item.filename == "word/numbering.xml" and numbering:
                data = NUMBERING.encode()
            z.writestr(item, data)
    return out.getvalue()


def p(content: str, mark: str = "", ppr: str = "") -> str:
    rpr = f"<w:rPr><w:{mark} w:id=\"9\" {REV}/></w:rPr>" if mark else ""
    return f"<w:p><w:pPr>{ppr}{rpr}</w:pPr>{content}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str) -> str:
    return f'<w:ins w:id="1" {REV}>{r(text)}</w:ins>'


def dele(text: str) -> str:
    return f'<w:del w:id="2" {REV}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def test_inline_insertions_and_deletions():
    data = package(p(r("To ") + dele("prepare") + ins("compile") + r(" a report;")))
    assert read_view(data, "accept").body == ("To compile a report;",)
    assert read_view(data, "reject").body == ("To prepare a report;",)
    assert read_view(data, "markup").body == ("To preparecompile a report;",)


def test_inserted_and_deleted_paragraph_marks_join_paragraphs():
    body = p(r("Kept.")) + p(ins("Added."), "ins") + p(dele("Dropped."), "del") + p(r("End."))
    data = package(body)
    assert read_view(data, "accept").body == ("Kept.", "Added.", "End.")
    assert read_view(data, "reject").body == ("Kept.", "Dropped.", "End.")


def test_split_by_an_inserted_mark_and_merge_by_a_deleted_one():
    data = package(p(r("One") + ins("."), "ins") + p(r("two.")))
    assert read_view(data, "accept").body == ("One.", "two.")
    assert read_view(data, "reject").body == ("Onetwo.",)


def test_moves():
    body = (p(f'<w:moveFrom w:id="3" {REV}>{r("Moved.")}</w:moveFrom>', "moveFrom") + p(r("Stays."))
            + p(f'<w:moveTo w:id="4" {REV}>{r("Moved")}</w:moveTo>' + ins(" here") + f'<w:moveTo w:id="5" {REV}>{r(".")}</w:moveTo>', "moveTo"))
    data = package(body)
    assert read_view(data, "accept").body == ("Stays.", "Moved here.")
    assert read_view(data, "reject").body == ("Moved.", "Stays.")


@pytest.mark.parametrize("view,expected", [("accept", ("1.\tA", "2.\tC")), ("reject", ("1.\tA", "2.\tB", "3.\tC"))])
def test_list_numbers_count_only_paragraphs_of_the_view(view, expected):
    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'
    body = p(r("A"), ppr=num) + p(dele("B"), "del", ppr=num) + p(r("C"), ppr=num)
    assert read_view(package(body, numbering=True), view).body == expected


def test_paragraph_property_change_restores_the_old_numbering_on_reject():
    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'
    change = f'<w:pPrChange w:id="6" {REV}><w:pPr/></w:pPrChange>'
    body = p(r("A"), ppr=num) + f"<w:p><w:pPr>{num}{change}</w:pPr>{r('B')}</w:p>"
    data = package(body, numbering=True)
    assert read_view(data, "accept").body == ("1.\tA", "2.\tB")
    assert read_view(data, "reject").body == ("1.\tA", "B")
