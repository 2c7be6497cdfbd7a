"""The warm-cache fast path of `kgnotes check`, in the standard library only.

A pre-commit hook runs `kgnotes check` on every commit; most of the time nothing that
matters has changed since the last run. Before importing pydantic, markdown-it or the rules,
`cli.main` asks this module for the output of an identical earlier run: same kgnotes
version, same command line and working directory, same config file, and byte-identical
input notes, schema, synonym and catalog files, and with `semantic = true` the same
installed model (kgnotes/semantic.py). On a hit it prints that output and exits
with that code; on a miss the full check runs and stores its output here. Every byte that
can change the result is part of the key, so a hit is always what a full run would print;
the key is stored as an HMAC under a per-user secret, so a cache folder committed to a
pull request cannot forge a hit (kgnotes/cache_safety.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from kgnotes import __version__, defaults
from kgnotes.cache_safety import keyed, read_json, read_json_with_status
from kgnotes.discover import discover
from kgnotes.fingerprint import code_fingerprint

_OUTPUT_FILE = "output.json"
_KEEP_OUTPUTS = 16  # enough for the few commands a repository runs


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first kgnotes.toml, or pyproject.toml with [tool.kgnotes], walking up."""
    for folder in (start, *start.parents):
        candidate = folder / "kgnotes.toml"
        if candidate.is_file():
            return candidate, tomllib.loads(candidate.read_text(encoding="utf-8"))
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "kgnotes" in tool:
                return candidate, tool["kgnotes"]
    return None


