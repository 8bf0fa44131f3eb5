"""Stage 2 of Word import: the paragraphs of a Word file (from ``package.py``) as the decision model.

``read_document(source, options)`` loads the package in the chosen view and walks its paragraphs
once, in order, as a reader of the printed page would:

- a paragraph starting with the language's decision word and a number ("Decision 6/CMA.3",
  "Draft decision -/CMA.6") opens a decision; the next paragraph is its title unless it reads as
  the organ line; the first unnumbered paragraph after that is the organ line ("*The Conference
  of the Parties*,");
- a paragraph number, whether Word's list numbering shows it or it is typed ("5." + tab), makes an
  operative clause; "(a)", "(i)" make subparagraphs, nested by their label sequences; "PP1"/"OP1"
  margin labels are understood; unnumbered paragraphs are preambular, as in the draft format,
  unless they open with an operative phrase of the lexicon;
- heading styles, outline levels and "I." / "A." labels make headings; "Annex" opens an annex;
  "Option 1", "Option 3: {No text required}" make option labels; a decision runs to the next
  decision heading, so its adoption line ("12th plenary meeting") is its last paragraph;
- italic runs become ``Emph`` (in a file with no italics at all, opening phrases come from the
  lexicon where the language italicises them); "[" and "]" become ``Bracket`` trees with one
  bracket stack over the whole body, so a bracket may span paragraphs and an unbalanced one is kept
  as ``Bracket(opens=False)``/``Bracket(closes=False)``; "{…}" becomes ``Note``; note references
  become ``FootnoteRef`` with the mark Word displays; comments become ``Comment``.

Every node carries ``Source(path, paragraph=N)``, N the 1-based body paragraph (see
``package.WordParagraph.number``), so ``check`` can point at the paragraph.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from clausewise import lang as languages
from clausewise.formats.docx.package import Run, WordPackage, WordParagraph, load_package
from clausewise.formats.docx.reader_patterns import (AGENDA_RE, DATE_RE, DISTR_RE, HEADING_STYLE_RE, MASTHEAD_STYLES,
                                                     ORIGINAL_RE, OURS, ROMAN_UPPER_RE, SESSION_RE, SUB_STYLES,
                                                     SYMBOL_RE, UN_HEADING_LEVELS, UNITED_NATIONS, Patterns,
                                                     detect_language, iso_date, letter_value, roman_value)
from clausewise.formats.docx.reader_inlines import (SPACES, InlineBuilder, NoteCollector, drop_chars, normalise,
                                                    opens_italic, plain, strip, whole_note)
from clausewise.model import (OPERATIVE, PREAMBULAR, Bracket, Clause, Decision, Document, Emph, FootnoteRef, Heading,
                              Metadata, OptionLabel, Paragraph, Source, Subparagraph, Text)

__all__ = ["read_document", "detect_language", "iso_date"]

# ---------------------------------------------------------------- inline building


# ---------------------------------------------------------------- the walk


@dataclass
class _SubBuilder:
    label: str
    content: tuple
    level: int
    kind: str
    value: int | None
    source: Source | None
    children: list = field(default_factory=list)

    def freeze(self) -> Subparagraph:
        return Subparagraph(self.label, self.content, tuple(c.freeze() for c in self.children), source=self.source)


@dataclass
class _ClauseBuilder:
    part: str
    content: tuple
    label: str | None
    source: Source | None
    subs: list = field(default_factory=list)

    def freeze(self) -> Clause:
        return Clause(self.part, self.content, self.label, tuple(s.freeze() for s in self.subs), source=self.source)


@dataclass
class _DecisionBuilder:
    number: str | None
    kind: str | None
    title: tuple
    source: Source | None
    organ: tuple = ()
    organ_set: bool = False
    expect_title: bool = False
    body: list = field(default_factory=list)
    clause: _ClauseBuilder | None = None
    operative_seen: bool = False
    subs_stack: list = field(default_factory=list)
    pending_note: tuple = ()

    def freeze(self, footnotes) -> Decision:
        body = tuple(b.freeze() if isinstance(b, _ClauseBuilder) else b for b in self.body)
        return Decision(self.number, self.title, self.organ, body, footnotes, self.kind, source=self.source)


class _Reader:
    def __init__(self, pkg: WordPackage, path: str | None, view: str = "final"):
        self.pkg = pkg
        self.path = path
        self.view = view
        self.ours = any(p.style_id in OURS for p in pkg.paragraphs)
        core_lang = (pkg.core.get("language") or "").split("-")[0].lower()
        self.code = core_lang if (self.ours and core_lang in languages.CODES) else detect_language(pkg)
        self.lang = languages.get(self.code)
        self.pat = Patterns(self.lang)
        self.notes = NoteCollector(pkg, path)
        self.inl = InlineBuilder(path, self.notes)
        self.inl.comments = pkg.comments
        self.inl.ours = self.ours
        self.notes.inlines = self.inl
        self.blocks: list = []
        self.decision: _DecisionBuilder | None = None
        self.has_italics = self.ours or any(opens_italic(p) for p in pkg.paragraphs if not p.table)
        self.meta: dict = {}
        self.expect_annex_title = False
        self.previous: WordParagraph | None = None

    # -- helpers
    def src(self, p: WordParagraph) -> Source:
        return Source(self.path, 0, 1, paragraph=p.number)

    def content(self, p: WordParagraph, skip: int = 0, prefix: str = "") -> tuple:
        """The inlines of ``p`` without its first ``skip`` characters, with ``prefix`` text in front."""
        runs = drop_chars(p.runs, skip) if skip else p.runs
        if prefix:
            runs = (Run("text", prefix),) + tuple(runs)
        offsets = p.offsets if not (skip or prefix) else ()
        return strip(self.inl.build(runs, p.number, offsets=offsets))

    def heading_level(self, p: WordParagraph) -> int | None:
        """The level a paragraph's style gives it (Heading N, outline level, UN "H_1_G" styles)."""
        for name in (p.style_id or "", p.style_name or ""):
            m = HEADING_STYLE_RE.search(name)
            if m:
                if m.group(1):
                    return int(m.group(1))
                key = (m.group(2) or m.group(3) or "").lower()
                return UN_HEADING_LEVELS.get(key, 1) if key else 1
        if p.outline_level is not None:
            return p.outline_level + 1
        return None

    # -- the walk
    def run(self) -> Document:
        paras = list(self.pkg.paragraphs)
        i = self.front_matter(paras)
        if not self.ours and not any(self.is_decision_heading(p) for p in paras[i:]) and any(
                self.looks_like_clause(p) for p in paras[i:]):
            # a bare decision text (organ line and clauses, no heading): one decision, a draft one
            self.notes.begin()
            self.decision = _DecisionBuilder(number=None, kind=self.lang.masthead.get("draft_decision"), title=(),
                                             source=self.src(paras[i]) if i < len(paras) else None)
        following: list[WordParagraph | None] = [None] * (len(paras) + 1)
        for k in range(len(paras) - 1, -1, -1):   # the next paragraph with text, for each paragraph
            following[k] = paras[k + 1] if k + 1 < len(paras) and paras[k + 1].text.strip() else following[k + 1]
        while i < len(paras):
            p = paras[i]
            self.paragraph(p, following[i])
            self.previous = p
            i += 1
        self.close_decision()
        doc_notes = self.notes.take()
        blocks = self.recorded_kinds(tuple(self.blocks))
        meta = self.metadata(blocks)
        return Document(meta, blocks, doc_notes)

    def recorded_kinds(self, blocks: tuple) -> tuple:
        """Decision kinds as our writer recorded them ("clausewise:kinds", a JSON list; null: none given)."""
        raw = self.pkg.custom.get("clausewise:kinds") if self.ours else None
        if not raw:
            return blocks
        try:
            kinds = json.loads(raw)
        except ValueError:
            return blocks
        decisions = [b for b in blocks if isinstance(b, Decision)]
        if not isinstance(kinds, list) or len(kinds) != len(decisions):
            return blocks
        given = iter(kinds)
        return tuple(replace(b, kind=next(given)) if isinstance(b, Decision) else b for b in blocks)

    def close_decision(self) -> None:
        d = self.decision
        if d is None:
            return
        self.finish_clause()
        # heading levels inside a decision are relative: the highest is 1 (as the writer ranks them)
        levels = [b.level for b in d.body if isinstance(b, Heading)]
        shift = min(levels) - 1 if levels else 0
        if shift:
            d.body = [replace(b, level=b.level - shift) if isinstance(b, Heading) else b for b in d.body]
        footnotes = self.notes.take()
        self.blocks.append(d.freeze(footnotes))
        self.decision = None

    def finish_clause(self) -> None:
        d = self.decision
        if d is not None:
            d.clause = None
            d.subs_stack = []

    def paragraph(self, p: WordParagraph, nxt: WordParagraph | None) -> None:
        text = p.text
        if not text.strip() and not any(r.kind != "text" for r in p.runs):
            return
        label = (p.list_label or "").strip()
        if not label and not p.table and len(text) < 400:
            m = self.pat.decision.match(text)
            number = m.group("number") if m else None
            ours_title = p.style_id == "DecisionTitleG"
            if m and ((number and "/" in number) or (ours_title and (number or not text[m.end("kind"):].strip()))
                      or (self.heading_level(p) is not None and (number or not text[m.end("kind"):].strip()))):
                self.open_decision(p, m)
                return
        d = self.decision
        if d is not None and self.ends_decision(p):
            self.close_decision()
            d = None
        if d is None:
            self.document_paragraph(p, label)
            return
        if d.expect_title:
            d.expect_title = False
            if (p.style_id == "DecisionTitleG" if self.ours else (not label and not self.looks_like_organ(p))):
                d.title = self.content(p)
                return
        self.decision_paragraph(p, label, nxt)

    def is_decision_heading(self, p: WordParagraph) -> bool:
        """Whether ``p`` is a decision heading ("Decision 6/CMA.3", "Draft decision -/CMA.6")."""
        text = p.text
        if p.list_label or p.table or len(text) >= 400:
            return False
        m = self.pat.decision.match(text)
        return bool(m and m.group("number") and "/" in m.group("number"))

    def looks_like_clause(self, p: WordParagraph) -> bool:
        """An organ line or a clause: ends with the organ comma, or opens with a phrase of the lexicon."""
        if p.table:
            return False
        text = SPACES.sub(" ", p.text).strip()
        m = self.pat.operative.match(text)
        body = text[m.end():] if m else text
        return (self.looks_like_organ(p) or bool(self.lang.is_opening(body, PREAMBULAR))
                or bool(self.lang.is_opening(body, OPERATIVE)))

    def ends_decision(self, p: WordParagraph) -> bool:
        """Whether ``p`` ends the current decision: in our own files, a block outside decisions.

        In other files a decision runs to the next decision heading; its adoption line ("12th
        plenary meeting") stays its last, unnumbered paragraph, as the draft format keeps it.
        """
        if not self.ours:
            return False
        if p.style_id in ("SingleTxtG", "HChG") or p.style_id in MASTHEAD_STYLES:
            return True
        return p.style_id == "AnnexG" and self.previous is not None and self.previous.section_break

    # -- decisions
    def open_decision(self, p: WordParagraph, m: re.Match) -> None:
        self.close_decision()
        number = m.group("number")
        title_text = m.group("title")
        title: tuple = ()
        if title_text and title_text.strip():
            title = self.content(p, m.start("title"))
        self.notes.begin()
        self.decision = _DecisionBuilder(number=number, kind=m.group("kind"), title=title, source=self.src(p),
                                         expect_title=not title)
        self.expect_annex_title = False

    def looks_like_organ(self, p: WordParagraph) -> bool:
        text = p.text.strip()
        return text.endswith((",", "，", "،")) or opens_italic(p, self.ours)

    def decision_paragraph(self, p: WordParagraph, label: str, nxt: WordParagraph | None) -> None:
        if self.ours and self.styled_paragraph(p):
            return
        d = self.decision
        text = p.text
        src = self.src(p)
        # option labels
        om = self.pat.option.match(text) if not label and not p.table else None
        if om and (om.group("colon") or not om.group("rest").strip() or om.group("rest").lstrip().startswith(("{", "["))) \
                and len(om.group("label")) < 40 and not om.group("rest").strip().endswith(";"):
            self.finish_clause()
            lbl = SPACES.sub(" ", om.group("label")).strip()
            if text.lstrip().startswith("["):
                d.body.append(OptionLabel(lbl, self.content(p), source=src))
            else:
                d.body.append(OptionLabel(lbl, self.content(p, om.start("rest")), source=src))
            return
        # annex
        if not label and not p.table and self.pat.annex.match(text):
            self.finish_clause()
            d.body.append(Heading(self.heading_level(p) or 1, self.content(p), role=self.annex_role(text), source=src))
            self.expect_annex_title = True
            return
        level = self.heading(p, label) if not p.table else None
        if level is not None:
            self.finish_clause()
            d.body.append(Heading(level, self.heading_content(p, label), source=src))
            self.expect_annex_title = False
            return
        if self.expect_annex_title:
            self.expect_annex_title = False
            if (not label and not p.table and not self.pat.operative.match(text)
                    and not text.strip().endswith((";", ",", ".", ":", "；", "，", "。"))):
                d.body.append(Heading(1, self.content(p), source=src))
                return
        if p.table:
            self.unnumbered(p, self.content(p), nxt)
            return
        op = self.operative_label(p, label)
        if op is not None:
            number, skip = op
            self.add_clause(p, OPERATIVE, number, self.content(p, skip))
            return
        sub = self.subparagraph_label(p, label)
        if sub is not None:
            sublabel, skip = sub
            self.add_subparagraph(p, sublabel, self.content(p, skip))
            return
        mm = self.pat.margin.match(text) if not label else None
        if mm:
            part = PREAMBULAR if mm.group("part").lower() == "pp" else OPERATIVE
            if part == PREAMBULAR and not d.organ_set and not d.body:
                d.organ_set = True
            self.add_clause(p, part, mm.group("num") if part == OPERATIVE else None, self.content(p, mm.end()))
            return
        self.unnumbered(p, self.content(p, prefix=label + " " if label else ""), nxt)

    def unnumbered(self, p: WordParagraph, content: tuple, nxt: WordParagraph | None) -> None:
        """An unnumbered paragraph of a decision: organ line, preambular, or unnumbered operative."""
        d = self.decision
        if not content:
            return
        if not d.organ_set and not p.table and not any(isinstance(b, (_ClauseBuilder, OptionLabel)) for b in d.body):
            d.organ = self.organ_opening(content)
            d.organ_set = True
            return
        if (whole_note(content) and d.clause is not None and nxt is not None
                and self.subparagraph_label(nxt, (nxt.list_label or "").strip()) is not None):
            d.pending_note = content   # a caption inside a list: kept with the next subparagraph
            return
        # unnumbered: preambular (as in the draft format), unless it opens with an operative phrase
        part = PREAMBULAR
        if not p.table:
            text = plain(content)
            if self.lang.is_opening(text, OPERATIVE) and not self.lang.is_opening(text, PREAMBULAR):
                part = OPERATIVE
        self.add_clause(p, part, None, content)

    def add_clause(self, p: WordParagraph, part: str, label: str | None, content: tuple) -> None:
        d = self.decision
        self.finish_clause()
        d.clause = _ClauseBuilder(part, self.opening(content, part), label, self.src(p))
        d.body.append(d.clause)
        d.operative_seen = d.operative_seen or part == OPERATIVE
        d.organ_set = True

    def styled_paragraph(self, p: WordParagraph) -> bool:
        """Read a paragraph of our own writer by its style; False when the style says nothing."""
        d = self.decision
        style = p.style_id
        src = self.src(p)
        if style == "OrganLineG":
            d.organ = self.content(p)
            d.organ_set = True
            return True
        if style == "PreambleG":
            self.add_clause(p, PREAMBULAR, None, self.content(p))
            return True
        if style == "RegSingleTxtG":
            m = self.pat.operative.match(p.text)
            listed = self.operative_label(p, (p.list_label or "").strip()) if p.list_label else None
            if listed is not None:   # a redline numbers with Word lists, so accepting renumbers
                self.add_clause(p, OPERATIVE, listed[0], self.content(p))
            elif m:
                self.add_clause(p, OPERATIVE, SPACES.sub(" ", m.group("label")), self.content(p, m.end()))
            else:
                self.add_clause(p, OPERATIVE, None, self.content(p))
            return True
        if style in SUB_STYLES:
            level = SUB_STYLES[style]
            formats = self.lang.subparagraph_formats
            pre, post = (re.escape(x) for x in formats[min(level, len(formats)) - 1].split("{}"))
            listed = (p.list_label or "").strip()
            m = re.match(rf"^\s*{pre}(?P<label>[^\s]*?){post}(?=\s|$)\s*", listed + " " if listed else p.text)
            if m and d.clause is not None:
                skip = 0 if listed else m.end()
                self.add_subparagraph(p, m.group("label"), self.content(p, skip), level=level)
                return True
            return False
        if style == "OptionLabelG":
            self.finish_clause()
            text = p.text
            cut = text.find(": ")
            if cut < 0:
                d.body.append(OptionLabel(SPACES.sub(" ", text).strip(), (), source=src))
                self.content(p)  # keep the bracket stack in step
            else:
                d.body.append(OptionLabel(SPACES.sub(" ", text[:cut]).strip(), self.content(p, cut + 2), source=src))
            return True
        if style == "AnnexG":
            self.finish_clause()
            d.body.append(Heading(1, self.content(p), role="annex", source=src))
            return True
        if style in ("H1G", "H23G", "H4G", "HChG"):
            self.finish_clause()
            rank = {"HChG": 1, "H1G": 2, "H23G": 3, "H4G": 4}[style]
            d.body.append(Heading(max(rank - 1, 1), self.content(p), source=src))
            return True
        return False

    def annex_role(self, text: str) -> str | None:
        """ "annex" when the heading starts with the annex word, bracketed or not, as in the draft format."""
        text = SPACES.sub(" ", text).strip().lstrip("[ ")
        return "annex" if any(text.startswith(w) for w in self.lang.annex_words) else None

    def heading(self, p: WordParagraph, label: str) -> int | None:
        """The heading level of ``p``, or None when it is not a heading."""
        text = p.text
        style_level = self.heading_level(p)
        end = text.rstrip()[-1:] if text.strip() else ""
        if label:
            core = label.rstrip(".")
            if ROMAN_UPPER_RE.match(core) and label.endswith("."):
                return style_level or 1
            if re.fullmatch(r"[A-Z]\.", label):
                return style_level or 2
            if style_level is not None and not self.pat.subparagraph.match(label + " "):
                return style_level
            return None
        for rx, default in ((self.pat.roman_heading, 1), (self.pat.letter_heading, 2), (self.pat.cjk_heading, 1)):
            m = rx.match(text)
            if m and (style_level is not None or (end not in ";,:" and len(text) < 200)):
                return style_level or default
        if style_level is not None:
            if self.pat.operative.match(text):
                return style_level if style_level >= 3 else None
            if not self.pat.subparagraph.match(text):
                return style_level
        return None

    def heading_content(self, p: WordParagraph, label: str) -> tuple:
        """A heading's text with its number ("I. Scope"); a list number Word shows is put in front."""
        return self.content(p, prefix=label + " " if label else "")

    def operative_label(self, p: WordParagraph, label: str) -> tuple[str, int] | None:
        if label:
            m = self.pat.operative.match(label + " ")
            return (SPACES.sub(" ", m.group("label")), 0) if m else None
        m = self.pat.operative.match(p.text)
        if m:
            return SPACES.sub(" ", m.group("label")), m.end()
        return None

    def subparagraph_label(self, p: WordParagraph, label: str) -> tuple[str, int] | None:
        if self.ours and p.style_id in SUB_STYLES:
            return ("", 0)
        source = label + " " if label else p.text
        m = self.pat.subparagraph.match(source)
        if not m:
            return None
        value = next(v for v in m.groupdict().values() if v)
        return value, (0 if label else m.end())

    def add_subparagraph(self, p: WordParagraph, label: str, content: tuple, level: int | None = None) -> None:
        d = self.decision
        src = self.src(p)
        if d.pending_note:
            content = _join(d.pending_note, content)
            d.pending_note = ()
        if d.clause is None:
            # a subparagraph with no paragraph above it: kept as an unnumbered paragraph
            self.add_clause(p, OPERATIVE if d.operative_seen else PREAMBULAR,
                            None, normalise((Text(f"({label}) "),) + content))
            return
        stack = d.subs_stack
        if level is None:
            level = self.sub_level(label, stack)
        letter, rom = letter_value(label), roman_value(label)
        kind = "roman" if level % 2 == 0 else "letter"
        node = _SubBuilder(label, content, level, kind, rom if kind == "roman" else letter, src)
        while stack and stack[-1].level >= level:
            stack.pop()
        if stack:
            stack[-1].children.append(node)
        else:
            d.clause.subs.append(node)
        stack.append(node)

    def sub_level(self, label: str, stack: list) -> int:
        """The nesting level (1 for "(a)", 2 for "(i)") of a subparagraph label after ``stack``."""
        letter, rom = letter_value(label), roman_value(label)
        if not stack:
            return 1
        if rom is not None and letter is None:
            # only Roman ("ii", "iv"): a sibling of the nearest Roman, else one level below
            for node in reversed(stack):
                if node.kind == "roman":
                    return node.level
            return stack[-1].level + 1
        if rom is not None and letter is not None:
            # "i", "v", "x": a letter when it follows its predecessor letter, else Roman
            for node in reversed(stack):
                if node.kind == "letter" and node.value == letter - 1:
                    return node.level
                if node.kind == "roman" and node.value == rom - 1:
                    return node.level
            if rom == 1:
                return stack[-1].level + 1 if stack[-1].kind == "letter" else stack[-1].level
            return stack[-1].level
        for node in reversed(stack):
            if node.kind == "letter":
                return node.level
        return 1

    def organ_opening(self, content: tuple) -> tuple:
        """In a file without italics, the organ's name emphasised as the opening words ("*The Conference*,")."""
        if self.has_italics or not self.lang.italic_openings or len(content) != 1 or not isinstance(content[0], Text):
            return content
        m = re.match(r"^(.*?)([,，،:]?\s*)$", content[0].text, re.S)
        name, tail = m.group(1), m.group(2)
        return (Emph((Text(name),)),) + ((Text(tail),) if tail else ())

    def opening(self, content: tuple, part: str) -> tuple:
        """Mark the opening phrase from the lexicon where the file has no italics at all."""
        if self.has_italics or not self.lang.italic_openings or not content:
            return content
        first = content[0]
        if not isinstance(first, Text):
            return content
        phrase = self.lang.is_opening(first.text, part)
        if not phrase:
            return content
        rest = first.text.lstrip()[len(phrase):]
        return normalise((Emph((Text(phrase),)),) + ((Text(rest),) if rest else ()) + content[1:])

    # -- outside decisions
    def document_paragraph(self, p: WordParagraph, label: str) -> None:
        src = self.src(p)
        style = p.style_id
        if self.ours:
            if style == "AnnexG":
                self.blocks.append(Heading(1, self.content(p), role="annex", source=src))
                return
            if style in ("HChG", "H1G", "H23G", "H4G"):
                rank = {"HChG": 1, "H1G": 2, "H23G": 3, "H4G": 4}[style]
                self.blocks.append(Heading(rank, self.content(p), source=src))
                return
            if style == "SingleTxtG":
                op = self.operative_label(p, label)
                if op is not None:
                    self.blocks.append(Paragraph(self.content(p, op[1]), op[0], source=src))
                else:
                    self.blocks.append(Paragraph(self.content(p), source=src))
                return
        if not label and self.pat.annex.match(p.text):
            self.blocks.append(Heading(self.heading_level(p) or 1, self.content(p), role=self.annex_role(p.text),
                                       source=src))
            return
        level = self.heading(p, label) if not p.table else None
        if level is not None:
            self.blocks.append(Heading(level, self.heading_content(p, label), source=src))
            return
        op = self.operative_label(p, label) if not p.table else None
        if op is not None:
            number, skip = op
            self.blocks.append(Paragraph(self.content(p, skip), number, source=src))
            return
        content = self.content(p, prefix=label + " " if label else "")
        if content:
            self.blocks.append(Paragraph(content, source=src))

    # -- front matter
    def front_matter(self, paras: list[WordParagraph]) -> int:
        """Read the masthead (tables, first page, header) and return where the body starts."""
        meta = self.meta
        for p in self.pkg.header:
            self.masthead_line(p.text, header=True)
        i = 0
        while i < len(paras):
            p = paras[i]
            text = SPACES.sub(" ", p.text).strip()
            if not text and not p.runs:
                i += 1
                continue
            if p.table and not self.ours:
                for cell in text.split(" | "):
                    self.masthead_line(cell)
                self.inl.build(p.runs, p.number)  # keep the bracket stack in step
                i += 1
                continue
            if self.ours:
                if p.table:
                    for cell in text.split(" | "):
                        self.masthead_line(cell)
                    i += 1
                    continue
                field = MASTHEAD_STYLES.get(p.style_id)
                if field is None:
                    if not text:
                        i += 1
                        continue
                    break
                content = self.content(p)
                if field == "agenda_item":
                    content = self.agenda_item(content)
                meta[field] = content
                i += 1
                continue
            if not text:
                i += 1
                continue
            m = self.pat.decision.match(text)
            if m and m.group("number") and "/" in m.group("number"):
                break
            if (p.list_label or self.pat.operative.match(text) or self.looks_like_clause(p)
                    or (self.heading(p, "") is not None and "title" in meta)):
                break
            if self.masthead_line(text):
                self.inl.build(p.runs, p.number)
                i += 1
                continue
            level = self.heading_level(p)
            if "body" not in meta and "title" not in meta and level is None:
                meta["body"] = self.content(p)
            elif "title" not in meta and (level is not None or "body" in meta):
                meta["title"] = self.content(p)
            elif "title" in meta and "subtitle" not in meta and level is None and len(text) < 80:
                meta["subtitle"] = self.content(p)
            else:
                break
            i += 1
        return i

    def agenda_item(self, content: tuple) -> tuple:
        """The bare agenda item ("5") of a masthead line "Item 5 of the provisional agenda", references kept."""
        recorded = self.pkg.custom.get("clausewise:agenda_item")  # the bare item our writer expanded
        if recorded is not None:
            if not recorded:  # "": the line was printed as the draft wrote it
                return content
            return (Text(recorded),) + tuple(n for n in content if isinstance(n, FootnoteRef))
        text = plain(content)
        m = AGENDA_RE.search(text)
        if not m:
            return content
        refs = tuple(n for n in content if isinstance(n, FootnoteRef))
        return (Text(next(g for g in m.groups() if g)),) + refs

    def masthead_line(self, text: str, header: bool = False) -> bool:
        meta = self.meta
        text = SPACES.sub(" ", text).strip()
        found = False
        if not text:
            return False
        if SYMBOL_RE.match(text):
            meta.setdefault("symbol", text)
            return True
        m = DISTR_RE.search(text)
        if m and "distribution" not in meta:
            meta["distribution"] = self.distribution(m.group(1))
            found = True
        m = ORIGINAL_RE.search(text)
        if m and "original" not in meta:
            meta["original"] = m.group(1)
            found = True
        if (found or not header) and "date" not in meta:
            m = DATE_RE.search(text)
            if m and (found or len(text) < 40):
                meta["date"] = iso_date(m.group(1))
                found = True
        m = AGENDA_RE.search(text)
        if m and "agenda_item" not in meta:
            meta["agenda_item"] = (Text(next(g for g in m.groups() if g)),)
            meta["_agenda_next"] = True
            return True
        if meta.pop("_agenda_next", False) and "agenda_title" not in meta and header:
            meta["agenda_title"] = (Text(text),)
            return True
        if header and text.lower().startswith("version ") and "round" not in meta:
            meta["round"] = text
            return True
        if text in UNITED_NATIONS:
            return True
        if not header and not self.ours and SESSION_RE.match(text) and "session" not in meta and len(text) < 60:
            meta["session"] = (Text(text),)
            return True
        return found

    def distribution(self, word: str) -> str:
        """ "General"/"Limited" for the language's word for them ("Générale" -> "General")."""
        m = self.lang.masthead
        for key, english in (("general", "General"), ("limited", "Limited")):
            if word.lower() == str(m.get(key, english)).lower():
                return english
        return word

    def metadata(self, blocks: tuple) -> Metadata:
        meta = self.meta
        description = self.pkg.core.get("description", "") if self.ours else ""
        family = round_ = None
        for part in description.split(";"):
            key, _, value = part.partition(":")
            if key.strip() == "family" and value.strip():
                family = value.strip()
            elif key.strip() == "round" and value.strip() and round_ is None:
                round_ = value.strip()
            elif key.strip() == "original round" and value.strip() and self.view == "original":
                round_ = value.strip()   # a redline read with its changes rejected is the older round
        custom = self.pkg.custom if self.ours else {}
        if "clausewise:family" in custom:
            family = custom["clausewise:family"] or None   # as the draft said, unset included
        title = meta.get("title", ())
        if not title and len(blocks) == 1 and isinstance(blocks[0], Decision):
            title = blocks[0].title   # a one-decision file is titled by its decision (the writer omits it)
        if family is None and not self.ours:
            family = "unep" if (meta.get("symbol") or "").upper().startswith("UNEP/") else "ungeneva"
        return Metadata(
            language=self.code, symbol=meta.get("symbol"), distribution=meta.get("distribution"),
            date=meta.get("date"), original_language=meta.get("original"), body=meta.get("body", ()),
            session=meta.get("session", ()), venue=meta.get("venue", ()), agenda_item=meta.get("agenda_item", ()),
            agenda_title=meta.get("agenda_title", ()), title=title, subtitle=meta.get("subtitle", ()),
            round=round_ or meta.get("round"), family=family)


def _join(caption: tuple, content: tuple) -> tuple:
    """A caption paragraph and the paragraph after it as one content, brackets carried over merged."""
    if (len(caption) == 1 and isinstance(caption[0], Bracket) and not caption[0].opens and not caption[0].closes
            and content and isinstance(content[0], Bracket) and not content[0].opens):
        inner = _join(caption[0].children, content[0].children)
        return (replace(content[0], children=inner),) + tuple(content[1:])
    return normalise(tuple(caption) + (Text(" "),) + tuple(content))


# ---------------------------------------------------------------- entry point


def read_document(source: "str | Path | bytes", options) -> Document:
    """Import a Word file (path or bytes) into a Document, tracked changes in ``options.view``."""
    view = getattr(options, "view", "final")
    pkg = load_package(source, view)
    path = None if isinstance(source, (bytes, bytearray)) else str(source)
    return _Reader(pkg, path, view).run()
