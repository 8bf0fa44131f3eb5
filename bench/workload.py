"""Benchmark inputs: generated decisions of N clauses, a second round with known kinds of edits, on disk.

``bench/generate.py`` (the diff engineer's realistic-decision and round-2 generator) is used when it
is present and offers one of the functions named in ``_GENERATOR_NAMES``; otherwise this module's own
generator writes decisions in UN wording: preambular and operative paragraphs, subparagraphs (a) and
(i), footnotes, section headings, negotiation brackets (nested, alternatives, whole clauses). The
second round has the proportions of the large pair in ``shared/spec/peers.md`` (about 15% of clauses
edited, 2% inserted, 1.3% deleted, 1.3% moved, operative paragraphs renumbered).

A ``Workload`` is a folder holding ``r1``/``r2`` as drafts (``.md``) and Word files (``.docx``), with
their models, so the same inputs serve in-process timing and whole-process (command-line) runs.
"""

from __future__ import annotations

import importlib
import io
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from clausewise.model import (
    OPERATIVE, PREAMBULAR, Bracket, Clause, Decision, Document, Emph, Footnote, FootnoteRef, Heading,
    Metadata, Subparagraph, Text, plain_text,
)

__all__ = ["Workload", "make_workload", "generate_decision", "second_round", "available", "generator_source"]

# ---------------------------------------------------------------- vocabulary (UN decision wording)

_PREAMBULAR_OPENINGS = [
    "Recalling", "Also recalling", "Further recalling", "Recognizing", "Also recognizing", "Noting",
    "Noting with appreciation", "Noting with concern", "Welcoming", "Acknowledging", "Emphasizing",
    "Bearing in mind", "Reaffirming", "Taking note of", "Mindful of", "Convinced", "Concerned",
    "Stressing", "Affirming", "Expressing its appreciation",
]
_OPERATIVE_OPENINGS = [
    "Requests", "Also requests", "Further requests", "Invites", "Decides", "Also decides",
    "Encourages", "Urges", "Welcomes", "Notes", "Calls upon", "Agrees", "Takes note of",
    "Emphasizes", "Reiterates", "Recognizes", "Acknowledges", "Underlines", "Adopts", "Approves",
]
_ACTORS = [
    "the Secretariat", "Parties", "developed country Parties", "developing country Parties",
    "the Subsidiary Body for Scientific and Technological Advice",
    "the Subsidiary Body for Implementation", "the Executive Secretary", "the Standing Committee on Finance",
    "the Adaptation Committee", "the Technology Executive Committee", "the Green Climate Fund",
    "relevant international organizations", "non-Party stakeholders", "the operating entities of the Financial Mechanism",
    "the Conference of the Parties serving as the meeting of the Parties to the Paris Agreement",
]
_ACTIONS = [
    "to prepare a synthesis report on", "to continue its work on", "to submit their views on",
    "to take into account", "to enhance their efforts towards", "to strengthen cooperation on",
    "to organize a workshop on", "to report at its next session on", "to consider further",
    "to develop guidance on", "to facilitate the exchange of information on", "to support",
    "to mobilize resources for", "to include information in their biennial transparency reports on",
    "to compile and make available", "to update the technical paper on",
]
_TOPICS = [
    "the implementation of Article 6, paragraph 2, of the Paris Agreement",
    "capacity-building for developing country Parties",
    "the corresponding adjustments applied to internationally transferred mitigation outcomes",
    "the authorization of cooperative approaches", "the global stocktake",
    "the enhanced transparency framework", "loss and damage associated with the adverse effects of climate change",
    "the mobilization of climate finance from a wide variety of sources",
    "the national adaptation plans", "the reduction of emissions from deforestation and forest degradation",
    "the sustainable management of mercury wastes", "artisanal and small-scale gold mining",
    "the effectiveness evaluation", "the international registry", "technology development and transfer",
    "gender-responsive climate policy", "the rights of indigenous peoples and local communities",
    "the review of information provided by participating Parties", "the special needs of least developed countries",
    "the work programme on just transition pathways",
]
_QUALIFIERS = [
    "in accordance with decision 2/CMA.3", "taking into account national circumstances",
    "subject to the availability of financial resources", "as appropriate",
    "in a manner consistent with the guidance contained in the annex", "on a voluntary basis",
    "no later than four weeks before its next session", "in close cooperation with the relevant bodies",
    "while avoiding duplication of work", "with a view to enhancing ambition",
    "including through the regional collaboration centres", "in line with the best available science",
]
_ALTERNATIVES = [("shall", "should"), ("requests", "invites"), ("ensure", "promote"),
                 ("developed country", "all"), ("decides", "agrees"), ("annually", "biennially")]
