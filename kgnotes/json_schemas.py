"""The JSON Schemas committed in `schemas/`, generated from the pydantic models.

`kgnotes schema` writes them; a test runs `kgnotes schema --check` so they cannot go stale.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from kgnotes.config import Config
from kgnotes.models import ParsedFile
from kgnotes.schema import NoteSchema


def _render(model: type[BaseModel], title: str, by_alias: bool = True) -> str:
    schema: dict[str, Any] = model.model_json_schema(by_alias=by_alias)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def render_all() -> dict[str, str]:
    files = {
        "parsed-notes.schema.json": _render(ParsedFile, "kgnotes parsed notes file"),
        "note-schema.schema.json": _render(NoteSchema, "kgnotes note schema (schemas/*.toml)"),
        "config.schema.json": _render(Config, "kgnotes configuration ([tool.kgnotes])"),
    }
    try:
        from kgnotes.coverage_model import CoverageReport
    except ImportError:
        return files
    files["coverage.schema.json"] = _render(CoverageReport, "kgnotes coverage.json")
    return files
