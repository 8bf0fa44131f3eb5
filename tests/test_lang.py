"""Language conventions: the six lexicons load, recognise real opening phrases, and find references."""

from __future__ import annotations

import re

import pytest

from clausewise import lang
from tests.conftest import corpus_file, seed_text

FIELDS = ("preambular_openings", "operative_openings", "preambular_end", "operative_end", "last_end",
          "lead_in_end", "italic_openings", "operative_number", "subparagraph_formats", "subparagraph_sequences",
          "rtl", "font_latin", "font_east_asian", "font_complex", "footnote_before_punctuation", "annex_words",
          "decision_words", "option_words", "insert_suffixes", "reference_words", "masthead", "spaced")


@pytest.mark.parametrize("code", lang.CODES)
def test_every_language_loads_with_every_field(code):
    language = lang.get(code)
    for name in FIELDS:
        assert getattr(language, name) not in (None, ""), name
    assert len(language.preambular_openings) >= 40 and len(language.operative_openings) >= 50
    # longest first, so "Also recalling" wins over "Also"
    lengths = [len(p) for p in language.operative_openings]
    assert lengths == sorted(lengths, reverse=True)


def test_unknown_language_names_the_known_ones():
    with pytest.raises(KeyError, match="known: en, fr, es, ru, zh, ar"):
        lang.get("xx")
    assert lang.get("en-GB").code == "en"


def test_openings_match_whole_words_only():
    en = lang.get("en")
    assert en.is_opening("Recalling its decision", "preambular") == "Recalling"
    assert en.is_opening("Also recalling its decision", "preambular") == "Also recalling"
    assert en.is_opening("Recall the past", "preambular") is None
    assert en.is_opening("Notes, with concern, the report", "operative") == "Notes"
    assert en.is_opening("Notesworthy", "operative") is None
    assert en.is_opening("Stresses, within the mandate", "operative") == "Stresses"


SEED_OPENINGS = [("回顾", "preambular"), ("又回顾", "preambular"), ("强调", "preambular"), ("同意", "operative"),
                 ("欢迎", "operative"), ("邀请", "operative"), ("表示注意到", "operative"), ("请", "operative"),
                 ("又请", "operative"), ("还请", "operative")]


def test_the_seed_openings_are_chinese_openings():
    zh = lang.get("zh")
    for phrase, part in SEED_OPENINGS:
        assert zh.is_opening(phrase + "秘书处……", part) == phrase


def test_the_seed_annex_clauses_are_recognised_longest_first():
    text = seed_text()
    annex = text[text.index("## 决定草案"):]
    paragraphs = [p.strip() for p in annex.split("\n\n")[2:] if p.strip() and not p.startswith("<sup>")]
    zh = lang.get("zh")
    found = []
    for p in paragraphs:
        m = re.match(r"(\d+)\.\s*(.*)", p, re.S)
        found.append(zh.is_opening(m.group(2), "operative") if m else zh.is_opening(p, "preambular"))
    assert found == [p for p, _ in SEED_OPENINGS]


def _ldc(name: str) -> list[str]:
    text = corpus_file("unga-ldc-programme-of-action-resolution_zh-en", name).read_text(encoding="utf-8")
    return [m.group(1).replace("\n", "") for m in re.finditer(r"(?m)^\d+\.\s*(.*?)(?=^\d+\.|\Z)", text, re.S)]


def test_the_ldc_resolution_verbs_are_recognised_in_english_and_chinese():
    en, zh = lang.get("en"), lang.get("zh")
    english, chinese = _ldc("operative-paras_en.txt"), _ldc("operative-paras_zh.txt")
    assert len(english) == len(chinese) == 19
    en_found = [en.is_opening(p, "operative") for p in english]
    zh_found = [zh.is_opening(p, "operative") for p in chinese]
    assert None not in en_found and None not in zh_found
    assert en_found[:5] == ["Takes note", "Welcomes", "Reaffirms", "Acknowledges", "Stresses"]
    assert en_found[16:] == ["Reiterates its invitation", "Requests", "Also requests"]
    assert zh_found[:5] == ["注意到", "欢迎", "重申", "确认", "着重指出"]
    assert zh_found[16:] == ["重申邀请", "请", "又请"]


def test_the_english_corpus_openings_are_recognised():
    path = corpus_file("unga-A-C.3-56-right-to-development-draft", "draft_right-to-development_Third-Committee_2001-11-28.txt")
    en = lang.get("en")
    ops = re.findall(r"(?m)^\s*\d+\.\s+([A-Z].*)", path.read_text(encoding="utf-8"))
    assert len(ops) >= 20
    assert [o[:30] for o in ops if not en.is_opening(o, "operative")] == []


@pytest.mark.parametrize("code, text, nums, direction", [
    ("en", "as set out in paragraphs 4 to 6 below", "4 to 6", "below"),
    ("en", "pursuant to paragraph 9 above,", "9", "above"),
    ("fr", "visés aux paragraphes 4 à 6 ci-dessous", "4 à 6", "ci-dessous"),
    ("fr", "au paragraphe 9 ci-dessus", "9", "ci-dessus"),
    ("es", "en el párrafo 9 supra", "9", "supra"),
    ("ru", "в пункте 9 выше", "9", "выше"),
    ("ru", "в пунктах 4–6 ниже", "4–6", "ниже"),
    ("zh", "上文第9段", "第9", "上文"),
    ("zh", "下文第4至6段", "第4至6", "下文"),
    ("ar", "في الفقرة 9 أعلاه", "9", "أعلاه"),
])
def test_reference_patterns(code, text, nums, direction):
    m = re.search(lang.get(code).reference_pattern, text)
    assert m and m.group("nums") == nums and m.group("dir") == direction


def test_a_reference_needs_above_or_below():
    assert re.search(lang.get("en").reference_pattern, "paragraph 5 (b) of Article 23") is None
