"""``make bench``: time clausewise's operations and the baselines on the same inputs; print one report.

Rows (each measured when its component exists, else "n/a"): build DOCX, import DOCX, diff (json),
diff (html), redline DOCX, brackets, clean, on generated decisions of 100, 500 and 2,000 clauses
(``bench/workload.py``) and on the real corpus texts; a scaling row for diff and redline up to 8,000
clauses; baselines with ratios: the floor (``bench/floor.py``), a naive whole-text diff-match-patch
and python-redlines (``bench/peers.py``).

Measures:
- time: in-process, the median wall time (``time.perf_counter``) of several runs of the library
  calls (no ``check``, no disk writes); the first size gets one untimed warm-up run (imports).
- memory, two ways: ``tracemalloc`` peak of Python allocations during one in-process run (inputs
  excluded), and the peak resident set of one whole process running the command line
  (``clausewise build|import|diff|brackets|clean``), interpreter and imports included, read from
  ``/proc`` while it runs (``run_process`` says why not ``ru_maxrss``). Targets are judged on the
  whole-process figure, the one a user sees.
- whole process: wall time of that command-line run (the redline target compares it with
  python-redlines run the same way).

Usage: ``python bench/run.py [--quick] [--sizes 100,500,2000] [--scaling 8000] [--reps 5]
[--no-process] [--no-peers] [--no-corpus] [--out out/bench] [--profile OP --size N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import floor as floor_mod  # noqa: E402
from bench import peers  # noqa: E402
from bench.workload import Workload, available, draft_writer, generator_source, make_workload  # noqa: E402

CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
MB = 1024 * 1024

# ---------------------------------------------------------------- operations


class NotAvailable(Exception):
    """The component an operation needs is not there (yet)."""


def _need(module: str, name: str | None = None):
    found = available(module, name)
    if found is None:
        raise NotAvailable(f"clausewise.{module}{'.' + name if name else ''} not available")
    return found


def _draft_source(wl: Workload, name: str) -> tuple[Callable[[], object], str]:
    """A callable reading round ``name`` from its draft file, or (while drafts are n/a) the model."""
    if wl.drafts and available("formats.draft", "read_file") is not None:
        from clausewise.formats import load

        path = wl.path(f"{name}.md")
        return (lambda: load(path)), ""
    model = wl.r1 if name == "r1" else wl.r2
    return (lambda: model), "from the model (draft reader n/a)"


def op_build(wl: Workload):
    """Read the r1 draft and build its official Word file (bytes)."""
    write = _need("formats.docx.writer") and _need("formats.docx", "write")
    source, note = _draft_source(wl, "r1")
    return (lambda: write(source())), note


def op_import(wl: Workload):
    """Import the r1 Word file and write it as a draft (text)."""
    _need("formats.docx.reader")
    read = _need("formats.docx", "read")
    write = draft_writer()
    path = wl.path("r1.docx")
    note = "" if wl.docx_by == "clausewise" else "plain python-docx input (docx writer n/a)"
    if write is None:
        return (lambda: read(path)), (note + "; no draft written (draft writer n/a)").strip("; ")
    return (lambda: write(read(path))), note


def _comparison(wl: Workload):
    compare = _need("compare", "compare")
    old, note = _draft_source(wl, "r1")
    new, _ = _draft_source(wl, "r2")
    return (lambda: compare(old(), new())), note


def op_diff_json(wl: Workload):
    """Read both drafts, compare them, render the JSON report."""
    render = _need("formats.json", "write_comparison")
    compared, note = _comparison(wl)
    return (lambda: render(compared())), note


def op_diff_html(wl: Workload):
    """Read both drafts, compare them, render the HTML report."""
    render = _need("formats.html", "write_comparison")
    compared, note = _comparison(wl)
    return (lambda: render(compared())), note


def op_redline(wl: Workload):
    """Read both Word files, compare, write the tracked-changes Word redline (end to end)."""
    _need("formats.docx.reader")
    _need("formats.docx.redline")
    read = _need("formats.docx", "read")
    write_redline = _need("formats.docx", "write_redline")
    compare = _need("compare", "compare")
    old, new = wl.path("r1.docx"), wl.path("r2.docx")
    note = "" if wl.docx_by == "clausewise" else "plain python-docx input (docx writer n/a)"
    return (lambda: write_redline(compare(read(old), read(new)))), note


def op_brackets(wl: Workload):
    """Read the r2 draft and take its bracket inventory (as JSON data)."""
    inventory = _need("compare.brackets", "inventory")
    source, note = _draft_source(wl, "r2")

    def run():
        inv = inventory(source())
        return inv.to_json() if hasattr(inv, "to_json") else inv

    return run, note


def op_clean(wl: Workload):
    """Read the r2 draft, make the clean final text (bracketed text accepted), write it as a draft."""
    clean = _need("clean", "clean")
    source, note = _draft_source(wl, "r2")
    write = draft_writer()
    if write is None:
        return (lambda: clean(source(), mode="accept")), note
    return (lambda: write(clean(source(), mode="accept"))), note


@dataclass(frozen=True)
class Operation:
    """One row of the table: its key, label, library call, command line and time target at 2,000 clauses."""

    key: str
    label: str
    make: Callable[[Workload], tuple]
    argv: Callable[[Workload, Path], list[str]]
    target_s: float | None = None
    #: what a real output of this operation looks like (checked on every measured run's result)
    valid: Callable[[object], bool] = lambda result: result is not None


def _is_docx(data) -> bool:
    return isinstance(data, bytes) and data[:2] == b"PK" and b"word/document.xml" in data


def _is_json_report(text) -> bool:
    return isinstance(text, str) and {"summary", "changes"} <= set(json.loads(text))


def _is_html(text) -> bool:
    return isinstance(text, str) and "<html" in text[:2000].lower()


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "clausewise"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from clausewise.cli import main; main()"]


OPERATIONS = [
    Operation("build", "build DOCX", op_build, lambda wl, o: [*_cli(), "build", str(wl.path("r1.md")), "-o", str(o / "built.docx"), "--force"], 1.5, _is_docx),
    Operation("import", "import DOCX", op_import, lambda wl, o: [*_cli(), "import", str(wl.path("r1.docx")), "-o", str(o / "imported.md")]),
    Operation("diff_json", "diff (json)", op_diff_json,
              lambda wl, o: [*_cli(), "diff", str(wl.path("r1.md")), str(wl.path("r2.md")), "-f", "json", "-o", str(o / "diff.json")], 1.0, _is_json_report),
    Operation("diff_html", "diff (html)", op_diff_html,
              lambda wl, o: [*_cli(), "diff", str(wl.path("r1.md")), str(wl.path("r2.md")), "-f", "html", "-o", str(o / "diff.html")], None, _is_html),
    Operation("redline", "redline DOCX", op_redline,
              lambda wl, o: [*_cli(), "diff", str(wl.path("r1.docx")), str(wl.path("r2.docx")), "-f", "docx", "-o", str(o / "redline.docx")], None, _is_docx),
    Operation("brackets", "brackets", op_brackets, lambda wl, o: [*_cli(), "brackets", str(wl.path("r2.md")), "-f", "json"]),
    Operation("clean", "clean", op_clean,
              lambda wl, o: [*_cli(), "clean", str(wl.path("r2.md")), "-o", str(o / "final.md"), "--accept-bracketed"]),
]
BY_KEY = {op.key: op for op in OPERATIONS}
MEMORY_TARGET_MB = 300
REDLINE_FLOOR_TARGET = 4.0
REDLINES_SPEEDUP_TARGET = 5.0

# ---------------------------------------------------------------- measuring


@dataclass
class Cell:
    """One measurement: median seconds of ``runs``, or why there is none."""

    seconds: float | None = None
    runs: list[float] = field(default_factory=list)
    status: str = "ok"           # ok | n/a | error
    reason: str = ""
    note: str = ""
    py_peak_mb: float | None = None
    rss_mb: float | None = None
    process_s: float | None = None
    process_cpu_s: float | None = None
    process_note: str = ""
    output_bytes: int | None = None
    cpu_s: float | None = None
    result: object = field(default=None, repr=False)   # the last output, kept for the floor's size

    def to_json(self) -> dict:
        """Plain data for results.json."""
        return {k: v for k, v in self.__dict__.items() if k != "result" and v not in (None, "", [])}


#: CPU seconds (``time.process_time``) of the runs ``time_runs`` timed last, in order
LAST_CPU: list[float] = []


def time_runs(fn: Callable[[], object], reps: int, budget_s: float, warmup: bool) -> tuple[list[float], object]:
    """Wall times of up to ``reps`` runs (fewer once ``budget_s`` is spent, at least one) and the last result.

    The CPU time of each run goes to ``LAST_CPU``: on a shared machine it moves much less than wall time.
    """
    result = None
    if warmup:
        result = fn()
    runs: list[float] = []
    LAST_CPU.clear()
    spent = 0.0
    while len(runs) < reps:
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        elapsed = time.perf_counter() - start
        LAST_CPU.append(time.process_time() - cpu)
        runs.append(elapsed)
        spent += elapsed
        if spent > budget_s and len(runs) >= (3 if elapsed < budget_s / 3 else 1):
            break
    return runs, result


def traced_peak_mb(fn: Callable[[], object]) -> float:
    """Peak of Python allocations (tracemalloc) during one run of ``fn``, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


