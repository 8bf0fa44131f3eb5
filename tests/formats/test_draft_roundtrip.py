"""Property tests of the draft format: read(write(m)) == m and write(read(x)) is a fixed point."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausewise.errors import OutputError, ParseError
from clausewise.formats import draft
from tests.strategies import documents


@settings(max_examples=int(os.environ.get("ROUNDS", 200)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(documents())
def test_read_of_write_is_the_model_and_write_is_a_fixed_point(doc):
    text = draft.write(doc)
    again = draft.read(text)
    assert again == doc, text
    assert draft.write(again) == text


# arbitrary text made of the format's own markup: it either fails with a ParseError or reads to a
# model whose canonical text reads back the same (crossings, stray brackets, escapes, wrapping)
_PIECES = ["*", "[", "]", "{", "}", "[^1]", "<!-- US: x -->", "\\[", "\\*", "\\", "1. ", "2 bis. ", "(a) ",
           "   (b) ", "# ", "## Decision 1/2: T", "[^1]: ", "**Option 1**", "\n", "\n\n", "Recalling ", "act",
           " ", ";", ",", ".", "回顾", "---\n", "<", "!--", "\t", "      (i) ", "a) ", "### ", "# Annex",
           "**Option 2:** ", "[^*]", "5- ", "<!-- : a: b -->", "\n   ", "^", ":", "- ", "\n- "]


@settings(max_examples=int(os.environ.get("FUZZ", 300)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), st.sampled_from(["", "---\nlanguage: en\ndecision: X/1\n---\n\n",
                                                                               "---\nlanguage: ar\n---\n\n## مقرر 1/2\n\n"]))
def test_any_text_either_fails_cleanly_or_has_a_stable_canonical_form(body, head):
    text = head + body
    try:
        doc = draft.read(text, "fuzz.md")
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1
        return
    try:
        once = draft.write(doc)
    except OutputError:
        return
    assert draft.read(once) == doc
    assert draft.write(draft.read(once)) == once
