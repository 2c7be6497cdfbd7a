"""`SimilarityIndex.pairs` skips candidates by a score bound and sums each total once; it
must keep exactly the pairs, scores and ties of a plain scan that scores every candidate.

The reference below is that plain scan (the index as it was before the bound): every
candidate in ascending position, scored with `similarity`, kept if it scores at least the
threshold and strictly more than the best so far (as rounded), unless vetoed.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgnotes.similar import QUALIFIERS, SimilarityIndex, SimilarPair, _totals
from kgnotes.subjects import item_subject, same_subject
from kgnotes.text.terms import LIGHT_WORDS, stem


def scan_every_candidate(
    index: SimilarityIndex, threshold: float, min_terms: int, positions: list[int] | None
) -> list[SimilarPair]:
    result = []
    todo = range(len(index.term_sets)) if positions is None else positions
    for position in todo:
        terms = index.term_sets[position]
        # A short question pairs only with one asking alike: exactly its terms, question
        # word and kind of value. Other short texts never pair.
        short = len(terms) < min_terms
        if short and not (index.questions and terms):
            continue
        best: SimilarPair | None = None
        for other in sorted(index.candidates(position)):
            if other >= position:
                continue
            other_terms = index.term_sets[other]
            alike = (
                other_terms == terms
                and index.opening(other) == index.opening(position)
                and index.kind_of(other) == index.kind_of(position)
            )
            if not alike if short else len(other_terms) < min_terms:
                continue
            score, shared = index.similarity(terms, index.term_sets[other])
            if score < threshold or (best is not None and score <= best.score):
                continue
            if not index.differ_in_kind(position, other):
                best = SimilarPair(position, other, round(score, 3), shared)
        if best is not None:
            result.append(best)
    return result


class Colliding(str):
    """A term whose hash collides with every other one, so equal sets built in a different
    order iterate in a different order and may sum their weights to a different last bit."""

    def __hash__(self) -> int:
        return 7


PLAIN = [f"w{number}" for number in range(10)]
LIGHT = sorted(stem(word) for word in LIGHT_WORDS)[:2]
# Kind words ("day", "time") and numbers ("4", "4.1") reach the kind and number vetoes.
VOCABULARY = PLAIN + LIGHT + sorted(QUALIFIERS) + ["day", "time", "4", "4.1"]
KINDS = ["", "size", "duration", "count"]
# Subjects of every shape: unknown, from the title, naming itself, an aside.
SERVICES = [frozenset(), frozenset({"sqs"}), frozenset({"sns"}), frozenset({"sqs", "kms"})]
SUBJECTS = [item_subject(named, title) for named in SERVICES for title in SERVICES]
COLLIDING = [Colliding(f"c{number}") for number in range(6)]


@st.composite
def corpora(draw: st.DrawFn) -> dict:
    words = draw(st.sampled_from([VOCABULARY, COLLIDING + PLAIN[:4]]))
    # A few distinct texts, repeated and reordered, so equal sets, ties and copies abound.
    pool = draw(st.lists(st.lists(st.sampled_from(words), max_size=7), min_size=1, max_size=8))
    texts = draw(st.lists(st.sampled_from(pool).flatmap(st.permutations), max_size=40))
    term_sets = [frozenset(text) for text in texts]
    entities = [
        frozenset(draw(st.sets(st.sampled_from(sorted(t)), max_size=2))) if t else frozenset()
        for t in texts
    ]
    initials = [frozenset(draw(st.sets(st.sampled_from(words), max_size=2))) for _ in texts]
    subset = draw(st.none() | st.lists(st.integers(0, max(len(texts) - 1, 0)), unique=True))
    kinds = [draw(st.sampled_from(KINDS)) for _ in texts]
    subjects = [draw(st.sampled_from(SUBJECTS)) for _ in texts]
    negated = [draw(st.booleans()) for _ in texts]
    openings = [draw(st.sampled_from(["what", "why", "yes/no"])) for _ in texts]
    return {
        "term_sets": term_sets,
        "entities": entities,
        "initials": initials,
        "kinds": kinds,
        "subjects": subjects,
        "negated": negated,
        "openings": openings,
        "questions": draw(st.booleans()),
        "threshold": draw(st.sampled_from([0.3, 0.5, 0.55, 0.65, 0.8, 1.0])),
        "min_terms": draw(st.integers(1, 3)),
        "max_postings": draw(st.integers(2, 50)),
        "lookup_terms": draw(st.integers(1, 6)),
        "positions": subset if texts else None,
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_pairs_keep_exactly_what_scoring_every_candidate_keeps(corpus: dict) -> None:
    def fresh() -> SimilarityIndex:
        return SimilarityIndex(
            corpus["term_sets"],
            corpus["entities"],
            corpus["initials"],
            corpus["kinds"].__getitem__,
            questions=corpus["questions"],
            may_copy=lambda a, b: same_subject(corpus["subjects"][a], corpus["subjects"][b]),
            negated=corpus["negated"].__getitem__,
            openings=corpus["openings"].__getitem__,
            max_postings=corpus["max_postings"],
            lookup_terms=corpus["lookup_terms"],
        )

    arguments = (corpus["threshold"], corpus["min_terms"], corpus["positions"])
    assert fresh().pairs(*arguments) == scan_every_candidate(fresh(), *arguments)


def test_copies_scoring_one_keep_the_first_earlier_copy() -> None:
    """Four equal texts: each later one keeps the first (1.0 does not beat 1.0)."""
    index = SimilarityIndex([frozenset({"queue", "order", "type"})] * 4)
    assert [(pair.later, pair.earlier, pair.score) for pair in index.pairs(0.55)] == [
        (1, 0, 1.0),
        (2, 0, 1.0),
        (3, 0, 1.0),
    ]


def test_a_later_candidate_must_beat_the_rounded_best() -> None:
    """The best is replaced by a candidate scoring more than its rounded score, even if
    that candidate scores less than the best did before rounding: as the scan always did."""
    term_sets = [
        frozenset({"a", "b", "c", "x"}),
        frozenset({"a", "b", "c", "y"}),
        frozenset({"a", "b", "c", "z"}),
    ] + [frozenset({"x", "y", "z", f"f{n}"}) for n in range(3)]
    index = SimilarityIndex(term_sets, max_postings=10, lookup_terms=6)
    assert index.pairs(0.3) == scan_every_candidate(
        SimilarityIndex(term_sets, max_postings=10, lookup_terms=6), 0.3, 2, None
    )


def test_equal_sets_have_equal_totals_whatever_order_they_iterate_in() -> None:
    """Equal term sets iterating in different orders (salted string hashes differ from one
    process to the next) must weigh the same to the last bit: that bit decides which
    earlier copy a tie at 1.0 keeps, and findings must not change between runs."""
    weight = {Colliding("a"): 0.1, Colliding("b"): 0.2, Colliding("c"): 0.3}
    a, b, c = weight
    first, second = frozenset([a, b, c]), frozenset([c, b, a])
    assert first == second and list(first) != list(second)
    assert sum(weight[t] for t in first) != sum(weight[t] for t in second)  # plain sum: no
    assert _totals([first, second], weight) == [math.fsum(weight.values())] * 2
    # Three copies of one text: the later ones keep the first copy, in either build order.
    for order in (first, second):
        index = SimilarityIndex([first, order, second], max_postings=10, lookup_terms=6)
        assert [(p.later, p.earlier, p.score) for p in index.pairs(0.5)] == [
            (1, 0, 1.0),
            (2, 0, 1.0),
        ]
