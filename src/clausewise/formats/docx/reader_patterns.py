"""What an imported Word file's text means in its language: patterns, language detection, dates.

``detect_language`` decides the document's language by script, then by which lexicon its opening
phrases match; ``Patterns`` compiles one language's decision headings, option labels, annex
headings, operative numbers ("5.", "5 bis.", "7-"), margin labels ("PP1") and subparagraph labels
("(a)", "a)", "(أ)"); ``iso_date`` turns a printed masthead date into ISO 8601. The regular
expressions for mastheads and UN heading styles live here too, as data for ``reader.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausewise import lang as languages
from clausewise.formats.docx.numbering import roman
from clausewise.formats.docx.package import WordPackage
from clausewise.model import OPERATIVE, PREAMBULAR

__all__ = ["detect_language", "Patterns", "iso_date", "roman_value", "letter_value"]

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
          "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
          "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря")
DATE_RE = re.compile(rf"(\d{{1,2}}\s+(?:de\s+)?(?:{MONTHS})\s+(?:de\s+)?\d{{4}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日|\d{{4}}-\d\d-\d\d)",
                     re.IGNORECASE)
SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9]*(?:/[A-Za-z0-9.()\-–\[\]…]+)+$")
DISTR_RE = re.compile(r"Distr\.?\s*:\s*(\w+)", re.IGNORECASE)
ORIGINAL_RE = re.compile(r"Original\s*:\s*(\w+)", re.IGNORECASE)
AGENDA_RE = re.compile(r"(?:^|\b)(?:provisional\s+)?agenda item\s+([\w().]+)|^Item\s+([\w().]+)\s+of the (?:provisional )?agenda"
                       r"|临时议程项目\s*([\w().]+)|^Point\s+([\w().]+)\s+de l'ordre du jour"
                       r"|^Tema\s+([\w().]+)\s+del programa", re.IGNORECASE)
SESSION_RE = re.compile(r"^(?:\w+(?:-\w+)?\s+session|第.+?(?:次会议|届会议)|\w+\s+session\s*$)", re.IGNORECASE)
ROMAN_UPPER_RE = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
HEADING_STYLE_RE = re.compile(r"heading\s*(\d)|^title$|^subtitle$|H_*(Ch|1|23|4|56)_*G\b|H(Ch|1|23|4|56)G", re.IGNORECASE)
UN_HEADING_LEVELS = {"ch": 1, "1": 2, "23": 3, "4": 4, "56": 5}
CJK_NUMERALS = "一二三四五六七八九十"
#: styles only clausewise's own writer uses: a file using them reads by style, not by guesswork
OURS = {"OrganLineG", "PreambleG", "DecisionTitleG", "OptionLabelG", "AnnexG"}
SUB_STYLES = {"RegSingleTxtG2": 1, "RegSingleTxtG3": 2, "RegSingleTxtG4": 3, "RegSingleTxtG5": 4}
MASTHEAD_STYLES = {"MastheadBodyG": "body", "MastheadSessionG": "session", "MastheadVenueG": "venue",
                   "MastheadAgendaG": "agenda_item", "MastheadAgendaTitleG": "agenda_title",
                   "MastheadTitleG": "title", "MastheadSubtitleG": "subtitle"}
MONTH_NUMBERS = {m.lower(): (i % 12) + 1 for i, m in enumerate(MONTHS.split("|"))}


# ---------------------------------------------------------------- language


def detect_language(pkg: WordPackage) -> str:
    """The language of the document: by script first, then by which lexicon its openings match."""
    sample = "".join(p.text for p in pkg.paragraphs[:400])
    counts = {"zh": 0, "ar": 0, "ru": 0, "latin": 0}
    for ch in sample:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            counts["zh"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["ar"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif ch.isalpha() and o < 0x250:
            counts["latin"] += 1
    # a Chinese character carries about a word, so weight it up against letters
    weighted = {"zh": counts["zh"] * 3, "ar": counts["ar"], "ru": counts["ru"], "latin": counts["latin"]}
    best = max(weighted, key=weighted.get)
    if best != "latin" and weighted[best] > 0:
        return best
    hits = {}
    for code in ("en", "fr", "es"):
        language = languages.get(code)
        n = 0
        for p in pkg.paragraphs[:600]:
            text = _strip_label_text(p.text)
            if language.is_opening(text, PREAMBULAR) or language.is_opening(text, OPERATIVE):
                n += 1
        hits[code] = n
    top = max(hits, key=hits.get)
    if hits[top] > 0 and list(hits.values()).count(hits[top]) == 1:
        return top
    for tag in pkg.languages:
        code = tag.split("-")[0].lower()
        if code in languages.CODES:
            return code
    return "en"


def _strip_label_text(text: str) -> str:
    return re.sub(r"^\s*(?:\d+\.|\([a-z]+\))?\s*", "", text)


# ---------------------------------------------------------------- patterns of one language


@dataclass
class Patterns:
    """The compiled label and heading patterns of one language."""

    lang: languages.Language

    def __post_init__(self):
        lang = self.lang
        sep = r"\s+" if lang.spaced else r"\s*"
        kinds = "|".join(re.escape(w) for w in sorted(lang.decision_words, key=len, reverse=True))
        self.decision = re.compile(
            rf"^\s*(?P<kind>{kinds})(?:{sep}(?P<number>[^\s:：]*[\d/][^\s:：]*))?\s*(?:[:：]\s*(?P<title>.*))?$",
            re.IGNORECASE | re.DOTALL)
        options = "|".join(re.escape(w) for w in lang.option_words)
        self.option = re.compile(rf"^\s*\[?\s*(?P<label>(?:{options})\s*[\dA-Za-z一二三四五六七八九十]*(?:\s*(?:bis|ter))?)"
                                 rf"\s*(?P<colon>[:：.]?)\s*(?P<rest>.*)$", re.DOTALL)
        annex = "|".join(re.escape(w) for w in lang.annex_words)
        self.annex = re.compile(rf"^\s*\[?\s*(?:{annex})(?:\s*[IVXLC\d]+|\s*[一二三四五六七八九十]+)?\s*\]?\s*$")
        suffixes = "|".join(lang.insert_suffixes)
        end = "-" if lang.operative_number.endswith("-") else r"\."
        self.operative = re.compile(rf"^\s*(?P<label>\d+(?:\s*(?:{suffixes}))?)\s*{end}(?=\s|$)\s*")
        self.margin = re.compile(rf"^\s*(?P<part>PP|OP|Pp|Op|pp|op)\s*\.?\s*(?P<num>\d+(?:\s*(?:{suffixes}))?)\s*[.:]?\s+")
        self.roman_heading = re.compile(r"^\s*(?P<label>[IVXLC]+)\s*\.(?=\s)\s*")
        self.letter_heading = re.compile(r"^\s*(?P<label>[A-Z])\s*\.(?=\s)\s*")
        self.cjk_heading = re.compile(rf"^\s*(?P<label>[{CJK_NUMERALS}]+)\s*、\s*")
        letters = r"[a-z]{1,3}|[а-я]{1,2}|[\u0621-\u064A]{1,2}"
        subs = []
        for fmt in dict.fromkeys(lang.subparagraph_formats):
            pre, post = (re.escape(x) for x in fmt.split("{}"))
            subs.append(rf"{pre}(?P<l{len(subs)}>{letters}){post}")
        subs += [r"\((?P<lp>[a-z]{1,4})\)", r"(?P<lq>[a-z]{1,4})\)"]
        self.subparagraph = re.compile(rf"^\s*(?:{'|'.join(subs)})(?=\s|$)\s*")


_ROMAN_VALUES = {roman(n): n for n in range(1, 40)}


def roman_value(label: str) -> int | None:
    """The value of a lower-case Roman label ("iv" -> 4), None for anything else."""
    return _ROMAN_VALUES.get(label.lower())


def letter_value(label: str) -> int | None:
    """The ordinal of a letter label: "c" -> 3, "aa" -> 27 (Latin, Cyrillic, Arabic); None if not one."""
    if len(set(label)) != 1:
        return None
    ch = label[0]
    for alphabet in ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщэюя", "أبتثجحخدذرزسشصضطظعغفقكلمنهوي",
                     "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"):
        if ch in alphabet:
            return alphabet.index(ch) + 1 + len(alphabet) * (len(label) - 1)
    return None



UNITED_NATIONS = ("United Nations", "Nations Unies", "Naciones Unidas", "联合国", "Организация Объединенных Наций",
                  "الأمم المتحدة")


def iso_date(text: str) -> str:
    """A printed date ("8 March 2022", "2022年3月8日") as ISO 8601, or the text unchanged."""
    m = re.match(r"(\d{1,2})\s+(?:de\s+)?(\w+)\s+(?:de\s+)?(\d{4})$", text.strip())
    if m and m.group(2).lower() in MONTH_NUMBERS:
        return f"{int(m.group(3)):04d}-{MONTH_NUMBERS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日$", text.strip())
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return text
