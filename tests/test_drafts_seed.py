"""The drafts in drafts/ read, and the seed's transcriptions say exactly what the seed says.

Every expectation about the seed is taken from the seed file itself with plain string operations
(``seed_annex``, ``seed_note``), never from clausewise's readers or writers, so a reader bug and a
transcription slip cannot hide each other. The tests skip cleanly where the seed is absent.
"""

from __future__ import annotations

import difflib
import re

import pytest

from clausewise import model
from tests.conftest import DRAFTS, seed_text

draft = pytest.importorskip("clausewise.formats.draft")

ROUNDS = DRAFTS / "mc-4-international-cooperation"
R1, R2, R3 = (ROUNDS / f"r{n}.md" for n in (1, 2, 3))
WHOLE = ROUNDS / "pre-session-document.md"
ALL_DRAFTS = sorted(DRAFTS.rglob("*.md"))
ILLUSTRATIVE = "# illustrative round written for clausewise's demo; not a UN text"

SUP = re.compile(r"<sup>([^<]+)</sup>")
SEED_NOTE_DEF = re.compile(r"^<sup>([^<]+)</sup>\s*(.*)$")      # "<sup>1</sup> UNEP/…"
SEED_STAR_DEF = re.compile(r"^((?:\\\*)+)\s+(.*)$")             # "\* 关于…", "\*\* UNEP/…"
SEED_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
CHAPTER = re.compile(r"^[一二三四五六七八九十]+、")
SECTION = re.compile(r"^[A-Z]\.\s")


# ---------------------------------------------------------------- the seed, by string operations


def norm(text: str) -> str:
    """White space collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


def unlink(text: str) -> str:
    """Markdown links and autolinks of the seed replaced by their visible text."""
    text = re.sub(r"\[([^\]]+)\]\((?:https?://[^)]+)\)", r"\1", text)
    return re.sub(r"<(https?://[^>]+)>", r"\1", text)


def seed_lines() -> list[str]:
    """The seed's lines (skips the test where the seed is absent)."""
    return seed_text().splitlines()


def seed_annex() -> dict:
    """The annex of the seed: decision heading, its blocks (organ, clauses) and its footnotes."""
    lines = seed_lines()
    start = lines.index("## 附件")
    at = next(i for i in range(start + 1, len(lines)) if lines[i].strip())
    heading = lines[at].lstrip("#").strip()
    blocks: list[str] = []
    notes: dict[str, str] = {}
    for line in lines[at + 1:]:
        s = line.strip()
        if not s:
            continue
        m = SEED_NOTE_DEF.match(s)
        if m:
            notes[m.group(1)] = m.group(2)
        else:
            blocks.append(s)
    return {"annex": lines[start].lstrip("#").strip(), "heading": heading, "blocks": blocks,
            "notes": notes}


def seed_note() -> dict:
    """The note by the Secretariat: masthead lines, headings, numbered paragraphs, footnotes.

    Paragraphs split by a page break are joined (a line that is no heading, number or footnote
    continues the last paragraph, or the footnote right above it when no blank line intervenes).
    """
    lines = seed_lines()
    start = next(i for i, l in enumerate(lines) if l.startswith("#") and CHAPTER.match(l.lstrip("#").strip()))
    end = lines.index("## 附件")
    masthead = [l.strip() for l in lines[:start] if l.strip() and l.strip() != "---"]
    headings: list[str] = []
    paragraphs: dict[str, str] = {}
    notes: dict[str, str] = {}
    last_paragraph = last_note = None
    blank = True
    for line in lines[start:end]:
        s = line.strip()
        if not s or s == "---":
            blank = True
            continue
        if s.startswith("#"):
            headings.append(s.lstrip("#").strip().replace("**", ""))
            last_note = None
        elif (m := SEED_NOTE_DEF.match(s)) or (m := SEED_STAR_DEF.match(s)):
            last_note = m.group(1).replace("\\", "")
            notes[last_note] = unlink(m.group(2)).strip()
        elif m := SEED_NUMBERED.match(s):
            last_paragraph, last_note = m.group(1), None
            paragraphs[last_paragraph] = m.group(2)
        elif last_note is not None and not blank:
            notes[last_note] += unlink(s)
        else:
            paragraphs[last_paragraph] += s
            last_note = None
        blank = False
    return {"masthead": masthead, "headings": headings, "paragraphs": paragraphs, "notes": notes}