#: CPU seconds (user + system, waited-for children included) of the last ``run_process``
LAST_PROCESS_CPU: list[float] = [0.0]


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants now (from ``/proc/PID/task/TID/children``)."""
    out, k = [pid], 0
    while k < len(out):
        for task in Path(f"/proc/{out[k]}/task").glob("*/children"):
            try:
                out.extend(int(x) for x in task.read_text().split())
            except OSError:
                pass
        k += 1
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(VmHWM, VmRSS) of ``pid`` in kB, (0, 0) once it is gone."""
    hwm = rss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
            elif line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return hwm, rss


def run_process(argv: list[str], ok_codes=(0, 1), timeout: float = 300) -> tuple[float, float, int, str]:
    """Run ``argv`` as a whole process: (wall seconds, peak memory MB, exit code, stderr tail).

    Peak memory is read from ``/proc`` while the process runs, every few milliseconds: the largest
    of each process's own high-water mark (VmHWM) and of the summed resident sets of the process
    and its children (python-redlines runs a .NET binary as a child). ``ru_maxrss`` from
    ``wait4`` cannot serve: Linux carries the parent's resident set at fork into the child's
    figure, and the harness itself holds hundreds of MB of inputs. Where ``/proc`` is missing,
    ``ru_maxrss`` is used anyway.
    """
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, cwd=REPO)
    deadline = start + timeout
    peak_kb = 0
    while True:
        total = 0
        for pid in _tree(proc.pid):
            hwm, rss = _memory_kb(pid)
            peak_kb = max(peak_kb, hwm)
            total += rss
        peak_kb = max(peak_kb, total)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.003)
    elapsed = time.perf_counter() - start
    LAST_PROCESS_CPU[0] = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    err.close()
    peak_mb = peak_kb / 1024 if peak_kb else usage.ru_maxrss / 1024
    return elapsed, peak_mb, proc.returncode, " | ".join(tail)


