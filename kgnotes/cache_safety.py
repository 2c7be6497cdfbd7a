"""What makes a cache folder safe to find in a repository, in the standard library only.

`.kgnotes_cache/` can arrive in a pull request (it should be git-ignored, but `git add -f`
exists). Two defences, used by the warm-run fast path and by the parse and result caches:

- **Keys no one else can compute.** Every cache key is mixed with a random secret kept
  outside the repository, per user (`$XDG_CACHE_HOME/kgnotes/cache-secret`, default
  `~/.cache/...`). A forged `output.json` saying "All checks passed" for a pull request's
  notes would otherwise be served as a hit: version, argv, working folder and note hashes
  are all public. With no usable secret (no home folder, read-only), caching is off.
- **Reads that cannot hang or exhaust memory.** A cache file is read only if it is a
  regular file (not a FIFO, not a link to /dev/zero) of at most `MAX_CACHE_BYTES`.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_CACHE_BYTES = 256 * 1024 * 1024
SECRET_BYTES = 32


def secret_path() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "kgnotes" / "cache-secret"
    home = os.path.expanduser("~")
    return None if home == "~" else Path(home) / ".cache" / "kgnotes" / "cache-secret"


@lru_cache(maxsize=1)
def machine_secret() -> bytes | None:
    """This user's cache secret, created on first use; None when there is nowhere to keep it."""
    path = secret_path()
    if path is None:
        return None
    secret = read_small_file(path, SECRET_BYTES)
    if secret is not None and len(secret) == SECRET_BYTES:
        return secret
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: when two hooks start at once, one creates it and the other reads it.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(os.urandom(SECRET_BYTES))
    secret = read_small_file(path, SECRET_BYTES)
    return secret if secret is not None and len(secret) == SECRET_BYTES else None


def keyed(key: str) -> str | None:
    """`key` as stored in a cache file: an HMAC under this user's secret (None: no cache)."""
    secret = machine_secret()
    if secret is None:
        return None
    return hmac.new(secret, key.encode("utf-8", "surrogateescape"), "sha256").hexdigest()


def read_json(path: Path) -> Any:
    """The JSON value of a cache file, or None when it is missing, not a regular file of
    sane size, or not UTF-8 JSON (a damaged cache is ignored, never trusted)."""
    found = read_json_with_status(path)
    return None if found is None else found[0]


def read_json_with_status(path: Path) -> tuple[Any, os.stat_result] | None:
    """`read_json`, with the status of the file that was read."""
    found = read_with_status(path)
    if found is None:
        return None
    try:
        return json.loads(found[0].decode("utf-8")), found[1]
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None


def read_small_file(path: Path, limit: int = MAX_CACHE_BYTES) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, else None."""
    found = read_with_status(path, limit)
    return None if found is None else found[0]


def read_with_status(
    path: Path, limit: int = MAX_CACHE_BYTES
) -> tuple[bytes, os.stat_result] | None:
    """The bytes and status of one and the same regular file (at most `limit` bytes), else
    None. Opened without blocking (a FIFO cannot stall the hook) and without following a
    final link."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        try:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            data = stream.read(limit + 1)
        except OSError:
            return None
    return (data, status) if len(data) <= limit else None
