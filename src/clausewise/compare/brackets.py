"""Negotiation brackets: the bracket tree of a clause, the inventory of a document, and bracket events.

Three views of the same ``Bracket`` nodes of the model:

* ``tree(inlines)`` parses one clause's inlines into nested ``Span``s and ``Choice``s (adjacent
  alternatives ``[shall][should]`` and ``[a/b]``); ``option_groups(decision)`` finds the option
  groups ("Option 1", "Option 2", "Option 3: {No text required}") of a decision's body.
* ``inventory(doc)`` counts, per clause and in total, bracket pairs, maximum depth, alternatives,
  options, words inside brackets and whole-clause brackets. Brackets are counted as a reader of the
  raw text would: each "[" once (a bracket spanning clauses is one pair), depth as the running
  count of open "[" (a stray "]" with none open is ignored).
* ``bracket_events(old, new)`` names what happened to the brackets of one aligned clause between
  two rounds: "agreed", "dropped", "alternative_chosen", "contested"; ``option_events`` does the
  same for option groups at decision level ("option_resolved", "option_dropped").

Words: a run of letters or digits is one word; each Chinese (CJK) character counts as one word.
Editorial notes ``{…}``, drafting comments and deleted text are not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterator

from clausewise.errors import ClausewiseError
from clausewise.model import clause_contents
from clausewise.model import (
    Bracket, Clause, Comment, Decision, Delete, Document, Emph, Footnote, FootnoteRef, Heading, Insert, Note,
    OptionLabel, Paragraph, Text, plain_text,
)

__all__ = [
    "BracketEvent", "Span", "Choice", "tree", "ClauseTree", "clause_tree", "walk_tree", "OptionGroup", "option_groups", "option_number",
    "ClauseCount", "Inventory", "inventory", "bracket_events", "option_events", "count_words",
    "words", "MAX_COMPARE_DEPTH", "BracketProblem", "bracket_problems", "reading_order", "slash_alternatives",
]

#: nesting deeper than this is counted by ``inventory`` but not compared by ``bracket_events``
MAX_COMPARE_DEPTH = 500

_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]|[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]|[^\W_]+|[^\w\s]", re.UNICODE)
_ALT_SLASH = re.compile(r"^\s*([^\W\d_][^/\d]{0,40}?)\s*/\s*([^\W\d_][^/\d]{0,40}?)\s*$")
_NO_TEXT = re.compile(r"\bno\s+(?:text|provision|such|decision)\b|不需要|无案文", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters/digits, and each CJK character on its own."""
    return _WORD.findall(text)


def count_words(text: str) -> int:
    """How many words ``text`` holds (CJK characters count one each)."""
    return len(_WORD.findall(text))


# ---------------------------------------------------------------- the bracket tree


@dataclass(frozen=True)
class Span:
    """One bracket of a clause: its node, its depth (1 = outermost in the clause) and inner items."""

    bracket: Bracket
    depth: int
    items: tuple["Span | Choice", ...]
    text: str

    @property
    def opens(self) -> bool:
        """False when the "[" stands in an earlier clause (or is missing)."""
        return self.bracket.opens

    @property
    def closes(self) -> bool:
        """False when the "]" stands in a later clause (or never comes)."""
        return self.bracket.closes


@dataclass(frozen=True)
class Choice:
    """Alternatives offered as one choice: adjacent ``[shall][should]`` or a single ``[a/b]``."""

    alternatives: tuple[str, ...]
    spans: tuple[Span, ...]
    slash: bool = False  # True for the "[a/b]" form


def tree(inlines) -> tuple["Span | Choice", ...]:
    """Parse ``inlines`` into its top-level brackets and choices, each holding its nested ones."""
    return _tree(tuple(inlines), 0)


