"""Errors that end a run with exit code 2 and one line of explanation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # errors.py stays importable without pydantic, for the fast path
    from pydantic import ValidationError


class ConfigError(Exception):
    """Bad configuration, schema or catalog: reported as `file: key: reason`, exit 2."""


class UsageError(Exception):
    """Bad command line or missing input path: exit 2."""


def describe_validation_error(path: Path | str, error: ValidationError) -> str:
    """`file: key.sub: reason` for the first problem pydantic found (the rest follow)."""
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        reason = item["msg"]
        if item["type"] == "extra_forbidden":
            reason = "unknown key"
        problems.append(f"{key}: {reason}")
    return f"{path}: " + "; ".join(problems)
