"""Check the held-out set with the development set's rules and its own minimum counts.

python3 tests/eval/holdout/validate.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from validate import Minimums, main

HOLDOUT_MINIMUMS = Minimums(
    kinds={
        "plain": 25,
        "paraphrase": 25,
        "typo": 10,
        "acronym": 10,
        "leadin": 10,
        "scenario": 5,
        "unanswerable": 45,
    },
    files=12,
    questions=150,
    pairs=30,
)

if __name__ == "__main__":
    sys.exit(main(Path(__file__).resolve().parent, HOLDOUT_MINIMUMS))
