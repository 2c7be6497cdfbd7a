"""Lists or block quotes nested too deeply to read.

## What it does
Reports the lines of a list or quote nested more than 20 levels deep. The Markdown parser
cannot follow such nesting; kgnotes skips that block (and says so here) and goes on reading
the rest of the file, so the notes after it are still checked.

## Why is this bad?
Nothing a person writes by hand is nested that deep: it is usually a paste gone wrong, and
whatever it holds is not checked.

## Example
```markdown
## Deep

- A fact.
- - - - - - - - - - - - - - - - - - - - - - - - - nested far too deep

### Questions

- What is here?
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import ParsedFile
from kgnotes.rules.base import NoOptions

CODE = "KGN003"
NAME = "too-deep"
SEVERITY = "warning"
SCOPE = "file"
Options = NoOptions


def check(file: ParsedFile, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    for item in file.skipped:
        yield Finding(anchor=item.text, line=item.line, message=item.text)