def _size(result) -> int | None:
    if isinstance(result, (bytes, str)):
        return len(result)
    return None


def measure(op: Operation, wl: Workload, *, reps: int, budget_s: float, warmup: bool, memory: bool,
            process: bool, scratch: Path) -> Cell:
    """Time ``op`` on ``wl``; with ``memory`` also its tracemalloc peak; with ``process`` one command-line run."""
    try:
        fn, note = op.make(wl)
    except NotAvailable as exc:
        return Cell(status="n/a", reason=str(exc))
    cell = Cell(note=note)
    try:
        cell.runs, result = time_runs(fn, reps, budget_s, warmup)
        cell.seconds = statistics.median(cell.runs)
        cell.cpu_s = statistics.median(LAST_CPU)
        cell.output_bytes = _size(result)
        if not op.valid(result):
            return Cell(status="error", reason=f"not a real output: {str(result)[:80]!r}", note=note)
        cell.result = result if op.key == "redline" else None
        if memory:
            cell.py_peak_mb = traced_peak_mb(fn)
    except Exception as exc:  # noqa: BLE001 - a component mid-development: report, go on
        return Cell(status="error", reason=f"{type(exc).__name__}: {str(exc)[:160]}", note=note)
    argv = op.argv(wl, scratch)
    missing = [a for a in argv if a.endswith((".md", ".docx")) and str(wl.folder) in a and not Path(a).exists()]
    if process and missing:
        cell.process_note = f"not run: no input {Path(missing[0]).name} (draft writer n/a)"
    elif process:
        try:
            seconds, rss, code, tail = run_process(argv)
        except Exception as exc:  # noqa: BLE001
            cell.process_note = f"not run: {type(exc).__name__}: {exc}"
        else:
            # diff exits 1 when the rounds differ (like diff(1)), whatever its format
            if code == 0 or (code == 1 and op.key in ("diff_json", "diff_html", "redline")):
                cell.process_s, cell.rss_mb, cell.process_cpu_s = seconds, rss, LAST_PROCESS_CPU[0]
            else:
                cell.process_note = f"exit {code}: {tail[:200]}"
    return cell


# ---------------------------------------------------------------- baselines


