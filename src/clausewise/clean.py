"""The clean final text of a draft: no brackets, notes, options or comments; renumbered; references fixed.

``clean(doc, number=None, mode="refuse")``:

1. While any bracket remains and ``mode`` is "refuse", raise ``FindingsError`` listing each open
   bracket with its position. "accept" keeps bracketed text without its brackets; of adjacent
   alternatives ``[shall][should]`` it keeps the FIRST and drops the others (``[a/b]`` keeps "a").
   "drop" removes bracketed text (a clause or subparagraph left empty is removed).
   Option groups with two or more options are refused in every mode (choose one first) unless
   ``options="first"``, which keeps the first option of each group and drops the others; an
   option group with a single option keeps its clauses.
2. It removes editorial notes ``{…}``, option labels, drafting comments, headings that are only a
   note, and footnotes no longer referenced.
3. It renumbers operative paragraphs 1..N ("2 bis" -> 3, everything after shifts), relabels
   subparagraphs where some were dropped, and rewrites internal references ("paragraph 3 bis
   above", "paragraphs 4 to 6 below", "paragraphs 4 and 5 above", zh "上文第3段", "第4至6段") to the
   new numbers; a reference to a paragraph that clean removed raises ``FindingsError`` naming it.
4. It puts ``number`` in place of the decision number and fixes terminal punctuation: preambular
   "," / "，", operative ";" / "；", the last operative "." / "。" (a lead-in before subparagraphs
   keeps ":" and the last subparagraph carries the clause's ending).

``clean(clean(x)) == clean(x)``, and a clean draft comes back unchanged.
"""

from __future__ import annotations

from clausewise.lang import roman as _roman

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from clausewise import lang as languages
from clausewise.compare.brackets import inventory, option_groups, reading_order, slash_alternatives
from clausewise.errors import ClausewiseError, FindingsError
from clausewise.model import clause_contents
from clausewise.model import (
    OPERATIVE, PREAMBULAR, Bracket, Clause, Comment, Decision, Delete, Document, Emph, FootnoteRef,
    Heading, Insert, Note, OptionLabel, Paragraph, Subparagraph, Text, plain_text,
)

__all__ = ["clean", "CleanFinding", "open_items", "MAX_DEPTH"]

MAX_DEPTH = 500
MODES = ("refuse", "accept", "drop")
_LIST_LIMIT = 200
_CONTROL = re.compile("[\x00-\x1f\ufffe\uffff]")   # no line breaks or controls in a decision number


@dataclass(frozen=True)
class CleanFinding:
    """Something that stops clean: an open bracket, an unresolved option group, a broken reference."""

    code: str
    message: str
    path: str | None = None
    line: int = 0
    column: int = 0
    where: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        place = f"{self.path or '<input>'}:{self.line}:{self.column}" if self.line else (self.path or "<input>")
        return f"{place}: {self.severity}: {self.message}"


# ---------------------------------------------------------------- what stays open




def _brackets(inlines):
    """Every Bracket node in ``inlines`` (iteratively), outermost first."""
    stack = list(reversed(tuple(inlines)))
    while stack:
        node = stack.pop()
        if isinstance(node, Bracket):
            yield node
        children = getattr(node, "children", None)
        if children:
            stack.extend(reversed(tuple(children)))


def open_items(doc: Document) -> tuple[list[CleanFinding], list[CleanFinding]]:
    """The open brackets and the unresolved option groups of ``doc``, each with its position."""
    brackets: list[CleanFinding] = []
    options: list[CleanFinding] = []

    def add(node: Bracket, block, where: str) -> None:
        src = node.source or getattr(block, "source", None)
        text = plain_text(node.children, notes=False) if _depth_ok(node) else "…"
        text = " ".join(text.split())
        snippet = text if len(text) <= 60 else text[:57] + "…"
        kind = "bracket" if node.opens and node.closes else "bracket (spanning clauses or unbalanced)"
        brackets.append(CleanFinding("CL001", f"open {kind} in {where}: [{snippet}]",
                                     getattr(src, "path", None), getattr(src, "line", 0), getattr(src, "column", 0), where))

    for where, block, inlines in reading_order(doc):
        for node in _brackets(inlines):
            if node.opens:
                add(node, block, where)
    for block in doc.decisions:
        for group in option_groups(block):
            if group.size >= 2:
                first = block.body[group.options[0][0]]
                src = first.source
                options.append(CleanFinding(
                    "CL002", f"{group.size} options still open ({', '.join(group.labels)}); keep one before cleaning",
                    getattr(src, "path", None), getattr(src, "line", 0), getattr(src, "column", 0)))
    return brackets, options


