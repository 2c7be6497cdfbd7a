"""GitHub Actions workflow commands: one `::error file=…,line=…::…` annotation per finding."""

from __future__ import annotations

from kgnotes.diagnostics import Diagnostic
from kgnotes.report.summary import RunSummary

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic], summary: RunSummary) -> str:
    lines = []
    for d in diagnostics:
        properties = ",".join(
            (
                f"file={_escape_property(d.path)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(f'{d.code} {d.rule}')}",
            )
        )
        lines.append(f"::{_LEVEL[d.severity]} {properties}::{_escape_data(d.message)}")
    lines.append(summary.sentence(diagnostics))
    return "\n".join(lines) + "\n"
