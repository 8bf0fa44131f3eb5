"""The history of a negotiation: its rounds in order, and per round the clauses, brackets and changes.

``order_rounds(paths)`` puts round files in order (front-matter ``round``, else ``date``, else the
``r1_``/``r2b_`` prefix of the file name, else the file name, digits compared as numbers).
``history(rounds, names)`` counts per round the decisions, clauses, bracket pairs, maximum depth,
words and bracketed words (``compare.brackets.inventory``, so the numbers agree with
``clausewise brackets``) and, from the second round on, what changed since the round before
(``clausewise.compare.compare``: its summary counts and bracket events). Each round after the first
names the diff report that links it to the one before: ``diff-<previous>-<round>.html``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from clausewise.compare.brackets import Inventory, inventory
from clausewise.compare.result import event_phrase as _event_phrase
from clausewise.model import Document

__all__ = ["RoundStats", "History", "history", "order_rounds", "round_key", "diff_name", "event_phrase"]

_ROUND = re.compile(r"^r(\d+)([a-z]?)(?=[_\-.]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class RoundStats:
    """One round: its counts and what changed since the round before (None for the first)."""

    name: str
    label: str
    date: str | None
    decisions: int
    preambular: int
    operative: int
    inventory: Inventory
    #: the diff summary against the previous round ("modified", "inserted", …, "brackets": {kind: n})
    changes: dict | None = None
    #: file name of the diff report from the previous round, e.g. "diff-r1-r2.html"
    diff: str | None = None

    @property
    def clauses(self) -> int:
        """Preambular plus operative clauses."""
        return self.preambular + self.operative

    def to_json(self) -> dict:
        """The round as a JSON-ready dict."""
        inv = self.inventory
        return {
            "name": self.name, "round": self.label, "date": self.date, "decisions": self.decisions,
            "clauses": self.clauses, "preambular": self.preambular, "operative": self.operative,
            "pairs": inv.pairs, "max_depth": inv.max_depth, "alternatives": inv.alternatives,
            "options": inv.options, "bracketed_words": inv.bracketed_words, "words": inv.words,
            "share": round(inv.share, 4), "unclosed": inv.unclosed, "stray_closes": inv.stray_closes,
            "changes": self.changes, "diff": self.diff,
        }


@dataclass(frozen=True)
class History:
    """A negotiation's rounds in order."""

    rounds: tuple[RoundStats, ...] = field(default=())

    def to_json(self) -> dict:
        """The documented JSON form (docs/brackets.md)."""
        return {"rounds": [r.to_json() for r in self.rounds]}

    def diff_pairs(self) -> list[tuple[int, int, str]]:
        """(index of the previous round, index of the round, diff file name) for each round after the first.

        The indexes are positions in the rounds given to ``history`` (the ordered files), so the
        command line can write ``compare(rounds[i], rounds[j])`` as HTML next to the report.
        """
        return [(i - 1, i, r.diff or diff_name(self.rounds[i - 1].label, r.label))
                for i, r in enumerate(self.rounds) if i > 0]

    def to_text(self) -> str:
        """A plain-text table: one line per round, then the changes between rounds."""
        head = f"{'round':<10} {'clauses':>7} {'brackets':>8} {'depth':>5} {'bracketed words':>15} {'words':>7} {'share':>6}"
        lines = [head, "-" * len(head)]
        for r in self.rounds:
            inv = r.inventory
            lines.append(f"{r.label:<10} {r.clauses:>7} {inv.pairs:>8} {inv.max_depth:>5} "
                         f"{inv.bracketed_words:>15} {inv.words:>7} {inv.share:>6.0%}")
        lines.append("")
        for prev, r in zip(self.rounds, self.rounds[1:]):
            lines.append(f"{prev.label} -> {r.label}: {_change_line(r.changes)}")
        return "\n".join(lines).rstrip() + "\n"


