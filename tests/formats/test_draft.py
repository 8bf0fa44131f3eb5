"""The draft format reader and canonical writer: structure, positions, escapes, bad input."""

from __future__ import annotations

import pytest

from clausewise.errors import InputError, OutputError, ParseError
from clausewise.formats import draft
from clausewise.model import (Bracket, Clause, Comment, Decision, Document, Emph, FootnoteRef, Heading,
                              Metadata, Note, OptionLabel, Paragraph, Text, plain_text)
from tests.conftest import DRAFTS, FIXTURES

FIX = FIXTURES / "draft"


def fixture(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def decision_of(body: str, language: str = "en") -> Decision:
    doc = draft.read(f"---\nlanguage: {language}\ndecision: X/1\n---\n\n{body}", "t.md")
    return doc.blocks[0]


# ---------------------------------------------------------------- structure


def test_the_issue_example_reads_as_one_decision_with_its_parts():
    doc = draft.read(fixture("en_issue_example.md"), "en.md")
    assert doc.meta.symbol == "UNEP/MC/COP.4/19" and doc.meta.round == "r1"
    (d,) = doc.blocks
    assert d.number == "MC-4/[--]"
    assert plain_text(d.title) == "International cooperation and coordination"
    assert d.organ == (Emph((Text("The Conference of the Parties"),)), Text(","))
    assert [c.label for c in d.operative] == ["1", "2", "2 bis", "3"]
    assert len(d.preambular) == 2
    two = d.operative[1]
    assert [s.label for s in two.subparagraphs] == ["a", "b"]
    assert [s.label for s in two.subparagraphs[1].subparagraphs] == ["i"]
    assert two.content[-2:] == (FootnoteRef("1"), Text(":"))
    b = two.subparagraphs[1].content
    assert b[1] == Bracket((Text("prepare"),)) and b[2] == Bracket((Text("compile"),))
    options = [x for x in d.body if isinstance(x, OptionLabel)]
    assert options == [OptionLabel("Option 1"), OptionLabel("Option 2", (Note((Text("No text required"),)),))]
    assert [f.key for f in d.footnotes] == ["1"]
    assert plain_text(d.footnotes[0].content) == "UNEP/MC/COP.4/INF/14."


@pytest.mark.parametrize("name", ["en_issue_example.md", "en_clean.md", "zh_document.md", "multi.md"])
def test_fixtures_are_canonical(name):
    text = fixture(name)
    assert draft.canonical(text) == text


def test_a_whole_document_with_headings_narrative_footnotes_and_an_annex_decision():
    doc = draft.read(fixture("zh_document.md"), "zh.md")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Heading", "Paragraph", "Paragraph", "Heading", "Heading", "Paragraph", "Heading", "Decision"]
    assert [b.label for b in doc.blocks if isinstance(b, Paragraph)] == ["1", "2", "3"]
    annex = doc.blocks[6]
    assert annex.role == "annex" and annex.level == 1
    assert [f.key for f in doc.footnotes] == ["*", "**", "1"]
    assert doc.meta.venue[-1] == FootnoteRef("*")
    d = doc.decisions[0]
    assert (d.kind, d.number) == ("决定草案", "MC-4/[--]")
    assert plain_text(d.organ) == "缔约方大会，"
    assert [plain_text(c.content)[:3] for c in d.preambular] == ["回顾《", "又回顾"]
    assert [c.label for c in d.operative] == ["1", "2", "3", "4"]
    assert [f.key for f in d.footnotes] == ["1", "2"]
    assert plain_text(d.footnotes[0].content) == "UNEP/MC/COP.4/INF/14。"


def test_several_decisions_in_one_file_each_end_at_the_next_heading_of_their_level():
    doc = draft.read(fixture("multi.md"), "multi.md")
    first, second = doc.decisions
    assert (first.number, second.number) == ("1/CMA.6", "2/CMA.6")
    assert plain_text(first.title) == "Matters relating to cooperative approaches"
    # the "### A. Guidance" heading is inside the first decision, one level below its heading
    assert Heading(1, (Text("A. Guidance"),)) in first.body
    assert [c.label for c in second.operative] == ["1"]
    assert isinstance(doc.blocks[-1], Heading) and plain_text(doc.blocks[-1].content) == "Closing"


def test_brackets_spanning_clauses_carry_as_open_ended_parts():
    d = decision_of("*The Conference*,\n\n1. *Decides* [to act;\n\n2. *Requests* more;\n\n3. *Urges* all];\n")
    one, two, three = d.operative
    assert one.content[-1] == Bracket((Text("to act;"),), opens=True, closes=False)
    assert two.content == (Bracket((Emph((Text("Requests"),)), Text(" more;")), opens=False, closes=False),)
    assert three.content[0] == Bracket((Emph((Text("Urges"),)), Text(" all")), opens=False, closes=True)
    assert three.content[1] == Text(";")


def test_a_stray_closing_bracket_and_an_unclosed_one_are_kept():
    d = decision_of("*The Conference*,\n\n1. *Decides* to act];\n\n2. *Requests* [more.\n")
    assert d.operative[0].content[0] == Bracket((Emph((Text("Decides"),)), Text(" to act")), opens=False)
    assert d.operative[1].content[-1] == Bracket((Text("more."),), closes=False)


def test_emphasis_crossing_a_bracket_is_split_and_stays_a_fixed_point():
    text = "---\nlanguage: en\ndecision: X/1\n---\n\n*The Conference*,\n\n1. *Also [invites* Parties];\n"
    d = draft.read(text).blocks[0]
    assert d.operative[0].content[:2] == (
        Emph((Text("Also "), Bracket((Text("invites"),), closes=False))),
        Bracket((Text(" Parties"),), opens=False))
    assert draft.canonical(text) == text


def test_nested_brackets_notes_comments_and_escapes():
    d = decision_of("*The Conference*,\n\n1. *Decides* [to [act]] {Placeholder} <!-- US: delete --> "
                    "with \\[literal\\] \\*stars\\* and \\{braces\\};\n")
    c = d.operative[0].content
    assert Bracket((Text("to "), Bracket((Text("act"),)))) in c
    assert Note((Text("Placeholder"),)) in c
    assert Comment("delete", "US") in c
    assert c[-1] == Text(" with [literal] *stars* and {braces};")


def test_a_comment_on_its_own_line_belongs_to_the_paragraph_above():
    d = decision_of("*The Conference*,\n\n1. *Decides* to act;\n\n<!-- EU: prefers 'should' -->\n\n2. *Urges* all.\n")
    assert len(d.operative) == 2
    assert d.operative[0].content[-1] == Comment("prefers 'should'", "EU")


def test_a_comment_without_author_and_one_that_only_looks_like_it():
    d = decision_of("*The Conference*,\n\n1. *Decides*<!-- check the date --><!-- : Note: not an author -->.\n")
    comments = [n for n in d.operative[0].content if isinstance(n, Comment)]
    assert comments == [Comment("check the date"), Comment("Note: not an author")]
    assert "<!-- : Note: not an author -->" in draft.write(Document(Metadata(), (d,)))


def test_block_starts_that_look_like_markers_are_escaped_by_the_writer():
    organ = (Text("1. Not a number, # nor a heading"),)
    clauses = (Clause("preambular", (Text("(a) not a subparagraph,"),)),
               Clause("preambular", (FootnoteRef("1"), Text(": not a footnote,"))),
               Clause("preambular", (Text("# not a heading,"),)),
               Clause("preambular", (Text("---"),)))
    d = Decision("X/1", (), organ, clauses, kind="Decision")
    doc = Document(Metadata(), (d,))
    text = draft.write(doc)
    assert "1\\. Not a number" in text and "\\(a) not" in text and "[^1]\\: not" in text and "\\---" in text
    assert draft.read(text) == doc


def test_wrapped_lines_join_and_numbered_lines_without_blank_lines_split():
    doc = draft.read("1. First paragraph\nwraps here.\n2. Second paragraph.\n# Heading\nText after heading.\n")
    first, second, heading, after = doc.blocks
    assert first == Paragraph((Text("First paragraph wraps here."),), "1")
    assert second.label == "2"
    assert isinstance(heading, Heading)
    assert after == Paragraph((Text("Text after heading."),))


def test_a_thematic_break_is_dropped_and_a_page_split_paragraph_needs_no_blank_line():
    doc = draft.read("1. Part one\n\n---\n\n2. Part two\n")
    assert [b.label for b in doc.blocks] == ["1", "2"]


def test_subparagraph_levels_follow_indentation_of_any_width():
    d = decision_of("*The Conference*,\n\n1. *Decides*:\n\n  (a) one:\n\n    (i) deep;\n\n  (b) two.\n")
    (a, b) = d.operative[0].subparagraphs
    assert (a.label, b.label) == ("a", "b") and [s.label for s in a.subparagraphs] == ["i"]
    assert "   (a) one:\n\n      (i) deep;\n\n   (b) two." in draft.write(Document(Metadata(), (d,)))


def test_headings_that_merely_start_with_a_decision_word_are_headings():
    doc = draft.read("## Decision-making\n\n## Decisions adopted\n\n## Decision making in the COP\n")
    assert [type(b).__name__ for b in doc.blocks] == ["Heading", "Heading", "Heading"]


def test_arabic_numbers_with_a_hyphen_and_chinese_heading_colon():
    d = decision_of("إن مؤتمر الأطراف،\n\n1- يقرر ما يلي.\n", language="ar")
    assert d.operative[0].label == "1"
    doc = draft.read("---\nlanguage: zh\n---\n\n## 决定草案 MC-4/[--]：国际合作与协调\n\n缔约方大会，\n\n1. 同意。\n")
    (dz,) = doc.decisions
    assert dz.number == "MC-4/[--]" and plain_text(dz.title) == "国际合作与协调"


def test_front_matter_values_stay_text_and_unknown_keys_are_kept():
    doc = draft.read("---\nlanguage: en\ndate: 2021-08-20\nsymbol: 'UNEP/MC/COP.4/19'\nparty: no\n---\n\nText.\n")
    assert doc.meta.date == "2021-08-20" and doc.meta.symbol == "UNEP/MC/COP.4/19"
    assert doc.meta.extra == (("party", "no"),)
    assert "party: no" in draft.write(doc)


def test_every_node_knows_its_line_and_column():
    text = fixture("en_issue_example.md")
    d = draft.read(text, "en.md").blocks[0]
    two = d.operative[1]
    assert (two.source.path, two.source.line, two.source.column) == ("en.md", 18, 1)
    ref = two.content[2]
    assert isinstance(ref, FootnoteRef) and (ref.source.line, ref.source.column) == (18, 30)
    sub_b = two.subparagraphs[1]
    assert (sub_b.source.line, sub_b.source.column) == (22, 4)
    bracket = sub_b.content[1]
    assert (bracket.source.line, bracket.source.column) == (22, 11)
    assert (d.footnotes[0].source.line, d.footnotes[0].source.column) == (34, 1)
    wrapped = draft.read("Recalling one\n  and two [three],\n").blocks[0]
    assert (wrapped.content[1].source.line, wrapped.content[1].source.column) == (2, 11)


def test_seed_drafts_in_the_repository_read_and_are_canonical():
    files = sorted(DRAFTS.glob("**/*.md")) if DRAFTS.exists() else []
    if not files:
        pytest.skip("no drafts in drafts/ yet")
    for path in files:
        doc = draft.read_file(path)
        assert doc.blocks, path


# ---------------------------------------------------------------- the writer's limits


def test_a_paragraph_right_after_a_decision_cannot_be_written():
    d = Decision("X/1", (), (Text("The Conference,"),), (), kind="Decision")
    with pytest.raises(OutputError, match="heading before it"):
        draft.write(Document(Metadata(), (d, Paragraph((Text("Narrative."),)))))


# ---------------------------------------------------------------- malformed drafts


@pytest.mark.parametrize("text, where, message", [
    ("---\n- a\n- b\n---\n\nText.\n", "f.md:2:1", "must be a mapping"),
    ("---\nlanguage: [en\n---\n\nText.\n", "f.md:2:", "not valid YAML"),
    ("---\nlanguage: en\n\nText.\n", "f.md:1:1", "never closed"),
    ("---\nlanguage: xx\n---\n\nText.\n", "f.md:2:11", "unknown language 'xx'"),
    ("---\nsymbol: a\nsymbol: b\n---\n\nx\n", "f.md:3:1", "appears twice (first on line 2)"),
    ("---\nsymbol:\n  - a\n---\n\nx\n", "f.md:2:1", "single text value"),
    ("---\nkind: Decision\n---\n\nx\n", "f.md:2:1", "needs 'decision'"),
    ("Para one.\n\n*Recalling the past,\n", "f.md:3:1", "emphasis '*' opened here is never closed"),
    ("Text } here.\n", "f.md:1:6", "'}' closes no editorial note"),
    ("Text {note\n", "f.md:1:6", "editorial note '{' opened here is never closed"),
    ("Text <!-- open\n\nmore -->\n", "f.md:1:6", "never closed by '-->'"),
    ("---\ndecision: X\n---\n\n   (a) To act;\n", "f.md:5:4", "subparagraph has no clause above it"),
    ("1. Narrative.\n\n**Option 1**\n", "f.md:3:1", "option label (**…**) stands only inside a decision"),
    ("# Annex\n\n## Draft decision 1/CP.21 Adoption of the Paris Agreement\n", "f.md:3:1",
     "write 'Draft decision 1/CP.21: Adoption of the Paris Agreement'"),
])
def test_malformed_drafts_name_file_line_and_column(text, where, message):
    with pytest.raises(ParseError) as info:
        draft.read(text, "f.md")
    assert str(info.value).startswith(where)
    assert message in str(info.value)


def test_ten_thousand_nested_brackets_give_a_clear_error_not_a_recursion_error():
    text = "1. " + "[" * 10_000 + "x" + "]" * 10_000 + ";\n"
    with pytest.raises(ParseError) as info:
        draft.read(text, "deep.md")
    assert f"nested more than {draft.MAX_DEPTH} deep" in str(info.value)
    assert str(info.value).startswith("deep.md:1:")


def test_nesting_up_to_the_limit_reads_and_writes():
    text = "1. " + "[" * 150 + "x" + "]" * 150 + ";\n"
    doc = draft.read(text)
    assert draft.read(draft.write(doc)) == doc


# ---------------------------------------------------------------- files


def test_read_file_refuses_what_is_not_a_text_draft(tmp_path):
    missing = tmp_path / "missing.md"
    with pytest.raises(InputError, match="no such file"):
        draft.read_file(missing)
    with pytest.raises(InputError, match="folder"):
        draft.read_file(tmp_path)
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"GIF8\x00\x00rest")
    with pytest.raises(InputError, match=r"binary file \(NUL byte at offset 4\)"):
        draft.read_file(binary)
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("1. Décide;\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        draft.read_file(latin1)
    assert "not UTF-8: invalid byte 0xe9 at offset 4" in str(info.value)
    assert str(info.value).startswith(str(latin1))
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        draft.read_file(empty)
    blank = tmp_path / "blank.md"
    blank.write_bytes(b" \n\n\t\n")
    with pytest.raises(InputError, match="empty file"):
        draft.read_file(blank)


def test_read_file_states_its_size_limit(tmp_path):
    big = tmp_path / "big.md"
    with big.open("wb") as fh:  # sparse: quick to make, never read
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError) as info:
        draft.read_file(big)
    assert "file is 50.0 MB; drafts are limited to 5 MB" in str(info.value)


