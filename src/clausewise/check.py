"""Validation of a draft: brackets, footnotes, numbering, punctuation, opening words, references, front matter.

``check(doc)`` returns ``Finding``s sorted by position; ``check_file(path)`` reads a draft first (a
draft that does not parse gives one CW100 error finding; a file that cannot be read at all raises
InputError). Codes are stable; docs/draft-format.md lists them:

CW100 parse error · CW101 "[" never closed · CW102 "]" closes nothing · CW103 bracket crosses
emphasis or a note (warning) · CW111 undefined footnote · CW112 unused footnote (warning) ·
CW113 footnote defined twice · CW121 operative number out of sequence · CW122 operative number
used twice · CW123 subparagraph labels out of sequence (warning) · CW131 terminal punctuation ·
CW141 opening words not emphasised · CW142 organ line not emphasised (warning) · CW151 reference to
a paragraph that does not exist · CW152 reference points the wrong way (warning) · CW161 unknown
front-matter key (warning) · CW171 preambular paragraph after an operative one (warning).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Literal

from clausewise import lang as languages
from clausewise.errors import ParseError
from clausewise.model import (OPERATIVE, PREAMBULAR, Bracket, Clause, Comment, Decision, Document, Emph,
                              FootnoteRef, Heading, Note, OptionLabel, Paragraph, Source, Subparagraph,
                              plain_text)

__all__ = ["Finding", "check", "check_file", "CODES", "BRACKET_CODES"]

CODES = {
    "CW100": "the draft does not parse",
    "CW101": "a negotiation bracket '[' is never closed",
    "CW102": "a ']' closes no bracket",
    "CW103": "a bracket crosses emphasis or an editorial note",
    "CW111": "a footnote reference has no footnote",
    "CW112": "a footnote is never referenced",
    "CW113": "a footnote key is defined twice",
    "CW121": "operative numbers out of sequence",
    "CW122": "an operative number is used twice",
    "CW123": "subparagraph labels out of sequence",
    "CW131": "wrong terminal punctuation",
    "CW141": "opening words not emphasised",
    "CW142": "organ line not emphasised",
    "CW151": "reference to a paragraph that does not exist",
    "CW152": "reference points the wrong way (above/below)",
    "CW161": "unknown front-matter key",
    "CW171": "preambular paragraph after an operative one",
}

#: the codes of negotiation-bracket errors: diff and redline refuse a round that has one (unless --force)
BRACKET_CODES = frozenset({"CW101", "CW102", "CW103"})


@dataclass(frozen=True)
class Finding:
    """One problem in a draft, printed as ``FILE:LINE:COL: error CODE: message``."""

    path: str | None
    line: int
    column: int
    severity: Literal["error", "warning"]
    code: str
    message: str
    paragraph: int | None = None

    def __str__(self) -> str:
        """``FILE:LINE:COL: severity CODE: message`` (``FILE: paragraph N: …`` for Word input)."""
        where = self.path or "<input>"
        if self.paragraph is not None:
            return f"{where}: paragraph {self.paragraph}: {self.severity} {self.code}: {self.message}"
        return f"{where}:{self.line}:{self.column}: {self.severity} {self.code}: {self.message}"


def check_file(path: str | Path) -> list[Finding]:
    """Read and check one draft; a ParseError becomes a single CW100 finding, InputError propagates."""
    from clausewise.formats import draft

    name = str(path)
    try:
        doc = draft.read_file(path)
    except ParseError as exc:
        return [Finding(exc.path or name, exc.line, exc.column, "error", "CW100", exc.message, exc.paragraph)]
    text = Path(path).read_text(encoding="utf-8-sig")
    return check(doc, name, key_lines=_key_lines(text))


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level front-matter key (for findings about keys)."""
    lines = text.replace("\r\n", "\n").split("\n")
    out: dict[str, int] = {}
    if not lines or lines[0].strip() != "---":
        return out
    for k in range(1, len(lines)):
        if lines[k].rstrip() in ("---", "..."):
            break
        m = re.match(r"""(?:"([^"]*)"|'([^']*)'|([^\s:#][^:]*?))\s*:(?:\s|$)""", lines[k])
        if m:
            out.setdefault(m.group(1) or m.group(2) or m.group(3), k + 1)
    return out


