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

In the questions-and-answers layouts (numbered Answers, `question:: answer`) the matched
answer is the support; a missing, empty or placeholder answer leaves the question unanswered.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kgnotes.models import Note, Question
from kgnotes.text.quantities import NUMBER, AnswerType, asked_type, can_answer
from kgnotes.text.terms import (
    LIGHT_WORDS,
    STOP_WORDS,
    Synonyms,
    defined_acronyms,
    is_antonym_pair,
    stem,
    terms_with_words,
)

_PLACEHOLDER = re.compile(r"^\s*(?:XX+|TODO|TBD|FIXME|\?+|-+|\.\.\.|…)?\s*$", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9]\b")
_WORD = re.compile(r"[a-z0-9@]+")
_LIGHT_STEMS = frozenset(stem(word) for word in LIGHT_WORDS)
_STOP_STEMS = frozenset(stem(word) for word in STOP_WORDS)
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
    method: str = Field(description="'answer' (Q/A layouts) or 'facts'")
    supporting: tuple[SupportingFact, ...] = Field(
        default=(), description="the fact(s) that answer it; for an unanswered one, the closest"
    )
    candidates: tuple[SupportingFact, ...] = ()
    missing_terms: tuple[str, ...] = Field(default=(), description="key words not in the note")


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

    @cached_property
    def initials(self) -> frozenset[str]:
        """Initials of every run of 2-5 words, for acronyms; only questions that contain
        one ever ask, so it is worked out on first use."""
        words = self.words
        return frozenset(
            "".join(word[0] for word in words[i : i + size])
            for size in range(2, 6)
            for i in range(len(words) - size + 1)
        )


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


_TAIL_WORDS = frozenset(word for word in STOP_WORDS | LIGHT_WORDS if len(word) >= 3)


def _letter_options(word: str, tails: frozenset[str]) -> tuple[str, ...]:
    """The letters a word may give an acronym: its initial, or, for a compound word whose
    tail is a word itself, the initials of both parts ("gateway" -> "g" or "gw")."""
    options = [word[:1]]
    options += [word[0] + word[i] for i in range(3, len(word) - 2) if word[i:] in tails]
    return tuple(dict.fromkeys(options))


@lru_cache(maxsize=4096)
def _compound_initials(words: tuple[str, ...]) -> frozenset[str]:
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


def term_match(
    question_term: _QuestionTerm, unit: _Unit, implicit: frozenset[str] = frozenset()
) -> float:
    """1.0 exact or an acronym the unit spells out; 0.85 prefix (one word family);
    0.75 near-typo; else 0."""
    term = question_term.term
    if term in unit.terms or term in implicit:
        return 1.0
    if question_term.acronym and question_term.acronym.lower().rstrip("s") in unit.initials:
        return 1.0
    if len(question_term.acronym) >= 3 and question_term.acronym.lower().rstrip(
        "s"
    ) in _compound_initials(unit.words):
        return 1.0
    if len(term) >= 4:
        # A unit term that extends this one ("config" / "configur") or that this extends.
        family = (
            [other for other in unit.terms if other.startswith(term)]
            if (term in unit.prefixes)
            else []
        )
        family += [
            term[:end] for end in range(4, min(len(term), _MAX_FAMILY)) if term[:end] in unit.terms
        ]
        if any(not is_antonym_pair(term, other) for other in family):
            return 0.85
    word = question_term.word
    if len(word) >= 4:
        close = process.extract(
            word, unit.words, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=None
        )
        if any(_near_typo(word, other) for other, _, _ in close):
            return 0.75
    return 0.0


def _question_terms(text: str, synonyms: Synonyms, acronyms: dict[str, str]) -> list[_QuestionTerm]:
    written_acronyms = {match.lower(): match for match in _ACRONYM.findall(text)}
    seen: dict[str, _QuestionTerm] = {}
    for term, word in terms_with_words(text, synonyms, acronyms):
        if term not in seen:
            seen[term] = _QuestionTerm(term, word, written_acronyms.get(word, ""))
    return list(seen.values())


@lru_cache(maxsize=256)
def _acronyms_used(units: tuple[_Unit, ...]) -> frozenset[str]:
    """The acronyms a note writes, read once for all its questions."""
    return frozenset(
        match.lower() for unit in units for match in _ACRONYM.findall(unit.text) if len(match) <= 6
    )


