"""Property tests of the draft format: read(write(m)) == m and write(read(x)) is a fixed point."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from clausewise.formats import draft
from tests.strategies import documents


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(documents())
def test_read_of_write_is_the_model_and_write_is_a_fixed_point(doc):
    text = draft.write(doc)
    again = draft.read(text)
    assert again == doc, text
    assert draft.write(again) == text
