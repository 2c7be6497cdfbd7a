"""Paths on the command line -> the note files to check.

Directories are walked without following symlinks (so a link loop cannot trap the walk),
skipping hidden folders and the usual tool folders; files named explicitly are read
whatever their extension.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "outputs", "site-packages"}


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each: "path: reason"


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    posix = Path(path).as_posix()
    return any(
        fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern)
        for pattern in patterns
    )


def discover(
    paths: list[str], extensions: tuple[str, ...], exclude: tuple[str, ...] = ()
) -> Discovery:
    found = Discovery()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walked = _walk(path, extensions, exclude)
            for file in walked:
                if file not in seen:
                    seen.add(file)
                    found.files.append(file)
            if not walked:
                found.problems.append(f"{raw}: no Markdown files found")
        elif path.exists() or path.is_symlink():
            name = path.as_posix()
            if name not in seen:
                seen.add(name)
                found.files.append(name)
        else:
            found.problems.append(f"{raw}: no such file or directory")
    return found


def _walk(root: Path, extensions: tuple[str, ...], exclude: tuple[str, ...]) -> list[str]:
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
            and not _excluded(os.path.join(folder, d), exclude)
        )
        for name in sorted(files):
            full = os.path.join(folder, name)
            if name.lower().endswith(lowered) and not _excluded(full, exclude):
                result.append(Path(full).as_posix())
    return sorted(set(result))
