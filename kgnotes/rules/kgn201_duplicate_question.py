"""The same question asked twice, in one note or anywhere in the corpus.

## What it does
Compares questions after normalising case, punctuation, white space and Markdown emphasis,
across every note being checked. The later copy (by path, then line) is reported and the
message names the first.

## Why is this bad?
A duplicate inflates the quiz and drifts: one copy gets fixed, the other does not.

## Example
```markdown
- Which queue type keeps messages in order?
- Which queue type keeps **messages** in order
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note
from kgnotes.rules.base import NoOptions
from kgnotes.text.normalize import normalise_for_duplicates

CODE = "KGN201"
NAME = "duplicate-question"
SEVERITY = "error"
Options = NoOptions


def check(note: Note, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    first_copies = corpus.first_question_copies
    for question in note.questions:
        key = normalise_for_duplicates(question.text)
        first = first_copies.get(key)
        if (
            key
            and first is not None
            and (first.note.path, first.line) != (note.path, question.line)
        ):
            yield Finding(
                anchor=question.text,
                line=question.line,
                column=question.column,
                message=f"question repeats {first.where} ('{first.note.title}')",
                data={"first": first.where},
            )
