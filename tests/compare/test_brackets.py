"""Bracket tree, inventory and bracket events: constructed cases, then the real corpus texts."""

from __future__ import annotations

import pytest

from clausewise.compare.brackets import (
    Choice, Span, bracket_events, count_words, inventory, option_events, option_groups, tree,
)
from clausewise.errors import ClausewiseError
from clausewise.formats import text as text_format
from clausewise.model import (
    Bracket, Clause, Decision, Document, Emph, Heading, Metadata, Note, OptionLabel, Subparagraph, Text,
)
from tests.conftest import CORPUS

T, B = Text, Bracket


def doc_of(*body, footnotes=()) -> Document:
    return Document(Metadata(), (Decision("1/CP.1", (), (T("The Conference of the Parties,"),), tuple(body), footnotes),))


def op(label, *content, subs=()):
    return Clause("operative", tuple(content), label, tuple(subs))


def pp(*content):
    return Clause("preambular", tuple(content))


# ---------------------------------------------------------------- tree


def test_tree_alternatives_nested_and_slash():
    items = tree((T("Parties "), B((T("shall"),)), B((T("should"),)), T(" report "),
                  B((T("annually "), B((T("to the COP"),)))), T(" "), B((T("and/or"),))))
    assert isinstance(items[0], Choice) and items[0].alternatives == ("shall", "should")
    assert isinstance(items[1], Span) and items[1].depth == 1 and items[1].items[0].depth == 2
    assert isinstance(items[2], Choice) and items[2].slash and items[2].alternatives == ("and", "or")


def test_tree_keeps_emphasised_alternatives_together():
    items = tree((Emph((B((T("Decides"),)), B((T("Requests"),)))), T(" that …")))
    assert len(items) == 1 and items[0].alternatives == ("Decides", "Requests")


def test_option_groups_with_no_text_option():
    d = Decision(None, (), (), (
        OptionLabel("Option 1"), op("1", T("Decides x;")), op("2", T("Decides y;")),
        OptionLabel("Option 2"), op("3", T("Decides z;")),
        OptionLabel("Option 3", (Note((T("No text required"),)),)),
        Heading(1, (T("II. Next"),)), op("4", T("Notes;"))))
    (group,) = option_groups(d)
    assert group.labels == ("Option 1", "Option 2", "Option 3")
    assert [blocks for _, blocks in group.options] == [(1, 2), (4,), ()]


def test_option_group_with_one_option_is_a_group_of_one():
    d = Decision(None, (), (), (OptionLabel("Option 1"), op("1", T("Decides x;"))))
    assert [g.size for g in option_groups(d)] == [1]


# ---------------------------------------------------------------- inventory


def test_inventory_counts_pairs_depth_words_and_whole_clauses():
    doc = doc_of(
        pp(Emph((T("Recalling"),)), T(" decision 1/CP.17,")),
        op("1", B((T("Decides to adopt "), B((T("the Paris"),)), B((T("the"),)), T(" Agreement;")))),
        op("2", T("Requests "), B((T("the SBI"),)), T(" to report;"),
           subs=[Subparagraph("a", (T("On "), B((T("finance"),)), T(";")))]),
    )
    inv = inventory(doc)
    assert (inv.pairs, inv.max_depth, inv.alternatives) == (5, 2, 1)
    assert inv.words == count_words("The Conference of the Parties Recalling decision 1/CP.17 Decides to adopt "
                                    "the Paris the Agreement Requests the SBI to report On finance")
    assert inv.bracketed_words == 7 + 2 + 1  # "Decides to adopt the Paris the Agreement", "the SBI", "finance"
    first, second, third = inv.clauses
    assert (first.part, first.index, first.pairs) == ("preamble", 0, 0)
    assert (second.part, second.index, second.label, second.pairs, second.max_depth, second.whole) == \
        ("operative", 0, "1", 3, 2, True)
    assert (third.pairs, third.bracketed_words, third.whole) == (2, 3, False)
    data = inv.to_json()
    assert set(data["total"]) >= {"pairs", "max_depth", "alternatives", "options", "bracketed_words", "words"}
    assert set(data["clauses"][0]) >= {"part", "index", "label", "pairs", "max_depth", "bracketed_words"}


def test_bracket_spanning_clauses_is_counted_once():
    doc = doc_of(op("1", T("Decides "), B((T("that x;"),), closes=False)),
                 op("2", B((T("y;"),), opens=False, closes=False)),
                 op("3", B((T("z"),), opens=False), T(";")))
    inv = inventory(doc)
    assert (inv.pairs, inv.max_depth, inv.unclosed, inv.stray_closes) == (1, 1, 0, 0)
    assert [c.pairs for c in inv.clauses] == [1, 0, 0]
    assert [c.bracketed_words for c in inv.clauses] == [2, 1, 1]


def test_unbalanced_brackets_are_counted_not_rejected():
    doc = doc_of(op("1", B((T("never closed"),), closes=False)), op("2", B((T("stray"),), opens=False), T(";")),
                 op("3", B((T("stray again"),), opens=False), T(";")))
    inv = inventory(doc)
    assert (inv.pairs, inv.unclosed, inv.stray_closes) == (1, 0, 1)


