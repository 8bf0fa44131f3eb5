"""Word import (formats/docx/reader.py and package.py): small exact fixtures, then the real corpus files."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import time
import zipfile
from xml.etree import ElementTree
from pathlib import Path

import pytest

from clausewise.formats import load
from clausewise.formats.docx import DocxReadOptions, read
from clausewise.formats.docx.numbering import format_number
from clausewise.model import (Bracket, Clause, Comment, Decision, Emph, FootnoteRef, Heading, Note, OptionLabel,
                              Text, plain_text)
from tests.conftest import DRAFTS, FIXTURES, SOFFICE, corpus_file, requires_soffice

_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "docx" / "import" / "make_fixtures.py")
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

CMA3 = ("unfccc-cma3-adopted-decisions-docx", "FCCC-PA-CMA-2021-10-Add.3_decisions-6-to-24-CMA.3.docx")
CMA3_EXPORT = ("unfccc-cma3-adopted-decisions-docx",
               "FCCC-PA-CMA-2021-10-Add.3_decisions-6-to-24-CMA.3.third-party-txt-export.txt")
R1 = ("unfccc-cma6-article6.2-cooperative-approaches", "r1_SBSTA61-item13a_draft-decision_1st-iteration_2024-11-14.docx")


def only_decision(data: bytes, view: str = "final") -> Decision:
    doc = read(data, DocxReadOptions(view=view))
    assert len(doc.decisions) == 1
    return doc.decisions[0]


def texts(items) -> list[str]:
    return [plain_text(i.content) for i in items]


def all_subparagraphs(subs):
    for s in subs:
        yield s
        yield from all_subparagraphs(s.subparagraphs)


# ---------------------------------------------------------------- numbering and structure


def test_typed_numbers_become_labels_and_subparagraphs_nest():
    d = only_decision(fx.typed_numbers())
    assert (d.kind, d.number, plain_text(d.title)) == ("Draft decision", "-/CMA.6", "Matters relating to cooperative approaches")
    assert d.organ == (Emph((Text("The Conference of the Parties"),)), Text(","))
    assert [c.part for c in d.clauses] == ["preambular", "preambular", "operative", "operative", "operative"]
    assert [c.label for c in d.operative] == ["1", "2", "2 bis"]
    first = d.operative[0]
    assert [s.label for s in first.subparagraphs] == ["a", "b", "c"]
    assert [s.label for s in first.subparagraphs[1].subparagraphs] == ["i", "ii"]
    assert plain_text(first.subparagraphs[1].subparagraphs[1].content) == "Two;"
    assert first.content == (Emph((Text("Decides"),)), Text(" that:"))


def test_word_list_numbering_gives_labels_with_levels_restarts_and_start_values():
    d = only_decision(fx.list_numbering())
    headings = [plain_text(b.content) for b in d.body if isinstance(b, Heading)]
    assert headings == ["I. Scope", "A. General", "II. Special provisions"]
    assert [b.level for b in d.body if isinstance(b, Heading)] == [1, 2, 1]
    # counters belong to the abstract list: the third num continues 1., 2. with 3.; the fourth starts at 3
    # and the fifth has a startOverride of 10
    assert [c.label for c in d.operative] == ["1", "2", "3", "3", "10"]
    subs = d.operative[0].subparagraphs
    # (a) (b) [(i) (ii)], then a w:num with startOverride restarts (a), and the first num continues with (b)
    assert [s.label for s in subs] == ["a", "b", "a", "b"]
    assert [s.label for s in subs[1].subparagraphs] == ["i", "ii"]
    assert texts(subs) == ["First;", "Second:", "Restarted;", "Continued;"]


def test_format_number_covers_the_list_formats():
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 40)] == ["IV", "IX", "XIV", "XL"]
    assert format_number(3, "lowerRoman") == "iii"
    assert [format_number(n, "chineseCounting") for n in (1, 10, 12, 20)] == ["一", "十", "十二", "二十"]
    assert format_number(7, "decimal") == "7"


def test_margin_labels_pp_and_op():
    d = only_decision(fx.margin_labels())
    assert [(c.part, c.label) for c in d.clauses] == [("preambular", None), ("preambular", None),
                                                       ("operative", "1"), ("operative", "2 bis")]
    assert plain_text(d.clauses[0].content) == "Recalling decision 1/CP.1,"
    assert isinstance(d.clauses[2].content[0], Emph)


def test_opening_words_come_from_the_lexicon_when_the_file_has_no_italics():
    d = only_decision(fx.no_italics())
    assert d.organ == (Emph((Text("The Conference of the Parties"),)), Text(","))
    # unnumbered, but "Decides" is an operative opening and "Recalling" a preambular one
    assert [c.part for c in d.clauses] == ["preambular", "operative", "operative"]
    assert [c.content[0] for c in d.clauses] == [Emph((Text("Recalling"),)), Emph((Text("Decides"),)),
                                                 Emph((Text("Also requests"),))]


def test_chinese_is_detected_and_gets_no_emphasis():
    doc = read(fx.chinese())
    assert doc.meta.language == "zh"
    d = doc.decisions[0]
    assert (d.kind, d.number, plain_text(d.title)) == ("决定草案", "MC-4/[--]", "国际合作与协调")
    assert plain_text(d.organ) == "缔约方大会，"
    assert [c.part for c in d.clauses] == ["preambular", "operative", "operative"]
    assert not any(isinstance(n, Emph) for c in d.clauses for n in c.content)
    assert d.operative[1].content[1] == Bracket((Text("在资源允许的情况下"),))


# ---------------------------------------------------------------- tracked changes


def test_tracked_changes_final_view_accepts_everything():
    d = only_decision(fx.revisions(), "final")
    assert [c.label for c in d.operative] == ["1", "2", "3", "4"]
    assert texts(d.operative) == ["Decides to strongly act;", "Requests more;", "Invites Parties and observers;",
                                  "Notes the report as moved."]


def test_tracked_changes_original_view_rejects_everything():
    d = only_decision(fx.revisions(), "original")
    # the inserted paragraph is gone, the deleted paragraph mark is back, the move is undone
    assert [(c.part, c.label) for c in d.clauses] == [("operative", "1"), ("operative", "3"), ("preambular", None),
                                                      ("operative", "4")]
    assert texts(d.clauses) == ["Decides to weakly act;", "Invites Parties", "and observers;",
                                "Notes the old report."]


# ---------------------------------------------------------------- notes, comments, brackets, options


def test_footnotes_endnotes_custom_marks_and_comments():
    d = only_decision(fx.notes_and_comments())
    refs = [n.key for c in d.clauses for n in c.content if isinstance(n, FootnoteRef)]
    assert refs == ["1", "2", "i", "*"]
    notes = {f.key: plain_text(f.content) for f in d.footnotes}
    assert notes == {"1": "Decision 1/CP.1, paragraph 2.", "2": "FCCC/CP/2024/1.",
                     "i": "An endnote [with a bracket].", "*": "Issued without formal editing."}
    comments = [n for n in d.operative[0].content if isinstance(n, Comment)]
    assert comments == [Comment("Delete 'authorized'", "US")]


def test_brackets_nest_span_paragraphs_and_unbalanced_ones_are_kept():
    doc = read(fx.brackets_and_options())
    d = doc.decisions[0]
    ops = d.operative
    first = ops[0].content
    assert first == (Bracket((Bracket((Emph((Text("Decides"),)),)), Bracket((Text("Requests"),)), Text(" that Parties "),
                              Bracket((Text("shall"),)), Bracket((Text("should"),)), Text(" act;"))),)
    assert plain_text(first) == "[[Decides][Requests] that Parties [shall][should] act;]"
    # "[" in paragraph 2, "]" in paragraph 4: the middle one is wholly inside
    assert ops[1].content[0] == Bracket((Text("Invites Parties to act,"),), opens=True, closes=False)
    assert ops[2].content == (Bracket((Text("including observers;"),), opens=False, closes=False),)
    assert ops[3].content[0] == Bracket((Text("and others"),), opens=False, closes=True)
    # a "]" with none open, and a "[" never closed
    stray = ops[4].content[0]
    assert (stray.opens, stray.closes) == (False, True) and plain_text(ops[4].content) == "Notes the stray] bracket;"
    unclosed = ops[5].content[0]
    assert (unclosed.opens, unclosed.closes) == (True, False)
    # positions are the 1-based body paragraphs
    assert stray.source.paragraph == 10 and unclosed.source.paragraph == 11
    assert [c.source.paragraph for c in ops] == [4, 6, 7, 8, 10, 11]
    # the last paragraph sits inside the bracket that never closed
    assert d.body[-1].content == (Bracket((Note((Text("End of options"),)),), opens=False, closes=False),)


def test_option_labels_and_editorial_notes():
    d = only_decision(fx.brackets_and_options())
    options = [b for b in d.body if isinstance(b, OptionLabel)]
    assert [o.label for o in options] == ["Option 1", "Option 3"]
    assert options[0].content == ()
    assert options[1].content == (Note((Text("No text required"),)),)


# ---------------------------------------------------------------- documents with several decisions


def test_several_decisions_with_masthead_adoption_lines_and_an_annex(tmp_path):
    data = fx.several_decisions()
    doc = read(data)
    meta = doc.meta
    assert (meta.symbol, meta.distribution, meta.date, meta.original_language) == (
        "FCCC/PA/CMA/2021/10/Add.3", "General", "2022-03-08", "English")
    assert plain_text(meta.body).startswith("Conference of the Parties serving")
    assert plain_text(meta.title) == "Report on its third session"
    assert [(d.kind, d.number, plain_text(d.title)) for d in doc.decisions] == [
        ("Decision", "6/CMA.3", "Common time frames"), ("Decision", "7/CMA.3", "Global goal on adaptation")]
    # a decision runs to the next decision heading: the adoption line is its last, unnumbered paragraph
    assert [type(b).__name__ for b in doc.blocks] == ["Decision", "Decision"]
    last = doc.decisions[0].body[-1]
    assert (last.part, last.label, plain_text(last.content)) == ("preambular", None, "12th plenary meeting")
    second = doc.decisions[1]
    heads = [b for b in second.body if isinstance(b, Heading)]
    assert [(h.role, plain_text(h.content)) for h in heads] == [
        ("annex", "Annex"), (None, "Work programme"), (None, "I. Guiding principles")]
    assert [c.label for c in second.operative] == ["1", "2", "1"]
    assert [s.label for s in second.operative[2].subparagraphs] == ["a", "b"]
    # --decision N keeps one decision
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    picked = load(path, decision=2)
    assert [d.number for d in picked.decisions] == ["7/CMA.3"]


def test_a_bare_decision_text_without_heading_is_one_draft_decision():
    doc = read(fx.bare_decision())
    assert [type(b).__name__ for b in doc.blocks] == ["Decision"]
    d = doc.decisions[0]
    assert (d.kind, d.number, d.title) == ("Draft decision", None, ())
    assert plain_text(d.organ) == "The Conference of the Parties,"
    assert [(c.part, c.label) for c in d.clauses] == [("preambular", None), ("operative", "1"), ("operative", "2")]
    assert doc.meta.body == () and doc.meta.title == ()


def test_header_gives_masthead_metadata():
    header = "".join(fx.para(fx.run(t)) for t in ("DRAFT TEXT", "SBSTA 61 agenda item 13(a)",
                                                 "Matters relating to Article 6", "Version 14/11/2024 13:00"))
    doc = read(fx.docx_bytes(fx.para(fx.run("Draft decision -/CMA.6")) + fx.ORGAN, header=header))
    assert plain_text(doc.meta.agenda_item) == "13(a)"
    assert plain_text(doc.meta.agenda_title) == "Matters relating to Article 6"
    assert doc.meta.round == "Version 14/11/2024 13:00"


# ---------------------------------------------------------------- round trips through our writer


def _writer():
    return pytest.importorskip("clausewise.formats.docx.writer")


@pytest.mark.parametrize("draft", sorted(DRAFTS.glob("*/*.md")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_drafts_survive_write_then_read(draft):
    """``import(build(d)) == d`` for every draft of the repository."""
    _writer()
    from clausewise.formats.docx import write

    doc = load(draft)
    assert read(write(doc)) == doc


@pytest.mark.parametrize("name", sorted(fx.FIXTURES))
def test_fixtures_survive_read_write_read(name):
    _writer()
    from clausewise.formats.docx import write

    doc = read(fx.FIXTURES[name]())
    assert read(write(doc)) == doc


@pytest.mark.parametrize("parts", [CMA3, R1], ids=["cma3", "r1"])
def test_real_files_survive_read_write_read(parts):
    _writer()
    from clausewise.formats.docx import write

    doc = read(corpus_file(*parts))
    assert read(write(doc)) == doc


@pytest.mark.parametrize("parts", [CMA3, R1], ids=["cma3", "r1"])
def test_real_files_import_as_drafts_that_read_back_the_same(parts):
    """What ``clausewise import`` writes (the draft format) reads back to the imported model."""
    from clausewise.formats import draft

    doc = read(corpus_file(*parts))
    assert draft.read(draft.write(doc)) == doc


# ---------------------------------------------------------------- the real files


def test_cma3_decisions_paragraphs_and_subparagraphs_agree_with_the_independent_export():
    path = corpus_file(*CMA3)
    export = corpus_file(*CMA3_EXPORT).read_text(encoding="utf-8")
    # the export, cut at its "Decision 6/CMA.3" … "Resolution 1/CMA.3" lines
    expected: dict[str, tuple[int, int]] = {}
    current = None
    for line in export.splitlines():
        m = re.match(r"^\s*(Decision|Resolution) (\d+/CMA\.3)\s*$", line)
        if m:
            current = f"{m.group(1)} {m.group(2)}"
            expected[current] = (0, 0)
            continue
        if current is None:
            continue
        paras, subs = expected[current]
        # a numbered paragraph is a sentence ("1.<tab>… ;"); "1.<tab>Education" is an annex heading
        if re.match(r"^\s*\d+\.\t.*[.;:,]\s*$", line):
            paras += 1
        if re.match(r"^\s*\([a-z]+\)\t", line):
            subs += 1
        expected[current] = (paras, subs)
    assert len(expected) == 20

    doc = read(path)
    got = {}
    for d in doc.decisions:
        subs = sum(1 for c in d.clauses for _ in all_subparagraphs(c.subparagraphs))
        got[f"{d.kind} {d.number}"] = (sum(1 for c in d.operative if c.label), subs)
    assert got == expected
    assert sum(p for p, _ in got.values()) == 365 and sum(s for _, s in got.values()) == 195


def _raw_paragraph_texts(path: Path, part: str = "word/document.xml") -> list[str]:
    """The text of every w:p of a part in document order, read with the standard library's parser."""
    root = ElementTree.fromstring(zipfile.ZipFile(path).read(part))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    owner = {}
    for p in root.iter(w + "p"):
        for t in p.iter(w + "t"):
            owner[t] = p   # the innermost paragraph wins, as iter visits outer paragraphs first
    texts: dict = {p: [] for p in root.iter(w + "p")}
    for t in root.iter(w + "t"):
        if t in owner:
            texts[owner[t]].append(t.text or "")
    return ["".join(parts) for parts in texts.values()]


