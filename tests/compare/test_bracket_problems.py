"""bracket_problems: the body and each footnote keep their own bracket stack (as check does)."""

from __future__ import annotations

from clausewise.compare.brackets import bracket_problems
from clausewise.model import (
    OPERATIVE, Bracket, Clause, Decision, Document, Footnote, Metadata, Source, Text,
)
from tests.conftest import corpus_file

R1 = ("unfccc-cma6-article6.2-cooperative-approaches", "r1_SBSTA61-item13a_draft-decision_1st-iteration_2024-11-14.docx")


def _doc(body, footnotes=()) -> Document:
    return Document(Metadata(language="en"), (Decision("1/CMA.1", (Text("T"),), (), tuple(body), tuple(footnotes)),))


def test_a_stray_close_in_a_footnote_does_not_hide_an_unclosed_bracket_in_the_body():
    opened = Source("d.md", 5, 7)
    body = [Clause(OPERATIVE, (Text("Decides "), Bracket((Text("to act"),), closes=False, source=opened)), "1")]
    note = Footnote("1", (Text("See the report "), Bracket((Text(" of 2019"),), opens=False, source=Source("d.md", 9, 3))))
    problems = bracket_problems(_doc(body, [note]))
    assert sorted((p.code, p.where) for p in problems) == [
        ("stray_close", "footnote 1"), ("unclosed", "operative paragraph 1")]
    assert next(p for p in problems if p.code == "unclosed").source == opened


def test_a_bracket_left_open_in_a_footnote_is_reported_there_and_not_closed_by_the_body():
    body = [Clause(OPERATIVE, (Text("Decides"), Bracket((Text("x"),), opens=False), Text(";")), "1")]
    note = Footnote("2", (Bracket((Text("open"),), closes=False),))
    problems = bracket_problems(_doc(body, [note]))
    assert sorted((p.code, p.where) for p in problems) == [
        ("stray_close", "operative paragraph 1"), ("unclosed", "footnote 2")]


def test_article_6_2_r1_unbalanced_brackets_at_the_paragraphs_a_raw_count_finds():
    from clausewise.formats.docx import read

    doc = read(corpus_file(*R1))
    problems = bracket_problems(doc)
    body = [p for p in problems if not (p.where or "").startswith("footnote")]
    # written from tests/formats/test_docx_reader.py: a plain stack over the raw body paragraphs
    assert sorted(p.source.paragraph for p in body if p.code == "unclosed") == [199, 237, 323, 526, 875]
    assert [p.source.paragraph for p in body if p.code == "stray_close"] == [155, 155]
