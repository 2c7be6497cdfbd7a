"""A file that cannot be read as UTF-8 Markdown.

## What it does
Reports a file that is binary, not UTF-8 (or UTF-16), too large, unreadable, or a broken or
looping symlink, with the reason and the line where decoding failed.

## Why is this bad?
Nothing in the file can be checked, so its questions and facts silently drop out of the
corpus. The run exits with code 2 so CI cannot pass over it.

## Example
A note saved as UTF-16 by an editor: `notes/efs.md:1:1: KGN001 parse-error file is UTF-16;
save it as UTF-8`.

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator

from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import ParsedFile
from kgnotes.rules.base import NoOptions

CODE = "KGN001"
NAME = "parse-error"
SEVERITY = "error"
SCOPE = "file"
Options = NoOptions


def check(file: ParsedFile, corpus: Corpus, options: NoOptions) -> Iterator[Finding]:
    if file.error is not None:
        yield Finding(anchor=file.error, line=file.error_line, message=file.error)
