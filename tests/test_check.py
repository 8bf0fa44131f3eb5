"""check: every finding code with a draft that triggers it and one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausewise.check import CODES, Finding, check, check_file
from clausewise.errors import InputError
from clausewise.formats import draft
from tests.conftest import DRAFTS, FIXTURES

EN = "---\nlanguage: en\ndecision: X/1\ntitle: Test\n---\n\n"
ZH = "---\nlanguage: zh\ndecision: X/1\ntitle: 测试\n---\n\n"
FR = "---\nlanguage: fr\ndecision: X/1\ntitle: Test\n---\n\n"
# line 7 is the first body line after EN/ZH/FR


def findings(text: str, tmp_path: Path, name: str = "d.md") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [str(f).replace(f"{tmp_path}/", "") for f in check_file(path)]


def codes(text: str) -> list[str]:
    return [f.code for f in check(draft.read(text, "d.md"), "d.md")]


GOOD_EN = EN + """*The Conference of the Parties*,

*Recalling* its decision 1/1,

*Noting* the report[^1],

1. *Decides* to act;

2. *Requests* the Secretariat:

   (a) To report;

   (b) To prepare a study in the light of paragraph 1 above:

      (i) On mercury;

      (ii) On waste;

2 bis. *Invites* Parties to act as set out in paragraphs 1 to 2 above;

3. *Also decides* to review [this decision][paragraphs 1 and 2 above].

