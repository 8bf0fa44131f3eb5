"""Clause alignment: anchors, pairs, moves, splits, merges, renumbering, order, speed."""

from __future__ import annotations

import doctest
import importlib
import random
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from clausewise.compare import compare
from clausewise.compare.align import align, similarity
from clausewise.model import PREAMBULAR, Clause, Text
from tests.compare.builders import R1, assert_inline_invariant, doc, emph, op, pp, sub

align_module = importlib.import_module("clausewise.compare.align")

CLAUSES = [
    "Recalling its decision 1/CP.17 on the establishment of the working group,",
    "Requests the secretariat to prepare a synthesis report on the implementation of the Convention;",
    "Invites Parties to submit their views on the work programme by 1 March 2016;",
    "Encourages observer organizations to participate in the technical expert meetings;",
    "Decides to convene a facilitative dialogue among Parties in 2018;",
    "Urges developed country Parties to scale up their financial support for adaptation;",
    "Also requests the secretariat to report on progress at its next session.",
]


def test_the_documented_examples_hold():
    assert doctest.testmod(align_module).failed == 0


def test_identical_rounds_pair_every_clause_with_itself():
    result = align(CLAUSES, CLAUSES)
    assert [(p.tag, p.old, p.new, p.moved) for p in result] == [
        ("equal", (k,), (k,), False) for k in range(len(CLAUSES))]


def test_an_edited_clause_is_paired_not_deleted_and_inserted():
    new = list(CLAUSES)
    new[2] = "Invites Parties and observers to submit their views on the work programme by 1 April 2016;"
    result = align(CLAUSES, new)
    assert ("replace", (2,), (2,), False) in [(p.tag, p.old, p.new, p.moved) for p in result]
    assert all(p.tag in ("equal", "replace") for p in result)


def test_a_clause_moved_two_places_is_the_one_reported_as_moved():
    new = [CLAUSES[0], CLAUSES[2], CLAUSES[3], CLAUSES[1], CLAUSES[4], CLAUSES[5], CLAUSES[6]]
    moved = [p for p in align(CLAUSES, new) if p.moved]
    assert [(p.old, p.new) for p in moved] == [((1,), (3,))]


def test_a_moved_and_edited_clause_is_reported_as_both():
    edited = CLAUSES[5].replace("scale up", "significantly increase")
    new = [CLAUSES[0], edited, CLAUSES[1], CLAUSES[2], CLAUSES[3], CLAUSES[4], CLAUSES[6]]
    moved = [p for p in align(CLAUSES, new) if p.moved]
    assert [(p.tag, p.old, p.new) for p in moved] == [("replace", (5,), (1,))]


def test_insertions_and_deletions_keep_the_new_order_with_deletions_where_they_stood():
    new = [CLAUSES[0], CLAUSES[1], "Welcomes the report of the Standing Committee on Finance;",
           CLAUSES[2], CLAUSES[4], CLAUSES[5], CLAUSES[6]]
    result = align(CLAUSES, new)
    assert [(p.tag, p.old, p.new) for p in result] == [
        ("equal", (0,), (0,)), ("equal", (1,), (1,)), ("insert", (), (2,)), ("equal", (2,), (3,)),
        ("delete", (3,), ()), ("equal", (4,), (4,)), ("equal", (5,), (5,)), ("equal", (6,), (6,))]


def test_a_split_clause_is_one_old_clause_to_two_adjacent_new_ones():
    old = CLAUSES[:2] + ["Requests the secretariat to prepare a synthesis report on the implementation "
                         "of the Convention and invites Parties to submit their views on the work programme;"] + CLAUSES[4:]
    new = CLAUSES[:2] + ["Requests the secretariat to prepare a synthesis report on the implementation of the Convention;",
                         "Invites Parties to submit their views on the work programme;"] + CLAUSES[4:]
    splits = [p for p in align(old, new) if p.tag == "split"]
    assert [(p.old, p.new) for p in splits] == [((2,), (2, 3))]


def test_two_clauses_merged_into_one_is_a_merge():
    merged = ("Invites Parties to submit their views on the work programme by 1 March 2016, and encourages "
              "observer organizations to participate in the technical expert meetings;")
    new = CLAUSES[:2] + [merged] + CLAUSES[4:]
    merges = [p for p in align(CLAUSES, new) if p.tag == "merge"]
    assert [(p.old, p.new) for p in merges] == [((2, 3), (2,))]


