"""Acronyms whose letters come from compound words: "Transit Gateway" spells "TGW" as well
as "TG", since "gateway" is "gate" + "way". Used by the answer scorer both ways: a question
acronym meeting a fact's words, and a question's words meeting a note acronym."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from kgnotes.text.terms import LIGHT_WORDS, STOP_WORDS

_TAIL_WORDS = frozenset(word for word in STOP_WORDS | LIGHT_WORDS if len(word) >= 3)

# Words that never lend a letter to an acronym: verbs of being and having, auxiliaries,
# pronouns and question words. Without them "objects are cached" spelt "OAC" (origin access
# control). Prepositions and articles stay: "Time to Live", "Point of Presence", "Over The
# Air".
NEVER_IN_ACRONYMS = frozenset(
    {
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "we",
        "you",
        "he",
        "she",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
    }
)

# An all-capitals acronym, with a plural "s" ("HSMs") that is not part of its letters.
ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9](?:s\b)?\b")


def acronym_letters(written: str) -> str:
    """The letters of an acronym as written, lower case and without a plural "s": "HSMs"
    -> "hsm", "CRR" -> "crr", "IaaS" -> "iaas"."""
    if len(written) > 2 and written.endswith("s") and written[:-1].isupper():
        written = written[:-1]
    return written.lower()


def initials_of(words: tuple[str, ...] | list[str]) -> str:
    """The first letter of each word, with "|" for a word that never lends a letter (see
    `NEVER_IN_ACRONYMS`): a substring of the result is the initials of a run of words that
    could be an acronym's spelling."""
    return "".join("|" if word in NEVER_IN_ACRONYMS else word[:1] for word in words)


def expansion_runs(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The stretches of `words` between words that never lend a letter."""
    runs: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in words:
        if word in NEVER_IN_ACRONYMS:
            if current:
                runs.append(tuple(current))
            current = []
        else:
            current.append(word)
    if current:
        runs.append(tuple(current))
    return runs


def _letter_options(word: str, tails: frozenset[str]) -> tuple[str, ...]:
    """The letters a word may give an acronym: its initial, or, for a compound word whose
    tail is a word itself, the initials of both parts ("gateway" -> "g" or "gw")."""
    options = [word[:1]]
    options += [word[0] + word[i] for i in range(3, len(word) - 2) if word[i:] in tails]
    return tuple(dict.fromkeys(options))


@lru_cache(maxsize=4096)
def compound_initials(words: tuple[str, ...]) -> frozenset[str]:
    """Initials of runs of one to five words where compound words may give two letters:
    "Transit Gateway" spells "TGW", "Gateway Load Balancer" spells "GWLB". No run crosses
    a word that never lends a letter (`NEVER_IN_ACRONYMS`)."""
    tails = _TAIL_WORDS | frozenset(word for word in words if len(word) >= 3)
    found: set[str] = set()
    for run in expansion_runs(words):
        found |= _compound_run_initials(run, tails)
    return frozenset(found)


def _compound_run_initials(words: tuple[str, ...], tails: frozenset[str]) -> set[str]:
    letters = [_letter_options(word, tails) for word in words]
    found = set()
    for start in range(len(words)):
        for size in range(1, 6):
            run = letters[start : start + size]
            if len(run) < size or all(len(options) == 1 for options in run):
                continue  # plain initials are in _Unit.initials already
            for combination in itertools.product(*run):
                found.add("".join(combination))
    return found