def _tree(inlines, depth: int) -> tuple:
    out: list = []
    run: list[Span] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(Choice(tuple(s.text for s in run), tuple(run)))
        else:
            for s in run:
                out.append(_slash_choice(s) or s)
        run.clear()

    for node in inlines:
        if isinstance(node, Bracket):
            if depth + 1 > MAX_COMPARE_DEPTH:
                raise ClausewiseError(f"brackets nested more than {MAX_COMPARE_DEPTH} deep; "
                                      "clausewise does not parse deeper nesting")
            span = Span(node, depth + 1, _tree(node.children, depth + 1),
                        plain_text(node.children, brackets=True, notes=False))
            run.append(span)
            continue
        if isinstance(node, Text) and node.text == "":
            continue
        if isinstance(node, (FootnoteRef, Comment)) and run:
            continue  # "[a][b]¹" stays one run
        flush()
        if isinstance(node, (Emph, Insert)):
            out.extend(_tree(node.children, depth))
    flush()
    return tuple(out)


def slash_alternatives(text: str) -> tuple[str, str] | None:
    """The two alternatives of a bracket's text written "a/b" (one to three words each, no digits), else None."""
    m = _ALT_SLASH.match(text)
    if not m or len(m.group(1).split()) > 3 or len(m.group(2).split()) > 3:
        return None
    return m.group(1), m.group(2)


def _slash_choice(span: Span) -> Choice | None:
    if span.items or not span.opens or not span.closes:
        return None
    pair = slash_alternatives(span.text)
    return Choice(pair, (span,), slash=True) if pair else None


def walk_tree(items) -> Iterator["Span | Choice"]:
    """Every span and choice of a tree, depth first."""
    stack = list(reversed(items))
    while stack:
        item = stack.pop()
        yield item
        children = item.spans if isinstance(item, Choice) else item.items
        if isinstance(item, Choice) and not item.slash:
            stack.extend(reversed(children))
        elif isinstance(item, Span):
            stack.extend(reversed(children))


@dataclass(frozen=True)
class ClauseTree:
    """A clause seen as a negotiator sees it: its brackets and choices, notes, whether wholly bracketed."""

    clause: Clause
    items: tuple["Span | Choice", ...]                 # of the clause's own text
    subparagraphs: tuple[tuple[str, tuple], ...]       # (label path "a.i", items) per subparagraph
    notes: tuple[str, ...]                             # editorial notes "{…}" in the clause
    whole: bool                                        # every word inside a bracket opened in the clause
    insert: str | None                                 # "bis", "ter", … of an inserted paragraph ("5 bis")


def clause_tree(clause: Clause) -> ClauseTree:
    """The bracket tree of a clause, its subparagraphs, its notes and its "bis"/"ter" suffix."""
    subs: list[tuple[str, tuple]] = []
    stack = [(s, s.label) for s in reversed(clause.subparagraphs)]
    while stack:
        sub, path = stack.pop()
        subs.append((path, tree(sub.content)))
        stack.extend((child, f"{path}.{child.label}") for child in reversed(sub.subparagraphs))
    notes = []
    for inlines in clause_contents(clause):
        for node in _walk(inlines):
            if isinstance(node, Note):
                notes.append(plain_text(node.children, notes=False))
    counter, local = _Counter(), [0, True]
    for inlines in clause_contents(clause):
        counter.walk(inlines, local)
    m = re.search(r"\s*([a-z]+)\s*$", clause.label or "")
    return ClauseTree(clause, tree(clause.content), tuple(subs), tuple(notes),
                      bool(local[1] and counter.words), m.group(1) if m else None)


