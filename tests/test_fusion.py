"""The fitted fusion (qa.fusion.FittedFusion): its features, its weights file, and hybrid retrieval with it over
the real seed index (real FAISS, the real e5 model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa.config import Settings
from qa.errors import SettingsError
from qa.fusion import (
    ALL_FEATURES,
    FEATURES,
    FUSION_VERSION,
    PASSAGE_WEIGHTS_FILE,
    RR_K,
    TRADITIONAL_SATURATION,
    WEIGHTS_FILE,
    FittedFusion,
    QueryContext,
    candidate_features,
    title_in_question,
    traditional_share,
    weighted_rrf,
)
from qa.retrieve import Retriever


def test_traditional_share_tells_the_scripts_apart() -> None:
    assert traditional_share("全市工会组织建设职工服务站点") == 0.0
    assert traditional_share("全市工會組織建設職工服務站點") == 1.0  # a third of it changed: saturated
    assert traditional_share("2023 GDP") == 0.0  # no Han character
    assert 0 < traditional_share("工会" + "的" * 40 + "會") < 1  # one changed character in 43


def test_traditional_share_counts_what_opencc_changes() -> None:
    """The character set stands for converting the text: the same share as counting OpenCC's changes, on
    traditional text alone and diluted with simplified text (below saturation)."""
    from index.normalize import to_simplified

    def by_opencc(text: str) -> float:
        han = sum("\u4e00" <= c <= "\u9fff" for c in text)
        changed = sum(a != b for a, b in zip(text, to_simplified(text), strict=True))
        return min(1.0, changed / han / TRADITIONAL_SATURATION)

    sample = (Path(__file__).parent / "fixtures" / "drcd_traditional_sample.jsonl").read_text("utf-8")[:400]
    for text in (sample, sample[:80] + "的" * 600, sample[:30] + "工会职工" * 100):
        assert traditional_share(text) == pytest.approx(by_opencc(text), abs=0.01)
    assert 0 < traditional_share(sample[:80] + "的" * 600) < 1


def test_candidate_features() -> None:
    sparse = [(1, 10.0), (2, 5.0), (3, 2.0)]  # full list (depth 3): an absent candidate scores at most 2.0
    dense = [(2, 0.9), (4, 0.8), (1, 0.7)]
    ids, rows = candidate_features(sparse, dense, lambda c: 1.0 if c == 4 else 0.0, depth=3)
    assert ids == [1, 2, 3, 4]
    by = {c: dict(zip(ALL_FEATURES, row)) for c, row in zip(ids, rows)}
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


def test_query_adaptive_and_document_features() -> None:
    sparse = [(1, 10.0), (2, 5.0), (3, 2.0)]
    dense = [(2, 0.9), (4, 0.8), (1, 0.7)]
    # chunks 1 and 3 one document; 2 and 4 two paragraphs of one article (same title); 3's document untitled
    documents = {1: ("a", "梵文"), 3: ("a", "梵文"), 2: ("b-1", "江门市总工会"), 4: ("b-2", "江门市总工会")}
    context = QueryContext("江门市总工会建了多少站点", documents.__getitem__)
    ids, rows = candidate_features(sparse, dense, lambda c: 0.0, depth=3, context=context)
    by = {c: dict(zip(ALL_FEATURES, row)) for c, row in zip(ids, rows)}
    # gaps: BM25's first two 10 → 5 (0.5 of the top), dense's 0.9 → 0.8 (half the 0.9 → 0.7 spread)
    assert by[2]["bm25_norm_x_bm25_gap"] == pytest.approx(0.5 * 0.5)
    assert by[1]["dense_norm_x_dense_gap"] == pytest.approx(-1.0 * 0.5)
    assert by[1]["dense_norm_x_query_length"] == pytest.approx(-1.0 * len(context.question) / 64)
    assert all(by[c]["first_in_both"] == 0.0 for c in ids)  # BM25's first (1) is not dense's (2)
    # document level: the best of the candidate's document, and of the documents sharing its title
    assert by[3]["doc_bm25"] == 1.0 and by[3]["doc_dense"] == pytest.approx(-1.0)  # 1 is its document's best
    assert by[4]["doc_bm25"] == pytest.approx(by[4]["bm25_norm"])  # alone in its document
    assert by[4]["title_bm25"] == 0.5 and by[4]["title_dense"] == 0.0  # its sibling 2's scores
    assert by[4]["title_candidates"] == pytest.approx(2 / 10)
    assert by[2]["title_in_question"] == 1.0 and by[1]["title_in_question"] == 0.0
    # without a context the document features are 0 and the first twelve the same
    _, plain = candidate_features(sparse, dense, lambda c: 0.0, depth=3)
    at = ALL_FEATURES.index("doc_bm25")
    assert not plain[:, at:].any()
    np.testing.assert_allclose(plain[:, : ALL_FEATURES.index("dense_norm_x_query_length")], rows[:, : at - 2])
    _, agree = candidate_features([(2, 3.0), (1, 1.0)], dense, lambda c: 0.0, depth=3)
    assert agree[0][ALL_FEATURES.index("first_in_both")] == 1.0  # both lists put 2 first


def test_sentence_features_read_each_candidates_best_sentence() -> None:
    """sentence_norm: a candidate's best sentence cosine against the best candidate's, on dense_norm's scale;
    doc_sentence: the best of its document's candidates. Without a sentence scorer both read dense_norm."""
    sparse = [(1, 10.0), (2, 5.0), (3, 2.0)]
    dense = [(2, 0.9), (4, 0.8), (1, 0.7)]  # spread 0.2
    documents = {1: ("a", "潮州"), 3: ("a", "潮州"), 2: ("b", "潮州"), 4: ("c", "汕尾")}
    best = {1: 0.75, 2: 0.85, 3: 0.95, 4: 0.0}  # 3: a chunk whose one sentence answers, though its vector is far

    def sentences(ids: list[int]) -> np.ndarray:
        return np.array([best[c] for c in ids])

    context = QueryContext("潮州的牌坊街有多长", documents.__getitem__, sentences)
    ids, rows = candidate_features(sparse, dense, lambda c: 0.0, depth=3, context=context)
    by = {c: dict(zip(ALL_FEATURES, row)) for c, row in zip(ids, rows)}
    assert by[3]["sentence_norm"] == 0.0 and by[2]["sentence_norm"] == pytest.approx(-0.5)
    assert by[4]["sentence_norm"] == -1.0  # floored, like a cosine past the list's depth
    assert by[1]["doc_sentence"] == 0.0 and by[2]["doc_sentence"] == pytest.approx(-0.5)  # 1 shares 3's document
    plain = QueryContext(context.question, documents.__getitem__)
    _, rows = candidate_features(sparse, dense, lambda c: 0.0, depth=3, context=plain)
    col = ALL_FEATURES.index
    np.testing.assert_allclose(rows[:, col("sentence_norm")], rows[:, col("dense_norm")])
    fusion = FittedFusion((1.0,), depth=3, features=("sentence_norm",))
    assert fusion.needs_context and fusion.needs_sentences
    assert [c for c, _ in fusion.rank(sparse, dense, lambda c: 0.0, context)][0] == 3


