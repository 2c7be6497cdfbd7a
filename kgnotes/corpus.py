"""The whole set of notes being checked, with the indexes rules share, built once.

Indexes are built lazily on first use, so `kgnotes check --select heading-level` never pays
for the duplicate index or the answer map.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from kgnotes.models import Fact, Note, ParsedFile, Question
from kgnotes.schema import DEFAULT_SCHEMA, NoteSchema
from kgnotes.text.normalize import normalise_for_duplicates


@dataclass(frozen=True)
class Located:
    """An item and the note it belongs to, for messages that name the first copy."""

    note: Note
    line: int
    text: str

    @property
    def where(self) -> str:
        return f"{self.note.path}:{self.line}"


class Corpus:
    def __init__(
        self, files: list[ParsedFile], schemas: dict[str, NoteSchema] | None = None
    ) -> None:
        self.files = tuple(sorted(files, key=lambda f: f.path))
        self.notes = tuple(note for f in self.files for note in f.notes)
        self._schemas = schemas or {}

    def schema_for(self, path: str) -> NoteSchema:
        return self._schemas.get(path, DEFAULT_SCHEMA)

    def questions(self) -> Iterator[tuple[Note, Question]]:
        for note in self.notes:
            for question in note.questions:
                yield note, question

    def facts(self) -> Iterator[tuple[Note, Fact]]:
        for note in self.notes:
            for fact in note.facts:
                yield note, fact

    @cached_property
    def first_question_copies(self) -> dict[str, Located]:
        """Normalised question text -> its first occurrence (by path, then line)."""
        first: dict[str, Located] = {}
        for note, question in self.questions():
            first.setdefault(
                normalise_for_duplicates(question.text), Located(note, question.line, question.text)
            )
        return first

    @cached_property
    def first_fact_copies(self) -> dict[str, Located]:
        """Normalised fact text -> first occurrence; scenario answers count as facts too."""
        first: dict[str, Located] = {}
        for note in self.notes:
            items = [(fact.line, fact.text) for fact in note.facts]
            if note.scenario_answer is not None:
                items.append((note.scenario_answer.line, note.scenario_answer.text))
            for line, text in sorted(items):
                first.setdefault(normalise_for_duplicates(text), Located(note, line, text))
        return first