def _model_texts(doc):
    for b in doc.blocks:
        if isinstance(b, Decision):
            yield b.title
            yield b.organ
            for item in b.body:
                if isinstance(item, OptionLabel):
                    yield (Text(item.label),)
                yield item.content
                if isinstance(item, Clause):
                    for s in all_subparagraphs(item.subparagraphs):
                        yield s.content
        else:
            yield b.content


def test_r1_keeps_every_bracket_character():
    path = corpus_file(*R1)
    body = "".join(_raw_paragraph_texts(path))
    notes = "".join(_raw_paragraph_texts(path, "word/footnotes.xml") + _raw_paragraph_texts(path, "word/endnotes.xml"))
    assert (body.count("["), body.count("]")) == (420, 417)
    started = time.perf_counter()
    doc = read(path)
    assert time.perf_counter() - started < 20   # about 1 s on an idle machine
    text = "".join(plain_text(t) for t in _model_texts(doc))
    assert (text.count("["), text.count("]")) == (body.count("["), body.count("]"))
    footnotes = [f for d in doc.decisions for f in d.footnotes] + list(doc.footnotes)
    note_text = "".join(plain_text(f.content) for f in footnotes)
    assert (note_text.count("["), note_text.count("]")) == (notes.count("["), notes.count("]"))