# ---------------------------------------------------------------- the drafts, through the model


def text(inlines) -> str:
    """Plain text of model inlines, normalised."""
    return norm(model.plain_text(inlines))


def refs(inlines) -> list[str]:
    """Footnote reference keys in order."""
    return [n.key for n in model.walk_inlines(inlines) if isinstance(n, model.FootnoteRef)]


def marked(inlines) -> str:
    """Text of model inlines with each footnote reference shown where it stands, as the seed
    marks it ("<sup>1</sup>"), normalised."""
    out: list[str] = []

    def visit(items) -> None:
        for node in items:
            if isinstance(node, model.FootnoteRef):
                out.append(f"<sup>{node.key}</sup>")
            elif isinstance(node, model.Bracket):
                out.append("[" if node.opens else "")
                visit(node.children)
                out.append("]" if node.closes else "")
            elif isinstance(node, model.Text):
                out.append(node.text)
            elif hasattr(node, "children"):
                visit(node.children)

    visit(inlines)
    return norm("".join(out))


def decision_lines(decision: model.Decision) -> list[str]:
    """Organ line, then each clause ("1. …" for operative) and its subparagraphs, as plain text."""
    out = [text(decision.organ)]

    def subs(items):
        for sub in items:
            out.append(norm(f"({sub.label}) {model.plain_text(sub.content)}"))
            subs(sub.subparagraphs)

    for clause in decision.clauses:
        label = f"{clause.label}. " if clause.label else ""
        out.append(norm(label + model.plain_text(clause.content)))
        subs(clause.subparagraphs)
    return out


def decision_marked(decision: model.Decision) -> list[str]:
    """``decision_lines`` with footnote references marked where they stand (see ``marked``)."""
    out = [marked(decision.organ)]

    def subs(items):
        for sub in items:
            out.append(norm(f"({sub.label}) ") + " " + marked(sub.content))
            subs(sub.subparagraphs)

    for clause in decision.clauses:
        out.append((f"{clause.label}. " if clause.label else "") + marked(clause.content))
        subs(clause.subparagraphs)
    return out


def assert_decision_is_seed_annex(decision: model.Decision) -> None:
    """The decision's number, title, text, footnote references and footnotes are the seed annex's."""
    annex = seed_annex()
    kind, number, title = re.match(r"^(\S+) (\S+): (.+)$", annex["heading"]).groups()
    assert decision.number == number
    assert text(decision.title) == title
    assert decision.kind == kind
    assert decision_lines(decision) == [norm(SUP.sub("", b)) for b in annex["blocks"]]
    assert decision_marked(decision) == [norm(b) for b in annex["blocks"]]
    assert {f.key: text(f.content) for f in decision.footnotes} == {
        k: norm(v) for k, v in annex["notes"].items()}
    assert [f.key for f in decision.footnotes] == list(annex["notes"])


@pytest.fixture(scope="module")
def r1() -> model.Document:
    """Round 1 of MC-4/[--], read."""
    return draft.read_file(R1)


@pytest.fixture(scope="module")
def whole() -> model.Document:
    """The whole pre-session document, read."""
    return draft.read_file(WHOLE)


# ---------------------------------------------------------------- (a) every draft reads


def test_the_drafts_folder_holds_the_seed_rounds_and_document():
    assert {R1, R2, R3, WHOLE} <= set(ALL_DRAFTS)


@pytest.mark.parametrize("path", ALL_DRAFTS, ids=lambda p: str(p.relative_to(DRAFTS)))
def test_every_draft_reads(path):
    doc = draft.read_file(path)
    assert doc.meta.language == "zh"
    assert len(doc.decisions) == 1
    # the seed states no symbol number, date or job number: none may be invented
    assert doc.meta.date is None and doc.meta.job_number is None
    assert doc.meta.symbol is None or not re.fullmatch(r"UNEP/MC/COP\.4/\d+", doc.meta.symbol)
    assert doc.meta.extra == ()


