"""A bracket event's text is the bracket's own text as written: no spaces added between Chinese
characters or before punctuation."""

from __future__ import annotations

from clausewise.compare import compare
from clausewise.compare.brackets import bracket_events
from clausewise.formats import load
from clausewise.model import Bracket, Emph, Text
from tests.conftest import DRAFTS


def test_chinese_event_text_has_no_spaces_between_characters():
    old = (Emph((Text("认识到"),)), Text("需要加强合作，"))
    new = (Bracket((Emph((Text("认识到"),)), Text("需要加强合作，"))),)
    (event,) = bracket_events(old, new)
    assert (event.kind, event.text) == ("contested", "认识到需要加强合作，")


def test_english_event_text_keeps_punctuation_where_it_stands():
    old = (Text("in a transparent "), Bracket((Text("and timely manner, on a voluntary basis"),)), Text(";"))
    new = (Text("in a transparent and timely manner, on a voluntary basis;"),)
    (event,) = bracket_events(old, new)
    assert (event.kind, event.text) == ("agreed", "and timely manner, on a voluntary basis")


def test_mc4_r1_to_r2_events_read_as_the_draft_writes_them():
    rounds = DRAFTS / "mc-4-international-cooperation"
    r1, r2 = load(rounds / "r1.md"), load(rounds / "r2.md")
    texts = [e.text for c in compare(r1, r2).changes for e in c.bracket_events]
    raw = (rounds / "r2.md").read_text(encoding="utf-8").replace("*", "")
    assert texts and "认识到需要加强化学品" in texts[0]
    for text in texts:
        assert " " not in text or text.isascii(), text
        assert text.split("[")[0] in raw