def check(doc: Document, path: str | None = None, *, key_lines: dict[str, int] | None = None,
          brackets_only: bool = False) -> list[Finding]:
    """Every finding in ``doc`` (only the bracket findings, BRACKET_CODES, if ``brackets_only``), sorted by position."""
    if key_lines is None and path and str(path).lower().endswith((".md", ".draft", ".markdown")):
        try:  # find where the front-matter keys stand, for CW161's line
            key_lines = _key_lines(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            key_lines = None
    checker = _Checker(doc, path, key_lines or {}, brackets_only=brackets_only)
    checker.run()
    return sorted(checker.findings, key=lambda f: (f.line, f.column, f.code))


# ---------------------------------------------------------------- the checker


def _without_annexes(decision: Decision) -> Decision:
    """The decision without what follows its first annex heading (tables, forms: not clauses)."""
    for k, block in enumerate(decision.body):
        if isinstance(block, Heading) and block.role == "annex":
            return replace(decision, body=decision.body[:k])
    return decision


def _units(decision: Decision) -> Iterator[tuple[object, tuple]]:
    """(node, content) of each text unit of a decision in reading order (brackets carry across them)."""
    if decision.organ:
        yield decision, decision.organ
    for block in decision.body:
        yield block, block.content
        if isinstance(block, Clause):
            stack = list(reversed(block.subparagraphs))
            while stack:
                sub = stack.pop()
                yield sub, sub.content
                stack.extend(reversed(sub.subparagraphs))


def _walk(nodes) -> Iterator:
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        children = getattr(node, "children", None)
        if children:
            stack.extend(reversed(children))


LABEL = re.compile(r"(\d+)\s?(\D*)\Z")
_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


class _Checker:
    def __init__(self, doc: Document, path: str | None, key_lines: dict[str, int], brackets_only: bool = False):
        self.doc = doc
        self.brackets_only = brackets_only
        self.path = path
        self.key_lines = key_lines
        try:
            self.lang = languages.get(doc.meta.language)
        except KeyError:  # a Word file in another language: check by English conventions
            self.lang = languages.get("en")
        self.findings: list[Finding] = []

    def add(self, source: Source | None, severity: str, code: str, message: str, fallback: Source | None = None):
        src = source or fallback
        line, column = (src.line, src.column) if src else (1, 1)
        paragraph = src.paragraph if src else None
        path = (src.path if src and src.path else None) or self.path
        self.findings.append(Finding(path, line, column, severity, code, message, paragraph))

    def run(self) -> None:
        if not self.brackets_only:
            self.front_matter()
            self.footnotes()
        run: list = []  # narrative headings and paragraphs between decisions: brackets may span them

        def close_run() -> None:
            if run:
                self.brackets([b.content for b in run], "narrative before the next decision", run[0].source)
                run.clear()

        for block in self.doc.blocks:
            if isinstance(block, Decision):
                close_run()
                self.decision(block)
            else:
                run.append(block)
                if not self.brackets_only:
                    self.references_narrative(block)
        close_run()
        for fn in self.doc.footnotes:
            self.brackets([fn.content], "footnote", fn.source)

    # ---- front matter

    def front_matter(self) -> None:
        from clausewise.formats.draft_meta import KNOWN_KEYS

        for key, _ in self.doc.meta.extra:
            hint = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else f"; known keys: {', '.join(KNOWN_KEYS)}"
            self.add(Source(self.path, self.key_lines.get(key, 1), 1), "warning", "CW161",
                     f"unknown front-matter key {key!r} is kept but not used{suggestion}")

    # ---- footnotes

    def footnotes(self) -> None:
        doc = self.doc
        doc_keys = self.defined(doc.footnotes)
        all_decision_keys = {fn.key for d in doc.decisions for fn in d.footnotes}
        used_doc: set[str] = set()
        meta = doc.meta
        narrative = [meta.body, meta.session, meta.venue, meta.agenda_item, meta.agenda_title, meta.title,
                     meta.subtitle]
        narrative += [b.content for b in doc.blocks if not isinstance(b, Decision)]
        narrative += [fn.content for fn in doc.footnotes]
        for content in narrative:
            for node in _walk(content):
                if isinstance(node, FootnoteRef):
                    if node.key in doc_keys:
                        used_doc.add(node.key)
                    elif node.key not in all_decision_keys:
                        self.add(node.source, "error", "CW111", f"footnote [^{node.key}] is not defined "
                                 f"(add a line '[^{node.key}]: …')")
        for d in doc.decisions:
            own = self.defined(d.footnotes)
            used: set[str] = set()
            contents = [d.title] + [c for _, c in _units(d)] + [fn.content for fn in d.footnotes]
            for content in contents:
                for node in _walk(content):
                    if isinstance(node, FootnoteRef):
                        if node.key in own:
                            used.add(node.key)
                        elif node.key in doc_keys:
                            used_doc.add(node.key)
                        else:
                            self.add(node.source, "error", "CW111",
                                     f"footnote [^{node.key}] is not defined in this decision "
                                     f"(add a line '[^{node.key}]: …' after its paragraphs)", d.source)
            for fn in d.footnotes:
                if fn.key not in used and fn.key not in self.meta_refs():
                    self.add(fn.source, "warning", "CW112", f"footnote [^{fn.key}] is never referenced",
                             d.source)
        for fn in doc.footnotes:
            if fn.key not in used_doc:
                self.add(fn.source, "warning", "CW112", f"footnote [^{fn.key}] is never referenced")

    def meta_refs(self) -> set[str]:
        meta = self.doc.meta
        keys = set()
        for content in (meta.body, meta.session, meta.venue, meta.agenda_item, meta.agenda_title, meta.title,
                        meta.subtitle):
            keys |= {n.key for n in _walk(content) if isinstance(n, FootnoteRef)}
        return keys

    def defined(self, footnotes) -> set[str]:
        seen: dict[str, Source | None] = {}
        for fn in footnotes:
            if fn.key in seen:
                first = seen[fn.key]
                where = f" (first on line {first.line})" if first else ""
                self.add(fn.source, "error", "CW113", f"footnote [^{fn.key}] is defined twice{where}")
            else:
                seen[fn.key] = fn.source
        return set(seen)

    # ---- brackets

    def brackets(self, contents: Iterable[tuple], scope: str, fallback: Source | None) -> None:
        """Brackets must close within ``scope``; across the units of one decision they may span."""
        open_: list[Source | None] = []
        for content in contents:
            # iterative walk with explicit exit events, tracking emphasis/note ancestors
            stack: list = [("enter", n, False, k == 0) for k, n in reversed(list(enumerate(content)))]
            while stack:
                event, node, in_mark, first = stack.pop()
                if event == "exit":
                    if node.closes:
                        if node.opens:
                            open_.pop()
                        elif open_:
                            open_.pop()
                        else:
                            self.add(node.source, "error", "CW102",
                                     f"']' closes no bracket: nothing is open in this {scope}", fallback)
                    continue
                if isinstance(node, Bracket):
                    if not node.closes and in_mark:  # the reader split a bracket that crossed "*" or "}"
                        self.add(node.source, "warning", "CW103",
                                 "bracket crosses the emphasis or editorial note around it; "
                                 "close it inside ('*[Also] invites*', not '*[Also invites* …]')", fallback)
                    if node.opens:
                        open_.append(node.source)
                    stack.append(("exit", node, in_mark, first))
                    kids = node.children
                    stack.extend(("enter", n, in_mark, k == 0) for k, n in reversed(list(enumerate(kids))))
                elif isinstance(node, (Emph, Note)):
                    kids = node.children
                    stack.extend(("enter", n, True, k == 0) for k, n in reversed(list(enumerate(kids))))
        for src in open_:
            self.add(src, "error", "CW101", f"'[' is never closed before the end of the {scope}", fallback)

    # ---- a decision

    def decision(self, d: Decision) -> None:
        self.brackets([c for _, c in _units(d)], "decision", d.source)
        self.brackets([d.title], "decision title", d.source)
        for fn in d.footnotes:
            self.brackets([fn.content], "footnote", fn.source)
        if self.brackets_only:
            return
        d = _without_annexes(d)   # an annex's tables and text are not clauses of the decision
        self.numbering(d)
        self.punctuation(d)
        self.emphasis(d)
        self.references(d)
        seen_operative = False
        for block in d.body:
            if isinstance(block, Clause):
                if block.part == OPERATIVE:
                    seen_operative = True
                elif seen_operative:
                    self.add(block.source, "warning", "CW171",
                             "preambular (unnumbered) paragraph after an operative one: number it, or move it "
                             "before paragraph 1", d.source)

    def numbering(self, d: Decision) -> None:
        suffixes = list(self.lang.insert_suffixes) + [s for s in _SUFFIXES if s not in self.lang.insert_suffixes]
        prev: tuple[int, int] | None = None
        seen: dict[tuple[int, int], Source | None] = {}
        branch_start: tuple | None = None   # (prev, seen) where the first option begins
        furthest: tuple[int, int] | None = None  # the highest number any option branch reached

        def follows(key, after) -> bool:
            return after is not None and (key == (after[0] + 1, 0) or (key[0] == after[0] and key[1] == after[1] + 1))

        for block in d.body:
            if isinstance(block, OptionLabel):
                if branch_start is None:
                    branch_start = (prev, dict(seen))
                else:  # each option restarts where the first one began
                    prev, seen = branch_start[0], dict(branch_start[1])
                continue
            if not isinstance(block, Clause) or block.part != OPERATIVE or not block.label:
                continue
            m = LABEL.match(block.label.strip())
            if not m:
                continue
            suffix = m.group(2).strip()
            key = (int(m.group(1)), suffixes.index(suffix) + 1 if suffix in suffixes else (0 if not suffix else 99))
            if key in seen:
                first = seen[key]
                self.add(block.source, "error", "CW122", f"paragraph {block.label} is numbered twice"
                         + (f" (first on line {first.line})" if first else ""), d.source)
            elif prev is None and branch_start is None:
                if key != (1, 0):
                    self.add(block.source, "error", "CW121",
                             f"operative paragraphs start at 1, not {block.label}", d.source)
            elif not (follows(key, prev) or follows(key, furthest) or (prev is None and key == (1, 0))):
                base = prev or furthest or (0, 0)
                expected = f"{base[0] + 1}" + (f" or {base[0]} {suffixes[base[1]]}" if 0 < base[0] and base[1] < len(suffixes) else "")
                self.add(block.source, "error", "CW121",
                         f"paragraph {block.label} is out of sequence: expected {expected}", d.source)
            if branch_start is not None and (furthest is None or key > furthest):
                furthest = key
            seen.setdefault(key, block.source)
            prev = key
            self.sub_labels(block.subparagraphs, d)

    def sub_labels(self, subs, d: Decision) -> None:
        sequences = {
            "latin": [chr(c) for c in range(ord("a"), ord("z") + 1)] + [c * 2 for c in "abcdefghijklmnopqrstuvwxyz"],
            "roman": ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
                      "xv", "xvi", "xvii", "xviii", "xix", "xx"],
            "cyrillic": list("абвгдежзиклмнопрстуфхцчшщэюя"),
            "arabic": list("أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"),
            "digits": [str(n) for n in range(1, 100)],
        }
        labels = [s.label for s in subs]
        if labels:
            fits = [seq for seq in sequences.values() if labels == seq[:len(labels)]]
            if not fits:
                candidates = [seq for seq in sequences.values() if labels[0] in seq]
                seq = candidates[0] if candidates else sequences["latin"]
                for k, sub in enumerate(subs):
                    expected = seq[k] if k < len(seq) else "?"
                    if sub.label != expected:
                        self.add(sub.source, "warning", "CW123",
                                 f"subparagraph ({sub.label}) is out of sequence: expected ({expected})", d.source)
                        break
        for sub in subs:
            self.sub_labels(sub.subparagraphs, d)

    # ---- punctuation

    def ends(self, content) -> str | None:
        text = plain_text(content, brackets=False, notes=False).rstrip()
        if not text or text.endswith(("…", "...")):
            return None
        for word in self.lang.list_conjunctions:  # "(a) To collect knowledge; and" ends with ";"
            if text.endswith(" " + word) and text[: -len(word) - 1].rstrip()[-1:] in (self.lang.operative_end, ";"):
                return text[: -len(word) - 1].rstrip()[-1]
        return text[-1]

    def expect(self, node, content, allowed: list[str], what: str, fallback: Source | None) -> None:
        found = self.ends(content)
        if found is None:
            return
        alternatives = self.lang.end_alternatives
        accepted = set()
        for a in allowed:
            a = a.strip()
            accepted.add(a)
            accepted.update(alternatives.get(a, ()))
        if found not in accepted:
            shown = " or ".join(f"'{a.strip()}'" for a in allowed)
            self.add(getattr(node, "source", None), "error", "CW131",
                     f"{what} should end with {shown}, not '{found}'", fallback)

    def punctuation(self, d: Decision) -> None:
        L = self.lang
        pre, op, last, lead = L.preambular_end, L.operative_end, L.last_end, L.lead_in_end
        if d.organ:
            self.expect(_Located(_first_source(d.organ) or d.source), d.organ, [pre], "the organ line", d.source)
        operative = [k for k, b in enumerate(d.body) if isinstance(b, Clause) and b.part == OPERATIVE]
        last_k = operative[-1] if operative else None
        for k, block in enumerate(d.body):
            if not isinstance(block, Clause):
                continue
            before_option = k + 1 < len(d.body) and isinstance(d.body[k + 1], OptionLabel)
            if block.part == PREAMBULAR:
                if block.subparagraphs:
                    self.expect(block, block.content, [lead], "a preambular paragraph introducing subparagraphs",
                                d.source)
                else:
                    self.expect(block, block.content, [pre], "a preambular paragraph", d.source)
                continue
            is_last = k == last_k
            terminal = [last] if is_last else ([op, last] if before_option else [op])
            name = f"paragraph {block.label}"
            if not block.subparagraphs:
                what = f"the last operative paragraph ({block.label})" if is_last else f"operative {name}"
                self.expect(block, block.content, terminal, what, d.source)
                continue
            self.expect(block, block.content, [lead], f"{name}, which introduces subparagraphs", d.source)
            leaves: list = []

            def visit(subs, trail: str) -> None:
                for sub in subs:
                    label = f"{trail}({sub.label})"
                    if sub.subparagraphs:
                        self.expect(sub, sub.content, [lead], f"subparagraph {label}, which introduces others",
                                    d.source)
                        visit(sub.subparagraphs, label + " ")
                    else:
                        leaves.append((sub, label))

            visit(block.subparagraphs, "")
            for j, (sub, label) in enumerate(leaves):
                final = j == len(leaves) - 1
                allowed = terminal if final else [op]
                what = f"subparagraph {block.label} {label}" + (" (the decision's last)" if final and is_last else "")
                self.expect(sub, sub.content, allowed, what, d.source)

    # ---- opening words

    def emphasis(self, d: Decision) -> None:
        L = self.lang
        if not L.italic_openings:
            return
        if d.organ and not any(isinstance(n, Emph) for n in _walk(d.organ)):
            self.add(_first_source(d.organ), "warning", "CW142",
                     "the organ line is usually in italics: *The Conference of the Parties*,", d.source)
        for block in d.body:
            if not isinstance(block, Clause):
                continue
            first = _first_inline(block.content)
            if first is None or isinstance(first, Emph):
                continue
            text = plain_text(block.content, brackets=False, notes=False).lstrip()
            phrase = L.is_opening(text, block.part) or L.is_opening(text, OPERATIVE if block.part == PREAMBULAR
                                                                     else PREAMBULAR)
            where = f"paragraph {block.label}" if block.label else "preambular paragraph"
            if phrase:
                self.add(block.source, "error", "CW141",
                         f"opening words of {where} are not emphasised: write *{phrase}*", d.source)
            else:
                words = " ".join(text.split()[:2])
                self.add(block.source, "warning", "CW141",
                         f"{where} does not start with emphasised opening words ('{words}' is not a known "
                         f"{block.part} opening in {L.name}); mark them *…*", d.source)

    # ---- references

    def references(self, d: Decision) -> None:
        labels = {}
        order = {}
        for k, block in enumerate(d.body):
            if isinstance(block, Clause) and block.part == OPERATIVE and block.label:
                norm = _norm_label(block.label)
                labels[norm] = block
                order[norm] = k
        for k, block in enumerate(d.body):
            if not isinstance(block, Clause):
                continue
            units = [block.content] + [s.content for s in _all_subs(block.subparagraphs)]
            for content in units:
                for ref, direction, targets, source in self.find_refs(content, block.source):
                    for t in targets:
                        if t not in labels:
                            self.add(source, "error", "CW151",
                                     f"'{ref}' refers to paragraph {t}, which this decision does not have", d.source)
                        elif block.part == OPERATIVE and direction and order[t] != k:
                            wrong = (direction == "above" and order[t] > k) or (direction == "below" and order[t] < k)
                            if wrong:
                                self.add(source, "warning", "CW152",
                                         f"'{ref}': paragraph {t} is {'below' if direction == 'above' else 'above'}, "
                                         "not " + direction, d.source)

    def references_narrative(self, block) -> None:
        labels = {_norm_label(b.label) for b in self.doc.blocks if isinstance(b, Paragraph) and b.label}
        if not labels:
            return
        for ref, _, targets, source in self.find_refs(block.content, block.source):
            for t in targets:
                if t not in labels:
                    self.add(source, "error", "CW151",
                             f"'{ref}' refers to paragraph {t}, which this document does not have")

    def find_refs(self, content, fallback: Source | None):
        """(matched text, "above"/"below", target labels, source) of each internal reference in ``content``."""
        pattern = self.lang.reference_pattern
        if not pattern:
            return
        pieces = _text_pieces(content)
        text = "".join(t.text for _, t in pieces)
        rw = self.lang.reference_words
        above = {rw.get("above"), *rw.get("above_also", ())}
        for m in re.finditer(pattern, text):
            nums = m.group("nums")
            direction = "above" if m.group("dir") in above else "below"
            targets: list[str] = []
            range_next = False
            for num, sep in re.findall(r"(\d+(?:\s?(?:bis|ter|quater|quinquies|sexies))?)|(\D+?)(?=\d|$)", nums):
                if sep:
                    range_next = bool(re.search(self.lang.reference_range, sep))
                    continue
                label = _norm_label(num)
                if range_next and targets and label.isdigit() and targets[-1].isdigit():
                    targets.extend(str(n) for n in range(int(targets[-1]) + 1, int(label) + 1))
                else:
                    targets.append(label)
                range_next = False
            yield m.group(0), direction, targets, _source_at(pieces, m.start()) or fallback


