"""Realistic decisions and second rounds with known edits, to measure clause alignment.

``generate_decision(n)`` writes a decision of ``n`` clauses in UN wording: organ line, preambular
clauses ("*Recalling* decision 3/CP.21 on ...,"), numbered operative clauses ("*Requests* the
secretariat to ...;") with subparagraphs (a), (i), footnotes and negotiation brackets
(alternatives "[shall][should]", bracketed qualifiers, now and then nested).

``second_round(doc)`` makes the next round of any Document (generated, or read from a corpus text
with ``read_text``) by edits whose effect is known, and returns ``(new_doc, truth)``: word edits,
brackets added and removed, inserted, deleted and moved clauses, a split and a merge, a clause
moved from the operative part to the preamble ("Welcomes" -> "Welcoming"), the operative
paragraphs renumbered, and the last paragraph's end punctuation kept right. ``truth`` says what
became of every clause; ``score(comparison, truth)`` measures a comparison against it.

``read_text(path)`` is a small private splitter for the plain-text corpus files (lines starting
"N." are operative paragraphs, "(a)" subparagraphs, the rest of the preamble preambular); the
project's own reader of plain-text UN exports is ``clausewise.formats.text``.

Run ``python bench/generate.py 100 2000`` for timing and accuracy on 100 and 2,000 clauses, and
``python bench/generate.py --corpus`` for the real consecutive rounds in ``../shared/corpus``.
"""

from __future__ import annotations

import random
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from clausewise.model import (
    OPERATIVE, PREAMBULAR, Bracket, Clause, Decision, Document, Emph, Footnote, FootnoteRef,
    Metadata, Subparagraph, Text, plain_text,
)

__all__ = ["generate_decision", "second_round", "Truth", "score", "read_text", "parse_inlines",
           "clauses_of"]

# ---------------------------------------------------------------- UN wording

PREAMBULAR_OPENINGS = [
    "Recalling", "Also recalling", "Further recalling", "Recognizing", "Also recognizing",
    "Noting", "Noting with appreciation", "Noting with concern", "Welcoming", "Acknowledging",
    "Emphasizing", "Bearing in mind", "Reaffirming", "Mindful of", "Stressing", "Affirming",
]
OPERATIVE_OPENINGS = [
    "Requests", "Also requests", "Further requests", "Invites", "Decides", "Also decides",
    "Encourages", "Urges", "Welcomes", "Notes", "Calls upon", "Agrees", "Takes note of",
    "Emphasizes", "Reiterates", "Recognizes", "Acknowledges", "Underlines", "Approves",
]
#: operative openings and their preambular forms, for clauses moved into the preamble
GERUNDS = {"Welcomes": "Welcoming", "Notes": "Noting", "Recognizes": "Recognizing",
           "Acknowledges": "Acknowledging", "Emphasizes": "Emphasizing",
           "Takes note of": "Taking note of", "Reiterates": "Reiterating"}
ACTORS = [
    "the secretariat", "the Executive Secretary", "the Subsidiary Body for Implementation",
    "the Subsidiary Body for Scientific and Technological Advice", "Parties",
    "developed country Parties", "the Global Environment Facility",
    "relevant international organizations", "the Intergovernmental Panel on Climate Change",
    "observer organizations", "the Standing Committee on Finance", "the Technology Executive Committee",
    "the Adaptation Committee", "the Bureau", "the President of the Conference of the Parties",
    "the Implementation and Compliance Committee", "United Nations agencies", "regional centres",
    "the Green Climate Fund", "the expert group", "non-Party stakeholders",
]
ACTIONS = [
    "to prepare a synthesis report on", "to continue its work on", "to submit their views on",
    "to consider", "to facilitate the implementation of", "to enhance cooperation on",
    "to provide financial and technical support for", "to report on progress in",
    "to organize a workshop on", "to develop guidance on", "to compile information on",
    "to strengthen national capacities for", "to undertake a technical assessment of",
    "to identify gaps and needs in relation to", "to share experiences and lessons learned on",
    "to make publicly available information on", "to take into account",
]
TOPICS = [
    "the implementation of Article {a}, paragraph {p}, of the Convention",
    "the enhanced transparency framework for action and support", "capacity-building in developing countries",
    "the development and transfer of technologies", "loss and damage associated with the adverse effects of climate change",
    "the global stocktake", "national adaptation plans", "the mobilization of financial resources from a wide variety of sources",
    "mercury-added products and manufacturing processes", "artisanal and small-scale gold mining",
    "the environmentally sound interim storage of mercury", "the management of mercury wastes",
    "gender-responsive climate policy", "the reporting and review of greenhouse gas inventories",
    "cooperative approaches referred to in Article 6, paragraph {p}", "the work programme on {theme}",
    "the research and systematic observation of the climate system", "response measures and their impacts",
    "the effectiveness evaluation of the Convention", "contaminated sites", "the special needs of least developed countries",
]
THEMES = ["just transition pathways", "mitigation ambition", "agriculture and food security",
          "action for climate empowerment", "oceans and coastal zones", "the health effects of mercury",
          "indigenous peoples and local communities", "early warning systems", "forest carbon stocks"]
