"""The shape of `coverage.json` (exported as `schemas/coverage.schema.json`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SupportRef(_Frozen):
    line: int
    text: str
    score: float


class QuestionCoverage(_Frozen):
    line: int
    question: str
    answered: bool
    score: float
    method: str = Field(
        description="'answer' (Q/A layouts), 'facts' (matched terms) or 'semantic' (meaning)"
    )
    supporting: tuple[SupportRef, ...] = Field(
        default=(), description="facts that answer it; for an unanswered one, the closest"
    )
    missing_terms: tuple[str, ...] = ()


class FactRef(_Frozen):
    line: int
    text: str


class DuplicateRef(_Frozen):
    line: int
    kind: str = Field(description="'question' or 'fact'")
    first: str = Field(description="path:line of the first copy")
    similarity: float


class NoteCoverage(_Frozen):
    path: str
    title: str
    line: int
    questions: int
    answered: int
    unanswered: int
    answered_percent: float
    facts: int
    facts_asked: int
    facts_asked_percent: float
    unasked_facts: tuple[FactRef, ...] = Field(description="facts no answered question uses")
    duplicates: tuple[DuplicateRef, ...] = ()
    services: tuple[str, ...] = Field(default=(), description="services the note mentions")
    question_details: tuple[QuestionCoverage, ...] = ()


class CoverageTotals(_Frozen):
    files: int
    notes: int
    questions: int
    answered: int
    unanswered: int
    answered_percent: float
    facts: int
    facts_asked: int
    facts_unasked: int
    facts_asked_percent: float
    duplicate_questions: int
    duplicate_facts: int
    services: int


class CoverageReport(_Frozen):
    version: int = 1
    threshold: float = Field(description="the unanswered-question threshold used")
    totals: CoverageTotals
    notes: tuple[NoteCoverage, ...]
