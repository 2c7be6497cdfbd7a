"""A content-addressed cache, so a second run on unchanged notes does almost no work.

Two layers, both in `cache_dir` (default `.kgnotes_cache/` beside the config file):
- `parsed.json`: parsed notes by key = hash(kgnotes version, schema, path, file bytes);
- `results.json`: the last run's findings by key = hash(version, config file, selected
  rules and their options, every file's parse key).

A key changes whenever anything that could change the result changes, so an entry is
never stale; a cache file that does not parse, has another version, or fails validation is
ignored and rebuilt, never trusted. The cache is plain JSON validated by pydantic (never
pickle), because a cache folder can come from an untrusted pull request; for the same
reason keys are stored as HMACs under a per-user secret kept outside the repository, so a
forged entry can never match (kgnotes/cache_safety.py). `--no-cache` turns it off for one
run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kgnotes import __version__
from kgnotes.atomic import write_text_atomic
from kgnotes.cache_safety import keyed, read_json
from kgnotes.models import ParsedFile

CACHE_FORMAT = 1


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def _read(path: Path) -> dict[str, Any]:
    data = read_json(path)  # None when missing or damaged: ignored, never trusted
    if (
        not isinstance(data, dict)
        or data.get("format") != CACHE_FORMAT
        or data.get("kgnotes") != __version__
        or not isinstance(data.get("entries"), dict)
    ):
        return {}
    return data["entries"]


def _write(path: Path, entries: dict[str, Any]) -> None:
    payload = {"format": CACHE_FORMAT, "kgnotes": __version__, "entries": entries}
    # A read-only checkout still works, just without a cache.
    with contextlib.suppress(OSError):
        write_text_atomic(path, json.dumps(payload, separators=(",", ":"), sort_keys=True))


class ParseCache:
    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "parsed.json" if folder else None
        self.entries: dict[str, Any] = _read(self.path) if self.path else {}
        self.used: dict[str, Any] = {}
        self.changed = False

    def get(self, key: str) -> ParsedFile | None:
        stored = keyed(key)
        raw = None if stored is None else self.entries.get(stored)
        if raw is None:
            return None
        try:
            parsed = ParsedFile.model_validate(raw)
        except ValidationError:
            return None
        self.used[stored] = raw
        return parsed

    def put(self, key: str, parsed: ParsedFile) -> None:
        stored = keyed(key)
        if stored is not None:
            self.used[stored] = parsed.model_dump(mode="json", exclude_defaults=True)
            self.changed = True

    def save(self) -> None:
        # Keep only what this run used, so the file tracks the corpus instead of growing.
        if self.path and (self.changed or len(self.used) != len(self.entries)):
            _write(self.path, self.used)


class ResultCache:
    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "results.json" if folder else None

    def get(self, key: str) -> list[dict[str, Any]] | None:
        stored = keyed(key)
        if self.path is None or stored is None:
            return None
        entry = _read(self.path).get(stored)
        return entry if isinstance(entry, list) else None

    def put(self, key: str, diagnostics: list[dict[str, Any]]) -> None:
        stored = keyed(key)
        if self.path is not None and stored is not None:
            _write(self.path, {stored: diagnostics})
