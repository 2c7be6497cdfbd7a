"""Misspelt question words, respelled as the one known word they are a typo of.

"Lamda" becomes "lambda" and "Availibility Zone" becomes "availability Zone" before the
answer scorer reads the question, so the corrected word takes part in phrases, acronyms and
title matching like a correct one. Known words are the note's own, its title's and the
shipped vocabulary (stop and light words, the synonym groups); see `corrected_typos` for
the guards that keep real words ("three", "given") from being "corrected".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kgnotes.text.quantities import NUMBER
from kgnotes.text.terms import LIGHT_WORDS, STOP_WORDS, Synonyms, is_antonym_pair, stem

_WORD = re.compile(r"[a-z0-9@]+")
_STOP_STEMS = frozenset(stem(word) for word in STOP_WORDS)


_LETTERS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class _Shipped:
    """What kgnotes knows without any note, for one synonym map."""

    targets: frozenset[str]  # words a typo may be respelled as
    stems: frozenset[str]  # stems of every known word
    phrased: frozenset[str]  # words of the synonym phrases


# One entry per synonym map (checked by identity: a map is not hashable); a process sees
# one or two, a test run a few more, so the cache is cleared rather than grown past 8.
_SHIPPED: dict[int, tuple[Synonyms, _Shipped]] = {}


def _shipped(synonyms: Synonyms) -> _Shipped:
    """Stop and light words and every word of the synonym groups (so "injest" can find
    "ingest" even where the note says "takes in"), worked out once per synonym map."""
    cached = _SHIPPED.get(id(synonyms))
    if cached is not None and cached[0] is synonyms:
        return cached[1]
    phrased = frozenset(word for phrase in synonyms.phrase_heads for word in phrase.split())
    words = set(STOP_WORDS) | set(LIGHT_WORDS) | set(synonyms.by_stem.values()) | phrased
    words = {word for word in words if word.isalpha()}
    shipped = _Shipped(
        # Stop words are never the correction: "three" is not a typo of "there".
        targets=frozenset(word for word in words if word not in STOP_WORDS),
        stems=frozenset({stem(word) for word in words} | set(synonyms.by_stem)),
        phrased=phrased,
    )
    if len(_SHIPPED) >= 8:
        _SHIPPED.clear()
    _SHIPPED[id(synonyms)] = (synonyms, shipped)
    return shipped


def note_vocabulary(
    unit_words: Iterable[Sequence[str]], title: str
) -> tuple[frozenset[str], frozenset[str]]:
    """The words a note writes (its facts' and its title's) and their stems: work it out
    once per note and pass it to `corrected_typos` for each question."""
    words = {word for words in unit_words for word in words if word.isalpha()}
    words.update(_WORD.findall(title.lower()))
    return frozenset(words), frozenset(stem(word) for word in words)


def _typo_limit(word: str) -> int:
    """Edits a misspelling of this length may have: none under five letters (too many real
    words lie one edit apart), one up to nine letters, two from ten."""
    return 0 if len(word) < 5 else 1 if len(word) < 10 else 2


def corrected_typos(
    question: str, note_words: frozenset[str], note_stems: frozenset[str], synonyms: Synonyms
) -> str:
    """The question with each unknown word replaced by the one known word it is a near-typo
    of ("Availibility Zone" -> "availability Zone", "Lamda" -> "lambda"), so the corrected
    word takes part in phrases, acronyms and title matching like a correct one. Known words
    are the note's own words and its title's (`note_vocabulary`) and the shipped vocabulary.
    A word is left as written when it is known, short, an acronym, or near more than one
    known word."""
    shipped = _shipped(synonyms)
    vocabulary, vocabulary_stems, phrased = shipped.targets, shipped.stems, shipped.phrased
    candidates: list[frozenset[str]] = []  # every known word, built for the first unknown

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        limit = _typo_limit(lower)
        if (
            not limit
            or word.isupper()
            or lower in vocabulary
            or lower in note_words
            or lower in STOP_WORDS
            or NUMBER.fullmatch(lower)
        ):
            return word
        own_stem = stem(lower)
        known_stem = own_stem in vocabulary_stems or own_stem in note_stems
        if not candidates:
            candidates.append(vocabulary | note_words)
        close = process.extract(
            lower,
            candidates[0],
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=None,
        )
        close = [
            (other, distance)
            for other, distance, _ in close
            if other[0] == lower[0]
            and len(other) >= 4
            and stem(other) not in _STOP_STEMS  # "given" is not "gives", a word to drop
            and not is_antonym_pair(lower, other)
            # A word of a known stem is only respelled as a word of a synonym phrase
            # with that stem ("Availibility Zone" -> "availability zone", a phrase).
            and (not known_stem or (stem(other) == own_stem and other in phrased))
        ]
        if not close:
            return word
        nearest = min(distance for _, distance in close)
        best = {stem(other) for other, distance in close if distance == nearest}
        if len(best) != 1:
            return word
        return min(other for other, distance in close if distance == nearest)

    return _LETTERS.sub(fix, question)
