"""Word-level differences inside a clause: tokens, brackets, emphasis, footnotes, Chinese."""

from __future__ import annotations

import doctest
import importlib

from hypothesis import given, settings, strategies as st

from clausewise.compare import compare
from clausewise.compare.inline import _DMP, diff_inlines, tokens
from clausewise.compare.result import inline_pairs
from clausewise.model import (
    Bracket, Delete, Emph, FootnoteRef, Insert, Note, Text, plain_text, walk_inlines,
)
from tests.compare.builders import assert_inline_invariant, br, doc, emph, op

inline_module = importlib.import_module("clausewise.compare.inline")


def ops(merged) -> list[tuple[str, str]]:
    """(op, text) pieces of merged inlines, the JSON form."""
    change = compare(doc(op("1", "x")), doc(op("1", "y"))).changes[0]
    from dataclasses import replace
    return [tuple(p) for p in inline_pairs(replace(change, inline=merged, subparagraphs=()))]


def old_side(merged) -> str:
    return "".join(t for o, t in ops(merged) if o != "+")


def test_the_documented_example_holds():
    assert doctest.testmod(inline_module).failed == 0


def test_the_deadline_is_off_on_purpose():
    assert _DMP.Diff_Timeout == 0


def test_a_replaced_word_is_one_deletion_and_one_insertion_of_whole_words():
    merged = diff_inlines((Text("Requests the secretariat to prepare a synthesis report;"),),
                          (Text("Requests the secretariat to prepare a summary report;"),))
    assert ops(merged) == [("=", "Requests the secretariat to prepare a "), ("-", "synthesis"),
                           ("+", "summary"), ("=", " report;")]


def test_brackets_put_round_agreed_words_show_as_inserted_brackets_only():
    merged = diff_inlines((Text("to prepare a report by 2020;"),),
                          (Text("to prepare a report "), br("by 2020"), Text(";")))
    assert ops(merged) == [("=", "to prepare a report "), ("+", "["), ("=", "by 2020"), ("+", "]"), ("=", ";")]


def test_brackets_removed_round_kept_words_show_as_deleted_brackets_only():
    merged = diff_inlines((Text("to "), br("prepare"), Text(" a report;")),
                          (Text("to prepare a report;"),))
    assert ops(merged) == [("=", "to "), ("-", "["), ("=", "prepare"), ("-", "]"), ("=", " a report;")]


def test_an_alternative_chosen_keeps_the_chosen_words():
    merged = diff_inlines((Text("Parties "), br("shall"), br("should"), Text(" report;")),
                          (Text("Parties should report;"),))
    assert ops(merged) == [("=", "Parties "), ("-", "[shall]["), ("=", "should"), ("-", "]"), ("=", " report;")]


def test_kept_brackets_stay_bracket_nodes_around_edited_words():
    merged = diff_inlines((br("to prepare a report"),), (br("to prepare a summary"),))
    assert len(merged) == 1 and isinstance(merged[0], Bracket)
    assert merged[0].opens and merged[0].closes
    assert any(isinstance(n, Insert) for n in merged[0].children)
    assert plain_text(merged) == "[to prepare a summary]"


def test_a_new_bracketed_phrase_is_one_inserted_bracket():
    merged = diff_inlines((Text("to prepare a report;"),),
                          (Text("to prepare a report "), br("by 2020"), Text(";")))
    inserted = [n for n in merged if isinstance(n, Insert)]
    assert len(inserted) == 1
    assert any(isinstance(n, Bracket) and n.opens and n.closes for n in inserted[0].children)


def test_nested_brackets_rebuild_as_nested_nodes():
    old = (br("to prepare ", br("and publish"), " a report"),)
    merged = diff_inlines(old, old)
    assert merged == old


