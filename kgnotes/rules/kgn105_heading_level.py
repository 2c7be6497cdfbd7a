"""A note title at a different heading level from the other titles in its file.

## What it does
In a file with several notes, finds titles whose level differs from the level most titles
use (ties go to the first title's level).

## Why is this bad?
`### AWS Directory Service` among `## ` titles renders as a subsection of the previous topic
in a table of contents, and other tools will nest it there.

## Example
```markdown
## EFS

- EFS is a shared file system.

---

### AWS Directory Service

- AWS Directory Service runs Microsoft AD.
```

## Options
None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import ParsedFile
from kgnotes.rules.base import NoOptions

CODE = "KGN105"
NAME = "heading-level"
SEVERITY = "warning"
SCOPE = "file"
Options = NoOptions


def check(file: ParsedFile, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    if len(file.notes) < 2:
        return
    counts = Counter(note.level for note in file.notes)
    top = max(counts.values())
    expected = next(note.level for note in file.notes if counts[note.level] == top)
    for note in file.notes:
        if note.level != expected:
            yield Finding(
                anchor=note.title,
                line=note.line,
                message=f"title '{note.title}' is H{note.level}; the other titles in this "
                f"file are H{expected}",
            )