def test_title_in_question() -> None:
    assert title_in_question("梵文", "梵文的学术研究由谁开创") == 1.0
    assert title_in_question("江门市总工会", "江门有多少站点") == pytest.approx(1 / 5)
    assert title_in_question("", "任何问题") == 0.0


def test_a_fusion_with_document_features_needs_the_context() -> None:
    fusion = FittedFusion((1.0, 1.0), depth=3, features=("bm25_norm", "doc_bm25"))
    assert fusion.needs_context and not FittedFusion((1.0,), 3, ("bm25_rr",)).needs_context
    with pytest.raises(ValueError, match="QueryContext"):
        fusion.rank([(1, 1.0)], [], lambda c: 0.0)
    context = QueryContext("问", {1: ("a", ""), 2: ("a", ""), 3: ("b", "")}.__getitem__)
    # 2 scores below 3 on its own but shares a document with BM25's best
    ranked = fusion.rank([(1, 10.0), (3, 4.0), (2, 3.0)], [], lambda c: 0.0, context)
    assert [c for c, _ in ranked] == [1, 2, 3]
    with pytest.raises(ValueError, match="do not match"):
        FittedFusion((1.0,), 3, ("bm25_norm", "no_such_feature"))


def test_fitted_fusion_ranks_by_its_linear_score() -> None:
    fusion = FittedFusion((1.0, 0.0, 0.0, 0.0, 0.0, 0.0), depth=3)  # BM25 score alone
    ranked = fusion.rank([(5, 1.0), (6, 3.0)], [(7, 0.9)], lambda c: 0.0)
    assert [c for c, _ in ranked] == [6, 5, 7]
    fusion = FittedFusion((0.0, 1.0, 0.0, 0.0, 0.0, 0.0), depth=3)  # cosine alone
    assert [c for c, _ in fusion.rank([(5, 1.0)], [(7, 0.9), (5, 0.5)], lambda c: 0.0)][0] == 7
    assert fusion.rank([], [], lambda c: 0.0) == []


