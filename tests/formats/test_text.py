"""The plain-text reader of UN exports (PDF text, Word text) and the clean-text writer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from clausewise.errors import InputError
from clausewise.formats import text as text_format
from clausewise.model import (
    Bracket, Clause, Decision, Document, Emph, Footnote, FootnoteRef, Heading, Metadata, OptionLabel,
    Subparagraph, Text, plain_text,
)
from tests import strategies
from tests.conftest import CORPUS

PDF_TEXT = (
    "AD HOC WORKING GROUP ON THE  \nDURBAN PLATFORM FOR ENHANCED ACTION \nADP.2015.8.InformalNote \n"
    "Page 10 of 20 \n \nB.  DRAFT DECISION \n[ The Conference of the Parties, \n"
    "Pp1 Recalling decision 1/CP.17 on the establishment of the Ad Hoc Working Group on the Durban Platform for \n"
    "Enhanced Action, \n"
    "Pp2 Also recalling decisions 2/CP.18, 1/CP.19, and 1/CP.20, \n"
    "I. ADOPTION OF THE [PARIS AGREEMENT] \n"
    "1. Decides to adopt the Agreement  under the Convention as contained in the annex to this \n"
    "decision; \n"
    "2. Requests the Secretary-General to open it for signature from [21 March 2016] to [20 March 2017]; \n"
    "3. Invites the Secretary-General to convene a ceremony;1 \n"
    "                                                           \n"
    "1 A footnote on the ceremony.  \fAD HOC WORKING GROUP ON THE  \n"
    "DURBAN PLATFORM FOR ENHANCED ACTION \nADP.2015.8.InformalNote \nPage 11 of 20 \n"
    "4. Decides that: \n"
    "(a) Parties [shall][should] report; \n"
    "(b) The secretariat shall publish the \n"
    "reports; \n"
    "Option 1: [Requests the SBI to clarify the information;] \n"
    "Option 2: No text \n"
    "5. Also requests the IPC to report regularly to the COP on the progress of its work.] \fAD HOC WORKING GROUP ON THE  \n"
    "DURBAN PLATFORM FOR ENHANCED ACTION \nADP.2015.8.InformalNote \nPage 12 of 20 \n"
    "II. ANOTHER CHAPTER \n"
)


def test_pdf_text_headers_wrapping_labels_and_footnotes():
    doc = text_format.read(PDF_TEXT, "r1_2015-10-05_note.txt")
    (decision,) = doc.decisions
    assert plain_text(decision.organ) == "[The Conference of the Parties,"
    pre = decision.preambular
    assert [plain_text(c.content, brackets=False) for c in pre] == [
        "Recalling decision 1/CP.17 on the establishment of the Ad Hoc Working Group on the Durban Platform "
        "for Enhanced Action,",
        "Also recalling decisions 2/CP.18, 1/CP.19, and 1/CP.20,"]
    assert isinstance(pre[0].content[0], Bracket) and not pre[0].content[0].opens  # carried outer bracket
    ops = decision.operative
    assert [c.label for c in ops if c.label] == ["1", "2", "3", "4", "5"]
    assert plain_text(ops[0].content, brackets=False) == (
        "Decides to adopt the Agreement under the Convention as contained in the annex to this decision;")
    assert [s.label for s in ops[3].subparagraphs] == ["a", "b"]
    assert plain_text(ops[3].subparagraphs[1].content, brackets=False) == "The secretariat shall publish the reports;"
    labels = [b for b in decision.body if isinstance(b, OptionLabel)]
    assert [o.label for o in labels] == ["Option 1", "Option 2"]
    assert plain_text(labels[1].content) == "No text"
    heading_texts = [plain_text(b.content) for b in decision.body if isinstance(b, Heading)]
    assert heading_texts == ["I. ADOPTION OF THE [PARIS AGREEMENT]", "II. ANOTHER CHAPTER"]
    # no running header survives anywhere
    everything = text_format.write(doc)
    assert "AD HOC" not in everything and "Page 1" not in everything and "InformalNote" not in everything
    # the glued footnote digit became a reference to the page's footnote
    assert any(isinstance(n, FootnoteRef) and n.key == "1" for n in _walk(ops[2].content))
    assert [(f.key, plain_text(f.content)) for f in doc.footnotes] == [("1", "A footnote on the ceremony.")]
    assert (doc.meta.round, doc.meta.date) == ("r1", "2015-10-05")


WORD_TEXT = (
    "Draft decision -/CMA.6\n"
    "Matters relating to cooperative approaches\n"
    "The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement, \n"
    "Recalling decision 2/CMA.3 and its annex,\n"
    "\tAlso recalling decision 6/CMA.4 and its annexes, \n"
    "I.\tScope and definition\n"
    "Option 1\n"
    "1.\tDecides that a cooperative approach is voluntary;\n"
    "Option 2\n"
    "2.\tRecalls Article 6 that a cooperative approach is:\n"
    "(a)\tThe voluntary participation of Parties;\n"
    "(h)\tEighth;\n"
    "(i)\tNinth, a letter after (h);\n"
    "(j)\t[In the case of reversals, a description of:\n"
    "(i)\tThe measures applied;\n"
    "(ii)\tHow reversals are monitored;]\n"
    "3.\t[[Decides][Clarifies] that x¹ shall apply;\n"
    "Option 3: {No text required}\n"
    "\n"
    "---- footnotes.xml ----\n"
    "¹ Decision 2/CMA.3, paras. 14–15.\n"
)


def test_word_text_tabs_options_roman_and_letter_i_and_notes_section():
    doc = text_format.read(WORD_TEXT)
    (decision,) = doc.decisions
    assert (decision.number, decision.kind) == ("-/CMA.6", "Draft decision")
    assert plain_text(decision.title) == "Matters relating to cooperative approaches"
    assert len(decision.preambular) == 2
    assert isinstance(decision.preambular[0].content[0], Emph)
    kinds = [type(b).__name__ for b in decision.body]
    assert kinds == ["Clause", "Clause", "Heading", "OptionLabel", "Clause", "OptionLabel", "Clause", "Clause",
                     "OptionLabel"]
    second = decision.operative[1]
    assert [s.label for s in second.subparagraphs] == ["a", "h", "i", "j"]
    assert [s.label for s in second.subparagraphs[3].subparagraphs] == ["i", "ii"]
    assert plain_text(decision.body[-1].content) == "{No text required}"
    third = decision.operative[2]
    assert plain_text(third.content) == "[[Decides][Clarifies] that x shall apply;"
    assert any(isinstance(n, FootnoteRef) and n.key == "1" for n in _walk(third.content))
    assert [f.key for f in doc.footnotes] == ["1"]


def _walk(inlines):
    for node in inlines:
        yield node
        yield from _walk(getattr(node, "children", ()) or ())


def test_bracket_crossing_clauses_and_stray_close():
    doc = text_format.read("The General Assembly,\n1.\t[Decides that x;\n2.\ty;]\n3.\tz];\n")
    first, second, third = doc.decisions[0].operative
    assert first.content[-1] == Bracket((Text("Decides that x;"),), True, False)
    assert second.content == (Bracket((Text("y;"),), False, True),)
    assert third.content == (Bracket((Text("z"),), False, True), Text(";"))


def test_chinese_text_is_read_as_chinese():
    doc = text_format.read("缔约方大会，\n回顾其第1/CP.17号决定，\n1. 请秘书处[编写]报告；\n")
    assert doc.meta.language == "zh"
    (decision,) = doc.decisions
    assert len(decision.preambular) == 1 and decision.operative[0].label == "1"


def test_write_then_read_keeps_clauses():
    doc = Document(Metadata(), (Decision("1/CP.21", (Text("Adoption of the Paris Agreement"),),
                                         (Text("The Conference of the Parties,"),), (
        Clause("preambular", (Emph((Text("Recalling"),)), Text(" decision 1/CP.17,"))),
        Clause("operative", (Emph((Text("Decides"),)), Text(" to adopt the Agreement:")), "1", (
            Subparagraph("a", (Text("First[^1];"),)), Subparagraph("b", (Text("Second."),)))),
        Clause("operative", (Text("Requests the secretariat"), FootnoteRef("1"), Text(".")), "2"),
    ), (Footnote("1", (Text("See FCCC/CP/2015/10."),)),), "Decision"),))
    again = text_format.read(text_format.write(doc))
    (decision,) = again.decisions
    assert decision.number == "1/CP.21"
    assert [(c.part, c.label, plain_text(c.content)) for c in decision.clauses] == [
        (c.part, c.label, plain_text(c.content)) for c in doc.decisions[0].clauses]
    assert [s.label for s in decision.operative[0].subparagraphs] == ["a", "b"]
    assert [f.key for f in again.footnotes] == ["1"]


def test_unreadable_files_give_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        text_format.read_file(tmp_path / "missing.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02PK")
    with pytest.raises(InputError, match="binary"):
        text_format.read_file(binary)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Décide".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        text_format.read_file(latin)


@pytest.mark.parametrize("garbage", ["", "\f\f\f", "]]]]", "[[[[", "{{{[}]}", "(a)\n(b)\n1.\n",
                                     "Option 1:\nOption 2:", "\t\t\n\t", "1.\t" * 50])
def test_never_fails_on_odd_text(garbage):
    doc = text_format.read(garbage)
    assert isinstance(doc, Document)
    assert isinstance(text_format.write(doc), str)


def test_every_corpus_text_file_reads():
    files = sorted(CORPUS.glob("*/*.txt")) if CORPUS.exists() else []
    if not files:
        pytest.skip("corpus not available")
    for path in files:
        doc = text_format.read_file(path)
        assert doc.blocks, path


def test_cop21_adopted_decision_structure():
    path = CORPUS / "unfccc-cop21-decision-1-CP.21" / "r4_adopted_decision-1-CP.21_FCCC-CP-2015-10-Add.1.txt"
    if not path.exists():
        pytest.skip("corpus not available")
    (decision,) = text_format.read_file(path).decisions
    assert decision.number == "1/CP.21"
    assert [c.label for c in decision.operative] == [str(n) for n in range(1, 140)]
    assert len(decision.preambular) == 15


def test_brackets_do_not_run_into_or_out_of_footnotes():
    doc = text_format.read("The General Assembly,\n1.\t[Decides x¹;\n2.\tRequests y.\n\n"
                           "---- footnotes.xml ----\n¹ A [note.\n² Another] one.\n")
    first, second = doc.decisions[0].operative
    assert first.content[0].opens and not first.content[0].closes
    assert isinstance(second.content[0], Bracket) and not second.content[0].opens  # spans clauses
    one, two = doc.footnotes
    assert one.content == (Text("A "), Bracket((Text("note."),), True, False))
    assert two.content == (Bracket((Text("Another"),), False, True), Text(" one."))


def test_wrapped_headings_run_on_only_when_unfinished():
    doc = text_format.read("The Conference of the Parties,\n"
                           "I. ADOPTION OF THE [PARIS AGREEMENT] [PARIS IMPLEMENTING AGREEMENT UNDER THE \n"
                           "UNITED NATIONS FRAMEWORK CONVENTION ON CLIMATE CHANGE] \n"
                           "1. Decides to adopt the Agreement; \n"
                           "III. DECISIONS TO GIVE EFFECT TO THE AGREEMENT \nGENERAL \n"
                           "2. Welcomes the efforts of all actors. \f")
    headings = [(h.level, plain_text(h.content)) for h in doc.decisions[0].body if isinstance(h, Heading)]
    assert headings == [
        (1, "I. ADOPTION OF THE [PARIS AGREEMENT] [PARIS IMPLEMENTING AGREEMENT UNDER THE UNITED NATIONS "
            "FRAMEWORK CONVENTION ON CLIMATE CHANGE]"),
        (1, "III. DECISIONS TO GIVE EFFECT TO THE AGREEMENT"), (3, "GENERAL")]


@settings(max_examples=40, deadline=None)
@given(strategies.documents())
def test_reading_what_the_writer_wrote_never_fails(doc):
    again = text_format.read(text_format.write(doc))
    assert isinstance(again, Document)
    assert len(again.decisions) <= len(doc.decisions) + len(doc.blocks)


def test_decision_heading_with_number_and_title_on_one_line():
    doc = text_format.read("决定草案 MC-4/[--]: 国际合作与协调\n缔约方大会，\n回顾其决定，\n1. 请秘书处报告。\n")
    (decision,) = doc.decisions
    assert (decision.kind, decision.number, plain_text(decision.title)) == ("决定草案", "MC-4/[--]", "国际合作与协调")
    assert plain_text(decision.organ) == "缔约方大会，"
    assert [c.label for c in decision.operative] == ["1"]