QUALIFIERS = [
    "in accordance with decision {n}/CP.{m}", "taking into account the views expressed by Parties at its {ord} session",
    "by {day} {month} {year}", "for consideration at its {ord} session", "subject to the availability of financial resources",
    "in cooperation with {actor}", "as contained in document FCCC/SBI/{year}/{n}", "pursuant to decision {n}/CMA.{m2}",
    "building on the outcomes of the workshop held in {city} in {year}", "with a view to avoiding duplication of work",
    "in a manner that is nationally determined", "including through the online platform",
    "drawing on the best available science", "at least {k} weeks before the session",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "fiftieth", "fifty-first", "fifty-second", "sixtieth"]
CITIES = ["Bonn", "Geneva", "Nairobi", "Bangkok", "Panama City", "Katowice", "Sharm el-Sheikh", "Baku"]
ALTERNATIVES = [("shall", "should"), ("requests", "invites"), ("ensure", "promote"),
                ("2025", "2030"), ("developed country Parties", "Parties in a position to do so"),
                ("mandatory", "voluntary"), ("review", "assess")]
SYNONYMS = {"report": "summary", "prepare": "compile", "enhance": "strengthen", "consider": "examine",
            "support": "assistance", "information": "data", "guidance": "recommendations",
            "continue": "pursue", "relevant": "appropriate", "national": "domestic",
            "develop": "elaborate", "provide": "deliver", "views": "submissions",
            "implementation": "operationalization", "work": "activities", "the": "its"}
ADDITIONS = ["in particular", "as appropriate", "inter alia", "in a timely manner", "where available",
             "on a voluntary basis", "without prejudice to future decisions"]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        a=rng.randint(2, 28), p=rng.randint(1, 12), theme=rng.choice(THEMES), n=rng.randint(1, 40),
        m=rng.randint(13, 29), m2=rng.randint(1, 6), ord=rng.choice(ORDINALS), day=rng.randint(1, 28),
        month=rng.choice(MONTHS), year=rng.randint(2016, 2031), actor=rng.choice(ACTORS),
        city=rng.choice(CITIES), k=rng.randint(4, 12))


def _body(rng: random.Random, qualifiers: int) -> str:
    text = f"{rng.choice(ACTORS)} {rng.choice(ACTIONS)} {_fill(rng, rng.choice(TOPICS))}"
    for _ in range(qualifiers):
        qualifier = _fill(rng, rng.choice(QUALIFIERS))
        roll = rng.random()
        if roll < 0.08:
            qualifier = f"[{qualifier}]"
        text += ", " + qualifier
    if rng.random() < 0.12:
        a, b = rng.choice(ALTERNATIVES)
        words = text.split(" ")
        k = rng.randrange(1, len(words))
        words.insert(k, f"[{a}][{b}]")
        text = " ".join(words)
    if rng.random() < 0.03:
        text = f"[{text} [{_fill(rng, rng.choice(QUALIFIERS))}]]"
    return text