def test_read_file_accepts_a_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff---\r\nlanguage: fr\r\n---\r\n\r\n1. *Décide* d’agir.\r\n".encode("utf-8"))
    doc = draft.read_file(path)
    assert doc.meta.language == "fr"
    assert doc.blocks[0].label == "1"
    assert doc.blocks[0].source.path == str(path)


def test_the_documented_examples_are_canonical_drafts():
    from tests.conftest import REPO

    text = (REPO / "docs" / "draft-format.md").read_text(encoding="utf-8")
    blocks = text.split("```\n")[1::2]
    examples = [b for b in blocks if b.startswith("---\n")]
    assert len(examples) == 2
    for example in examples:
        doc = draft.read(example, "docs/draft-format.md")
        assert draft.canonical(example) == example
        assert doc.blocks


@pytest.mark.parametrize("decision, message", [
    (Decision("X/1", (), (Text("The Conference,"),), (Clause("operative", (Text("Acts."),), "5.1"),),
              kind="Decision"), "operative paragraph number '5.1'"),
    (Decision("X 1", (), (), (), kind="Decision"), "one word without ':'"),
    (Decision("X/1", (), (), (), kind="Resolución"), "not a English decision word"),
    (Decision("X/1", (), (), (OptionLabel("*Bold*"),), kind="Decision"), "option label"),
    (Decision("X/1", (), (), (), footnotes=(), kind="Decision"), None),
])
def test_the_writer_refuses_what_it_could_not_read_back(decision, message):
    doc = Document(Metadata(), (Heading(1, (Text("Decisions"),)), decision))
    if message is None:
        assert draft.read(draft.write(doc)) == doc
        return
    with pytest.raises(OutputError, match=message):
        draft.write(doc)


