"""The benchmark harness (bench/) runs end to end on a tiny input, so `make test` keeps it from rotting.

Components not written yet are reported "n/a" by the harness; every component that exists must run
on the generated input and give a real output.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from bench import floor, peers
from bench import run as bench_run
from bench.workload import generate_decision, make_workload, second_round
from clausewise.model import OPERATIVE, Clause


def test_harness_runs_on_20_clauses(tmp_path, capsys):
    rc = bench_run.main(["--sizes", "20", "--reps", "1", "--no-process", "--no-peers", "--no-corpus",
                         "--no-scaling", "--memory-size", "0", "--no-warmup", "--out", str(tmp_path)])
    assert rc == 0
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    for op in bench_run.OPERATIONS:
        cell = results["ops"][op.key]["20"]
        assert cell["status"] in ("ok", "n/a"), f"{op.label}: {cell.get('reason')}"
        if cell["status"] == "ok":
            assert cell["seconds"] > 0
        else:
            assert "not available" in cell["reason"]
        assert f"| {op.label} |" in report
    assert results["baselines"]["floor"]["20"]["seconds"] > 0
    assert results["baselines"]["naive"]["20"]["seconds"] > 0
    assert "Targets" in report
    assert capsys.readouterr().out.strip() == report.strip()


def test_generated_rounds_have_the_size_asked_and_renumbered_operatives():
    r1 = generate_decision(40, seed=3)
    r2 = second_round(r1, seed=4)
    assert len(r1.decisions[0].clauses) == 40
    labels = [c.label for c in r2.decisions[0].body if isinstance(c, Clause) and c.part == OPERATIVE]
    assert labels == [str(i) for i in range(1, len(labels) + 1)]
    assert r1.decisions[0].clauses != r2.decisions[0].clauses


def test_floor_writes_every_part_of_the_output(tmp_path):
    wl = make_workload(20, tmp_path / "wl")
    new = wl.path("r2.docx").read_bytes()
    out = floor.floor(wl.path("r1.docx").read_bytes(), new, floor.prepare_output(new))
    with zipfile.ZipFile(io.BytesIO(out)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
        assert a.namelist() == b.namelist()
        assert a.read("word/document.xml").count(b"<w:p") == b.read("word/document.xml").count(b"<w:p")


def test_naive_diff_keeps_identical_text_and_finds_an_edit(tmp_path):
    wl = make_workload(20, tmp_path / "wl")
    one, two = wl.path("r1.docx").read_bytes(), wl.path("r2.docx").read_bytes()
    assert peers.naive_diff(one, one).equal_share == pytest.approx(1.0)
    result = peers.naive_diff(one, two)
    assert 0.3 < result.equal_share < 1.0
    assert not result.timed_out


def test_whole_process_memory_is_the_childs_own_not_the_harness(tmp_path):
    import sys

    ballast = bytearray(200 * 1024 * 1024)  # the harness holds big inputs; a child must not inherit them
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    _, small, code, _ = bench_run.run_process([sys.executable, "-c", "pass"])
    _, big, _, _ = bench_run.run_process(
        [sys.executable, "-c", "x = bytearray(120 * 1024 * 1024); import time; time.sleep(0.2)"])
    assert code == 0
    assert small < 100
    assert 120 <= big < 200 + 120
