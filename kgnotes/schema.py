"""The note schema: which sections a note needs and which headings mean what.

Schemas are TOML files (see `schemas/aws-saa.toml`), validated by `NoteSchema`, and chosen
per path glob in config, so a folder of flashcards and a folder of long notes can be held
to different rules.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kgnotes.errors import ConfigError, describe_validation_error

RequiredPart = Literal["title", "scenario", "scenario_answer", "facts", "questions", "answers"]


class NoteSchema(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "default"
    description: str = ""
    required: tuple[RequiredPart, ...] = Field(
        default=("facts", "questions"), description="parts every note must have"
    )
    question_headings: tuple[str, ...] = Field(
        default=("questions", "questions / flashcards", "review questions", "quiz"),
        description="heading texts (case-insensitive, trailing colon ignored) of question lists",
    )
    answer_headings: tuple[str, ...] = ("answers",)
    notes_headings: tuple[str, ...] = ("notes", "facts", "key points")
    min_facts: int = Field(default=1, ge=0, strict=True)
    min_questions: int = Field(default=1, ge=0, strict=True)

    def section_kind(self, heading: str) -> str | None:
        key = normalise_heading(heading)
        for kind, names in (
            ("questions", self.question_headings),
            ("answers", self.answer_headings),
            ("notes", self.notes_headings),
        ):
            if key in names:
                return kind
        return None


def normalise_heading(text: str) -> str:
    return " ".join(text.strip().rstrip(":").strip().lower().split())


DEFAULT_SCHEMA = NoteSchema()


@lru_cache(maxsize=64)
def load_schema(path: Path) -> NoteSchema:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read schema: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    try:
        schema = NoteSchema.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(path, error)) from None
    lowered = {
        field: tuple(normalise_heading(h) for h in getattr(schema, field))
        for field in ("question_headings", "answer_headings", "notes_headings")
    }
    return schema.model_copy(update=lowered)
