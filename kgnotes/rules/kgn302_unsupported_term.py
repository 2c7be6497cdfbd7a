"""A question names a service, acronym or number that no fact of its note mentions.

## What it does
Finds, in each question, AWS service names (from the service catalog), acronyms (two or more
capitals, like `S3`, `IOPS`, `SMB`) and numbers larger than ten, and reports those that
appear in no fact or scenario of the same note, nor in the question's own answer (its item
of an Answers list, `question:: answer`, or the sub-list under it), nor in the title: the
title is the subject of every fact, so "What is the largest message SQS accepts?" under
`## SQS` names nothing new. A title that compares ("## EFS vs S3", "or", "versus",
"compared") does not count: S3 still needs a fact.
An acronym counts as mentioned when the note writes it out ("Server Message Block (SMB)") or
a synonym group links the two.

## Why is this bad?
"How is EFS different from S3?" in a note that never mentions S3 cannot be answered from the
note, even if most of its words match: the note is missing the comparison.

## Example
```markdown
## EFS

- EFS is a shared file system for Linux instances.

### Questions

- How is EFS different from S3?
```

## Options
- `min_number` (int, default 11): smaller numbers ("the 3 destinations") are counts that
  lists answer without writing the digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from kgnotes.answers import note_acronyms
from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note
from kgnotes.text.terms import content_terms

CODE = "KGN302"
NAME = "unsupported-term"
SEVERITY = "warning"

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z0-9](?:s)?\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


class Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_number: int = Field(default=11, ge=0, strict=True)


# "## EFS vs S3", "## SNS or SQS?": a title that compares names what the facts must cover.
_COMPARES = re.compile(r"\b(?:vs\.?|versus|or|compared)\b", re.IGNORECASE)


def _note_text(note: Note, with_title: bool) -> str:
    """What the note says for every question: its facts, its scenario and the scenario's
    answer, and (`with_title`) its title, the subject of every fact."""
    parts = [note.title] if with_title else []
    parts += [fact.full_text for fact in note.facts]
    parts += [item.text for item in (note.scenario, note.scenario_answer) if item is not None]
    return "\n".join(parts)


def check(note: Note, corpus: Corpus, options: Options) -> Iterator[Finding]:
    if not note.questions:
        return
    # A title that compares says no more about S3 than that it is compared.
    title_counts = not _COMPARES.search(note.title)
    shared = _note_text(note, title_counts)
    acronyms = note_acronyms(note)
    shared_terms = set(content_terms(shared, corpus.synonyms, acronyms))
    shared_services = corpus.services_in(shared)
    if title_counts:  # "## Config" alone names AWS Config
        shared_services |= corpus.title_services(note)
    for question in note.questions:
        # A question's own answer (`question:: answer`, its item of the Answers list)
        # supports it too; another question's answer does not.
        text, note_terms, note_services = shared, shared_terms, shared_services
        if question.answer is not None:
            own = question.answer.text
            text = f"{shared}\n{own}"
            note_terms = shared_terms | set(content_terms(own, corpus.synonyms, acronyms))
            note_services = shared_services | corpus.services_in(own)
        unsupported: list[str] = []
        for service in corpus.services_in(question.text) - note_services:
            unsupported.append(corpus.service_label(service))
        for acronym in dict.fromkeys(_ACRONYM.findall(question.text)):
            singular = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
            terms = set(content_terms(singular, corpus.synonyms, acronyms))
            if terms and not terms & note_terms and singular not in unsupported:
                unsupported.append(singular)
        for number in dict.fromkeys(_NUMBER.findall(question.text)):
            if float(number) >= options.min_number and not re.search(
                rf"(?<![\w.]){re.escape(number)}(?![\w])", text
            ):
                unsupported.append(number)
        if unsupported:
            yield Finding(
                anchor=question.text,
                line=question.line,
                column=question.column,
                message=f"question names {', '.join(unsupported)}, which neither the facts "
                f"of '{note.title}' nor the question's own answer mention",
                data={"terms": unsupported},
            )