def _unbalanced_in_model(doc):
    stack, stray = [], []

    def visit(nodes):
        for n in nodes:
            if isinstance(n, Bracket):
                if n.opens:
                    stack.append(n.source.paragraph)
                visit(n.children)
                if n.closes:
                    if stack:
                        stack.pop()
                    else:
                        stray.append(n.source.paragraph)
            elif getattr(n, "children", None):
                visit(n.children)

    for content in _model_texts(doc):
        visit(content)
    return stack, stray


def test_r1_unbalanced_brackets_are_where_a_plain_bracket_stack_over_the_raw_text_finds_them():
    path = corpus_file(*R1)
    stack, stray = [], []
    for number, text in enumerate(_raw_paragraph_texts(path), start=1):
        for ch in text:
            if ch == "[":
                stack.append(number)
            elif ch == "]":
                if stack:
                    stack.pop()
                else:
                    stray.append(number)
    assert len(stack) == 5 and len(stray) == 2
    assert _unbalanced_in_model(read(path)) == (stack, stray)


def test_r1_check_reports_exactly_the_unbalanced_brackets():
    check = pytest.importorskip("clausewise.check")
    path = corpus_file(*R1)
    doc = read(path)
    unclosed, stray = _unbalanced_in_model(doc)
    # CW101 "[" never closed, CW102 "]" closes nothing; the body's carry its paragraph (notes have none)
    findings = [f for f in check.check(doc, str(path))
                if f.code in ("CW101", "CW102") and f.paragraph and "footnote" not in f.message]
    assert sorted((f.code, f.paragraph) for f in findings) == sorted(
        [("CW101", n) for n in unclosed] + [("CW102", n) for n in stray])
    assert sorted(unclosed) == [199, 237, 323, 526, 875] and stray == [155, 155]