def test_chinese_words_are_characters():
    assert count_words("请秘书处[编写]报告") == 8
    doc = doc_of(op("1", T("请秘书处"), B((T("编写"),)), T("报告；")))
    assert inventory(doc).bracketed_words == 2


def test_ten_thousand_deep_nesting_is_counted_and_refused_clearly():
    node = T("x")
    for _ in range(10_000):
        node = B((node,))
    doc = doc_of(op("1", node, T(";")))
    inv = inventory(doc)
    assert (inv.pairs, inv.max_depth) == (10_000, 10_000)
    with pytest.raises(ClausewiseError, match="nested more than"):
        bracket_events((node,), (T("x"),))


# ---------------------------------------------------------------- events


def kinds(events):
    return [(e.kind, e.text) for e in events]


def test_events_agreed_dropped_alternative_contested():
    old = (T("Parties "), B((T("shall"),)), B((T("should"),)), T(" report "), B((T("annually"),)),
           T(" to the "), B((T("COP"),)), T(" and the CMA;"))
    new = (T("Parties should report to the COP and "), B((T("the CMA"),)), T(" "), B((T("in full"),)), T(";"))
    events = bracket_events(old, new)
    assert kinds(events) == [("alternative_chosen", "should"), ("dropped", "annually"), ("agreed", "COP"),
                             ("contested", "the CMA"), ("contested", "in full")]
    assert events[0].alternatives == ("shall", "should")
    assert [e.new_text for e in events if e.kind == "contested"] == [False, True]
    assert events[0].to_json() == {"kind": "alternative_chosen", "text": "should", "alternatives": ["shall", "should"]}


def test_unchanged_brackets_have_no_events():
    same = (T("Requests "), B((T("the SBI"),)), T(" to report;"))
    assert bracket_events(same, same) == []


def test_dropped_outer_bracket_hides_its_inner_ones():
    old = (T("Decides "), B((T("that "), B((T("all"),)), T(" Parties report")),), T(";"))
    new = (T("Decides;"),)
    assert kinds(bracket_events(old, new)) == [("dropped", "that [all] Parties report")]


def test_part_of_a_spanning_bracket_has_no_event_of_its_own():
    old = (B((T("y;"),), opens=False, closes=False),)
    assert bracket_events(old, (T("y;"),)) == []


def test_option_resolved_at_decision_level():
    old = Decision(None, (), (), (OptionLabel("Option 1"), op("1", T("Decides to convene a dialogue in 2018;")),
                                  OptionLabel("Option 2"), op("2", T("Decides that no dialogue takes place;"))))
    new = Decision(None, (), (), (op("1", T("Decides to convene a dialogue in 2018;")),))
    (event,) = option_events(old, new)
    assert (event.kind, event.text, event.alternatives) == ("option_resolved", "Option 1", ("Option 1", "Option 2"))
    assert option_events(old, old) == []


# ---------------------------------------------------------------- the corpus, counted independently


def raw_counts(raw: str) -> tuple[int, int, int]:
    """'[' and ']' characters and the maximum nesting, counted straight from the file's text.

    The reader drops page headers, page numbers and footnote separators; none of them holds a
    bracket, so no exclusion changes these counts. A ']' with nothing open is ignored for depth.
    """
    depth = deepest = 0
    for ch in raw:
        if ch == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "]" and depth > 0:
            depth -= 1
    return raw.count("["), raw.count("]"), deepest


CORPUS_FILES = [
    "unfccc-cop21-decision-1-CP.21/r1_2015-10-05_ADP.2015.8.InformalNote_part-B-draft-decision.txt",
    "unfccc-cop21-decision-1-CP.21/r2_2015-10-23_ADP.2015.11.InformalNote_part-B-draft-decision.txt",
    "unfccc-cop21-decision-1-CP.21/r3_2015-12-04_ADP2-12_part-B-draft-decision.txt",
    "unfccc-cop21-decision-1-CP.21/r4_adopted_decision-1-CP.21_FCCC-CP-2015-10-Add.1.txt",
    "unfccc-cma6-article6.2-cooperative-approaches/r1_SBSTA61-item13a_draft-decision_1st-iteration_2024-11-14.txt",
    "unfccc-cma6-article6.2-cooperative-approaches/"
    "r1_SBSTA61-item13a_draft-decision_1st-iteration_2024-11-14.as-committed-in-repo.txt",
    "unfccc-cma6-article6.2-cooperative-approaches/r3_adopted_decision-4-CMA.6.txt",
    "unfccc-cop21-paris-agreement-drafts/r3_2015-12-04_ADP2-12_draft-agreement-and-decision.txt",
    "unfccc-cop21-paris-agreement-drafts/r0_2015-02-12_ADP2-8_Geneva-negotiating-text.txt",
]


