from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rank_bm25

from index.bm25 import BM25Index, BM25Params
from index.chunking import chunk_document
from index.documents import read_corpus
from index.tokenize import Tokenizer

QUERIES = [
    "江门有多少爱心驿站",
    "台州联合工会",
    "工会 工会 职工",
    "陕西省总工会送清凉资金",
    "不存在的词 zzz",
    "嘉兴的户外劳动者驿站服务了几万人次",
    "2023年",
    "职工书屋",
]


@pytest.fixture(scope="module")
def corpus_tokens(corpus_dir: Path) -> list[list[str]]:
    tokenizer = Tokenizer()
    return [tokenizer.tokenize(c.text) for d in read_corpus([corpus_dir]).documents for c in chunk_document(d)]


@pytest.mark.parametrize("params", [BM25Params(), BM25Params(k1=1.2, b=0.5, epsilon=0.1)])
def test_scores_equal_rank_bm25(corpus_tokens: list[list[str]], params: BM25Params) -> None:
    ours = BM25Index.build(corpus_tokens, params)
    reference = rank_bm25.BM25Okapi(corpus_tokens, k1=params.k1, b=params.b, epsilon=params.epsilon)
    tokenizer = Tokenizer()
    for query in QUERIES:
        tokens = tokenizer.tokenize(query)
        expected = reference.get_scores(tokens)
        np.testing.assert_allclose(ours.scores(tokens), expected, atol=1e-6, rtol=0)
        top = ours.top_k(tokens, 10)
        ranked = [i for i in np.argsort(-expected, kind="stable") if expected[i] != 0][:10]
        assert [d for d, _ in top] == ranked
        for d, s in top:
            assert s == pytest.approx(expected[d], abs=1e-6)


def test_negative_idf_is_floored_like_rank_bm25() -> None:
    corpus = [["工会", "职工"], ["工会"], ["工会", "驿站"], ["书屋"]]
    ours = BM25Index.build(corpus)
    reference = rank_bm25.BM25Okapi(corpus)
    np.testing.assert_allclose(ours.scores(["工会", "驿站"]), reference.get_scores(["工会", "驿站"]), atol=1e-12)


def test_save_and_load_round_trip(tmp_path: Path, corpus_tokens: list[list[str]]) -> None:
    index = BM25Index.build(corpus_tokens)
    index.save(tmp_path)
    loaded = BM25Index.load(tmp_path)
    tokens = Tokenizer().tokenize("江门有多少爱心驿站")
    np.testing.assert_array_equal(loaded.scores(tokens), index.scores(tokens))
    assert loaded.params == index.params


def test_tokenizer_keeps_domain_terms_and_numbers() -> None:
    tokens = Tokenizer().tokenize("户外劳动者工会爱心驿站23个,職工書屋")
    assert {"爱心驿站", "户外劳动者", "23", "职工书屋"} <= set(tokens)
    assert "," not in tokens


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="b="):
        BM25Params(b=2)
    with pytest.raises(ValueError):
        BM25Index.build([])


# -- the sparse top-k: exact against full scoring, with pruning, ties and several threads ----------------------


def _exhaustive_top_k(index: BM25Index, tokens: list[str], k: int) -> list[int]:
    """What top_k must return: documents holding a query term, by score then document order."""
    scores = index.scores(tokens)
    ids = [index.vocabulary[t] for t in set(tokens) if t in index.vocabulary]
    if not ids:
        return []
    holding = np.unique(np.concatenate([index.indices[index.indptr[t] : index.indptr[t + 1]] for t in ids]))
    return [int(d) for d in holding[np.lexsort((holding, -scores[holding]))][:k]]


@pytest.fixture(scope="module")
def zipf_corpus() -> list[list[str]]:
    """3,000 documents over a Zipf vocabulary (a few terms in most documents, many rare ones), with exact
    duplicates so that ties are common, as in recombined benchmark text."""
    rng = np.random.default_rng(7)
    vocabulary = [f"t{i}" for i in range(2_000)]
    weights = 1 / np.arange(1, len(vocabulary) + 1) ** 1.1
    weights /= weights.sum()
    docs = [
        [vocabulary[i] for i in rng.choice(len(vocabulary), size=rng.integers(5, 80), p=weights)] for _ in range(2_500)
    ]
    return docs + [list(docs[i]) for i in rng.integers(0, len(docs), 500)]


def test_top_k_is_exact_with_pruning_and_ties(zipf_corpus: list[list[str]]) -> None:
    index = BM25Index.build(zipf_corpus)
    rng = np.random.default_rng(11)
    queries = [["t0", "t1", "t2", "t1500"], ["t3", "t3", "t900"], ["t0"], ["t1999", "nothing"], ["t5", "t6", "t7"]]
    queries += [[f"t{int(i)}" for i in rng.zipf(1.3, size=rng.integers(1, 12)) if i < 2_000] for _ in range(150)]
    for tokens in queries:
        for k in (1, 3, 10, 50, 5_000):
            top = index.top_k(tokens, k)
            assert [d for d, _ in top] == _exhaustive_top_k(index, tokens, k), (tokens, k)
            full = index.scores(tokens)
            assert all(abs(s - full[d]) <= 1e-9 for d, s in top)


