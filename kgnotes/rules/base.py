"""What every rule module provides, so the registry can hold them uniformly.

A rule module defines CODE, NAME, SEVERITY, SCOPE ("note" or "file"), an `Options` model
(frozen, unknown keys rejected) and `check(target, corpus, options)`; its docstring has the
sections *What it does*, *Why is this bad?*, *Example* and *Options*.

A rule that compares notes with each other also defines `prepare(corpus, options)`, which
returns the corpus-wide indexes it will read as `Warmup`s: a parallel run builds them on
separate cores, hands them to the corpus, then runs the rule itself in the main process.
A rule without `prepare` reads the corpus only through indexes that any process builds
cheaply for itself (exact copies, the service catalog; exact copies link only the repeated
texts, but load the catalog to do so), so its files can be checked in any worker.
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
class Warmup:
    """One corpus index: `compute()` builds it (in any process), `adopt(result)` stores the
    result in this process's corpus, so the rule's `check` finds it ready."""

    compute: Callable[[], Any]
    adopt: Callable[[Any], None]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: str
    options_model: type[BaseModel]
    check: Callable[..., Iterator[Finding]]
    doc: str
    prepare: Callable[..., list[Warmup]] | None = None

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
            prepare=getattr(module, "prepare", None),
        )

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def default_options(self) -> Any:
        return self.options_model()


def reworded_warmups(corpus: Any, kind: str, reworded: bool, threshold: float) -> list[Warmup]:
    """The reworded-copies index of `kind` ("questions" or "facts") as a Warmup, for the
    duplicate rules' `prepare`; none when the rule does not look for reworded copies."""
    if not reworded:
        return []
    return [
        Warmup(
            compute=lambda: corpus.exported_reworded(kind, threshold),
            adopt=lambda found: corpus.adopt_reworded(kind, threshold, found),
        )
    ]