def test_r1_structure():
    doc = read(corpus_file(*R1))
    (d,) = doc.decisions
    assert (d.kind, d.number) == ("Draft decision", "-/CMA.6")
    # 169 numbered paragraphs (the corpus' own extraction counts one more: an empty numbered line "3.")
    assert [c.label for c in d.operative if c.label] == [str(n) for n in range(1, 170)]
    heads = [plain_text(h.content) for h in d.body if isinstance(h, Heading) and h.level == 1]
    assert heads[0] == "I. Scope and definition of a cooperative approach"
    assert heads[1].startswith("II. [Further guidance on initial reports]")
    options = [b for b in d.body if isinstance(b, OptionLabel)]
    assert options[0].label == "Option 1" and len(options) > 50
    assert OptionLabel("Option 3", (Note((Text("No text required"),)),)) in options
    subs = sum(1 for c in d.clauses for _ in all_subparagraphs(c.subparagraphs))
    assert subs >= 200
    assert [type(b) for b in doc.blocks] == [Decision]


# ---------------------------------------------------------------- our own redlines


def _without_comments(node):
    """A copy of any model node with every Comment inline removed."""
    from dataclasses import fields, replace

    from clausewise.model import Comment

    if isinstance(node, tuple):
        return tuple(_without_comments(n) for n in node if not isinstance(n, Comment))
    if not hasattr(node, "__dataclass_fields__"):
        return node
    changes = {f.name: _without_comments(getattr(node, f.name)) for f in fields(node)
               if isinstance(getattr(node, f.name), tuple) or hasattr(getattr(node, f.name), "__dataclass_fields__")}
    return replace(node, **changes)


