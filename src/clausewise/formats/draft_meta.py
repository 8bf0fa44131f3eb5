"""The YAML front matter of a draft: the masthead (``Metadata``) read and written.

Values are read as plain strings (PyYAML's BaseLoader: ``date: 2021-08-20`` stays the text
"2021-08-20", ``language: no`` stays "no"); display fields are parsed as inline markup so they may
carry footnote references. Keys outside ``KNOWN_KEYS`` are kept in ``Metadata.extra``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from clausewise import lang as languages
from clausewise.errors import OutputError, ParseError
from clausewise.formats.draft_inline import Positions, parse_inlines, write_inlines
from clausewise.model import Decision, Metadata

__all__ = ["FrontMatter", "read_front_matter", "write_front_matter", "KNOWN_KEYS", "TEXT_KEYS",
           "INLINE_KEYS", "DECISION_KEYS"]

#: plain-text keys and the Metadata field each fills
TEXT_KEYS = {"symbol": "symbol", "distribution": "distribution", "date": "date",
             "original": "original_language", "job_number": "job_number", "family": "family",
             "round": "round"}
#: display keys (inline markup, may hold footnote references)
INLINE_KEYS = ("body", "session", "venue", "agenda_item", "agenda_title", "title", "subtitle")
#: keys that make the whole body one decision
DECISION_KEYS = ("decision", "kind")
#: every key the format knows, in canonical order
KNOWN_KEYS = ("language", "symbol", "distribution", "date", "original", "job_number", "family", "body",
              "session", "venue", "agenda_item", "agenda_title", "decision", "kind", "title", "subtitle", "round")


@dataclass
class FrontMatter:
    """What the front matter says: the metadata, where each key stands, the single-decision keys."""

    meta: Metadata
    lines: dict = field(default_factory=dict)   # key -> 1-based line
    body_start: int = 0                         # index of the first body line
    single: bool = False                        # the file is one decision (``decision:`` given)
    number: str | None = None
    kind: str | None = None


def read_front_matter(lines: list[str], path: str | None) -> FrontMatter:
    """Read the front matter at the top of ``lines`` (none: default metadata, body from line 1)."""
    if not lines or lines[0].strip() != "---":
        return FrontMatter(Metadata(), body_start=0)
    close = next((k for k in range(1, len(lines)) if lines[k].rstrip() in ("---", "...")), None)
    if close is None:
        raise ParseError("front matter opened by '---' on line 1 is never closed by a '---' line",
                         path, 1, 1)
    source = "\n".join(lines[1:close])
    try:
        node = yaml.compose(source, Loader=yaml.BaseLoader)
    except RecursionError:  # "[[[[…" thousands deep: the YAML parser recurses per level
        raise ParseError("front matter is nested too deeply to be metadata; write one 'key: value' per line",
                         path, 2, 1) from None
    except yaml.YAMLError as exc:
        # point at where the broken construct starts ("[" never closed) when YAML says so
        context = getattr(exc, "context", None)
        mark = getattr(exc, "context_mark", None) if context else None
        mark = mark or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        column = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        extra = f" ({context} that starts here)" if context and getattr(exc, "context_mark", None) else ""
        raise ParseError(f"front matter is not valid YAML: {problem}{extra}", path, line, column) from None
    fm = FrontMatter(Metadata(), body_start=close + 1)
    if node is None:
        return fm
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise ParseError(f"front matter must be a mapping of keys to values ('language: en'), not {kind}",
                         path, node.start_mark.line + 2, node.start_mark.column + 1)
    values: dict[str, tuple[str, int, int]] = {}
    order: list[str] = []
    for key_node, value_node in node.value:
        line, column = key_node.start_mark.line + 2, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ParseError("front-matter keys must be plain words", path, line, column)
        key = key_node.value
        if key in values:
            raise ParseError(f"front-matter key {key!r} appears twice (first on line {values[key][1]})",
                             path, line, column)
        if not isinstance(value_node, yaml.ScalarNode):
            shape = "list" if isinstance(value_node, yaml.SequenceNode) else "mapping"
            raise ParseError(f"front-matter key {key!r} must have a single text value, not a {shape} "
                             f"(write it on one line: '{key}: A, B')", path, line, column)
        vline = value_node.start_mark.line + 2
        vcol = value_node.start_mark.column + 1
        if value_node.style in ('"', "'") or "\n" in value_node.value:
            vcol += 1 if value_node.style else 0  # best effort for quoted or folded values
        values[key] = (value_node.value, line, column, vline, vcol)  # type: ignore[assignment]
        order.append(key)
        fm.lines[key] = line

    def inline(key: str):
        if key not in values or values[key][0] == "":
            return ()
        text, _, _, vline, vcol = values[key]
        return parse_inlines(" ".join(text.split("\n")), Positions.single(path, vline, vcol))[0]

    fields: dict = {}
    language = values.get("language", ("en",))[0] or "en"
    try:
        languages.get(language)
    except KeyError as exc:
        raise ParseError(str(exc.args[0]), path, values["language"][3], values["language"][4]) from None
    fields["language"] = language
    for key, name in TEXT_KEYS.items():
        if key in values and values[key][0] != "":
            fields[name] = values[key][0]
    for key in INLINE_KEYS:
        fields[key] = inline(key)
    fields["extra"] = tuple((k, values[k][0]) for k in order if k not in KNOWN_KEYS)
    fm.meta = Metadata(**fields)
    if "decision" in values:
        fm.single = True
        fm.number = values["decision"][0] or None
        fm.kind = values["kind"][0] if "kind" in values and values["kind"][0] else None
    elif "kind" in values:
        raise ParseError("front-matter key 'kind' needs 'decision' (the decision's number) beside it",
                         path, values["kind"][1], values["kind"][2])
    return fm


# ---------------------------------------------------------------- writing

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


_FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _reads_back(text: str, value: str) -> bool:
    try:
        loaded = yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and len(loaded) == 1 and list(loaded.values())[0] == value


def _quote(value: str) -> str:
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F or ch in "\u2028\u2029\ufeff" \
                or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(key: str, value: str) -> str:
    """One ``key: value`` line that YAML reads back as exactly ``value`` (plain when it can be)."""
    k = key if key in KNOWN_KEYS or (_PLAIN_KEY.match(key) and _reads_back(f"{key}: x", "x")) else _quote(key)
    if value and _reads_back(f"{k}: {value}", value):
        return f"{k}: {value}"
    return f"{k}: {_quote(value)}"


def write_front_matter(meta: Metadata, decision: Decision | None = None) -> str:
    """The front matter block of ``meta`` (with ``decision``/``kind`` for a single-decision file)."""
    def fail(message: str) -> OutputError:
        return OutputError(f"cannot write this document as a draft: {message}")

    lines = ["---", scalar("language", meta.language or "en")]
    for key, name in TEXT_KEYS.items():
        value = getattr(meta, name)
        if value is not None and key != "round":
            lines.append(scalar(key, value))
    for key in INLINE_KEYS:
        if key == "title" and decision is not None:
            lines.append(scalar("decision", decision.number or ""))
            if decision.kind:
                lines.append(scalar("kind", decision.kind))
        value = getattr(meta, key)
        if value:
            lines.append(scalar(key, write_inlines(value, fail)))
    if meta.round is not None:
        lines.append(scalar("round", meta.round))
    for key, value in meta.extra:
        if key in KNOWN_KEYS:
            raise fail(f"extra front-matter key {key!r} is a known key")
        lines.append(scalar(key, value))
    lines.append("---")
    return "\n".join(lines)