def test_unrelated_rounds_are_all_deleted_and_all_inserted():
    other = ["Elects the members of the Bureau for a term of two years,",
             "Adopts the budget for the biennium as contained in the annex;"]
    result = align(CLAUSES, other)
    assert sorted(p.tag for p in result) == ["delete"] * len(CLAUSES) + ["insert"] * 2


def test_empty_sides():
    assert align([], []) == []
    assert [p.tag for p in align([], CLAUSES[:2])] == ["insert", "insert"]
    assert [p.tag for p in align(CLAUSES[:2], [])] == ["delete", "delete"]


def test_a_bad_cutoff_is_refused_with_its_value():
    with pytest.raises(ValueError, match="cutoff must be in"):
        align(CLAUSES, CLAUSES, cutoff=1.5)


def test_similarity_counts_words_not_characters():
    assert similarity("Requests the secretariat", "requests the secretariat;") == 1.0
    assert similarity("Requests the secretariat", "Invites all Parties") == 0.0


def test_chinese_clauses_align_by_character():
    old = ["同意不断审查《公约》执行工作的贡献；", "请秘书处编写一份报告；", "还请秘书处报告执行情况。"]
    new = ["同意定期审查《公约》执行工作的贡献；", "还请秘书处报告执行情况。"]
    result = [(p.tag, p.old, p.new) for p in align(old, new)]
    assert result == [("replace", (0,), (0,)), ("delete", (1,), ()), ("equal", (2,), (1,))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(range(len(CLAUSES))), max_size=9),
       st.lists(st.sampled_from(range(len(CLAUSES))), max_size=9))
def test_every_clause_is_accounted_for_once_in_new_order(old_ids, new_ids):
    old = [CLAUSES[k] for k in old_ids]
    new = [CLAUSES[k] for k in new_ids]
    result = align(old, new)
    assert sorted(i for p in result for i in p.old) == list(range(len(old)))
    assert sorted(j for p in result for j in p.new) == list(range(len(new)))
    firsts = [p.new[0] for p in result if p.new]
    assert firsts == sorted(firsts)
    for p in result:
        assert list(p.old) == list(range(p.old[0], p.old[0] + len(p.old))) if p.old else True
        assert list(p.new) == list(range(p.new[0], p.new[0] + len(p.new))) if p.new else True


def test_two_thousand_clauses_align_well_under_a_second():
    from bench.generate import clauses_of, generate_decision, second_round
    from clausewise.compare.result import clause_text

    r1 = generate_decision(2000, seed=11)
    r2, _truth = second_round(r1, seed=12)
    a = [clause_text(c) for c in clauses_of(r1)]
    b = [clause_text(c) for c in clauses_of(r2)]
    best = min(_timed(align, a, b) for _ in range(3))
    assert best < 1.0, f"align took {best:.2f} s for 2,000 x 2,000 clauses"


def _timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def test_alignment_does_not_compare_all_pairs(monkeypatch):
    calls = []
    real = align_module.Indel.normalized_similarity

    def counting(a, b, **kw):
        calls.append(1)
        return real(a, b, **kw)

    monkeypatch.setattr(align_module.Indel, "normalized_similarity", counting)
    rng = random.Random(3)
    words = "Parties secretariat report views decision Convention support review session guidance".split()
    old = [" ".join(rng.choice(words) for _ in range(12)) + f" item {k} of annex {k * 7}" for k in range(600)]
    new = [t + " as appropriate" if k % 3 == 0 else t for k, t in enumerate(old)]
    align(old, new)
    assert len(calls) < 600 * 40  # candidates per clause are bounded, never 600 x 600


# ---------------------------------------------------------------- through compare()


def test_a_clause_only_renumbered_is_unchanged_and_says_so():
    new = doc(*R1.decisions[0].clauses[:2], op("1", emph("Welcomes"), " the synthesis report prepared by the secretariat;"),
              *[replace(c, label=str(int(c.label) + 1)) for c in R1.decisions[0].operative])
    result = compare(R1, new)
    kinds = [(c.kind, c.renumbered, c.label_changed_explicitly) for c in result.changes if c.old and c.new]
    assert all(kind == "unchanged" and renumbered and not explicit
               for kind, renumbered, explicit in kinds[2:])
    assert result.summary.renumbered == 6 and result.summary.modified == 0
    assert result.summary.inserted == 1