def measure_floor(wl: Workload, redline_output: bytes | None, reps: int, budget_s: float) -> Cell:
    """The floor on ``wl``'s Word files, serialising a document of the redline's size (or r2's)."""
    old, new = wl.path("r1.docx").read_bytes(), wl.path("r2.docx").read_bytes()
    template = redline_output or new
    output = floor_mod.prepare_output(template)
    runs, _ = time_runs(lambda: floor_mod.floor(old, new, output), reps, budget_s, warmup=True)
    note = "output: the redline's parts" if redline_output else "output: r2's parts (redline n/a)"
    return Cell(seconds=statistics.median(runs), runs=runs, note=note, cpu_s=statistics.median(LAST_CPU))


def measure_naive(wl: Workload, reps: int, budget_s: float) -> Cell:
    """The naive whole-text diff-match-patch on ``wl``'s Word files (default 1 s timeout)."""
    old, new = wl.path("r1.docx").read_bytes(), wl.path("r2.docx").read_bytes()
    runs, result = time_runs(lambda: peers.naive_diff(old, new), reps, budget_s, warmup=False)
    cpu = statistics.median(LAST_CPU)
    note = f"equal text kept {result.equal_share:.0%}"
    if result.timed_out:
        note += "; hit the 1 s timeout: the rest is delete-all/insert-all"
    return Cell(seconds=statistics.median(runs), runs=runs, note=note, cpu_s=cpu)


def measure_redlines(wl: Workload, reps: int, scratch: Path, engine: str = "docxodus") -> Cell:
    """python-redlines (``engine``) as whole processes on ``wl``'s Word files."""
    reason = peers.redlines_status(engine)
    if reason:
        return Cell(status="n/a", reason=reason)
    argv = peers.redlines_argv(str(wl.path("r1.docx")), str(wl.path("r2.docx")), str(scratch / f"{engine}.docx"), engine)
    runs, rss, cpu = [], [], []
    for _ in range(reps):
        seconds, peak, code, tail = run_process(argv, timeout=600)
        if code != 0:
            return Cell(status="error", reason=f"exit {code}: {tail[:200]}")
        runs.append(seconds)
        rss.append(peak)
        cpu.append(LAST_PROCESS_CPU[0])
    return Cell(seconds=statistics.median(runs), runs=runs, rss_mb=max(rss), process_s=statistics.median(runs),
                process_cpu_s=statistics.median(cpu))


# ---------------------------------------------------------------- the real corpus