def _spelled_out(question: str, units: list[_Unit]) -> dict[str, str]:
    """Acronyms the note writes ("SNI") that the question spells out ("Server Name
    Indication"): map the spelled-out words to the acronym so the two meet."""
    used = _acronyms_used(tuple(units))
    if not used:
        return {}
    words = _WORD.findall(question.lower().replace("-", " "))
    found = {}
    for size in range(2, 6):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            initials = "".join(word[0] for word in run)
            if initials in used:
                found[" ".join(run)] = initials
            elif size <= 4:  # "Gateway Load Balancer" for "GWLB": compound words
                for spelled in _compound_initials(tuple(run)) & used:
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
    counted = {synonyms.canonical(stem(word)) for word in answer_type.counted}
    joined = _joined_words(question)
    scored = []
    tie_breaks: dict[int, tuple[float, int, int, int]] = {}
    question_pairs = set(itertools.pairwise(_WORD.findall(question.lower().replace("-", " "))))
    for unit, unit_matches in zip(units, raw, strict=True):
        matches = {term: 1.0 if term in implicit else value for term, value in unit_matches.items()}
        for merged, (first, second) in joined.items():
            if merged in unit.words:  # "dynamo db" written as "DynamoDB"
                for qt in question_terms:
                    if qt.word in (first, second):
                        matches[qt.term] = max(matches[qt.term], 0.9)
        answers_kind = _can_answer_cached(answer_type, unit, frozenset(counted))
        if answers_kind and answer_type.kind in _KIND_TERMS:
            # "How long are messages kept?" / "kept for four days": the duration is there.
            term = _KIND_TERMS[answer_type.kind]
            if term in matches:
                matches[term] = 1.0
        score = sum(weights[term] * value for term, value in matches.items()) / total
        if not answers_kind:
            score *= options.wrong_type_penalty
        # "maximum", "minimum" and "default" pick one value out of several: a fact that
        # gives the default does not answer a question about the maximum.
        if any(matches.get(q) == 0 for q in _QUALIFIERS if q in matches):
            score *= options.wrong_type_penalty
        scored.append((score, matches, unit))
        # For ties: what the unit says itself, not through the title; whether it defines a
        # word of the question; the question's word pairs it repeats; and how early.
        explicit = sum(weights[term] * value for term, value in unit_matches.items())
        said = [i for i, word_stem in enumerate(unit.word_stems) if unit_matches.get(word_stem)]
        lowered = unit.text.lower()
        defines = sum(
            bool(pattern.search(lowered)) for pattern in _definition_patterns(question_terms)
        )
        repeated = len(question_pairs & set(itertools.pairwise(unit.words)))
        tie_breaks[id(unit)] = (
            explicit,
            defines,
            repeated,
            said[0] if said else len(unit.word_stems),
        )
    scored.sort(key=lambda item: _rank(*item, tie_breaks[id(item[2])]))
    return scored


@lru_cache(maxsize=65_536)
def _can_answer_cached(answer_type: AnswerType, unit: _Unit, counted: frozenset[str]) -> bool:
    return can_answer(answer_type, unit.text, set(counted), list(unit.word_stems))


def _definition_patterns(question_terms: list[_QuestionTerm]) -> list[re.Pattern[str]]:
    """ "SMB ... (SMB)", "A DynamoDB stream is ...": where a note defines a question word."""
    patterns = []
    for qt in question_terms:
        word = re.escape(qt.word)
        patterns.append(_definition_pattern(word))
    return patterns


@lru_cache(maxsize=4096)
def _definition_pattern(word: str) -> re.Pattern[str]:
    return re.compile(
        rf"\({word}\)|\b{word}s?\s+(?:is|are|means|refers to|stands for|lets|provides)\b"
    )


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
        -round(score, 6),
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
    top = scored[:5]
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


_LETTERS = re.compile(r"[A-Za-z]+")
_VOCABULARY: dict[int, tuple[Synonyms, frozenset[str], frozenset[str]]] = {}


