"""Documents for comparison tests, built straight from the model."""

from __future__ import annotations

from clausewise.model import (
    OPERATIVE, PREAMBULAR, Bracket, Clause, Decision, Document, Emph, Metadata, Subparagraph, Text,
)


def op(label: str, *content, subs: tuple = ()) -> Clause:
    """An operative clause; plain strings become Text."""
    return Clause(OPERATIVE, tuple(Text(c) if isinstance(c, str) else c for c in content), label, subs)


def pp(*content) -> Clause:
    """A preambular clause; plain strings become Text."""
    return Clause(PREAMBULAR, tuple(Text(c) if isinstance(c, str) else c for c in content))


def sub(label: str, text: str, *children: Subparagraph) -> Subparagraph:
    """A subparagraph with plain text."""
    return Subparagraph(label, (Text(text),), tuple(children))


def doc(*clauses: Clause, number: str = "1/CP.1", language: str = "en", round: str | None = None) -> Document:
    """A document holding one decision with ``clauses``."""
    decision = Decision(number, (Text("Title"),), (Emph((Text("The Conference of the Parties"),)), Text(",")),
                        tuple(clauses))
    return Document(Metadata(language=language, round=round), (decision,))


def emph(text: str) -> Emph:
    """Opening words."""
    return Emph((Text(text),))


def br(*content) -> Bracket:
    """A negotiation bracket; plain strings become Text."""
    return Bracket(tuple(Text(c) if isinstance(c, str) else c for c in content))


def assert_inline_invariant(comparison) -> None:
    """Joining "=" and "-" gives the old text, "=" and "+" the new one, for every change."""
    for change in comparison.changes:
        pairs = change.inline_pairs()
        assert "".join(t for o, t in pairs if o != "+") == change.old_text(), (change.kind, pairs)
        assert "".join(t for o, t in pairs if o != "-") == change.new_text(), (change.kind, pairs)
        assert all(o in "=-+" and t for o, t in pairs)


R1 = doc(
    pp(emph("Recalling"), " its decision 1/CP.17 on the establishment of the working group,"),
    pp(emph("Welcoming"), " the outcome of the Addis Ababa Action Agenda,"),
    op("1", emph("Requests"), " the secretariat to prepare a synthesis report on the implementation of the Convention;"),
    op("2", emph("Invites"), " Parties to submit their views on the work programme by 1 March 2016;"),
    op("3", emph("Encourages"), " observer organizations to participate in the technical expert meetings;"),
    op("4", emph("Decides"), " to convene a facilitative dialogue among Parties in 2018:",
       subs=(sub("a", "To take stock of the collective efforts of Parties;"),
             sub("b", "To inform the preparation of nationally determined contributions;"))),
    op("5", emph("Urges"), " developed country Parties to scale up their financial support for adaptation;"),
    op("6", emph("Also requests"), " the secretariat to report on progress at its next session."),
    round="r1",
)


R2 = doc(
    pp(emph("Recalling"), " its decision 1/CP.17 on the establishment of the working group,"),
    pp(emph("Welcoming"), " the outcome of the Addis Ababa Action Agenda,"),
    op("1", emph("Urges"), " developed country Parties to scale up their financial support for adaptation;"),
    op("2", emph("Requests"), " the secretariat to ", br("prepare"), br("compile"),
       " a synthesis report on the implementation of the Paris Agreement;"),
    op("3", emph("Invites"), " Parties to submit their views on the work programme by 1 March 2016;"),
    op("4", emph("Welcomes"), " the report of the Standing Committee on Finance & its <annex>;"),
    op("5", emph("Decides"), " to convene a facilitative dialogue among Parties in 2018:",
       subs=(sub("a", "To take stock of the collective efforts of Parties;"),
             sub("b", "To inform the preparation of nationally determined contributions;"))),
    op("6", emph("Also requests"), " the secretariat to report on progress at its next session."),
    round="r2",
)