_SECTION_TITLES = [
    "Guidance on cooperative approaches", "Reporting", "Review", "Recording and tracking",
    "Capacity-building", "Finance", "Safeguards and limits", "Ambition in mitigation and adaptation",
    "Infrastructure", "Reporting and review", "Institutional arrangements", "Further work",
]
_PREAMBULAR_OBJECTS = [
    "the importance of", "the need to strengthen", "the progress made in", "the outcome of the work on",
    "the report of the Secretariat on", "the challenges faced by developing country Parties in",
    "its decisions on", "the contributions of Parties to", "the urgency of action on", "the views submitted by Parties on",
]
_EDIT_WORDS = ["relevant", "further", "enhanced", "effective", "timely", "comprehensive", "voluntary", "additional"]


# ---------------------------------------------------------------- generation


def _inlines(*parts) -> tuple:
    """Inline content from strings and nodes, adjacent strings merged, empty strings dropped."""
    out: list = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + part)
            else:
                out.append(Text(part))
        else:
            out.append(part)
    return tuple(out)


def _cap(words: str) -> str:
    return words[:1].upper() + words[1:]


def _phrase(rng: random.Random) -> str:
    words = f"{rng.choice(_ACTIONS)} {rng.choice(_TOPICS)}"
    if rng.random() < 0.6:
        words += f", {rng.choice(_QUALIFIERS)}"
    if rng.random() < 0.4:
        words += f", and {rng.choice(_ACTIONS)} {rng.choice(_TOPICS)}"
    return words


def _bracketed_body(rng: random.Random, body: str) -> tuple:
    """``body`` with negotiation brackets in about a quarter of cases: a phrase, nested, alternatives."""
    roll = rng.random()
    words = body.split(" ")
    if roll < 0.12 and len(words) > 6:
        i = rng.randrange(1, len(words) - 4)
        j = i + rng.randrange(2, 5)
        return _inlines(" ".join(words[:i]) + " ", Bracket(_inlines(" ".join(words[i:j]))), " " + " ".join(words[j:]))
    if roll < 0.18:
        a, b = rng.choice(_ALTERNATIVES)
        return _inlines(f"{rng.choice(_ACTORS)} ", Bracket(_inlines(a)), Bracket(_inlines(b)), " " + body)
    if roll < 0.22 and len(words) > 8:
        i = rng.randrange(1, len(words) - 6)
        inner = Bracket(_inlines(" ".join(words[i + 2:i + 4])))
        outer = Bracket(_inlines(" ".join(words[i:i + 2]) + " ", inner, " " + " ".join(words[i + 4:i + 6])))
        return _inlines(" ".join(words[:i]) + " ", outer, " " + " ".join(words[i + 6:]))
    return _inlines(body)


def _clause_content(rng: random.Random, part: str, end: str, footnote: str | None) -> tuple:
    opening = rng.choice(_PREAMBULAR_OPENINGS if part == PREAMBULAR else _OPERATIVE_OPENINGS)
    body = f"{rng.choice(_ACTORS)} {_phrase(rng)}" if part == OPERATIVE else (
        f"{rng.choice(_PREAMBULAR_OBJECTS)} {rng.choice(_TOPICS)}, {rng.choice(_QUALIFIERS)}")
    content = _inlines(Emph(_inlines(opening)), " ", *_bracketed_body(rng, body))
    if footnote is not None:
        content = content + (FootnoteRef(footnote),)
    if rng.random() < 0.01:  # a whole clause in brackets
        return (Bracket(content + _inlines(end)),)
    return content + _inlines(end)


