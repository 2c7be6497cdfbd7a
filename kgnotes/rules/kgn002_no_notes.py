"""A readable file with no note in it: empty, or text without any title heading.

## What it does
Reports, once per file, a Markdown file in which the parser found no note title, such as an
empty file or a page of prose without headings.

## Why is this bad?
Such a file adds nothing to the checks or the graph; usually it is a draft or a file that is
not notes at all and should be excluded in config.

## Example
```markdown
Just some text without a title.
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

CODE = "KGN002"
NAME = "no-notes"
SEVERITY = "warning"
SCOPE = "file"
Options = NoOptions


def check(file: ParsedFile, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    if file.error is None and not file.notes:
        reason = "file is empty" if file.line_count == 0 else "no title heading found"
        yield Finding(line=1, message=f"no note in this file ({reason})")
