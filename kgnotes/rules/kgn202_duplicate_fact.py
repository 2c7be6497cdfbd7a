"""The same fact written twice, in one note or anywhere in the corpus.

## What it does
Compares facts and scenario answers after normalising case, punctuation, white space and
Markdown emphasis. The later copy (by path, then line) is reported, naming the first. A
scenario answer repeated as a fact bullet is the common case.

## Why is this bad?
Repeated facts make notes longer without making them better, and the copies drift apart.

## Example
```markdown
_Put an SQS queue between the tiers._

- Put an SQS queue between the tiers.
```

## Options
- `min_words` (int, default 4): shorter facts ("AWS Lambda") may repeat freely.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note
from kgnotes.text.normalize import normalise_for_duplicates

CODE = "KGN202"
NAME = "duplicate-fact"
SEVERITY = "error"


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_words: int = Field(default=4, ge=1)


def check(note: Note, corpus: Corpus, options: Options) -> Iterator[Finding]:
    first_copies = corpus.first_fact_copies
    items = [(fact.line, fact.column, fact.text) for fact in note.facts]
    if note.scenario_answer is not None:
        answer = note.scenario_answer
        items.append((answer.line, answer.column, answer.text))
    for line, column, text in items:
        key = normalise_for_duplicates(text)
        if len(key.split()) < options.min_words:
            continue
        first = first_copies.get(key)
        if first is not None and (first.note.path, first.line) != (note.path, line):
            yield Finding(
                anchor=text,
                line=line,
                column=column,
                message=f"fact repeats {first.where} ('{first.note.title}')",
                data={"first": first.where},
            )
