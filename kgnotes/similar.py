"""Reworded duplicates without comparing all pairs.

Each text becomes a set of content terms (stems, synonyms folded, so "keeps messages in
order" and "guarantees ordering" share `order`). Terms are weighted by how rare they are in
the whole corpus. An inverted index from term to texts proposes candidates: each text looks
up only its rarer terms, and a term carried by more than `max_postings` texts is not looked
up at all (it cannot make two texts alike on its own). Candidates are then scored with a
weighted Dice coefficient; a pair at or above the threshold is a reworded duplicate. Texts
that name different things (EFS / EBS), ask for a different value (the default / the
maximum) or a different kind of value (a size / a duration), or differ in a swapped word,
never pair however many other words they share; see `differ_in_kind`.

Cost grows with the number of texts times the (capped) posting length, not with its square,
so 10,000 notes (50,000 questions) take seconds. A candidate whose score bound cannot reach
the threshold, or beat the best match found so far, is passed over before any set is
intersected (see `_score_window`); the pair each text keeps, its score and the way ties fall
are exactly those of a plain scan that scores every candidate.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Generic, TypeVar

from kgnotes.text.terms import LIGHT_WORDS, stem

_LIGHT = frozenset(stem(word) for word in LIGHT_WORDS)


T = TypeVar("T")

QUALIFIERS = frozenset({"maximum", "minimum", "default"})

# Words that only say which kind of value is asked: two questions that ask for the same
# kind may word it differently ("What is the waiting period" / "how many days"; "How many
# times is it retried" / "how many retries"). Attribute words (retention, timeout, TTL) are
# not among them: they say which value.
_KIND_WORDS = {
    kind: frozenset(stem(word) for word in words)
    for kind, words in {
        "duration": [
            "duration",
            "time",
            "minutes",
            "seconds",
            "hours",
            "days",
            "weeks",
            "months",
            "years",
        ],
        "count": ["number", "count", "times"],
        "frequency": ["frequency", "interval"],
        "size": ["size"],
    }.items()
}
_ALL_KIND_WORDS = frozenset().union(*_KIND_WORDS.values())

_NUMBER = re.compile(r"\d+(?:\.\d+)*")

# Room left when a score bound is compared with a cut-off: far above the rounding error of
# summing a few dozen weights (about 1e-15), far below any difference between scores that
# matters, so a candidate is only ever dismissed when it truly cannot pass.
_SLACK = 1e-9


def _any_pair(a: int, b: int) -> bool:
    return True


class _PerText(Generic[T]):
    """A per-text attribute given as a list, or as a function worked out once on demand;
    `empty` for every text when there is none."""

    def __init__(self, source: Sequence[T] | Callable[[int], T] | None, empty: T) -> None:
        self.source = source
        self.empty = empty
        self.cache: dict[int, T] = {}

    def __call__(self, position: int) -> T:
        if self.source is None:
            return self.empty
        if not callable(self.source):
            return self.source[position]
        if position not in self.cache:
            self.cache[position] = self.source(position)
        return self.cache[position]


@dataclass(frozen=True)
class SimilarPair:
    later: int
    earlier: int
    score: float
    shared: tuple[str, ...]


def _totals(term_sets: Sequence[frozenset[str]], weight: dict[str, float]) -> list[float]:
    """Each text's total term weight. `math.fsum` is exact, so the total does not depend on
    the order a set yields its terms in; with `sum`, equal sets could differ in the last bit
    from one process to the next (string hashes are salted per process), and that bit
    decided which earlier copy a tie at 1.0 kept."""
    return [math.fsum(map(weight.__getitem__, terms)) for terms in term_sets]


def _score_window(
    own: float, lookup_weights: list[float], cutoff: float
) -> list[tuple[float, float]]:
    """For each number of shared lookup terms, the totals a candidate's weight must lie
    between for its score to reach `cutoff`; outside them it certainly cannot.

    Two texts can share no more weight than the lighter of the two, nor more than the text
    looking (weight `own`) minus its lookup terms the candidate lacks: sharing `count` of
    them, it lacks at least the `len(lookup_weights) - count` lightest (their weight
    `lacking`). So the Dice score 2·shared / (own + total) is at most
    2·min(total, own - lacking) / (own + total), which reaches a cut-off c exactly when
    c·own / (2 - c) <= total <= 2·(own - lacking) / c - own.
    """
    cut = cutoff - _SLACK
    lightest_first = sorted(lookup_weights)
    most = len(lightest_first)
    if not 0 < cut < 2:  # no useful bound (a cut-off of 0, or of 2 and more)
        return [(-math.inf, math.inf)] * (most + 1)
    lowest = cut * own / (2 - cut)
    return [
        (lowest, 2 * (own - sum(lightest_first[: most - count])) / cut - own)
        for count in range(most + 1)
    ]


def _words_differ(
    only_a: frozenset[str], only_b: frozenset[str], *, shared: int, content: int, restated: bool
) -> bool:
    """The content words only one text has make them different: one or two words swapped
    for unrelated ones in an otherwise equal text (`shared`: the terms both have), or one
    text that is the other plus two or more words. When the longer may be a restatement
    (`restated`: questions, every word of the shorter in the longer, light words included),
    it must add at least as many content words as the two share (`content`, light words
    not counted): "Is VPC
    peering transitive?" / "Does traffic flow transitively through a peered VPC?" asks the
    same at more length, "What are X?" / "What must you create first for X?" asks more.
    (Facts are not given that room: a longer fact that adds two words to a shorter one
    usually says something else, "disabled by default" / "enabled by default and cannot be
    disabled".)"""
    if 1 <= len(only_a) <= 2 and 1 <= len(only_b) <= 2 and shared >= 2:
        return True  # one word swapped for an unrelated one: "at rest" / "in transit"
    extra = max(len(only_a), len(only_b))
    if min(len(only_a), len(only_b)) != 0 or extra < 2:
        return False
    return extra >= content if restated else True


class SimilarityIndex:
    def __init__(
        self,
        term_sets: Sequence[frozenset[str]],
        entity_sets: Sequence[frozenset[str]] | Callable[[int], frozenset[str]] | None = None,
        initials: Sequence[frozenset[str]] | Callable[[int], frozenset[str]] | None = None,
        kinds: Callable[[int], str] | None = None,
        questions: bool = False,
        may_copy: Callable[[int, int], bool] | None = None,
        negated: Callable[[int], bool] | None = None,
        openings: Callable[[int], str] | None = None,
        max_postings: int = 200,
        lookup_terms: int = 6,
        light_weight: float = 0.3,
    ) -> None:
        self.term_sets = term_sets
        self._entities = _PerText(entity_sets, frozenset())
        self._totals: dict[frozenset[str], float] = {}  # for `similarity` called directly
        # Names and initials may come as a function of the position: most texts never need
        # them, since they are only looked at for pairs that already score high enough.
        self._initials = _PerText(initials, frozenset())
        self.kind_of = _PerText(kinds, "")  # "" when unknown; see `value_kind`
        self.questions = questions  # the texts are questions (see `_words_differ`)
        # Whether two texts' contexts allow them to be copies (the corpus: one note, or
        # notes about the same services; see `kgnotes.subjects`). Any, without it.
        self.may_copy = may_copy or _any_pair
        # Whether a text says "not" ("Doesn't support X" is no copy of "Uses X"). Given for
        # facts only: a question asks the same either way ("Why doesn't CloudWatch show
        # memory?" / "Why is memory missing?").
        self.negated = _PerText(negated, False)
        # The question word each text asks with ("what", "why"; see `question_opening`):
        # read only for questions of fewer than `min_terms` terms.
        self.opening = _PerText(openings, "")
        self.max_postings = max_postings
        self.lookup_terms = lookup_terms
        self.postings: dict[str, list[int]] = defaultdict(list)
        for position, terms in enumerate(term_sets):
            for term in terms:
                self.postings[term].append(position)
        total = max(len(term_sets), 1)
        self.weight = {
            term: math.log(1 + total / len(ids)) * (light_weight if term in _LIGHT else 1.0)
            for term, ids in self.postings.items()
        }

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> tuple[float, tuple[str, ...]]:
        shared = a & b
        weight_a = self._total(a)
        weight_b = self._total(b)
        if not weight_a or not weight_b:
            return 0.0, ()
        weight_shared = math.fsum(self.weight.get(t, 1.0) for t in shared)
        return 2 * weight_shared / (weight_a + weight_b), tuple(sorted(shared))

    def _total(self, terms: frozenset[str]) -> float:
        total = self._totals.get(terms)
        if total is None:
            total = self._totals[terms] = math.fsum(self.weight.get(t, 1.0) for t in terms)
        return total

    def entities_of(self, position: int) -> frozenset[str]:
        """Names in the text (see terms.entity_terms); worked out only for pairs that score."""
        return self._entities(position)

    def initials_of(self, position: int) -> frozenset[str]:
        return self._initials(position)

    def differ_in_kind(self, a: int, b: int) -> bool:
        """Two texts that name different things, or ask for a different value of the same
        thing, are different questions however many words they share:
        - a name (EFS, FIFO, CNAME, Kinesis) in one that the other neither names nor spells
          out ("CRR" / "Cross-Region Replication" is the same name);
        - a different qualifier: the default, the maximum and the minimum are three answers;
        - a different kind of value asked for: a size and a duration (`value_kind`); words
          that only say which kind ("period" / "how many days") are no difference;
        - one or two words swapped for unrelated ones in an otherwise equal question
          ("ingest" / "emit", "basic" / "detailed"): synonyms were folded already, so what
          still differs is what the question is about;
        - one question that is the other plus two or more words: it asks something more,
          unless it is a question restated at more length (see `_words_differ`);
        - a number in one that the other lacks: no abbreviation spells a number;
        - a negation in one fact that the other lacks ("Uses security groups" / "Doesn't
          support security groups"; `negated`);
        - notes on different things: "Scales automatically" under "## DynamoDB" and under
          "## Lambda" (`may_copy`).
        The cheap tests on the term sets come first; names, initials and subjects are worked
        out only when they can still decide.
        """
        terms_a, terms_b = self.term_sets[a], self.term_sets[b]
        if (terms_a & QUALIFIERS) != (terms_b & QUALIFIERS):
            return True
        only_a, only_b = terms_a - terms_b - _LIGHT, terms_b - terms_a - _LIGHT
        both = terms_a & terms_b
        shared, content = len(both), len(both - _LIGHT)
        restated = self._restated(terms_a, terms_b)
        if _words_differ(only_a, only_b, shared=shared, content=content, restated=restated):
            # Unless the words that differ only say which kind of value both ask for; the
            # kinds are worked out only when such a word is there to be excused.
            if not (only_a | only_b) & _ALL_KIND_WORDS:
                return True
            kind = self.kind_of(a)
            if not kind or kind != self.kind_of(b):
                return True
            generic = _KIND_WORDS.get(kind, frozenset())
            restated = self._restated(terms_a - generic, terms_b - generic)
            if _words_differ(
                only_a - generic,
                only_b - generic,
                shared=shared,
                content=content,
                restated=restated,
            ):
                return True
        if self.negated(a) != self.negated(b):
            return True
        # Before the names: one sentence copied under many services reaches this point
        # for every pair of copies, and a subject is one catalog lookup per text.
        if not self.may_copy(a, b):
            return True
        if self._names_one_lacks(a, b) or self._names_one_lacks(b, a):
            return True
        # Worked out last, for the few pairs still standing: kinds cost a few regexes.
        kind_a, kind_b = self.kind_of(a), self.kind_of(b)
        return bool(kind_a and kind_b and kind_a != kind_b)  # a size, a duration

    def _restated(self, terms_a: frozenset[str], terms_b: frozenset[str]) -> bool:
        """Questions one of which has every word of the other (see `_words_differ`)."""
        return self.questions and (terms_a <= terms_b or terms_b <= terms_a)

    def _names_one_lacks(self, own: int, other: int) -> bool:
        """`own` names something `other` neither names nor abbreviates. Words of a name the
        other text abbreviates ("Cross-Region Replication" when the other says "CRR") are
        not a different thing."""
        unnamed = self.entities_of(own) - self.term_sets[other]
        if not unnamed:
            return False
        if any(_NUMBER.fullmatch(name) for name in unnamed):
            return True  # no abbreviation spells a number: "NFS 4.1", "Sable 44"
        other_initials = self.initials_of(other)
        if all(name in other_initials for name in unnamed):
            return False
        own_initials = self.initials_of(own)
        return not any(acronym in own_initials for acronym in self.entities_of(other))

    def _lookup(self, position: int) -> list[str]:
        """The text's rarest terms (at most `lookup_terms`), the ones its candidates must
        share; light words and terms carried by too many texts are never looked up."""
        postings = self.postings
        return sorted(
            (
                t
                for t in self.term_sets[position]
                if len(postings[t]) <= self.max_postings and t not in _LIGHT
            ),
            key=lambda t: (len(postings[t]), t),
        )[: self.lookup_terms]

    def candidates(self, position: int) -> set[int]:
        usable = self._lookup(position)
        # Counter counts in C: this is the inner loop of the whole index.
        counts = Counter(chain.from_iterable(self.postings[term] for term in usable))
        counts.pop(position, None)
        # A reworded copy of a longer text shares at least two of its rare terms; a short
        # question ("Which queue type guarantees ordering?") may share only one.
        needed = 1 if len(usable) <= 2 else 2
        return {other for other, shared in counts.items() if shared >= needed}

    def pairs(
        self, threshold: float, min_terms: int = 2, positions: Sequence[int] | None = None
    ) -> list[SimilarPair]:
        """Every (later, earlier) pair scoring >= threshold; each later text keeps only its
        best earlier match, so a text repeated five times yields four findings, not ten.
        With `positions`, only those texts look for an earlier copy. A text of fewer than
        `min_terms` terms pairs with nothing, except a question with an earlier question
        that asks alike (`_asks_alike`)."""
        totals = _totals(self.term_sets, self.weight)
        result = []
        todo = range(len(self.term_sets)) if positions is None else positions
        for position in todo:
            terms = self.term_sets[position]
            if len(terms) >= min_terms or (self.questions and terms):
                best = self._best_earlier(position, threshold, min_terms, totals)
                if best is not None:
                    result.append(best)
        return result

    def _best_earlier(
        self, position: int, threshold: float, min_terms: int, totals: list[float]
    ) -> SimilarPair | None:
        """The earlier text `position` rewords best, chosen as a scan of its candidates in
        ascending position chooses it: a candidate scoring at least the threshold becomes
        the best if it scores strictly more than the best so far (as rounded for the
        report) and is not vetoed by `differ_in_kind`. Candidates whose score bound cannot
        pass that test are skipped unscored, which changes nothing: they would lose."""
        usable = self._lookup(position)
        counts = Counter(chain.from_iterable(self._earlier(term, position) for term in usable))
        needed = 1 if len(usable) <= 2 else 2
        term_sets = self.term_sets
        terms = term_sets[position]
        short = len(terms) < min_terms  # then only a question of exactly its terms pairs
        others = sorted(
            other
            for other, shared in counts.items()
            if shared >= needed
            and (self._asks_alike(position, other) if short else len(term_sets[other]) >= min_terms)
        )
        if not others:
            return None
        own = totals[position]
        lookup_weights = [self.weight[term] for term in usable]
        window = _score_window(own, lookup_weights, threshold)
        best, best_score = -1, 0.0
        for other in others:
            total = totals[other]
            lowest, highest = window[counts[other]]
            if not lowest <= total <= highest:
                continue  # its score cannot reach the threshold or beat the best
            score = self._score(terms, own, term_sets[other], total)
            if score < threshold or (best >= 0 and score <= best_score):
                continue
            if not self.differ_in_kind(position, other):
                best, best_score = other, round(score, 3)
                window = _score_window(own, lookup_weights, max(threshold, best_score))
        if best < 0:
            return None
        return SimilarPair(position, best, best_score, tuple(sorted(terms & term_sets[best])))

    def _asks_alike(self, a: int, b: int) -> bool:
        """Two questions too short to be weighed (fewer than `min_terms` terms) are copies
        only with exactly the same terms, question word and kind of value: "What does a
        DLQ do?" / "What is a dead-letter queue for?", not "Why SQS?" / "What is SQS?" nor
        "How many ALBs?" / "What is an ALB?"."""
        return (
            self.term_sets[a] == self.term_sets[b]
            and self.opening(a) == self.opening(b)
            and self.kind_of(a) == self.kind_of(b)
        )

    def _score(
        self, terms: frozenset[str], own: float, other: frozenset[str], total: float
    ) -> float:
        """The score exactly as `similarity` works it out (exact sums), so ties fall the same
        way; `own` and `total` are the two texts' total weights."""
        if not own or not total:
            return 0.0
        return 2 * math.fsum(map(self.weight.__getitem__, terms & other)) / (own + total)

    def _earlier(self, term: str, position: int) -> list[int]:
        """The texts before `position` carrying `term` (postings are in position order)."""
        ids = self.postings[term]
        return ids[: bisect_left(ids, position)]
