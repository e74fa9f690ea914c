"""A verified, loaded index: documents, chunks, BM25 and vectors, ready to search."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index import store
from index.bm25 import BM25Index
from index.chunking import Chunk
from index.documents import Document
from index.errors import IndexLoadError
from index.numbers import NumberMention
from index.tokenize import Tokenizer
from index.vectors import VectorIndex


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@dataclass(slots=True)
class CorpusIndex:
    path: Path
    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    bm25: BM25Index
    vectors: VectorIndex
    tokenizer: Tokenizer

    @property
    def embed_model(self) -> str:
        return str(self.manifest["embed_model"])

    @classmethod
    def load(cls, index_dir: Path, embed_model: str | None = None) -> CorpusIndex:
        """Load the current build of `index_dir`, verified against its manifest. `embed_model`, when given,
        must be the model the index was built with."""
        build, manifest = store.open_current(Path(index_dir), embed_model)
        tokenizer = Tokenizer()
        if manifest.get("tokenizer") != tokenizer.settings():
            raise IndexLoadError(f"the index at {index_dir} was built with other tokenizer settings (a different "
                                 "jieba, user dictionary or stopword list). Run `qa index --force` to rebuild it.")
        try:
            documents = {row["doc_id"]: Document(**row) for row in _read_jsonl(build / "documents.jsonl")}
            chunks = []
            for row in _read_jsonl(build / "chunks.jsonl"):
                doc = documents[row["doc_id"]]
                chunks.append(Chunk(chunk_id=row["chunk_id"], doc_id=row["doc_id"], start=row["start"],
                                    end=row["end"], text=doc.text[row["start"]:row["end"]], heading=row["heading"],
                                    places=tuple(row["places"]),
                                    numbers=tuple(NumberMention(**n) for n in row["numbers"])))
            bm25 = BM25Index.load(build)
            vectors = VectorIndex.load(build)
        except (KeyError, TypeError, ValueError, RuntimeError) as exc:
            # The checksums matched, so this is a build from an incompatible program version.
            raise IndexLoadError(f"{build}: cannot be read ({type(exc).__name__}: {exc}). "
                                 "Run `qa index --force` to rebuild it.") from None
        if bm25.n_docs != len(chunks) or vectors.size != len(chunks):
            raise IndexLoadError(f"{build}: chunk, BM25 and vector counts differ ({len(chunks)}, {bm25.n_docs}, "
                                 f"{vectors.size}). Run `qa index --force` to rebuild it.")
        return cls(build, manifest, documents, chunks, bm25, vectors, tokenizer)
