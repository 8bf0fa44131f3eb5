"""Word list numbering for import: the label each numbered paragraph displays ("5.", "(a)", "I.").

Counters belong to the abstract numbering definition, so two ``w:num`` instances sharing one
abstract definition continue each other, as in Word; a ``w:lvlOverride/w:startOverride`` restarts
its level the first time its ``w:num`` is used; a level restarts after any higher level is used
unless its ``w:lvlRestart`` says otherwise (0: never). ``format_number`` renders a counter in a
Word number format (decimal, letters, Roman, Chinese counting, Arabic and Russian letters).
"""

from __future__ import annotations

from clausewise.lang import roman

import re
from dataclasses import dataclass

from lxml import etree

__all__ = ["Numbering", "format_number", "roman"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"



_CHINESE_DIGITS = "〇一二三四五六七八九"
_ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ARABIC_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"




def _letters(n: int, alphabet: str) -> str:
    if n <= 0:
        return ""
    size = len(alphabet)
    return alphabet[(n - 1) % size] * ((n - 1) // size + 1)


def _chinese(n: int) -> str:
    if n <= 0:
        return _CHINESE_DIGITS[0]
    if n < 10:
        return _CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))


def format_number(n: int, fmt: str) -> str:
    """A list counter ``n`` shown in Word number format ``fmt`` ("lowerLetter" 3 -> "c")."""
    if fmt in ("lowerLetter",):
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "chineseLegalSimplified", "japaneseCounting"):
        return _chinese(n)
    if fmt == "arabicAlpha":
        return _letters(n, _ARABIC_ALPHA)
    if fmt == "arabicAbjad":
        return _letters(n, _ARABIC_ABJAD)
    if fmt == "russianLower":
        return _letters(n, _RUSSIAN)
    if fmt == "russianUpper":
        return _letters(n, _RUSSIAN.upper())
    if fmt == "none":
        return ""
    return str(n)  # decimal and everything else


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    style: str | None = None


def _level(lvl) -> _Level:
    out = _Level()
    start = lvl.find(W + "start")
    if start is not None and (start.get(W + "val") or "").lstrip("-").isdigit():
        out.start = int(start.get(W + "val"))
    fmt = lvl.find(W + "numFmt")
    if fmt is not None:
        out.fmt = fmt.get(W + "val") or "decimal"
    text = lvl.find(W + "lvlText")
    out.text = text.get(W + "val") if text is not None and text.get(W + "val") is not None else ""
    restart = lvl.find(W + "lvlRestart")
    if restart is not None and (restart.get(W + "val") or "").isdigit():
        out.restart = int(restart.get(W + "val"))
    out.legal = lvl.find(W + "isLgl") is not None
    pst = lvl.find(W + "pStyle")
    out.style = pst.get(W + "val") if pst is not None else None
    return out


class Numbering:
    """Word list numbering: computes the label each numbered paragraph displays.

    Counters belong to the abstract numbering definition, so two ``w:num`` instances sharing one
    abstract definition continue each other, as in Word; a ``w:lvlOverride/w:startOverride``
    restarts its level the first time its ``w:num`` is used. A level restarts after any higher
    level is used unless its ``w:lvlRestart`` says otherwise (0: never).
    """

    def __init__(self, root: etree._Element | None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.applied: set[tuple[str, int]] = set()
        if root is None:
            return
        for ab in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in ab.iter(W + "lvl"):
                ilvl = lvl.get(W + "ilvl")
                if ilvl is not None and ilvl.isdigit():
                    levels[int(ilvl)] = _level(lvl)
            self.abstract[ab.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            ab = num.find(W + "abstractNumId")
            if ab is None:
                continue
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(W + "lvlOverride"):
                ilvl = ov.get(W + "ilvl")
                if ilvl is None or not ilvl.isdigit():
                    continue
                so = ov.find(W + "startOverride")
                if so is not None and (so.get(W + "val") or "").lstrip("-").isdigit():
                    starts[int(ilvl)] = int(so.get(W + "val"))
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    overrides[int(ilvl)] = _level(lvl)
            self.nums[num.get(W + "numId")] = (ab.get(W + "val"), overrides, starts)

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """The list level whose ``w:pStyle`` is ``style_id`` (a style numbered through its list), else 0."""
        entry = self.nums.get(num_id)
        if entry and style_id:
            for ilvl, lvl in self.abstract.get(entry[0], {}).items():
                if lvl.style == style_id:
                    return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one paragraph at (``num_id``, ``ilvl``) and return its label."""
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        ab_id, overrides, starts = entry
        levels = dict(self.abstract.get(ab_id, {}))
        levels.update(overrides)
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(ab_id, {})
        if ilvl in starts and (num_id, ilvl) not in self.applied:
            self.applied.add((num_id, ilvl))
            counters[ilvl] = starts[ilvl] - 1
        elif ilvl not in counters:
            counters[ilvl] = levels[ilvl].start - 1
        counters[ilvl] += 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            limit = deeper if restart is None else restart
            if limit != 0 and ilvl < limit:
                del counters[deeper]
        lvl = levels[ilvl]
        if lvl.fmt == "bullet":
            return None

        def sub(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            ref = levels.get(k, _Level())
            value = counters.get(k, ref.start)
            fmt = "decimal" if (lvl.legal and k != ilvl) else ref.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", sub, lvl.text)
