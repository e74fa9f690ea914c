"""Corpus → index directory: read, chunk, analyse, tokenize, embed, write, swap in."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index import store
from index.bm25 import BM25Index, BM25Params
from index.chunking import Chunk, chunk_document
from index.documents import Document, read_corpus
from index.embed import Embedder
from index.errors import CorpusError
from index.numbers import extract_numbers
from index.places import Gazetteer, paragraph_places
from index.progress import BuildProgress
from index.reader import write_corpus
from index.tokenize import Tokenizer
from index.vector_cache import CachedVectors, EncodeStats, SharedVectorCache, encode_with_cache
from index.vectors import DEFAULT_HNSW_THRESHOLD, VectorIndex

# A directory of vectors shared by every build in this environment (see index.vector_cache): the test
# suite sets it so its many small builds of the same reports encode each chunk once.
SHARED_CACHE_ENV = "QA_VECTOR_CACHE"

CHUNKER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class BuildSummary:
    index_dir: Path
    built: bool  # False when the index was already up to date
    documents: int
    chunks: int
    skipped_empty: int
    skipped_duplicate: int
    seconds: float
    encoded: int = 0  # chunks sent to the embedding model (the rest came from the vector cache)


def place_names(adcodes: Sequence[str], gazetteer: Gazetteer) -> list[str]:
    """The chunk's places and their parents, by name (贾汪区 → 贾汪区 徐州市 江苏省), for retrieval context."""
    names: list[str] = []
    for code in adcodes:
        place = gazetteer.get(code)
        if place is None:
            continue
        for p in (place, *gazetteer.parents(place)):
            if p.name not in names:
                names.append(p.name)
    return names


def retrieval_text(chunk: Chunk, title: str, gazetteer: Gazetteer) -> str:
    """What BM25 and the embedder see: the passage with its title, heading and places in front. The passage
    shown to users stays `chunk.text`."""
    context = " ".join(
        x
        for x in (
            title,
            chunk.heading if chunk.heading not in chunk.text else "",
            " ".join(place_names(chunk.places, gazetteer)),
        )
        if x
    )
    return f"{context}\n{chunk.text}"


def chunk_corpus(documents: Sequence[Document], gazetteer: Gazetteer) -> list[Chunk]:
    def places_of(text: str) -> list[tuple[int, int, list[str]]]:
        return [(s, e, [p.adcode for p in places]) for s, e, places in paragraph_places(text, gazetteer)]

    chunks = []
    for doc in documents:
        for chunk in chunk_document(doc, places_of):
            chunks.append(dataclasses.replace(chunk, numbers=tuple(extract_numbers(chunk.text))))
    return chunks