def corpus_rows(reps: int, budget_s: float) -> list[dict]:
    """Timings on real texts from ``../shared/corpus`` where readable: import, diff, redline, brackets, clean."""
    rows: list[dict] = []
    if not CORPUS.exists():
        return [{"what": "corpus", "status": "n/a", "reason": f"{CORPUS} absent"}]

    def add(what: str, fn_factory: Callable[[], Callable[[], object]], size: str) -> None:
        try:
            fn = fn_factory()
        except NotAvailable as exc:
            rows.append({"what": what, "size": size, "status": "n/a", "reason": str(exc)})
            return
        except FileNotFoundError as exc:
            rows.append({"what": what, "size": size, "status": "n/a", "reason": f"missing {exc.filename}"})
            return
        try:
            runs, result = time_runs(fn, reps, budget_s, warmup=False)  # modules are warm from the main table
        except Exception as exc:  # noqa: BLE001
            rows.append({"what": what, "size": size, "status": "error", "reason": f"{type(exc).__name__}: {str(exc)[:160]}"})
            return
        rows.append({"what": what, "size": size, "status": "ok", "seconds": statistics.median(runs), "runs": runs})

    a62 = CORPUS / "unfccc-cma6-article6.2-cooperative-approaches"
    cma3 = CORPUS / "unfccc-cma3-adopted-decisions-docx"
    cop21 = CORPUS / "unfccc-cop21-decision-1-CP.21"
    paris = CORPUS / "unfccc-cop21-paris-agreement-drafts"

    def docx_import(path: Path):
        def factory():
            _need("formats.docx.reader")
            read = _need("formats.docx", "read")
            if not path.exists():
                raise FileNotFoundError(2, "missing", str(path))
            return lambda: read(path)
        return factory

    a62_docx = next(iter(sorted(a62.glob("r1*.docx"))), a62 / "r1.docx")
    cma3_docx = next(iter(sorted(cma3.glob("*.docx"))), cma3 / "x.docx")
    add("import DOCX: Article 6.2 r1 (real bracketed draft)", docx_import(a62_docx), _kb(a62_docx))
    add("import DOCX: decisions 6-24/CMA.3 (adopted report)", docx_import(cma3_docx), _kb(cma3_docx))

    def text_load(path: Path):
        _need("formats.text", "read_file")
        from clausewise.formats import load

        if not path.exists():
            raise FileNotFoundError(2, "missing", str(path))
        return load(path)

    rounds = sorted(cop21.glob("r[0-9]*.txt"))
    for old, new in zip(rounds, rounds[1:]):
        label = f"{old.name.split('_')[0]}→{new.name.split('_')[0]}"

        def diff_factory(old=old, new=new):
            compare = _need("compare", "compare")
            render = _need("formats.json", "write_comparison")
            text_load(old)
            return lambda: render(compare(text_load(old), text_load(new)))

        add(f"diff (json): COP21 decision {label}", diff_factory, f"{_kb(old)} + {_kb(new)}")
    if len(rounds) >= 3:
        old, new = rounds[1], rounds[2]

        def redline_factory(old=old, new=new):
            compare = _need("compare", "compare")
            _need("formats.docx.redline")
            write_redline = _need("formats.docx", "write_redline")
            a, b = text_load(old), text_load(new)
            return lambda: write_redline(compare(a, b))

        add("redline DOCX (from models): COP21 decision r2→r3", redline_factory, f"{_kb(old)} + {_kb(new)}")
    for path in sorted(paris.glob("r[12]_*.txt"))[:2] + rounds[1:2]:
        def brackets_factory(path=path):
            inventory = _need("compare.brackets", "inventory")
            text_load(path)
            return lambda: inventory(text_load(path))

        add(f"brackets: {path.parent.name.replace('unfccc-', '')} {path.name.split('_')[0]}", brackets_factory, _kb(path))
    a62_r2 = next(iter(sorted(a62.glob("r2_*.txt"))), a62 / "r2.txt")

    def a62_diff_factory():
        compare = _need("compare", "compare")
        render = _need("formats.json", "write_comparison")
        read = _need("formats.docx", "read")
        _need("formats.docx.reader")
        text_load(a62_r2)
        return lambda: render(compare(read(a62_docx), text_load(a62_r2)))

    add("diff (json): Article 6.2 r1 (DOCX) → r2 (text)", a62_diff_factory, f"{_kb(a62_docx)} + {_kb(a62_r2)}")

    def clean_factory(path=a62_r2):
        clean = _need("clean", "clean")
        text_load(path)
        return lambda: clean(text_load(path), mode="accept")

    add("clean --accept-bracketed: Article 6.2 r2 (CMA6 draft)", clean_factory, _kb(a62_r2))
    return rows


def _kb(path: Path) -> str:
    try:
        return f"{path.stat().st_size / 1024:,.0f} KB"
    except OSError:
        return "?"


# ---------------------------------------------------------------- the report