[^1]: UNEP/MC/COP.4/INF/14.
"""


def test_a_clean_draft_has_no_findings(tmp_path):
    assert findings(GOOD_EN, tmp_path) == []


def test_finding_prints_file_line_column_severity_code_message():
    f = Finding("a.md", 3, 7, "error", "CW101", "'[' is never closed")
    assert str(f) == "a.md:3:7: error CW101: '[' is never closed"
    assert str(Finding(None, 1, 1, "warning", "CW161", "x")) == "<input>:1:1: warning CW161: x"
    assert str(Finding("a.docx", 0, 0, "error", "CW131", "y", paragraph=12)) == "a.docx: paragraph 12: error CW131: y"


def test_every_documented_code_is_in_docs():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "draft-format.md").read_text(encoding="utf-8")
    for code in CODES:
        assert code in doc, code


# ---------------------------------------------------------------- brackets


def test_unclosed_bracket_names_where_it_opened(tmp_path):
    text = EN + "*The Conference*,\n\n1. *Decides* [to act;\n\n2. *Requests* more.\n"
    assert findings(text, tmp_path) == ["d.md:9:14: error CW101: '[' is never closed before the end of the decision"]


def test_a_bracket_may_span_clauses_within_a_decision(tmp_path):
    text = EN + "*The Conference*,\n\n1. *Decides* [to act;\n\n2. *Requests* more;\n\n3. *Urges* all.]\n"
    assert findings(text, tmp_path) == []


def test_a_closing_bracket_with_nothing_open(tmp_path):
    text = EN + "*The Conference*,\n\n1. *Decides* to act];\n\n2. *Requests* [more].\n"
    assert findings(text, tmp_path) == ["d.md:9:20: error CW102: ']' closes no bracket: nothing is open in this decision"]


def test_brackets_do_not_carry_from_one_decision_to_the_next():
    text = ("## Decision 1/1: A\n\n*The Conference*,\n\n1. *Decides* [to act.\n\n"
            "## Decision 2/1: B\n\n*The Conference*,\n\n1. *Decides*] to act.\n")
    assert codes(text) == ["CW101", "CW102"]


def test_brackets_in_narrative_may_span_paragraphs_but_not_into_a_decision():
    assert codes("1. The [text.\n\n# Heading\n\n2. More] text.\n") == []
    assert codes("1. The [text.\n\n## Decision 1/1: A\n\n*The Conference*,\n\n1. *Decides*] to act.\n") == [
        "CW101", "CW102"]
    assert codes("1. The text].\n") == ["CW102"]


def test_a_bracket_crossing_emphasis_is_a_warning():
    text = EN + "*The Conference*,\n\n1. *Also [invites* Parties];\n\n2. *Decides* [*to*] act.\n"
    result = check(draft.read(text, "d.md"), "d.md")
    assert [(f.code, f.severity, f.line) for f in result] == [("CW103", "warning", 9)]


# ---------------------------------------------------------------- footnotes


def test_undefined_and_unused_footnotes(tmp_path):
    text = EN + "*The Conference*,\n\n1. *Decides* to act[^2].\n\n[^1]: Unused.\n"
    assert findings(text, tmp_path) == [
        "d.md:9:20: error CW111: footnote [^2] is not defined in this decision (add a line '[^2]: …' after its paragraphs)",
        "d.md:11:1: warning CW112: footnote [^1] is never referenced",
    ]


def test_footnote_defined_twice():
    text = EN + "*The Conference*,\n\n1. *Decides* to act[^1].\n\n[^1]: One.\n\n[^1]: Two.\n"
    assert codes(text) == ["CW113"]


def test_document_footnotes_serve_the_masthead_and_narrative():
    text = ("---\nlanguage: en\nvenue: Online[^*]\n---\n\n1. Narrative[^1].\n\n[^*]: Resumed in Bali.\n\n"
            "[^1]: A note.\n")
    assert codes(text) == []
    assert codes(text.replace("Narrative[^1]", "Narrative")) == ["CW112"]


# ---------------------------------------------------------------- numbering


def test_operative_numbers_out_of_sequence_and_twice(tmp_path):
    text = EN + "*The Conference*,\n\n1. *Decides* to act;\n\n3. *Requests* more;\n\n3. *Urges* all.\n"
    assert findings(text, tmp_path) == [
        "d.md:11:1: error CW121: paragraph 3 is out of sequence: expected 2 or 1 bis",
        "d.md:13:1: error CW122: paragraph 3 is numbered twice (first on line 11)",
    ]


def test_inserted_paragraphs_and_options_are_in_sequence():
    text = (EN + "*The Conference*,\n\n1. *Decides* to act;\n\n1 bis. *Also decides* more;\n\n1 ter. *Further decides* it;"
            "\n\n**Option 1**\n\n2. *Requests* more;\n\n3. *Urges* all.\n\n**Option 2**\n\n2. *Invites* all.\n\n"
            "**Option 3:** {No text required}\n")
    assert codes(text) == []


def test_operative_paragraphs_start_at_one():
    assert codes(EN + "*The Conference*,\n\n2. *Decides* to act.\n") == ["CW121"]


def test_subparagraph_labels_out_of_sequence_are_a_warning():
    text = EN + "*The Conference*,\n\n1. *Decides*:\n\n   (a) One;\n\n   (c) Two.\n"
    result = check(draft.read(text, "d.md"), "d.md")
    assert [(f.code, f.severity, f.message) for f in result] == [
        ("CW123", "warning", "subparagraph (c) is out of sequence: expected (b)")]


# ---------------------------------------------------------------- punctuation


@pytest.mark.parametrize("body, message", [
    ("*The Conference*,\n\n*Recalling* it;\n\n1. *Decides* to act.\n",
     "d.md:9:1: error CW131: a preambular paragraph should end with ',', not ';'"),
    ("*The Conference*,\n\n1. *Decides* to act,\n\n2. *Requests* more.\n",
     "d.md:9:1: error CW131: operative paragraph 1 should end with ';', not ','"),
    ("*The Conference*,\n\n1. *Decides* to act;\n\n2. *Requests* more;\n",
     "d.md:11:1: error CW131: the last operative paragraph (2) should end with '.', not ';'"),
    ("*The Conference*,\n\n1. *Decides*;\n\n   (a) To act;\n\n   (b) To report.\n",
     "d.md:9:1: error CW131: paragraph 1, which introduces subparagraphs should end with ':', not ';'"),
    ("*The Conference*,\n\n1. *Decides*:\n\n   (a) To act.\n\n   (b) To report.\n",
     "d.md:11:4: error CW131: subparagraph 1 (a) should end with ';', not '.'"),
    ("*The Conference*,\n\n1. *Decides*:\n\n   (a) To act;\n\n   (b) To report;\n",
     "d.md:13:4: error CW131: subparagraph 1 (b) (the decision's last) should end with '.', not ';'"),
    ("*The Conference*.\n\n1. *Decides* to act.\n",
     "d.md:7:1: error CW131: the organ line should end with ',', not '.'"),
])
def test_terminal_punctuation(body, message, tmp_path):
    assert message in findings(EN + body, tmp_path)


def test_punctuation_inside_a_closing_bracket_note_or_footnote_counts():
    text = (EN + "*The Conference*,\n\n1. [*Decides* to act;]\n\n2. *Requests* more[^1]; {alternative text}\n\n"
            "3. *Urges* [all.]]\n\n[^1]: A note.\n")
    assert [c for c in codes(text) if c == "CW131"] == []


def test_chinese_punctuation(tmp_path):
    good = ZH + "缔约方大会，\n\n回顾其决定，\n\n1. 同意不断审查；\n\n2. 请秘书处：\n\n   (a) 收集知识；\n\n   (b) 编写报告。\n"
    assert findings(good, tmp_path) == []
    bad = good.replace("回顾其决定，", "回顾其决定,").replace("(b) 编写报告。", "(b) 编写报告；")
    assert findings(bad, tmp_path) == [
        "d.md:9:1: error CW131: a preambular paragraph should end with '，', not ','",
        "d.md:17:4: error CW131: subparagraph 2 (b) (the decision's last) should end with '。', not '；'",
    ]


def test_french_lead_in_colon_with_a_space():
    assert [c for c in codes(FR + "*La Conférence des Parties*,\n\n1. *Prie* le secrétariat :\n\n   a) De faire ;\n\n"
                                   "   b) De rendre compte.\n") if c == "CW131"] == []


# ---------------------------------------------------------------- opening words


def test_opening_words_without_emphasis_name_the_words(tmp_path):
    text = EN + "*The Conference*,\n\nRecalling its decision,\n\n1. Also requests the Secretariat.\n"
    assert findings(text, tmp_path) == [
        "d.md:9:1: error CW141: opening words of preambular paragraph are not emphasised: write *Recalling*",
        "d.md:11:1: error CW141: opening words of paragraph 1 are not emphasised: write *Also requests*",
    ]


def test_unknown_opening_without_emphasis_is_a_warning_and_brackets_first_are_fine():
    text = EN + "*The Conference*,\n\n1. [*Decides*] to act;\n\n2. Frobnicates the Secretariat.\n"
    result = check(draft.read(text, "d.md"), "d.md")
    assert [(f.code, f.severity, f.line) for f in result] == [("CW141", "warning", 11)]


def test_chinese_needs_no_emphasis_but_french_does():
    assert codes(ZH + "缔约方大会，\n\n1. 同意不断审查。\n") == []
    assert codes(FR + "*La Conférence*,\n\n1. Prie le secrétariat de faire.\n") == ["CW141"]


def test_organ_line_without_italics_is_a_warning():
    result = check(draft.read(EN + "The Conference,\n\n1. *Decides* to act.\n", "d.md"), "d.md")
    assert [(f.code, f.severity) for f in result] == [("CW142", "warning")]


# ---------------------------------------------------------------- references


def test_reference_to_a_paragraph_that_does_not_exist(tmp_path):
    text = EN + "*The Conference*,\n\n1. *Decides* to act;\n\n2. *Requests* action under paragraph 9 above.\n"
    assert findings(text, tmp_path) == [
        "d.md:11:28: error CW151: 'paragraph 9 above' refers to paragraph 9, which this decision does not have"]


def test_reference_ranges_are_checked_end_to_end():
    text = EN + "*The Conference*,\n\n1. *Decides* to act;\n\n2. *Requests* action under paragraphs 1 to 4 above.\n"
    assert codes(text) == ["CW151", "CW151"]  # 3 and 4 are missing


def test_reference_in_the_wrong_direction_is_a_warning():
    text = EN + "*The Conference*,\n\n1. *Decides* to act under paragraph 2 above;\n\n2. *Requests* action.\n"
    result = check(draft.read(text, "d.md"), "d.md")
    assert [(f.code, f.severity) for f in result] == [("CW152", "warning")]


def test_chinese_references():
    base = ZH + "缔约方大会，\n\n1. 同意不断审查；\n\n2. 请秘书处参照上文第1段行事；\n\n3. 又请秘书处参照上文第1至2段行事。\n"
    assert codes(base) == []
    assert codes(base.replace("上文第1至2段", "上文第1至5段")) == ["CW151", "CW151"]  # 4 and 5
    assert codes(base.replace("上文第1段", "下文第9段")) == ["CW151"]


def test_narrative_references_are_checked_against_narrative_paragraphs():
    assert codes("1. First.\n\n2. As in paragraph 1 above.\n") == []
    assert codes("1. First.\n\n2. As in paragraph 7 above.\n") == ["CW151"]


# ---------------------------------------------------------------- front matter and order


def test_unknown_front_matter_key_is_a_warning_on_its_line(tmp_path):
    text = "---\nlanguage: en\nsymbl: UNEP/1\n---\n\n1. Text.\n"
    assert findings(text, tmp_path) == [
        "d.md:3:1: warning CW161: unknown front-matter key 'symbl' is kept but not used (did you mean 'symbol'?)"]


def test_preambular_after_operative_is_a_warning():
    text = EN + "*The Conference*,\n\n1. *Decides* to act;\n\n*Recalling* its decision,\n\n2. *Requests* more.\n"
    result = check(draft.read(text, "d.md"), "d.md")
    assert [(f.code, f.severity) for f in result if f.code == "CW171"] == [("CW171", "warning")]


# ---------------------------------------------------------------- files


def test_a_draft_that_does_not_parse_is_one_finding(tmp_path):
    assert findings("Text } here.\n", tmp_path) == [
        "d.md:1:6: error CW100: '}' closes no editorial note '{'; write \\} for a literal brace"]


def test_a_file_that_cannot_be_read_raises(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe1. x\n")
    with pytest.raises(InputError, match="not UTF-8"):
        check_file(bad)


def test_findings_are_sorted_by_position(tmp_path):
    text = EN + "The Conference.\n\n3. Decides to act[^9]\n"
    result = check_file(_write(tmp_path, text))
    assert [(f.line, f.column) for f in result] == sorted((f.line, f.column) for f in result)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["en_clean.md", "zh_document.md", "multi.md"])
def test_the_fixtures_pass(name):
    assert [str(f) for f in check_file(FIXTURES / "draft" / name) if f.severity == "error"] == []


def test_the_repository_drafts_have_no_errors():
    files = sorted(DRAFTS.glob("**/*.md")) if DRAFTS.exists() else []
    if not files:
        pytest.skip("no drafts yet")
    for path in files:
        assert [str(f) for f in check_file(path) if f.severity == "error"] == [], path


@pytest.mark.parametrize("name, old, new", [
    ("fr_decision.md", "paragraphe 1 ci-dessus", "paragraphe 9 ci-dessus"),
    ("es_decision.md", "párrafo 1 supra", "párrafo 9 supra"),
    ("ru_decision.md", "пункта 1 выше", "пункта 9 выше"),
    ("ar_decision.md", "الفقرة 1 أعلاه", "الفقرة 9 أعلاه"),
])
def test_each_language_fixture_is_clean_and_its_reference_is_checked(name, old, new, tmp_path):
    text = (FIXTURES / "draft" / name).read_text(encoding="utf-8")
    assert findings(text, tmp_path) == []
    assert old in text
    assert [f.split(" ")[2] for f in findings(text.replace(old, new), tmp_path)] == ["CW151:"]


def test_arabic_punctuation_accepts_latin_marks_and_wants_a_final_stop():
    text = (FIXTURES / "draft" / "ar_decision.md").read_text(encoding="utf-8")
    assert codes(text.replace("الاتفاقية؛", "الاتفاقية;")) == []
    assert codes(text.replace("أعلاه.", "أعلاه؛")) == ["CW131"]


@pytest.mark.parametrize("name, message", [
    ("list-front-matter.md", "list-front-matter.md:2:1: error CW100: front matter must be a mapping"),
    ("bad-yaml.md", "bad-yaml.md:3:8: error CW100: front matter is not valid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence that starts here)"),
    ("unclosed-emphasis.md", "unclosed-emphasis.md:8:4: error CW100: emphasis '*' opened here is never closed"),
    ("deep-brackets.md", "deep-brackets.md:1:214: error CW100: brackets, emphasis and notes nested more than 200 deep"),
])
def test_bad_drafts_give_one_positioned_finding(name, message):
    (finding,) = check_file(FIXTURES / "draft" / "bad" / name)
    assert str(finding).endswith(message) or message in str(finding)


@pytest.mark.parametrize("name, message", [
    ("latin1.md", "not UTF-8: invalid byte 0xe9 at offset 5"),
    ("binary.md", "not a text draft: a zip archive"),
    ("empty.md", "empty file"),
])
def test_unreadable_files_raise_input_error_naming_the_file(name, message):
    path = FIXTURES / "draft" / "bad" / name
    with pytest.raises(InputError) as info:
        check_file(path)
    assert str(info.value) == f"{path}: " + str(info.value).split(": ", 1)[1]
    assert message in str(info.value)


def test_numbering_continues_after_the_longest_option():
    text = (EN + "*The Conference*,\n\n1. *Decides* to act;\n\n**Option 1**\n\n2. *Invites* all;\n\n3. *Urges* all;\n\n"
            "**Option 2:** {No text required}\n\n4. *Requests* a report.\n")
    assert codes(text) == []
    assert codes(text.replace("4. *Requests*", "6. *Requests*")) == ["CW121"]


def test_the_readme_example_gives_the_documented_findings(tmp_path):
    from tests.conftest import REPO

    doc = (REPO / "docs" / "draft-and-check.md").read_text(encoding="utf-8")
    blocks = doc.split("```\n")
    example = next(b for b in blocks if b.startswith("---\n"))
    expected = next(b for b in blocks if b.startswith("$ clausewise check")).splitlines()[1:]
    assert findings(example, tmp_path, "draft.md") == expected


def test_a_document_in_another_language_is_checked_by_english_conventions():
    from clausewise.model import Clause, Decision, Document, Metadata, Text

    d = Decision("X/1", (), (), (Clause("operative", (Text("Beschließt;"),), "1"),), kind="Decision")
    assert [f.code for f in check(Document(Metadata(language="de"), (d,)))] == ["CW131", "CW141"]


def test_a_subparagraph_may_end_with_and_before_the_last():
    """"(a) …; and" is how UN texts join the last two subparagraphs: it ends with ';'."""
    from clausewise.check import check
    from clausewise.formats.draft import read

    text = ("---\nlanguage: en\ndecision: X/1\ntitle: T\n---\n\n*The Conference of the Parties*,\n\n"
            "1. *Requests* the Secretariat:\n\n   (a) To collect knowledge; and\n\n   (b) To report.\n")
    assert [f for f in check(read(text)) if f.code == "CW131"] == []
    bad = text.replace("knowledge; and", "knowledge, and")
    assert [f.code for f in check(read(bad)) if f.severity == "error"] == ["CW131"]


def test_an_annex_holds_tables_not_clauses():
    """What follows a decision's annex heading ("[Annex I", bracketed or not) is not checked as clauses."""
    from clausewise.check import check
    from clausewise.formats.draft import read

    text = ("---\nlanguage: en\ndecision: X/1\ntitle: T\n---\n\n*The Conference of the Parties*,\n\n"
            "1. *Decides* to act.\n\n# [Annex I]\n\nTable 1 Submissions\n\nParty | Version\n")
    doc = read(text)
    assert [h.role for h in doc.decisions[0].body if hasattr(h, "role")] == ["annex"]
    assert [f.code for f in check(doc)] == []
    without = text.replace("# [Annex I]\n\n", "")
    assert "CW171" in [f.code for f in check(read(without))]


def test_brackets_only_gives_exactly_the_bracket_findings_of_a_full_check():
    """diff refuses a round on bracket errors alone: the short check finds those and nothing else."""
    from clausewise.check import BRACKET_CODES, check
    from clausewise.formats.draft import read

    text = ("---\nlanguage: en\ndecision: X/1\ntitle: T\nodd_key: 1\n---\n\nThe Conference of the Parties,\n\n"
            "1. Decides [to act;\n\n2. *Requests* a report on paragraph 9 above] and more];\n")
    doc = read(text)
    full = check(doc)
    assert {f.code for f in full} - BRACKET_CODES   # the full check finds other things too
    assert check(doc, brackets_only=True) == [f for f in full if f.code in BRACKET_CODES]
    assert {f.code for f in check(doc, brackets_only=True)} == {"CW102"}
