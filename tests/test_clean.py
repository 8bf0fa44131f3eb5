"""clean: refusing open brackets, accept/drop, options, renumbering, references, punctuation, identity."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from clausewise.clean import clean
from clausewise.compare.brackets import inventory
from clausewise.errors import ClausewiseError, FindingsError
from clausewise.formats import text as text_format
from clausewise.model import (
    Bracket, Clause, Decision, Document, Emph, Footnote, FootnoteRef, Heading, Metadata, Note, OptionLabel,
    Source, Subparagraph, Text, plain_text,
)
from tests import strategies
from tests.conftest import CORPUS

T, B = Text, Bracket


def decision(*body, number="MC-4/[--]", footnotes=(), language="en") -> Document:
    organ = (T("The Conference of the Parties,"),) if language == "en" else (T("缔约方大会，"),)
    return Document(Metadata(language=language), (Decision(number, (T("Cooperation"),), organ, tuple(body), footnotes),))


def op(label, *content, subs=(), line=None):
    return Clause("operative", tuple(content), label, tuple(subs), Source("d.md", line) if line else None)


def pp(*content):
    return Clause("preambular", tuple(content))


def texts_of(doc: Document) -> list[tuple[str | None, str]]:
    return [(c.label, plain_text(c.content)) for c in doc.decisions[0].clauses]


def test_refuses_open_brackets_listing_each_with_its_position():
    doc = decision(op("1", T("Decides "), B((T("to act"),)), T(";"), line=7),
                   op("2", B((T("shall"),)), B((T("should"),)), T(" report."), line=9))
    with pytest.raises(FindingsError) as caught:
        clean(doc)
    findings = caught.value.findings
    assert len(findings) == 3
    assert [str(f).split(": error")[0] for f in findings] == ["d.md:7:1", "d.md:9:1", "d.md:9:1"]
    assert "operative paragraph 1" in findings[0].message and "[to act]" in findings[0].message
    assert "--accept-bracketed" in str(caught.value)


def test_accept_keeps_text_and_first_alternative_drop_removes():
    doc = decision(op("1", T("Parties "), B((T("shall"),)), B((T("should"),)), T(" report "),
                      B((T("annually"),)), T(" to the "), B((T("COP/CMA"),)), T(";")))
    accepted = clean(doc, mode="accept")
    assert texts_of(accepted) == [("1", "Parties shall report annually to the COP.")]
    dropped = clean(doc, mode="drop")
    assert texts_of(dropped) == [("1", "Parties report to the.")]


def test_slash_alternative_keeps_the_first():
    doc = decision(op("1", T("Invites "), B((T("Parties/observers"),)), T(" to submit views;")))
    assert texts_of(clean(doc, mode="accept")) == [("1", "Invites Parties to submit views.")]


def test_renumbers_bis_and_rewrites_references():
    doc = decision(
        op("1", T("Decides;")),
        op("2", T("Requests;")),
        op("2 bis", T("Invites;")),
        op("3", T("Notes paragraph 2 bis above and paragraphs 3 to 4 below;")),
        op("4", T("Recalls paragraphs 1 and 2 above, paragraph 3 (a) above and decision 1/CP.17, paragraph 4;")),
    )
    out = clean(doc)
    assert texts_of(out) == [
        ("1", "Decides;"), ("2", "Requests;"), ("3", "Invites;"),
        ("4", "Notes paragraph 3 above and paragraphs 4 to 5 below;"),
        ("5", "Recalls paragraphs 1 and 2 above, paragraph 4 (a) above and decision 1/CP.17, paragraph 4."),
    ]


def test_chinese_references_and_punctuation():
    doc = decision(pp(T("回顾第25/5号决定第3段。")),
                   op("1", T("决定")), op("1 bis", T("请秘书处")), op("2", T("又请秘书处执行上文第1 bis段和第1至2段")),
                   language="zh")
    out = clean(doc)
    assert texts_of(out) == [(None, "回顾第25/5号决定第3段，"), ("1", "决定；"), ("2", "请秘书处；"),
                             ("3", "又请秘书处执行上文第2段和第1至3段。")]


def test_reference_to_a_removed_paragraph_is_refused_by_name():
    doc = decision(op("1", T("Decides;")), op("2", B((T("Requests the secretariat;"),)), line=4),
                   op("3", T("Notes paragraph 2 above."), line=6))
    with pytest.raises(FindingsError) as caught:
        clean(doc, mode="drop")
    (finding,) = caught.value.findings
    assert "paragraph 2 above" in finding.message and "clean removed" in finding.message
    assert finding.line == 6


def test_notes_options_comments_removed_footnotes_kept_number_replaced():
    doc = decision(
        pp(Emph((T("Recalling"),)), T(" its decision 1/2"), FootnoteRef("1"), T(";")),
        Heading(3, (Note((T("Timing"),)),)),
        OptionLabel("Option 1", (Note((T("the only option left"),)),)),
        op("1", Emph((T("Decides"),)), T(" to act "), Note((T("placeholder"),)), T(";")),
        op("2", T("Requests the Secretariat:"), subs=[Subparagraph("a", (T("To report"),)),
                                                      Subparagraph("b", (T("To publish;"),))]),
        footnotes=(Footnote("1", (T("UNEP/MC/COP.1/29."),)), Footnote("2", (T("Orphan."),))),
    )
    out = clean(doc, number="MC-4/11")
    (d,) = out.decisions
    assert d.number == "MC-4/11"
    assert [type(b).__name__ for b in d.body] == ["Clause", "Clause", "Clause"]
    # the footnote reference keeps its place; only the clause's ending changes
    assert d.preambular[0].content == (Emph((T("Recalling"),)), T(" its decision 1/2"), FootnoteRef("1"), T(","))
    assert plain_text(d.operative[0].content) == "Decides to act;"
    assert [plain_text(s.content) for s in d.operative[1].subparagraphs] == ["To report;", "To publish."]
    assert [f.key for f in d.footnotes] == ["1"]


def test_several_options_are_refused_unless_first_is_asked_for():
    doc = decision(OptionLabel("Option 1"), op("1", T("Decides to convene a dialogue;")),
                   OptionLabel("Option 2"), op("2", T("Decides not to;")),
                   Heading(2, (T("B. Reporting"),)), op("3", T("Requests a report;")))
    with pytest.raises(FindingsError, match="option group"):
        clean(doc, mode="accept")
    first = clean(doc, options="first")
    assert texts_of(first) == [("1", "Decides to convene a dialogue;"), ("2", "Requests a report.")]
    assert [type(b).__name__ for b in first.decisions[0].body] == ["Clause", "Heading", "Clause"]


def test_option_group_with_one_option_keeps_its_clauses():
    doc = decision(OptionLabel("Option 1"), op("1", T("Decides;")), op("2", T("Requests.")))
    assert texts_of(clean(doc)) == [("1", "Decides;"), ("2", "Requests.")]


def test_bracket_crossing_clauses_accept_and_drop():
    doc = decision(op("1", T("Decides "), B((T("that x;"),), closes=False)),
                   op("2", B((T("y;"),), opens=False, closes=False)),
                   op("3", B((T("z"),), opens=False), T(" and w.")))
    assert texts_of(clean(doc, mode="accept")) == [("1", "Decides that x;"), ("2", "y;"), ("3", "z and w.")]
    assert texts_of(clean(doc, mode="drop")) == [("1", "Decides;"), ("2", "and w.")]


def test_ten_thousand_deep_nesting_gives_a_clear_error():
    node = T("x")
    for _ in range(10_000):
        node = B((node,))
    with pytest.raises(ClausewiseError, match="nested 10000 deep"):
        clean(decision(op("1", node, T(";"))), mode="accept")


def test_clean_of_a_clean_draft_is_the_identity_and_clean_is_idempotent():
    doc = decision(pp(Emph((T("Recalling"),)), T(" decision 1/2,")), op("1", Emph((T("Decides"),)), T(";")),
                   op("2", Emph((T("Requests"),)), T(":"), subs=[Subparagraph("a", (T("To report;"),)),
                                                                 Subparagraph("b", (T("To publish."),))]),
                   number="MC-4/11")
    assert clean(doc) == doc
    # opening words that are not yet marked are marked (check asks for it)
    plain = decision(op("1", T("Decides to act.")))
    assert clean(plain).decisions[0].operative[0].content == (Emph((T("Decides"),)), T(" to act."))
    messy = decision(op("1 bis", B((T("Decides"),)), T(" x")), op("3", T("Notes paragraph 1 bis above")))
    once = clean(messy, mode="accept", number="MC-4/11")
    assert clean(once, number="MC-4/11") == once


# ---------------------------------------------------------------- real texts


def test_accept_on_the_cop21_first_round_leaves_no_bracket_and_renumbers():
    path = CORPUS / "unfccc-cop21-decision-1-CP.21" / "r1_2015-10-05_ADP.2015.8.InformalNote_part-B-draft-decision.txt"
    if not path.exists():
        pytest.skip("corpus not available")
    doc = text_format.read_file(path)
    assert inventory(doc).pairs == 98
    out = clean(doc, mode="accept", options="first", number="1/CP.21")
    written = text_format.write(out)
    assert "[" not in written and "]" not in written and "{" not in written
    assert inventory(out).pairs == 0
    (d,) = out.decisions
    assert [c.label for c in d.operative] == [str(n) for n in range(1, len(d.operative) + 1)]
    assert len(d.operative) > 80
    assert all(plain_text(c.content).endswith(";") for c in d.operative[:-1] if not c.subparagraphs)
    assert plain_text(d.operative[-1].content)[-1] in ".:"
    assert d.number == "1/CP.21"
    # references follow the renumbering: old 34 (an option whose text follows) keeps its place
    assert "referred to in paragraph" in written


# ---------------------------------------------------------------- property


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.documents())
def test_any_draft_cleans_to_text_without_brackets_that_check_accepts(doc):
    outputs = []
    for mode in ("accept", "drop"):
        try:
            out = clean(doc, mode=mode, options="first")
        except FindingsError as exc:  # only a reference to a removed paragraph or a stray "]" may stop it
            assert all(f.code in ("CL003", "CW102") for f in exc.findings)
            continue
        assert inventory(out).pairs == 0
        for d in out.decisions:
            assert [c.label for c in d.operative] == [str(n) for n in range(1, len(d.operative) + 1)]
        assert clean(out) == out
        outputs.append(out)
    if not outputs:
        return
    check = pytest.importorskip("clausewise.check")
    before = {f.code for f in check.check(doc, "in.md") if f.severity == "error"
              and "bracket" not in f"{f.code} {f.message}".lower() and "option" not in f.message.lower()}
    for out in outputs:
        after = [f for f in check.check(out, "out.md") if f.severity == "error"]
        assert not [f for f in after if f.code not in before], after


def test_chinese_opening_words_are_not_emphasised():
    from clausewise.formats import draft as draft_format
    from clausewise.model import walk_inlines
    from tests.conftest import DRAFTS

    path = DRAFTS / "mc-4-international-cooperation" / "r3.md"
    if not path.exists():
        pytest.skip("drafts not available")
    out = clean(draft_format.read_file(path), number="MC-4/11")
    assert not any(isinstance(n, Emph) for c in out.decisions[0].clauses for n in walk_inlines(c.content))
    assert "*" not in draft_format.write(out).split("---", 2)[2]
    assert [c.label for c in out.decisions[0].operative] == [str(n) for n in range(1, 9)]  # "5 bis" became 6


def test_footnotes_marked_in_the_masthead_survive_clean():
    from clausewise.check import check
    from clausewise.formats import draft
    from tests.conftest import DRAFTS

    doc = draft.read_file(DRAFTS / "mc-4-international-cooperation" / "pre-session-document.md")
    assert {"*", "**"} <= {f.key for f in doc.footnotes}
    out = clean(doc)
    assert {"*", "**"} <= {f.key for f in out.footnotes}
    assert not [f for f in check(out, "out.md") if f.code == "CW111"]


def test_an_adopted_number_turns_the_draft_decision_into_a_decision():
    """--number gives the adopted number: "Draft decision MC-4/[--]" becomes "Decision MC-4/11"."""
    from clausewise.clean import clean
    from clausewise.formats.draft import read

    text = ("---\nlanguage: en\ndecision: MC-4/[--]\nkind: Draft decision\ntitle: T\n---\n\n"
            "*The Conference of the Parties*,\n\n1. *Decides* to act.\n")
    final = clean(read(text), number="MC-4/11")
    assert (final.decisions[0].kind, final.decisions[0].number) == ("Decision", "MC-4/11")
    zh = text.replace("language: en", "language: zh").replace("Draft decision", "决定草案")
    zh = zh.replace("*The Conference of the Parties*,", "缔约方大会，").replace("1. *Decides* to act.", "1. 决定采取行动。")
    assert clean(read(zh), number="MC-4/11").decisions[0].kind == "决定"
    assert clean(read(text)).decisions[0].kind == "Draft decision"   # no number given: still a draft
