"""A placeholder (XX, TODO, TBD, FIXME, ???) left in a question, answer or fact.

## What it does
Finds placeholder tokens, as whole words, in questions, answers, the scenario answer and
facts. Uppercase only for the word placeholders, so "todo list" in prose is not flagged.

## Why is this bad?
A placeholder answer is an unanswered question that looks answered; a placeholder question
is a reminder that was never written.

## Example
```markdown
# Recovery

- RPO is how much data, measured in time, you can afford to lose.

### Questions

1. What is RPO?

### Answers

1. XX
```

## Options
- `markers` (list of str, default `["XX", "XXX", "TODO", "TBD", "FIXME", "???"]`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note, TextItem

CODE = "KGN104"
NAME = "placeholder"
SEVERITY = "error"


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    markers: tuple[str, ...] = ("XX", "XXX", "TODO", "TBD", "FIXME", "???")


@lru_cache(maxsize=8)
def _pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(marker) for marker in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?<![\w?])(?:{alternatives})(?!\w)")


def find_placeholder(text: str, options: Options) -> str | None:
    match = _pattern(options.markers).search(text)
    return match.group(0) if match else None


def _items(note: Note) -> Iterator[tuple[str, TextItem]]:
    for question in note.questions:
        yield "question", question
    for answer in note.answers:
        yield "answer", answer
    if note.scenario_answer is not None:
        yield "scenario answer", note.scenario_answer
    for fact in note.facts:
        yield "fact", fact


def check(note: Note, corpus: Corpus, options: Options) -> Iterator[Finding]:
    for kind, item in _items(note):
        marker = find_placeholder(item.text, options)
        if marker is not None:
            yield Finding(
                anchor=item.text,
                line=item.line,
                column=item.column,
                message=f"placeholder '{marker}' left in a {kind}: write it out or remove it",
            )
