"""Readers and writers of the model, one module per format, and ``load`` to read any input file.

| name | module | reads | writes |
|---|---|---|---|
| draft | ``formats.draft`` | our plain-text draft format | canonical drafts |
| docx | ``formats.docx`` | Word files (import) | official Word files, redlines |
| text | ``formats.text`` | plain-text UN exports | clean text |
| json, html, terminal, markdown | ``formats.*`` | | comparison reports |
"""

from __future__ import annotations

from pathlib import Path

from clausewise.errors import InputError
from clausewise.model import Document

__all__ = ["load", "DRAFT_SUFFIXES", "DOCX_SUFFIXES", "TEXT_SUFFIXES"]

DRAFT_SUFFIXES = (".md", ".draft", ".markdown")
DOCX_SUFFIXES = (".docx",)
TEXT_SUFFIXES = (".txt",)
#: outputs of clausewise or other tools that are never rounds (a report given by mistake)
NOT_INPUT_SUFFIXES = (".json", ".html", ".htm", ".xml", ".csv")


def load(path: str | Path, *, view: str = "final", decision: int | None = None) -> Document:
    """Read a draft (``.md``), a Word file (``.docx``) or a plain-text UN export (``.txt``) into a Document.

    ``view`` chooses how tracked changes in a Word file are read ("final": accepted, "original":
    rejected). ``decision`` (1-based) keeps only that decision of a file holding several.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not a draft", str(path))
    if not path.exists():
        raise InputError("no such file", str(path))
    suffix = path.suffix.lower()
    if suffix in NOT_INPUT_SUFFIXES:
        raise InputError(f"not a draft (.md), Word file (.docx) or plain-text export (.txt): a {suffix} file",
                         str(path))
    if suffix in DOCX_SUFFIXES:
        from clausewise.formats import docx

        doc = docx.read(path, docx.DocxReadOptions(view=view))
    elif suffix in TEXT_SUFFIXES:
        from clausewise.formats import text

        doc = text.read_file(path)
    else:
        from clausewise.formats import draft

        doc = draft.read_file(path)
    if decision is not None:
        doc = select_decision(doc, decision, str(path))
    return doc


def select_decision(doc: Document, number: int, path: str | None = None) -> Document:
    """The document reduced to its ``number``-th decision (1-based), with the masthead kept."""
    from dataclasses import replace

    decisions = doc.decisions
    if not 1 <= number <= len(decisions):
        raise InputError(f"--decision {number}: the file holds {len(decisions)} decision(s)", path)
    return replace(doc, blocks=(decisions[number - 1],), footnotes=())
