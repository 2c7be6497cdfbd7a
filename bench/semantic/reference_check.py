"""Compare the numpy encoder with sentence-transformers (torch) on a few texts.

Needs sentence-transformers and torch, which kgnotes itself never needs:
    HF_HUB_OFFLINE=1 python3 bench/semantic/reference_check.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minilm import Encoder, model_dir

TEXTS = [
    "How long does SQS keep a message by default?",
    "By default SQS keeps a message for 4 days; retention can be set from 60 seconds to 14 days.",
    "What is a TGW used for?",
    "x",
    "",
    "A much longer sentence " * 80,  # past the 256-token cut
]


def main() -> int:
    from sentence_transformers import SentenceTransformer

    ours = Encoder.load().encode(TEXTS)
    reference = SentenceTransformer(str(model_dir()), device="cpu").encode(
        TEXTS, normalize_embeddings=True, convert_to_numpy=True
    )
    one_by_one = np.vstack([Encoder.load().encode([text]) for text in TEXTS])
    diff = float(np.abs(ours - reference).max())
    batching = float(np.abs(ours - one_by_one).max())
    print(f"max |numpy - torch| = {diff:.2e}; batched vs one by one {batching:.2e}")
    return 0 if diff < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main())
