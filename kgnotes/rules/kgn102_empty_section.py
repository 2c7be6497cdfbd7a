"""A Questions, Answers or Notes section that is present but holds nothing.

## What it does
Reports a section heading (or a `Questions:` line) of a kind the schema knows, with no
list item or paragraph under it before the next heading.

## Why is this bad?
An empty `### Questions` looks finished in an outline but quizzes nothing; usually the list
was lost in an edit or never written.

## Example
```markdown
## SQS

- SQS keeps messages for four days by default.

### Questions
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

CODE = "KGN102"
NAME = "empty-section"
SEVERITY = "error"
Options = NoOptions


def check(note: Note, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    for section in note.sections:
        if section.kind != "other" and section.item_count == 0:
            yield Finding(
                line=section.line,
                message=f"'{section.title}' section in '{note.title}' is empty",
            )