@pytest.mark.parametrize("name", CORPUS_FILES, ids=lambda n: n.split("/")[-1][:30])
def test_inventory_agrees_with_an_independent_count(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    raw = path.read_text(encoding="utf-8")
    opens, closes, deepest = raw_counts(raw)
    inv = inventory(text_format.read(raw, str(path)))
    assert inv.pairs == opens
    assert inv.pairs - inv.unclosed + inv.stray_closes == closes
    assert inv.max_depth == deepest


def test_corpus_figures_from_source_md():
    path = CORPUS / CORPUS_FILES[4]
    if not path.exists():
        pytest.skip("corpus not available")
    inv = inventory(text_format.read_file(path))
    # SOURCE.md: 460 "[" and 458 "]" with the foot/endnotes, nested 7 deep
    assert (inv.pairs, inv.max_depth) == (460, 7)
    assert inv.alternatives > 50 and inv.options >= 10


# ---------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402

from tests import strategies  # noqa: E402

KINDS = {"agreed", "dropped", "alternative_chosen", "contested"}


@settings(max_examples=80, deadline=None)
@given(strategies.inlines(depth=3, max_size=6), strategies.inlines(depth=3, max_size=6))
def test_events_on_any_inlines(old, new):
    events = bracket_events(old, new)
    assert {e.kind for e in events} <= KINDS
    assert all(isinstance(e.to_json(), dict) for e in events)
    assert bracket_events(old, old) == []


@settings(max_examples=30, deadline=None)
@given(strategies.documents())
def test_inventory_of_any_document_is_consistent(doc):
    inv = inventory(doc)
    assert 0 <= inv.bracketed_words <= inv.words
    assert inv.max_depth <= inv.pairs + inv.unclosed + 1 or inv.pairs == 0
    assert sum(c.pairs for c in inv.clauses) <= inv.pairs
    assert len(inv.clauses) == sum(len(d.clauses) for d in doc.decisions)


def test_bracket_problems_name_positions():
    from clausewise.compare.brackets import bracket_problems
    from clausewise.model import Source

    src = Source("d.md", 4, 2)
    doc = doc_of(op("1", B((T("never"),), closes=False, source=src)), op("2", T("ok;")),
                 OptionLabel("Option 1", (), Source("d.md", 9)), op("3", T("x;")))
    problems = bracket_problems(doc)
    assert [(p.code, p.where) for p in problems] == [
        ("unclosed", "operative paragraph 1"), ("single_option", 'option label "Option 1"')]
    assert problems[0].source == src and str(problems[0].source) == "d.md:4:2"
    doc2 = doc_of(op("1", T("x"), B((T("stray"),), opens=False), T(";")))
    assert [p.code for p in bracket_problems(doc2)] == ["stray_close"]


def test_word_file_and_its_text_export_give_the_same_bracket_counts():
    from clausewise.formats import load

    folder = CORPUS / "unfccc-cma6-article6.2-cooperative-approaches"
    docx = folder / "r1_SBSTA61-item13a_draft-decision_1st-iteration_2024-11-14.docx"
    txt = folder / "r1_SBSTA61-item13a_draft-decision_1st-iteration_2024-11-14.txt"
    if not (docx.exists() and txt.exists()):
        pytest.skip("corpus not available")
    from_word, from_text = inventory(load(docx)), inventory(load(txt))
    for name in ("pairs", "max_depth", "unclosed", "stray_closes", "alternatives"):
        assert getattr(from_word, name) == getattr(from_text, name), name
    assert abs(from_word.words - from_text.words) < 0.01 * from_word.words


def test_clause_tree_whole_notes_and_insert_suffix():
    from clausewise.compare.brackets import clause_tree

    clause = op("5 bis", B((Emph((T("Invites"),)), T(" Parties "), Note((T("to be discussed"),)), T(";"))),
                subs=[Subparagraph("a", (T("To "), B((T("report"),)), B((T("inform"),)), T(";")),
                                   (Subparagraph("i", (T("x;"),)),))])
    ct = clause_tree(clause)
    assert ct.insert == "bis" and ct.notes == ("to be discussed",)
    assert not ct.whole  # subparagraph words stand outside the bracket
    assert [path for path, _ in ct.subparagraphs] == ["a", "a.i"]
    assert ct.subparagraphs[0][1][0].alternatives == ("report", "inform")
    assert clause_tree(op("3", B((T("Decides x;"),)))).whole


def test_inventory_table_lists_bracketed_clauses_and_the_total():
    from rich.console import Console

    from clausewise.formats.brackets_table import write_inventory

    doc = doc_of(op("1", T("Decides;")), op("2 bis", B((T("Invites"),)), B((T("Urges"),)), T(" Parties;")))
    console = Console(record=True, width=120)
    write_inventory(inventory(doc), console)
    shown = console.export_text()
    assert "op 2 bis" in shown and "op 1 " not in shown
    total = next(line for line in shown.splitlines() if "total" in line)
    assert [cell.strip() for cell in total.split("│")[2:6]] == ["total", "2", "1", "1"]
    assert "0 option group(s)" in shown
