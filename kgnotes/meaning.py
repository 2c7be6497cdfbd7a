"""Answering by meaning: the second chance `unanswered-question` gives a question when its
options say `semantic = true` (vectors from kgnotes/semantic.py).

A question that no fact answers term by term is answered when a fact of its note is close
to it in meaning: the cosine of their sentence vectors reaches `semantic_threshold`. Only
facts that pass the term scorer's own gates compete: one that can give the asked kind of
value (a duration for "how long", a count for "how many"), and that names the default,
maximum or minimum the question asks for. A question naming something the term matcher
found nowhere in the note ("... different from S3?" in a note without S3) is never answered
this way: no fact of this note can answer it, whatever the cosine (unsupported-term says so
too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kgnotes.answers import (
    _QUALIFIERS,
    AnswerOptions,
    QuestionAnswer,
    SupportingFact,
    _can_answer_cached,
)
from kgnotes.models import Question
from kgnotes.semantic import load_encoder
from kgnotes.text.quantities import asked_type
from kgnotes.text.terms import stem, terms_with_words

if TYPE_CHECKING:
    from kgnotes.answers import _NoteFacts


class NoteMeanings:
    """Sentence vectors of one note's questions and units, encoded in one batch when first
    needed."""

    def __init__(self, questions: list[str], units: list[str]) -> None:
        self._questions = list(dict.fromkeys(questions))
        self._units = units
        self._vectors: tuple[dict[str, Any], Any] | None = None

    def cosines(self, question: str) -> list[float]:
        """Cosine between the question and each unit, in unit order."""
        if self._vectors is None:
            vectors = load_encoder().encode(self._questions + self._units)
            by_text = dict(zip(self._questions, vectors, strict=False))
            self._vectors = by_text, vectors[len(self._questions) :]
        by_text, unit_vectors = self._vectors
        vector = by_text.get(question)
        if vector is None:  # a question that is not one of the note's own
            vector = load_encoder().encode([question])[0]
        return [float(value) for value in unit_vectors @ vector]


def answer_by_meaning(
    facts: _NoteFacts,
    question: Question,
    found: QuestionAnswer,
    options: AnswerOptions,
    missing_names: frozenset[str],
    term_scores: dict[int, float],
) -> QuestionAnswer:
    """`found` (the term scorer's answer) with `semantic_score`, the best cosine among the
    facts that pass the gates, and answered by meaning when it was not answered and that
    cosine reaches the threshold. `semantic_score` stays None when nothing was compared:
    no unit passes the gates, or the question names something the note lacks
    (`missing_names`). `term_scores`: each unit's term score (by id), to choose which of the
    facts that reach the threshold to show."""
    units = facts.units
    if not units or missing_names:
        return found
    answer_type = asked_type(question.text)
    counted = frozenset(facts.synonyms.canonical(stem(word)) for word in answer_type.counted)
    asked = {
        term for term, _ in terms_with_words(question.text, facts.synonyms, facts.acronyms)
    }.intersection(_QUALIFIERS)
    gated = [
        (round(cosine, 3), unit)
        for cosine, unit in zip(facts.meanings.cosines(question.text), units, strict=True)
        if cosine > 0  # opposite in meaning, or nothing in common: never an answer
        and (not answer_type.kind or _can_answer_cached(answer_type, unit, counted))
        and asked <= unit.terms
    ]
    if not gated:
        return found
    best = max(cosine for cosine, _ in gated)
    update: dict[str, Any] = {"semantic_score": best}
    if not found.answered and best >= options.semantic_threshold:
        # The fact shown, among those that reach the threshold: cosine plus term score.
        # Meaning alone often prefers a fact that merely shares the topic's words (dev set:
        # the fact shown is a labelled one for 90% of answered questions, 86% by cosine).
        shown, shown_rank = gated[0], -1.0
        for cosine, unit in gated:
            rank = cosine + term_scores.get(id(unit), 0.0)
            if cosine >= options.semantic_threshold and rank > shown_rank:  # first of equals
                shown, shown_rank = (cosine, unit), rank
        cosine, unit = shown
        support = SupportingFact(line=unit.line, kind=unit.kind, text=unit.text, score=cosine)
        update |= {"answered": True, "method": "semantic", "supporting": (support,)}
    return found.model_copy(update=update)
