"""GET /api/documents costs the number of documents, not of chunks: the listing is read from the document and
chunk tables (index/reader.py) without parsing a chunk row or decoding a text. Checked on the real on-disk
tables of a synthetic corpus (no embedding needed for this)."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from index.chunking import Chunk
from index.documents import Document
from index.reader import (
    CHUNK_TABLE,
    CHUNKS,
    DOCUMENT_IDS,
    DOCUMENT_TABLE,
    DOCUMENTS,
    TEXTS,
    ChunkRows,
    CorpusIndex,
    DocumentRows,
    _map,
    write_corpus,
)
from qa.config import Settings
from web.uploads import ReportManager


def synthetic_index(folder: Path, documents: int, chunks_per_document: int) -> CorpusIndex:
    folder.mkdir(parents=True, exist_ok=True)
    docs, chunks = [], []
    for d in range(documents):
        text = "".join(f"第{c}段,江门市现有驿站{c}个。" for c in range(chunks_per_document))
        docs.append(Document(f"d{d}", f"江门市报告{d}", text, f"corpus/d{d}.txt", f"{d:064x}"))
        at = 0
        for c in range(chunks_per_document):
            piece = f"第{c}段,江门市现有驿站{c}个。"
            chunks.append(Chunk(f"d{d}#{c}", f"d{d}", at, at + len(piece), piece, "", (), ()))
            at += len(piece)
    write_corpus(folder, docs, chunks)
    texts = _map(folder / TEXTS)
    documents_rows = DocumentRows(
        _map(folder / DOCUMENTS),
        texts,
        np.load(folder / DOCUMENT_TABLE, allow_pickle=False),
        np.load(folder / DOCUMENT_IDS, allow_pickle=False),
    )
    chunk_rows = ChunkRows(_map(folder / CHUNKS), texts, np.load(folder / CHUNK_TABLE, allow_pickle=False))
    return CorpusIndex(folder, {"created": "2026-01-01T00:00:00"}, documents_rows, chunk_rows, None, None, None)  # type: ignore[arg-type]


def manager_over(index: CorpusIndex, tmp_path: Path) -> ReportManager:
    service = SimpleNamespace(assistant=SimpleNamespace(index=index), error=None)
    return ReportManager(Settings(upload_dir=tmp_path / "uploads"), lambda: service)  # type: ignore[arg-type,return-value]


def test_the_listing_parses_no_chunk_and_reads_no_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = synthetic_index(tmp_path, documents=3, chunks_per_document=50)

    def refuse(*args: object) -> None:
        raise AssertionError("the listing parsed a chunk or read a document text")

    monkeypatch.setattr(index.chunks, "_read", refuse)
    monkeypatch.setattr(index.documents, "_read", refuse)
    listing = manager_over(index, tmp_path).catalogue()
    assert [(d.doc_id, d.chunks, d.status, d.origin, d.place) for d in listing] == [
        (f"d{n}", 50, "ready", "corpus", "江门市") for n in range(3)
    ]
    assert listing[0].chars == len("".join(f"第{c}段,江门市现有驿站{c}个。" for c in range(50)))


def test_the_listing_time_does_not_grow_with_chunks(tmp_path: Path) -> None:
    """Same 20 documents, 10 and 5,000 chunks each: the listing (after the first, which is cached per index)
    takes about as long. A ratio within one run, not a timed goal."""
    times = []
    for chunks in (10, 5000):
        index = synthetic_index(tmp_path / str(chunks), documents=20, chunks_per_document=chunks)
        manager = manager_over(index, tmp_path / str(chunks))
        started = time.perf_counter()
        first = manager.catalogue()
        times.append(time.perf_counter() - started)
        assert sum(d.chunks for d in first) == 20 * chunks
    assert times[1] < max(10 * times[0], 0.05), times  # parsing 100,000 chunk rows would take seconds
