"""A JSON array of diagnostics, sorted by path and line; extra rule data under `data`."""

from __future__ import annotations

import json

from kgnotes.diagnostics import Diagnostic
from kgnotes.report.summary import RunSummary


def render(diagnostics: list[Diagnostic], summary: RunSummary) -> str:
    items = [d.model_dump(exclude_none=True) for d in diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