def test_a_bis_paragraph_renumbered_by_the_draft_is_an_explicit_label_change():
    old = doc(op("1", "Requests the secretariat to prepare a report;"),
              op("1 bis", "Invites Parties to submit their views;"),
              op("2", "Decides to continue consideration of the matter."))
    new = doc(op("1", "Requests the secretariat to prepare a report;"),
              op("2", "Invites Parties to submit their views;"),
              op("3", "Decides to continue consideration of the matter."))
    changes = compare(old, new).changes
    assert [(c.kind, c.renumbered, c.label_changed_explicitly) for c in changes] == [
        ("unchanged", False, False), ("unchanged", True, True), ("unchanged", True, True)]


def test_a_clause_moving_from_operative_to_preamble_is_a_part_change_not_a_move():
    old = doc(pp(emph("Recalling"), " its decision 1/CP.17,"),
              op("1", emph("Welcomes"), " the outcome of the Addis Ababa Action Agenda;"),
              op("2", emph("Requests"), " the secretariat to prepare a synthesis report;"))
    new = doc(pp(emph("Recalling"), " its decision 1/CP.17,"),
              pp(emph("Welcoming"), " the outcome of the Addis Ababa Action Agenda,"),
              op("1", emph("Requests"), " the secretariat to prepare a synthesis report;"))
    changes = compare(old, new).changes
    welcome = changes[1]
    assert (welcome.kind, welcome.part_changed, welcome.moved, welcome.renumbered) == ("modified", True, False, False)
    assert welcome.old[0].part == "operative" and welcome.new[0].part == PREAMBULAR
    assert changes[2].kind == "unchanged" and changes[2].renumbered


def test_end_punctuation_changed_by_a_new_last_paragraph_is_reported_as_such():
    old = doc(op("1", "Requests the secretariat to prepare a report;"),
              op("2", "Decides to continue consideration of the matter."))
    new = doc(op("1", "Requests the secretariat to prepare a report;"),
              op("2", "Decides to continue consideration of the matter;"),
              op("3", "Also decides to review the arrangements at its next session."))
    changes = compare(old, new).changes
    assert (changes[1].kind, changes[1].punctuation_only) == ("modified", True)
    assert compare(old, new).summary.punctuation_only == 1
    assert changes[1].inline_pairs()[-2:] == [["-", "."], ["+", ";"]]


def test_subparagraphs_are_aligned_within_their_clause():
    old = doc(op("1", "Decides:", subs=(sub("a", "To take stock of the collective efforts of Parties;"),
                                        sub("b", "To inform the preparation of contributions;"))))
    new = doc(op("1", "Decides:", subs=(sub("a", "To convene a dialogue among Parties in 2018;"),
                                        sub("b", "To take stock of the collective efforts of Parties;"),
                                        sub("c", "To inform the preparation of nationally determined contributions;"))))
    change = compare(old, new).changes[0]
    assert change.kind == "modified"
    subs = [(s.kind, s.relabelled, [r.label for r in s.old], [r.label for r in s.new]) for s in change.subparagraphs]
    assert subs == [("inserted", False, [], ["a"]), ("unchanged", True, ["a"], ["b"]),
                    ("modified", True, ["b"], ["c"])]
    assert_inline_invariant(compare(old, new))


def test_a_draft_compared_with_itself_is_identical_and_empty():
    result = compare(R1, R1)
    assert result.identical and result.differences == ()
    assert result.summary.unchanged == len(R1.decisions[0].clauses)


def test_decisions_pair_by_number_then_order_and_narrative_is_compared():
    from clausewise.model import Document, Metadata, Paragraph

    d1 = R1.decisions[0]
    d2 = replace(d1, number="2/CP.1", body=(op("1", "Adopts the budget for the biennium 2016-2017;"),))
    old = Document(Metadata(), (Paragraph((Text("The Conference has before it two draft decisions."),), "1"), d1, d2))
    new = Document(Metadata(), (Paragraph((Text("The Conference has before it two draft decisions for adoption."),), "1"), d2, d1))
    result = compare(old, new)
    assert result.decisions == ((1, 0), (0, 1))
    assert result.changes[0].kind == "modified" and result.changes[0].old[0].part == "narrative"
    assert all(c.kind == "unchanged" for c in result.changes[1:])
    assert_inline_invariant(result)