def generate_decision(clauses: int, *, seed: int = 1, language: str = "en") -> Document:
    """A Document holding one draft decision of ``clauses`` clauses in UN wording (this module's generator)."""
    rng = random.Random(seed * 1_000_003 + clauses)
    n_pre = max(1, clauses * 12 // 100)
    n_op = clauses - n_pre
    body: list = []
    footnotes: list[Footnote] = []
    for i in range(n_pre):
        key = None
        if rng.random() < 0.03:
            key = str(len(footnotes) + 1)
            footnotes.append(Footnote(key, _inlines(f"FCCC/SBSTA/20{rng.randrange(15, 25)}/INF.{rng.randrange(1, 20)}.")))
        body.append(Clause(PREAMBULAR, _clause_content(rng, PREAMBULAR, ",", key)))
    section = 0
    for i in range(n_op):
        if i % 60 == 0 and n_op >= 120:
            title = _SECTION_TITLES[section % len(_SECTION_TITLES)]
            body.append(Heading(2, _inlines(f"{chr(ord('A') + section % 26)}. {title}")))
            section += 1
        key = None
        if rng.random() < 0.03:
            key = str(len(footnotes) + 1)
            footnotes.append(Footnote(key, _inlines(f"See document FCCC/PA/CMA/20{rng.randrange(18, 25)}/{rng.randrange(2, 12)}.")))
        last = i == n_op - 1
        subs: tuple = ()
        if rng.random() < 0.15:
            count = rng.randrange(2, 5)
            items = []
            for k in range(count):
                end = ("." if last else ";") if k == count - 1 else ";"
                inner: tuple = ()
                if rng.random() < 0.2:
                    inner = tuple(
                        Subparagraph(roman, _inlines(f"{_cap(rng.choice(_TOPICS))}" + (end if r == 1 else ";")))
                        for r, roman in enumerate(("i", "ii"))
                    )
                    items.append(Subparagraph(chr(ord("a") + k), _inlines(f"{_cap(_phrase(rng))}:"), inner))
                else:
                    items.append(Subparagraph(chr(ord("a") + k), _bracketed_body(rng, f"{_cap(_phrase(rng))}{end}")))
            subs = tuple(items)
            content = _inlines(Emph(_inlines(rng.choice(_OPERATIVE_OPENINGS))), f" {rng.choice(_ACTORS)}:")
            if key is not None:
                content = content[:-1] + (FootnoteRef(key),) + content[-1:]
        else:
            content = _clause_content(rng, OPERATIVE, "." if last else ";", key)
        body.append(Clause(OPERATIVE, content, str(i + 1), subs))
    decision = Decision(
        number="-/CMA.7", title=_inlines("Matters relating to cooperative approaches"),
        organ=_inlines(Emph(_inlines("The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement")), ","),
        body=tuple(body), footnotes=tuple(footnotes), kind="Draft decision",
    )
    meta = Metadata(language=language, symbol="FCCC/PA/CMA/2025/L.1", distribution="Limited", date="14 November 2025",
                    original_language="English", body=_inlines("Conference of the Parties serving as the meeting of the Parties to the Paris Agreement"),
                    title=_inlines("Matters relating to cooperative approaches"), round="r1")
    return Document(meta=meta, blocks=(decision,))


def _edit_inlines(rng: random.Random, content: tuple) -> tuple:
    """One negotiator's edit: a word added or replaced, brackets added around words, or brackets lifted."""
    roll = rng.random()
    if roll < 0.25:  # lift the first bracket (text agreed)
        for k, node in enumerate(content):
            if isinstance(node, Bracket) and node.opens and node.closes:
                return _inlines(*content[:k], *node.children, *content[k + 1:])
    texts = [k for k, node in enumerate(content) if isinstance(node, Text) and len(node.text.split(" ")) > 4]
    if not texts:
        return content
    k = rng.choice(texts)
    words = content[k].text.split(" ")
    i = rng.randrange(1, len(words) - 2)
    if roll < 0.5:  # brackets added (newly contested)
        new = _inlines(" ".join(words[:i]) + " ", Bracket(_inlines(" ".join(words[i:i + 2]))), " " + " ".join(words[i + 2:]))
    elif roll < 0.75:
        words.insert(i, rng.choice(_EDIT_WORDS))
        new = _inlines(" ".join(words))
    else:
        words[i] = rng.choice(_EDIT_WORDS)
        new = _inlines(" ".join(words))
    return _inlines(*content[:k], *new, *content[k + 1:])


def second_round(doc: Document, *, seed: int = 2) -> Document:
    """The next round of ``doc``'s first decision: words edited, clauses inserted, deleted and moved, renumbered."""
    rng = random.Random(seed)
    decision = doc.decisions[0]
    body = list(decision.body)
    clause_positions = [k for k, b in enumerate(body) if isinstance(b, Clause)]
    n = len(clause_positions)
    for k in clause_positions:
        if rng.random() < 0.146:
            c = body[k]
            if c.subparagraphs and rng.random() < 0.5:
                subs = list(c.subparagraphs)
                s = rng.randrange(len(subs))
                subs[s] = replace(subs[s], content=_edit_inlines(rng, subs[s].content))
                body[k] = replace(c, subparagraphs=tuple(subs))
            else:
                body[k] = replace(c, content=_edit_inlines(rng, c.content))
    # deletions, then moves, then insertions (never the last clause, so terminal punctuation stays)
    deletable = [k for k in clause_positions[1:-1]]
    doomed = set(rng.sample(deletable, max(1, n * 13 // 1000)))
    body = [b for k, b in enumerate(body) if k not in doomed]
    for _ in range(max(1, n * 13 // 1000)):
        cl = [k for k, b in enumerate(body) if isinstance(b, Clause)][:-1]
        src = rng.choice(cl)
        moved = body.pop(src)
        same_part = [k for k, b in enumerate(body[:-1]) if isinstance(b, Clause) and b.part == moved.part]
        body.insert(rng.choice(same_part), moved)
    for _ in range(max(1, n * 20 // 1000)):
        cl = [k for k, b in enumerate(body[:-1]) if isinstance(b, Clause) and b.part == OPERATIVE]
        at = rng.choice(cl)
        content = _clause_content(rng, OPERATIVE, ";", None)
        body.insert(at, Clause(OPERATIVE, content, "0"))
    number = 0
    for k, b in enumerate(body):  # renumber operative paragraphs
        if isinstance(b, Clause) and b.part == OPERATIVE:
            number += 1
            body[k] = replace(b, label=str(number))
    new_decision = replace(decision, body=tuple(body))
    return replace(doc, meta=replace(doc.meta, round="r2"), blocks=(new_decision,))


# ---------------------------------------------------------------- the diff engineer's generator, when present

_GENERATOR_NAMES = [("generate_decision", "second_round"), ("decision", "next_round"), ("generate", "edit_round"),
                    ("make_decision", "make_round"), ("generate_decision", "edit_round"), ("generate_decision", "round_two")]


def _external_generator():
    """(first, second) functions of bench/generate.py, or None while it is absent or has another API."""
    try:
        module = importlib.import_module("bench.generate")
    except Exception:  # noqa: BLE001 - absent or broken: fall back to ours
        return None
    for first, second in _GENERATOR_NAMES:
        if callable(getattr(module, first, None)) and callable(getattr(module, second, None)):
            return getattr(module, first), getattr(module, second)
    return None


def generator_source() -> str:
    """Which generator makes the inputs: "bench/generate.py" or "bench/workload.py"."""
    return "bench/generate.py" if _external_generator() else "bench/workload.py"


def _rounds(clauses: int, seed: int) -> tuple[Document, Document]:
    external = _external_generator()
    if external is not None:
        try:
            first, second = external
            r1 = first(clauses, seed=seed)
            r1 = r1 if isinstance(r1, Document) else r1[0]
            r2 = second(r1, seed=seed + 1)
            r2 = r2 if isinstance(r2, Document) else r2[0]
            return r1, r2
        except Exception:  # noqa: BLE001 - an API we guessed wrong: ours instead
            pass
    r1 = generate_decision(clauses, seed=seed)
    return r1, second_round(r1, seed=seed + 1)


# ---------------------------------------------------------------- components present or not


def available(module: str, name: str | None = None):
    """The attribute ``name`` of ``clausewise.<module>`` (or the module), or None while it is not there."""
    try:
        mod = importlib.import_module(f"clausewise.{module}")
    except Exception:  # noqa: BLE001 - not written yet, or broken mid-edit
        return None
    if name is None:
        return mod
    return getattr(mod, name, None)


def draft_writer():
    """``formats.draft``'s writer (Document -> str), or None."""
    for name in ("write", "dumps", "render", "write_text"):
        fn = available("formats.draft", name)
        if fn is not None:
            return fn
    return None


def docx_writer():
    """``formats.docx.write`` when its writer module exists, else None."""
    if available("formats.docx.writer") is None:
        return None
    return available("formats.docx", "write")


def _plain_docx(doc: Document) -> bytes:
    """A plain Word file of ``doc`` with typed numbers (as peers.md made its pairs), for the baselines only."""
    import docx as python_docx

    out = python_docx.Document()
    for decision in doc.decisions:
        out.add_paragraph(plain_text(decision.organ))
        for block in decision.body:
            if isinstance(block, Clause):
                label = f"{block.label}.\t" if block.label else ""
                out.add_paragraph(label + plain_text(block.content))
                for sub in block.subparagraphs:
                    out.add_paragraph(f"({sub.label})\t" + plain_text(sub.content))
                    for subsub in sub.subparagraphs:
                        out.add_paragraph(f"({subsub.label})\t" + plain_text(subsub.content))
            elif isinstance(block, Heading):
                out.add_paragraph(plain_text(block.content))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- the workload on disk


@dataclass
class Workload:
    """Two rounds of one generated decision, as models and files in ``folder``."""

    clauses: int
    folder: Path
    r1: Document
    r2: Document
    drafts: bool                  # r1.md / r2.md written (by formats.draft)
    docx_by: str                  # "clausewise" (formats.docx.write) or "python-docx" (plain, typed numbers)
    notes: list[str] = field(default_factory=list)

    def path(self, name: str) -> Path:
        """The file ``name`` ("r1.md", "r2.docx", …) inside the workload's folder."""
        return self.folder / name


def make_workload(clauses: int, folder: Path, *, seed: int = 1) -> Workload:
    """Generate both rounds of a ``clauses``-clause decision and write them to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    r1, r2 = _rounds(clauses, seed)
    notes: list[str] = []
    drafts = False
    write_draft = draft_writer()
    if write_draft is not None:
        try:
            for name, doc in (("r1", r1), ("r2", r2)):
                (folder / f"{name}.md").write_text(write_draft(doc), encoding="utf-8")
            drafts = True
        except Exception as exc:  # noqa: BLE001 - a writer mid-development
            notes.append(f"draft writer failed: {type(exc).__name__}: {exc}")
    docx_by = "python-docx"
    write_docx = docx_writer()
    if write_docx is not None:
        try:
            for name, doc in (("r1", r1), ("r2", r2)):
                (folder / f"{name}.docx").write_bytes(write_docx(doc))
            docx_by = "clausewise"
        except Exception as exc:  # noqa: BLE001
            notes.append(f"docx writer failed: {type(exc).__name__}: {exc}")
    if docx_by != "clausewise":
        for name, doc in (("r1", r1), ("r2", r2)):
            (folder / f"{name}.docx").write_bytes(_plain_docx(doc))
    return Workload(clauses, folder, r1, r2, drafts, docx_by, notes)
