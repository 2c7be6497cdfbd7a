"""Check an evaluation set against its own rules; print counts per kind and per file.

    python3 tests/eval/validate.py            # the development set (tests/eval)
    python3 tests/eval/holdout/validate.py    # the held-out set

Exit status 1 on any problem. Notes are read with kgnotes' own parser, so a label that
points at text the tool cannot see as a question or a fact is caught here.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kgnotes.parser import parse_text

KINDS = {"plain", "paraphrase", "typo", "acronym", "leadin", "scenario", "unanswerable"}


@dataclass(frozen=True)
class Minimums:
    kinds: dict[str, int] = field(
        default_factory=lambda: {
            "plain": 30,
            "paraphrase": 30,
            "typo": 10,
            "acronym": 12,
            "leadin": 12,
            "scenario": 6,
            "unanswerable": 45,
        }
    )
    files: int = 15
    questions: int = 170
    pairs: int = 40  # of each kind, duplicate and not


def _notes(path: Path) -> list[dict]:
    parsed = parse_text(path.read_text(encoding="utf-8"), path.name)
    return [
        {
            "title": note.title,
            "questions": [q.text for q in note.questions],
            "facts": [f.text for f in note.facts],
            "answers": [note.scenario_answer.text] if note.scenario_answer else [],
        }
        for note in parsed.notes
    ]


def problems_in(folder: Path, minimums: Minimums) -> tuple[list[str], str]:
    notes_dir = folder / "answerability"
    labels = tomllib.loads((notes_dir / "labels.toml").read_text(encoding="utf-8"))["question"]
    parsed = {p.name: _notes(p) for p in sorted(notes_dir.glob("*.md"))}
    problems: list[str] = []
    seen: Counter = Counter()
    for entry in labels:
        file, text = entry["file"], entry["text"]
        seen[(file, text)] += 1
        if entry["kind"] not in KINDS:
            problems.append(f"{file}: unknown kind {entry['kind']!r}")
        if entry["answered"] != (entry["kind"] != "unanswerable"):
            problems.append(f"{file}: answered/kind mismatch: {text}")
        if entry["answered"] != bool(entry["supporting"]):
            problems.append(f"{file}: answered/supporting mismatch: {text}")
        notes = [n for n in parsed.get(file, []) if text in n["questions"]]
        if not notes:
            problems.append(f"{file}: label text is not a question: {text}")
            continue
        for fact in entry["supporting"]:
            if not any(fact in n["facts"] + n["answers"] for n in notes):
                problems.append(f"{file}: supporting text is not a fact of its note: {fact}")
    for file, notes in parsed.items():
        for note in notes:
            if not 4 <= len(note["facts"]) <= 10:
                problems.append(f"{file}: note {note['title']!r} has {len(note['facts'])} facts")
            if len(set(note["questions"])) != len(note["questions"]):
                problems.append(f"{file}: duplicate question in note {note['title']!r}")
            for question in note["questions"]:
                if seen[(file, question)] != 1:
                    problems.append(f"{file}: {seen[(file, question)]} labels for: {question}")
    kinds = Counter(e["kind"] for e in labels)
    for kind, least in minimums.kinds.items():
        if kinds[kind] < least:
            problems.append(f"kind {kind}: {kinds[kind]} < {least}")
    if len(parsed) < minimums.files or len(labels) < minimums.questions:
        problems.append(f"{len(parsed)} files, {len(labels)} questions")
    pairs = tomllib.loads((folder / "duplicates.toml").read_text(encoding="utf-8"))["pair"]
    duplicate = Counter(p["duplicate"] for p in pairs)
    if duplicate[True] < minimums.pairs or duplicate[False] < minimums.pairs:
        problems.append(f"duplicates: {duplicate[True]} true, {duplicate[False]} false")
    keys = [frozenset((p["a"], p["b"])) for p in pairs]
    if len(set(keys)) != len(keys) or any(p["a"] == p["b"] for p in pairs):
        problems.append("duplicates: repeated or self pair")
    summary = (
        f"questions per kind: {dict(sorted(kinds.items()))} total {len(labels)}\n"
        f"questions per file: {dict(sorted(Counter(e['file'] for e in labels).items()))}\n"
        f"duplicate pairs: true {duplicate[True]} false {duplicate[False]}"
    )
    return problems, summary


def main(folder: Path, minimums: Minimums) -> int:
    problems, summary = problems_in(folder, minimums)
    print(summary)
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, Minimums()))
