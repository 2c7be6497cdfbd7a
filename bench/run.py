"""kgnotes against the fastest Markdown linters, in one run, on the same generated files.

    python3 bench/run.py                 # 100, 1,000 and 10,000 notes, 5 runs each
    python3 bench/run.py --sizes 1000 --runs 3 --no-browser

For each corpus size it times (median wall time of --runs runs, and the peak resident
memory of the slowest-growing run) `kgnotes check` with no cache (its runs interleaved
across sizes, so growth is a median of paired ratios), `kgnotes build`, a
one-file check as the pre-commit hook runs it (cold: no cache; warm: an unchanged corpus
after one run), `kgnotes check` with its structure rules only (KGN0xx, KGN1xx: the job the
peers do, on kgnotes' parser; what is left of the check when answering and duplicate
detection are taken away), and the peers rumdl and mdsmith (PyPI wheels, installed into
bench/.peers/py) and markdownlint-cli2 (npm, installed into bench/.peers/node). Peers lint
structure only; kgnotes also answers every question and compares every note. It prints the
ratios kgnotes / peer, the growth from 1,000 to 10,000 notes, and whether each target holds.
kgnotes is byte-compiled first, as an installed package is (see `compile_bytecode`).
Machines are noisy: compare ratios from one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
PEERS = ROOT / "bench" / ".peers"
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

PY = sys.executable
# This checkout's kgnotes, whatever is installed (peers ignore the variable).
KGNOTES_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
# The rules that check what the peers check (parse problems, sections, headings): the floor
# of a kgnotes check on this parser, with no question answered and no note compared.
STRUCTURE = "KGN0,KGN1"


@dataclass
class Timing:
    median: float
    runs: list[float]
    peak_mb: float


def run_once(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of `command`, measured on that child only.
    A kgnotes run that fails with a usage or internal error stops the benchmark, so a broken
    command line can never be timed as a fast one (peers exit 1 when they find problems)."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: peers print a lot there
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr, env=KGNOTES_ENV
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        stderr.seek(0)
        errors = stderr.read(4000).decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    is_kgnotes = "kgnotes" in command
    if (is_kgnotes and code >= 2) or (not is_kgnotes and code > 1):
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(command)}\n{errors}")
    return elapsed, usage.ru_maxrss / 1024


def measure(command: list[str], cwd: Path, runs: int, before=None) -> Timing:
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        elapsed, peak = run_once(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return Timing(statistics.median(times), times, max(peaks))


def measure_interleaved(
    command: list[str], folders: dict[int, Path], runs: int
) -> dict[int, Timing]:
    """`command` on every corpus size in turn, `runs` rounds: the sizes of one round run
    back to back, so the growth from one size to the next is measured as paired ratios,
    not across minutes in which this machine's speed drifts (it does, by up to 30 %)."""
    times: dict[int, list[float]] = {size: [] for size in folders}
    peaks: dict[int, list[float]] = {size: [] for size in folders}
    for _ in range(runs):
        for size, folder in folders.items():
            elapsed, peak = run_once(command, folder)
            times[size].append(elapsed)
            peaks[size].append(peak)
    return {
        size: Timing(statistics.median(times[size]), times[size], max(peaks[size]))
        for size in folders
    }


def paired_growth(small: Timing, large: Timing) -> float:
    """Median of the per-round ratios large / small (rounds run both back to back)."""
    return statistics.median(b / a for a, b in zip(small.runs, large.runs, strict=True))


def install_peers() -> dict[str, list[str]]:
    """The peers' commands, installing them on first use (later runs reuse the folder)."""
    peers: dict[str, list[str]] = {}
    py_target = PEERS / "py"
    if not (py_target / "bin" / "rumdl").exists():
        subprocess.run(
            [
                PY,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
                str(py_target),
                "rumdl",
                "mdsmith",
            ],
            check=False,
        )
    if (py_target / "bin" / "rumdl").exists():
        peers["rumdl"] = [str(py_target / "bin" / "rumdl"), "check", "--no-cache", "notes"]
    mdsmith = py_target / "mdsmith" / "_bin" / "mdsmith"
    if mdsmith.exists():
        peers["mdsmith"] = [str(mdsmith), "check", "notes"]
    node_dir = PEERS / "node"
    cli = node_dir / "node_modules" / ".bin" / "markdownlint-cli2"
    if not cli.exists() and shutil.which("npm"):
        node_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(node_dir), "markdownlint-cli2"],
            check=False,
        )
    if cli.exists():
        peers["markdownlint-cli2"] = [str(cli), "notes/**/*.md"]
    return peers


def prepare(size: int) -> Path:
    folder = WORK / f"n{size}"
    generate(folder / "notes", size)
    (folder / "kgnotes.toml").write_text('paths = ["notes"]\n', encoding="utf-8")
    return folder


def clear_cache(folder: Path):
    def clear() -> None:
        shutil.rmtree(folder / ".kgnotes_cache", ignore_errors=True)

    return clear


