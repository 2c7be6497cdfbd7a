"""Check an evaluation folder (by default this holdout folder) against the dev-set rules.

A copy of tests/eval/validate.py that takes the folder to check as its argument and uses the
holdout set's minimum counts. Print counts per kind and per file.

Run: python tests/eval/holdout/validate.py [FOLDER]   (exit status 1 on any problem)
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent
NOTES = HERE / "answerability"
KINDS = {"plain", "paraphrase", "typo", "acronym", "leadin", "scenario", "unanswerable"}
MINIMUM = {
    "plain": 25,
    "paraphrase": 25,
    "typo": 10,
    "acronym": 10,
    "leadin": 10,
    "scenario": 5,
    "unanswerable": 45,
}
MIN_FILES, MIN_QUESTIONS, MIN_PAIRS = 12, 150, 30
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")


def parse(path: Path) -> list[dict]:
    """Split a file into notes: questions, facts (bullets and lead-in items), scenario answers."""
    notes: list[dict] = []
    note = None
    in_questions = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == "---":
            note, in_questions = None, False
            continue
        heading = re.match(r"^(#+)\s+(.*?)\s*$", line)
        if heading:
            title = heading.group(2).rstrip(":").strip()
            if len(heading.group(1)) <= 2:
                note = {"title": title, "questions": [], "facts": [], "answers": []}
                notes.append(note)
                in_questions = False
            else:
                in_questions = title.lower() == "questions"
            continue
        if note is None:
            continue
        item = BULLET.match(line)
        if item:
            (note["questions"] if in_questions else note["facts"]).append(item.group(1))
        elif re.match(r"^_(.+)_\s*$", line.strip()):
            note["answers"].append(line.strip()[1:-1])
    return notes


def main() -> int:
    problems: list[str] = []
    labels = tomllib.loads((HERE / "answerability" / "labels.toml").read_text(encoding="utf-8"))[
        "question"
    ]
    parsed = {p.name: parse(p) for p in sorted(NOTES.glob("*.md"))}

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
            problems.append(f"{file}: label text is not a question line: {text}")
            continue
        file_text = (NOTES / file).read_text(encoding="utf-8")
        for fact in entry["supporting"]:
            if fact not in file_text:
                problems.append(f"{file}: supporting text not in file: {fact}")
            elif not any(fact in n["facts"] + n["answers"] for n in notes):
                problems.append(
                    f"{file}: supporting text is not a fact of the question's note: {fact}"
                )

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
    for kind, least in MINIMUM.items():
        if kinds[kind] < least:
            problems.append(f"kind {kind}: {kinds[kind]} < {least}")
    if len(parsed) < MIN_FILES or len(labels) < MIN_QUESTIONS:
        problems.append(f"{len(parsed)} files, {len(labels)} questions")

    pairs = tomllib.loads((HERE / "duplicates.toml").read_text(encoding="utf-8"))["pair"]
    dup = Counter(p["duplicate"] for p in pairs)
    if dup[True] < MIN_PAIRS or dup[False] < MIN_PAIRS:
        problems.append(f"duplicates: {dup[True]} true, {dup[False]} false")
    keys = [frozenset((p["a"], p["b"])) for p in pairs]
    if len(set(keys)) != len(keys) or any(p["a"] == p["b"] for p in pairs):
        problems.append("duplicates: repeated or self pair")

    print("questions per kind:", dict(sorted(kinds.items())), "total", len(labels))
    per_file = Counter(e["file"] for e in labels)
    print("questions per file:", dict(sorted(per_file.items())))
    print("duplicate pairs: true", dup[True], "false", dup[False])
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
