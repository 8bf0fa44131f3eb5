"""One-call entry points over files: read, check, build, diff, redline, clean — what the CLI calls.

Each function reads its inputs through ``formats.load``, refuses inputs that fail ``check`` where
the operation needs sound input (unless ``force``), and writes its output atomically, never over
an input. Library users who already hold models call the format and compare modules directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from clausewise.errors import FindingsError, InputError, OutputError
from clausewise.formats import DOCX_SUFFIXES, DRAFT_SUFFIXES, TEXT_SUFFIXES, load
from clausewise.model import Document
from clausewise.output import atomic_write, refuse_input

__all__ = [
    "expand_inputs", "check_files", "read_checked", "build_file", "import_file", "diff_files",
    "render_comparison", "clean_file", "history_of", "summarize",
]

INPUT_SUFFIXES = DRAFT_SUFFIXES + DOCX_SUFFIXES + TEXT_SUFFIXES
#: files in a folder of rounds that describe the folder rather than hold a round
NOT_ROUNDS = {"README.MD", "SOURCE.MD", "CHANGELOG.MD", "LICENSE.MD"}


def expand_inputs(paths: Iterable[str | os.PathLike], *, recursive: bool = False) -> list[Path]:
    """The files named by ``paths``, folders replaced by the drafts and Word files inside them (and below, if ``recursive``)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = path.rglob("*") if recursive else path.iterdir()
            found = sorted(p for p in candidates if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts)
                           and p.name.upper() not in NOT_ROUNDS)
            if not found:
                raise InputError("folder holds no draft (.md) or Word (.docx) file", str(path))
            out.extend(found)
        else:
            out.append(path)
    return out


@dataclass
class CheckReport:
    """Findings per file; ``errors``/``warnings`` count them."""

    findings: list = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity == "warning")


def check_document(doc: Document, path: str | None, *, brackets_only: bool = False) -> list:
    """The findings of ``check`` for an already-read document (only bracket findings if ``brackets_only``)."""
    from clausewise import check

    return check.check(doc, path, brackets_only=brackets_only)


def check_files(paths: Sequence[str | os.PathLike]) -> CheckReport:
    """Check every file (drafts or Word files); InputError for a file that cannot be read at all."""
    from clausewise import check
    from clausewise.errors import ParseError

    report = CheckReport()
    for path in expand_inputs(paths, recursive=True):
        try:
            doc = load(path)
        except ParseError as exc:
            report.findings.append(check.Finding(
                path=exc.path or str(path), line=exc.line, column=exc.column, severity="error",
                code="CW100", message=exc.message, paragraph=exc.paragraph))
            continue
        report.findings.extend(check.check(doc, str(path)))
    return report


def read_checked(path: str | os.PathLike, *, force: bool = False, brackets_only: bool = False,
                 view: str = "final", decision: int | None = None) -> Document:
    """Read ``path`` and refuse it (FindingsError) when ``check`` finds errors, unless ``force``.

    ``brackets_only`` refuses only on bracket errors (``check.BRACKET_CODES``), as diff does.
    """
    doc = load(path, view=view, decision=decision)
    if force:
        return doc
    findings = [f for f in check_document(doc, str(path), brackets_only=brackets_only) if f.severity == "error"]
    if findings:
        raise FindingsError(f"{path}: {len(findings)} error(s); fix them or pass --force", findings)
    return doc


def build_file(draft: str | os.PathLike, out: str | os.PathLike, *, reference_doc: str | None = None,
               highlight_brackets: bool = False, pdf: bool = False, force: bool = False) -> list[Path]:
    """Build the official Word file (and optionally the PDF) for a draft; returns the written paths."""
    from clausewise.formats import docx

    out = Path(out)
    refuse_input(out, [draft])
    if out.suffix.lower() != ".docx":
        raise OutputError(f"{out}: build writes a Word file; give the output a .docx name (--pdf adds the PDF beside it)")
    if reference_doc is not None:
        ref = Path(reference_doc)
        if not ref.is_file():
            raise InputError("reference document not found", str(ref))
    doc = read_checked(draft, force=force)
    data = docx.write(doc, docx.DocxWriteOptions(reference_doc=reference_doc, highlight_brackets=highlight_brackets))
    written = [atomic_write(out, data, inputs=[draft])]
    if pdf:
        from clausewise.pdf import to_pdf

        pdf_path = out.with_suffix(".pdf")
        refuse_input(pdf_path, [draft])
        to_pdf(out, pdf_path)
        written.append(pdf_path)
    return written


def import_file(source: str | os.PathLike, out: str | os.PathLike | None = None, *, view: str = "final",
                decision: int | None = None) -> str:
    """Import a Word file as a draft; write it to ``out`` when given and return the draft text."""
    from clausewise.formats import draft

    if Path(source).suffix.lower() not in DOCX_SUFFIXES:
        raise InputError("import reads Word files (.docx)", str(source))
    doc = load(source, view=view, decision=decision)
    text = draft.write(doc)
    if out is not None:
        atomic_write(out, text, inputs=[source])
    return text


def diff_files(old: str | os.PathLike, new: str | os.PathLike, *, force: bool = False, view: str = "final"):
    """Compare two rounds (drafts or Word files) clause by clause; returns a Comparison."""
    from clausewise.compare import compare
    from clausewise.compare.collector import paused

    with paused():  # reading two large rounds allocates as much as comparing them (see collector)
        old_doc = read_checked(old, force=force, brackets_only=True, view=view)
        new_doc = read_checked(new, force=force, brackets_only=True, view=view)
        return compare(old_doc, new_doc)