def _strings(value: Any, default: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return default


class _Key:
    def __init__(self) -> None:
        self.hasher = hashlib.sha256()

    def add(self, part: str | bytes) -> None:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        self.hasher.update(len(data).to_bytes(8, "little"))
        self.hasher.update(data)

    def add_file(self, path: str | Path, digests: _Digests | None = None) -> None:
        """The file's content (through its sha256, remembered in `digests` when given)."""
        try:
            status = os.stat(path)
            if not stat.S_ISREG(status.st_mode):
                self.add("not a regular file")  # never open a FIFO: it would block
                return
            if digests is None:
                self.add(Path(path).read_bytes())
            else:
                self.add(digests.content_digest(str(path), status))
        except OSError as error:
            self.add(f"unreadable:{error.errno}")


class _Digests:
    """The sha256 of each note's bytes, reused while the file's status is unchanged.

    Git's index trick: a file whose size, modification and change times (nanoseconds) and
    inode are those recorded with its digest has not been written since, so the warm hook
    case stats 1,000 notes instead of reading and hashing them. On POSIX the change time
    cannot be set by a program (on Windows it is the creation time: no digests there). An
    edit in the same clock tick as the recording is caught by the "racily clean" rule: a
    record of a file that changed less than RACY_NS before the digest file was written (by
    the file system's own clock: that file's modification time) is dropped when loaded, so
    the file is hashed again and a later save cannot make the record look old. A damaged
    or foreign digest file is ignored, never trusted.
    """

    RACY_NS = 2_000_000_000  # covers coarse (jiffy) and 2-second (FAT) timestamps
    MAX_RECORDS = 100_000
    FILE = "digests.json"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE
        self.records: dict[str, list[Any]] = {}
        self.changed = False
        found = read_json_with_status(self.path)
        if found is None:
            return
        data, status = found
        if not isinstance(data, dict) or data.get("kgnotes") != __version__:
            return
        records = data.get("files")
        if isinstance(records, dict):
            trusted_before = status.st_mtime_ns - self.RACY_NS
            self.records = {
                name: record
                for name, record in records.items()
                if _well_formed(record) and max(record[1], record[2]) < trusted_before
            }

    def content_digest(self, name: str, status: os.stat_result) -> str:
        signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
        record = self.records.get(name)
        if record is not None and record[:4] == signature:
            return record[4]
        # Status first, then the bytes: a write in between leaves a record that no longer
        # matches the file, so the next run hashes it again.
        digest = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        self.records.pop(name, None)
        self.records[name] = [*signature, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed:
            return
        from kgnotes.atomic import write_text_atomic

        kept = dict(list(self.records.items())[-self.MAX_RECORDS :])
        with contextlib.suppress(OSError):
            write_text_atomic(
                self.path,
                json.dumps({"kgnotes": __version__, "files": kept}, separators=(",", ":")),
            )


def _well_formed(record: Any) -> bool:
    """[size, mtime_ns, ctime_ns, inode, sha256 hex] as this module writes it."""
    return (
        isinstance(record, list)
        and len(record) == 5
        and all(type(value) is int for value in record[:4])
        and isinstance(record[4], str)
    )


def output_key(
    paths: list[str], config_arg: str | None, argv: list[str], whole_corpus: bool
) -> tuple[str, Path] | None:
    """(key, cache folder) for this run, or None when the fast path must not be used."""
    try:
        cwd = Path.cwd().resolve()
        if config_arg:
            source: Path | None = Path(config_arg)
            data = tomllib.loads(source.read_text(encoding="utf-8"))
            if source.name == "pyproject.toml":
                data = data.get("tool", {}).get("kgnotes", {})
        else:
            found = find_config(cwd)
            source, data = found if found else (None, {})
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None  # let the full run report the problem
    if not isinstance(data, dict) or data.get("cache") is False:
        return None
    base = source.parent if source else cwd
    key = _Key()
    for part in (__version__, code_fingerprint(), str(cwd), json.dumps(argv)):
        key.add(part)
    if source is not None:
        key.add_file(source)
        if "semantic" in json.dumps(data):
            # `semantic = true` somewhere: the answers also depend on the installed model (and
            # without it the full run must report the config error, not replay old output).
            # Read from the parsed config, so a comment that says "semantic" costs nothing.
            from kgnotes.semantic import model_fingerprint

            key.add(model_fingerprint())
    config_paths = [str(base / p) for p in _strings(data.get("paths"), defaults.PATHS)]
    if not paths:
        # The full run shows these relative to the working directory; so does the key.
        paths = [os.path.relpath(p, cwd) if p.startswith(str(cwd)) else p for p in config_paths]
    elif whole_corpus:
        paths = [*paths, *config_paths]
    found_files = discover(
        paths,
        _strings(data.get("extensions"), defaults.EXTENSIONS),
        _strings(data.get("exclude"), defaults.EXCLUDE),
        base,
        exclude_named=whole_corpus,
    )
    key.add(json.dumps([found_files.files, found_files.problems]))
    cache_dir = data.get("cache-dir", data.get("cache_dir", defaults.CACHE_DIR))
    if not isinstance(cache_dir, str):
        return None
    digests = _Digests(base / cache_dir) if os.name == "posix" else None
    for name in found_files.files:
        key.add_file(name, digests)
    if digests is not None:
        digests.save()
    extra = [data.get("schema"), data.get("synonyms")]
    schemas = data.get("schemas")
    extra += list(schemas.values()) if isinstance(schemas, dict) else []
    catalog = data.get("catalog")
    extra += list(catalog.get("files", [])) if isinstance(catalog, dict) else []
    for name in extra:
        if isinstance(name, str):
            key.add_file(base / name)
    private = keyed(key.hasher.hexdigest())  # None: no secret, so no cache (cache_safety.py)
    return None if private is None else (private, base / cache_dir)


def _read(folder: Path) -> dict[str, Any]:
    data = read_json(folder / _OUTPUT_FILE)
    if not isinstance(data, dict) or data.get("kgnotes") != __version__:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def lookup(key: str, folder: Path) -> tuple[int, str, str] | None:
    entry = _read(folder).get(key)
    if not isinstance(entry, dict):
        return None
    code, stdout, stderr = entry.get("code"), entry.get("stdout"), entry.get("stderr")
    if isinstance(code, int) and isinstance(stdout, str) and isinstance(stderr, str):
        return code, stdout, stderr
    return None


def store(key: str, folder: Path, code: int, stdout: str, stderr: str) -> None:
    from kgnotes.atomic import write_text_atomic

    entries = _read(folder)
    entries.pop(key, None)
    entries[key] = {"code": code, "stdout": stdout, "stderr": stderr}
    kept = dict(list(entries.items())[-_KEEP_OUTPUTS:])
    with contextlib.suppress(OSError):
        write_text_atomic(
            folder / _OUTPUT_FILE,
            json.dumps({"kgnotes": __version__, "entries": kept}, separators=(",", ":")),
        )
