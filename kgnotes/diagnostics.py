"""The one finding type everything reports, and the severity scale.

Rules yield `Finding`s (where and what); the engine stamps the rule's code, name and the
configured severity to make a `Diagnostic` (who and how bad). Diagnostics sort totally,
so every output is reproducible.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Finding(BaseModel):
    """What a rule reports: a place in the note being checked and a message."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(ge=1)
    column: int = Field(default=1, ge=1)
    message: str
    data: dict[str, Any] | None = None
    path: str | None = Field(default=None, description="only for findings on another file")
    anchor: str | None = Field(
        default=None, description="the item's text, for fingerprints that survive line moves"
    )


class Diagnostic(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    line: int = Field(ge=1)
    column: int = Field(default=1, ge=1)
    code: str
    rule: str
    severity: Severity
    message: str
    data: dict[str, Any] | None = None
    fingerprint: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self.sort_key() < other.sort_key()


def fingerprint(code: str, path: str, anchor: str) -> str:
    """Stable across edits elsewhere in the file: no line numbers, only what was flagged."""
    digest = hashlib.sha256(
        f"{code}\0{path}\0{' '.join(anchor.split())}".encode("utf-8", "surrogateescape")
    )
    return digest.hexdigest()[:32]


def exit_code(diagnostics: list[Diagnostic], input_error: bool = False) -> int:
    """0 clean (warnings allowed), 1 error findings, 2 a file could not be read."""
    if input_error:
        return 2
    return 1 if any(d.severity == "error" for d in diagnostics) else 0
