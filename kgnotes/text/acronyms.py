"""Acronyms whose letters come from compound words: "Transit Gateway" spells "TGW" as well
as "TG", since "gateway" is "gate" + "way". Used by the answer scorer both ways: a question
acronym meeting a fact's words, and a question's words meeting a note acronym."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kgnotes.text.terms import (
    LIGHT_WORDS,
    PLURAL_ACRONYM,
    STOP_WORDS,
    Synonyms,
    content_terms,
    defined_acronyms,
)

_TAIL_WORDS = frozenset(word for word in STOP_WORDS | LIGHT_WORDS if len(word) >= 3)

# Words that never lend a letter to an acronym: verbs of being and having, auxiliaries,
# pronouns, question words, and the pieces an apostrophe leaves ("node's" is "node" and "s",
# "doesn't" is "doesn" and "t"). Without them "objects are cached" spelt "OAC" (origin
# access control). In answers, prepositions and articles stay: "Time to Live", "Point of
# Presence", "Over The Air" (across texts they do not; see `spelled_acronyms`).
NEVER_IN_ACRONYMS = frozenset(
    {
        "s",
        "t",
        "d",
        "m",
        "ll",
        "re",
        "ve",
        "doesn",
        "don",
        "didn",
        "isn",
        "aren",
        "wasn",
        "weren",
        "hasn",
        "haven",
        "hadn",
        "won",
        "wouldn",
        "couldn",
        "shouldn",
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
    plural = PLURAL_ACRONYM.fullmatch(written)
    return (plural.group(1) if plural else written).lower()


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
                continue  # plain initials: `initials_of` covers them
            for combination in itertools.product(*run):
                found.add("".join(combination))
    return found


_CASED_WORD = re.compile(r"[A-Za-z0-9@]+")


def written_acronyms(texts: Iterable[str]) -> frozenset[str]:
    """The letters of every acronym of three to five letters written in `texts`, but for
    words in capitals ("ALL", "CAN")."""
    found = set()
    for text in texts:
        for match in ACRONYM.findall(text):
            letters = acronym_letters(match)
            if 3 <= len(letters) <= 5 and letters.isalpha() and letters not in STOP_WORDS:
                found.add(letters)
    return frozenset(found)


def spelled_acronyms(
    text: str, acronyms: frozenset[str], defined: dict[str, str] | None = None
) -> dict[str, str]:
    """Runs of three to five words of `text` that spell one of `acronyms`, as
    `content_terms` takes them: {"amazon states language": "asl"}. The words of a run
    are all capitalised ("Amazon States Language"), or `defined` (a text's "words
    (ACRONYM)", see `defined_acronyms`) gives the run as that acronym ("data encryption
    key"): on the public corpora, lower-case runs with the right initials were chance
    twice in three ("same network stack" is not SNS). No function word and no name of its
    own lends a letter: "request DynamoDB Streams" is not RDS."""
    written = _CASED_WORD.findall(text.replace("-", " "))
    words = [word.lower() for word in written]
    initials = "".join(map(_initial_if_plain, written, words))
    defined = defined or {}
    found = {}
    taken = [False] * len(words)  # runs may not overlap: the longest, then the leftmost
    for size in range(5, 2, -1):
        for start in range(len(words) - size + 1):
            letters = initials[start : start + size]
            if letters not in acronyms or any(taken[start : start + size]):
                continue
            phrase = " ".join(words[start : start + size])
            capitalised = all(word[0].isupper() for word in written[start : start + size])
            if capitalised or defined.get(phrase) in (letters, letters + "s"):
                found[phrase] = letters
                taken[start : start + size] = [True] * size
    return found


# With NEVER_IN_ACRONYMS, the words that lend no letter to an acronym spelt across texts.
_FUNCTION_WORDS = NEVER_IN_ACRONYMS | frozenset(
    {
        "each",
        "every",
        "all",
        "any",
        "some",
        "both",
        "either",
        "neither",
        "my",
        "your",
        "our",
        "his",
        "her",
        "one",
        "two",
        "more",
        "most",
        "less",
        "only",
        "also",
        "just",
        "very",
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "nor",
        "but",
        "by",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "over",
        "per",
        "not",
        "no",
        "so",
        "than",
        "then",
        "if",
    }
)


def _initial_if_plain(word: str, lowered: str) -> str:
    """The word's initial, or "|" for a function word or a name (inner capitals, digits)."""
    if lowered in _FUNCTION_WORDS or not word[1:].islower():
        return "|"
    return lowered[0]


def term_sets_meeting_acronyms(texts: Sequence[str], synonyms: Synonyms) -> list[frozenset[str]]:
    """Each text's content terms, a run of words spelling an acronym that any of `texts`
    writes read as that acronym (see `spelled_acronyms`): "What is Amazon States
    Language?" and "What is ASL?" share the term `asl`; "service control policies" and
    "SCPs" share `scp` only where some text defines "service control policies (SCPs)".
    Only acronyms of three letters or more: two-letter ones are spelt by chance too often."""
    acronyms = written_acronyms(texts)
    if not acronyms:
        return [frozenset(content_terms(text, synonyms)) for text in texts]
    defined: dict[str, str] = {}
    for text in texts:
        if "(" in text:
            defined.update(defined_acronyms(text))
    return [
        frozenset(content_terms(text, synonyms, spelled_acronyms(text, acronyms, defined) or None))
        for text in texts
    ]