def test_line_breaks_inside_text_become_spaces():
    d = Decision("X/1", (), (Text("The\nConference,"),), (Clause("operative", (Text("Acts\r\nnow."),), "1"),),
                 kind="Decision")
    again = draft.read(draft.write(Document(Metadata(), (d,))))
    assert plain_text(again.blocks[0].organ) == "The Conference,"
    assert plain_text(again.blocks[0].operative[0].content) == "Acts  now."


def test_a_language_the_format_does_not_know_cannot_be_written():
    with pytest.raises(OutputError, match="unknown language 'de'"):
        draft.write(Document(Metadata(language="de"), ()))


def test_unnumbered_operative_paragraphs_are_written_with_a_dash():
    d = decision_of("*The Conference*,\n\n1. *Decides*:\n\n- The first transfer;\n\n   (a) of outcomes;\n\n"
                    "- \\- not a dash paragraph.\n")
    first, second = d.operative[1:]
    assert first.label is None and plain_text(first.content) == "The first transfer;"
    assert [s.label for s in first.subparagraphs] == ["a"]
    assert plain_text(second.content) == "- not a dash paragraph."
    text = draft.write(Document(Metadata(title=d.title), (d,)))
    assert "\n\n- The first transfer;\n\n" in text and "\n\n- - not a dash paragraph." in text
    assert draft.read(text).blocks[0] == d


