"""A part the note's schema requires (Questions, facts, a scenario answer...) is absent.

## What it does
Checks each note against the `required` parts of its schema (`facts` and `questions` by
default) and the schema's `min_facts` / `min_questions`. When no note of a multi-note file
has the part, the file gets one finding instead of one per note.

## Why is this bad?
A topic without questions cannot be quizzed, and one without facts cannot answer them.

## Example
```markdown
## EFS

- EFS is a shared NFS file system.
```
(no `### Questions` section)

## Options
- `collapse_at` (int, default 3): with this many notes or more in a file all missing the
  same part, report it once for the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note, ParsedFile
from kgnotes.schema import NoteSchema

CODE = "KGN101"
NAME = "missing-section"
SEVERITY = "error"
SCOPE = "file"

_LABELS = {
    "facts": "facts",
    "questions": "a Questions section",
    "answers": "an Answers section",
    "scenario": "a scenario (> quote)",
    "scenario_answer": "a scenario answer (_emphasised paragraph_ after the quote)",
    "title": "a title",
}


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    collapse_at: int = Field(default=3, ge=2, strict=True)


def _is_missing(note: Note, part: str) -> bool:
    if part == "facts":
        return not note.facts and not note.scenario_answer
    if part == "questions":
        return not note.has_section("questions") and not note.questions
    if part == "answers":
        return not note.has_section("answers")
    if part == "scenario":
        return note.scenario is None
    if part == "scenario_answer":
        return note.scenario is not None and note.scenario_answer is None
    return False


def _too_few(note: Note, schema: NoteSchema) -> Iterator[Finding]:
    if note.questions and len(note.questions) < schema.min_questions:
        yield Finding(
            line=note.line,
            message=f"'{note.title}' has {len(note.questions)} question(s); "
            f"the schema asks for at least {schema.min_questions}",
        )
    if note.facts and len(note.facts) < schema.min_facts:
        yield Finding(
            line=note.line,
            message=f"'{note.title}' has {len(note.facts)} fact(s); "
            f"the schema asks for at least {schema.min_facts}",
        )


def check(file: ParsedFile, corpus: Corpus, options: Options) -> Iterator[Finding]:
    schema = corpus.schema_for(file.path)
    for part in schema.required:
        missing = [note for note in file.notes if _is_missing(note, part)]
        if len(missing) >= options.collapse_at and len(missing) == len(file.notes):
            yield Finding(
                anchor=part,
                line=missing[0].line,
                message=f"none of the {len(missing)} notes in this file has {_LABELS[part]}",
            )
            continue
        for note in missing:
            label = _LABELS[part].removeprefix("a ").removeprefix("an ")
            yield Finding(
                anchor=f"{part} {note.title}",
                line=note.line,
                message=f"'{note.title}' has no {label}",
            )
    for note in file.notes:
        yield from _too_few(note, schema)