def _vocabulary(synonyms: Synonyms) -> tuple[frozenset[str], frozenset[str]]:
    """Words and stems known without any note: stop and light words, and every word of the
    synonym groups (so "injest" can find "ingest" even where the note says "takes in")."""
    cached = _VOCABULARY.get(id(synonyms))
    if cached is None or cached[0] is not synonyms:
        words = set(STOP_WORDS) | set(LIGHT_WORDS) | set(synonyms.by_stem.values())
        words.update(word for phrase in synonyms.phrase_heads for word in phrase.split())
        words = {word for word in words if word.isalpha()}
        stems = {stem(word) for word in words} | set(synonyms.by_stem)
        # Stop words are never the correction: "three" is not a typo of "there".
        targets = {word for word in words if word not in STOP_WORDS}
        cached = _VOCABULARY[id(synonyms)] = (
            synonyms,
            frozenset(targets),
            frozenset(stems),
        )
    return cached[1], cached[2]


def _phrase_words(synonyms: Synonyms) -> frozenset[str]:
    return frozenset(word for phrase in synonyms.phrase_heads for word in phrase.split())


@lru_cache(maxsize=256)
def _note_words(units: tuple[_Unit, ...], title: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words a note writes (and their stems), read once for all its questions."""
    words = {word for unit in units for word in unit.words if word.isalpha()}
    words.update(_WORD.findall(title.lower()))
    return frozenset(words), frozenset(stem(word) for word in words)


def _typo_limit(word: str) -> int:
    """Edits a misspelling of this length may have: none under five letters (too many real
    words lie one edit apart), one up to nine letters, two from ten."""
    return 0 if len(word) < 5 else 1 if len(word) < 10 else 2


def _corrected_typos(question: str, units: list[_Unit], title: str, synonyms: Synonyms) -> str:
    """The question with each unknown word replaced by the one known word it is a near-typo
    of ("Availibility Zone" -> "availability Zone", "Lamda" -> "lambda"), so the corrected
    word takes part in phrases, acronyms and title matching like a correct one. Known words
    are the note's own words, its title's and the shipped vocabulary. A word is left as
    written when it is known, short, an acronym, or near more than one known word."""
    vocabulary, vocabulary_stems = _vocabulary(synonyms)
    note_words, note_stems = _note_words(tuple(units), title)

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
        phrased = _phrase_words(synonyms)
        close = process.extract(
            lower,
            vocabulary | note_words,
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
    acronyms = note_acronyms(note) if acronyms is None else acronyms
    units = _note_units(note, synonyms, acronyms) if units is None else units
    text = _corrected_typos(question.text, units, note.title, synonyms)
    acronyms = {**acronyms, **_spelled_out(text, units)}
    question_terms = _question_terms(text, synonyms, acronyms)
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
        return base.model_copy(update={"missing_terms": missing})
    # The note's title is the subject of every fact that does not name one ("## Kinesis":
    # "Records are kept for 24 hours" is about Kinesis), so title terms match every fact.
    title_terms = frozenset(term for term, _ in terms_with_words(note.title, synonyms, acronyms))
    # Every question term against every unit, once: weights and scores both read it.
    raw = [{qt.term: term_match(qt, unit) for qt in question_terms} for unit in units]
    weights = _weights(question_terms, raw, title_terms, options)
    scored = _score_units(
        question_terms, weights, units, raw, question.text, synonyms, options, title_terms
    )
    score, matches, unit = scored[0]
    supporting = [_support(score, matches, unit)]
    pair = None
    if _is_multi_part(question.text):
        pair = _best_pair(scored, weights, asked_type(question.text), options)
    if pair is not None and pair[0] > score:
        score, supporting = pair
    missing = tuple(
        qt.word for qt in question_terms if all(item[1][qt.term] == 0 for item in scored)
    )
    return base.model_copy(
        update={
            "answered": score >= options.threshold,
            "score": round(score, 3),
            "supporting": tuple(supporting),
            "candidates": tuple(_support(*item) for item in scored[: options.top_k]),
            "missing_terms": missing,
        }
    )


def answer_note(
    note: Note,
    synonyms: Synonyms,
    options: AnswerOptions = AnswerOptions(),  # noqa: B008
) -> list[QuestionAnswer]:
    """Every question of one note, sharing the note's units and acronyms."""
    acronyms = note_acronyms(note)
    units = _note_units(note, synonyms, acronyms)
    return [
        answer_question(note, question, synonyms, options, units, acronyms)
        for question in note.questions
    ]