def settle_time(html: Path) -> float | None:
    """Seconds until graph.html reports its layout settled in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(html.as_uri())
        page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=60_000)
        elapsed = time.perf_counter() - started
        browser.close()
    return elapsed


def compile_bytecode() -> None:
    """Byte-compile kgnotes, as `pip install` does for an installed package (pre-commit's
    hook environment included). An editable install run with PYTHONDONTWRITEBYTECODE set
    (as on these machines) would otherwise compile every module from source on every run:
    about 30 ms of the 0.15 s warm budget that no installed hook pays."""
    import compileall

    if not compileall.compile_dir(str(ROOT / "kgnotes"), quiet=1):
        raise SystemExit("bench: kgnotes did not byte-compile")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    peers = install_peers()
    compile_bytecode()
    kgnotes = [PY, "-m", "kgnotes"]
    results: dict[int, dict[str, Timing]] = {}
    settle: dict[int, float | None] = {}
    folders = {size: prepare(size) for size in args.sizes}
    check_command = [*kgnotes, "check", "--no-cache", "--exit-zero"]
    checks = measure_interleaved(check_command, folders, args.runs)
    for size in args.sizes:
        folder = folders[size]
        one_file = "notes/topic-00000.md"
        row: dict[str, Timing] = {}
        row["kgnotes check"] = checks[size]
        big_runs = max(1, args.runs if size <= 1000 else min(args.runs, 3))
        row["structure only"] = measure([*check_command, "--select", STRUCTURE], folder, big_runs)
        row["kgnotes build"] = measure(
            [*kgnotes, "build", "--out", "out"], folder, big_runs, before=clear_cache(folder)
        )
        hook = [*kgnotes, "check", "--whole-corpus", "--exit-zero", one_file]
        row["one file, cold"] = measure([*hook[:4], "--no-cache", *hook[4:]], folder, args.runs)
        run_once(hook, folder)  # prime the cache
        row["one file, warm"] = measure(hook, folder, args.runs)
        for name, command in peers.items():
            row[name] = measure(command, folder, args.runs)
        results[size] = row
        if not args.no_browser and size == 1000:
            settle[size] = settle_time(folder / "out" / "graph.html")
        print(f"\n{size:,} notes (median of {args.runs} runs; peak memory)")
        for name, timing in row.items():
            print(f"  {name:<20} {timing.median:8.3f} s   {timing.peak_mb:7.0f} MB")

    print("\nRatios (same run)")
    for size, row in results.items():
        check = row["kgnotes check"].median
        for peer in peers:
            if peer in row:
                print(
                    f"  {size:>6,} notes: kgnotes check / {peer:<18} = "
                    f"{check / row[peer].median:6.2f}"
                )
    if 1000 in results and 10000 in results:
        small, large = results[1000]["kgnotes check"], results[10000]["kgnotes check"]
        print(
            f"  growth 1,000 -> 10,000 notes (kgnotes check): "
            f"{paired_growth(small, large):.2f}x (median of paired runs; "
            f"ratio of medians {large.median / small.median:.2f}x)"
        )
    print("\nTargets")
    if 1000 in results:
        row = results[1000]
        check = row["kgnotes check"].median
        if "markdownlint-cli2" in row:
            ratio = check / row["markdownlint-cli2"].median
            print(
                f"  check 1k <= 0.25 x markdownlint-cli2: {ratio:.2f}  "
                f"{'met' if ratio <= 0.25 else 'NOT met'}"
            )
        if "rumdl" in row:
            ratio = check / row["rumdl"].median
            print(
                f"  check 1k <= 5 x rumdl:               {ratio:.2f}  "
                f"{'met' if ratio <= 5 else 'NOT met'}"
            )
        floor = row["structure only"].median
        shares = ", ".join(
            f"{floor / row[peer].median:.2f} x {peer}"
            for peer in ("markdownlint-cli2", "rumdl")
            if peer in row
        )
        if shares:
            print(f"    (structure rules only, the peers' job on kgnotes' parser: {shares})")
        warm = row["one file, warm"].median
        print(
            f"  one file warm <= 0.15 s:             {warm:.3f}  "
            f"{'met' if warm <= 0.15 else 'NOT met'}"
        )
        build = row["kgnotes build"].median
        print(
            f"  build 1k <= 10 s:                    {build:.2f}  "
            f"{'met' if build <= 10 else 'NOT met'}"
        )
        if settle.get(1000) is not None:
            print(
                f"  graph.html 1k settles <= 5 s:        {settle[1000]:.2f}  "
                f"{'met' if settle[1000] <= 5 else 'NOT met'}"
            )
    if 1000 in results and 10000 in results:
        growth = paired_growth(results[1000]["kgnotes check"], results[10000]["kgnotes check"])
        peak = results[10000]["kgnotes check"].peak_mb
        print(
            f"  10k <= 10.5 x 1k:                    {growth:.2f}  "
            f"{'met' if growth <= 10.5 else 'NOT met'}"
        )
        print(
            f"  10k peak memory <= 600 MB:           {peak:.0f}  "
            f"{'met' if peak <= 600 else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
