"""Headings and option labels are compared between rounds (Comparison.headings), apart from clauses."""

from __future__ import annotations

import io
import json

from rich.console import Console

from clausewise.compare import compare
from clausewise.formats import html, markdown, terminal
from clausewise.formats import json as json_format
from clausewise.model import Heading, OptionLabel, Text
from tests.compare.builders import doc, op

A = op("1", "Decides to convene a dialogue in 2018;")
B = op("2", "Requests the secretariat to report.")


def H(text: str) -> Heading:
    return Heading(2, (Text(text),))


def test_a_heading_reworded_is_modified_and_clauses_keep_their_indexes():
    old = doc(H("A. Mitigation"), A, H("B. Finance"), B, round="r1")
    new = doc(H("A. Mitigation and adaptation"), A, H("B. Finance"), B, round="r2")
    cmp = compare(old, new)
    kinds = [(h.kind, h.old[0].index, h.new[0].index) for h in cmp.headings]
    assert kinds == [("modified", 0, 0), ("unchanged", 1, 1)]
    assert cmp.headings[0].inline_pairs() == [["=", "A. Mitigation"], ["+", " and adaptation"]]
    assert [c.kind for c in cmp.changes] == ["unchanged", "unchanged"]
    assert [(c.new[0].part, c.new[0].index) for c in cmp.changes] == [("operative", 0), ("operative", 1)]
    assert cmp.summary.headings == 1 and not cmp.identical
    assert "1 heading changed" in cmp.summary.line()


def test_headings_added_and_removed_and_option_labels_relabelled():
    old = doc(H("I. Scope"), OptionLabel("Option 2"), A, round="r1")
    new = doc(OptionLabel("Option 1"), A, H("II. Review"), round="r2")
    cmp = compare(old, new)
    seen = sorted((h.kind, tuple(r.label for r in h.old), tuple(r.label for r in h.new)) for h in cmp.headings)
    assert seen == [("deleted", (None,), ()), ("inserted", (), (None,)), ("unchanged", ("Option 2",), ("Option 1",))]
    relabelled = next(h for h in cmp.headings if h.kind == "unchanged")
    assert relabelled.renumbered and not relabelled.notable


def test_a_heading_is_never_paired_with_an_option_label():
    old = doc(OptionLabel("Option 1", (Text("Mitigation"),)), A)
    new = doc(H("Mitigation"), A)
    assert sorted(h.kind for h in compare(old, new).headings) == ["deleted", "inserted"]


def test_headings_in_json_terminal_markdown_and_html():
    old = doc(H("A. Mitigation"), A, H("B. Finance"), B, round="r1")
    new = doc(H("A. Mitigation and adaptation"), A, B, round="r2")
    cmp = compare(old, new)
    data = json.loads(json_format.write_comparison(cmp))
    assert [(h["kind"], h["old"], h["new"]) for h in data["headings"]] == [
        ("modified", [{"part": "heading", "index": 0, "label": None}], [{"part": "heading", "index": 0, "label": None}]),
        ("deleted", [{"part": "heading", "index": 1, "label": None}], [])]
    assert all(r["part"] != "heading" for c in data["changes"] for r in c["old"] + c["new"])
    assert data["summary"]["headings"] == 2
    out = io.StringIO()
    terminal.write_comparison(cmp, Console(file=out, width=200, force_terminal=False))
    text = out.getvalue()
    assert "Headings and option labels" in text and "A. Mitigation{+ and adaptation+}" in text
    assert "{-B. Finance-}" in text
    md = markdown.write_comparison(cmp)
    assert "## Headings and option labels" in md and "~~B. Finance~~" in md
    page = html.write_comparison(cmp)
    assert '<section id="headings">' in page and "<ins> and adaptation</ins>" in page
    assert '<li class="headings"><b>2</b> headings changed</li>' in page


def test_an_option_label_is_named_by_its_label_in_html():
    page = html.write_comparison(compare(doc(OptionLabel("Option 1"), A, OptionLabel("Option 2"), B), doc(A, B)))
    assert "was Option 1<" in page and "was Option 1." not in page


def test_identical_rounds_have_unchanged_headings():
    old = doc(H("A. Mitigation"), OptionLabel("Option 1"), A, OptionLabel("Option 2"), B)
    cmp = compare(old, old)
    assert cmp.identical and {h.kind for h in cmp.headings} == {"unchanged"} and cmp.summary.headings == 0