# ---------------------------------------------------------------- markup -> inlines


_MARK = re.compile(r"\[\^([^\]]+)\]|\*([^*]+)\*|\[|\]")


def parse_inlines(text: str) -> tuple:
    """Inlines from a small markup: ``*emphasis*``, ``[brackets]`` (nested), ``[^key]`` footnotes.

    Unbalanced brackets become ``Bracket(opens=False)`` (a "]" closing an earlier clause's "[")
    or ``Bracket(closes=False)`` (a "[" closed in a later clause), as the model represents them.
    """
    stack: list[list] = [[]]
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            stack[-1].append(Text(text[pos:m.start()]))
        pos = m.end()
        if m.group(1) is not None:
            stack[-1].append(FootnoteRef(m.group(1)))
        elif m.group(2) is not None:
            stack[-1].append(Emph((Text(m.group(2)),)))
        elif m.group() == "[":
            stack.append([])
        elif len(stack) > 1:
            children = stack.pop()
            stack[-1].append(Bracket(tuple(children)))
        else:  # a "]" whose "[" stood in an earlier clause
            stack[0] = [Bracket(tuple(stack[0]), opens=False)]
    if pos < len(text):
        stack[-1].append(Text(text[pos:]))
    while len(stack) > 1:
        children = stack.pop()
        stack[-1].append(Bracket(tuple(children), closes=False))
    return tuple(stack[0])


# ---------------------------------------------------------------- generated decisions


