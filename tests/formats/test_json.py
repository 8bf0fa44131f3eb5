"""The JSON comparison contract: keys, types, indices, inline pieces that rebuild both rounds."""

from __future__ import annotations

import json

from clausewise.compare import compare
from clausewise.formats import json as json_format
from clausewise.formats import load
from clausewise.model import plain_text
from tests.compare.builders import R1, R2
from tests.conftest import DRAFTS

SUMMARY_KEYS = {"unchanged", "modified", "moved", "renumbered", "inserted", "deleted", "split", "merged"}
CHANGE_KEYS = {"kind", "moved", "renumbered", "old", "new", "inline"}


def written(old=R1, new=R2) -> dict:
    return json.loads(json_format.write_comparison(compare(old, new)))


def test_the_contract_keys_and_types():
    data = written()
    assert data["format"] == "clausewise-diff" and data["version"] == 1
    assert SUMMARY_KEYS <= set(data["summary"]) and all(isinstance(data["summary"][k], int) for k in SUMMARY_KEYS)
    for change in data["changes"]:
        assert CHANGE_KEYS <= set(change)
        assert change["kind"] in ("unchanged", "modified", "inserted", "deleted", "split", "merged")
        assert isinstance(change["moved"], bool) and isinstance(change["renumbered"], bool)
        for ref in change["old"] + change["new"]:
            assert set(ref) == {"part", "index", "label"}
            assert ref["part"] in ("preamble", "operative")
            assert isinstance(ref["index"], int)
            assert ref["label"] is None if ref["part"] == "preamble" else isinstance(ref["label"], str)
        assert all(op in ("=", "-", "+") and isinstance(text, str) for op, text in change["inline"])


def test_the_summary_counts_what_the_changes_say():
    data = written()
    s = data["summary"]
    kinds = [c["kind"] for c in data["changes"]]
    for kind in ("unchanged", "modified", "inserted", "deleted", "split", "merged"):
        assert s[kind] == kinds.count(kind)
    assert s["moved"] == sum(c["moved"] for c in data["changes"]) == 1
    assert s["renumbered"] == 4 and s["inserted"] == 1 and s["deleted"] == 1


def test_indices_are_positions_within_the_part_and_labels_are_displayed_numbers():
    data = written()
    moved = [c for c in data["changes"] if c["moved"]]
    assert moved[0]["old"] == [{"part": "operative", "index": 4, "label": "5"}]
    assert moved[0]["new"] == [{"part": "operative", "index": 0, "label": "1"}]
    inserted = [c for c in data["changes"] if c["kind"] == "inserted"]
    assert inserted[0]["old"] == [] and inserted[0]["new"][0]["label"] == "4"
    deleted = [c for c in data["changes"] if c["kind"] == "deleted"]
    assert deleted[0]["new"] == [] and deleted[0]["old"][0]["index"] == 2


def test_changes_follow_the_new_round_with_deletions_where_they_stood():
    data = written()
    order = [(c["kind"], [r["label"] for r in c["old"]], [r["label"] for r in c["new"]]) for c in data["changes"]]
    assert order[2:] == [("unchanged", ["5"], ["1"]), ("modified", ["1"], ["2"]), ("unchanged", ["2"], ["3"]),
                         ("deleted", ["3"], []), ("inserted", [], ["4"]), ("unchanged", ["4"], ["5"]),
                         ("unchanged", ["6"], ["6"])]


def _clause_texts(doc):
    from clausewise.compare.result import clause_text
    return [clause_text(c) for c in doc.decisions[0].clauses]


def test_inline_pieces_rebuild_each_round_clause_by_clause():
    data = written()
    old_texts = _clause_texts(R1)
    new_texts = _clause_texts(R2)
    for change in data["changes"]:
        old = "".join(t for op, t in change["inline"] if op != "+")
        new = "".join(t for op, t in change["inline"] if op != "-")
        offset_old = 2 if change["old"] and change["old"][0]["part"] == "operative" else 0
        offset_new = 2 if change["new"] and change["new"][0]["part"] == "operative" else 0
        assert old == "\n\n".join(old_texts[r["index"] + offset_old] for r in change["old"])
        assert new == "\n\n".join(new_texts[r["index"] + offset_new] for r in change["new"])


def test_brackets_added_are_inserted_brackets_in_the_inline_pieces():
    data = written()
    modified = next(c for c in data["changes"] if c["kind"] == "modified")
    assert ["+", "[prepare][compile]"] in modified["inline"] or ["+", "["] in modified["inline"]
    assert modified["bracket_events"] and all("kind" in e for e in modified["bracket_events"])


def test_a_round_against_itself_is_identical_and_all_unchanged():
    data = written(R1, R1)
    assert data["identical"] is True
    assert {c["kind"] for c in data["changes"]} == {"unchanged"}
    assert not any(c["moved"] or c["renumbered"] for c in data["changes"])


def test_real_draft_rounds_round_trip_through_json():
    folder = DRAFTS / "mc-4-international-cooperation"
    r1, r2 = load(folder / "r1.md"), load(folder / "r2.md")
    text = json_format.write_comparison(compare(r1, r2))
    data = json.loads(text)
    assert not data["identical"] and data["old"]["language"] == "zh"
    assert "同意" in text  # UTF-8 kept, not \\u-escaped
    new_clauses = r2.decisions[0].clauses
    assert len([c for c in data["changes"] if c["new"]]) == len(new_clauses)
    joined = {"".join(t for op, t in c["inline"] if op != "-") for c in data["changes"] if c["new"]}
    assert plain_text(new_clauses[0].content) in joined


def test_footnote_changes_are_listed_with_pieces_that_rebuild_both_texts():
    from dataclasses import replace

    from clausewise.model import Footnote, Text

    def with_note(doc, text):
        return replace(doc, blocks=(replace(doc.decisions[0], footnotes=(Footnote("1", (Text(text),)),)),))

    data = written(with_note(R1, "UNEP/MC/COP.4/INF/14."), with_note(R2, "UNEP/MC/COP.4/INF/14/Rev.1."))
    assert data["summary"]["footnotes"] == 1
    (note,) = data["footnotes"]
    assert (note["kind"], note["old_key"], note["new_key"], note["decision"]) == ("modified", "1", "1", 0)
    assert "".join(t for op, t in note["inline"] if op != "+") == "UNEP/MC/COP.4/INF/14."
    assert "".join(t for op, t in note["inline"] if op != "-") == "UNEP/MC/COP.4/INF/14/Rev.1."
