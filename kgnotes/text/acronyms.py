"""Acronyms whose letters come from compound words: "Transit Gateway" spells "TGW" as well
as "TG", since "gateway" is "gate" + "way". Used by the answer scorer both ways: a question
acronym meeting a fact's words, and a question's words meeting a note acronym."""

from __future__ import annotations

import itertools
from functools import lru_cache

from kgnotes.text.terms import LIGHT_WORDS, STOP_WORDS

_TAIL_WORDS = frozenset(word for word in STOP_WORDS | LIGHT_WORDS if len(word) >= 3)


def _letter_options(word: str, tails: frozenset[str]) -> tuple[str, ...]:
    """The letters a word may give an acronym: its initial, or, for a compound word whose
    tail is a word itself, the initials of both parts ("gateway" -> "g" or "gw")."""
    options = [word[:1]]
    options += [word[0] + word[i] for i in range(3, len(word) - 2) if word[i:] in tails]
    return tuple(dict.fromkeys(options))


@lru_cache(maxsize=4096)
def compound_initials(words: tuple[str, ...]) -> frozenset[str]:
    """Initials of runs of one to five words where compound words may give two letters:
    "Transit Gateway" spells "TGW", "Gateway Load Balancer" spells "GWLB"."""
    tails = _TAIL_WORDS | frozenset(word for word in words if len(word) >= 3)
    letters = [_letter_options(word, tails) for word in words]
    found = set()
    for start in range(len(words)):
        for size in range(1, 6):
            run = letters[start : start + size]
            if len(run) < size or all(len(options) == 1 for options in run):
                continue  # plain initials are in _Unit.initials already
            for combination in itertools.product(*run):
                found.add("".join(combination))
    return frozenset(found)
