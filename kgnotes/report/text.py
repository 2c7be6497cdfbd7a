"""`path:line:col: CODE rule message`, the shape editors and pre-commit understand."""

from __future__ import annotations

from kgnotes.diagnostics import Diagnostic
from kgnotes.report.summary import RunSummary


def render(diagnostics: list[Diagnostic], summary: RunSummary) -> str:
    lines = [f"{d.path}:{d.line}:{d.column}: {d.code} {d.rule} {d.message}" for d in diagnostics]
    lines.append(summary.sentence(diagnostics))
    return "\n".join(lines) + "\n"