def test_a_decision_without_organ_line_starts_with_its_preambular_paragraph():
    d = decision_of("*Recalling* its decision 1/1,\n\n1. *Decides* to act.\n")
    assert d.organ == () and len(d.preambular) == 1
    zh = decision_of("回顾其决定，\n\n1. 同意。\n", language="zh")
    assert zh.organ == () and len(zh.preambular) == 1
    assert decision_of("缔约方大会，\n\n1. 同意。\n", language="zh").organ == (Text("缔约方大会，"),)


def test_a_decision_without_kind_is_written_with_the_languages_decision_word():
    d = Decision("1/1", (Text("Title"),), (Text("The Conference,"),), (), kind=None)
    text = draft.write(Document(Metadata(language="zh"), (Heading(1, (Text("附件"),), role="annex"), d)))
    assert "## 决定草案 1/1: Title" in text
    assert draft.read(text).decisions[0].kind == "决定草案"


def test_an_empty_option_label_inside_an_open_bracket_carries_it_as_the_word_reader_does():
    d = decision_of("*The Conference*,\n\n1. *Decides* [to act;\n\n**Option 1**\n\n2. *Urges* all.]\n")
    assert d.body[1] == OptionLabel("Option 1", (Bracket((), opens=False, closes=False),))
    assert d.operative[1].content[0].opens is False


def test_brackets_carry_across_narrative_paragraphs_and_headings():
    doc = draft.read("# B. [Definitions\n\n[For the purposes of this agreement:]\n\n1. Party means a Party.]\n")
    heading, para, numbered = doc.blocks
    assert heading.content[-1] == Bracket((Text("Definitions"),), closes=False)
    assert para.content == (Bracket((Bracket((Text("For the purposes of this agreement:"),)),), opens=False,
                                    closes=False),)
    assert numbered.content[0] == Bracket((Text("Party means a Party."),), opens=False)


def test_fmt_keeps_front_matter_comments():
    """A whole-line YAML comment in the front matter survives ``canonical`` (what ``fmt`` writes)."""
    from clausewise.formats.draft import canonical

    text = ("---\n# illustrative round; not a UN text\nlanguage: en\ndecision: X/1\ntitle: T\n---\n\n"
            "*The Conference of the Parties*,\n\n1. *Decides* to act.\n")
    once = canonical(text)
    assert once.splitlines()[1] == "# illustrative round; not a UN text"
    assert canonical(once) == once
