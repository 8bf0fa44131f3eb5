"""Word (DOCX) reader and writers: official documents, redlines with tracked changes, import.

Public surface: ``write`` (a Document as an official Word file), ``write_redline`` (a Comparison as
a Word redline), ``read`` (a Word file into a Document), and their option records. lxml stays
inside this package (``_oxml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from clausewise.model import Document

__all__ = ["DocxWriteOptions", "DocxReadOptions", "RedlineOptions", "write", "write_redline", "read"]


@dataclass(frozen=True)
class DocxWriteOptions:
    """How ``write`` builds an official Word file."""

    reference_doc: str | None = None      # a user's .docx whose styles override ours (as pandoc)
    highlight_brackets: bool = False      # shade bracketed text
    family: str | None = None             # "unep" or "ungeneva"; default from the front matter


@dataclass(frozen=True)
class DocxReadOptions:
    """How ``read`` imports a Word file."""

    view: Literal["final", "original"] = "final"   # tracked changes accepted or rejected


@dataclass(frozen=True)
class RedlineOptions:
    """How ``write_redline`` shows the changes between two rounds."""

    style: Literal["tracked", "marked"] = "tracked"
    author: str | None = None             # default: the NEW round's ``round`` label
    date: str | None = None               # ISO 8601; default: today
    insert_mark: Literal["bold", "underline"] = "bold"
    reference_doc: str | None = None


def write(doc: "Document", options: DocxWriteOptions | None = None) -> bytes:
    """The bytes of an official Word file for ``doc``."""
    from clausewise.formats.docx.writer import write_document

    return write_document(doc, options or DocxWriteOptions())


def write_redline(comparison, options: RedlineOptions | None = None) -> bytes:
    """The bytes of a Word redline of ``comparison`` (a ``clausewise.compare.Comparison``)."""
    from clausewise.formats.docx.redline import write_redline_document

    return write_redline_document(comparison, options or RedlineOptions())


def read(source: "str | Path | bytes", options: DocxReadOptions | None = None) -> "Document":
    """Import a Word file (path or bytes) into a Document."""
    from clausewise.formats.docx.reader import read_document

    return read_document(source, options or DocxReadOptions())
