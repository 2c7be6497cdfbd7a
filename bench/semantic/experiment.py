"""Does an optional semantic scorer (all-MiniLM-L6-v2, numpy) beat the lexical one?

    python3 bench/semantic/experiment.py             # dev set: CV figures, then the misses
    python3 bench/semantic/experiment.py --holdout   # also the held-out set, parameters from dev

Everything is chosen on the dev set. For `unanswered-question` each rule's parameters are
chosen by leave-one-topic-out cross-validation, as bench/eval_answerability.py chooses its
threshold; the parameters chosen on the whole dev set are then applied, unchanged, to the
held-out set. For duplicates each rule's threshold is chosen on the dev pairs and applied
unchanged to the held-out pairs, on two populations: the labelled pairs alone (A), and A plus
every pair of questions within one note (B: hard negatives, which duplicates.toml lacks).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(HERE)]

from eval_answerability import SETS, evaluate_duplicates  # noqa: E402
from minilm import Encoder  # noqa: E402

from kgnotes.answers import AnswerOptions, _note_units, answer_note, note_acronyms  # noqa: E402
from kgnotes.parser import parse_text  # noqa: E402
from kgnotes.semantic import Encoder as WordLlamaEncoder  # noqa: E402
from kgnotes.similar import _LIGHT, QUALIFIERS, SimilarityIndex  # noqa: E402
from kgnotes.text.quantities import asked_type, can_answer, value_kind  # noqa: E402
from kgnotes.text.terms import (  # noqa: E402
    content_terms,
    entity_terms,
    load_synonyms,
    stem,
    terms_with_words,
    word_initials,
)


def grid(low: float, high: float, step: float = 0.01) -> list[float]:
    return [round(low + step * i, 2) for i in range(round((high - low) / step) + 1)]


LEXICAL = grid(0.20, 0.90)  # eval_answerability's GRID
COSINE = grid(0.30, 0.95)
DUPLICATE = grid(0.20, 0.99)
BLEND = grid(0.0, 1.0, 0.1)


@dataclass
class Question:
    topic: str
    text: str
    kind: str
    answered: bool  # the label
    lexical: float  # kgnotes' score, type and qualifier penalties included
    cosine: float  # best cosine over the note's units
    gated: float  # best cosine over the units that can give the asked kind of value
    best_unit: str  # the unit of `gated`


def score_set(folder: Path, encoder: Encoder | WordLlamaEncoder) -> list[Question]:
    synonyms = load_synonyms()
    labels = tomllib.loads((folder / "answerability" / "labels.toml").read_text())["question"]
    by_key = {(label["file"], label["text"]): label for label in labels}
    out = []
    for path in sorted((folder / "answerability").glob("*.md")):
        for note in parse_text(path.read_text(encoding="utf-8"), path.name).notes:
            acronyms = note_acronyms(note)
            units = _note_units(note, synonyms, acronyms)  # the lexical scorer's own units
            answers = answer_note(note, synonyms, AnswerOptions())
            vectors = encoder.encode([a.question for a in answers] + [u.text for u in units])
            cosines = vectors[: len(answers)] @ vectors[len(answers) :].T
            for answer, row in zip(answers, cosines, strict=True):
                can = [answers_kind(answer.question, unit, synonyms, acronyms) for unit in units]
                gated = np.where(can, row, 0.0)
                label = by_key[(path.name, answer.question)]
                out.append(
                    Question(
                        path.stem,
                        answer.question,
                        label["kind"],
                        label["answered"],
                        answer.score,
                        float(row.max()),
                        float(gated.max()),
                        units[int(gated.argmax())].text,
                    )
                )
    return out


def answers_kind(question: str, unit, synonyms, acronyms) -> bool:
    """kgnotes' two gates, as the lexical scorer applies them: the unit holds a value of the
    asked kind (a duration for "how long", a count near the counted thing for "how many"),
    and it names the qualifier the question asks for (default / maximum / minimum)."""
    answer_type = asked_type(question)
    counted = {synonyms.canonical(stem(word)) for word in answer_type.counted}
    if not can_answer(answer_type, unit.text, counted, list(unit.word_stems)):
        return False
    asked = {term for term, _ in terms_with_words(question, synonyms, acronyms)} & QUALIFIERS
    return asked <= unit.terms


# --- unanswered-question rules: each maps parameters to "answered" for every question ---


def rules(items: list[Question]) -> dict[str, tuple[list[tuple], np.ndarray]]:
    """name -> (parameter tuples, answered[parameters, questions])."""
    lex = np.array([q.lexical for q in items])
    cos = np.array([q.cosine for q in items])
    gated = np.array([q.gated for q in items])
    found: dict[str, tuple[list[tuple], np.ndarray]] = {}

    def add(name, params, predict):
        params = list(params)
        found[name] = (params, np.array([predict(*p) for p in params]))

    add("lexical >= a", [(a,) for a in LEXICAL], lambda a: lex >= a)
    add("cosine >= b", [(b,) for b in COSINE], lambda b: cos >= b)
    add("gated cosine >= b", [(b,) for b in COSINE], lambda b: gated >= b)
    pairs = list(itertools.product(LEXICAL, COSINE))
    add("lexical >= a OR cosine >= b", pairs, lambda a, b: (lex >= a) | (cos >= b))
    add("lexical >= a OR gated cosine >= b", pairs, lambda a, b: (lex >= a) | (gated >= b))
    blend = list(itertools.product(BLEND, LEXICAL))
    add("w*lexical + (1-w)*gated cosine >= t", blend, lambda w, t: w * lex + (1 - w) * gated >= t)
    return found


def counts(answered: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """tp, fp, fn along the last axis; the positive class is "flagged as unanswered"."""
    flagged, unanswered = ~answered, ~truth
    return np.stack(
        [
            (flagged & unanswered).sum(-1),
            (flagged & ~unanswered).sum(-1),
            (~flagged & unanswered).sum(-1),
        ],
        -1,
    )


def prf(c) -> tuple[float, float, float]:
    tp, fp, fn = (float(v) for v in c)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def choose(params: list[tuple], c: np.ndarray) -> int:
    """Highest F1; ties go to the middle of the tied range (one parameter, as in
    eval_answerability) or the tied point nearest the centre of the tied set (two)."""
    f1 = np.array([prf(row)[2] for row in c])
    tied = np.flatnonzero(f1 >= f1.max() - 1e-9)
    if len(params[0]) == 1:
        return int(tied[len(tied) // 2])
    points = np.array([params[i] for i in tied], float)
    return int(tied[np.argmin(((points - points.mean(0)) ** 2).sum(1))])


def cross_validate(params, answered, items) -> tuple[np.ndarray, list[tuple]]:
    truth = np.array([q.answered for q in items])
    topics = np.array([q.topic for q in items])
    total, chosen = np.zeros(3, int), []
    for topic in sorted(set(topics)):
        test = topics == topic
        pick = choose(params, counts(answered[:, ~test], truth[~test]))
        chosen.append(params[pick])
        total += counts(answered[pick, test], truth[test])
    return total, chosen


def fmt(c) -> str:
    p, r, f = prf(c)
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {c[0]} fp {c[1]} fn {c[2]})"


def report_answerability(dev: list[Question], holdout: list[Question] | None) -> dict[str, tuple]:
    print(
        f"unanswered-question, dev: {len(dev)} questions, "
        f"{sum(not q.answered for q in dev)} unanswered"
    )
    dev_rules = rules(dev)
    fixed = {}
    for name, (params, answered) in dev_rules.items():
        cv, chosen = cross_validate(params, answered, dev)
        truth = np.array([q.answered for q in dev])
        fixed[name] = params[choose(params, counts(answered, truth))]
        spread = ", ".join(
            f"{min(p[i] for p in chosen):.2f}-{max(p[i] for p in chosen):.2f}"
            for i in range(len(chosen[0]))
        )
        print(f"  {name:38s} dev LOTO-CV {fmt(cv)}  per-fold params {spread}")
    print(
        "  parameters chosen on the whole dev set: "
        + "; ".join(f"{n}: {p}" for n, p in fixed.items())
    )
    if holdout is not None:
        print(f"unanswered-question, HELD-OUT: {len(holdout)} questions, parameters fixed from dev")
        truth = np.array([q.answered for q in holdout])
        for name, (params, answered) in rules(holdout).items():
            print(
                f"  {name:38s} {fixed[name]}  "
                f"{fmt(counts(answered[params.index(fixed[name])], truth))}"
            )
        default = counts(np.array([q.lexical >= AnswerOptions().threshold for q in holdout]), truth)
        print(f"  {'lexical, default threshold 0.50':38s} {fmt(default)}")
    return fixed


# --- reworded duplicates ---


@dataclass
class Pair:
    a: str
    b: str
    duplicate: bool
    labelled: bool  # from duplicates.toml; else two questions of one note (a hard negative)
    cosine: float
    lexical: float  # SimilarityIndex.similarity, the lexical index's score
    veto: bool  # SimilarityIndex.differ_in_kind
    narrow_veto: bool  # only its first two clauses, see qualifier_or_swap


def qualifier_or_swap(index: SimilarityIndex, a: int, b: int) -> bool:
    """The first two clauses of SimilarityIndex.differ_in_kind: the two texts ask for a
    different qualifier (default / maximum / minimum), or one or two words of an otherwise
    equal question are swapped for others ("basic" / "detailed", "ALB" / "NLB")."""
    terms_a, terms_b = index.term_sets[a], index.term_sets[b]
    if (terms_a & QUALIFIERS) != (terms_b & QUALIFIERS):
        return True
    only_a = {t for t in terms_a - terms_b if t not in _LIGHT}
    only_b = {t for t in terms_b - terms_a if t not in _LIGHT}
    return 1 <= len(only_a) <= 2 and 1 <= len(only_b) <= 2 and len(terms_a & terms_b) >= 2


def score_pairs(folder: Path, encoder: Encoder | WordLlamaEncoder) -> list[Pair]:
    """The labelled pairs, then every pair of questions within one note of the answerability
    set: a note never asks the same thing twice, and its questions are deliberately close
    (the default / the maximum of one setting), so they are the negatives that a real corpus
    is full of and that duplicates.toml, with near pairs only, cannot show."""
    synonyms = load_synonyms()
    labelled = tomllib.loads((folder / "duplicates.toml").read_text())["pair"]
    same_note = []
    for path in sorted((folder / "answerability").glob("*.md")):
        for note in parse_text(path.read_text(encoding="utf-8"), path.name).notes:
            texts = [q.text for q in note.questions]
            same_note += [
                {"a": a, "b": b, "duplicate": False} for a, b in itertools.combinations(texts, 2)
            ]
    pairs = labelled + same_note
    # One index over all the texts, as eval_answerability.evaluate_duplicates builds it.
    texts = list(dict.fromkeys(t for p in pairs for t in (p["a"], p["b"])))
    position = {text: i for i, text in enumerate(texts)}
    index = SimilarityIndex(
        [frozenset(content_terms(t, synonyms)) for t in texts],
        [entity_terms(t, synonyms) for t in texts],
        [word_initials(t) for t in texts],
        lambda at: value_kind(texts[at]),
        questions=True,
    )
    vectors = encoder.encode(texts)
    out = []
    for number, p in enumerate(pairs):
        a, b = position[p["a"]], position[p["b"]]
        out.append(
            Pair(
                p["a"],
                p["b"],
                p["duplicate"],
                number < len(labelled),
                float(vectors[a] @ vectors[b]),
                index.similarity(index.term_sets[a], index.term_sets[b])[0],
                index.differ_in_kind(max(a, b), min(a, b)),
                qualifier_or_swap(index, a, b),
            )
        )
    return out


def duplicate_rules(pairs: list[Pair]) -> dict[str, tuple[list[tuple], np.ndarray]]:
    """name -> (thresholds, predicted duplicate[thresholds, pairs])."""
    cos = np.array([p.cosine for p in pairs])
    lex = np.array([p.lexical for p in pairs])
    veto = np.array([p.veto for p in pairs])
    narrow = np.array([p.narrow_veto for p in pairs])
    thresholds = [(t,) for t in DUPLICATE]
    return {
        "lexical >= t AND no veto": (
            thresholds,
            np.array([(lex >= t) & ~veto for (t,) in thresholds]),
        ),
        "cosine >= t": (thresholds, np.array([cos >= t for (t,) in thresholds])),
        "cosine >= t AND no veto": (
            thresholds,
            np.array([(cos >= t) & ~veto for (t,) in thresholds]),
        ),
        "cosine >= t AND no qualifier/swap veto": (
            thresholds,
            np.array([(cos >= t) & ~narrow for (t,) in thresholds]),
        ),
    }


def dup_counts(predicted: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return np.stack(
        [(predicted & truth).sum(-1), (predicted & ~truth).sum(-1), (~predicted & truth).sum(-1)],
        -1,
    )


def report_duplicates(dev: list[Pair], holdout: list[Pair] | None) -> dict:
    """Two populations: the labelled pairs alone (A), and A plus the same-note pairs (B).
    Each rule's threshold is chosen on dev for each population."""
    fixed: dict[tuple[str, str], tuple] = {}
    for population, keep in (
        ("A: labelled pairs", lambda p: p.labelled),
        ("B: A + same-note pairs", lambda p: True),
    ):
        for set_name, pairs in (("dev", dev), ("HELD-OUT", holdout)):
            if pairs is None:
                continue
            chosen = [p for p in pairs if keep(p)]
            truth = np.array([p.duplicate for p in chosen])
            print(
                f"reworded duplicates, {set_name}, {population}: {len(chosen)} pairs, "
                f"{truth.sum()} duplicates"
            )
            for name, (thresholds, predicted) in duplicate_rules(chosen).items():
                if set_name == "dev":
                    fixed[(population, name)] = thresholds[
                        choose(thresholds, dup_counts(predicted, truth))
                    ]
                (t,) = fixed[(population, name)]
                row = dup_counts(predicted[thresholds.index((t,))], truth)
                sweep = " ".join(
                    f"{x:.1f}:{prf(dup_counts(predicted[thresholds.index((x,))], truth))[2]:.2f}"
                    for x in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)
                )
                print(f"  {name:38s} t={t:.2f} {fmt(row)}  F1 by t {sweep}")
    return fixed