def _depth_ok(node: Bracket) -> bool:
    depth, stack = 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        depth = max(depth, d)
        if depth > 200:
            return False
        stack.extend((c, d + 1) for c in getattr(n, "children", ()) or ())
    return True


# ---------------------------------------------------------------- inline transforms


def _resolve(inlines, mode: str) -> tuple:
    """``inlines`` without brackets (accept: keep text, first alternative; drop: remove), notes, comments."""
    out: list = []
    seq = tuple(inlines)
    i = 0
    while i < len(seq):
        node = seq[i]
        if isinstance(node, Bracket):
            run = [node]
            j = i + 1
            while j < len(seq) and (isinstance(seq[j], Bracket) or (isinstance(seq[j], Text) and seq[j].text == "")):
                if isinstance(seq[j], Bracket):
                    run.append(seq[j])
                j += 1
            if mode == "accept":
                if len(run) >= 2:
                    out.extend(_resolve(run[0].children, mode))
                else:
                    only = node.children[0] if len(node.children) == 1 else None
                    pair = slash_alternatives(only.text) if isinstance(only, Text) else None
                    if pair and node.opens and node.closes:
                        out.append(Text(pair[0]))
                    else:
                        out.extend(_resolve(node.children, mode))
            i = j
            continue
        if isinstance(node, (Note, Comment, Delete)):
            pass
        elif isinstance(node, Insert):
            out.extend(_resolve(node.children, mode))
        elif isinstance(node, Emph):
            children = _resolve(node.children, mode)
            if plain_text(children).strip():
                out.append(Emph(children, node.source))
            else:
                out.extend(children)
        else:
            out.append(node)
        i += 1
    return _tidy(out)


def _tidy(items: list) -> tuple:
    """Merge adjacent text and repair the spacing that removed brackets leave."""
    merged: list = []
    for node in items:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text, merged[-1].source)
        elif isinstance(node, Text) and node.text == "":
            continue
        else:
            merged.append(node)
    out: list = []
    for k, node in enumerate(merged):
        if isinstance(node, Text):
            text = re.sub(r"[ \t]{2,}", " ", node.text)
            text = re.sub(r" +([,;:.)])", r"\1", text)
            text = re.sub(r"\( +", "(", text)
            if k == 0:
                text = text.lstrip()
            if text:
                out.append(Text(text, node.source))
        else:
            out.append(node)
    # a space left between an emphasis and text, or at the end
    if out and isinstance(out[-1], Text):
        stripped = out[-1].text.rstrip()
        out[-1] = Text(stripped, out[-1].source)
        if not stripped:
            out.pop()
    return tuple(out)


def _is_empty(inlines) -> bool:
    return not plain_text(inlines).strip(" \t" + _ENDINGS)


# ---------------------------------------------------------------- references


_SUFFIX = r"(?:\s?(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies|مكررا|ثالثا|رابعا))?"
_NUM = rf"\d+{_SUFFIX}"
_REF_ZH = re.compile(rf"(上文|下文)?第({_NUM}(?:\s*[至和、]\s*{_NUM})*)段")
_NUM_IN = re.compile(_NUM)


@lru_cache(maxsize=None)
def _reference_pattern(code: str) -> re.Pattern:
    """Internal references in language ``code``: "paragraphs 4 to 6 below", "paragraphe 3 ci-dessus"."""
    words = languages.get(code).reference_words if code in languages.CODES else languages.get("en").reference_words
    if code == "ru":
        noun = r"пункт\w*"
    else:
        noun = "|".join(re.escape(w) for w in sorted({words["paragraphs"], words["paragraph"]}, key=len, reverse=True))
    joins = rf"\s*,\s*|\s+{re.escape(words['and'])}\s+|\s+{re.escape(words['to'])}\s+|\s*[-–]\s*"
    where = rf"{re.escape(words['above'])}|{re.escape(words['below'])}"
    if code == "en":
        where += r"|of\s+this\s+decision"
    sub = r"(?:\s?\([a-z]{1,4}\))*"
    return re.compile(rf"(?<!\w)({noun})\s+({_NUM}{sub}(?:(?:{joins}){_NUM}{sub})*)(\s+(?:{where}))(?!\w)")


def _key(label: str) -> str:
    return re.sub(r"\s+", "", label or "").lower()


@dataclass
class _Refs:
    """How operative paragraphs were renumbered, and the problems found rewriting references."""

    mapping: dict[str, int]
    removed: set[str]
    problems: list
    code: str = "en"