def test_top_k_matches_rank_bm25_when_idf_is_negative() -> None:
    # Most terms in more than half of the documents: rank-bm25 floors negative idfs to epsilon × a negative
    # average, so weights can be negative and top_k must not prune.
    corpus = [["工会", "职工", "驿站"], ["工会", "职工"], ["工会", "驿站", "职工"], ["书屋", "工会"], ["工会", "职工"]]
    ours = BM25Index.build(corpus)
    reference = rank_bm25.BM25Okapi(corpus)
    for tokens in (["工会"], ["工会", "职工"], ["驿站", "书屋", "工会"]):
        expected = reference.get_scores(tokens)
        np.testing.assert_allclose(ours.scores(tokens), expected, atol=1e-12)
        assert [d for d, _ in ours.top_k(tokens, 3)] == _exhaustive_top_k(ours, tokens, 3)


def test_top_k_from_many_threads(zipf_corpus: list[list[str]]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    index = BM25Index.build(zipf_corpus)
    queries = [["t0", "t1", f"t{i}"] for i in range(2, 200)]
    expected = [index.top_k(q, 20) for q in queries]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(lambda q: index.top_k(q, 20), queries)) == expected


def test_parallel_tokenising_gives_the_same_index(
    corpus_tokens: list[list[str]], corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.bm25 as bm25_module

    tokenizer = Tokenizer()
    texts = [c.text for d in read_corpus([corpus_dir]).documents for c in chunk_document(d)]
    monkeypatch.setattr(bm25_module, "PARALLEL_MIN_TEXTS", 1)
    monkeypatch.setattr(bm25_module, "_TASK", 7)  # several tasks per worker, merged in order
    parallel = bm25_module.count_texts(texts, tokenizer, workers=2)
    serial = bm25_module.TermCounts.of(corpus_tokens)
    assert parallel.terms == serial.terms
    for name in ("doc_len", "doc_nnz", "term_ids", "tf"):
        np.testing.assert_array_equal(getattr(parallel, name), getattr(serial, name))
    built = BM25Index.from_counts(parallel)
    reference = BM25Index.build(corpus_tokens)
    tokens = tokenizer.tokenize("江门有多少爱心驿站")
    np.testing.assert_array_equal(built.scores(tokens), reference.scores(tokens))
    assert [sorted(bag) for bag in serial.bags()] == [sorted(doc) for doc in corpus_tokens]


def test_memory_mapped_load_answers_the_same(tmp_path: Path, zipf_corpus: list[list[str]]) -> None:
    index = BM25Index.build(zipf_corpus)
    files = index.save(tmp_path)
    assert "bm25_terms.npy" in files and all((tmp_path / f).exists() for f in files)
    loaded = BM25Index.load(tmp_path, mmap=True)
    assert isinstance(loaded.data, np.memmap)
    for tokens in (["t0", "t1", "t77"], ["t3"], ["t1999", "t5"]):
        assert loaded.top_k(tokens, 10) == index.top_k(tokens, 10)
    assert loaded.weights.shape == index.weights.shape == (len(index.vocabulary), len(zipf_corpus))


def test_counts_taken_in_ranges_give_a_full_builds_index(corpus_tokens: list[list[str]], tmp_path: Path) -> None:
    """An incremental build's BM25 (index.incremental): ranges of an earlier corpus's counts, some dropped and
    new documents put in between, give the counts (vocabulary order included) and the weights that counting
    the same documents afresh gives; saved and loaded counts are the same."""
    from index.bm25 import TermCounts

    n = len(corpus_tokens)
    earlier = TermCounts.of(corpus_tokens)
    added = TermCounts.of([["新增", "报告", "工会"], ["新增", "驿站", "驿站"]])
    a, b = n // 3, 2 * n // 3
    runs = [(earlier, 0, a), (added, 0, 2), (earlier, b, n)]  # the middle third deleted, two documents added
    merged = TermCounts.select(runs)
    fresh = TermCounts.of([*corpus_tokens[:a], ["新增", "报告", "工会"], ["新增", "驿站", "驿站"], *corpus_tokens[b:]])
    assert merged.terms == fresh.terms
    for name in ("doc_len", "doc_nnz", "term_ids", "tf"):
        np.testing.assert_array_equal(getattr(merged, name), getattr(fresh, name))
    dropped = {t for doc in corpus_tokens[a:b] for t in doc} - {t for doc in fresh.bags() for t in doc}
    assert dropped and not dropped & set(merged.terms)  # terms only the deleted documents had are gone
    ours, full = BM25Index.from_counts(merged), BM25Index.from_counts(fresh)
    for name in ("data", "indices", "indptr", "idf"):
        np.testing.assert_array_equal(getattr(ours, name), getattr(full, name))
    merged.save(tmp_path)
    loaded = TermCounts.load(tmp_path, merged.terms)
    for name in ("doc_len", "doc_nnz", "term_ids", "tf"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(merged, name))
    with pytest.raises(ValueError, match="vocabulary"):
        TermCounts.load(tmp_path, merged.terms[:5])
