"""Measured, not guessed: second rounds with known edits, and real consecutive rounds.

``bench/generate.py`` makes a second round of a generated decision or of a real corpus text with
known edits (word edits, brackets added and removed, inserted, deleted, moved, split and merged
clauses, a clause moved into the preamble, renumbering) and the truth about each clause.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from bench.generate import clauses_of, generate_decision, read_text, score, second_round
from clausewise.compare import compare
from tests.compare.builders import assert_inline_invariant
from tests.conftest import CORPUS

COP21 = CORPUS / "unfccc-cop21-decision-1-CP.21"
ARTICLE62 = CORPUS / "unfccc-cma6-article6.2-cooperative-approaches"


def check(result: dict) -> None:
    assert result["accuracy"] >= 0.98, result
    assert result["moves_found"] == result["moves"], result
    assert result["false_moves"] <= max(1, result["moves"] // 10), result
    assert result["renumbered_only_unchanged"] == result["renumbered_only"], result


@pytest.mark.parametrize("clauses,seed", [(100, 1), (100, 5), (400, 9), (2000, 21)])
def test_generated_rounds_are_recovered(clauses, seed):
    r1 = generate_decision(clauses, seed=seed)
    r2, truth = second_round(r1, seed=seed + 1)
    assert len(clauses_of(r1)) == clauses
    assert truth.edits["moved"] >= 1 and truth.edits["split"] >= 1 and truth.edits["merged"] >= 1
    assert truth.renumbered_only, "the generator must renumber clauses"
    result = compare(r1, r2)
    check(score(result, truth))
    assert result.summary.part_changed == 1
    assert_inline_invariant(result)


def test_the_generator_reports_its_edits_truthfully():
    r1 = generate_decision(100, seed=3)
    r2, truth = second_round(r1, seed=4)
    old, new = clauses_of(r1), clauses_of(r2)
    assert sorted(i for olds, _, _ in truth.pairs for i in olds) == list(range(len(old)))
    assert sorted(j for _, news, _ in truth.pairs for j in news) == list(range(len(new)))
    labels = [c.label for c in new if c.part == "operative"]
    assert labels == [str(k) for k in range(1, len(labels) + 1)]
    for olds, news, kind in truth.pairs:
        if kind == "unchanged":
            assert old[olds[0]].content == new[news[0]].content


CORPUS_TEXTS = [
    (COP21, "r3_2015-12-04_ADP2-12_part-B-draft-decision.txt"),
    (COP21, "r4_adopted_decision-1-CP.21_FCCC-CP-2015-10-Add.1.txt"),
    (ARTICLE62, "r2_CMA6-item15a_draft-decision_2024-11-19.txt"),
]


@pytest.mark.corpus
@pytest.mark.parametrize("folder,name", CORPUS_TEXTS)
def test_second_rounds_of_real_texts_are_recovered(folder, name):
    path = folder / name
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    r1 = read_text(path)
    assert len(clauses_of(r1)) > 50
    r2, truth = second_round(r1, seed=7, edit_share=0.2, insert_share=0.03, delete_share=0.03,
                             move_share=0.03)
    result = compare(r1, r2)
    check(score(result, truth))
    assert_inline_invariant(result)


def _rounds(folder, *prefixes):
    files = [next(iter(sorted(folder.glob(f"{p}_*.txt"))), None) for p in prefixes] if folder.exists() else []
    if not files or None in files:
        pytest.skip(f"corpus rounds not available in {folder}")
    return [read_text(f) for f in files]


@pytest.mark.corpus
def test_real_cop21_rounds_compare_and_read_right():
    r1, r2, r3, r4 = _rounds(COP21, "r1", "r2", "r3", "r4")
    for old, new in ((r1, r2), (r2, r3), (r3, r4)):
        result = compare(old, new)
        assert_inline_invariant(result)
        assert not result.identical
        assert compare(new, new).identical
    # r3 -> r4: the adoption paragraph "1. Decides to adopt the Paris Agreement ..." stays paired
    result = compare(r3, r4)
    first = next(c for c in result.changes if c.new and c.new[0].part == "operative" and c.new[0].index == 0)
    assert first.old and first.old[0].label == "1" and first.kind == "modified"
    # adopted text has no brackets: r3 -> r4 agrees or drops brackets, contests none
    kinds = dict(result.summary.brackets)
    assert kinds.get("contested", 0) == 0
    assert kinds.get("agreed", 0) + kinds.get("dropped", 0) > 50


@pytest.mark.corpus
def test_real_article_6_2_rounds_compare():
    r2, r3 = _rounds(ARTICLE62, "r2", "r3")
    result = compare(r2, r3)
    assert_inline_invariant(result)
    paired = [c for c in result.changes if c.old and c.new]
    # most of the adopted decision comes from the draft: far more pairs than insertions
    assert len(paired) > result.summary.inserted
    # draft paragraph 14 "Decides that each participating Party shall include in the
    # authorization ... the following elements:" is adopted as paragraph 5, its list edited
    include = [c for c in paired if "shall include in the authorization of use" in c.new_text()]
    assert [(c.old[0].label, c.new[0].label, c.kind, c.renumbered) for c in include] == [("14", "5", "modified", True)]
    subs = include[0].subparagraphs
    assert subs[0].kind == "unchanged" and subs[0].new[0].label == "a"  # "A unique identifier ..."
    assert {"inserted", "deleted", "modified"} <= {s.kind for s in subs}


def test_subparagraph_edits_are_found_within_their_clause():
    r1 = generate_decision(2000, seed=21)
    r2, truth = second_round(r1, seed=22)
    assert len(truth.subparagraphs) >= 5
    result = compare(r1, r2)
    npre = len(r1.decisions[0].preambular)
    by_old = {npre + c.old[0].index: c for c in result.changes
              if c.old and c.old[0].part == "operative" and c.kind == "modified"}
    for i, (what, k) in truth.subparagraphs.items():
        change = by_old[i]
        top = [s for s in change.subparagraphs if (s.new or s.old)[0].depth == 1]
        kinds = [s.kind for s in top]
        expected = "modified" if what == "edited" else "inserted"
        assert kinds[k] == expected and kinds.count(expected) == 1, (what, k, kinds)
        assert all(kind == "unchanged" for n, kind in enumerate(kinds) if n != k)
        if what == "inserted":
            assert all(s.relabelled for s in top[k + 1:])


@settings(max_examples=25, deadline=None)
@given(st.integers(5, 80), st.integers(0, 10_000))
def test_any_generated_round_is_accounted_for_clause_by_clause(clauses, seed):
    r1 = generate_decision(clauses, seed=seed)
    r2, _truth = second_round(r1, seed=seed + 1)
    result = compare(r1, r2)
    assert_inline_invariant(result)
    old = sorted((r.part, r.index) for c in result.changes for r in c.old)
    new = [(r.part, r.index) for c in result.changes for r in c.new]
    assert old == sorted((c.part, k) for part in ("operative", "preambular")
                         for k, c in enumerate(x for x in clauses_of(r1) if x.part == part))
    assert new == [(c.part, k) for part in ("preambular", "operative")
                   for k, c in enumerate(x for x in clauses_of(r2) if x.part == part)]
