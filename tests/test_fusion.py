"""The fitted fusion (qa.fusion.FittedFusion): its features, its weights file, and hybrid retrieval with it over
the real seed index (real FAISS, the real e5 model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa.config import Settings
from qa.fusion import FEATURES, RR_K, WEIGHTS_FILE, FittedFusion, candidate_features, traditional_share, weighted_rrf
from qa.retrieve import Retriever


def test_traditional_share_tells_the_scripts_apart() -> None:
    assert traditional_share("全市工会组织建设职工服务站点") == 0.0
    assert traditional_share("全市工會組織建設職工服務站點") == 1.0  # a third of it changed: saturated
    assert traditional_share("2023 GDP") == 0.0  # no Han character
    assert 0 < traditional_share("工会" + "的" * 40 + "會") < 1  # one changed character in 43


def test_candidate_features() -> None:
    sparse = [(1, 10.0), (2, 5.0), (3, 2.0)]  # full list (depth 3): an absent candidate scores at most 2.0
    dense = [(2, 0.9), (4, 0.8), (1, 0.7)]
    ids, rows = candidate_features(sparse, dense, lambda c: 1.0 if c == 4 else 0.0, depth=3)
    assert ids == [1, 2, 3, 4]
    by = {c: dict(zip(FEATURES, row)) for c, row in zip(ids, rows)}
    assert by[1]["bm25_norm"] == 1.0 and by[2]["bm25_norm"] == 0.5
    assert by[4]["bm25_norm"] == pytest.approx(0.2)  # absent from a full list: the list's last score
    assert by[2]["dense_norm"] == 0.0 and by[1]["dense_norm"] == pytest.approx(-1.0)
    assert by[3]["dense_norm"] == pytest.approx(-1.0)  # absent: the last cosine
    assert by[4]["dense_norm_x_traditional"] == pytest.approx(by[4]["dense_norm"])
    assert by[1]["dense_norm_x_traditional"] == 0.0
    assert by[1]["bm25_rr"] == pytest.approx(1 / (RR_K + 1)) and by[4]["bm25_rr"] == pytest.approx(1 / (RR_K + 4))
    # a short BM25 list (fewer chunks hold a query term than asked for): absent means no term, score 0
    _, rows = candidate_features([(1, 10.0)], dense, lambda c: 0.0, depth=3)
    assert rows[1][0] == 0.0


def test_fitted_fusion_ranks_by_its_linear_score() -> None:
    fusion = FittedFusion((1.0, 0.0, 0.0, 0.0, 0.0, 0.0), depth=3)  # BM25 score alone
    ranked = fusion.rank([(5, 1.0), (6, 3.0)], [(7, 0.9)], lambda c: 0.0)
    assert [c for c, _ in ranked] == [6, 5, 7]
    fusion = FittedFusion((0.0, 1.0, 0.0, 0.0, 0.0, 0.0), depth=3)  # cosine alone
    assert [c for c, _ in fusion.rank([(5, 1.0)], [(7, 0.9), (5, 0.5)], lambda c: 0.0)][0] == 7
    assert fusion.rank([], [], lambda c: 0.0) == []


def test_weights_file_is_read_and_checked(tmp_path: Path) -> None:
    packaged = json.loads(WEIGHTS_FILE.read_text("utf-8"))
    assert packaged["features"] == list(FEATURES)
    assert FittedFusion.load().coef == tuple(packaged["coef"][f] for f in FEATURES)
    bad = tmp_path / "w.json"
    bad.write_text('{"coef": {"bm25_norm": 1}}', "utf-8")
    with pytest.raises(ValueError, match="not a fusion weights file"):
        FittedFusion.load(bad)
    with pytest.raises(ValueError, match="not a fusion weights file"):
        FittedFusion.load(tmp_path / "missing.json")


def test_hybrid_retrieval_uses_the_fitted_order(assistant) -> None:  # type: ignore[no-untyped-def]
    index, embedder = assistant.index, assistant.retriever.embedder
    fitted = Retriever(index, embedder, Settings(fusion="fitted"))
    rrf = Retriever(index, embedder, Settings(fusion="rrf"))
    question = "江门市建了多少个镇街职工服务站点"  # worded unlike the report: 站点, no 市 suffix needed
    hits = fitted.search(question, 10)
    assert len(hits) == 10 and all(h.fitted is not None for h in hits)
    scores = [h.fitted for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h.bm25_rank is not None or h.dense_rank is not None for h in hits)
    # score stays the weighted RRF of the hit's ranks (what the answer scorer's `fused` feature reads)
    settings = Settings()
    for h in hits:
        expected = sum(
            w / (settings.rrf_k + r)
            for w, r in ((settings.bm25_weight, h.bm25_rank), (settings.dense_weight, h.dense_rank))
            if r is not None
        )
        assert h.score == pytest.approx(expected)
    # the same candidates under weighted RRF, in RRF order
    rrf_hits = rrf.search(question, 10)
    assert all(h.fitted is None for h in rrf_hits)
    assert [h.score for h in rrf_hits] == sorted((h.score for h in rrf_hits), reverse=True)
    # fitted order = FittedFusion over the two retrievers' own lists
    depth = settings.candidate_depth
    expected_order = FittedFusion.load().rank(
        fitted.bm25(question, depth), fitted.dense(question, depth), fitted.traditional
    )
    assert [h.chunk for h in hits] == [c for c, _ in expected_order[:10]]
    assert np.isclose(hits[0].fitted, expected_order[0][1])


def test_a_bad_weights_file_is_a_clear_error(assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "weights.json"
    bad.write_text("not json", "utf-8")
    with pytest.raises(ValueError, match="not a fusion weights file"):
        Retriever(assistant.index, assistant.retriever.embedder, Settings(fusion_weights=bad))


def test_rrf_still_available() -> None:
    assert [c for c, _ in weighted_rrf({"a": [1, 2], "b": [2, 1]}, {"a": 1.0, "b": 2.0}, k=5)] == [2, 1]


def test_question_vector_is_encoded_once_per_text(assistant) -> None:  # type: ignore[no-untyped-def]
    retriever = Retriever(assistant.index, assistant.retriever.embedder, Settings())
    first = retriever.query_vector("江门有多少个职工服务站点")
    again = retriever.query_vector("江门有多少个职工服务站点")
    assert again is first and not first.flags.writeable
    np.testing.assert_allclose(first, assistant.retriever.embedder.encode_query("江门有多少个职工服务站点"), atol=1e-6)
    assert retriever.query_vector("江门有几个职工服务站点") is not first
    retriever.forget_query_vectors()
    assert retriever.query_vector("江门有多少个职工服务站点") is not first


def test_unit_scale_keeps_the_order_within_zero_and_one() -> None:
    fusion = FittedFusion.load()
    sparse = [(i, 10.0 - i) for i in range(8)]
    dense = [(i, 0.9 - 0.01 * i) for i in (5, 3, 9, 1, 0)]
    ranked = fusion.rank(sparse, dense, lambda c: 1.0 if c % 2 else 0.0)
    units = [fusion.unit(score) for _, score in ranked]
    assert all(0.0 <= u <= 1.0 for u in units)
    assert units == sorted(units, reverse=True)
    assert units[0] > units[-1]


def test_search_scores_are_the_order_of_the_hits(assistant) -> None:  # type: ignore[no-untyped-def]
    """/api/search promises hits best first by `score`: in hybrid mode that is the fitted fusion's score."""
    hits = assistant.search("江门 爱心驿站", k=7, mode="hybrid").hits
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_the_question_is_encoded_beside_bm25_with_the_same_hits(assistant, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A hybrid search encodes the question in a worker thread while BM25 runs (qa.retrieve._encode_ahead): the
    hits are those of the same search once the vector is kept (encoded before, no worker), and an encoder error
    reaches the caller."""
    import threading

    from index.errors import QAError

    embedder = assistant.retriever.embedder
    encode = embedder.encode_query
    threads: list[str] = []

    def recorded(text: str) -> np.ndarray:
        threads.append(threading.current_thread().name)
        return encode(text)

    monkeypatch.setattr(embedder, "encode_query", recorded)
    retriever = Retriever(assistant.index, embedder, Settings())
    question = "江门有多少个户外劳动者爱心驿站"
    ahead = retriever.search(question, 10)
    assert len(threads) == 1 and threads[0].startswith("qa-encode")
    assert retriever._encode_ahead(question) is None  # kept now: the next search encodes nothing
    assert retriever.search(question, 10) == ahead and len(threads) == 1
    assert [h.chunk for h in ahead[:3]] == [h.chunk for h in assistant.retriever.search(question, 10)[:3]]

    def broken(text: str) -> np.ndarray:
        raise QAError("the model is gone")

    monkeypatch.setattr(embedder, "encode_query", broken)
    with pytest.raises(QAError, match="the model is gone"):
        retriever.search("另一个从未问过的问题", 10)


def test_a_forked_child_encodes_with_its_own_pool(assistant) -> None:  # type: ignore[no-untyped-def]
    """The encoding pool is per process: a child forked after the parent searched (its pool's threads not copied)
    still answers a search instead of queueing the encoding for a thread it does not have."""
    import os

    retriever = Retriever(assistant.index, assistant.retriever.embedder, Settings())
    retriever.search("江门有多少个职工服务站点", 5)  # the parent's pool exists now
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if a fresh question is searched through a pool of its own
        try:
            os._exit(0 if retriever.search("陕西省级职工书屋有几家", 5) else 3)
        except BaseException:  # noqa: BLE001  any failure is the child's exit status
            os._exit(4)
    waited = 0
    while waited < 120 * 10:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        __import__("time").sleep(0.1)
        waited += 1
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the forked child's search hung")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
