"""The Markdown report: counts first, changed clauses, bold insertions, struck deletions, escaped brackets."""

from __future__ import annotations

from clausewise.compare import compare
from clausewise.formats import markdown
from tests.compare.builders import R1, R2, br, doc, emph, op


def test_summary_then_each_changed_clause():
    text = markdown.write_comparison(compare(R1, R2))
    assert text.startswith("# Changes from r1 to r2\n")
    assert "**Summary:** 1 modified, 1 inserted, 1 deleted, 1 moved, 4 renumbered" in text
    assert "**1 → 2** — modified, renumbered" in text
    assert "**5 → 1** — unchanged, moved, renumbered" in text
    assert "**2 → 3**" not in text  # only renumbered: not a change


def test_insertions_bold_deletions_struck_with_spaces_outside_the_marks():
    text = markdown.write_comparison(compare(R1, R2))
    assert "~~Convention~~**Paris Agreement**" in text
    assert "to **\\[**prepare**\\]\\[compile\\]** a synthesis" in text
    short = markdown.write_comparison(compare(doc(op("1", "to prepare a report;")),
                                              doc(op("1", "to prepare a short report;"))))
    assert "> to prepare a **short** report;" in short


def test_markdown_specials_in_the_text_are_escaped():
    text = markdown.write_comparison(compare(R1, R2))
    assert "&" in text and "\\<annex\\>" in text
    assert "_Welcomes_" in text


def test_brackets_never_become_links():
    old = doc(op("1", "Parties ", br("shall"), br("should"), " report;"))
    new = doc(op("1", "Parties should report;"))
    text = markdown.write_comparison(compare(old, new))
    assert "~~\\[shall\\]\\[~~should~~\\]~~" in text


def test_identical_rounds_say_so():
    assert "The rounds are identical." in markdown.write_comparison(compare(R1, R1))


def test_opening_words_are_italic():
    old = doc(op("1", emph("Requests"), " the secretariat;"))
    new = doc(op("1", emph("Also requests"), " the secretariat;"))
    assert "~~_Requests_~~**_Also requests_** the secretariat;" in markdown.write_comparison(compare(old, new))
