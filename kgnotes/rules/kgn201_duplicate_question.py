"""The same question asked twice, in one note or anywhere in the corpus, also reworded.

## What it does
Finds exact copies (after normalising case, punctuation, white space and Markdown emphasis)
and reworded copies ("Which queue type guarantees ordering?" / "Which queue type keeps
messages in order?") across every note being checked. Reworded copies are found through an
index of rare terms (see `kgnotes/similar.py`), never by comparing all pairs, and scored by
weighted term overlap, so questions that share words but ask different things ("maximum
size" / "maximum retention" of an SQS message) stay apart. An acronym written in one
question meets its capitalised or defined spelling in another ("What is ASL?" / "What is
Amazon States Language?"); a question of one content term pairs only with a question of
exactly that term, question word and kind of value. The later copy (by path, then line)
is reported and the message names the first.

A question takes its subject from its note when it names none of the title's services:
"What is the default TTL?" under "## CloudFront" and under "## ElastiCache" are two
questions, under two "## CloudFront" notes one; "How long does SQS keep a message?" under
"## SQS" is copied by the same question under "## SNS" (see `kgnotes.subjects`).

## Why is this bad?
A duplicate inflates the quiz and drifts: one copy gets fixed, the other does not.

## Example
```markdown
## SQS

- FIFO queues keep messages in the order they were sent.

### Questions

- Which queue type keeps messages in order?
- Which queue type guarantees ordering?
```

## Options
- `reworded` (bool, default true): also report reworded copies.
- `reworded_threshold` (float, default 0.55): similarity (0 to 1) from which two questions
  are the same question. `bench/eval_answerability.py` prints precision and recall.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note
from kgnotes.rules.base import Warmup, reworded_warmups

CODE = "KGN201"
NAME = "duplicate-question"
SEVERITY = "error"


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    reworded: bool = Field(default=True, strict=True)
    reworded_threshold: float = Field(default=0.55, gt=0, le=1)


def prepare(corpus: Corpus, options: Options) -> list[Warmup]:
    """The corpus-wide index of reworded questions, to build on another core."""
    return reworded_warmups(corpus, "questions", options.reworded, options.reworded_threshold)


def check(note: Note, corpus: Corpus, options: Options) -> Iterator[Finding]:
    exact = corpus.exact_question_copies
    reworded = (
        corpus.reworded_question_copies(options.reworded_threshold) if options.reworded else {}
    )
    for question in note.questions:
        here = (note.path, question.line)
        first = exact.get(here)
        if first is not None:
            message = f"question repeats {first.where} ('{first.note.title}')"
            data = {"first": first.where, "similarity": 1.0}
        elif here in reworded:
            match = reworded[here]
            first = match.first
            message = (
                f"question rewords {first.where} ('{first.text}', similarity {match.score:.2f})"
            )
            data = {"first": first.where, "similarity": match.score}
        else:
            continue
        yield Finding(
            anchor=question.text,
            line=question.line,
            column=question.column,
            message=message,
            data=data,
        )