@pytest.mark.parametrize("path", ALL_DRAFTS, ids=lambda p: str(p.relative_to(DRAFTS)))
def test_chinese_drafts_have_no_italics(path):
    doc = draft.read_file(path)
    nodes = [n for d in doc.decisions for c in d.clauses for n in model.walk_inlines(c.content)]
    nodes += [n for b in doc.blocks if isinstance(b, model.Paragraph) for n in model.walk_inlines(b.content)]
    assert not [n for n in nodes if isinstance(n, model.Emph)]


# ---------------------------------------------------------------- (b) round 1 is the seed's annex


def test_r1_is_the_seed_annex_decision(r1):
    (decision,) = r1.decisions
    assert_decision_is_seed_annex(decision)
    assert r1.meta.round == "r1"
    assert r1.footnotes == ()  # single-decision form: the footnotes are the decision's


def test_r1_has_three_preambular_and_seven_operative_clauses_as_the_seed(r1):
    blocks = seed_annex()["blocks"]
    numbered = [b for b in blocks if SEED_NUMBERED.match(b)]
    (decision,) = r1.decisions
    assert len(decision.preambular) == len(blocks) - 1 - len(numbered) == 3
    assert [c.label for c in decision.operative] == [SEED_NUMBERED.match(b).group(1) for b in numbered]
    assert len(numbered) == 7


def test_r1_keeps_the_annex_footnotes_as_the_seed_has_them(r1):
    """The annex cites INF/14 for the biodiversity study, INF/13 for the climate one (the reverse
    of paragraphs 3, 32 and 33 of the note): the transcription keeps the document's own text."""
    notes = {f.key: text(f.content) for f in r1.decisions[0].footnotes}
    assert notes == {"1": "UNEP/MC/COP.4/INF/14。", "2": "UNEP/MC/COP.4/INF/13。"}
    assert "（UNEP/MC/COP.4/INF/13）" in seed_note()["paragraphs"]["32"]


# ---------------------------------------------------------------- (c) the whole document


def test_whole_document_paragraphs_are_the_seeds(whole):
    note = seed_note()
    paragraphs = [b for b in whole.blocks if isinstance(b, model.Paragraph)]
    assert [p.label for p in paragraphs] == list(note["paragraphs"]) == [str(n) for n in range(1, 39)]
    for p in paragraphs:
        seed = note["paragraphs"][p.label]
        assert text(p.content) == norm(SUP.sub("", seed)), f"paragraph {p.label}"
        assert marked(p.content) == norm(seed), f"paragraph {p.label}"


def test_whole_document_headings_are_the_seeds(whole):
    seed = seed_note()["headings"]
    chapters = [h for h in seed if CHAPTER.match(h)]
    sections = [h for h in seed if SECTION.match(h)]
    assert len(chapters) == 3 and len(sections) == 10
    assert [h[0] for h in sections] == list("ABCDEFGHIJ")
    headings = [b for b in whole.blocks if isinstance(b, model.Heading)]
    assert [text(h.content) for h in headings if h.level == 1 and h.role is None] == chapters
    assert [text(h.content) for h in headings if h.level == 2] == sections
    # chapters, sections and paragraphs interleave in the seed's order
    order = [text(b.content) if isinstance(b, model.Heading) else b.label
             for b in whole.blocks if isinstance(b, (model.Heading, model.Paragraph))]
    assert order.index(sections[0]) < order.index("4") < order.index(sections[1]) < order.index("12")
    assert order.index(chapters[2]) < order.index("38")


def test_whole_document_footnotes_are_the_seeds(whole):
    note = seed_note()["notes"]
    assert set(note) == {"*", "**", "1", "2", "3", "4"}
    assert {f.key: text(f.content) for f in whole.footnotes} == {k: norm(v) for k, v in note.items()}
    used = refs(whole.meta.venue) + refs(whole.meta.agenda_item)
    used += [k for b in whole.blocks if isinstance(b, model.Paragraph) for k in refs(b.content)]
    assert sorted(used) == sorted(note)


