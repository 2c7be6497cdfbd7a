"""Content terms of a sentence: tokens, stop words out, stemmed, synonyms folded, acronyms
expanded. Questions and facts go through the same function, so they meet on equal terms.

"Does EFS grow and shrink automatically?" -> {efs, scale, automat}: "grow" and "shrink"
fold into the synonym group "scale", so "scales up and down" matches it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import snowballstemmer

from kgnotes.errors import ConfigError

_TOKEN = re.compile(r"[a-z0-9][a-z0-9@]*(?:\.[0-9]+)?")
# "Network File System (NFS)": a note that defines an acronym teaches us its expansion.
# A word starts only where no word character precedes it: without the look-behind, a
# 30,000-letter word was tried from each of its letters (quadratic).
_DEFINED_ACRONYM = re.compile(
    r"((?:(?<![\w/-])[A-Za-z][\w/-]*\s+){1,6}?)\(([A-Z][A-Za-z0-9]{1,7})\)"
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "don",
        "isn",
        "aren",
        "doesn",
        "didn",
        "wasn",
        "weren",
        "won",
        "wouldn",
        "shouldn",
        "couldn",
        "also",
        "may",
        "might",
        "must",
        "shall",
        "via",
        "e",
        "g",
        "eg",
        "ie",
        "etc",
        "one",
        "ones",
        "thing",
        "things",
        "way",
        "ways",
        "using",
        "use",
        "used",
        "uses",
        "able",
        "lets",
        "let",
        "make",
        "makes",
        "made",
        "get",
        "gets",
        "got",
        "go",
        "goes",
        "going",
        "need",
        "needs",
        "needed",
        "want",
        "wants",
        "like",
        "well",
        "much",
        "many",
        "really",
        "kind",
        "type",
        "types",
        "kinds",
        "sort",
        "whether",
        "either",
        "neither",
        "yes",
        "describe",
        "explain",
        "name",
        "list",
        "give",
        "define",
        "outline",
        "summarise",
        "summarize",
        "compare",
        "contrast",
        "discuss",
        "identify",
        "tell",
        "recall",
        "example",
        "examples",
        "aws",
        "amazon",
        "stand",
        "stands",
        "short",
        "abbreviation",
        "acronym",
        "mean",
        "means",
        "meaning",
        "called",
    ]
)
# Words whose presence says little about which fact answers: they weigh less, not nothing.
LIGHT_WORDS = frozenset(
    [
        "provide",
        "provides",
        "offer",
        "offers",
        "support",
        "supports",
        "allow",
        "allows",
        "enable",
        "enables",
        "keep",
        "keeps",
        "guarantee",
        "guarantees",
        "work",
        "works",
        "help",
        "helps",
        "happen",
        "happens",
        "possible",
        "different",
        "difference",
        "differ",
        "differs",
        "best",
        "good",
        "new",
        "main",
        "key",
        "typical",
        "common",
        "usual",
        "usually",
        "often",
        "always",
        "keep",
        "keeps",
        "kept",
        "hold",
        "holds",
        "concept",
        "concepts",
        "idea",
        "purpose",
        "usable",
        "possible",
        "better",
        "alternative",
        "alternatives",
        "occur",
        "occurs",
        "occurred",
        "happen",
        "happens",
        "service",
        "services",
        "feature",
        "features",
        "option",
        "options",
        "solution",
        "solutions",
        "approach",
        "method",
        "way",
        "tool",
        "tools",
        "recommended",
        "recommend",
        "recommendation",
        "situation",
        "case",
        "scenario",
        "take",
        "takes",
        "took",
        "taken",
        "put",
        "puts",
        "turn",
        "turns",
        "turned",
        "bring",
        "brings",
        "brought",
        "back",
        "set",
        "sets",
        "apply",
        "applies",
        "applied",
        "base",
        "based",
        "exist",
        "exists",
        "existing",
        "deploy",
        "deploys",
        "deployed",
        "deployment",
        "handle",
        "handles",
        "handled",
        "directly",
        "across",
        "whole",
        "within",
        "entire",
        "entirely",
        "particular",
        "specific",
        "certain",
        "various",
        "several",
        "multiple",
        "each",
        "every",
        "allowed",
        "permitted",
        "required",
        "include",
        "includes",
        "included",
        "contain",
        "contains",
        "contained",
        "come",
        "comes",
        "came",
        "stay",
        "stays",
        "remain",
        "remains",
        "become",
        "becomes",
        "change",
        "changes",
        "changed",
        "built",
        "build",
        "builds",
        "designed",
        "design",
        "available",
        "actually",
        "still",
        "already",
        "instead",
        "rather",
        "another",
        "others",
        "etc",
        "anything",
        "something",
        "everything",
        "nothing",
        "whatever",
        "happen",
        "happens",
        "mention",
        "mentioned",
        "matter",
        "matters",
        "sure",
        "enough",
        "able",
    ]
)
ANTONYMS = frozenset(
    frozenset(pair)
    for pair in (
        ("maximum", "minimum"),
        ("encrypt", "decrypt"),
        ("inbound", "outbound"),
        ("public", "private"),
        ("upload", "download"),
        ("synchronous", "asynchronous"),
        ("horizontal", "vertical"),
        ("primary", "secondary"),
        ("enable", "disable"),
        ("ingress", "egress"),
        ("read", "write"),
        ("start", "stop"),
        ("before", "after"),
        ("input", "output"),
        ("import", "export"),
        ("increase", "decrease"),
    )
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if _NUMBER.match(word) or "@" in word or any(ch.isdigit() for ch in word):
        return word
    return _stemmer().stemWord(word)


_STOP_STEMS = frozenset(_stemmer().stemWord(word) for word in STOP_WORDS) - {"data"}


_PHRASE_SPLIT = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class Synonyms:
    """Synonym groups: every member stem maps to the group's first word's stem; phrases
    (several words) are rewritten to that word before tokenising."""

    by_stem: dict[str, str] = field(default_factory=dict)
    phrase_pattern: re.Pattern[str] | None = None  # all phrases in one alternation
    phrase_heads: dict[str, str] = field(default_factory=dict)  # normalised phrase -> head

    def canonical(self, term: str) -> str:
        return self.by_stem.get(term, term)

    def replace_phrases(self, lowered: str) -> str:
        if self.phrase_pattern is None:
            return lowered
        return self.phrase_pattern.sub(self._head_of, lowered)

    def _head_of(self, match: re.Match[str]) -> str:
        words = " ".join(_PHRASE_SPLIT.split(match.group(0)))
        return f" {self.phrase_heads[words]} "


def _build_synonyms(groups: list[list[str]]) -> Synonyms:
    by_stem: dict[str, str] = {}
    heads: dict[str, str] = {}  # a phrase's words joined by spaces -> its group's head
    alternatives = []
    for group in groups:
        words = [member.lower().strip() for member in group if member.strip()]
        if not words:
            continue
        head = _PHRASE_SPLIT.sub("", words[0])
        for member in words:
            if " " in member or "-" in member:
                parts = _PHRASE_SPLIT.split(member)
                heads.setdefault(" ".join(parts), head)
                alternatives.append(r"[\s-]+".join(map(re.escape, parts)))
            else:
                by_stem.setdefault(stem(member), head)
        by_stem.setdefault(stem(head), head)
        by_stem.setdefault(head, head)
    # One pass over the text with every phrase, longest first (regex alternation is ordered).
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b") if alternatives else None
    return Synonyms(by_stem, pattern, heads)


def _read_groups(text: str, origin: str) -> list[list[str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{origin}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{origin}: invalid TOML: nested too deeply") from None
    groups = data.get("groups")
    unknown = set(data) - {"groups"}
    if unknown:
        raise ConfigError(f"{origin}: {sorted(unknown)[0]}: unknown key")
    if not isinstance(groups, list) or not all(
        isinstance(group, list) and all(isinstance(word, str) for word in group) for group in groups
    ):
        raise ConfigError(f"{origin}: groups: must be a list of lists of words")
    return groups


@lru_cache(maxsize=8)
def load_synonyms(extra_file: Path | None = None) -> Synonyms:
    """The shipped synonym groups, plus the user's file from config (`synonyms = "..."`)."""
    shipped = resources.files("kgnotes.data").joinpath("synonyms.toml").read_text("utf-8")
    groups = _read_groups(shipped, "kgnotes/data/synonyms.toml")
    if extra_file is not None:
        try:
            groups = _read_groups(extra_file.read_text(encoding="utf-8"), str(extra_file)) + groups
        except OSError as error:
            raise ConfigError(f"{extra_file}: cannot read: {error.strerror or error}") from None
    return _build_synonyms(groups)


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms a text defines, "Server Message Block (SMB)" -> {"server message block": "smb"}."""
    found: dict[str, str] = {}
    for match in _DEFINED_ACRONYM.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        letters = acronym.lower()
        # Take the shortest tail of the words whose initials spell the acronym.
        for start in range(len(words)):
            tail = words[start:]
            initials = "".join(word[0].lower() for word in tail)
            if initials == letters or initials.replace("-", "") == letters.rstrip("s"):
                found[" ".join(tail).lower()] = letters
                break
    return found


_IMPLIED_MAXIMUM = re.compile(
    r"\bhow\s+(?:long|big|large|many|much|far)\s+(?:\w+\s+){0,4}?can\b", re.IGNORECASE
)


# A sentence that says something is not so: "not", "no", "never", "without", "-n't".
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|without|neither|nor)\b|n[’']t\b", re.IGNORECASE)


def is_negated(text: str) -> bool:
    """Whether `text` says something is not so ("Doesn't support security groups")."""
    return bool(_NEGATION.search(text))


# A plural acronym ("VPCs", "SCPs", "HSMs") is the acronym: the stemmer keeps the "s" of
# some ("vpcs") and not of others ("acl"), so "VPCs" and "VPC" would not meet. Group 1 is
# the acronym; `kgnotes.text.acronyms.acronym_letters` reads it too.
PLURAL_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]*[A-Z0-9])s\b")
# "us-east-1", "eu-west-2": a region code names a region ("Which region must ... be in?").
_REGION_CODE = re.compile(
    r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)\s+(?:gov\s+)?(?:east|west|north|south|central|"
    r"northeast|southeast|northwest|southwest)\s+\d\b"
)


def content_terms(
    text: str, synonyms: Synonyms, acronyms: dict[str, str] | None = None
) -> list[str]:
    """The ordered content terms of `text` (duplicates kept; callers make sets)."""
    return [term for term, _ in terms_with_words(text, synonyms, acronyms)]


_SYNONYM_SETS: dict[int, Synonyms] = {}


def terms_with_words(
    text: str, synonyms: Synonyms, acronyms: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(term, the word as written) pairs, so messages can quote the user's own words.

    Memoised: the same fact is read by the answer map, the duplicate index and the rules.
    """
    _SYNONYM_SETS[id(synonyms)] = synonyms  # keeps the object alive while its id is a key
    key = frozenset(acronyms.items()) if acronyms else frozenset()
    return list(_terms_cached(text, id(synonyms), key))


