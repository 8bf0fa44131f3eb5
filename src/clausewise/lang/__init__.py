"""Per-language drafting conventions (opening phrases, punctuation, numbering, fonts), loaded from data.

Each UN language has a YAML file beside this module (``en.yaml``, ``fr.yaml``, ``es.yaml``,
``ru.yaml``, ``zh.yaml``, ``ar.yaml``). ``get(code)`` returns its ``Language``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Language", "get", "CODES", "roman"]

CODES = ("en", "fr", "es", "ru", "zh", "ar")


@dataclass(frozen=True)
class Language:
    """The conventions of one language, as data."""

    code: str
    name: str                       # English name, as "Original: English" prints it
    #: opening phrases of preambular clauses ("Recalling", "Also recalling"), longest first
    preambular_openings: tuple[str, ...]
    #: opening phrases of operative clauses ("Requests", "Also requests"), longest first
    operative_openings: tuple[str, ...]
    preambular_end: str             # "," / "，"
    operative_end: str              # ";" / "；"
    last_end: str                   # "." / "。"
    lead_in_end: str                # ":" / "："
    #: whether opening words are emphasised (italic); False for Chinese (SimSun has no italic)
    italic_openings: bool
    #: how operative numbers are shown: "{n}." or "{n}-" (Arabic)
    operative_number: str
    #: subparagraph label formats per level, e.g. ["({})", "({})", "{}.", "{}."] or ["{})", ...]
    subparagraph_formats: tuple[str, ...]
    #: the label sequences per level: "latin-lower", "roman-lower", "arabic-letters"
    subparagraph_sequences: tuple[str, ...]
    rtl: bool
    font_latin: str
    font_east_asian: str
    font_complex: str
    #: footnote marker before terminal punctuation (French, Spanish) or after (English)
    footnote_before_punctuation: bool
    #: words that open an annex heading ("Annex", "附件")
    annex_words: tuple[str, ...]
    #: heading words that open a decision ("Draft decision", "Decision", "决定草案")
    decision_words: tuple[str, ...]
    #: labels of options ("Option", "Opción", "备选案文")
    option_words: tuple[str, ...]
    #: ordinal suffixes of inserted paragraphs ("bis", "ter", "quater", …)
    insert_suffixes: tuple[str, ...]
    #: words of internal references: "paragraph", "paragraphs", "above", "below"
    reference_words: dict
    #: masthead strings: "Distr.", "Original:", "Item {n} of the provisional agenda", …
    masthead: dict
    #: whether words are separated by spaces (False for Chinese: diffs go by character)
    spaced: bool
    #: other characters accepted for a terminal mark (Arabic "،" also as ","), by mark
    end_alternatives: dict = field(default_factory=dict)
    #: regular expression of an internal reference ("paragraphs 4 to 6 above") with groups ``nums``
    #: and ``dir``; built from ``reference_words`` unless the YAML gives one (Chinese: "上文第9段")
    reference_pattern: str = ""
    #: what, between two numbers of a reference, makes a range ("to", "–", "至")
    reference_range: str = ""
    #: words that may follow a subparagraph's terminal mark before the last one ("(a) …; and")
    list_conjunctions: tuple = ()

    def is_opening(self, text: str, part: str) -> str | None:
        """The opening phrase ``text`` starts with for ``part`` ("preambular"/"operative"), else None."""
        phrases = self.preambular_openings if part == "preambular" else self.operative_openings
        folded = text.lstrip()
        for phrase in phrases:
            if folded.startswith(phrase) or (folded[:1].isupper() and folded.lower().startswith(phrase.lower())):
                rest = folded[len(phrase):len(phrase) + 1]
                if self.spaced and rest and rest.isalpha():
                    continue  # "Recall" is not an opening of "Recalling"; "Notes" ≠ "Noting"
                return folded[: len(phrase)]
        return None


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman(n: int) -> str:
    """``n`` in lower-case Roman numerals, as subparagraph labels use them (4 -> "iv")."""
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


@lru_cache(maxsize=None)
def get(code: str) -> Language:
    """The conventions for language ``code`` (one of CODES); KeyError names the known codes."""
    code = (code or "en").lower().split("-")[0]
    if code not in CODES:
        raise KeyError(f"unknown language {code!r}; known: {', '.join(CODES)}")
    raw = yaml.safe_load(resources.files(__package__).joinpath(f"{code}.yaml").read_text("utf-8"))
    tuples = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    for key in ("preambular_openings", "operative_openings"):
        tuples[key] = tuple(sorted(set(tuples[key]), key=len, reverse=True))
    words = tuples["reference_words"]
    if not tuples.get("reference_pattern"):
        tuples["reference_pattern"] = _reference_pattern(words)
    if not tuples.get("reference_range"):
        tuples["reference_range"] = rf"(?<!\w)(?:{re.escape(words['to'])})(?!\w)|[-–]"
    return Language(code=code, **tuples)


_NUM = r"\d+(?:\s?(?:bis|ter|quater|quinquies|sexies))?(?:\s*\([a-z]{1,4}\))*"


def _reference_pattern(words: dict) -> str:
    """The pattern of "paragraph(s) N[, M and K | N to M] above/below" in words of one language."""
    def alt(*items) -> str:
        flat = [i for item in items for i in ([item] if isinstance(item, str) else item) if i]
        return "|".join(re.escape(i) for i in sorted(set(flat), key=len, reverse=True))

    forms = words.get("paragraph_forms") or []
    paragraph = "|".join(forms + [alt(words["paragraph"], words["paragraphs"])])
    sep = rf"(?:\s*,\s*|\s+(?:{alt(words['and'])})\s+|\s+(?:{alt(words['to'])})\s+|\s*[-–]\s*)"
    direction = alt(words["above"], words["below"], words.get("above_also", ()), words.get("below_also", ()))
    return (rf"(?<!\w)(?:{paragraph})\s+(?P<nums>{_NUM}(?:{sep}{_NUM})*)\s+(?P<dir>{direction})(?!\w)")