def _fingerprint(inputs: list[tuple[str, int, str]], settings: dict[str, Any]) -> str:
    payload = json.dumps({"inputs": sorted(inputs), "settings": settings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def previous_vectors(index_dir: Path, embed_model: str) -> CachedVectors | None:
    """The current build's chunk vectors when it was built with `embed_model` and they match its manifest;
    None otherwise (then everything is encoded: a damaged cache must not leak into a new build)."""
    current = store.current_build(index_dir)
    if current is None:
        return None
    try:
        manifest = store.read_manifest(current)
        if manifest.get("embed_model") != embed_model:
            return None
        files = manifest.get("files", {})
        names = [n for n in files if n.endswith(".npy") and n.startswith("chunk_")]
        if len(names) != 2:
            return None
        digests = store.sha256_files([current / n for n in names])
        if any(digests[current / n] != files[n].get("sha256") for n in names):
            return None
        return CachedVectors.load(current)
    except (store.IndexLoadError, OSError, ValueError):
        return None


def embed_chunks(
    texts: Sequence[str],
    embedder: Embedder,
    caches: Sequence[CachedVectors],
    progress: BuildProgress,
) -> tuple[CachedVectors, EncodeStats]:
    advance: list[Callable[[int], None]] = []

    def on_start(total: int, to_encode: int) -> None:
        note = f"{total - to_encode:,} of {total:,} cached" if total > to_encode else ""
        advance.append(progress.stage("embedding", to_encode, note=note))

    return encode_with_cache(
        texts,
        lambda batch, step: embedder.encode_documents(batch, progress=step),
        embedder.dimension,
        caches,
        progress=lambda n: advance[0](n) if advance else None,
        on_start=on_start,
    )


def build_index(
    corpus: Sequence[Path],
    index_dir: Path,
    embed_model: str,
    *,
    force: bool = False,
    hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
    bm25_params: BM25Params | None = None,
    show_progress: bool = True,
    vector_cache: Path | None = None,
) -> BuildSummary:
    """`vector_cache`: a shared vector-cache directory (default: $QA_VECTOR_CACHE, else none); the current
    build's own vectors are always reused for unchanged chunks."""
    started = time.perf_counter()
    bm25_params = bm25_params or BM25Params()
    tokenizer = Tokenizer()
    read = read_corpus(corpus)
    if not read.documents:
        raise CorpusError(
            f"no reports found in {', '.join(map(str, corpus))} (looked for .txt, .md and BEIR "
            f"corpus.jsonl; {len(read.skipped_empty)} empty files skipped)"
        )
    settings = {
        "format_version": store.FORMAT_VERSION,
        "chunker": CHUNKER_VERSION,
        "embed_model": embed_model,
        "tokenizer": tokenizer.settings(),
        "bm25": dataclasses.asdict(bm25_params),
        "hnsw_threshold": hnsw_threshold,
    }
    fingerprint = _fingerprint(read.inputs, settings)

    def summary(built: bool, chunks: int, encoded: int = 0) -> BuildSummary:
        return BuildSummary(
            index_dir,
            built,
            len(read.documents),
            chunks,
            len(read.skipped_empty),
            len(read.skipped_duplicate),
            time.perf_counter() - started,
            encoded,
        )

    with store.build_lock(index_dir):
        store.clean_stale(index_dir)  # what an interrupted build left, even if nothing needs rebuilding
        current = store.current_build(index_dir)
        if not force and current is not None:
            try:
                manifest = store.read_manifest(current)
                if manifest.get("corpus_fingerprint") == fingerprint:
                    store.verify_build(current, manifest)
                    return summary(False, manifest["counts"]["chunks"])
            except store.IndexLoadError:
                pass  # damaged or old: rebuild
        gazetteer = Gazetteer.default()
        embedder = Embedder(embed_model)
        shared_dir = vector_cache or (Path(os.environ[SHARED_CACHE_ENV]) if os.environ.get(SHARED_CACHE_ENV) else None)
        shared = SharedVectorCache(shared_dir, embed_model) if shared_dir else None
        caches = [c for c in (previous_vectors(index_dir, embed_model), shared.load() if shared else None) if c]
        build = store.NewBuild(index_dir)
        try:
            progress = BuildProgress(show_progress)
            with progress.running():
                advance = progress.stage("chunking", len(read.documents), unit="reports")
                chunks = chunk_corpus(read.documents, gazetteer)
                advance(len(read.documents))
                titles = {d.doc_id: d.title for d in read.documents}
                texts = [retrieval_text(c, titles[c.doc_id], gazetteer) for c in chunks]
                # Large corpora are tokenised on every core (one segmenter per worker process), small ones here.
                bm25 = BM25Index.from_texts(texts, tokenizer, bm25_params, progress=progress.stage("BM25", len(texts)))
                chunk_vectors, encode_stats = embed_chunks(texts, embedder, caches, progress)
            if shared is not None and encode_stats.encoded:
                shared.add(chunk_vectors)
            vectors = chunk_vectors.vectors
            files = write_corpus(build.path, read.documents, chunks)  # documents.jsonl, chunks.jsonl, tables
            files += bm25.save(build.path)
            vector_index = VectorIndex.build(np.asarray(vectors), hnsw_threshold=hnsw_threshold)
            files += vector_index.save(build.path)
            files += chunk_vectors.save(build.path)
            build.commit(
                {
                    "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "embed_model": embed_model,
                    "embed_dim": embedder.dimension,
                    "vectors": {
                        "kind": vector_index.kind,
                        "hnsw_threshold": hnsw_threshold,
                        "encoded": encode_stats.encoded,
                        "encode_seconds": round(encode_stats.seconds, 3),
                    },
                    "tokenizer": settings["tokenizer"],
                    "bm25": settings["bm25"],
                    "chunker": CHUNKER_VERSION,
                    "corpus_fingerprint": fingerprint,
                    "sources": [str(p) for p in corpus],
                    "counts": {
                        "documents": len(read.documents),
                        "chunks": len(chunks),
                        "skipped_empty": len(read.skipped_empty),
                        "skipped_duplicate": len(read.skipped_duplicate),
                    },
                    "skipped": {"empty": read.skipped_empty, "duplicate": read.skipped_duplicate},
                },
                files,
            )
        except BaseException:
            build.abandon()
            raise
        store.clean_stale(index_dir)
    return summary(True, len(chunks), encode_stats.encoded)
