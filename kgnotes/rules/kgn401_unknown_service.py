"""A name that looks like an AWS service ("Amazon Foo", "AWS Bar") is not in the catalog.

## What it does
Finds "Amazon" or "AWS" followed by a capitalised word in titles, scenarios, answers, facts
and questions, and reports it when the service catalog knows neither the name nor a phrase
that is deliberately not a service ("AWS Region", "AWS account").

## Why is this bad?
A service the catalog does not know never becomes a node, so the graph silently misses it.
Add it to a catalog file named in config (`[tool.kgnotes.catalog] files = [...]`), or fix
the spelling.

## Example
```markdown
## Queues

- Amazon Qeueu Service keeps messages for four days.

### Questions

- How long are messages kept?
```

## Options
None.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note, TextItem
from kgnotes.rules.base import NoOptions
from kgnotes.text.terms import LIGHT_WORDS, STOP_WORDS

CODE = "KGN401"
NAME = "unknown-service"
SEVERITY = "warning"
Options = NoOptions

# Words that follow "AWS" in ordinary prose and title-case headings without naming a service.
_GENERIC = frozenset(
    [
        "services",
        "service",
        "documentation",
        "docs",
        "supported",
        "support_",
        "core",
        "public",
        "private",
        "version",
        "system",
        "systems",
        "console",
        "cloud",
        "account",
        "accounts",
        "region",
        "regions",
        "partner",
        "partners",
        "certified",
        "certification",
        "best",
        "global",
        "infrastructure",
        "managed",
        "resources",
        "resource",
        "customers",
        "customer",
        "does",
        "do",
        "is",
        "are",
        "has",
        "have",
        "will",
        "can",
        "offers",
        "offer",
        "provides",
        "provide",
        "recommends",
        "recommended",
        "says",
        "team",
        "teams",
        "side",
        "free",
        "tier",
        "pricing",
        "price",
        "bill",
        "billing",
        "network",
        "networks",
        "data",
        "center",
        "centers",
        "edge",
        "locations",
        "location",
        "zone",
        "zones",
        "shared",
        "responsibility",
        "model",
        "well",
        "architected",
        "db",
        "instance",
        "instances",
        "user",
        "users",
        "api",
        "apis",
        "sdk",
        "sdks",
        "cli",
        "ui",
        "web",
        "based",
        "native",
        "owned",
    ]
)

_LOOKS_LIKE_SERVICE = re.compile(r"\b(?:Amazon|AWS)\s+[A-Z][\w@&-]*(?:\s+[A-Z0-9][\w@&-]*){0,2}")


def _texts(note: Note) -> Iterator[TextItem]:
    yield TextItem(text=note.title, line=note.line)
    for item in (note.scenario, note.scenario_answer):
        if item is not None:
            yield item
    for fact in note.facts:
        yield fact
        yield from fact.details
    yield from note.questions
    yield from note.answers


def check(note: Note, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    linker = corpus.catalog.linker
    reported: set[str] = set()
    for item in _texts(note):
        if "Amazon" not in item.text and "AWS" not in item.text:
            continue
        spans = linker.known_spans(item.text)  # sorted, non-overlapping
        starts = [start for start, _ in spans]
        for match in _LOOKS_LIKE_SERVICE.finditer(item.text):
            prefix_end = match.start() + (6 if item.text.startswith("Amazon", match.start()) else 3)
            # The one span that could cover the prefix: the last starting at or before it.
            index = bisect.bisect_right(starts, prefix_end + 1) - 1
            known = index >= 0 and spans[index][1] > prefix_end
            name = " ".join(match.group(0).split()[:2])
            word = name.split()[1].lower()
            if word in _GENERIC or word in STOP_WORDS or word in LIGHT_WORDS:
                continue
            if not known and name not in reported:
                reported.add(name)
                yield Finding(
                    anchor=name,
                    line=item.line,
                    column=item.column,
                    message=f"'{name}' looks like a service but is not in the catalog: add it "
                    "to a catalog file in config, or check the spelling",
                    data={"name": name},
                )