def test_weights_file_is_read_and_checked(tmp_path: Path) -> None:
    packaged = json.loads(WEIGHTS_FILE.read_text("utf-8"))
    assert packaged["version"] == FUSION_VERSION and set(packaged["features"]) <= set(ALL_FEATURES)
    loaded = FittedFusion.load()
    assert loaded.features == tuple(packaged["features"]) and loaded.depth == packaged["depth"]
    assert loaded.coef == tuple(packaged["coef"][f] for f in packaged["features"])
    assert loaded.depth == 100 and loaded.needs_context  # the default: 20 features (documents', sentences'), depth 100
    passages = FittedFusion.load(PASSAGE_WEIGHTS_FILE)  # the answer stage's order: six chunk-level features, depth 50
    assert passages.features == FEATURES and passages.depth == 50 and not passages.needs_context
    # weights written for another fusion version (the first had no "version") are refused, saying what to do
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"features": list(FEATURES), "coef": dict.fromkeys(FEATURES, 1.0), "depth": 50}), "utf-8")
    with pytest.raises(ValueError, match=r"version 1, this code reads version \d+: refit"):
        FittedFusion.load(old)
    # a feature this code does not compute (other code's file under the same version): refused, saying what to do
    other = tmp_path / "other.json"
    features = [*FEATURES, "bm25_norm_x_reader_mood"]
    other.write_text(
        json.dumps(
            {"version": FUSION_VERSION, "features": features, "coef": dict.fromkeys(features, 1.0), "depth": 50}
        ),
        "utf-8",
    )
    with pytest.raises(ValueError, match=r"\['bm25_norm_x_reader_mood'\] are not known to this code: refit"):
        FittedFusion.load(other)
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps({"version": FUSION_VERSION, "coef": {"bm25_norm": 1}}), "utf-8")
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
            if r is not None and r <= settings.candidate_depth  # the fusion may read deeper; the RRF does not
        )
        assert h.score == pytest.approx(expected)
    # the same candidates under weighted RRF, in RRF order
    rrf_hits = rrf.search(question, 10)
    assert all(h.fitted is None for h in rrf_hits)
    assert [h.score for h in rrf_hits] == sorted((h.score for h in rrf_hits), reverse=True)
    # fitted order = FittedFusion over the two retrievers' own lists
    fusion = FittedFusion.load()
    depth = max(settings.candidate_depth, fusion.depth)  # the fusion reads each list to its own depth
    assert fusion.needs_sentences  # the default reads each candidate's best sentence cosine (the sentence table)
    vector = fitted.query_vector(question)
    context = QueryContext(question, fitted.document, lambda ids: fitted.best_sentences(vector, ids))
    assert fitted.fusion_context(fusion, question) is not None
    expected_order = fusion.rank(
        fitted.bm25(question, depth), fitted.dense(question, depth), fitted.traditional, context
    )
    assert [h.chunk for h in hits] == [c for c, _ in expected_order[:10]]
    assert np.isclose(hits[0].fitted, expected_order[0][1])