def generate_decision(clauses: int, *, seed: int = 1, language: str = "en") -> Document:
    """A decision of ``clauses`` clauses (about 15% preambular) in UN wording, as a Document."""
    rng = random.Random(seed)
    n_pre = max(1, clauses * 15 // 100) if clauses > 1 else 0
    body: list[Clause] = []
    footnotes: list[Footnote] = []
    for k in range(n_pre):
        opening = rng.choice(PREAMBULAR_OPENINGS)
        text = f"*{opening}* decision {rng.randint(1, 40)}/CP.{rng.randint(13, 29)} on {_fill(rng, rng.choice(TOPICS))}"
        for _ in range(rng.randint(0, 2)):
            text += ", " + _fill(rng, rng.choice(QUALIFIERS))
        if rng.random() < 0.1:
            key = str(len(footnotes) + 1)
            footnotes.append(Footnote(key, (Text(f"FCCC/CP/{rng.randint(2010, 2024)}/{rng.randint(1, 20)}/Add.{rng.randint(1, 3)}."),)))
            text += f"[^{key}]"
        body.append(Clause(PREAMBULAR, parse_inlines(text + ",")))
    n_op = clauses - n_pre
    for k in range(n_op):
        opening = rng.choice(OPERATIVE_OPENINGS)
        last = k == n_op - 1
        subs: tuple = ()
        if rng.random() < 0.15 and not last:
            items = []
            count = rng.randint(2, 4)
            for s in range(count):
                inner: tuple = ()
                if rng.random() < 0.2:
                    inner = tuple(Subparagraph(r, parse_inlines(f"{_fill(rng, rng.choice(TOPICS)).capitalize()};"))
                                  for r in ("i", "ii"))
                end = ":" if inner else ";"  # a subparagraph with (i), (ii) under it leads in with ":"
                sub_text = f"To {rng.choice(ACTIONS)[3:]} {_fill(rng, rng.choice(TOPICS))}{end}"
                items.append(Subparagraph("abcdefgh"[s], parse_inlines(sub_text), inner))
            subs = tuple(items)
            text = f"*{opening}* {rng.choice(ACTORS)}, {_fill(rng, rng.choice(QUALIFIERS))}:"
        else:
            text = f"*{opening}* {_body(rng, rng.randint(0, 3))}"
            if rng.random() < 0.08:
                key = str(len(footnotes) + 1)
                footnotes.append(Footnote(key, (Text(f"See document FCCC/SBSTA/{rng.randint(2010, 2024)}/INF.{rng.randint(1, 20)}."),)))
                text += f"[^{key}]"
            text += "." if last else ";"
        body.append(Clause(OPERATIVE, parse_inlines(text), str(k + 1), subs))
    decision = Decision("1/CP.30", (Text("Generated decision"),), (Emph((Text("The Conference of the Parties"),)), Text(",")),
                        tuple(body), tuple(footnotes), "Draft decision")
    return Document(Metadata(language=language, round="r1"), (decision,))


# ---------------------------------------------------------------- edits with known effect


@dataclass
class Truth:
    """What became of each clause of round 1 (indices into ``Decision.clauses`` of each round)."""

    #: one entry per pairing: (old indices, new indices, kind), kind one of unchanged, modified,
    #: split, merged, inserted (old empty), deleted (new empty)
    pairs: list[tuple[tuple[int, ...], tuple[int, ...], str]] = field(default_factory=list)
    #: old indices of clauses moved by the edit (their order relative to the others changed)
    moved: set[int] = field(default_factory=set)
    #: old indices of clauses whose text is unchanged but whose label changed
    renumbered_only: set[int] = field(default_factory=set)
    #: old indices of clauses moved from the operative part to the preamble
    part_changed: set[int] = field(default_factory=set)
    #: counts of the edits made, by kind
    edits: dict[str, int] = field(default_factory=dict)
    #: old index -> ("edited" | "inserted", top-level subparagraph position in the new round)
    subparagraphs: dict[int, tuple[str, int]] = field(default_factory=dict)


@dataclass
class _Item:
    origin: tuple[int, ...]
    clause: Clause
    kind: str = "kept"


def _word_edit(rng: random.Random, content: tuple) -> tuple:
    """One word-level edit inside the Text nodes of ``content`` (also inside brackets)."""
    texts = [k for k, n in enumerate(content) if isinstance(n, Text) and re.search(r"[a-z]{3,}", n.text)]
    brackets = [k for k, n in enumerate(content) if isinstance(n, Bracket) and n.opens and n.closes]
    roll = rng.random()
    if brackets and roll < 0.15:   # brackets removed, words kept (agreed)
        k = rng.choice(brackets)
        return content[:k] + content[k].children + content[k + 1:]
    if not texts:
        return content + (Text(" " + rng.choice(ADDITIONS)),)
    k = rng.choice(texts)
    words = content[k].text.split(" ")
    spots = [w for w, word in enumerate(words) if re.fullmatch(r"[a-z]{3,}", word)]
    if not spots:
        return content
    w = rng.choice(spots)
    if roll < 0.3:                 # brackets added around agreed words
        span = rng.randint(1, 3)
        before, inside, after = " ".join(words[:w]), " ".join(words[w:w + span]), " ".join(words[w + span:])
        pieces = (Text(before + " ") if before else None, Bracket((Text(inside),)), Text(" " + after) if after else None)
        return content[:k] + tuple(p for p in pieces if p) + content[k + 1:]
    if roll < 0.6:
        words[w] = SYNONYMS.get(words[w], "further " + words[w])
    elif roll < 0.8:
        words.insert(w, rng.choice(ADDITIONS))
    elif len(spots) > 3:
        del words[w]
    else:
        words[w] = words[w] + " and " + rng.choice(ADDITIONS).split(" ")[-1]
    return content[:k] + (Text(" ".join(words)),) + content[k + 1:]


def _edit_subparagraphs(rng: random.Random, subs: tuple) -> tuple:
    """Edit one top-level subparagraph's words, or insert a new one and reletter those after it.

    Returns the subparagraphs and what was done: ("edited" | "inserted", top-level position).
    """
    subs = list(subs)
    k = rng.randrange(len(subs))
    if rng.random() < 0.5:
        edited = _word_edit(rng, subs[k].content)
        if edited != subs[k].content:
            subs[k] = replace(subs[k], content=edited)
            return tuple(subs), ("edited", k)
    text = f"To {rng.choice(ACTIONS)[3:]} {_fill(rng, rng.choice(TOPICS))};"
    subs.insert(k, Subparagraph("x", parse_inlines(text)))
    subs = [replace(sub, label="abcdefghijklmnop"[n]) for n, sub in enumerate(subs)]
    return tuple(subs), ("inserted", k)


def _set_end(content: tuple, end: str) -> tuple:
    """``content`` with its final ";" / "." / "," replaced by ``end``."""
    if content and isinstance(content[-1], Text):
        text = content[-1].text.rstrip()
        if text and text[-1] in ";.,":
            return content[:-1] + (Text(text[:-1] + end),)
    return content


def _end(content: tuple) -> str:
    text = plain_text(content).rstrip()
    return text[-1] if text and text[-1] in ";.,:" else ""


def _split_clause(clause: Clause) -> tuple[Clause, Clause] | None:
    """Cut a clause without subparagraphs at a word boundary near the middle of a Text node."""
    if clause.subparagraphs:
        return None
    texts = [(k, n) for k, n in enumerate(clause.content) if isinstance(n, Text) and n.text.count(" ") > 8]
    if not texts:
        return None
    k, node = max(texts, key=lambda kn: len(kn[1].text))
    words = node.text.split(" ")
    cut = len(words) // 2
    first = clause.content[:k] + (Text(" ".join(words[:cut]).rstrip(",") + ";"),)
    rest = " ".join(words[cut:]).lstrip(", ")
    second = (Emph((Text("Also decides"),)), Text(" that " + rest)) + clause.content[k + 1:]
    end = _end(clause.content) or ";"
    return (replace(clause, content=_set_end(first, ";")), replace(clause, content=_set_end(second, end)))


def _unemph(content: tuple) -> tuple:
    out = []
    for n in content:
        out.extend(n.children if isinstance(n, Emph) else (n,))
    if out and isinstance(out[0], Text) and out[0].text:
        out[0] = Text(out[0].text[0].lower() + out[0].text[1:])
    return tuple(out)


def _merge_clauses(a: Clause, b: Clause) -> Clause | None:
    if a.subparagraphs or b.subparagraphs:
        return None
    first = _set_end(a.content, ",")
    if _end(first) != ",":
        return None
    return replace(a, content=first + (Text(" and "),) + _unemph(b.content))


def _to_preamble(clause: Clause) -> Clause | None:
    if not clause.content or not isinstance(clause.content[0], Emph):
        return None
    opening = plain_text(clause.content[0].children)
    gerund = GERUNDS.get(opening, "Welcoming")
    content = (Emph((Text(gerund),)),) + clause.content[1:]
    return Clause(PREAMBULAR, _set_end(content, ","), None, clause.subparagraphs)


def clauses_of(doc: Document) -> tuple[Clause, ...]:
    """The clauses of the document's first decision."""
    return doc.decisions[0].clauses


def second_round(doc: Document, *, seed: int = 2, edit_share: float = 0.15,
                 insert_share: float = 0.02, delete_share: float = 0.013,
                 move_share: float = 0.013, splits: int | None = None,
                 merges: int | None = None) -> tuple[Document, Truth]:
    """The next round of ``doc``'s first decision with known edits, and the truth about them."""
    rng = random.Random(seed)
    decision = doc.decisions[0]
    old = list(decision.clauses)
    n = len(old)
    operative = [i for i, c in enumerate(old) if c.part == OPERATIVE]
    free = set(range(n))

    def take(pool, count, ok=lambda i: True):
        chosen = []
        candidates = [i for i in pool if i in free and ok(i)]
        rng.shuffle(candidates)
        for i in candidates[:count]:
            chosen.append(i)
            free.discard(i)
        return chosen

    edits: dict[str, int] = {}
    # a part change: the first operative clause whose opening has a preambular form
    part = []
    for i in operative[:1]:
        if _to_preamble(old[i]) is not None and i in free:
            part = [i]
            free.discard(i)
            break
    last_op = operative[-1] if operative else -1
    free.discard(last_op)  # the last paragraph keeps its place so its "." is the only question
    n_split = splits if splits is not None else max(1, n // 400)
    n_merge = merges if merges is not None else max(1, n // 400)
    split_ids = take(operative, n_split, lambda i: _split_clause(old[i]) is not None)
    merge_ids = []
    for i in sorted(operative, key=lambda _: rng.random()):
        if len(merge_ids) >= n_merge:
            break
        if i in free and i + 1 in free and i + 1 < n and old[i + 1].part == OPERATIVE \
                and _merge_clauses(old[i], old[i + 1]) is not None:
            merge_ids.append(i)
            free.discard(i)
            free.discard(i + 1)
    move_ids = take(operative, max(1, round(n * move_share)),
                    lambda i: i - 1 in free and i + 1 in free)
    for i in move_ids:   # keep moved clauses apart from each other
        free.discard(i - 1)
        free.discard(i + 1)
    delete_ids = take(range(n), max(1, round(n * delete_share)))
    edit_ids = take(range(n), max(1, round(n * edit_share)))
    # some moved clauses are also edited
    edited = set(edit_ids) | set(move_ids[: len(move_ids) // 2])

    items: list[_Item] = []
    sub_edits: dict[int, tuple[str, int]] = {}
    for i, clause in enumerate(old):
        if i in delete_ids:
            continue
        if i in split_ids:
            a, b = _split_clause(clause)
            items.append(_Item((i,), a, "split"))
            items.append(_Item((i,), b, "split"))
            continue
        if i in merge_ids:
            items.append(_Item((i, i + 1), _merge_clauses(clause, old[i + 1]), "merged"))
            continue
        if i - 1 in merge_ids:
            continue
        if i in edited:
            if clause.subparagraphs and rng.random() < 0.6:
                subs, sub_edit = _edit_subparagraphs(rng, clause.subparagraphs)
                clause = replace(clause, subparagraphs=subs)
                sub_edits[i] = sub_edit
            else:
                content = clause.content
                for _ in range(rng.randint(1, 3)):
                    content = _word_edit(rng, content)
                clause = replace(clause, content=content)
        if i in part:
            clause = _to_preamble(clause)
        items.append(_Item((i,), clause))
    # moves: take each moved clause out and put it back at least 3 places away, in its part
    for i in move_ids:
        at = next(k for k, it in enumerate(items) if it.origin == (i,))
        item = items.pop(at)
        spots = [k for k in range(len(items) + 1) if abs(k - at) >= 3
                 and 0 < k < len(items) and items[k - 1].clause.part == OPERATIVE
                 and items[k].clause.part == OPERATIVE and items[k - 1].origin and items[k].origin
                 and items[k - 1].origin[-1] not in move_ids and items[k].origin[0] not in move_ids
                 and items[k].origin[0] != last_op and items[k - 1].origin != items[k].origin]
        items.insert(rng.choice(spots) if spots else at, item)
    # insertions: new generated clauses among the operative ones
    fresh = generate_decision(max(8, round(n * insert_share) * 2), seed=seed * 7919 + 1)
    new_clauses = [c for c in fresh.decisions[0].clauses if c.part == OPERATIVE and not c.subparagraphs]
    for k in range(max(1, round(n * insert_share))):
        clause = new_clauses[k % len(new_clauses)]
        spots = [x for x in range(1, len(items)) if items[x - 1].clause.part == OPERATIVE
                 and (not items[x].origin or items[x - 1].origin != items[x].origin)]
        items.insert(rng.choice(spots), _Item((), clause, "inserted"))
    # a preamble moved clause goes to the end of the preamble
    for i in part:
        at = next(k for k, it in enumerate(items) if it.origin == (i,))
        item = items.pop(at)
        last_pre = max((k for k, it in enumerate(items) if it.clause.part == PREAMBULAR), default=-1)
        items.insert(last_pre + 1, item)
    # order parts (preamble first), renumber, fix end punctuation
    items = [it for it in items if it.clause.part == PREAMBULAR] + [it for it in items if it.clause.part == OPERATIVE]
    number = 0
    ops = [k for k, it in enumerate(items) if it.clause.part == OPERATIVE]
    for k in ops:
        number += 1
        clause = items[k].clause
        content = clause.content
        if not clause.subparagraphs:
            content = _set_end(content, "." if k == ops[-1] else ";")
        items[k].clause = replace(clause, label=str(number), content=content)

    truth = Truth(edits={"edited": len(edited), "inserted": max(1, round(n * insert_share)),
                         "deleted": len(delete_ids), "moved": len(move_ids), "split": len(split_ids),
                         "merged": len(merge_ids), "part_changed": len(part)})
    new_index: dict[tuple[int, ...], list[int]] = {}
    for k, it in enumerate(items):
        if it.origin:
            new_index.setdefault(it.origin, []).append(k)
        else:
            truth.pairs.append(((), (k,), "inserted"))
    for i in delete_ids:
        truth.pairs.append(((i,), (), "deleted"))
    for origin, ks in new_index.items():
        if len(ks) > 1:
            truth.pairs.append((origin, tuple(ks), "split"))
        elif len(origin) > 1:
            truth.pairs.append((origin, tuple(ks), "merged"))
        else:
            i, k = origin[0], ks[0]
            a, b = old[i], items[k].clause
            same = a.content == b.content and a.subparagraphs == b.subparagraphs
            truth.pairs.append((origin, (k,), "unchanged" if same else "modified"))
            if same and a.label != b.label and a.part == b.part:
                truth.renumbered_only.add(i)
    truth.moved = set(move_ids)
    truth.subparagraphs = dict(sub_edits)
    truth.part_changed = set(part)
    new_decision = replace(decision, body=tuple(it.clause for it in items))
    new_doc = replace(doc, meta=replace(doc.meta, round="r2"), blocks=tuple(
        new_decision if b is decision else b for b in doc.blocks))
    return new_doc, truth


# ---------------------------------------------------------------- measuring


def score(comparison, truth: Truth) -> dict:
    """How well a Comparison recovers the truth: share of pairings right, moves, renumbering."""
    def position(ref, doc: Document) -> int:
        # ``ClauseRef.index`` counts within the part; Decision.clauses has the preamble first
        if ref.part == OPERATIVE:
            return len(doc.decisions[ref.decision].preambular) + ref.index
        return ref.index

    found = {}
    moved: set[int] = set()
    unchanged: set[int] = set()
    for change in comparison.changes:
        olds = tuple(position(r, comparison.old) for r in change.old)
        news = tuple(position(r, comparison.new) for r in change.new)
        found[(olds, news)] = change.kind
        if change.moved:
            moved.update(olds)
        if change.kind == "unchanged" and len(olds) == 1:
            unchanged.add(olds[0])
    wrong = [(olds, news, kind, found.get((olds, news))) for olds, news, kind in truth.pairs
             if found.get((olds, news)) != kind]
    right = len(truth.pairs) - len(wrong)
    return {
        "pairs": len(truth.pairs),
        "right": right,
        "accuracy": right / len(truth.pairs) if truth.pairs else 1.0,
        "moves": len(truth.moved),
        "moves_found": len(truth.moved & moved),
        "false_moves": len(moved - truth.moved),
        "renumbered_only": len(truth.renumbered_only),
        "renumbered_only_unchanged": len(truth.renumbered_only & unchanged),
        "wrong": wrong[:10],
    }


# ---------------------------------------------------------------- corpus texts


_OPERATIVE = re.compile(r"^\s*(\d{1,3}(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?)\.\s+(\S.*)$")
_SUB = re.compile(r"^\s*\(([a-z]{1,2}|[ivx]{1,5})\)\s+(\S.*)$")
_HEADING = re.compile(r"^\s*(?:[IVX]{1,5}\.|[A-H]\.)\s+\S")
_NOISE = re.compile(r"^\s*(?:Page \d+ of \d+|\d+ of \d+|ADP\.\S+|FCCC/\S+|AD HOC WORKING GROUP.*|DURBAN PLATFORM.*|"
                    r"\|.*\||Distr\..*|GE\.\d+.*)\s*$")
_PP = re.compile(r"^\s*Pp\s?\d+\s+")


def read_text(path: str | Path) -> Document:
    """A corpus plain-text decision as a Document (private splitter, see the module docstring)."""
    lines = Path(path).read_text(encoding="utf-8").replace("\f", "\n").splitlines()
    start = next((k for k, line in enumerate(lines) if "The Conference of the Parties" in line), 0)
    organ = lines[start].strip() if lines else ""
    blocks: list[list] = []   # [part, label, text, subs]
    seen_operative = False
    for line in lines[start + 1:]:
        if not line.strip() or _NOISE.match(line):
            continue
        if line.strip().startswith("Annex") and seen_operative:
            break
        m = _OPERATIVE.match(line)
        if m:
            seen_operative = True
            blocks.append([OPERATIVE, m.group(1), m.group(2).strip(), []])
            continue
        s = _SUB.match(line)
        if s and blocks:
            blocks[-1][3].append([s.group(1), s.group(2).strip()])
            continue
        if _HEADING.match(line) or (line.strip().isupper() and len(line.strip()) > 3):
            if blocks:
                blocks[-1].append("closed")
            continue
        text = _PP.sub("", line).strip()
        if not seen_operative and (_PP.match(line) or re.match(r"^\s*\[?\s*(?:[A-Z][a-z]+ )?[A-Z]?[a-z]+ing\b", text)
                                   or not blocks or blocks[-1][-1] == "closed"):
            if _PP.match(line) or not blocks or blocks[-1][2].rstrip().endswith((",", ";", ".", ":")):
                blocks.append([PREAMBULAR, None, text, []])
                continue
        if blocks and blocks[-1][-1] != "closed":
            target = blocks[-1][3][-1] if blocks[-1][3] else blocks[-1]
            key = 1 if blocks[-1][3] else 2
            target[key] = target[key].rstrip() + " " + text
    clauses = []
    for block in blocks:
        part, label, text, subs = block[:4]
        sub_nodes = tuple(Subparagraph(lab, parse_inlines(t)) for lab, t in subs)
        clauses.append(Clause(part, parse_inlines(text), label if part == OPERATIVE else None, sub_nodes))
    decision = Decision(None, (Text(Path(path).stem),), (Text(organ),), tuple(clauses))
    return Document(Metadata(round=Path(path).name.split("_")[0]), (decision,))


# ---------------------------------------------------------------- command line


def _measure(n: int, seed: int = 1) -> None:
    from clausewise.compare import compare
    from clausewise.compare.align import align
    from clausewise.compare.result import clause_text

    r1 = generate_decision(n, seed=seed)
    r2, truth = second_round(r1, seed=seed + 1)
    a = [clause_text(c) for c in clauses_of(r1)]
    b = [clause_text(c) for c in clauses_of(r2)]
    t0 = time.perf_counter()
    align(a, b)
    t1 = time.perf_counter()
    cmp = compare(r1, r2)
    t2 = time.perf_counter()
    print(f"{n} clauses: align {t1 - t0:.3f} s, compare {t2 - t1:.3f} s; edits {truth.edits}")
    print("  ", score(cmp, truth))


def _corpus() -> None:
    from clausewise.compare import compare

    root = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    cop = sorted((root / "unfccc-cop21-decision-1-CP.21").glob("r[0-9]_*.txt"))
    art = sorted((root / "unfccc-cma6-article6.2-cooperative-approaches").glob("r[23]_*.txt"))
    for files in (cop, art):
        docs = [read_text(p) for p in files]
        for a, b, pa, pb in zip(docs, docs[1:], files, files[1:]):
            t0 = time.perf_counter()
            cmp = compare(a, b)
            print(f"{pa.name[:2]} -> {pb.name[:2]} ({pa.parent.name}): {len(clauses_of(a))} -> {len(clauses_of(b))} clauses "
                  f"in {time.perf_counter() - t0:.2f} s: {cmp.summary.line()}")


if __name__ == "__main__":
    if "--corpus" in sys.argv:
        _corpus()
    else:
        sizes = [int(a) for a in sys.argv[1:] if a.isdigit()] or [100, 2000]
        for size in sizes:
            _measure(size)
