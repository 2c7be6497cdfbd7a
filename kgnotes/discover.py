"""Paths on the command line -> the note files to check.

Directories are walked without following symlinks (so a link loop cannot trap the walk),
skipping hidden folders and the usual tool folders; files named explicitly are read
whatever their extension.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "outputs", "site-packages"}


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each: "path: reason"


def _excluded(path: str, patterns: tuple[str, ...], base: Path | None = None) -> bool:
    """A pattern matches the file name, or the path relative to `base` (the config file's
    folder, so globs mean the same wherever kgnotes runs), or the path as given."""
    candidates = {Path(path).as_posix(), Path(path).name}
    if base is not None:
        with contextlib.suppress(ValueError, OSError, RuntimeError):
            candidates.add(Path(path).resolve().relative_to(base.resolve()).as_posix())
    return any(fnmatch.fnmatch(c, pattern) for c in candidates for pattern in patterns)


def discover(
    paths: list[str],
    extensions: tuple[str, ...],
    exclude: tuple[str, ...] = (),
    base: Path | None = None,
    exclude_named: bool = False,
) -> Discovery:
    """With `exclude_named`, files named on the command line are excluded too (pre-commit
    names every staged Markdown file, README.md included)."""
    found = Discovery()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walked = _walk(path, extensions, exclude, base)
            for file in walked:
                if file not in seen:
                    seen.add(file)
                    found.files.append(file)
            if not walked:
                found.problems.append(f"{raw}: no Markdown files found")
        elif path.exists() or path.is_symlink():
            name = path.as_posix()
            if exclude_named and _excluded(name, exclude, base):
                continue
            if name not in seen:
                seen.add(name)
                found.files.append(name)
        else:
            found.problems.append(f"{raw}: no such file or directory")
    return found


def _walk(
    root: Path, extensions: tuple[str, ...], exclude: tuple[str, ...], base: Path | None
) -> list[str]:
    lowered = tuple(ext.lower() for ext in extensions)
    result: list[str] = []

    def on_error(error: OSError) -> None:
        result.append(str(error.filename))  # read later, so the reason is reported once

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=on_error):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIPPED_DIRS
            and not _excluded(os.path.join(folder, d), exclude, base)
        )
        for name in sorted(files):
            full = os.path.join(folder, name)
            if name.lower().endswith(lowered) and not _excluded(full, exclude, base):
                result.append(Path(full).as_posix())
    return sorted(set(result))