def _text_pieces(content) -> list:
    """(offset, Text) of each Text node whose words plain_text(brackets=False, notes=False) keeps."""
    from clausewise.model import Delete, Text

    out = []
    offset = 0
    stack = list(reversed(content))
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            out.append((offset, node))
            offset += len(node.text)
        elif isinstance(node, (Note, Delete)):
            continue
        elif getattr(node, "children", None):
            stack.extend(reversed(node.children))
    return out


def _source_at(pieces, offset: int) -> Source | None:
    """The source position of plain-text ``offset`` (approximate after escapes)."""
    for start, node in reversed(pieces):
        if start <= offset and node.source is not None:
            s = node.source
            if s.paragraph is not None:
                return s
            return Source(s.path, s.line, s.column + offset - start)
    return None


def _norm_label(label: str) -> str:
    m = LABEL.match(label.strip())
    return f"{m.group(1)} {m.group(2).strip()}".strip() if m else label.strip()


def _all_subs(subs) -> Iterator[Subparagraph]:
    for sub in subs:
        yield sub
        yield from _all_subs(sub.subparagraphs)


def _first_inline(content):
    """The first inline that carries words, looking inside leading brackets."""
    stack = list(reversed(content))
    while stack:
        node = stack.pop()
        if isinstance(node, (FootnoteRef, Comment)):
            continue
        if isinstance(node, Bracket):
            stack.extend(reversed(node.children))
            continue
        if hasattr(node, "text") and not node.text.strip():
            continue
        return node
    return None


@dataclass(frozen=True)
class _Located:
    source: Source | None


def _first_source(content) -> Source | None:
    for node in content:
        if getattr(node, "source", None) is not None:
            return node.source
    return None
