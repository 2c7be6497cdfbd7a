"""Precision, recall and F1 of `unanswered-question` and of reworded duplicate questions on
the labelled set in tests/eval/ (written for kgnotes; see tests/eval/README.md).

    python3 bench/eval_answerability.py            # figures, then the misses
    python3 bench/eval_answerability.py --quiet    # figures only

For `unanswered-question` the positive class is "flagged as unanswered". The cross-validated
F1 chooses the threshold on the other topics (leave one topic file out) and applies it to the
held-out topic, so no topic is scored with a threshold tuned on itself.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgnotes.answers import AnswerOptions, answer_note  # noqa: E402
from kgnotes.parser import parse_text  # noqa: E402
from kgnotes.similar import SimilarityIndex  # noqa: E402
from kgnotes.text.terms import (  # noqa: E402
    content_terms,
    entity_terms,
    load_synonyms,
    word_initials,
)

EVAL = ROOT / "tests" / "eval"
SETS = {"dev": EVAL, "holdout": EVAL / "holdout"}
GRID = [round(0.20 + 0.01 * step, 2) for step in range(71)]  # 0.20 .. 0.90


@dataclass(frozen=True)
class Scored:
    topic: str
    question: str
    kind: str
    answered: bool  # the label
    score: float
    method: str
    supporting_line_text: str
    picked_right: bool  # the best fact is one of the labelled supporting facts


def score_questions(options: AnswerOptions | None = None, folder: Path = EVAL) -> list[Scored]:
    options = options or AnswerOptions()
    synonyms = load_synonyms()
    labels = tomllib.loads((folder / "answerability" / "labels.toml").read_text())["question"]
    by_key = {(label["file"], label["text"]): label for label in labels}
    scored = []
    for path in sorted((folder / "answerability").glob("*.md")):
        parsed = parse_text(path.read_text(encoding="utf-8"), path.name)
        for note in parsed.notes:
            for answer in answer_note(note, synonyms, options):
                label = by_key[(path.name, answer.question)]
                best = answer.supporting[0].text if answer.supporting else ""
                shown = [support.text for support in answer.supporting]
                right = any(fact in text for fact in label["supporting"] for text in shown)
                scored.append(
                    Scored(
                        path.stem,
                        answer.question,
                        label["kind"],
                        label["answered"],
                        answer.score,
                        answer.method,
                        best,
                        right,
                    )
                )
    return scored


def confusion(items: list[Scored], threshold: float) -> Counter:
    counts: Counter = Counter()
    for item in items:
        flagged = item.score < threshold  # unanswered
        truly_unanswered = not item.answered
        counts[
            "tp"
            if flagged and truly_unanswered
            else "fp"
            if flagged
            else "fn"
            if truly_unanswered
            else "tn"
        ] += 1
    return counts


def prf(counts: Counter) -> tuple[float, float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(items: list[Scored]) -> float:
    # Highest F1; ties go to the threshold nearest the middle of the tied range.
    results = [(prf(confusion(items, t))[2], t) for t in GRID]
    top = max(f1 for f1, _ in results)
    tied = [t for f1, t in results if f1 >= top - 1e-9]
    return tied[len(tied) // 2]


def cross_validated(items: list[Scored]) -> tuple[Counter, dict[str, float]]:
    total: Counter = Counter()
    chosen = {}
    for topic in sorted({item.topic for item in items}):
        train = [item for item in items if item.topic != topic]
        test = [item for item in items if item.topic == topic]
        chosen[topic] = best_threshold(train)
        total += confusion(test, chosen[topic])
    return total, chosen


def duplicate_pairs(folder: Path = EVAL) -> list[dict]:
    return tomllib.loads((folder / "duplicates.toml").read_text())["pair"]


def evaluate_duplicates(
    threshold: float, folder: Path = EVAL
) -> tuple[Counter, list[tuple[str, str, bool, bool]]]:
    """Runs the real index (candidates through rare terms, then scoring) over every question
    of the duplicate set plus the answerability questions, as one corpus."""
    synonyms = load_synonyms()
    pairs = duplicate_pairs(folder)
    labels = tomllib.loads((folder / "answerability" / "labels.toml").read_text())["question"]
    texts = list(
        dict.fromkeys(
            [p["a"] for p in pairs] + [p["b"] for p in pairs] + [label["text"] for label in labels]
        )
    )
    position = {text: i for i, text in enumerate(texts)}
    index = SimilarityIndex(
        [frozenset(content_terms(t, synonyms)) for t in texts],
        [entity_terms(t, synonyms) for t in texts],
        [word_initials(t) for t in texts],
    )
    found = {frozenset((texts[p.later], texts[p.earlier])) for p in index.pairs(threshold)}
    # pairs() keeps each text's best match only; also score every labelled pair directly so
    # a text in two labelled pairs is judged on both.
    counts: Counter = Counter()
    outcomes = []
    for pair in pairs:
        key = frozenset((pair["a"], pair["b"]))
        a, b = position[pair["a"]], position[pair["b"]]
        later, earlier = max(a, b), min(a, b)
        direct = any(
            p.later == later and p.earlier == earlier for p in _pairs_for(index, later, threshold)
        )
        predicted = key in found or direct
        actual = pair["duplicate"]
        counts[
            "tp" if predicted and actual else "fp" if predicted else "fn" if actual else "tn"
        ] += 1
        outcomes.append((pair["a"], pair["b"], actual, predicted))
    return counts, outcomes


def _pairs_for(index: SimilarityIndex, position: int, threshold: float):
    terms = index.term_sets[position]
    for other in index.candidates(position):
        if other >= position:
            continue
        if index.differ_in_kind(position, other):
            continue
        score, _shared = index.similarity(terms, index.term_sets[other])
        if score >= threshold:
            yield type("P", (), {"later": position, "earlier": other, "score": score})


def report(name: str, folder: Path, verbose: bool) -> None:
    options = AnswerOptions()
    items = score_questions(options, folder)
    print(f"== {name} set ({folder.relative_to(ROOT)})")
    print(
        f"unanswered-question: {len(items)} questions, "
        f"{sum(not i.answered for i in items)} labelled unanswered"
    )
    fixed = confusion(items, options.threshold)
    p, r, f = prf(fixed)
    print(
        f"  default threshold {options.threshold:.2f}: precision {p:.3f} recall {r:.3f} "
        f"F1 {f:.3f}  ({dict(sorted(fixed.items()))})"
    )
    cv, chosen = cross_validated(items)
    p, r, f = prf(cv)
    spread = sorted(set(chosen.values()))
    print(
        f"  cross-validated (leave one topic out, thresholds {spread[0]:.2f}-{spread[-1]:.2f}):"
        f" precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
    )
    by_kind: dict[str, Counter] = {}
    for item in items:
        flagged = item.score < options.threshold
        by_kind.setdefault(item.kind, Counter())[
            "right" if flagged != item.answered else "wrong"
        ] += 1
    answered = [i for i in items if i.answered and i.score >= options.threshold]
    right = sum(i.picked_right for i in answered)
    print(
        f"  supporting fact shown is a labelled one: {right}/{len(answered)} answered "
        f"questions ({100 * right / max(len(answered), 1):.0f}%)"
    )
    print(
        "  by kind (default threshold): "
        + ", ".join(
            f"{kind} {c['right']}/{c['right'] + c['wrong']}" for kind, c in sorted(by_kind.items())
        )
    )

    from kgnotes.rules.kgn201_duplicate_question import Options as DuplicateOptions

    dup_threshold = DuplicateOptions().reworded_threshold
    counts, outcomes = evaluate_duplicates(dup_threshold, folder)
    p, r, f = prf(counts)
    print(
        f"reworded duplicate questions: {len(outcomes)} labelled pairs, threshold "
        f"{dup_threshold:.2f}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
        f"({dict(sorted(counts.items()))})"
    )
    sweep = []
    for step in range(40, 91, 10):
        p, r, f = prf(evaluate_duplicates(step / 100, folder)[0])
        sweep.append(f"{step / 100:.2f}:{f:.2f}")
    print("  F1 by threshold: " + " ".join(sweep))
    if verbose:
        print("\nmisses (unanswered-question, default threshold):")
        for item in items:
            flagged = item.score < options.threshold
            if flagged == item.answered:
                verdict = "FLAGGED but answered" if flagged else "MISSED unanswered"
                print(
                    f"  [{item.kind}] {verdict} {item.score:.2f} {item.topic}: {item.question}"
                    f"\n      best: {item.supporting_line_text[:110]}"
                )
        print("\nmisses (duplicates):")
        for a, b, actual, predicted in outcomes:
            if actual != predicted:
                print(f"  {'MISSED' if actual else 'FALSE'}: {a} | {b}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="figures only")
    parser.add_argument("--set", choices=["dev", "holdout", "both"], default="both")
    args = parser.parse_args(argv)
    for name, folder in SETS.items():
        if args.set in (name, "both") and (folder / "duplicates.toml").exists():
            # The held-out set is for measuring only: its misses are not printed.
            report(name, folder, verbose=not args.quiet and name == "dev")
    return 0


if __name__ == "__main__":
    sys.exit(main())
