"""Worker processes change how long a check takes, never what it finds.

The corpus is the two labelled evaluation sets (about 40 files, 60 notes, with unanswered
questions, reworded duplicates across files and unknown services), checked and built with
`--jobs 1` (everything in this process) and `--jobs 2` (forked workers) after lowering the
size from which workers are used, so the parallel path really runs here.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kgnotes import engine, loading, parallel

EVAL = Path(__file__).parent / "eval"


@pytest.fixture
def eval_corpus(project: Path) -> Path:
    for name, folder in (
        ("dev", EVAL / "answerability"),
        ("holdout", EVAL / "holdout" / "answerability"),
    ):
        shutil.copytree(folder, project / "notes" / name, ignore=shutil.ignore_patterns("*.toml"))
    return project


_PID_LOG: list[Path] = []
_REAL_RUN_TASK = parallel._run_task


def _logged_run_task(position: int) -> object:
    """parallel._run_task, logging the process it runs in. Defined at module level: the pool
    pickles it by name to send it to the workers."""
    with _PID_LOG[0].open("a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    return _REAL_RUN_TASK(position)


@pytest.fixture
def workers_for_small_corpora(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Use workers from the first note, and log the process id of every task that runs."""
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)  # workers even on one core
    monkeypatch.setattr(engine, "PARALLEL_MIN_NOTES", 0)
    monkeypatch.setattr(loading, "PARALLEL_MIN_FILES", 0)
    log = tmp_path / "task-pids.log"
    _PID_LOG[:] = [log]
    monkeypatch.setattr(parallel, "_run_task", _logged_run_task)
    return log


def _pids(log: Path) -> set[int]:
    return (
        {int(line) for line in log.read_text(encoding="utf-8").split()} if log.exists() else set()
    )


def test_check_finds_the_same_with_and_without_workers(
    eval_corpus: Path, workers_for_small_corpora: Path, run_cli
) -> None:
    code_1, serial, _ = run_cli(
        ["check", "notes", "--format", "json", "--no-cache", "--jobs", "1"], eval_corpus
    )
    assert _pids(workers_for_small_corpora) == set()  # --jobs 1: no worker at all
    code_2, parallel_out, _ = run_cli(
        ["check", "notes", "--format", "json", "--no-cache", "--jobs", "2"], eval_corpus
    )
    workers = _pids(workers_for_small_corpora)
    assert workers and os.getpid() not in workers  # the work really ran in other processes
    assert (code_1, serial) == (code_2, parallel_out)
    rules = {finding["rule"] for finding in json.loads(serial)}
    # The corpus exercises the rules whose indexes are built in workers.
    assert {"unanswered-question", "duplicate-question", "unsupported-term"} <= rules


def test_build_writes_the_same_outputs_with_and_without_workers(
    eval_corpus: Path, workers_for_small_corpora: Path, run_cli
) -> None:
    assert run_cli(["build", "notes", "--out", "one", "--jobs", "1"], eval_corpus)[0] == 0
    assert run_cli(["build", "notes", "--out", "two", "--jobs", "2"], eval_corpus)[0] == 0
    assert _pids(workers_for_small_corpora)
    for name in ("check.json", "coverage.json", "graph.json", "coverage.md"):
        assert (eval_corpus / "one" / name).read_bytes() == (
            eval_corpus / "two" / name
        ).read_bytes(), name


def test_results_come_back_in_task_order() -> None:
    tasks = [lambda n=n: (n, n * n) for n in range(23)]
    assert parallel.run_tasks(tasks, jobs=2) == [(n, n * n) for n in range(23)]


def test_a_worker_that_dies_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def dies_in_a_worker() -> str:
        if os.getpid() != parent:
            os._exit(1)  # what the kernel's out-of-memory killer does to a worker
        return "done here"

    assert parallel.run_tasks([dies_in_a_worker, lambda: "other"], jobs=2) == ["done here", "other"]


@pytest.mark.parametrize(("items", "count"), [(10, 3), (3, 8), (0, 4), (7, 1), (100, 8)])
def test_chunks_keep_every_item_once_in_order(items: int, count: int) -> None:
    runs = parallel.chunks(list(range(items)), count)
    assert [item for run in runs for item in run] == list(range(items))
    assert len(runs) <= max(count, 1)
    assert max(map(len, runs)) - min(map(len, runs)) <= 1


def test_jobs_must_be_a_whole_number(run_cli, project: Path) -> None:
    code, _, err = run_cli(["check", "--jobs", "-1"], project)
    assert code == 2
    assert "--jobs: expected a whole number >= 0, got '-1'" in err


INTERRUPTED = """
import sys, time
from kgnotes import parallel
parallel.usable_cores = lambda: 2
tasks = [lambda: time.sleep(3) for _ in range(4)]
try:
    parallel.run_tasks(tasks, jobs=2)
except KeyboardInterrupt:
    print("interrupted")
    sys.exit(130)
"""


def test_ctrl_c_stops_the_workers_at_once_without_tracebacks() -> None:
    """Ctrl-C in a terminal reaches the whole process group, workers included."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED],
        cwd=Path(__file__).parents[1],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1.0)  # the workers are sleeping in their first task
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert out.strip() == "interrupted"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert time.monotonic() - started < 3.5  # not after the 3-second tasks ran out
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker is left behind


def test_subjects_pair_the_same_copies_with_workers_and_for_staged_files(
    project: Path, workers_for_small_corpora: Path, run_cli
) -> None:
    """One sentence under notes on different services (kgnotes/subjects.py): the same
    findings with and without workers, and for a staged file with --whole-corpus."""
    services = ["SQS", "SNS", "Kinesis", "Config", "Redrive", "SQS"]
    for number, title in enumerate(services):
        (project / "notes").mkdir(exist_ok=True)
        (project / "notes" / f"n{number}.md").write_text(
            f"## {title}\n\n- Encryption at rest uses keys kept in KMS.\n"
            "- Messages are kept for four days by default.\n\n### Questions\n\n"
            "- What is the default retention period?\n- By default, how long is data kept?\n",
            encoding="utf-8",
        )
    command = ["check", "notes", "--format", "json", "--no-cache", "--select", "KGN2"]
    _, serial, _ = run_cli([*command, "--jobs", "1"], project)
    _, parallel_out, _ = run_cli([*command, "--jobs", "2"], project)
    assert _pids(workers_for_small_corpora)
    assert serial == parallel_out
    found = {(f["path"], f["line"], f["message"]) for f in json.loads(serial)}
    # Only the two SQS notes copy each other; "Redrive" (unknown subject) copies the first.
    copied = {path for path, _, _ in found}
    assert copied == {"notes/n4.md", "notes/n5.md"}, found
    staged_command = [c for c in command if c != "notes"]
    code, staged, err = run_cli(
        [*staged_command, "--jobs", "1", "--whole-corpus", "notes/n5.md"], project
    )
    assert code == 1, err
    assert {(f["path"], f["line"], f["message"]) for f in json.loads(staged)} == {
        finding for finding in found if finding[0] == "notes/n5.md"
    }
