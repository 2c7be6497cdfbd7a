"""Normalised forms of note text, for exact duplicate detection.

"Which queue type keeps **order**?" and "which queue-type keeps order" are the same
question to a reader: case, punctuation, white space and emphasis do not count.
"""

from __future__ import annotations

import unicodedata

_KEEP = {"@", "+"}  # "Lambda@Edge", "C++" keep their meaning


def normalise_for_duplicates(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    chars = [c if c.isalnum() or c in _KEEP else " " for c in text]
    return " ".join("".join(chars).split())
