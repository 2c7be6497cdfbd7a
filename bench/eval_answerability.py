"""Precision, recall and F1 of `unanswered-question` and of reworded duplicate questions on
the labelled set in tests/eval/ (written for kgnotes; see tests/eval/README.md).

    python3 bench/eval_answerability.py            # figures, then the misses
    python3 bench/eval_answerability.py --quiet    # figures only
    python3 bench/eval_answerability.py --semantic # with the optional model (kgnotes[semantic])

For `unanswered-question` the positive class is "flagged as unanswered". The cross-validated
F1 chooses the threshold on the other topics (leave one topic file out) and applies it to the
held-out topic, so no topic is scored with a threshold tuned on itself. With --semantic both
thresholds (terms and meaning) are chosen that way, as a pair.
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
from kgnotes.text.acronyms import term_sets_meeting_acronyms  # noqa: E402
from kgnotes.text.quantities import question_opening, value_kind  # noqa: E402
from kgnotes.text.terms import (  # noqa: E402
    entity_terms,
    load_synonyms,
    word_initials,
)

EVAL = ROOT / "tests" / "eval"
SETS = {"dev": EVAL, "holdout": EVAL / "holdout"}
GRID = [round(0.20 + 0.01 * step, 2) for step in range(71)]  # 0.20 .. 0.90
SEMANTIC_GRID = [round(0.20 + 0.01 * step, 2) for step in range(41)]  # 0.20 .. 0.60


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
    semantic: float = -1.0  # the meaning score, with --semantic (-1: never answers)


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
                        -1.0 if answer.semantic_score is None else answer.semantic_score,
                    )
                )
    return scored


def confusion(items: list[Scored], threshold: float, semantic: float = 2.0) -> Counter:
    """Flagged: below `threshold` on terms and below `semantic` on meaning (2.0: off)."""
    counts: Counter = Counter()
    for item in items:
        flagged = item.score < threshold and item.semantic < semantic  # unanswered
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


def best_threshold(items: list[Scored], semantic: bool = False) -> tuple[float, float]:
    """(terms threshold, meaning threshold) of highest F1; ties go to the pair nearest the
    middle of the tied range. Without `semantic` the meaning threshold is 2.0 (off)."""
    pairs = [(t, s) for t in GRID for s in (SEMANTIC_GRID if semantic else [2.0])]
    results = [(prf(confusion(items, t, s))[2], (t, s)) for t, s in pairs]
    top = max(f1 for f1, _ in results)
    tied = [pair for f1, pair in results if f1 >= top - 1e-9]
    return tied[len(tied) // 2]


def cross_validated(
    items: list[Scored], semantic: bool = False
) -> tuple[Counter, dict[str, tuple[float, float]]]:
    total: Counter = Counter()
    chosen = {}
    for topic in sorted({item.topic for item in items}):
        train = [item for item in items if item.topic != topic]
        test = [item for item in items if item.topic == topic]
        chosen[topic] = best_threshold(train, semantic)
        total += confusion(test, *chosen[topic])
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
        term_sets_meeting_acronyms(texts, synonyms),
        [entity_terms(t, synonyms) for t in texts],
        [word_initials(t) for t in texts],
        lambda at: value_kind(texts[at]),
        questions=True,
        openings=lambda at: question_opening(texts[at]),
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


def _pairs_for(index: SimilarityIndex, position: int, threshold: float, min_terms: int = 2):
    """The pairs `index.pairs` could give `position`, every one and not only the best,
    with its `min_terms` (duplicate-question's): a question of fewer terms pairs only with
    one of exactly its terms, here as there."""
    terms = index.term_sets[position]
    short = len(terms) < min_terms  # a question pairs only with one of exactly its terms
    for other in index.candidates(position):
        if other >= position:
            continue
        if (
            not index._asks_alike(position, other)
            if short
            else len(index.term_sets[other]) < min_terms
        ):
            continue
        if index.differ_in_kind(position, other):
            continue
        score, _shared = index.similarity(terms, index.term_sets[other])
        if score >= threshold:
            yield type("P", (), {"later": position, "earlier": other, "score": score})


def report(name: str, folder: Path, verbose: bool, semantic: bool = False) -> None:
    options = AnswerOptions(semantic=semantic)
    items = score_questions(options, folder)
    cut = options.semantic_threshold if semantic else 2.0  # the meaning threshold

    def flagged_by_default(item: Scored) -> bool:
        return item.score < options.threshold and item.semantic < cut

    print(f"== {name} set ({folder.relative_to(ROOT)})" + (" with --semantic" if semantic else ""))
    print(
        f"unanswered-question: {len(items)} questions, "
        f"{sum(not i.answered for i in items)} labelled unanswered"
    )
    fixed = confusion(items, options.threshold, cut)
    p, r, f = prf(fixed)
    default = f"{options.threshold:.2f}" + (f", meaning {cut:.2f}" if semantic else "")
    print(
        f"  default threshold {default}: precision {p:.3f} recall {r:.3f} "
        f"F1 {f:.3f}  ({dict(sorted(fixed.items()))})"
    )
    cv, chosen = cross_validated(items, semantic)
    p, r, f = prf(cv)
    terms = sorted({pair[0] for pair in chosen.values()})
    spread = f"thresholds {terms[0]:.2f}-{terms[-1]:.2f}"
    if semantic:
        meaning = sorted({pair[1] for pair in chosen.values()})
        spread += f", meaning {meaning[0]:.2f}-{meaning[-1]:.2f}"
    print(
        f"  cross-validated (leave one topic out, {spread}):"
        f" precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
    )
    by_kind: dict[str, Counter] = {}
    for item in items:
        flagged = flagged_by_default(item)
        by_kind.setdefault(item.kind, Counter())[
            "right" if flagged != item.answered else "wrong"
        ] += 1
    answered = [i for i in items if i.answered and not flagged_by_default(i)]
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
            flagged = flagged_by_default(item)
            if flagged == item.answered:
                verdict = "FLAGGED but answered" if flagged else "MISSED unanswered"
                print(
                    f"  [{item.kind}] {verdict} {item.score:.2f}"
                    + (f" meaning {item.semantic:.2f}" if semantic else "")
                    + f" {item.topic}: {item.question}"
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
    parser.add_argument(
        "--semantic", action="store_true", help="with the optional model (kgnotes[semantic])"
    )
    args = parser.parse_args(argv)
    for name, folder in SETS.items():
        if args.set in (name, "both") and (folder / "duplicates.toml").exists():
            # The held-out set is for measuring only: its misses are not printed.
            report(name, folder, not args.quiet and name == "dev", args.semantic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