def test_the_answer_stage_reads_the_passage_fusion_order(assistant) -> None:  # type: ignore[no-untyped-def]
    """One search gives two orders: the hits' (the document-level fusion) and the passages' the answer stage reads
    (the chunk-level fusion over the first 50 of each list); answers do not move with the hits' fusion."""
    from qa.answer import Assistant

    index, embedder = assistant.index, assistant.retriever.embedder
    retriever = Retriever(index, embedder, Settings())
    passage_fusion = FittedFusion.load(PASSAGE_WEIGHTS_FILE)
    assert retriever.passage_fusion is not None and retriever.passage_fusion.coef == passage_fusion.coef
    question = "江门市建了多少个镇街职工服务站点"
    hits, passages = retriever.search_with_passages(question, 10)
    assert hits == retriever.search(question, 10)
    depth = passage_fusion.depth
    expected = passage_fusion.rank(
        retriever.bm25(question, depth), retriever.dense(question, depth), retriever.traditional
    )
    assert [h.chunk for h in passages] == [c for c, _ in expected[:10]]
    assert [h.chunk for h in passages] != [h.chunk for h in hits]  # two orders indeed (this question: they differ)
    by_chunk = {h.chunk: h for h in hits}
    assert all(h.score == by_chunk[h.chunk].score for h in passages if h.chunk in by_chunk)  # the same RRF `fused`
    # The passage file named as the hits' fusion too: one order, the hits'.
    one = Retriever(index, embedder, Settings(fusion_weights=PASSAGE_WEIGHTS_FILE))
    assert one.passage_fusion is None
    hits_one, passages_one = one.search_with_passages(question, 10)
    assert hits_one == passages_one == one.search(question, 10)
    assert [h.chunk for h in passages_one] == [h.chunk for h in passages]  # the same order from either search
    # Answers are the same whichever fusion orders the hits (numbers, text); the citations follow the hits' order.
    six = Assistant(index, embedder, Settings(fusion_weights=PASSAGE_WEIGHTS_FILE))
    for asked in (question, "陕西省级职工书屋有几家", "全国总工会开展了哪些职工服务活动"):
        a, b = assistant.ask(asked), six.ask(asked)
        assert (a.found, a.answer, [n.value for n in a.numbers]) == (b.found, b.answer, [n.value for n in b.numbers])


def test_the_fusion_reads_each_list_to_its_own_depth(assistant) -> None:  # type: ignore[no-untyped-def]
    """Fewer hits asked for than the fusion was fitted on: both lists are still read to the fusion's depth (its
    scores are normalised there), the hits keep their true ranks, and `score` stays the RRF of the first k."""
    index, embedder = assistant.index, assistant.retriever.embedder
    retriever = Retriever(index, embedder, Settings(candidate_depth=3))
    fusion = retriever.fusion
    assert fusion is not None and fusion.depth > 3
    question = "全国总工会开展了哪些职工服务活动"
    hits = retriever.search(question, 3)
    sparse, dense = retriever.bm25(question, fusion.depth), retriever.dense(question, fusion.depth)
    assert len(dense) > 3  # the seed index has more chunks than 3: a deeper list exists
    context = retriever.fusion_context(fusion, question)
    assert [h.chunk for h in hits] == [c for c, _ in fusion.rank(sparse, dense, retriever.traditional, context)[:3]]
    ranks = {c: r for r, (c, _) in enumerate(dense, 1)}
    assert [h.dense_rank for h in hits] == [ranks.get(h.chunk) for h in hits]
    settings = retriever.settings
    for h in hits:
        assert h.score == pytest.approx(
            sum(
                w / (settings.rrf_k + r)
                for w, r in ((settings.bm25_weight, h.bm25_rank), (settings.dense_weight, h.dense_rank))
                if r is not None and r <= 3
            )
        )


