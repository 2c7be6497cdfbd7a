"""The same fact written twice, in one note or anywhere in the corpus, also reworded.

## What it does
Compares facts and scenario answers after normalising case, punctuation, white space and
Markdown emphasis, and finds reworded copies through the same rare-term index as
`duplicate-question` (with a stricter threshold, since facts are longer). The later copy (by
path, then line) is reported, naming the first. A scenario answer repeated as a fact bullet
is the common case. An acronym written in one fact meets its capitalised or defined
spelling in another ("Network Load Balancer", "data encryption key (DEK)"), and a fact
that says "not" is no copy of one that does not ("Doesn't support X" / "Uses X").

A fact in notes on different services is not a copy: "Encryption at rest using KMS" under
"## SQS" and under "## SNS" are two facts. A fact is about the services it names when one
of them is in its note's title, or the title names none; otherwise about the title's
services as well, unless the other copy is certainly about just what it names (an ECS fact
under "## ECR" copies the one under "## ECS"); see `kgnotes.subjects`. The price: an
off-topic fact copied between two notes on other services ("S3 costs 2 cents per GB" under
"## IAM" and under "## Route 53") is not reported.

## Why is this bad?
Repeated facts make notes longer without making them better, and the copies drift apart.

## Example
```markdown
## SQS

> Orders arrive in bursts that the workers cannot keep up with.

_Put an SQS queue between the web tier and the workers._

- Put an SQS queue between the web tier and the workers.

### Questions

- How do you absorb bursts of orders?
```

## Options
- `min_words` (int, default 4): shorter facts ("AWS Lambda") may repeat freely.
- `reworded` (bool, default true): also report reworded copies.
- `reworded_threshold` (float, default 0.65).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note
from kgnotes.rules.base import Warmup, reworded_warmups
from kgnotes.text.normalize import normalise_for_duplicates

CODE = "KGN202"
NAME = "duplicate-fact"
SEVERITY = "error"


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_words: int = Field(default=4, ge=1, strict=True)
    reworded: bool = Field(default=True, strict=True)
    reworded_threshold: float = Field(default=0.65, gt=0, le=1)


def prepare(corpus: Corpus, options: Options) -> list[Warmup]:
    """The corpus-wide index of reworded facts, to build on another core."""
    return reworded_warmups(corpus, "facts", options.reworded, options.reworded_threshold)


def check(note: Note, corpus: Corpus, options: Options) -> Iterator[Finding]:
    exact = corpus.exact_fact_copies
    reworded = corpus.reworded_fact_copies(options.reworded_threshold) if options.reworded else {}
    for item in note.fact_items():
        line, column, text = item.line, item.column, item.text
        key = normalise_for_duplicates(text)
        if len(key.split()) < options.min_words:
            continue
        first = exact.get((note.path, line))
        if first is not None:
            message = f"fact repeats {first.where} ('{first.note.title}')"
            data = {"first": first.where, "similarity": 1.0}
        elif (note.path, line) in reworded:
            match = reworded[(note.path, line)]
            first = match.first
            message = f"fact rewords {first.where} (similarity {match.score:.2f})"
            data = {"first": first.where, "similarity": match.score}
        else:
            continue
        yield Finding(anchor=text, line=line, column=column, message=message, data=data)
