"""An item under Questions that is neither a question nor a prompt.

## What it does
Each item in a Questions list must end with `?`, start with a question word (What, How,
Can, Is, ...), or start with an imperative prompt verb (Describe, Explain, Name, ...).

## Why is this bad?
A remark such as "Not much to ask here, read the bullets." in a Questions list is counted as
an unanswerable question and hides the fact that the note has no real questions.

## Example
```markdown
## AWS Directory Service

- AWS Directory Service runs Microsoft AD for other AWS services.

### Questions

- Not much to ask here, read the bullets.
```

## Options
- `prompt_verbs` (list of str): verbs that make an item a prompt.
- `question_words` (list of str): first words that make an item a question without `?`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note

CODE = "KGN103"
NAME = "not-a-question"
SEVERITY = "error"


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    prompt_verbs: tuple[str, ...] = (
        "describe",
        "explain",
        "name",
        "list",
        "compare",
        "contrast",
        "define",
        "give",
        "outline",
        "summarise",
        "summarize",
        "identify",
        "state",
        "discuss",
        "distinguish",
        "recall",
        "design",
        "choose",
        "pick",
        "propose",
        "suggest",
        "sketch",
        "walk",
    )
    question_words: tuple[str, ...] = (
        "what",
        "what's",
        "whats",
        "how",
        "why",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "can",
        "could",
        "is",
        "are",
        "was",
        "were",
        "does",
        "do",
        "did",
        "should",
        "would",
        "will",
        "may",
        "might",
        "must",
        "has",
        "have",
        "in",
        "for",
        "with",
    )


def is_question(text: str, options: Options) -> bool:
    stripped = text.strip().rstrip(".!:; ")
    if text.rstrip().endswith("?"):
        return True
    words = stripped.split()
    if not words:
        return False
    first = words[0].strip("*_`\"'(").lower()
    if first in options.prompt_verbs:
        return True
    # "What is X" without the question mark is still a question; "In which..." too.
    return (
        first in options.question_words
        and len(words) >= 3
        and (first not in ("in", "for", "with") or words[1].lower() in ("what", "which", "how"))
    )


def check(note: Note, corpus: Corpus, options: Options) -> Iterator[Finding]:
    for question in note.questions:
        if not is_question(question.text, options):
            yield Finding(
                anchor=question.text,
                line=question.line,
                column=question.column,
                message=f"'{question.text}' is not a question: end it with '?' or start "
                "with a prompt such as 'Describe'",
            )