def test_a_redline_read_with_changes_accepted_is_the_new_round_and_rejected_the_old():
    pytest.importorskip("clausewise.formats.docx.redline")
    from dataclasses import replace

    from clausewise.compare import compare
    from clausewise.formats.docx import write_redline

    folder = DRAFTS / "mc-4-international-cooperation"
    if not (folder / "r2.md").exists():
        pytest.skip("the example rounds are not in this checkout")
    old, new = load(folder / "r1.md"), load(folder / "r2.md")
    data = write_redline(compare(old, new))
    # the redline's Word comments say what became of the brackets: remarks on the redline,
    # not text of either round, so they are left out of the comparison
    assert _without_comments(read(data, DocxReadOptions(view="final"))) == new
    rejected = _without_comments(read(data, DocxReadOptions(view="original")))
    # the redline records only the newer round's label ("round: r2"), unless it adds "original round"
    assert rejected == replace(old, meta=replace(old.meta, round=rejected.meta.round))


LANGUAGE_SAMPLES = {
    "en": ("Draft decision", "*The Conference of the Parties*,", "*Recalling* its decision 1/CP.1,",
           "*Decides* to act:", "(a)", "(i)", "Option"),
    "fr": ("Projet de décision", "*La Conférence des Parties*,", "*Rappelant* sa décision 1/CP.1,",
           "*Décide* d'agir :", "a)", "i)", "Option"),
    "es": ("Proyecto de decisión", "*La Conferencia de las Partes*,", "*Recordando* su decisión 1/CP.1,",
           "*Decide* actuar:", "a)", "i)", "Opción"),
    "ru": ("Проект решения", "*Конференция Сторон*,", "*ссылаясь* на свое решение 1/CP.1,",
           "*постановляет* действовать:", "а)", "i)", "Вариант"),
    "ar": ("مشروع مقرر", "إن مؤتمر الأطراف،", "إذ يشير إلى مقرره 1/CP.1،", "يقرر أن يتصرف:", "(أ)", "(i)", "الخيار"),
    "zh": ("决定草案", "缔约方大会，", "回顾其第1/CP.1号决定，", "决定采取行动：", "(a)", "(i)", "备选案文"),
}