def test_whole_document_masthead_is_the_seeds(whole):
    lines = [re.sub(r"^#+\s*", "", l) for l in seed_note()["masthead"]]
    body_session, venue, agenda, agenda_title, title, subtitle = lines
    meta = whole.meta
    assert f"{text(meta.body)} {text(meta.session)}" == body_session
    assert text(meta.venue) == venue.replace("\\*", "") and refs(meta.venue) == ["*"]
    assert text(meta.agenda_item) in agenda.replace("\\*", "") and refs(meta.agenda_item) == ["**"]
    assert (text(meta.agenda_title), text(meta.title), text(meta.subtitle)) == (agenda_title, title, subtitle)


def test_whole_document_annex_holds_the_seed_decision(whole, r1):
    annex = [b for b in whole.blocks if isinstance(b, model.Heading) and b.role == "annex"]
    assert [text(h.content) for h in annex] == [seed_annex()["annex"]]
    assert whole.blocks.index(annex[0]) == len(whole.blocks) - 2
    (decision,) = whole.decisions
    assert whole.blocks[-1] is decision
    assert (len(decision.preambular), len(decision.operative)) == (3, 7)
    assert_decision_is_seed_annex(decision)
    assert decision == r1.decisions[0]  # the round-1 draft and the document hold the same decision


def whole_text(doc: model.Document) -> str:
    """The document's text in reading order (masthead, note, its footnotes, annex), one block a line."""
    m = doc.meta
    out = [f"{text(m.body)} {text(m.session)}", text(m.venue), f"临时议程项目{text(m.agenda_item)}",
           text(m.agenda_title), text(m.title), text(m.subtitle)]
    for block in doc.blocks:
        if isinstance(block, model.Heading):
            if block.role == "annex":
                out.extend(text(f.content) for f in doc.footnotes)
            out.append(text(block.content))
        elif isinstance(block, model.Paragraph):
            out.append(f"{block.label}. {text(block.content)}")
        else:
            out.append(f"{block.kind} {block.number}: {text(block.title)}")
            out.extend(decision_lines(block))
            out.extend(text(f.content) for f in block.footnotes)
    return "\n".join(out)


def seed_plain_text() -> str:
    """The seed without Markdown markup or footnote markers, one block a line, the note's footnotes
    gathered after its last paragraph (where a draft defines them) instead of amid the text."""

    def clean(line: str) -> str:
        line = SUP.sub("", line).replace("\\*", "").replace("**", "")
        return norm(unlink(line.lstrip("#")))

    lines = seed_lines()
    end = lines.index("## 附件")
    out: list[str] = []
    in_note = False
    for line in lines[:end]:
        s = line.strip()
        if not s or s == "---":
            in_note = False
        elif SEED_NOTE_DEF.match(s) or SEED_STAR_DEF.match(s):
            in_note = True
        elif not in_note:  # a line right under a footnote continues it
            out.append(clean(s))
    out += [norm(t) for t in seed_note()["notes"].values()]
    out += [clean(l) for l in lines[end:] if l.strip()]
    return "\n".join(out)


def test_whole_document_text_matches_the_seed_at_99_percent(whole):
    seed = seed_plain_text()
    ours = whole_text(whole)
    ratio = difflib.SequenceMatcher(None, seed, ours, autojunk=False).ratio()
    assert ratio >= 0.99, ratio


# ---------------------------------------------------------------- rounds 2 and 3: the documented edits


def clause_texts(doc: model.Document, part: str) -> list[str]:
    """Plain text of the decision's clauses of one part, with operative labels."""
    (decision,) = doc.decisions
    return [(f"{c.label}. " if c.label else "") + text(c.content) for c in decision.clauses if c.part == part]


@pytest.mark.parametrize("path", [R2, R3], ids=["r2", "r3"])
def test_later_rounds_are_marked_illustrative(path):
    assert path.read_text(encoding="utf-8").split("\n")[1] == ILLUSTRATIVE
    assert draft.read_file(path).meta.round == path.stem