def _rewrite(text: str, refs: _Refs, where: tuple) -> str:
    """``text`` with internal paragraph references renumbered through ``refs.mapping``."""
    mapping, removed, problems, code = refs.mapping, refs.removed, refs.problems, refs.code

    def renumber(numbers: str, original: str) -> str:
        def one(m: re.Match) -> str:
            key = _key(m.group(0))
            if key in removed:
                src = where[1]
                problems.append(CleanFinding(
                    "CL003", f"{where[0]}: \"{original.strip()}\" refers to paragraph {m.group(0)}, which clean removed",
                    getattr(src, "path", None), getattr(src, "line", 0), getattr(src, "column", 0), where[0]))
                return m.group(0)
            return str(mapping.get(key, m.group(0)))
        return _NUM_IN.sub(one, numbers)

    def en(m: re.Match) -> str:
        numbers = renumber(m.group(2), m.group(0))
        word = m.group(1)
        return f"{word} {numbers}{m.group(3)}"

    def zh(m: re.Match) -> str:
        before = text[max(0, m.start() - 3):m.start()]
        if not m.group(1) and re.search(r"(号决定|决议|条|决定)$", before):
            return m.group(0)
        return f"{m.group(1) or ''}第{renumber(m.group(2), m.group(0))}段"

    if code == "zh":
        return _REF_ZH.sub(zh, text)
    return _reference_pattern(code).sub(en, text)


def _rewrite_inlines(inlines, refs: _Refs, where: tuple) -> tuple:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(Text(_rewrite(node.text, refs, where), node.source))
        elif isinstance(node, Emph):
            out.append(Emph(_rewrite_inlines(node.children, refs, where), node.source))
        else:
            out.append(node)
    return tuple(out)


# ---------------------------------------------------------------- punctuation


_ENDINGS = ",;.:，；。：،؛"


def _set_end(inlines, mark: str) -> tuple:
    """``inlines`` ending in ``mark`` (trailing footnote references stay after it)."""
    items = list(inlines)
    tail: list = []
    while items and isinstance(items[-1], (FootnoteRef, Comment)):
        tail.insert(0, items.pop())
    if not items:
        return tuple(inlines)
    last = items[-1]
    if isinstance(last, Emph):
        items[-1] = Emph(_set_end(last.children, mark), last.source)
        return tuple(items + tail)
    if not isinstance(last, Text):
        items.append(Text(mark))
        return tuple(items + tail)
    text = last.text.rstrip()
    if re.search(r"[;；]\s*(and|or|和|或)$", text):
        return tuple(inlines)
    text = text.rstrip(_ENDINGS + " ")
    items[-1] = Text(text + mark, last.source)
    return tuple(items + tail)


def _punctuate_subs(subs: tuple[Subparagraph, ...], final: str, middle: str, lead: str) -> tuple:
    out = []
    for k, sub in enumerate(subs):
        last = k == len(subs) - 1
        end = final if last else middle
        if sub.subparagraphs:
            content = _set_end(sub.content, lead)
            out.append(replace(sub, content=content,
                               subparagraphs=_punctuate_subs(sub.subparagraphs, end, middle, lead)))
        else:
            out.append(replace(sub, content=_set_end(sub.content, end)))
    return tuple(out)


def _punctuate(clause: Clause, end: str, language) -> Clause:
    if clause.subparagraphs:
        content = _set_end(clause.content, language.lead_in_end)
        subs = _punctuate_subs(clause.subparagraphs, end, language.operative_end, language.lead_in_end)
        return replace(clause, content=content, subparagraphs=subs)
    return replace(clause, content=_set_end(clause.content, end))


def _emphasize(inlines: tuple, language, part: str) -> tuple:
    """Mark the known opening words of a clause as Emph when nothing is emphasised yet.

    Only in languages that italicise opening words (not Chinese: SimSun has no italic).
    """
    if not language.italic_openings:
        return inlines
    if not inlines or not isinstance(inlines[0], Text) or any(isinstance(n, Emph) for n in inlines):
        return inlines
    first = inlines[0].text
    other = PREAMBULAR if part == OPERATIVE else OPERATIVE
    phrase = language.is_opening(first, part) or language.is_opening(first, other)
    if not phrase or not first.startswith(phrase):
        return inlines
    rest = first[len(phrase):]
    return (Emph((Text(phrase),)),) + ((Text(rest, inlines[0].source),) if rest else ()) + tuple(inlines[1:])


# ---------------------------------------------------------------- clean