def test_a_bad_weights_file_is_a_clear_error(assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "weights.json"
    bad.write_text("not json", "utf-8")
    with pytest.raises(ValueError, match="not a fusion weights file"):
        Retriever(assistant.index, assistant.retriever.embedder, Settings(fusion_weights=bad))
    old = tmp_path / "old.json"  # the first version's file (no "version"): refused by the retriever too
    old.write_text(json.dumps({"features": list(FEATURES), "coef": dict.fromkeys(FEATURES, 1.0), "depth": 50}), "utf-8")
    with pytest.raises(ValueError, match="fusion weights of version 1"):
        Retriever(assistant.index, assistant.retriever.embedder, Settings(fusion_weights=old))
    # the passage order's file is named by its own setting
    with pytest.raises(SettingsError, match="QA_PASSAGE_FUSION_WEIGHTS: .*not a fusion weights file"):
        Retriever(assistant.index, assistant.retriever.embedder, Settings(passage_fusion_weights=bad))


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
    context = QueryContext("问题", lambda c: (f"doc{c // 3}", f"title{c // 6}"))
    ranked = fusion.rank(sparse, dense, lambda c: 1.0 if c % 2 else 0.0, context)
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


def test_bm25s_titles_are_read_while_the_question_encodes(assistant, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While the question encodes, the search reads how much the question names each of BM25's candidates'
    titles (the fusion reads it of every candidate): those shares are taken before the dense search, none is
    taken twice, and the hits are those of the same search with the vector kept (no encoding, no reading ahead)."""
    import qa.fusion

    events: list[tuple[str, str]] = []
    share = qa.fusion.title_in_question

    def recorded_share(title: str, question: str) -> float:
        events.append(("title", title))
        return share(title, question)

    monkeypatch.setattr(qa.fusion, "title_in_question", recorded_share)
    retriever = Retriever(assistant.index, assistant.retriever.embedder, Settings())
    dense = retriever.backend.dense_search

    def recorded_dense(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append(("dense", ""))
        return dense(*args, **kwargs)

    monkeypatch.setattr(retriever.backend, "dense_search", recorded_dense)
    question = "徐州市有多少家社区食堂在营业"  # invented: never asked before in this process
    ahead = retriever.search_with_passages(question, 10)
    at = events.index(("dense", ""))
    before = [t for kind, t in events[:at] if kind == "title"]
    titles = [t for kind, t in events if kind == "title"]
    assert before and len(titles) == len(set(titles))  # read ahead, each title once per search
    assert {assistant.index.document_title(retriever.document(h.chunk)[0]) for h in ahead[0]} <= set(titles)
    events.clear()
    assert retriever.search_with_passages(question, 10) == ahead  # the vector kept: read after the dense search
    assert events[0] == ("dense", "") and len(events) > 1


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


def test_best_sentences_is_each_chunks_best_sentence_cosine(assistant) -> None:  # type: ignore[no-untyped-def]
    """The retriever's sentence scorer over the seed index's sentence table: for each chunk asked (any order,
    repeats), the highest cosine between the question's vector and one of that chunk's sentence vectors."""
    retriever = assistant.retriever
    table = retriever.index.sentences
    assert table is not None
    vector = retriever.query_vector("哪座城市的职工书屋最多")
    chunks = [5, 0, 3, 5, table.chunks - 1]
    got = retriever.best_sentences(vector, chunks)
    for c, value in zip(chunks, got, strict=True):
        rows = table.rows(np.array([c]))
        assert len(rows) and value == pytest.approx(float(np.max(np.asarray(table.vectors[rows]) @ vector)))
    assert retriever.best_sentences(vector, []).shape == (0,)
