"""A subparagraph split in two (or two merged into one) is reported as such, not deleted + inserted."""

from __future__ import annotations

import json

from clausewise.compare import compare
from clausewise.formats import json as json_format
from tests.compare.builders import assert_inline_invariant, doc, op, sub

OLD = doc(op("1", "Decides:", subs=(
    sub("a", "To take stock of the resources mobilized by Parties and to inform the preparation of the next replenishment;"),
    sub("b", "To report to the next session."))))
NEW = doc(op("1", "Decides:", subs=(
    sub("a", "To take stock of the resources mobilized by Parties;"),
    sub("b", "To inform the preparation of the next replenishment;"),
    sub("c", "To report to the next session."))))


def test_a_split_subparagraph_is_one_split_change_whose_pieces_rebuild_both_rounds():
    cmp = compare(OLD, NEW)
    assert_inline_invariant(cmp)
    subs = [(s.kind, [r.label for r in s.old], [r.label for r in s.new]) for s in cmp.changes[0].subparagraphs]
    assert subs == [("split", ["a"], ["a", "b"]), ("unchanged", ["b"], ["c"])]
    pairs = cmp.changes[0].inline_pairs()
    assert ["+", ";\n   (b) To"] in pairs     # the new line's prefix is inserted text


def test_two_subparagraphs_merged_are_one_merged_change():
    cmp = compare(NEW, OLD)
    assert_inline_invariant(cmp)
    assert [s.kind for s in cmp.changes[0].subparagraphs] == ["merged", "unchanged"]
    data = json.loads(json_format.write_comparison(cmp))
    merged = data["changes"][0]["subparagraphs"][0]
    assert merged["kind"] == "merged" and [r["label"] for r in merged["old"]] == ["a", "b"]
    assert [r["label"] for r in merged["new"]] == ["a"]