@lru_cache(maxsize=32_768)
def _terms_cached(
    text: str, synonyms_id: int, acronyms: frozenset[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    synonyms = _SYNONYM_SETS[synonyms_id]
    # Hyphens are word breaks here ("Cross-Region Replication" spells "CRR"), as in _TOKEN.
    lowered = " " + PLURAL_ACRONYM.sub(r"\1", text).lower().replace("-", " ") + " "
    if _IMPLIED_MAXIMUM.search(lowered):  # "how long can X be kept" asks for the maximum
        lowered += " maximum "
    # Longest first, then alphabetical: the same order in every process (the set's own
    # order depends on the hash seed), and whole words only ("metadata encryption key" holds
    # no "data encryption key").
    for expansion, acronym in sorted(acronyms, key=lambda item: (-len(item[0]), item[0])):
        if expansion in lowered:
            lowered = re.sub(
                rf"(?<![a-z0-9@]){re.escape(expansion)}(?![a-z0-9@])", f" {acronym} ", lowered
            )
    lowered = _REGION_CODE.sub(lambda match: f"{match.group(0)} region ", lowered)
    lowered = synonyms.replace_phrases(lowered)
    terms = []
    for token in _TOKEN.findall(lowered):
        if token in STOP_WORDS:
            continue
        stemmed = stem(token)
        if stemmed in _STOP_STEMS:
            continue
        terms.append((synonyms.canonical(stemmed), token))
    return tuple(terms)


@lru_cache(maxsize=1)
def _antonym_stems() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(stem(word) for word in pair) for pair in ANTONYMS)


def is_antonym_pair(a: str, b: str) -> bool:
    """True for two stems of opposite meaning, which must never match as a near-typo."""
    return frozenset((a, b)) in _antonym_stems()


# Whole words only (\b, and no partial word after): tried once per word, so a 50,000-letter
# word costs one scan, not one per letter. A decimal part stays with its number, as _TOKEN
# keeps it ("NFS 4.1": the name is 4.1, as in the text's terms, not 4 and 1).
_PROPER = re.compile(r"\b[A-Za-z0-9@]*[A-Z0-9][A-Za-z0-9@]*(?:\.[0-9]+)?(?![A-Za-z0-9@])")


def entity_terms(text: str, synonyms: Synonyms) -> frozenset[str]:
    """Terms of the words written as names: acronyms (EFS, S3), inner capitals (DynamoDB),
    numbers, and capitalised words that do not start a sentence (Aurora, Lambda).

    Only names that are terms of the text itself count: "IP" in "IP addresses" is folded
    into `address` with its noun, so it is not a name the other question lacks ("How many
    IP addresses are reserved?" / "How many addresses does AWS hold back?")."""
    words = []
    for match in _PROPER.finditer(text):
        word = match.group(0)
        position = match.start() - 1
        while position >= 0 and text[position].isspace():
            position -= 1
        sentence_start = position < 0 or text[position] in ".?!:;(\"'*_-"
        is_name = any(ch.isdigit() for ch in word) or sum(ch.isupper() for ch in word) > 1
        if is_name or (word[0].isupper() and not sentence_start):
            words.append(word)
    if not words:
        return frozenset()
    own = frozenset(content_terms(text, synonyms))
    # Numbers stay names even where the text folds them into a phrase of its own.
    return frozenset(
        term
        for term in content_terms(" ".join(words), synonyms)
        if term in own or any(ch.isdigit() for ch in term)
    )


_WORDS = re.compile(r"[a-z0-9@]+")


def word_initials(text: str) -> frozenset[str]:
    """Initials of every run of 2 to 5 words: where "Cross-Region Replication" meets "CRR"."""
    words = _WORDS.findall(text.lower().replace("-", " "))
    return frozenset(
        "".join(word[0] for word in words[i : i + size])
        for size in range(2, 6)
        for i in range(len(words) - size + 1)
    )
