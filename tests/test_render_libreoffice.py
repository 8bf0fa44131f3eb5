"""Built Word files looked at as a user would: converted by LibreOffice to PDF, read with pdftotext.

One LibreOffice run converts both documents (a module-scoped fixture); the tests skip where
``soffice`` is missing. The page images for the README come from the same conversion
(``pdftoppm``; see docs/build.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from clausewise.formats import load
from clausewise.formats.docx import DocxWriteOptions, write
from clausewise.pdf import SofficeMissing, convert_many, to_pdf
from tests.conftest import DRAFTS, FIXTURES, requires_soffice

SEED_DRAFT = DRAFTS / "mc-4-international-cooperation" / "pre-session-document.md"
ENGLISH = FIXTURES / "docx" / "english-decision.md"

pytestmark = pytest.mark.libreoffice


def _pdftotext(path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The seed and the English fixture built to DOCX and converted to PDF in one LibreOffice run."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftotext, pdfinfo) not installed")
    if not SEED_DRAFT.exists():
        pytest.skip("the seed draft is not available")
    out = tmp_path_factory.mktemp("render")
    pairs = []
    for name, draft in (("seed", SEED_DRAFT), ("english", ENGLISH)):
        docx_path = out / f"{name}.docx"
        docx_path.write_bytes(write(load(draft), DocxWriteOptions()))
        pairs.append((docx_path, out / f"{name}.pdf"))
    convert_many(pairs)
    return {"seed": pairs[0][1], "english": pairs[1][1], "dir": out}


@requires_soffice
def test_the_seed_converts_with_masthead_chapters_and_annex(pdfs):
    pdf = pdfs["seed"]
    assert 5 <= _pages(pdf) <= 9  # the published seed runs to 7 pages
    text = _squeeze(_pdftotext(pdf))
    for expected in ["联合国", "UNEP/MC/COP.4/", "联合国环境规划署", "关于汞的水俣公约缔约方大会", "第四次会议",
                     "临时议程**项目5", "秘书处的说明", "二、", "三、", "J.", "其他合作、协调和信息交流",
                     "建议采取的行动", "缔约方大会不妨审议本说明所载信息", "附件", "决定草案MC-4/[--]:国际合作与协调",
                     "缔约方大会，", "还请秘书处酌情向缔约方大会今后的会议报告本决定的执行情况。",
                     "UNEP/MC/COP.4/INF/14。"]:
        assert _squeeze(expected) in text, expected
    # paragraphs keep their typed numbers on their first line
    layout = _squeeze(_pdftotext(pdf, "-layout"))
    assert "38.缔约方大会不妨审议本说明所载信息" in layout and "1.本说明载有" in layout
    assert "7.还请秘书处酌情向缔约方大会今后的会议报告本决定的执行情况。" in layout
    # the first page holds the masthead and the start of chapter 一, not the annex
    first = _squeeze(_pdftotext(pdf, "-f", "1", "-l", "1"))
    assert "UNEP/MC/COP.4/" in first and "一、引言" in first and "决定草案" not in first
    # the annex starts a page of its own and its footnotes restart at 1
    last = _squeeze(_pdftotext(pdf, "-f", str(_pages(pdf)), "-l", str(_pages(pdf))))
    assert last.startswith("UNEP/MC/COP.4/") and "附件" in last
    assert "研究报告1，" in last or "研究报告1," in last


@requires_soffice
def test_the_english_decision_converts_on_one_page_with_its_layout(pdfs):
    pdf = pdfs["english"]
    assert _pages(pdf) == 1
    layout = _pdftotext(pdf, "-layout")
    lines = [line.rstrip() for line in layout.splitlines() if line.strip()]
    joined = "\n".join(lines)
    for expected in ["UNITED NATIONS", "UNEP/MC/COP.5/L.4", "Distr.: Limited", "2 November 2023", "Original: English",
                     "Item 4 (c) of the provisional agenda", "Draft decision MC-5/[--]: Mercury waste thresholds",
                     "The Conference of the Parties,", "[1 mg/kg][15 mg/kg]", "Option 2: {No text required}"]:
        assert expected in joined, expected
    # typed numbers and labels stand at the start of their lines: "1." at 2 cm, "(a)" at 3 cm
    starts = {line.strip().split()[0] for line in lines}
    assert {"1.", "2.", "3.", "4.", "5.", "(a)", "(b)", "(i)", "(ii)"} <= starts
    indent = {line.strip().split()[0]: len(line) - len(line.lstrip()) for line in lines}
    assert indent["(a)"] > indent["1."]       # subparagraphs stand further in than numbers
    assert indent["1."] > indent["UNITED"]    # operative numbers at 2 cm, the masthead at the margin


@requires_soffice
def test_page_images_render(pdfs):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    prefix = pdfs["dir"] / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(pdfs["seed"]), str(prefix)], check=True)
    images = list(pdfs["dir"].glob("page*.png"))
    assert len(images) == 1 and images[0].stat().st_size > 5000


def test_a_missing_libreoffice_gives_a_clear_message(tmp_path, monkeypatch):
    source = tmp_path / "x.docx"
    source.write_bytes(write(load(ENGLISH), DocxWriteOptions()))
    monkeypatch.setenv("CLAUSEWISE_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(SofficeMissing, match="LibreOffice"):
        to_pdf(source, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_the_libreoffice_copy_types_marks_where_word_would_differ():
    import io
    import zipfile

    from lxml import etree

    from clausewise.pdf import prepare_for_libreoffice

    if not SEED_DRAFT.exists():
        pytest.skip("the seed draft is not available")
    data = write(load(SEED_DRAFT), DocxWriteOptions())
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def parts(blob):
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            return (etree.fromstring(archive.read("word/document.xml")),
                    etree.fromstring(archive.read("word/footnotes.xml")))

    def first_runs(notes):
        out = []
        for note in notes.iter(f"{w}footnote"):
            if note.get(f"{w}type"):
                continue
            paragraph = note.find(f"{w}p")
            if paragraph.find(f".//{w}footnoteRef") is not None:
                out.append("ref")
                continue
            run = paragraph.find(f"{w}r")
            out.append("".join(t.text or "" for t in run.iter(f"{w}t")) or "tab")
        return out

    def marks(document):
        return [(r.get(f"{w}customMarkFollows"), "".join(t.text or "" for t in r.getparent().iter(f"{w}t")))
                for r in document.iter(f"{w}footnoteReference")]

    word_doc, word_notes = parts(data)
    libre_doc, libre_notes = parts(prepare_for_libreoffice(data))
    # the Word file: typed masthead marks, automatic numbers elsewhere (restarting in the annex)
    assert first_runs(word_notes) == ["*", "**", "ref", "ref", "ref", "ref", "ref", "ref"]
    assert marks(word_doc) == [("1", "*"), ("1", "**")] + [(None, "")] * 6
    # the LibreOffice copy: marks left to LibreOffice, the annex numbered 1 and 2 as marks
    assert first_runs(libre_notes) == ["tab", "tab", "ref", "ref", "ref", "ref", "tab", "tab"]
    assert marks(libre_doc) == [("1", "*"), ("1", "**")] + [(None, "")] * 4 + [("1", "1"), ("1", "2")]


def test_a_file_that_is_not_a_docx_is_refused_before_libreoffice_runs(tmp_path):
    from clausewise.errors import InputError

    source = tmp_path / "notes.docx"
    source.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError):
        to_pdf(source, tmp_path / "notes.pdf")
    assert not (tmp_path / "notes.pdf").exists()


def _part(blob: bytes, name: str):
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return etree.fromstring(archive.read(name))


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_libreoffice_copy_keeps_latin_runs_left_to_right_in_arabic():
    from dataclasses import replace

    from clausewise.pdf import prepare_for_libreoffice

    doc = load(FIXTURES / "draft" / "ar_decision.md")
    doc = replace(doc, meta=replace(doc.meta, symbol="UNEP/MC/COP.4/…", distribution="Limited"))
    data = write(doc, DocxWriteOptions())

    def run_texts(blob, name="word/document.xml"):
        return ["".join(t.text or "" for t in r.iter(f"{W_NS}t")) for r in _part(blob, name).iter(f"{W_NS}r")]

    word, libre = run_texts(data), run_texts(prepare_for_libreoffice(data))
    assert "MC-4/[--]" in word and "\u200eMC-4/[--]\u200e" in libre   # the number, a run of its own
    assert "مشروع مقرر " in libre                                      # Arabic runs untouched
    assert "Distr.: Limited" in libre                                  # a left-to-right paragraph: as it was
    assert not any("\u200e" in t for t in word)                        # the Word file carries no marks
    assert "\u200eUNEP/MC/COP.4/…\u200e" in run_texts(prepare_for_libreoffice(data), "word/header1.xml") + \
        run_texts(prepare_for_libreoffice(data), "word/header2.xml")
    english = write(load(ENGLISH), DocxWriteOptions())
    assert not any("\u200e" in t for t in run_texts(prepare_for_libreoffice(english)))


def test_the_libreoffice_copy_starts_footnote_numbers_next_to_the_text():
    from clausewise.pdf import NOTE_NUMBER_START, NOTE_TEXT_INDENT, prepare_for_libreoffice

    notes = _part(prepare_for_libreoffice(write(load(ENGLISH), DocxWriteOptions())), "word/footnotes.xml")
    indents = [(int(i.get(f"{W_NS}left")), int(i.get(f"{W_NS}hanging")))
               for n in notes.iter(f"{W_NS}footnote") if not n.get(f"{W_NS}type")
               for i in [n.find(f"{W_NS}p/{W_NS}pPr/{W_NS}ind")]]
    assert indents and set(indents) == {(NOTE_TEXT_INDENT, NOTE_TEXT_INDENT - NOTE_NUMBER_START)}
    assert 0 < NOTE_NUMBER_START < 1021 < NOTE_TEXT_INDENT   # between the margin and Word's number tab


def test_the_libreoffice_copy_makes_the_annex_a_new_page_of_one_section():
    """LibreOffice draws no footnote separator in a later section: the copy keeps one section."""
    from clausewise.pdf import prepare_for_libreoffice

    if not SEED_DRAFT.exists():
        pytest.skip("the seed draft is not available")
    data = write(load(SEED_DRAFT), DocxWriteOptions())
    word, libre = _part(data, "word/document.xml"), _part(prepare_for_libreoffice(data), "word/document.xml")
    assert len(list(word.iter(f"{W_NS}sectPr"))) == 2                  # Word: the annex is a section
    sections = list(libre.iter(f"{W_NS}sectPr"))
    assert len(sections) == 1 and sections[0].find(f"{W_NS}titlePg") is not None
    breaks = [p for p in libre.iter(f"{W_NS}p") if p.find(f"{W_NS}pPr/{W_NS}pageBreakBefore") is not None]
    assert ["".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in breaks] == ["附件"]
