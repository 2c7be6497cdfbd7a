"""Paths on the command line -> the note files to check.

Directories are walked without following symlinks (so a link loop cannot trap the walk),
skipping hidden folders and the usual tool folders; files named explicitly are read
whatever their extension.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "outputs", "site-packages"}


class Discovery:
    """The files found, in order, and one line per path that gave none ("path: reason").

    A plain class, not a dataclass: this module is on the warm hook path, and importing
    dataclasses (with inspect) costs more than the rest of the module."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.problems: list[str] = []


class _Exclusion:
    """`_excluded` for many paths: the base and each folder are resolved once, not once per
    file (a walk of 10,000 notes resolved 20,000 paths; the pre-commit hook pays for it)."""

    def __init__(self, patterns: tuple[str, ...], base: Path | None) -> None:
        self.patterns = patterns
        self.base: str | None = None
        if base is not None and patterns:
            with contextlib.suppress(OSError, RuntimeError):
                self.base = str(base.resolve())
        self.folders: dict[str, str | None] = {}
        # All patterns in one regular expression, with fnmatch's own translation and case
        # rule (os.path.normcase: none on POSIX), so one match per candidate suffices.
        self.matcher = re.compile(
            "|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns)
        )

    def __call__(self, path: str, is_link: bool | None = None) -> bool:
        """`is_link`: whether `path` is a symbolic link, when the caller already knows."""
        if not self.patterns:
            return False
        candidates = [_posix(path), os.path.basename(path), self._relative(path, is_link)]
        return any(
            self.matcher.match(os.path.normcase(candidate))
            for candidate in candidates
            if candidate is not None
        )

    def _relative(self, path: str, is_link: bool | None) -> str | None:
        if self.base is None:
            return None
        folder, name = os.path.split(path)
        if is_link is None:
            is_link = os.path.islink(path)
        if is_link or name in ("", ".", ".."):
            resolved = _resolved(path)  # a link is matched where it points, as before
        else:
            if folder not in self.folders:
                self.folders[folder] = _resolved(folder or ".")
            parent = self.folders[folder]
            resolved = None if parent is None else os.path.join(parent, name)
        if resolved is None:
            return None
        if resolved == self.base:
            return "."
        prefix = self.base.rstrip(os.sep) + os.sep
        if not resolved.startswith(prefix):
            return None  # outside the config folder
        return _posix(resolved[len(prefix) :])


def _posix(path: str) -> str:
    """`Path(path).as_posix()` for a path os.path built, without making a Path."""
    return path if os.sep == "/" else path.replace(os.sep, "/")


def _resolved(path: str) -> str | None:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return None


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
    excluded = _Exclusion(exclude, base)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walked = _walk(path, extensions, excluded)
            for file in walked:
                if file not in seen:
                    seen.add(file)
                    found.files.append(file)
            if not walked:
                found.problems.append(f"{raw}: no Markdown files found")
        elif path.exists() or path.is_symlink():
            name = path.as_posix()
            if exclude_named and excluded(name):
                continue
            if name not in seen:
                seen.add(name)
                found.files.append(name)
        else:
            found.problems.append(f"{raw}: no such file or directory")
    return found


def _walk(root: Path, extensions: tuple[str, ...], excluded: _Exclusion) -> list[str]:
    lowered = tuple(ext.lower() for ext in extensions)
    result: list[str] = []

    def on_error(error: OSError) -> None:
        result.append(str(error.filename))  # read later, so the reason is reported once

    # Walked from the root as Path writes it ("./notes/" -> "notes"), so every path below
    # is already in the form Path(...).as_posix() would give, without a Path per file.
    for folder, dirs, files in _scan(root.as_posix(), on_error):
        folder = _posix(folder)
        prefix = "" if folder == "." else folder.removeprefix("./").rstrip("/") + "/"
        dirs[:] = sorted(
            (name, is_link)
            for name, is_link in dirs
            if not name.startswith(".")
            and name not in SKIPPED_DIRS
            and not excluded(prefix + name, is_link)
        )
        for name, is_link in sorted(files):
            full = prefix + name
            if name.lower().endswith(lowered) and not excluded(full, is_link):
                result.append(full)
    return sorted(set(result))


Entries = list[tuple[str, bool]]  # (name, is a symbolic link)


def _scan(top: str, on_error: Callable[[OSError], None]) -> Iterator[tuple[str, Entries, Entries]]:
    """`os.walk(top, followlinks=False)`, top-down, with each entry's is-a-link flag.

    scandir knows that flag without a system call; os.walk drops it, and asking again was
    one lstat per note on every pre-commit run. Like os.walk, a link to a folder is listed
    with the folders but never entered (a link loop cannot trap the walk), and the caller
    prunes the folders list in place."""
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            on_error(error)
            continue
        dirs: Entries = []
        files: Entries = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            try:
                is_link = entry.is_symlink()
            except OSError:
                is_link = False
            (dirs if is_dir else files).append((entry.name, is_link))
        yield folder, dirs, files
        pending += [os.path.join(folder, name) for name, is_link in reversed(dirs) if not is_link]