def render_comparison(comparison, fmt: str, *, show_all: bool = False, redline_options=None) -> str | bytes:
    """The comparison as ``json``, ``html``, ``md`` or ``docx`` (bytes)."""
    if fmt == "json":
        from clausewise.formats import json as json_format

        return json_format.write_comparison(comparison)
    if fmt == "html":
        from clausewise.formats import html

        return html.write_comparison(comparison)
    if fmt == "md":
        from clausewise.formats import markdown

        return markdown.write_comparison(comparison)
    if fmt == "docx":
        from clausewise.formats import docx

        return docx.write_redline(comparison, redline_options)
    raise ValueError(f"unknown format {fmt!r}; expected text, json, html, md or docx")


def clean_file(draft: str | os.PathLike, out: str | os.PathLike, *, number: str | None = None,
               mode: str = "refuse", options: str = "refuse") -> Path:
    """Write the clean final text of a draft as .docx, .md or .txt (by the output's suffix)."""
    from clausewise.clean import clean

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".md", ".txt"):
        raise OutputError(f"{out}: clean writes .docx, .md or .txt; got {suffix or 'no suffix'}")
    refuse_input(out, [draft])
    doc = load(draft)
    final = clean(doc, number=number, mode=mode, options=options)
    if suffix == ".docx":
        from clausewise.formats import docx

        data: bytes | str = docx.write(final)
    elif suffix == ".md":
        from clausewise.formats import draft as draft_format

        data = draft_format.write(final)
    else:
        from clausewise.formats import text

        data = text.write(final)
    return atomic_write(out, data, inputs=[draft])


@dataclass(frozen=True)
class Rounds:
    """The rounds of a negotiation read from files, in round order, and the files set aside."""

    docs: list
    files: list
    #: files of a folder that declare no ``round`` while others do (a whole pre-session document)
    skipped: list


def load_rounds(paths: Sequence[str | os.PathLike], progress: Callable[[int, int], None] | None = None) -> Rounds:
    """Read the rounds given as files or one folder, ordered by round; in a folder, keep the files that declare one."""
    from clausewise.compare import history

    files = history.order_rounds(expand_inputs(paths))
    docs = []
    for i, path in enumerate(files):
        docs.append(load(path))
        if progress:
            progress(i + 1, len(files))
    skipped: list = []
    from_folder = len(paths) == 1 and Path(paths[0]).is_dir()
    if from_folder and any(d.meta.round for d in docs) and not all(d.meta.round for d in docs):
        skipped = [f for f, d in zip(files, docs) if not d.meta.round]
        kept = [(f, d) for f, d in zip(files, docs) if d.meta.round]
        files, docs = [f for f, _ in kept], [d for _, d in kept]
    return Rounds(docs, files, skipped)


def history_of(paths: Sequence[str | os.PathLike], progress: Callable[[int, int], None] | None = None):
    """The negotiation history of rounds given as files or one folder: (History, Rounds)."""
    from clausewise.compare import history

    rounds = load_rounds(paths, progress)
    return history.history(rounds.docs, [Path(p).name for p in rounds.files], progress=progress), rounds


def write_history_report(paths: Sequence[str | os.PathLike], out: str | os.PathLike,
                         progress: Callable[[int, int], None] | None = None) -> tuple[list[Path], Rounds]:
    """Write the history HTML page to ``out`` and, beside it, the diff page of each pair of rounds."""
    from clausewise.formats import history_html

    out = Path(out)
    hist, rounds = history_of(paths, progress)
    refuse_input(out, rounds.files + rounds.skipped)
    return history_html.write_report(hist, rounds.docs, out.parent, name=out.name, inputs=rounds.files), rounds


@dataclass(frozen=True)
class Summary:
    """Counts that describe a document at a glance."""

    path: str
    language: str
    decisions: list[dict]
    narrative_paragraphs: int
    footnotes: int


def summarize(doc: Document, path: str) -> Summary:
    """Counts of decisions, clauses, subparagraphs, footnotes and brackets in a document."""
    from clausewise.model import Bracket, Paragraph, plain_text, walk_inlines

    def count_subs(subs) -> int:
        return sum(1 + count_subs(s.subparagraphs) for s in subs)

    def brackets_in(inlines) -> int:
        return sum(1 for n in walk_inlines(inlines) if isinstance(n, Bracket) and n.opens)

    decisions = []
    for d in doc.decisions:
        all_inlines = [d.organ] + [c.content for c in d.clauses]
        subs_inlines = []

        def collect(subs):
            for s in subs:
                subs_inlines.append(s.content)
                collect(s.subparagraphs)

        for c in d.clauses:
            collect(c.subparagraphs)
        decisions.append({
            "number": d.number,
            "title": plain_text(d.title),
            "preambular": len(d.preambular),
            "operative": len(d.operative),
            "subparagraphs": sum(count_subs(c.subparagraphs) for c in d.clauses),
            "footnotes": len(d.footnotes),
            "brackets": sum(brackets_in(x) for x in all_inlines + subs_inlines),
        })
    return Summary(
        path=path,
        language=doc.meta.language,
        decisions=decisions,
        narrative_paragraphs=sum(1 for b in doc.blocks if isinstance(b, Paragraph)),
        footnotes=len(doc.footnotes),
    )
