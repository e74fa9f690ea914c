from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rank_bm25

from index.bm25 import BM25Index, BM25Params
from index.chunking import chunk_document
from index.documents import read_corpus
from index.tokenize import Tokenizer

QUERIES = ["江门有多少爱心驿站", "台州联合工会", "工会 工会 职工", "陕西省总工会送清凉资金", "不存在的词 zzz",
           "平湖户外劳动者驿站累计服务了多少人次", "2023年", "职工书屋"]


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
    tokens = Tokenizer().tokenize("户外劳动者工会爱心驿站27个,職工書屋")
    assert {"爱心驿站", "户外劳动者", "27", "职工书屋"} <= set(tokens)
    assert "," not in tokens


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="b="):
        BM25Params(b=2)
    with pytest.raises(ValueError):
        BM25Index.build([])