def test_r2_makes_exactly_the_documented_edits(r1):
    r2 = draft.read_file(R2)
    pp1, op1 = clause_texts(r1, "preambular"), clause_texts(r1, "operative")
    pp2, op2 = clause_texts(r2, "preambular"), clause_texts(r2, "operative")
    body = lambda t: t.split(". ", 1)[1]
    # E1 preambular 2 deleted; E2 a bracketed preambular paragraph added at the end
    assert pp2[:2] == [pp1[0], pp1[2]] and len(pp2) == 3
    assert pp2[2].startswith("[认识到") and pp2[2].endswith("，]")
    # operative labels: E6 "5 bis" inserted
    assert [c.label for c in r2.decisions[0].operative] == ["1", "2", "3", "4", "5", "5 bis", "6", "7"]
    # E3 one word changed in paragraph 1
    assert body(op2[0]) == body(op1[0]).replace("不断", "定期")
    # E4 paragraph 4 moved up to 2 (with its footnote references), 2 and 3 renumbered 3 and 4
    assert body(op2[1]) == body(op1[3])
    assert refs(r2.decisions[0].operative[1].content) == ["1", "2"]
    assert body(op2[2]) == body(op1[1])
    # E5 alternatives on the opening word of former paragraph 3
    assert body(op2[3]) == "[邀请][鼓励]" + body(op1[2])[2:]
    assert op2[4] == op1[4]
    # E6 the new paragraph is bracketed whole, with a nested bracket
    assert op2[5].startswith("5 bis. [请秘书处") and "[以及其他相关国际组织]" in op2[5] and op2[5].endswith("；]")
    # E7 a condition bracketed; E8 a bracketed word and alternatives in the last paragraph
    assert body(op2[6]).replace("[", "").replace("]", "") == body(op1[5])
    assert "[在资源允许的情况下]" in op2[6]
    assert body(op2[7]) == "还请秘书处[酌情]向缔约方大会[今后的会议][第五次会议]报告本决定的执行情况。"
    assert r2.decisions[0].organ == r1.decisions[0].organ
    assert r2.decisions[0].footnotes == r1.decisions[0].footnotes


def test_r2_bracket_inventory():
    (decision,) = draft.read_file(R2).decisions
    brackets = [n for c in decision.clauses for n in model.walk_inlines(c.content) if isinstance(n, model.Bracket)]
    assert len(brackets) == 9
    assert all(b.opens and b.closes for b in brackets)
    nested = [n for b in brackets for n in model.walk_inlines(b.children) if isinstance(n, model.Bracket)]
    assert [text(n.children) for n in nested] == ["以及其他相关国际组织"]


def test_r3_resolves_every_bracket_of_r2():
    r2, r3 = draft.read_file(R2), draft.read_file(R3)
    (decision,) = r3.decisions
    assert not [n for c in decision.clauses for n in model.walk_inlines(c.content) if isinstance(n, model.Bracket)]
    assert [c.label for c in decision.operative] == [c.label for c in r2.decisions[0].operative]
    op2, op3 = clause_texts(r2, "operative"), clause_texts(r3, "operative")
    pp2, pp3 = clause_texts(r2, "preambular"), clause_texts(r3, "preambular")
    assert pp3 == pp2[:2] + [pp2[2][1:-1]]
    assert op3[3] == op2[3].replace("[邀请][鼓励]", "鼓励")
    assert op3[5] == op2[5].replace("[以及其他相关国际组织]", "").replace("[", "").replace("]", "")
    assert op3[6] == op2[6].replace("[", "").replace("]", "")
    assert op3[7] == "7. 还请秘书处酌情向缔约方大会第五次会议报告本决定的执行情况。"
    assert [op3[i] for i in (0, 1, 2, 4)] == [op2[i] for i in (0, 1, 2, 4)]



@pytest.mark.parametrize("path", ALL_DRAFTS, ids=lambda p: str(p.relative_to(DRAFTS)))
def test_every_draft_is_in_canonical_form(path):
    """``clausewise fmt`` leaves the drafts as they are, the illustrative rounds' comment line included."""
    raw = path.read_text(encoding="utf-8")
    assert draft.canonical(raw, str(path)) == raw


@pytest.mark.parametrize("path", ALL_DRAFTS, ids=lambda p: str(p.relative_to(DRAFTS)))
def test_check_finds_no_error_in_the_drafts(path):
    check = pytest.importorskip("clausewise.check")
    errors = [str(f) for f in check.check_file(path) if f.severity == "error"]
    assert errors == []
