"""Errors clausewise raises, with the positions and exit codes the command line reports."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes of every command: 0 success or no differences, 1 findings, 2 cannot run."""

    OK = 0
    FINDINGS = 1  # check found errors, diff found differences, clean refused on open brackets
    ERROR = 2     # unreadable input, bad usage, unwritable output


class ClausewiseError(Exception):
    """Root of every error clausewise raises on purpose; its message is meant for the user."""

    exit_status: ExitStatus = ExitStatus.ERROR


class InputError(ClausewiseError):
    """A file cannot be read at all: missing, not UTF-8, binary, not a DOCX, over a size limit."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ParseError(ClausewiseError):
    """A draft is readable but not well formed; names the file, line and column."""

    def __init__(self, message: str, path: str | None = None, line: int = 0, column: int = 0,
                 paragraph: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.paragraph = paragraph

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.paragraph is not None:
            return f"{where}: paragraph {self.paragraph}: error: {self.message}"
        return f"{where}:{self.line}:{self.column}: error: {self.message}"


class OutputError(ClausewiseError):
    """An output cannot be written: unwritable path, or it would overwrite an input."""


class FindingsError(ClausewiseError):
    """The input is readable but the operation refuses it (check errors, open brackets for clean)."""

    exit_status = ExitStatus.FINDINGS

    def __init__(self, message: str, findings: list | None = None):
        super().__init__(message)
        self.findings = findings or []
