"""Reworded duplicates without comparing all pairs.

Each text becomes a set of content terms (stems, synonyms folded, so "keeps messages in
order" and "guarantees ordering" share `order`). Terms are weighted by how rare they are in
the whole corpus. An inverted index from term to texts proposes candidates: each text looks
up only its rarer terms, and a term carried by more than `max_postings` texts is not looked
up at all (it cannot make two texts alike on its own). Candidates are then scored with a
weighted Dice coefficient; a pair at or above the threshold is a reworded duplicate. Texts
that name different things (EFS / EBS) or ask for a different value (the default / the
maximum) never pair, however many other words they share; see `differ_in_kind`.

Cost grows with the number of texts times the (capped) posting length, not with its square,
so 10,000 notes (50,000 questions) take seconds.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from kgnotes.text.terms import LIGHT_WORDS, stem

_LIGHT = frozenset(stem(word) for word in LIGHT_WORDS)


QUALIFIERS = frozenset({"maximum", "minimum", "default"})


class _PerText:
    """A per-text attribute given as a list, or as a function worked out once on demand."""

    def __init__(
        self, source: Sequence[frozenset[str]] | Callable[[int], frozenset[str]] | None
    ) -> None:
        self.source = source
        self.cache: dict[int, frozenset[str]] = {}

    def __call__(self, position: int) -> frozenset[str]:
        if self.source is None:
            return frozenset()
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


class SimilarityIndex:
    def __init__(
        self,
        term_sets: Sequence[frozenset[str]],
        entity_sets: Sequence[frozenset[str]] | Callable[[int], frozenset[str]] | None = None,
        initials: Sequence[frozenset[str]] | Callable[[int], frozenset[str]] | None = None,
        max_postings: int = 200,
        lookup_terms: int = 6,
        light_weight: float = 0.3,
    ) -> None:
        self.term_sets = term_sets
        self._entities = _PerText(entity_sets)
        self._totals: dict[frozenset[str], float] = {}
        # Names and initials may come as a function of the position: most texts never need
        # them, since they are only looked at for pairs that already score high enough.
        self._initials = _PerText(initials)
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
        weight_shared = sum(self.weight.get(t, 1.0) for t in shared)
        return 2 * weight_shared / (weight_a + weight_b), tuple(sorted(shared))

    def _total(self, terms: frozenset[str]) -> float:
        total = self._totals.get(terms)
        if total is None:
            total = self._totals[terms] = sum(self.weight.get(t, 1.0) for t in terms)
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
        - one or two words swapped for unrelated ones in an otherwise equal question
          ("ingest" / "emit", "basic" / "detailed"): synonyms were folded already, so what
          still differs is what the question is about;
        - one question that is the other plus two or more words: it asks something more.
        """
        terms_a, terms_b = self.term_sets[a], self.term_sets[b]
        if (terms_a & QUALIFIERS) != (terms_b & QUALIFIERS):
            return True
        only_a = {t for t in terms_a - terms_b if t not in _LIGHT}
        only_b = {t for t in terms_b - terms_a if t not in _LIGHT}
        if 1 <= len(only_a) <= 2 and 1 <= len(only_b) <= 2 and len(terms_a & terms_b) >= 2:
            return True  # one word swapped for an unrelated one: "at rest" / "in transit"
        if min(len(only_a), len(only_b)) == 0 and max(len(only_a), len(only_b)) >= 2:
            return True  # one asks more: "What are X?" / "What must you create first for X?"
        for entities, own, other_entities, other_terms, other in (
            (self.entities_of(a), a, self.entities_of(b), terms_b, b),
            (self.entities_of(b), b, self.entities_of(a), terms_a, a),
        ):
            own_initials, other_initials = self.initials_of(own), self.initials_of(other)
            missing = {e for e in entities - other_terms if e not in other_initials}
            # Words of a name the other text abbreviates ("Cross-Region Replication" when the
            # other says "CRR") are not a different thing.
            if missing and any(acronym in own_initials for acronym in other_entities):
                continue
            if missing:
                return True
        return False

    def candidates(self, position: int) -> set[int]:
        terms = self.term_sets[position]
        usable = sorted(
            (t for t in terms if len(self.postings[t]) <= self.max_postings and t not in _LIGHT),
            key=lambda t: (len(self.postings[t]), t),
        )[: self.lookup_terms]
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
        With `positions`, only those texts look for an earlier copy."""
        result = []
        todo = range(len(self.term_sets)) if positions is None else positions
        for position in todo:
            terms = self.term_sets[position]
            if len(terms) < min_terms:
                continue
            best: SimilarPair | None = None
            for other in sorted(self.candidates(position)):
                if other >= position or len(self.term_sets[other]) < min_terms:
                    continue
                score, shared = self.similarity(terms, self.term_sets[other])
                if score < threshold or (best is not None and score <= best.score):
                    continue  # scoring is cheap; the veto below is checked only when needed
                if not self.differ_in_kind(position, other):
                    best = SimilarPair(position, other, round(score, 3), shared)
            if best is not None:
                result.append(best)
        return result