def clean(doc: Document, *, number: str | None = None, mode: str = "refuse", options: str = "refuse") -> Document:
    """The clean final text of ``doc`` (see the module docstring); FindingsError when it cannot be."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    if options not in ("refuse", "first"):
        raise ValueError(f"options must be 'refuse' or 'first'; got {options!r}")
    if number is not None and (_CONTROL.search(number) or not number.strip()):
        raise ClausewiseError(f"--number {number!r}: give the adopted number as text, e.g. MC-4/11 "
                              "(no control characters)")
    inv = inventory(doc)
    if mode != "accept":
        _refuse_stray_closers(doc)
    if inv.max_depth > MAX_DEPTH:
        raise ClausewiseError(f"brackets nested {inv.max_depth} deep; clean handles at most {MAX_DEPTH} levels")
    brackets, open_options = open_items(doc)
    if open_options and options == "refuse":
        raise FindingsError(f"{len(open_options)} option group(s) still open; keep one option of each "
                            "before cleaning", open_options)
    if brackets and mode == "refuse":
        shown = brackets[:_LIST_LIMIT]
        more = len(brackets) - len(shown)
        message = (f"{len(brackets)} open bracket(s); resolve them, or pass --accept-bracketed or "
                   "--drop-bracketed" + (f" ({more} more not listed)" if more else ""))
        raise FindingsError(message, shown)
    if number is not None:
        open_numbers = [d.number for d in doc.decisions if _is_placeholder(d.number)]
        if len(open_numbers) > 1:
            raise ClausewiseError(f"--number {number}: the file holds {len(open_numbers)} decisions without a "
                                  "number; clean one decision at a time (--decision N)")
    try:
        language = languages.get(doc.meta.language)
    except KeyError:
        language = languages.get("en")
    problems: list[str] = []
    blocks = []
    used_keys: set[str] = set()
    for block in doc.blocks:
        if isinstance(block, Decision):
            block = _clean_decision(block, number, mode, language, problems)
        elif isinstance(block, Heading):
            content = _resolve(block.content, mode)
            if _is_empty(content):
                continue
            block = replace(block, content=content)
        elif isinstance(block, Paragraph):
            content = _resolve(block.content, mode)
            if _is_empty(content):
                continue
            block = replace(block, content=content)
        blocks.append(block)
    if problems:
        raise FindingsError(f"{len(problems)} reference(s) to paragraphs that clean removed", problems)
    used_keys.update(_refs_in(getattr(doc.meta, name, ()) for name in _MASTHEAD_INLINES))
    for block in blocks:
        used_keys.update(_footnote_keys(block))
    footnotes = tuple(replace(f, content=_resolve(f.content, mode)) for f in doc.footnotes if f.key in used_keys)
    meta = doc.meta
    return Document(meta, tuple(blocks), footnotes)


_PLACEHOLDER = re.compile(r"\[-*\]|^-/|/-$|\bx+\b|\[\s*\]|…|\.\.\.|^-+$", re.IGNORECASE)


def _refuse_stray_closers(doc: Document) -> None:
    """FindingsError for a ']' that closes nothing: what it seems to close cannot be told, so not dropped."""
    from clausewise.check import check

    stray = [f for f in check(doc) if f.code == "CW102"]
    if stray:
        raise FindingsError(f"{len(stray)} ']' close(s) no bracket; fix them (or pass --accept-bracketed, "
                            "which keeps the words)", stray)


def _is_placeholder(number: str | None) -> bool:
    """Whether a decision number is a placeholder still to be given ("MC-4/[--]", "-/CMA.6", None)."""
    return number is None or not number.strip() or bool(_PLACEHOLDER.search(number))


def _footnote_keys(block) -> set[str]:
    sources = []
    if isinstance(block, Decision):
        sources.extend([block.title, block.organ])
        for item in block.body:
            if isinstance(item, Clause):
                sources.extend(clause_contents(item))
            else:
                sources.append(item.content)
    else:
        sources.append(block.content)
    return _refs_in(sources)


#: the front-matter fields that are inline text and may carry footnote marks (venue[^*], agenda_item[^**])
_MASTHEAD_INLINES = ("body", "session", "venue", "agenda_item", "agenda_title", "title", "subtitle")


def _refs_in(sources) -> set[str]:
    """The footnote keys referenced in some sequences of inlines."""
    keys: set[str] = set()
    for inlines in sources:
        stack = list(inlines or ())
        while stack:
            node = stack.pop()
            if isinstance(node, FootnoteRef):
                keys.add(node.key)
            stack.extend(getattr(node, "children", ()) or ())
    return keys


def _clean_subs(subs, mode) -> tuple[tuple[Subparagraph, ...], bool]:
    out = []
    dropped = False
    for sub in subs:
        content = _resolve(sub.content, mode)
        inner, inner_dropped = _clean_subs(sub.subparagraphs, mode)
        dropped = dropped or inner_dropped
        if _is_empty(content) and not inner:
            dropped = True
            continue
        out.append(replace(sub, content=content, subparagraphs=inner))
    return tuple(out), dropped


def _relabel(subs: tuple[Subparagraph, ...], level: int) -> tuple[Subparagraph, ...]:
    out = []
    for k, sub in enumerate(subs):
        label = _roman(k + 1) if level % 2 == 1 else _letters(k + 1)
        out.append(replace(sub, label=label, subparagraphs=_relabel(sub.subparagraphs, level + 1)))
    return tuple(out)


def _letters(n: int) -> str:
    return chr(ord("a") + n - 1) if n <= 26 else chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)



def _clean_decision(decision: Decision, number: str | None, mode: str, language, problems: list[str]) -> Decision:
    body: list = []
    removed: set[str] = set()
    unchosen: set[int] = set()
    for group in option_groups(decision):
        for _, blocks in group.options[1:]:
            unchosen.update(blocks)
    for index, item in enumerate(decision.body):
        if isinstance(item, OptionLabel):
            continue
        if index in unchosen:
            if isinstance(item, Clause) and item.part == OPERATIVE and item.label:
                removed.add(_key(item.label))
            continue
        if isinstance(item, Heading):
            content = _resolve(item.content, mode)
            if not _is_empty(content):
                body.append(replace(item, content=content))
            continue
        content = _resolve(item.content, mode)
        subs, dropped = _clean_subs(item.subparagraphs, mode)
        if dropped:
            subs = _relabel(subs, 0)
        if _is_empty(content) and not subs:
            if item.part == OPERATIVE and item.label:
                removed.add(_key(item.label))
            continue
        body.append(replace(item, content=content, subparagraphs=subs))
    # renumber
    mapping: dict[str, int] = {}
    n = 0
    renumbered = []
    old_labels: list[str | None] = []
    for item in body:
        old_labels.append(getattr(item, "label", None))
        if isinstance(item, Clause) and item.part == OPERATIVE:
            n += 1
            if item.label:
                mapping[_key(item.label)] = n
            item = replace(item, label=str(n))
        renumbered.append(item)
    removed -= set(mapping)
    refs = _Refs(mapping, removed, problems, language.code)
    # references and punctuation
    operative = [i for i, item in enumerate(renumbered) if isinstance(item, Clause) and item.part == OPERATIVE]
    last = operative[-1] if operative else None
    final_body = []
    pre_index = 0
    for i, item in enumerate(renumbered):
        if isinstance(item, Clause):
            was = f" (was {old_labels[i]})" if old_labels[i] and old_labels[i] != item.label else ""
            where = (f"operative paragraph {item.label}{was}" if item.part == OPERATIVE
                     else f"preambular paragraph {pre_index + 1}", item.source)
            if item.part == PREAMBULAR:
                pre_index += 1
            item = replace(item, content=_rewrite_inlines(item.content, refs, where),
                           subparagraphs=_rewrite_subs(item.subparagraphs, refs, where))
            if item.part == PREAMBULAR:
                end = language.preambular_end
            else:
                end = language.last_end if i == last else language.operative_end
            item = _punctuate(item, end, language)
            item = replace(item, content=_emphasize(item.content, language, item.part))
        final_body.append(item)
    resolved = replace(decision, title=_resolve(decision.title, mode), organ=_resolve(decision.organ, mode),
                       body=tuple(final_body))
    keys = _footnote_keys(resolved)
    footnotes = []
    for note in decision.footnotes:
        if note.key in keys:
            content = _resolve(note.content, mode)
            content = _rewrite_inlines(content, refs, (f"footnote {note.key}", note.source))
            footnotes.append(replace(note, content=content))
    keep_number = number is None or not _is_placeholder(decision.number)
    if keep_number:
        return replace(resolved, footnotes=tuple(footnotes))
    # an adopted number ends the draft: "Draft decision MC-4/[--]" becomes "Decision MC-4/11"
    kind = decision.kind
    if kind and kind.strip().lower() == language.masthead.get("draft_decision", "").lower():
        kind = language.masthead.get("decision") or kind
    return replace(resolved, number=number, kind=kind, footnotes=tuple(footnotes))


def _rewrite_subs(subs, refs: _Refs, where: tuple) -> tuple:
    return tuple(replace(s, content=_rewrite_inlines(s.content, refs, where),
                         subparagraphs=_rewrite_subs(s.subparagraphs, refs, where))
                 for s in subs)
