"""Optional meaning-based matching: sentence vectors from the WordLlama model.

`unanswered-question` with `semantic = true` also counts a question as answered when a fact
of its note says the same thing in other words ("How can I get alerted when an error shows
up in my logs?" / "A metric filter turns matching log lines into a metric you can alarm
on"), which term matching cannot see. It is off by default and needs the optional extra:

    pip install 'kgnotes[semantic]'

Why WordLlama: its PyPI wheel ships the weights (a 16 MB token-embedding table, MIT), so
nothing is downloaded at run time; a sentence vector is the mean of its tokens' vectors,
so encoding is a table lookup (numpy), deterministic and fast; loading takes about 0.2 s
and the imports as much again. We read the wheel's two files ourselves with `tokenizers`
and `safetensors` (both its own dependencies) instead of calling `WordLlama.load`, whose
tokenizer lookup misses the packaged file (it looks in `tokenizer/`, the wheel has
`tokenizers/`) and then tries to reach huggingface.co.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from kgnotes.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np
    from tokenizers import Tokenizer

# The model inside the wordllama wheel (256 dimensions, the size it ships).
_TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
_WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
INSTALL_HINT = "pip install 'kgnotes[semantic]'"


class SemanticUnavailable(ConfigError):
    """The optional model or its libraries are not installed, or cannot be read."""


def _package_folder() -> Path | None:
    """Where the wordllama package is installed, found without importing it (its import
    pulls in requests and more, and we need only its data files)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def missing_parts() -> list[str]:
    """What is not installed for semantic matching (empty when it can run)."""
    libraries = ("numpy", "tokenizers", "safetensors")
    missing = [name for name in libraries if not importlib.util.find_spec(name)]
    folder = _package_folder()
    if folder is None:
        missing.append("wordllama")
    elif not (folder / _TOKENIZER).is_file() or not (folder / _WEIGHTS).is_file():
        missing.append("wordllama's model files")
    return missing


class Encoder:
    """Unit-length sentence vectors: the mean of the text's token vectors."""

    def __init__(self, tokenizer: Tokenizer, table: np.ndarray) -> None:
        self.tokenizer = tokenizer
        self.table = table

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        vectors = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        if not texts:
            return vectors
        # No BOS token: the model was trained, and is used by WordLlama, without one.
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.array([len(encoding.ids) for encoding in encodings])
        filled = np.flatnonzero(lengths)
        if not len(filled):
            return vectors
        ids = np.fromiter(chain.from_iterable(encodings[i].ids for i in filled), dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(lengths[filled])[:-1]))
        sums = np.add.reduceat(self.table[ids], starts, axis=0)
        means = sums / lengths[filled, None].astype(np.float32)
        norms = np.linalg.norm(means, axis=1, keepdims=True)
        vectors[filled] = means / np.where(norms > 0, norms, 1.0)
        return vectors


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The model, loaded once per process."""
    missing = missing_parts()
    if missing:
        raise SemanticUnavailable(f"semantic matching needs {', '.join(missing)}: {INSTALL_HINT}")
    import numpy as np
    from safetensors import safe_open
    from tokenizers import Tokenizer

    folder = _package_folder()
    assert folder is not None  # missing_parts() found it
    try:
        tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
        with safe_open(str(folder / _WEIGHTS), framework="np", device="cpu") as weights:
            table = np.ascontiguousarray(weights.get_tensor("embedding.weight"), dtype=np.float32)
    except Exception as error:  # a damaged install: any reader error means the same
        raise SemanticUnavailable(f"cannot read wordllama's model files: {error}") from None
    # Every token id must have a row: otherwise a text would index past the table.
    if tokenizer.get_vocab_size() != table.shape[0]:
        raise SemanticUnavailable("wordllama's tokenizer and embedding table do not match")
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Encoder(tokenizer, table)


def model_fingerprint() -> str:
    """What the vectors depend on, for cache keys: the wordllama release and its two model
    files (size, modification time), or what is missing. Standard library only, cheap."""
    from importlib import metadata

    missing = missing_parts()
    if missing:
        return "missing: " + ", ".join(missing)
    folder = _package_folder()
    assert folder is not None
    files = [(folder / name).stat() for name in (_TOKENIZER, _WEIGHTS)]
    return " ".join(
        [metadata.version("wordllama"), *(f"{st.st_size}:{st.st_mtime_ns}" for st in files)]
    )