def test_emphasis_is_compared_and_rebuilt():
    merged = diff_inlines((emph("Requests"), Text(" the secretariat;")),
                          (emph("Also requests"), Text(" the secretariat;")))
    assert ops(merged) == [("-", "Requests"), ("+", "Also requests"), ("=", " the secretariat;")]
    assert isinstance(merged[0], Delete) and isinstance(merged[0].children[0], Emph)
    assert isinstance(merged[1], Insert) and isinstance(merged[1].children[0], Emph)


def test_emphasis_removed_from_a_word_is_a_change():
    merged = diff_inlines((emph("Recalling"), Text(" its decision,")), (Text("Recalling its decision,"),))
    assert any(isinstance(n, Delete) for n in merged) and any(isinstance(n, Insert) for n in merged)


def test_footnote_references_are_tokens_of_their_own():
    assert tokens((Text("report"), FootnoteRef("1"), Text(";")))[1][:2] == ("^", "1")
    merged = diff_inlines((Text("a report;"),), (Text("a report"), FootnoteRef("3"), Text(";")))
    inserted = [n for n in walk_inlines(merged) if isinstance(n, Insert)]
    assert inserted == [Insert((FootnoteRef("3"),))]


def test_editorial_notes_compare_whole():
    note = Note((Text("No text required"),))
    assert diff_inlines((note,), (note,)) == (note,)
    merged = diff_inlines((note,), (Note((Text("Text to follow"),)),))
    assert [type(n) for n in merged] == [Delete, Insert]


def test_chinese_differs_by_character():
    merged = diff_inlines((Text("同意不断审查《公约》执行工作；"),), (Text("同意定期审查《公约》执行工作。"),))
    assert ops(merged) == [("=", "同意"), ("-", "不断"), ("+", "定期"), ("=", "审查《公约》执行工作"),
                           ("-", "；"), ("+", "。")]


def test_mixed_script_text_tokenises_each_script_its_way():
    words = [t[1] for t in tokens((Text("第 2 段 paragraph 2(b)，"),))]
    assert words == ["第", " ", "2", " ", "段", " ", "paragraph", " ", "2", "(", "b", ")", "，"]


def test_a_long_clause_rewritten_is_not_degraded_by_a_deadline():
    old = " ".join(f"word{k}" for k in range(4000))
    new = " ".join(f"word{k}" if k % 50 else f"other{k}" for k in range(4000))
    merged = diff_inlines((Text(old),), (Text(new),))
    deleted = "".join(t for o, t in ops(merged) if o == "-")
    assert len(deleted) < len(old) / 5  # a real diff, not "delete everything, insert everything"


def test_inline_pairs_rebuild_both_rounds_on_real_pairs():
    old = doc(op("1", emph("Requests"), " the secretariat to ", br("prepare"), br("compile"),
                 " a report ", br("by 2020"), FootnoteRef("1"), ";"))
    new = doc(op("1", emph("Also requests"), " the secretariat to compile a short report", FootnoteRef("2"), ";"))
    assert_inline_invariant(compare(old, new))


_PIECES = st.sampled_from(["to ", "prepare ", "a ", "report ", "by 2020 ", "Parties ", "shall ", "; ", "请", "秘书处"])


@st.composite
def contents(draw, depth=0):
    items = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9 if depth < 2 else 6))
        if kind <= 5:
            items.append(Text(draw(_PIECES)))
        elif kind == 6:
            items.append(FootnoteRef(draw(st.sampled_from(["1", "2"]))))
        elif kind == 7:
            items.append(Emph((Text(draw(_PIECES)),)))
        else:
            items.append(Bracket(tuple(draw(contents(depth + 1))), opens=draw(st.booleans()) or depth > 0,
                                 closes=draw(st.booleans()) or depth > 0))
    return tuple(items)


@settings(max_examples=150, deadline=None)
@given(contents(), contents())
def test_any_pair_of_contents_rebuilds_both_sides(old, new):
    merged = diff_inlines(old, new)
    assert plain_text(merged) == plain_text(new)
    assert old_side(merged) == plain_text(old)
