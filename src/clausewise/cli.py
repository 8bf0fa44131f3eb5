"""The ``clausewise`` command line: parses options, calls the library, prints, sets exit codes."""

from __future__ import annotations

import functools
import io
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from clausewise import __version__
from clausewise.errors import ClausewiseError, ExitStatus, FindingsError

app = typer.Typer(
    name="clausewise",
    help="Draft, build, compare and clean decisions of intergovernmental bodies, clause by clause.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# emoji off: rich would turn "r1.md:1234:1" into "r1.md🔢1" (":1234:" is an emoji code)
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
_state = {"traceback": False}


def _version(value: bool) -> None:
    if value:
        print(f"clausewise {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    traceback: bool = typer.Option(False, "--traceback", help="Show the Python traceback on errors (for bug reports)."),
) -> None:
    """Draft, build, compare and clean decisions of intergovernmental bodies, clause by clause."""
    _state["traceback"] = traceback


def _print_findings(findings) -> None:
    for finding in findings:
        err.print(str(finding), markup=False)


def handles_errors(func):
    """Map clausewise errors to messages on stderr and exit codes; never show a traceback by default."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit, typer.BadParameter):
            raise  # usage errors are reported by click itself, exit 2
        except FindingsError as exc:
            if _state["traceback"]:
                raise
            _print_findings(exc.findings)
            err.print(f"clausewise: {exc}", markup=False)
            raise typer.Exit(int(exc.exit_status))
        except ClausewiseError as exc:
            if _state["traceback"]:
                raise
            err.print(f"clausewise: {exc}", markup=False)
            raise typer.Exit(int(exc.exit_status))
        except KeyboardInterrupt:
            err.print("clausewise: interrupted")
            raise typer.Exit(130)
        except RecursionError:
            if _state["traceback"]:
                raise
            err.print("clausewise: input nested too deeply to process")
            raise typer.Exit(int(ExitStatus.ERROR))
        except Exception as exc:  # an internal error: say so plainly, exit 2
            if _state["traceback"]:
                raise
            err.print(f"clausewise: internal error: {type(exc).__name__}: {exc}", markup=False)
            err.print("Run again with --traceback and report it.")
            raise typer.Exit(int(ExitStatus.ERROR))

    return wrapper


# ------------------------------------------------------------------ check, fmt, summary


@app.command()
@handles_errors
def check(drafts: List[Path] = typer.Argument(..., help="Drafts (.md), Word files (.docx) or folders (searched below too).")) -> None:
    """Validate drafts: brackets, footnotes, numbering, punctuation, opening words, references."""
    from clausewise import api

    report = api.check_files(drafts)
    _print_findings(report.findings)
    files = len(api.expand_inputs(drafts, recursive=True))
    err.print(f"{files} file(s) checked: {report.errors} error(s), {report.warnings} warning(s)")
    raise typer.Exit(int(ExitStatus.FINDINGS if report.errors else ExitStatus.OK))


@app.command()
@handles_errors
def fmt(
    drafts: List[Path] = typer.Argument(..., help="Drafts (.md) or folders of drafts."),
    check_only: bool = typer.Option(False, "--check", help="Only report files that would change; exit 1 if any."),
) -> None:
    """Rewrite drafts in canonical form (atomically); --check only reports."""
    from clausewise import api
    from clausewise.formats import DRAFT_SUFFIXES, draft
    from clausewise.output import atomic_write

    changed = 0
    for path in api.expand_inputs(drafts, recursive=True):
        if path.suffix.lower() not in DRAFT_SUFFIXES:
            continue
        draft.read_file(path)  # refuses unreadable, non-UTF-8 or malformed drafts before rewriting
        original = path.read_text(encoding="utf-8")
        canonical = draft.canonical(original, str(path))
        if canonical == original:
            continue
        changed += 1
        if check_only:
            out.print(f"would reformat {path}", markup=False)
        else:
            atomic_write(path, canonical)
            out.print(f"reformatted {path}", markup=False)
    if check_only and changed:
        raise typer.Exit(int(ExitStatus.FINDINGS))


@app.command()
@handles_errors
def summary(draft: Path = typer.Argument(..., help="A draft (.md) or Word file (.docx).")) -> None:
    """Print what a draft holds: decisions, clauses, subparagraphs, footnotes, brackets."""
    from clausewise import api
    from clausewise.formats import load

    s = api.summarize(load(draft), str(draft))
    out.print(f"{s.path}: language {s.language}, {len(s.decisions)} decision(s)", markup=False)
    if s.narrative_paragraphs or s.footnotes:
        out.print(f"  narrative part: {s.narrative_paragraphs} paragraph(s), {s.footnotes} footnote(s)", markup=False)
    for d in s.decisions:
        out.print(f"  {d['number'] or '(unnumbered)'}: {d['title']}", markup=False)
        out.print(f"    {d['preambular']} preambular, {d['operative']} operative, {d['subparagraphs']} subparagraph(s), "
                  f"{d['footnotes']} footnote(s), {d['brackets']} bracket pair(s)", markup=False)


# ------------------------------------------------------------------ build, import


@app.command()
@handles_errors
def build(
    draft: Path = typer.Argument(..., help="The draft (.md) or Word file to build."),
    output: Path = typer.Option(..., "-o", "--output", help="The Word file to write (.docx)."),
    reference_doc: Optional[Path] = typer.Option(None, "--reference-doc", help="A .docx whose styles override the template's."),
    pdf: bool = typer.Option(False, "--pdf", help="Also write the PDF through LibreOffice."),
    highlight_brackets: bool = typer.Option(False, "--highlight-brackets", help="Shade bracketed text."),
    force: bool = typer.Option(False, "--force", help="Build even when check finds errors."),
) -> None:
    """Assemble the official Word file (UN formatting) for a draft."""
    from clausewise import api

    written = api.build_file(draft, output, reference_doc=str(reference_doc) if reference_doc else None,
                             highlight_brackets=highlight_brackets, pdf=pdf, force=force)
    for path in written:
        out.print(f"wrote {path}", markup=False)


class View(str, Enum):
    """How tracked changes in a Word file are read."""

    final = "final"
    original = "original"


@app.command("import")
@handles_errors
def import_(
    source: Path = typer.Argument(..., help="The Word file (.docx) to import."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The draft to write; standard output if omitted."),
    view: View = typer.Option(View.final, "--view", help="Tracked changes accepted (final) or rejected (original)."),
    decision: Optional[int] = typer.Option(None, "--decision", min=1, help="Import only the N-th decision (1-based)."),
) -> None:
    """Import a Word draft into the draft format."""
    from clausewise import api

    text = api.import_file(source, output, view=view.value, decision=decision)
    if output is None:
        sys.stdout.write(text)
    else:
        out.print(f"wrote {output}", markup=False)


# ------------------------------------------------------------------ diff, redline


class DiffFormat(str, Enum):
    """What diff writes."""

    text = "text"
    json = "json"
    html = "html"
    md = "md"
    docx = "docx"


class RedlineStyle(str, Enum):
    """How a Word redline shows changes."""

    tracked = "tracked"
    marked = "marked"


class InsertMark(str, Enum):
    """How the marked style shows insertions."""

    bold = "bold"
    underline = "underline"


def _write_comparison(comparison, fmt: DiffFormat, output: Optional[Path], inputs, show_all: bool,
                      redline_options=None) -> None:
    from clausewise import api
    from clausewise.output import atomic_write

    if fmt == DiffFormat.text:
        from clausewise.formats import terminal

        if output is None:
            terminal.write_comparison(comparison, out, show_all=show_all)
        else:
            file_console = Console(record=True, file=io.StringIO(), width=100, color_system=None, emoji=False)
            terminal.write_comparison(comparison, file_console, show_all=show_all)
            atomic_write(output, file_console.export_text(), inputs=inputs)
        return
    if fmt == DiffFormat.docx and output is None:
        raise typer.BadParameter("a Word redline needs -o OUT.docx", param_hint="-o")
    data = api.render_comparison(comparison, fmt.value, show_all=show_all, redline_options=redline_options)
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        if isinstance(data, str) and not data.endswith("\n"):
            sys.stdout.write("\n")
    else:
        atomic_write(output, data, inputs=inputs)
        err.print(f"wrote {output}", markup=False)


def _redline_options(style: RedlineStyle, author: Optional[str], date: Optional[str], insert_mark: InsertMark):
    from clausewise.formats.docx import RedlineOptions

    if author is not None and (not author.strip() or any(ord(ch) < 32 for ch in author)):
        raise typer.BadParameter("must be a name without control characters", param_hint="--author")
    return RedlineOptions(style=style.value, author=author, date=date, insert_mark=insert_mark.value)


@app.command()
@handles_errors
def diff(
    old: Path = typer.Argument(..., help="The older round (.md or .docx)."),
    new: Path = typer.Argument(..., help="The newer round (.md or .docx)."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="text, json, html, md, or docx (a redline)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    show_all: bool = typer.Option(False, "--all", help="Include unchanged clauses."),
    style: RedlineStyle = typer.Option(RedlineStyle.tracked, "--style", help="docx: tracked changes or bold/strike-out."),
    author: Optional[str] = typer.Option(None, "--author", help="docx: revision author (default: NEW's round)."),
    date: Optional[str] = typer.Option(None, "--date", help="docx: revision date, ISO 8601 (default: today)."),
    insert_mark: InsertMark = typer.Option(InsertMark.bold, "--insert-mark", help="docx marked style: bold or underline."),
    force: bool = typer.Option(False, "--force", help="Compare even when a round has bracket errors."),
) -> None:
    """Compare two rounds clause by clause; exit 0 when identical, 1 when they differ."""
    from clausewise import api

    comparison = api.diff_files(old, new, force=force)
    _write_comparison(comparison, fmt, output, [old, new], show_all,
                      _redline_options(style, author, date, insert_mark))
    raise typer.Exit(int(ExitStatus.OK if comparison.identical else ExitStatus.FINDINGS))


@app.command()
@handles_errors
def redline(
    base: Path = typer.Argument(..., help="The base round (.md or .docx)."),
    new: Path = typer.Argument(..., help="The new round (.md or .docx)."),
    output: Path = typer.Option(..., "-o", "--output", help="The redline to write (.docx)."),
    style: RedlineStyle = typer.Option(RedlineStyle.tracked, "--style", help="Tracked changes or bold/strike-out."),
    author: Optional[str] = typer.Option(None, "--author", help="Revision author (default: NEW's round)."),
    date: Optional[str] = typer.Option(None, "--date", help="Revision date, ISO 8601 (default: today)."),
    insert_mark: InsertMark = typer.Option(InsertMark.bold, "--insert-mark", help="Marked style: bold or underline."),
    force: bool = typer.Option(False, "--force", help="Compare even when a round has bracket errors."),
) -> None:
    """Write a Word redline of NEW against BASE (same as diff --format docx)."""
    from clausewise import api

    comparison = api.diff_files(base, new, force=force)
    _write_comparison(comparison, DiffFormat.docx, output, [base, new], False,
                      _redline_options(style, author, date, insert_mark))


# ------------------------------------------------------------------ brackets, history, clean


class TableFormat(str, Enum):
    """What brackets writes."""

    text = "text"
    json = "json"


class HistoryFormat(str, Enum):
    """What history writes."""

    text = "text"
    json = "json"
    html = "html"


@app.command()
@handles_errors
def brackets(
    draft: Path = typer.Argument(..., help="A draft (.md), Word file or plain-text export."),
    fmt: TableFormat = typer.Option(TableFormat.text, "--format", "-f", help="text (a table) or json."),
) -> None:
    """Count negotiation brackets per clause: pairs, depth, alternatives, options, bracketed words."""
    import json

    from clausewise.compare.brackets import inventory
    from clausewise.formats import load

    inv = inventory(load(draft))
    if fmt == TableFormat.json:
        sys.stdout.write(json.dumps(inv.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        from clausewise.formats import brackets_table

        brackets_table.write_inventory(inv, out)


@app.command()
@handles_errors
def history(
    rounds: List[Path] = typer.Argument(..., help="Round files in any order, or one folder of rounds."),
    fmt: HistoryFormat = typer.Option(HistoryFormat.text, "--format", "-f", help="text, json or html."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
) -> None:
    """The negotiation's rounds in order: clauses, brackets and changes per round, with a burn-down.

    With --format html -o FILE, the diff page of each pair of rounds is written beside FILE.
    """
    import json

    from rich.progress import Progress

    from clausewise import api
    from clausewise.output import atomic_write

    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("reading rounds", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        if fmt == HistoryFormat.html and output is not None:
            written, rounds = api.write_history_report(rounds, output, progress=tick)
        else:
            written = None
            hist, rounds = api.history_of(rounds, progress=tick)
    for path in rounds.skipped:
        err.print(f"skipped {path}: no 'round:' in its front matter, unlike the other files", markup=False)
    if written is not None:
        for path in written:
            err.print(f"wrote {path}", markup=False)
        return
    if fmt == HistoryFormat.json:
        text = json.dumps(hist.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == HistoryFormat.html:
        from clausewise.formats import history_html

        text = history_html.write_history(hist)
    else:
        text = hist.to_text()
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(output, text, inputs=rounds.files + rounds.skipped)
        err.print(f"wrote {output}", markup=False)


@app.command()
@handles_errors
def clean(
    draft: Path = typer.Argument(..., help="The draft to clean (.md, .docx or .txt)."),
    output: Path = typer.Option(..., "-o", "--output", help="FINAL.docx, FINAL.md or FINAL.txt."),
    number: Optional[str] = typer.Option(None, "--number", help="The adopted decision number, e.g. MC-4/11."),
    accept_bracketed: bool = typer.Option(False, "--accept-bracketed", help="Keep bracketed text, without brackets."),
    drop_bracketed: bool = typer.Option(False, "--drop-bracketed", help="Drop bracketed text."),
    first_option: bool = typer.Option(False, "--first-option", help="Keep the first option of each open option group."),
) -> None:
    """Export the clean final text: no brackets, notes or options; renumbered; references fixed."""
    from clausewise import api

    if accept_bracketed and drop_bracketed:
        raise typer.BadParameter("choose one of --accept-bracketed and --drop-bracketed")
    mode = "accept" if accept_bracketed else "drop" if drop_bracketed else "refuse"
    path = api.clean_file(draft, output, number=number, mode=mode, options="first" if first_option else "refuse")
    out.print(f"wrote {path}", markup=False)


def main() -> None:
    """Run the command line."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
