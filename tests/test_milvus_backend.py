"""The retrieval and answering contract on both backends: in-process and Milvus (a real milvus-lite server
that this module starts on loopback, pinned versions from pyproject.toml).

Milvus Lite 3.x is a pure-Python reimplementation of Milvus (tens of ms per search): it tests the contract,
not speed. Each test is bounded: the server must answer within 60 s of starting.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bench.milvus_lite import free_port, lite_server
from index.backend import InProcessBackend, SearchFilter, document_year
from index.errors import IndexLoadError
from index.reader import CorpusIndex

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "eval" / "sets" / name for name in ("dev_questions.jsonl", "extra_questions.jsonl")]
COLLECTION = "qa_test"


@pytest.fixture(scope="module")
def milvus_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with lite_server(tmp_path_factory.mktemp("milvus") / "data") as uri:
        yield uri


@pytest.fixture(scope="module")
def synced(seed_index_dir: Path, milvus_uri: str) -> CorpusIndex:
    from index.milvus_backend import connect, sync

    index = CorpusIndex.load(seed_index_dir)
    client = connect(milvus_uri)
    summary = sync(index, client, COLLECTION, force=True)
    client.close()
    assert summary.inserted_chunks == len(index.chunks)
    return index


@pytest.fixture(scope="module")
def milvus(synced: CorpusIndex, milvus_uri: str):
    from index.milvus_backend import MilvusBackend, connect

    backend = MilvusBackend(synced, connect(milvus_uri), COLLECTION)
    yield backend
    backend.close()


def _questions(sets: list[Path] = SETS) -> list[str]:
    return [json.loads(line)["question"] for path in sets for line in path.read_text("utf-8").splitlines() if line]


def test_sparse_scores_equal_in_process_bm25(synced: CorpusIndex, milvus) -> None:
    local = InProcessBackend(synced)
    for question in _questions():
        tokens = synced.tokenizer.tokenize(question)
        mine, theirs = local.sparse_search(tokens, 50), milvus.sparse_search(tokens, 50)
        assert [r for r, _ in mine] == [r for r, _ in theirs], question
        np.testing.assert_allclose([s for _, s in mine], [s for _, s in theirs], rtol=1e-5)


def test_dense_neighbours_equal_flat_faiss(synced: CorpusIndex, milvus) -> None:
    from index.embed import Embedder

    embedder = Embedder(synced.embed_model)
    local = InProcessBackend(synced)
    for question in _questions()[:20]:
        vector = embedder.encode_query(question)
        mine, theirs = local.dense_search(vector, 10), milvus.dense_search(vector, 10)
        assert [r for r, _ in mine] == [r for r, _ in theirs], question
        np.testing.assert_allclose([s for _, s in mine], [s for _, s in theirs], atol=1e-5)


def test_filters_agree(synced: CorpusIndex, milvus) -> None:
    local = InProcessBackend(synced)
    tokens = synced.tokenizer.tokenize("职工服务中心")
    first_doc = next(iter(synced.documents))
    places = sorted({p for c in synced.chunks for p in c.places})
    years = sorted({document_year(d.title, d.text) for d in synced.documents.values()})
    filters = [
        SearchFilter(documents=(first_doc,)),
        SearchFilter(places=(places[0],)),
        SearchFilter(years=(years[-1],)),
        SearchFilter(documents=(first_doc,), places=tuple(places)),
    ]
    for where in filters:
        mine = local.sparse_search(tokens, 20, where)
        theirs = milvus.sparse_search(tokens, 20, where)
        assert mine, where  # the filter admits something, so agreeing is not trivial
        assert [r for r, _ in mine] == [r for r, _ in theirs], where
        rows = local.allowed_rows(where)
        assert {r for r, _ in mine} <= set(rows.tolist())


def test_answers_identical_on_both_backends(seed_index_dir: Path, synced: CorpusIndex, milvus_uri: str) -> None:
    """Same numbers, same citations, for every question of the seed question set (dev)."""
    from qa.answer import Assistant
    from qa.config import Settings

    local = Assistant.load(Settings(index_dir=seed_index_dir))
    remote = Assistant.load(
        Settings(index_dir=seed_index_dir, backend="milvus", milvus_uri=milvus_uri, milvus_collection=COLLECTION)
    )
    assert remote.retriever.backend.name == "milvus"
    for question in _questions(SETS[:1]):
        a, b = local.ask(question), remote.ask(question)
        assert a.found == b.found and a.answer == b.answer, question
        assert [n.model_dump() for n in a.numbers] == [n.model_dump() for n in b.numbers], question
        assert [(c.chunk_id, c.score) for c in a.citations] == [(c.chunk_id, c.score) for c in b.citations], question


def test_sync_again_writes_only_changes(tmp_path: Path, milvus_uri: str) -> None:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL
    from index.milvus_backend import MilvusBackend, connect, sync

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    reports = sorted((ROOT / "corpus").glob("0*.txt"))[:3]
    for path in reports:
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    client = connect(milvus_uri)
    first = sync(CorpusIndex.load(index_dir), client, "qa_incremental", force=True)
    again = sync(CorpusIndex.load(index_dir), client, "qa_incremental")
    assert again.inserted_chunks == 0 and again.kept_documents == 3 and again.deleted_documents == 0

    (corpus / reports[0].name).unlink()
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    index = CorpusIndex.load(index_dir)
    removed = sync(index, client, "qa_incremental")
    assert removed.deleted_documents == 1 and removed.inserted_chunks == 0 and removed.kept_documents == 2
    backend = MilvusBackend(index, client, "qa_incremental")
    assert backend.count() == len(index.chunks) < first.inserted_chunks
    # the removed report's chunks are gone from search results
    rows = {r for q in _questions() for r, _ in backend.sparse_search(index.tokenizer.tokenize(q), 20)}
    assert rows and all(index.chunks[r].doc_id in index.documents for r in rows)


def test_unreachable_server_is_a_clear_error() -> None:
    from index.milvus_backend import connect

    with pytest.raises(IndexLoadError, match=r"cannot reach Milvus at http://127\.0\.0\.1:\d+.*milvus-lite server"):
        connect(f"http://127.0.0.1:{free_port()}", timeout=2)


def test_collection_of_another_build_is_refused(tmp_path: Path, synced: CorpusIndex, milvus_uri: str) -> None:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL
    from index.milvus_backend import MilvusBackend, connect

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(min((ROOT / "corpus").glob("0*.txt")), corpus)
    other_dir = tmp_path / "index"
    build_index([corpus], other_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    with pytest.raises(IndexLoadError, match="another index build.*Run `qa index`"):
        MilvusBackend(CorpusIndex.load(other_dir), connect(milvus_uri), COLLECTION)
    with pytest.raises(IndexLoadError, match="does not exist"):
        MilvusBackend(synced, connect(milvus_uri), "no_such_collection")


def test_a_retired_backend_closes_its_connection(synced: CorpusIndex, milvus_uri: str) -> None:
    """A reload swaps in a new backend while requests in flight keep the old one: the old connection closes
    when the last reference goes, and close() after that does not close it twice."""
    import gc

    from index.milvus_backend import MilvusBackend, connect

    client = connect(milvus_uri)
    closed: list[bool] = []
    real_close = client.close

    def recording_close() -> None:
        closed.append(True)
        real_close()

    client.close = recording_close
    backend = MilvusBackend(synced, client, COLLECTION)
    in_flight = backend
    del backend
    gc.collect()
    assert closed == []  # a request still holds it
    del in_flight
    gc.collect()
    assert closed == [True]

    other = MilvusBackend(synced, connect(milvus_uri), COLLECTION)
    other.close()
    other.close()