def print_misses(items: list[Question], pairs: list[Pair], fixed: dict, dup_fixed: dict) -> None:
    a, b = fixed["lexical >= a OR gated cosine >= b"]
    print(f"\ndev misses of 'lexical >= {a} OR gated cosine >= {b}':")
    for q in items:
        answered = q.lexical >= a or q.gated >= b
        if answered != q.answered:
            verdict = "FLAGGED but answered" if q.answered else "MISSED unanswered"
            print(
                f"  [{q.kind}] {verdict} lex {q.lexical:.2f} cos {q.cosine:.2f} "
                f"gated {q.gated:.2f} {q.topic}: {q.text}"
            )
            print(f"      nearest: {q.best_unit[:110]}")
    (t,) = dup_fixed[("B: A + same-note pairs", "cosine >= t AND no veto")]
    print(f"\ndev misses (B) of 'cosine >= {t} AND no veto':")
    for p in pairs:
        predicted = p.cosine >= t and not p.veto
        if predicted != p.duplicate:
            print(
                f"  {'MISSED' if p.duplicate else 'FALSE'} cos {p.cosine:.2f} veto {p.veto}: "
                f"{p.a} | {p.b}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--holdout", action="store_true", help="also measure the held-out set, once"
    )
    parser.add_argument("--quiet", action="store_true", help="figures only")
    parser.add_argument(
        "--model",
        choices=["minilm", "wordllama"],
        default="minilm",
        help="wordllama: the model `semantic = true` uses (pip install -e '.[semantic]')",
    )
    args = parser.parse_args()
    from kgnotes.rules.kgn201_duplicate_question import Options as DuplicateOptions

    if args.model == "wordllama":
        import time

        from kgnotes.semantic import load_encoder

        started = time.perf_counter()
        encoder = load_encoder()
        print(f"model loaded in {time.perf_counter() - started:.3f} s")
    else:
        encoder = Encoder.load()
        print(f"model loaded in {encoder.load_seconds:.3f} s")
    dev = score_set(SETS["dev"], encoder)
    held = score_set(SETS["holdout"], encoder) if args.holdout else None
    fixed = report_answerability(dev, held)
    threshold = DuplicateOptions().reworded_threshold
    for name, folder in SETS.items():
        if name == "dev" or args.holdout:
            row = evaluate_duplicates(threshold, folder)[0]
            official = fmt([row["tp"], row["fp"], row["fn"]])
            print(f"reworded duplicates, {name}: real lexical index at {threshold:.2f}: {official}")
    dev_pairs = score_pairs(SETS["dev"], encoder)
    held_pairs = score_pairs(SETS["holdout"], encoder) if args.holdout else None
    dup_fixed = report_duplicates(dev_pairs, held_pairs)
    if not args.quiet:
        print_misses(dev, dev_pairs, fixed, dup_fixed)


if __name__ == "__main__":
    main()