def test_unrelated_decisions_are_all_deleted_and_inserted_without_crashing():
    other = doc(op("1", "Elects the members of the Bureau for a term of two years;"),
                op("2", "Adopts the budget for the biennium as contained in the annex."), number="9/CP.9")
    result = compare(R1, other)
    assert result.summary.deleted == len(R1.decisions[0].clauses) and result.summary.inserted == 2
    assert_inline_invariant(result)


def test_a_decision_present_in_one_round_only_is_wholly_inserted():
    from clausewise.model import Document

    new = Document(R1.meta, R1.blocks + (doc(op("1", "Adopts the budget;"), number="2/CP.1").decisions[0],))
    result = compare(R1, new)
    assert result.decisions == ((0, 0), (None, 1))
    assert [c.kind for c in result.changes if c.decision == 1] == ["inserted"]


def test_clauses_without_text_do_not_crash():
    empty = Clause("operative", (), "1")
    result = compare(doc(empty), doc(empty, op("2", "Adopts the budget;")))
    assert [c.kind for c in result.changes] == ["unchanged", "inserted"]


def test_footnotes_are_aligned_by_text_and_diffed():
    from clausewise.model import Footnote

    notes_old = (Footnote("1", (Text("UNEP/MC/COP.4/INF/14."),)), Footnote("2", (Text("See decision MC-3/3."),)))
    notes_new = (Footnote("1", (Text("See the note by the Secretariat on cooperation."),)),
                 Footnote("2", (Text("UNEP/MC/COP.4/INF/14/Rev.1."),)), Footnote("3", (Text("See decision MC-3/3."),)))
    old = replace(R1, blocks=(replace(R1.decisions[0], footnotes=notes_old),))
    new = replace(R1, blocks=(replace(R1.decisions[0], footnotes=notes_new),))
    result = compare(old, new)
    assert [(f.kind, f.old_key, f.new_key) for f in result.footnotes] == [
        ("inserted", None, "1"), ("modified", "1", "2"), ("unchanged", "2", "3")]
    assert result.summary.footnotes == 2 and not result.identical
    assert compare(old, old).footnotes[0].kind == "unchanged" and compare(old, old).identical


def test_a_round_read_as_plain_paragraphs_is_compared_with_the_clauses_of_the_other():
    from clausewise.model import Document, Metadata, Paragraph

    clauses = R1.decisions[0].clauses
    plain = Document(Metadata(), tuple(Paragraph(c.content, c.label) for c in clauses[:4])
                     + (Paragraph((Text("Elects the members of the Bureau for two years."),), "9"),))
    result = compare(plain, R1)
    kinds = [c.kind for c in result.changes]
    assert kinds.count("unchanged") == 4 and kinds.count("deleted") == 1
    assert kinds.count("inserted") == len(clauses) - 4
    assert not any(c.part_changed for c in result.changes)
    assert {c.decision for c in result.changes} == {0}
    assert_inline_invariant(result)
    back = compare(R1, plain)
    assert [c.kind for c in back.changes].count("unchanged") == 4


# ---------------------------------------------------------------- which of two swapped clauses moved

SHORT = "Invites Parties to submit views;"
LONG = ("Requests the secretariat to prepare a synthesis report on the resources of the Adaptation "
        "Fund and on the arrangements for its replenishment, for consideration at the next session;")


def _moved(old, new):
    from clausewise.compare.align import align as _align
    return [(p.old, p.new) for p in _align(old, new) if p.moved]


def test_of_two_adjacent_clauses_swapped_the_shorter_is_called_moved_either_way():
    ctx = ["Decides to convene a dialogue in 2027;", "Also requests the secretariat to report on progress;"]
    assert _moved(ctx[:1] + [SHORT, LONG] + ctx[1:], ctx[:1] + [LONG, SHORT] + ctx[1:]) == [((1,), (2,))]
    assert _moved(ctx[:1] + [LONG, SHORT] + ctx[1:], ctx[:1] + [SHORT, LONG] + ctx[1:]) == [((2,), (1,))]


def test_of_two_orders_equally_long_the_clauses_that_travelled_farther_are_called_moved():
    a, b, c = (f"Clause {w} about {w} matters of the work programme;" for w in ("alpha", "beta", "gamma"))
    # old a b c -> new c b a: any one clause could stay; "b" did not travel, a and c moved
    assert _moved([a, b, c], [c, b, a]) == [((2,), (0,)), ((0,), (2,))]
