"""Load time, encode time and peak memory of the numpy MiniLM encoder, each run in a fresh
process (python3 bench/semantic/measure.py [--runs N] [--evict]).

--evict drops the weights file from the page cache first (posix_fadvise DONTNEED), so the
first encode reads them from disk, as on a first run after boot.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def sentences(count: int, facts: bool = False) -> list[str]:
    """Short sentences from the dev set: its questions and duplicate-pair questions (with
    `facts`, its fact lines instead), repeated until there are `count`."""
    import tomllib

    dev = ROOT / "tests" / "eval"
    texts = [
        q["text"]
        for q in tomllib.loads((dev / "answerability" / "labels.toml").read_text())["question"]
    ]
    for pair in tomllib.loads((dev / "duplicates.toml").read_text())["pair"]:
        texts += [pair["a"], pair["b"]]
    if facts:
        texts = [
            line[2:]
            for path in sorted((dev / "answerability").glob("*.md"))
            for line in path.read_text().splitlines()
            if line.startswith("- ") and not line.endswith("?")
        ]
    texts = list(dict.fromkeys(texts))
    return (texts * (count // len(texts) + 1))[:count]


def child(count: int, facts: bool) -> None:
    started = time.perf_counter()
    import resource

    import numpy  # noqa: F401

    numpy_at = time.perf_counter() - started
    sys.path.insert(0, str(HERE))
    from minilm import Encoder

    encoder = Encoder.load()
    loaded_at = time.perf_counter() - started
    encoder.encode(["How long does SQS keep a message by default?"])
    first_at = time.perf_counter() - started
    rss_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    texts = sentences(count, facts)
    tokens = sum(sum(e.attention_mask) for e in encoder.tokenizer.encode_batch(texts)) / len(texts)
    began = time.perf_counter()
    encoder.encode(texts)
    encode_s = time.perf_counter() - began
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            dict(
                numpy=numpy_at,
                loaded=loaded_at,
                load_only=encoder.load_seconds,
                first=first_at,
                encode=encode_s,
                tokens=tokens,
                rss_load=rss_load,
                rss=rss,
            )
        )
    )


def evict() -> None:
    sys.path.insert(0, str(HERE))
    from minilm import model_dir

    fd = os.open(model_dir() / "model.safetensors", os.O_RDONLY)
    os.fsync(fd)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--evict", action="store_true")
    parser.add_argument("--facts", action="store_true", help="encode fact lines, not questions")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.count, args.facts)
        return
    runs = []
    for _ in range(args.runs):
        if args.evict:
            evict()
        began = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--count", str(args.count)]
            + ["--facts"] * args.facts,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append({**json.loads(out), "process": time.perf_counter() - began})
    for key in runs[0]:
        values = [run[key] for run in runs]
        print(
            f"{key:10s} median {statistics.median(values):8.3f}  "
            f"min {min(values):8.3f}  max {max(values):8.3f}"
        )


if __name__ == "__main__":
    main()