def _s(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _cell_text(cell: Cell | None) -> str:
    if cell is None:
        return "–"
    if cell.status == "n/a":
        return "n/a (not available)"
    if cell.status == "error":
        return "error"
    return _s(cell.seconds)


def report(results: dict) -> str:
    """The Markdown report of ``results``: main table, baselines, scaling, corpus, notes."""
    sizes = results["sizes"]
    mem_size = results["memory_size"]
    lines = [
        f"clausewise benchmark — {results['when']} — {results['machine']}",
        f"inputs: generated by {results['generator']} (Word files by {results['docx_by']}); "
        f"median of up to {results['reps']} in-process runs; memory at {mem_size:,} clauses",
        "",
        "| operation | " + " | ".join(f"{n:,} clauses" for n in sizes) + f" | CPU @{mem_size:,} | whole process @{mem_size:,} | py peak MB | process peak MB | target @2,000 |",
        "|---|" + "---:|" * len(sizes) + "---:|---:|---:|---:|---|",
    ]
    notes: list[str] = []
    for op in OPERATIONS:
        row = results["ops"].get(op.key, {})
        cells = [row.get(str(n)) for n in sizes]
        mem = row.get(str(mem_size))
        target = _target_text(op, results)
        process = _s(mem.process_s) if mem and mem.process_s is not None else ("–" if not mem or mem.status != "ok" else "not run")
        py = f"{mem.py_peak_mb:.1f}" if mem and mem.py_peak_mb is not None and mem.py_peak_mb < 10 else f"{mem.py_peak_mb:.0f}" if mem and mem.py_peak_mb is not None else "–"
        rss = f"{mem.rss_mb:.0f}" if mem and mem.rss_mb is not None else "–"
        cpu = _s(mem.cpu_s) if mem and mem.cpu_s is not None else "–"
        lines.append(f"| {op.label} | " + " | ".join(_cell_text(c) for c in cells) + f" | {cpu} | {process} | {py} | {rss} | {target} |")
        for n, c in zip(sizes, cells):
            if c and c.status != "ok" and c.reason and (c.status == "error" or n == sizes[0]):
                notes.append(f"{op.label} @{n:,}: {c.status}: {c.reason}")
            if c and c.note and n == sizes[0]:
                notes.append(f"{op.label}: {c.note}")
        if mem and mem.process_note:
            notes.append(f"{op.label} whole process @{mem_size:,}: {mem.process_note}")
    lines += ["", "Baselines on the same Word files (ratio = clausewise ÷ baseline; lower is better for clausewise)", "",
              "| baseline | " + " | ".join(f"{n:,} clauses" for n in sizes) + " | ratio @" + f"{mem_size:,}" + " | note |",
              "|---|" + "---:|" * len(sizes) + "---:|---|"]
    for key, label, ours in (("floor", "floor: lxml unzip+parse both, serialise output (in-process)", ("redline", "seconds")),
                             ("naive", "naive diff-match-patch, whole text, 1 s timeout (in-process)", ("diff_json", "seconds")),
                             ("redlines", "python-redlines 2.0 Docxodus (whole process)", ("redline", "process_s")),
                             ("wmlcomparer", "python-redlines 2.0 WmlComparer (whole process, --all-peers)", ("redline", "process_s"))):
        if key == "wmlcomparer" and not results["baselines"].get(key):
            continue
        row = results["baselines"].get(key, {})
        cells = [row.get(str(n)) for n in sizes]
        base = row.get(str(mem_size))
        mine = results["ops"].get(ours[0], {}).get(str(mem_size))
        ratio = "–"
        if base and base.seconds and mine and getattr(mine, ours[1]):
            r = getattr(mine, ours[1]) / base.seconds
            ratio = f"{r:.2f}× ({'redline' if ours[0] == 'redline' else 'diff json'})"
            if key in ("redlines", "wmlcomparer"):
                ratio = f"{base.seconds / getattr(mine, ours[1]):.1f}× faster (redline)"
        note = base.note if base else ""
        if base and base.status != "ok":
            note = base.reason
        if base and base.rss_mb:
            note = (note + f"; peak {base.rss_mb:.0f} MB").strip("; ")
        if base and base.process_cpu_s:
            note += f"; CPU {_s(base.process_cpu_s)} (ours {_s(mine.process_cpu_s) if mine and mine.process_cpu_s else 'n/a'})"
        elif base and base.cpu_s and base.status == "ok":
            note = (note + f"; CPU {_s(base.cpu_s)}").strip("; ")
        lines.append(f"| {label} | " + " | ".join(_cell_text(c) for c in cells) + f" | {ratio} | {note} |")
    scaling = results.get("scaling", {})
    if scaling:
        all_sizes = sorted({int(n) for row in scaling.values() for n in row})
        lines += ["", "Scaling: in-process time per clause (µs); growth = per-clause time at the largest size ÷ at the size before "
                  "(1.0 is linear; n log n gives about 1.2 for 4× the clauses; quadratic gives 4)", "",
                  "| operation | " + " | ".join(f"{n:,}" for n in all_sizes) + " | growth |",
                  "|---|" + "---:|" * len(all_sizes) + "---|"]
        for key, row in scaling.items():
            per = {int(n): s / int(n) * 1e6 for n, s in row.items() if s is not None}
            cols = [f"{per[n]:.0f}" if n in per else "n/a" for n in all_sizes]
            growth = "–"
            measured = sorted(per)
            if len(measured) >= 2:
                g = per[measured[-1]] / per[measured[-2]]
                growth = f"{g:.2f}× ({'close to linear' if g <= 1.5 else 'superlinear'})"
            lines.append(f"| {BY_KEY[key].label} | " + " | ".join(cols) + f" | {growth} |")
    corpus = results.get("corpus", [])
    if corpus:
        lines += ["", "Real texts (../shared/corpus), in-process median", "", "| what | input | time |", "|---|---:|---:|"]
        for row in corpus:
            value = _s(row.get("seconds")) if row["status"] == "ok" else f"{row['status']}: {row.get('reason', '')[:90]}"
            lines.append(f"| {row['what']} | {row.get('size', '')} | {value} |")
    verdicts = targets(results)
    if verdicts:
        lines += ["", "Targets", ""] + [f"- {v}" for v in verdicts]
    if notes or results.get("notes"):
        lines += ["", "Notes", ""] + [f"- {n}" for n in results.get("notes", []) + notes]
    return "\n".join(lines) + "\n"


def _target_text(op: Operation, results: dict) -> str:
    cell = results["ops"].get(op.key, {}).get("2000")
    parts = []
    if op.target_s is not None:
        verdict = "" if not cell or cell.seconds is None else (" ✓" if cell.seconds < op.target_s else " ✗")
        parts.append(f"< {op.target_s:g} s{verdict}")
    if op.key == "redline":
        parts.append(f"≤ {REDLINE_FLOOR_TARGET:g}× floor")
    return ", ".join(parts) or "–"


def targets(results: dict) -> list[str]:
    """One line per target: met, missed or not measurable, with the numbers."""
    out = []
    ops = results["ops"]
    at = lambda key: ops.get(key, {}).get("2000")  # noqa: E731
    if "2000" not in {str(n) for n in results["sizes"]}:
        return ["targets are stated at 2,000 clauses; this run did not measure that size"]
    for key, limit in (("diff_json", 1.0), ("build", 1.5)):
        c = at(key)
        label = BY_KEY[key].label
        if c and c.seconds is not None:
            cpu = ""
            if c.cpu_s is not None:
                cpu = f"; CPU time {_s(c.cpu_s)}: {'met' if c.cpu_s < limit else 'missed'} on CPU"
            out.append(f"{label} @2,000 < {limit:g} s: {'met' if c.seconds < limit else 'MISSED'} ({_s(c.seconds)} wall{cpu})")
        else:
            out.append(f"{label} @2,000 < {limit:g} s: not measurable ({c.reason if c else 'n/a'})")
    red, fl = at("redline"), results["baselines"].get("floor", {}).get("2000")
    if red and red.seconds and fl and fl.seconds:
        r = red.seconds / fl.seconds
        cpu = f"; on CPU time {red.cpu_s / fl.cpu_s:.1f}×" if red.cpu_s and fl.cpu_s else ""
        out.append(f"redline ≤ {REDLINE_FLOOR_TARGET:g}× floor (in-process): {'met' if r <= REDLINE_FLOOR_TARGET else 'MISSED'} "
                   f"({r:.2f}×: {_s(red.seconds)} vs {_s(fl.seconds)}{cpu})")
    else:
        out.append(f"redline ≤ {REDLINE_FLOOR_TARGET:g}× floor: not measurable")
    peer = results["baselines"].get("redlines", {}).get("2000")
    if red and red.process_s and peer and peer.seconds:
        r = peer.seconds / red.process_s
        cpu = ""
        if peer.process_cpu_s and red.process_cpu_s:
            cpu = f"; CPU time {_s(red.process_cpu_s)} vs {_s(peer.process_cpu_s)}, {peer.process_cpu_s / red.process_cpu_s:.1f}×"
        out.append(f"redline ≥ {REDLINES_SPEEDUP_TARGET:g}× faster than python-redlines (whole processes): "
                   f"{'met' if r >= REDLINES_SPEEDUP_TARGET else 'MISSED'} ({r:.1f}×: {_s(red.process_s)} vs {_s(peer.seconds)}{cpu})")
    else:
        why = peer.reason if peer and peer.status != "ok" else "our whole-process redline or the peer not measured"
        out.append(f"redline ≥ {REDLINES_SPEEDUP_TARGET:g}× faster than python-redlines: not measurable ({why})")
    worst = [(c.rss_mb, op.label) for op in OPERATIONS if (c := at(op.key)) and c.rss_mb is not None]
    if worst:
        peak, label = max(worst)
        out.append(f"peak memory < {MEMORY_TARGET_MB} MB (whole process, @2,000): {'met' if peak < MEMORY_TARGET_MB else 'MISSED'} "
                   f"(highest: {label}, {peak:.0f} MB)")
    return out


# ---------------------------------------------------------------- main


def _ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of ``bench/run.py``."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=_ints, default=[100, 500, 2000], help="clause counts for the main table")
    p.add_argument("--scaling", type=_ints, default=[8000], help="extra clause counts for the scaling row (diff, redline)")
    p.add_argument("--reps", type=int, default=3, help="at most this many timed runs per cell")
    p.add_argument("--budget", type=float, default=2.5, help="seconds per cell after which fewer runs suffice")
    p.add_argument("--memory-size", type=int, default=None,
                   help="clause count for memory and whole-process runs (default: the largest size; 0: none)")
    p.add_argument("--no-warmup", action="store_true", help="no untimed first run (imports then count)")
    p.add_argument("--peer-reps", type=int, default=1, help="runs of python-redlines (at the memory size only)")
    p.add_argument("--no-process", action="store_true", help="skip whole-process runs (command line, peak RSS)")
    p.add_argument("--no-peers", action="store_true", help="skip python-redlines")
    p.add_argument("--all-peers", action="store_true", help="also python-redlines' WmlComparer engine (once, largest size)")
    p.add_argument("--no-corpus", action="store_true", help="skip the real texts")
    p.add_argument("--no-scaling", action="store_true", help="skip the extra scaling sizes")
    p.add_argument("--only", default="", help="comma-separated operation keys: " + ",".join(BY_KEY))
    p.add_argument("--quick", action="store_true", help="100 and 500 clauses, 3 runs, no scaling, no peers")
    p.add_argument("--out", type=Path, default=REPO / "out" / "bench", help="folder for report.md and results.json")
    p.add_argument("--profile", default="", help="profile this operation with pyinstrument instead of benchmarking")
    p.add_argument("--size", type=int, default=2000, help="clause count for --profile")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.reps, args.no_scaling, args.no_peers = [100, 500], 3, True, True
    if args.memory_size is None:
        args.memory_size = max(args.sizes)
    return args


def profile(key: str, clauses: int, folder: Path) -> int:
    """Print pyinstrument's profile of one run of operation ``key`` on ``clauses`` clauses."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: .venv/bin/pip install pyinstrument", file=sys.stderr)
        return 2
    wl = make_workload(clauses, folder / f"n{clauses}")
    fn, note = BY_KEY[key].make(wl)
    fn()  # warm-up: imports
    profiler = Profiler(interval=0.0005)
    profiler.start()
    fn()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the report and write ``report.md`` and ``results.json`` under ``--out``."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    keys = [k for k in args.only.split(",") if k] or list(BY_KEY)
    with tempfile.TemporaryDirectory(prefix="clausewise-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.profile:
            return profile(args.profile, args.size, tmp_path)
        results: dict = {
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
                       f"load {os.getloadavg()[0]:.1f}",
            "generator": generator_source(), "sizes": args.sizes, "memory_size": args.memory_size,
            "reps": args.reps, "ops": {k: {} for k in keys}, "baselines": {"floor": {}, "naive": {}, "redlines": {}},
            "scaling": {}, "notes": [], "docx_by": "?",
        }
        all_sizes = sorted(set(args.sizes) | (set() if args.no_scaling else set(args.scaling)))
        warm: set[str] = set()
        for n in all_sizes:
            started = time.perf_counter()
            wl = make_workload(n, tmp_path / f"n{n}")
            results["docx_by"] = wl.docx_by
            results["notes"] += [f"@{n:,}: {x}" for x in wl.notes]
            main_size = n in args.sizes
            scratch = tmp_path / f"out{n}"
            scratch.mkdir()
            for key in keys:
                if not main_size and key not in ("diff_json", "redline"):
                    continue
                is_mem = n == args.memory_size
                cell = measure(BY_KEY[key], wl, reps=args.reps if main_size else 1, budget_s=args.budget,
                               warmup=key not in warm and not args.no_warmup, memory=is_mem, process=is_mem and not args.no_process,
                               scratch=scratch)
                if cell.status == "ok":
                    warm.add(key)
                results["ops"][key][str(n)] = cell
                if key in ("diff_json", "redline") and cell.seconds is not None:
                    results["scaling"].setdefault(key, {})[str(n)] = cell.seconds
            if main_size:
                redline = results["ops"].get("redline", {}).get(str(n))
                red_bytes = redline.result if redline is not None and isinstance(redline.result, bytes) else None
                results["baselines"]["floor"][str(n)] = measure_floor(wl, red_bytes, args.reps, args.budget)
                results["baselines"]["naive"][str(n)] = measure_naive(wl, min(args.reps, 3), args.budget)
                if not args.no_peers and not args.no_process and n == args.memory_size:
                    results["baselines"]["redlines"][str(n)] = measure_redlines(wl, args.peer_reps, scratch)
                    if args.all_peers:
                        results["baselines"].setdefault("wmlcomparer", {})[str(n)] = measure_redlines(wl, 1, scratch, "wmlcomparer")
            print(f"  {n:,} clauses measured in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
            shutil.rmtree(tmp_path / f"n{n}", ignore_errors=True)
        if args.no_peers or args.no_process:
            results["baselines"]["redlines"] = {str(n): Cell(status="n/a", reason="skipped (--no-peers/--no-process)") for n in args.sizes}
        if not args.no_corpus:
            results["corpus"] = corpus_rows(min(args.reps, 3), args.budget)
    results["machine"] += f" → {os.getloadavg()[0]:.1f} at the end"
    text = report(results)
    print(text)
    (args.out / "report.md").write_text(text, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(results, default=lambda o: o.to_json() if isinstance(o, Cell) else str(o),
                                                      indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
