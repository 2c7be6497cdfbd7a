"""The one-line summary under the text report."""

from __future__ import annotations

from dataclasses import dataclass

from kgnotes.diagnostics import Diagnostic


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class RunSummary:
    files: int
    notes: int

    def sentence(self, diagnostics: list[Diagnostic]) -> str:
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = sum(d.severity == "warning" for d in diagnostics)
        scope = f"{_plural(self.notes, 'note')} in {_plural(self.files, 'file')}"
        if not diagnostics:
            return f"All checks passed: {scope}."
        return f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {scope}."
