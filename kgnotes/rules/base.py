"""What every rule module provides, so the registry can hold them uniformly.

A rule module defines CODE, NAME, SEVERITY, SCOPE ("note" or "file"), an `Options` model
(frozen, unknown keys rejected) and `check(target, corpus, options)`; its docstring has the
sections *What it does*, *Why is this bad?*, *Example* and *Options*.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel, ConfigDict

from kgnotes.diagnostics import Finding, Severity


class NoOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: str
    options_model: type[BaseModel]
    check: Callable[..., Iterator[Finding]]
    doc: str

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            scope=getattr(module, "SCOPE", "note"),
            options_model=getattr(module, "Options", NoOptions),
            check=module.check,
            doc=(module.__doc__ or "").strip(),
        )

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def default_options(self) -> Any:
        return self.options_model()