def _change_line(changes: dict | None) -> str:
    if not changes:
        return "not compared"
    parts = [f"{changes[k]} {k}" for k in ("modified", "inserted", "deleted", "moved", "renumbered", "unchanged")
             if changes.get(k)]
    brackets = changes.get("brackets") or {}
    parts += [event_phrase(kind, n) for kind, n in sorted(brackets.items())]
    return ", ".join(parts) or "no changes"


def event_phrase(kind: str, n: int) -> str:
    """"3 brackets agreed", "1 option group resolved": a count of bracket events in words."""
    return _event_phrase(kind, n)


def diff_name(previous: str, current: str) -> str:
    """The file name of the diff report between two rounds: "diff-r1-r2.html"."""
    def safe(label: str) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]+", "_", label).strip("_") or "round"
    return f"diff-{safe(previous)}-{safe(current)}.html"


def _front_matter(path: Path) -> dict[str, str]:
    if path.suffix.lower() not in (".md", ".markdown", ".draft"):
        return {}
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
            if first.strip() != "---":
                return {}
            out: dict[str, str] = {}
            for _ in range(200):
                line = handle.readline()
                if not line or line.strip() == "---":
                    break
                if ":" in line and not line.startswith(" "):
                    key, value = line.split(":", 1)
                    out[key.strip()] = value.strip().strip("'\"")
            return out
    except (OSError, UnicodeDecodeError):
        return {}


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))


def round_key(path: str | os.PathLike) -> tuple:
    """Sort key of a round file: front-matter round, else date, else the file name's "r2_" prefix, else name."""
    path = Path(path)
    meta = _front_matter(path)
    label = meta.get("round")
    if label:
        m = _ROUND.match(label)
        if m:
            return (0, int(m.group(1)), m.group(2).lower(), path.name)
        return (1, _natural(label), path.name)
    if meta.get("date"):
        return (2, meta["date"], path.name)
    m = _ROUND.match(path.name)
    if m:
        return (0, int(m.group(1)), m.group(2).lower(), path.name)
    return (3, _natural(path.name))


def order_rounds(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """Round files in negotiation order (see ``round_key``)."""
    return sorted((Path(p) for p in paths), key=round_key)


def _label(doc: Document, name: str, index: int) -> str:
    if doc.meta.round:
        return doc.meta.round
    m = _ROUND.match(name)
    if m:
        return m.group(0)
    return f"r{index + 1}"


def history(rounds: Sequence[Document], names: Sequence[str] | None = None, *,
            progress: Callable[[int, int], None] | None = None, compare_rounds: bool = True) -> History:
    """The history of ``rounds`` (already in order); ``progress(done, total)`` after each round."""
    names = list(names) if names is not None else [f"round {i + 1}" for i in range(len(rounds))]
    if len(names) != len(rounds):
        raise ValueError("history needs one name per round")
    compare = None
    if compare_rounds and len(rounds) > 1:
        try:
            from clausewise.compare import compare
        except ImportError:  # pragma: no cover - the diff engine is part of the package
            compare = None
    stats: list[RoundStats] = []
    labels: list[str] = []
    total = len(rounds)
    for i, (doc, name) in enumerate(zip(rounds, names)):
        label = _label(doc, name, i)
        if label in labels:
            label = f"{label}-{i + 1}"
        labels.append(label)
        changes = diff = None
        if i > 0:
            diff = diff_name(labels[i - 1], label)
            if compare is not None:
                # the summary counts option groups resolved too (compare attaches option events)
                changes = compare(rounds[i - 1], doc).summary.as_dict()
        decisions = doc.decisions
        stats.append(RoundStats(
            name=name, label=label, date=doc.meta.date, decisions=len(decisions),
            preambular=sum(len(d.preambular) for d in decisions),
            operative=sum(len(d.operative) for d in decisions),
            inventory=inventory(doc), changes=changes, diff=diff))
        if progress is not None:
            progress(i + 1, total)
    return History(tuple(stats))
