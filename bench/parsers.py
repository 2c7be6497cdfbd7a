"""Would a faster Markdown parser pay? Parse time of the generated notes, in one process.

    python3 bench/parsers.py                 # 1,000 notes, median of 5
    python3 bench/parsers.py --notes 10000 --runs 3

Times, on the same texts: markdown-it-py as kgnotes configures it (tokens only), kgnotes'
whole `parse_text` (those tokens turned into frozen `Note` models), and, when installed
(`pip install markdown-it-pyrs`), markdown-it-pyrs, a Rust port of markdown-it that builds
a syntax tree. It also prints the share of a `kgnotes check --no-cache --jobs 1` that the
parse takes (that check is one run, Python's start-up and imports included), so the gain a
faster parser could bring to a check is read off directly.

Only times are compared: markdown-it-pyrs returns a different tree (tight list items have
no paragraphs, source maps are character offsets), so adopting it means porting
kgnotes/parser.py and proving the `Note` models identical on every fixture.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from kgnotes.parser import markdown_parser, parse_text  # noqa: E402


def median_seconds(parse: Callable[[str, str], object], texts, runs: int) -> float:
    """Median time to parse every text once. Results are dropped as they come: keeping a
    thousand token lists alive would time the garbage collector walking them instead."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for path, text in texts:
            parse(text, path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        paths = generate(Path(folder) / "notes", args.notes)  # where `check` looks by default
        texts = [(str(path), path.read_text(encoding="utf-8")) for path in paths]
        size = sum(len(text) for _, text in texts)
        print(f"{len(texts):,} files, {size / 1e6:.1f} MB, median of {args.runs} runs")

        tokens_parser = markdown_parser()
        timings = {
            "markdown-it-py (tokens)": median_seconds(
                lambda text, _: tokens_parser.parse(text), texts, args.runs
            ),
            "kgnotes parse_text (models)": median_seconds(parse_text, texts, args.runs),
        }
        if importlib.util.find_spec("markdown_it_pyrs"):
            from markdown_it_pyrs import MarkdownIt

            rust = MarkdownIt("commonmark")
            timings["markdown-it-pyrs (tree)"] = median_seconds(
                lambda text, _: rust.tree(text), texts, args.runs
            )
        else:
            print("  (markdown-it-pyrs not installed: pip install markdown-it-pyrs)")

        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kgnotes", "check", "--no-cache", "--exit-zero", "--jobs", "1"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's kgnotes
        )
        check = time.perf_counter() - started

    base = timings["markdown-it-py (tokens)"]
    for name, seconds in timings.items():
        print(f"  {name:<30} {seconds:7.3f} s   {seconds / base:5.2f} x markdown-it-py")
    print(f"  {'kgnotes check, one process':<30} {check:7.3f} s   (one run, start-up included)")
    print(f"  markdown-it-py's share of that check: {base / check:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
