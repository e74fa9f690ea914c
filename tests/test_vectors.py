"""Dense search: exact flat below QA_HNSW_THRESHOLD, HNSW above, saved and (memory-mapped) loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index.vectors import VectorIndex


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def clustered() -> np.ndarray:
    """2,000 unit vectors in 40 clusters (real sentence embeddings cluster by topic)."""
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, 64))
    return _unit(centres[rng.integers(0, 40, 2_000)] + 0.35 * rng.standard_normal((2_000, 64)))


def test_flat_below_threshold_hnsw_from_it(clustered: np.ndarray) -> None:
    assert VectorIndex.build(clustered, hnsw_threshold=2_001).kind == "flat"
    assert VectorIndex.build(clustered, hnsw_threshold=2_000).kind == "hnsw"


def test_hnsw_finds_what_flat_finds(clustered: np.ndarray) -> None:
    flat = VectorIndex.build(clustered, hnsw_threshold=10**9)
    hnsw = VectorIndex.build(clustered, hnsw_threshold=1)
    rng = np.random.default_rng(5)
    queries = _unit(clustered[rng.integers(0, len(clustered), 50)] + 0.2 * rng.standard_normal((50, 64)))
    recall = np.mean(
        [len({i for i, _ in flat.search(q, 10)} & {i for i, _ in hnsw.search(q, 10)}) / 10 for q in queries]
    )
    assert recall >= 0.95
    row, score = flat.search(clustered[17], 1)[0]
    assert row == 17 and score == pytest.approx(1.0, abs=1e-5)  # inner product of unit vectors = cosine


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["hnsw", "flat"])
def test_save_and_memory_mapped_load(tmp_path: Path, clustered: np.ndarray, threshold: int) -> None:
    index = VectorIndex.build(clustered, hnsw_threshold=threshold)
    assert index.save(tmp_path) == ["vectors.faiss"]
    for mmap in (False, True):
        loaded = VectorIndex.load(tmp_path, mmap=mmap)
        assert (loaded.kind, loaded.size, loaded.dimension) == (index.kind, 2_000, 64)
        assert loaded.search(clustered[3], 5) == index.search(clustered[3], 5)


def test_ef_search_is_applied_on_load(tmp_path: Path, clustered: np.ndarray) -> None:
    VectorIndex.build(clustered, hnsw_threshold=1).save(tmp_path)
    assert VectorIndex.load(tmp_path, ef_search=300).index.hnsw.efSearch == 300


def test_an_index_built_with_other_parameters_loads_with_its_own(tmp_path: Path, clustered: np.ndarray) -> None:
    """The FAISS file carries the graph's parameters: an HNSW built with another M / efSearch than today's
    defaults loads as it was built (what the manifest records), and still finds what exact search finds."""
    from index.vectors import DEFAULT_EF_SEARCH, DEFAULT_HNSW_M

    other = VectorIndex.build(clustered, hnsw_threshold=1, hnsw_m=12, ef_construction=80, ef_search=64)
    assert other.params == {"kind": "hnsw", "m": 12, "ef_construction": 80, "ef_search": 64}
    assert VectorIndex.build(clustered, hnsw_threshold=1).params["m"] == DEFAULT_HNSW_M != 12
    other.save(tmp_path)
    loaded = VectorIndex.load(tmp_path, mmap=True)
    assert loaded.params == other.params
    assert VectorIndex.load(tmp_path, ef_search=DEFAULT_EF_SEARCH).params["ef_search"] == DEFAULT_EF_SEARCH
    flat = VectorIndex.build(clustered, hnsw_threshold=10**9)
    assert flat.params == {"kind": "flat"}
    hits = [len({i for i, _ in flat.search(q, 10)} & {i for i, _ in loaded.search(q, 10)}) for q in clustered[:50]]
    assert np.mean(hits) / 10 >= 0.95
    import faiss  # any other FAISS index in vectors.faiss loads and says what it is

    faiss.write_index(faiss.IndexHNSWSQ(64, faiss.ScalarQuantizer.QT_8bit, 8), str(tmp_path / "vectors.faiss"))
    assert VectorIndex.load(tmp_path).kind == "hnsw"
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(64), 64, 4, faiss.METRIC_INNER_PRODUCT)
    ivf.train(clustered)
    faiss.write_index(ivf, str(tmp_path / "vectors.faiss"))
    assert VectorIndex.load(tmp_path).params == {"kind": "IndexIVFFlat"}


def test_k_larger_than_the_index_and_bad_input(clustered: np.ndarray) -> None:
    small = VectorIndex.build(clustered[:3])
    assert len(small.search(clustered[0], 10)) == 3
    with pytest.raises(ValueError, match="k must be"):
        small.search(clustered[0], 0)
    with pytest.raises(ValueError, match="2-D"):
        VectorIndex.build(np.zeros(5, dtype=np.float32))


@pytest.mark.slow
def test_hnsw_index_end_to_end(tmp_path: Path, corpus_dir: Path) -> None:
    """`qa index` above QA_HNSW_THRESHOLD writes HNSW (recorded in the manifest); QA_HNSW_EF_SEARCH reaches
    the loaded index; answers come through it."""
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL
    from index.reader import CorpusIndex
    from index.vectors import DEFAULT_EF_SEARCH, DEFAULT_HNSW_M
    from qa.answer import Assistant
    from qa.config import Settings

    corpus = tmp_path / "corpus"  # the report that answers the question: a fifth of the encoding
    corpus.mkdir()
    jiangmen = next(p for p in sorted(corpus_dir.glob("*.txt")) if "爱心驿站27个" in p.read_text("utf-8"))
    shutil.copy(jiangmen, corpus)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, hnsw_threshold=1, show_progress=False)
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    assert {k: index.manifest["vectors"][k] for k in ("kind", "hnsw_threshold", "m", "ef_search")} == {
        "kind": "hnsw",
        "hnsw_threshold": 1,
        "m": DEFAULT_HNSW_M,
        "ef_search": DEFAULT_EF_SEARCH,
    }
    assert index.vectors.kind == "hnsw" and index.vectors.index.hnsw.efSearch == DEFAULT_EF_SEARCH
    assistant = Assistant.load(Settings(index_dir=index_dir, hnsw_ef_search=77))
    assert assistant.index.vectors.index.hnsw.efSearch == 77
    answer = assistant.ask("江门有多少爱心驿站")
    assert answer.found and answer.numbers[0].value == 27
