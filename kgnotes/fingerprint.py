"""A fingerprint of the installed kgnotes code and data, standard library only.

Part of every cache key: an edited or upgraded kgnotes (an editable install, a branch that
still says 0.1.0) must never serve results computed by other code.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Size and modification time of every file of the package (about a millisecond)."""
    package = Path(__file__).resolve().parent
    parts = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                status = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{status.st_size}:{status.st_mtime_ns}")
    return "\n".join(parts)