@pytest.mark.parametrize("code", sorted(LANGUAGE_SAMPLES))
def test_every_language_survives_write_then_read(code):
    """Numbers ("1-" in Arabic), labels ("a)", "(أ)"), masthead dates and options in the six languages."""
    _writer()
    from clausewise.formats import draft
    from clausewise.formats.docx import write

    kind, organ, pre, op, sub, subsub, option = LANGUAGE_SAMPLES[code]
    first, second = ("1-", "2-") if code == "ar" else ("1.", "2.")
    text = (f"---\nlanguage: {code}\nsymbol: FCCC/CP/2024/L.1\ndate: 2024-11-14\ndecision: 1/CP.29\nkind: {kind}\n"
            f"title: T [x]\nround: r1\nfamily: ungeneva\n---\n\n{organ}\n\n{pre}\n\n{first} {op}\n\n"
            f"   {sub} [one][two];\n\n      {subsub} sub;\n\n**{option} 1**\n\n{second} {op} [^1]\n\n"
            "[^1]: FCCC/CP/2024/1.\n")
    doc = draft.read(text)
    assert doc.decisions[0].operative[0].subparagraphs[0].subparagraphs
    assert read(write(doc)) == doc


@requires_soffice
def test_our_files_saved_again_by_libreoffice_still_read_back_exactly(tmp_path):
    """A delegate opens the built file in an office suite and saves it: the import is unchanged."""
    _writer()
    from clausewise.formats.docx import write

    folder = DRAFTS / "mc-4-international-cooperation"
    drafts = [folder / "r2.md", folder / "pre-session-document.md"]
    if not all(p.exists() for p in drafts):
        pytest.skip("the example drafts are not in this checkout")
    docs = {}
    for p in drafts:
        docs[p.stem] = load(p)
        (tmp_path / f"{p.stem}.docx").write_bytes(write(docs[p.stem]))
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                             "--outdir", str(out), *[str(tmp_path / f"{k}.docx") for k in docs]],
                            capture_output=True, timeout=180)
    if result.returncode != 0 or not all((out / f"{k}.docx").exists() for k in docs):
        pytest.skip(f"LibreOffice could not convert: {result.stderr[-200:]!r}")
    for name, doc in docs.items():
        assert read(out / f"{name}.docx") == doc


def _with_custom_properties(data: bytes, props: dict[str, str]) -> bytes:
    """``data`` with docProps/custom.xml holding ``props`` (as our writer may record front-matter values)."""
    import io
    from xml.sax.saxutils import escape

    body = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k)}">'
                   f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>" for i, (k, v) in enumerate(props.items(), 2))
    xml = ('<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
           'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
           f'2006/docPropsVTypes">{body}</Properties>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "docProps/custom.xml":
                dst.writestr(item, src.read(item))
        dst.writestr("docProps/custom.xml", xml)
    return out.getvalue()


def test_recorded_front_matter_values_restore_what_the_writer_fills_in():
    """Unset ``family`` and decision ``kind`` survive when the writer records them as custom properties."""
    _writer()
    from clausewise.formats.docx import write

    source = FIXTURES / "draft" / "en_issue_example.md"
    if not source.exists():
        pytest.skip("the draft fixture is not in this checkout")
    doc = load(source)
    assert doc.meta.family is None and doc.decisions[0].kind is None
    data = write(doc)
    plain = read(data)
    assert plain == doc   # the writer records what the page cannot tell from a default
    restored = read(_with_custom_properties(data, {"clausewise:family": "", "clausewise:kinds": "[null]"}))
    assert restored == doc