def _walk(inlines) -> Iterator:
    stack = list(reversed(tuple(inlines)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(tuple(getattr(node, "children", ()) or ())))


# ---------------------------------------------------------------- option groups


def option_number(label: str) -> int | None:
    """The number of an option label: "Option 2" -> 2, "Option II" -> 2, "备选案文3" -> 3."""
    m = re.search(r"(\d+)\s*$|\b([IVXivx]+)\s*$|\b([A-Za-z])\s*$", label.strip().rstrip(":").strip())
    if not m:
        return None
    if m.group(1):
        return int(m.group(1))
    if m.group(2):
        return _ROMAN.get(m.group(2).lower())
    return ord(m.group(3).lower()) - ord("a") + 1


def _option_style(label: str) -> str:
    tail = label.strip().rstrip(":").strip().split()[-1:] or [""]
    last = tail[0]
    if last.isdigit():
        return "arabic"
    if last.upper() in {k.upper() for k in _ROMAN}:
        return "roman"
    return "letter"


@dataclass(frozen=True)
class OptionGroup:
    """Options offered for one place in a decision: body indexes of each label and of its blocks."""

    #: for each option, (index of its OptionLabel in ``Decision.body``, indexes of the blocks it holds)
    options: tuple[tuple[int, tuple[int, ...]], ...]
    labels: tuple[str, ...]

    @property
    def size(self) -> int:
        """How many options the group offers."""
        return len(self.options)


def option_groups(decision: Decision) -> list[OptionGroup]:
    """The option groups of a decision's body, in order.

    A group starts at an option numbered 1 (or the first option after a heading) and continues
    with options numbered 2, 3, … of the same style (arabic, roman, letter); roman and arabic
    options nest ("Option I" holding "Option 1"/"Option 2"). An option holds the blocks after its
    label up to the next option label of its group, a heading, or a new group of its style; an
    option whose label says "No text …" holds no blocks.
    """
    body = decision.body
    groups: list[list] = []          # each: [style, [(label_index, [block indexes])], labels]
    open_by_style: dict[str, list] = {}
    for i, block in enumerate(body):
        if isinstance(block, Heading):
            open_by_style.clear()
            continue
        if isinstance(block, OptionLabel):
            style = _option_style(block.label)
            number = option_number(block.label)
            current = open_by_style.get(style)
            expected = len(current[1]) + 1 if current else 1
            if current is None or number == 1 or (number is not None and number != expected):
                current = [style, [], []]
                groups.append(current)
                open_by_style[style] = current
                # a new arabic group inside a roman option: leave the roman group open
            current[1].append([i, []])
            current[2].append(block.label)
            if _NO_TEXT.search(plain_text(block.content)):
                current[1][-1].append("empty")
            continue
        for style, group in open_by_style.items():
            last = group[1][-1]
            if len(last) == 2:  # not an empty ("No text") option
                last[1].append(i)
    result = []
    for style, options, labels in groups:
        result.append(OptionGroup(tuple((o[0], tuple(o[1])) for o in options), tuple(labels)))
    return result


# ---------------------------------------------------------------- inventory


@dataclass(frozen=True)
class ClauseCount:
    """Bracket counts of one clause (its subparagraphs included)."""

    decision: int          # 0-based index of the decision in the document
    part: str              # "preamble" or "operative"
    index: int             # 0-based within its part
    label: str | None
    pairs: int
    max_depth: int
    alternatives: int
    bracketed_words: int
    words: int
    whole: bool            # the whole clause stands in brackets opened in it

    def to_json(self) -> dict:
        """The clause's counts as a JSON-ready dict."""
        return {"decision": self.decision, "part": self.part, "index": self.index, "label": self.label,
                "pairs": self.pairs, "max_depth": self.max_depth, "alternatives": self.alternatives,
                "bracketed_words": self.bracketed_words, "words": self.words, "whole_clause": self.whole}


@dataclass(frozen=True)
class Inventory:
    """The bracket inventory of a document: totals and one ``ClauseCount`` per clause."""

    pairs: int
    unclosed: int           # "[" never closed
    stray_closes: int       # "]" with none open
    max_depth: int
    alternatives: int
    options: int            # option groups
    option_labels: int
    bracketed_words: int
    words: int
    whole_clauses: int
    clauses: tuple[ClauseCount, ...] = field(default=())

    @property
    def share(self) -> float:
        """Share of the words that stand inside brackets (0.0 when there are no words)."""
        return self.bracketed_words / self.words if self.words else 0.0

    def to_json(self) -> dict:
        """The documented JSON form (docs/brackets.md)."""
        return {
            "total": {
                "pairs": self.pairs, "max_depth": self.max_depth, "alternatives": self.alternatives,
                "options": self.options, "option_labels": self.option_labels,
                "bracketed_words": self.bracketed_words, "words": self.words,
                "share": round(self.share, 4), "whole_clauses": self.whole_clauses,
                "unclosed": self.unclosed, "stray_closes": self.stray_closes,
            },
            "clauses": [c.to_json() for c in self.clauses],
        }


class _Counter:
    """Walks inlines in reading order keeping the running bracket depth across blocks."""

    def __init__(self) -> None:
        self.depth = 0
        self.pairs = 0
        self.stray = 0
        self.max_depth = 0
        self.words = 0
        self.bracketed = 0
        self.alternatives = 0

    def walk(self, inlines, local: list | None = None) -> None:
        """Count the brackets and words of ``inlines`` (iteratively: any nesting depth)."""
        # stack items: ("seq", inlines), ("node", node), ("close", bracket), ("note", note)
        stack: list = [("seq", tuple(inlines))]
        while stack:
            kind, item = stack.pop()[:2]
            if kind == "seq":
                self.alternatives += _alternatives_in(item)
                for node in reversed(item):
                    stack.append(("node", node))
            elif kind == "close":
                if item.closes:
                    if self.depth > 0:
                        self.depth -= 1
                    else:
                        self.stray += 1
                if local is not None and item.opens:
                    local[0] -= 1
            elif kind == "note":
                # brackets inside an editorial note count; its words do not
                saved = (self.words, self.bracketed)
                inner = _Counter()
                inner.depth = self.depth
                inner.walk(item.children)
                self.pairs += inner.pairs
                self.stray += inner.stray
                self.alternatives += inner.alternatives
                self.max_depth = max(self.max_depth, inner.max_depth)
                self.depth = inner.depth
                self.words, self.bracketed = saved
            else:
                node = item
                if isinstance(node, Text):
                    n = count_words(node.text)
                    self.words += n
                    if self.depth > 0:
                        self.bracketed += n
                    if local is not None and n and local[0] == 0:
                        local[1] = False
                elif isinstance(node, Bracket):
                    if node.opens:
                        self.pairs += 1
                        self.depth += 1
                        self.max_depth = max(self.max_depth, self.depth)
                        if local is not None:
                            local[0] += 1
                    else:
                        self.max_depth = max(self.max_depth, self.depth)
                    stack.append(("close", node))
                    stack.append(("seq", tuple(node.children)))
                elif isinstance(node, (Emph, Insert)):
                    stack.append(("seq", tuple(node.children)))
                elif isinstance(node, Note):
                    stack.append(("note", node))
                # Comment, FootnoteRef, Delete: not text of the decision


def _alternatives_in(seq) -> int:
    """Alternative groups among the siblings ``seq``: runs of adjacent brackets, and "[a/b]"."""
    count = 0
    run = 0
    for node in seq:
        if isinstance(node, Bracket):
            run += 1
            if (not node.children or len(node.children) == 1) and node.opens and node.closes:
                only = node.children[0] if node.children else None
                if isinstance(only, Text) and slash_alternatives(only.text) and run == 1:
                    count += 1
            continue
        if isinstance(node, Text) and node.text == "":
            continue
        if isinstance(node, (FootnoteRef, Comment)) and run:
            continue
        if run >= 2:
            count += 1
        run = 0
    if run >= 2:
        count += 1
    return count




def inventory(doc: Document) -> Inventory:
    """Count the negotiation brackets of ``doc`` per clause and in total (see the module docstring)."""
    counter = _Counter()
    clauses: list[ClauseCount] = []
    options = labels = whole = 0
    decision_index = -1
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            counter.walk(block.content)
            continue
        if not isinstance(block, Decision):
            continue
        decision_index += 1
        counter.walk(block.title)
        counter.walk(block.organ)
        counts = {"preambular": 0, "operative": 0}
        for item in block.body:
            if isinstance(item, OptionLabel):
                labels += 1
                counter.walk(item.content)
            elif not isinstance(item, Clause):
                counter.walk(item.content)
            else:
                before = (counter.pairs, counter.bracketed, counter.words, counter.alternatives)
                saved_max, counter.max_depth = counter.max_depth, counter.depth
                local = [0, True]  # brackets opened in this clause now open; every word inside one
                for inlines in clause_contents(item):
                    counter.walk(inlines, local)
                clause_max, counter.max_depth = counter.max_depth, max(saved_max, counter.max_depth)
                clause_words = counter.words - before[2]
                is_whole = local[1] and clause_words > 0
                whole += is_whole
                clauses.append(ClauseCount(
                    decision=decision_index, part="preamble" if item.part == "preambular" else "operative",
                    index=counts[item.part], label=item.label, pairs=counter.pairs - before[0],
                    max_depth=clause_max, alternatives=counter.alternatives - before[3],
                    bracketed_words=counter.bracketed - before[1], words=clause_words, whole=is_whole))
                counts[item.part] += 1
        options += len(option_groups(block))
        for note in block.footnotes:
            counter.walk(note.content)
    for note in doc.footnotes:
        counter.walk(note.content)
    return Inventory(
        pairs=counter.pairs, unclosed=counter.depth, stray_closes=counter.stray, max_depth=counter.max_depth,
        alternatives=counter.alternatives, options=options, option_labels=labels,
        bracketed_words=counter.bracketed, words=counter.words, whole_clauses=whole, clauses=tuple(clauses))


# ---------------------------------------------------------------- bracket events


@dataclass(frozen=True)
class BracketEvent:
    """What happened to a bracket between two rounds of one clause.

    ``kind`` is "agreed" (brackets removed, words kept), "dropped" (bracketed text deleted),
    "alternative_chosen" (one of ``alternatives`` kept as ``text``), "contested" (brackets added
    around text that was agreed, or new text proposed in brackets: ``new_text`` True) or
    "option_resolved" (one option of a group kept; ``alternatives`` are the option labels) or
    "option_dropped" (no option of the group kept; ``text`` joins the labels with " / ").
    """

    kind: str
    text: str
    alternatives: tuple[str, ...] = ()
    new_text: bool = False
    #: the clause (or option group) the event belongs to, when the caller knows it ("op_5")
    where: str | None = None

    def to_json(self) -> dict:
        """The event as a JSON-ready dict."""
        out: dict = {"kind": self.kind, "text": self.text}
        if self.alternatives:
            out["alternatives"] = list(self.alternatives)
        if self.kind == "contested":
            out["new_text"] = self.new_text
        if self.where is not None:
            out["where"] = self.where
        return out


@dataclass
class _FSpan:
    id: int
    parent: int | None
    tokens: list[int] = field(default_factory=list)
    group: int | None = None
    text: str = ""
    opens: bool = True
    node: Bracket | None = None


@dataclass
class _Flat:
    tokens: list[str] = field(default_factory=list)
    paths: list[tuple[int, ...]] = field(default_factory=list)
    spans: list[_FSpan] = field(default_factory=list)
    groups: dict[int, list[int]] = field(default_factory=dict)


def _flatten(inlines) -> _Flat:
    """Tokens of ``inlines`` with the brackets around each; bracket spans; alternative groups."""
    flat = _Flat()
    run: list[int] = []
    _expand(flat, [(node, ()) for node in inlines], run, _closer(flat, run))
    for span in flat.spans:  # nesting is within MAX_COMPARE_DEPTH here: plain_text may recurse
        span.text = " ".join(plain_text(span.node.children, notes=False).split()) if span.node is not None else ""
    return flat


def _expand(flat: _Flat, work: list, run: list, close_run) -> None:
    """Depth-first, iterative expansion of (node, path) items into ``flat`` (reading order)."""
    # each frame: iterator over (node, path) siblings with its own alternative run
    frames: list = [(iter(work), run, close_run)]
    while frames:
        it, frame_run, frame_close = frames[-1]
        item = next(it, None)
        if item is None:
            frame_close()
            frames.pop()
            continue
        node, path = item
        if isinstance(node, Bracket):
            if len(path) >= MAX_COMPARE_DEPTH:
                raise ClausewiseError(f"brackets nested more than {MAX_COMPARE_DEPTH} deep; "
                                      "clausewise does not compare deeper nesting")
            sid = len(flat.spans)
            flat.spans.append(_FSpan(sid, path[-1] if path else None, opens=node.opens, node=node))
            frame_run.append(sid)
            inner_path = path + (sid,)
            sub_run: list[int] = []
            frames.append((iter([(c, inner_path) for c in node.children]), sub_run,
                           _closer(flat, sub_run)))
            continue
        if isinstance(node, Text):
            toks = _TOKEN.findall(node.text)
            if node.text.strip():
                frame_close()
            for tok in toks:
                index = len(flat.tokens)
                flat.tokens.append(tok)
                flat.paths.append(path)
                for sid in path:
                    flat.spans[sid].tokens.append(index)
        elif isinstance(node, (Emph, Insert)):
            frame_close()
            sub_run2: list[int] = []
            frames.append((iter([(c, path) for c in node.children]), sub_run2, _closer(flat, sub_run2)))
        elif isinstance(node, (Note, Delete)):
            frame_close()


def _closer(flat: _Flat, run: list):
    def close_run() -> None:
        if len(run) >= 2:
            gid = len(flat.groups)
            flat.groups[gid] = list(run)
            for sid in run:
                flat.spans[sid].group = gid
        run.clear()
    return close_run


def _correspond(a: _Flat, b: _Flat, mapping: dict[int, int]) -> dict[int, int]:
    """For each span of ``a``, the span of ``b`` holding most of its mapped tokens (overlap ≥ ½)."""
    result: dict[int, int] = {}
    for span in a.spans:
        if not span.tokens:
            continue
        overlap: dict[int, int] = {}
        for i in span.tokens:
            j = mapping.get(i)
            if j is None:
                continue
            for sid in b.paths[j]:
                overlap[sid] = overlap.get(sid, 0) + 1
        best, score = None, 0.0
        for sid, n in overlap.items():
            size = len(b.spans[sid].tokens)
            s = n / max(len(span.tokens), size)
            if s > score or (s == score and best is not None and size < len(b.spans[best].tokens)):
                best, score = sid, s
        if best is not None and score >= 0.5:
            result[span.id] = best
    return result


def bracket_events(old, new) -> list[BracketEvent]:
    """The bracket events between two versions (inlines) of one aligned clause, in reading order."""
    a, b = _flatten(old), _flatten(new)
    if not a.spans and not b.spans:
        return []
    matcher = SequenceMatcher(None, a.tokens, b.tokens, autojunk=False)
    forward: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            forward[block.a + k] = block.b + k
    backward = {j: i for i, j in forward.items()}
    survives = _correspond(a, b, forward)
    existed = _correspond(b, a, backward)
    events: list[tuple[int, BracketEvent]] = []
    covered: set[int] = set()   # old spans inside a dropped/agreed-as-group bracket
    done_groups: set[int] = set()

    def kept(span: _FSpan) -> float:
        return sum(1 for i in span.tokens if i in forward) / len(span.tokens) if span.tokens else 1.0

    def bracketed_in_new(span: _FSpan) -> bool:
        return any(b.paths[forward[i]] for i in span.tokens if i in forward)

    for span in a.spans:
        if not span.opens:
            continue  # the part of a bracket opened in an earlier clause: its event belongs there
        if not span.tokens or span.id in survives or span.parent in covered and span.parent is not None:
            if span.parent in covered:
                covered.add(span.id)
            continue
        position = span.tokens[0]
        if span.group is not None and span.group not in done_groups:
            members = [a.spans[s] for s in a.groups[span.group]]
            if not any(m.id in survives for m in members):
                done_groups.add(span.group)
                texts = tuple(m.text for m in members)
                kept_members = [m for m in members if kept(m) >= 0.5]
                covered.update(m.id for m in members)
                if len(kept_members) == 1:
                    events.append((position, BracketEvent("alternative_chosen", kept_members[0].text, texts)))
                elif not kept_members:
                    events.append((position, BracketEvent("dropped", " ".join(f"[{t}]" for t in texts), texts)))
                else:
                    for m in members:
                        kind = "agreed" if kept(m) >= 0.5 else "dropped"
                        events.append((m.tokens[0] if m.tokens else position, BracketEvent(kind, m.text)))
                continue
        if span.group is not None and span.group in done_groups:
            continue
        if kept(span) >= 0.5:
            if bracketed_in_new(span) and span.parent is not None and span.parent in survives:
                # its words now sit directly in the surviving outer bracket: agreed within it
                pass
            events.append((position, BracketEvent("agreed", span.text)))
        else:
            covered.add(span.id)
            events.append((position, BracketEvent("dropped", span.text)))
    contested_ids: set[int] = set()
    for span in b.spans:
        if not span.tokens or span.id in existed or not span.opens:
            continue
        if span.parent is not None and span.parent in contested_ids:
            contested_ids.add(span.id)
            continue
        contested_ids.add(span.id)
        fresh = sum(1 for j in span.tokens if j not in backward) / len(span.tokens) >= 0.5
        mapped_old = [backward[j] for j in span.tokens if j in backward]
        position = mapped_old[0] if mapped_old else _old_position(span.tokens[0], backward)
        events.append((position, BracketEvent("contested", span.text, new_text=fresh)))
    events.sort(key=lambda e: e[0])
    return [e for _, e in events]


def _old_position(j: int, backward: dict[int, int]) -> int:
    """Where new token ``j`` would sit in the old token order (for sorting events)."""
    for k in range(j, -1, -1):
        if k in backward:
            return backward[k]
    return 0


def _decision_tokens(decision: Decision, indexes) -> set[str]:
    toks: set[str] = set()
    for i in indexes:
        block = decision.body[i]
        if isinstance(block, Clause):
            for inlines in clause_contents(block):
                toks.update(t.lower() for t in words(plain_text(inlines, brackets=False, notes=False)))
    return toks


def option_events(old: Decision, new: Decision) -> list[BracketEvent]:
    """Option groups of ``old`` resolved in ``new``: "option_resolved" (one kept) or "option_dropped" (none)."""
    events: list[BracketEvent] = []
    new_groups = {g.labels for g in option_groups(new) if g.size >= 2}
    new_tokens = _decision_tokens(new, range(len(new.body)))
    for group in option_groups(old):
        if group.size < 2 or group.labels in new_groups:
            continue
        scores = []
        for (_, blocks), label in zip(group.options, group.labels):
            toks = _decision_tokens(old, blocks)
            clauses = [i for i in blocks if isinstance(old.body[i], Clause)]
            first = _decision_tokens(old, clauses[:1])
            scores.append((len(toks & new_tokens) / len(toks) if toks else 0.0,
                           len(first & new_tokens) / len(first) if first else 0.0, label))
        winners = [label for score, _, label in scores if score >= 0.6]
        if len(winners) > 1:
            # the last option of a group runs on to the next heading and may hold agreed clauses
            # after it: decide by each option's own first clause
            winners = [label for _, first, label in scores if label in winners and first >= 0.6]
        if len(winners) == 1:
            events.append(BracketEvent("option_resolved", winners[0], group.labels))
        elif not winners:
            events.append(BracketEvent("option_dropped", " / ".join(group.labels), group.labels))
    return events


# ---------------------------------------------------------------- problems, for check


@dataclass(frozen=True)
class BracketProblem:
    """A bracket or option problem with its position: "unclosed", "stray_close", "single_option", "too_deep"."""

    code: str
    message: str
    source: object | None = None   # model.Source of the bracket or of its block
    where: str | None = None       # "operative paragraph 5 bis", "footnote 3", …


def reading_order(doc: Document) -> Iterator[tuple[str, object, tuple]]:
    """(where, block, inlines) for every run of inline content, in reading order."""
    for block in doc.blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield ("a heading" if isinstance(block, Heading) else "a paragraph", block, block.content)
        elif isinstance(block, Decision):
            yield ("the decision title", block, block.title)
            yield ("the organ line", block, block.organ)
            counts = {"preambular": 0, "operative": 0}
            for item in block.body:
                if isinstance(item, Clause):
                    counts[item.part] += 1
                    where = (f"operative paragraph {item.label}" if item.part == "operative" and item.label
                             else f"{item.part} clause {counts[item.part]}")
                    for inlines in clause_contents(item):
                        yield (where, item, inlines)
                elif isinstance(item, OptionLabel):
                    yield (f"option label \"{item.label}\"", item, item.content)
                else:
                    yield ("a heading", item, item.content)
            for note in block.footnotes:
                yield (f"footnote {note.key}", note, note.content)
    for note in doc.footnotes:
        yield (f"footnote {note.key}", note, note.content)


def bracket_problems(doc: Document) -> list[BracketProblem]:
    """Unclosed and stray brackets (with the position of the "[" or "]"), single options, over-deep nesting."""
    problems: list[BracketProblem] = []
    body_stack: list[tuple[object, str]] = []
    deepest = 0
    for where, block, inlines in reading_order(doc):
        # a footnote is a text of its own: its brackets close within it (as ``check`` counts them),
        # so a stray "]" in a note cannot hide a "[" left open in the body
        note = isinstance(block, Footnote)
        open_stack: list[tuple[object, str]] = [] if note else body_stack
        stack: list = [("seq", tuple(inlines))]
        while stack:
            kind, item = stack.pop()
            if kind == "close":
                if item.closes:
                    if open_stack:
                        open_stack.pop()
                    else:
                        problems.append(BracketProblem("stray_close", f"\"]\" with no \"[\" open in {where}",
                                                       item.source or block.source, where))
                continue
            for node in reversed(item):
                if isinstance(node, Bracket):
                    if node.opens:
                        open_stack.append((node.source or block.source, where))
                        deepest = max(deepest, len(open_stack))
                    stack.append(("close", node))
                    stack.append(("seq", tuple(node.children)))
                elif isinstance(node, (Emph, Insert, Note)):
                    stack.append(("seq", tuple(node.children)))
        if note:
            problems.extend(_unclosed(open_stack))
    problems.extend(_unclosed(body_stack))
    if deepest > MAX_COMPARE_DEPTH:
        problems.append(BracketProblem("too_deep", f"brackets nested {deepest} deep (clausewise compares and "
                                       f"cleans at most {MAX_COMPARE_DEPTH} levels)"))
    for decision in doc.decisions:
        for group in option_groups(decision):
            if group.size == 1:
                label = decision.body[group.options[0][0]]
                problems.append(BracketProblem("single_option", f"option group with a single option "
                                               f"(\"{group.labels[0]}\"): nothing to choose from",
                                               label.source, f"option label \"{group.labels[0]}\""))
    return problems


def _unclosed(open_stack: list[tuple[object, str]]) -> list[BracketProblem]:
    """An "unclosed" problem for each "[" left on ``open_stack`` (its source and where it stands)."""
    return [BracketProblem("unclosed", f"\"[\" in {where} is never closed", source, where)
            for source, where in open_stack]
