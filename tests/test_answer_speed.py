"""Speed work on the answer stage gives the very values of the slower code it replaced (issue 12, item 3)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from index.documents import Document
from index.normalize import match_view
from index.numbers import _CALENDAR_YEAR, _ROC_OFFSET, calendar_years
from qa.answer import document_facts
from qa.features import present_year, report_genre, years_stated

ROOT = Path(__file__).resolve().parent.parent


def _scanned(text: str) -> list[tuple[int, int, int]]:
    """calendar_years as it was: the pattern scanned over every character."""
    return [
        (int(m["ad"]) if m["ad"] else _ROC_OFFSET + int(m["roc"] or m["bare"]), m.start(), m.end())
        for m in _CALENDAR_YEAR.finditer(text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2023年全县完成投资，较2022年度增长",
        "民国112年、112年度与较111年",
        "12023年不是年份，9.2023年也不是，1,2023年也不是",
        "5民国112年：民国前的数字挡住民国，后面的112年仍是一年",
        "2021年周至县，2020年周年庆，2019年来，2018年度来",
        "年年2024年年度年",
        "２０２３年 and 2023 年 and 民國112年",
        "",
    ],
)
def test_calendar_years_as_the_scan(text: str) -> None:
    assert calendar_years(text) == _scanned(text)


def test_calendar_years_as_the_scan_on_random_text() -> None:
    pieces = [*"0123456789年度民国来周期岁,.x", "19", "20", "民国", "年度", "周年", "10", "11", "１２"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert calendar_years(text) == _scanned(text), text


def test_calendar_years_as_the_scan_on_real_reports() -> None:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]
    rows = (ROOT / "eval" / "sets" / "reports-train9" / "corpus.jsonl").read_text("utf-8").splitlines()
    texts += [json.loads(line)["text"] for line in rows]
    assert sum(len(_scanned(t)) for t in texts) > 100  # years to find
    for text in texts:
        assert calendar_years(text) == _scanned(text)
        view = match_view(text).text
        assert calendar_years(view) == _scanned(view)


# Titles and texts whose views edit near the line end that joins them: glosses, CJK–digit spaces, full-width
# characters, combining marks, traditional script, invisible characters.
_EDGES = [
    ("某縣2024年工作報告", "全縣 30 家企業（qǐ yè）完成產值"),
    ("服務(wù)", " 30家"),
    ("甲市 ", "2023 年"),
    ("乙区统计公报（gōng bào）", "(ér)一、概况"),
    ("ＡＢＣ　１２３", "ｅ\u0301\u200b丙县\u00a0４５万元"),
    ("", "没有标题的文本，2022年"),
    ("丁镇概况", ""),
]


@pytest.mark.parametrize(("title", "text"), _EDGES)
def test_document_view_is_title_line_and_text(title: str, text: str) -> None:
    assert match_view(title + "\n" + text).text == match_view(title).text + "\n" + match_view(text).text


@pytest.mark.parametrize(("title", "text"), _EDGES)
def test_document_facts_as_computed_one_by_one(title: str, text: str) -> None:
    doc = Document(doc_id="d", title=title, source="s", sha256="0", text=text)
    whole = match_view(title + "\n" + text).text
    facts = document_facts(doc)
    assert facts.present == present_year(whole)
    assert facts.years == years_stated(whole)
    assert facts.genre == report_genre(match_view(title).text, match_view(text).text)


def test_document_facts_of_the_seed_reports(assistant) -> None:
    """The facts the answer stage reads of every seed report, as each was computed from its own view."""
    documents = assistant.index.documents
    assert len(documents) > 3
    present = 0
    for doc_id in documents:
        doc = documents[doc_id]
        whole = match_view(doc.title + "\n" + doc.text).text
        assert assistant._document_present(doc_id) == present_year(whole)
        assert assistant._document_years(doc_id) == years_stated(whole)
        assert assistant._document_genre(doc_id) == report_genre(match_view(doc.title).text, match_view(doc.text).text)
        present += assistant._document_present(doc_id) is not None
    assert present  # reports on a year among them
    assert document_facts(None).present is None and not document_facts(None).genre


def test_no_year_in_a_plain_text() -> None:
    assert not calendar_years("没有年份的句子")
    assert re.search("年", "一年") and not calendar_years("一年又一年")


# Invented questions: a count, an amount, a share, a what and a who question.
_QUESTIONS = [
    "全市共有多少个基层工会？",
    "去年培训职工多少人次？",
    "会员入会率是多少？",
    "职工服务中心做了什么？",
    "谁担任工会主席？",
]


def test_prepare_while_encoding_leaves_answers_as_they_were(assistant) -> None:
    """`Assistant._prepare` (the memos filled while a question encodes) changes no answer: each question asked of a
    fresh assistant with it and of one without it gives the same answer, explanation and every candidate."""
    from qa.answer import Assistant

    def fresh(prepare: bool) -> Assistant:
        a = Assistant(assistant.index, assistant.retriever.embedder, assistant.settings)
        a.prepare = prepare
        a.retriever._encode_s = 1.0  # a long encoding expected: the preparation runs to its end
        return a

    with_prep, without = fresh(True), fresh(False)
    for question in _QUESTIONS:
        a = with_prep.ask(question, explain=True).model_dump()
        b = without.ask(question, explain=True).model_dump()
        a.pop("took_ms"), b.pop("took_ms")
        assert a == b, question
    assert with_prep._views and with_prep._needles and with_prep._question_terms


def test_prepare_fills_the_memos_the_answer_stage_reads(assistant) -> None:
    from qa.answer import ANSWER_DEPTH, Assistant

    a = Assistant(assistant.index, assistant.retriever.embedder, assistant.settings)
    q = a.analyse(_QUESTIONS[0])
    rows = [c for c, _ in a.retriever.bm25(q.search_text, 30)]
    assert len(rows) > ANSWER_DEPTH
    a._prepare(q, rows, until=float("inf"))
    assert set(a._views) == set(rows[:ANSWER_DEPTH])
    assert {a.index.chunks[r].doc_id for r in rows[:ANSWER_DEPTH]} <= set(a._documents)
    assert (q.head or q.target) in a._needles
    b = Assistant(assistant.index, assistant.retriever.embedder, assistant.settings)
    b._prepare(q, rows, until=0.0)  # past its time: nothing done
    assert not b._views and not b._documents and not b._needles


def test_prepare_tags_the_sentences_the_span_stage_tags(assistant) -> None:
    """For a who/what question the preparation tags the sentences the span stage tags when its passages are BM25's
    first ones (its memo: the span stage then tags none itself)."""
    from qa.answer import SPAN_DEPTH, Assistant
    from qa.retrieve import Hit

    a = Assistant(assistant.index, assistant.retriever.embedder, assistant.settings)
    q = a.analyse(_QUESTIONS[-1])
    assert not q.numeric
    rows = [c for c, _ in a.retriever.bm25(q.search_text, 10)][:SPAN_DEPTH]
    a._prepare(q, rows, until=float("inf"))
    prepared = set(a._tags)
    assert set(a._likely_tagged(q, rows)) <= prepared

    b = Assistant(assistant.index, assistant.retriever.embedder, assistant.settings)
    tagged: list[str] = []
    own = b._pos

    def spy(text: str) -> list[tuple[str, str]]:
        tagged.append(text)
        return own(text)

    b._pos = spy  # type: ignore[method-assign]
    b._span_candidates(q, [Hit(r, 0.1, rank, None) for rank, r in enumerate(rows, 1)])
    assert tagged and set(tagged) <= prepared


def test_meanwhile_gets_bm25s_candidates_while_encoding(assistant) -> None:
    from qa.retrieve import Retriever

    r = Retriever(assistant.index, assistant.retriever.embedder, assistant.settings)
    calls: list[tuple[list[int], float]] = []
    query = "职工培训人次"
    hits, _ = r.search_with_passages(query, 10, meanwhile=lambda rows, until: calls.append((list(rows), until)))
    assert len(calls) == 1 and calls[0][0] == [c for c, _ in r.bm25(query, len(calls[0][0]))]
    assert r._encode_s is not None and r._encode_s > 0  # timed: the next question's preparation has a budget
    r.search_with_passages(query, 10, meanwhile=lambda rows, until: calls.append((list(rows), until)))
    assert len(calls) == 1  # the vector kept: nothing encodes, nothing to do meanwhile
    assert [h.chunk for h in hits] == [h.chunk for h in r.search_with_passages(query, 10)[0]]


def _random_texts(seed: int, n: int) -> list[tuple[str, str]]:
    """(short, long) pairs over a small alphabet of Han characters, digits, punctuation and spaces: runs recur."""
    rnd = random.Random(seed)
    alphabet = "山河湖海的了年月1２，。 ab"
    return [
        (
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 18))),
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 90))),
        )
        for _ in range(n)
    ]


def test_longest_shared_run_as_difflib() -> None:
    """common_run's run length is difflib's longest match without junk (what it used), on edge cases and random
    texts."""
    from difflib import SequenceMatcher

    from qa.span_features import longest_shared_run

    cases = [("", ""), ("", "湖"), ("湖", ""), ("山河湖", "山河湖"), ("湖山", "山湖湖山"), ("a山a", "aa山")]
    for short, text in cases + _random_texts(7, 4_000):
        expected = SequenceMatcher(None, short, text, autojunk=False).find_longest_match(0, len(short), 0, len(text))
        assert longest_shared_run(short, text) == expected.size, (short, text)


def test_bigram_precision_as_the_bigram_list() -> None:
    """bigram_precision counts the Han bigrams inside runs as the list of every pair matching two Han characters
    did: the very same float."""
    from qa.features import bigram_precision

    pair = re.compile(r"[\u4e00-\u9fff]{2}")

    def listed(text: str, question: str) -> float:
        grams = [text[i : i + 2] for i in range(len(text) - 1) if pair.fullmatch(text[i : i + 2])]
        return sum(g in question for g in grams) / len(grams) if grams else 0.0

    for question, text in [("", ""), ("山河", "山河湖"), ("湖", "a山b河c")] + _random_texts(11, 4_000):
        assert bigram_precision(text, question) == listed(text, question), (text, question)


def test_warm_up_loads_what_a_who_what_question_reads(assistant) -> None:
    """The server's warm-up loads jieba's idf table and part-of-speech tagger (~0.4–0.8 s of the first who/what
    question a process answers otherwise)."""
    from qa.service import warm_up
    from qa.span_features import _idf_table

    warm_up(assistant)
    assert _idf_table.cache_info().currsize == 1
    assert "_pos" in vars(assistant.index.tokenizer)  # the tagger, built once


def _logit_as_it_was(model, values: dict[str, float]) -> float:
    """Model.logit before its terms were read once: the fit's formula, feature by feature."""
    total = model.bias
    for i, (name, w) in enumerate(zip(model.features, model.weights)):
        x = values.get(name, 0.0)
        if model.means:
            x = (x - model.means[i]) / (model.scales[i] or 1.0)
        total += w * x
    return total


def test_logit_as_the_fit_formula() -> None:
    """The same float, bit for bit, for every fitted model, standardised or not, on random values, ints and
    bools among them, features missing, and a scale of 0 (read as 1)."""
    from dataclasses import replace

    from qa.scorer import default_scorer

    rnd = random.Random(12)
    models = list(default_scorer().models.values())
    some = models[0]
    models.append(replace(some, means=(), scales=()))  # a model fitted without standardising
    models.append(replace(some, scales=(0.0,) + some.scales[1:]))
    for model in models:
        for _ in range(300):
            values: dict[str, float] = {}
            for name in model.features:
                pick = rnd.random()
                if pick < 0.2:
                    continue  # missing: 0.0
                values[name] = (
                    rnd.choice([True, 3, -2]) if pick < 0.3 else rnd.uniform(-5, 5) * 10 ** rnd.randint(-8, 3)
                )
            got = model.logit(values)
            assert repr(got) == repr(_logit_as_it_was(model, values))


def test_logit_refuses_means_of_another_length() -> None:
    from qa.scorer import Model, ScorerError

    with pytest.raises(ScorerError):
        Model(("a", "b"), (1.0, 2.0), 0.0, 0.0, means=(0.5,), scales=(1.0,))
    assert Model(("a", "b"), (1.0, 2.0), 0.5, 0.0).logit({"a": 2.0, "b": 1}) == 0.5 + 2.0 + 2.0


def test_fusions_of_one_search_share_the_title_memo() -> None:
    """Both fusions of a search read each title's share once, and their rows are those of contexts of their own."""
    import numpy as np

    from qa.fusion import QueryContext, candidate_features, title_in_question

    sparse = [(1, 10.0), (2, 5.0), (3, 2.0)]
    dense = [(2, 0.9), (4, 0.8), (1, 0.7)]
    documents = {1: ("a", "南岭水库"), 3: ("a", "南岭水库"), 2: ("b", "北江大桥"), 4: ("c", "")}
    question = "北江大桥全长多少米"
    shared: dict[str, float] = {}
    for depth, lists in ((3, (sparse, dense)), (2, (sparse[:2], dense[:2]))):
        _, alone = candidate_features(*lists, lambda c: 0.0, depth, QueryContext(question, documents.__getitem__))
        _, memoised = candidate_features(
            *lists, lambda c: 0.0, depth, QueryContext(question, documents.__getitem__, titles=shared)
        )
        assert np.array_equal(alone, memoised)
    assert shared == {t: title_in_question(t, question) for t in ("南岭水库", "北江大桥", "")}
    assert shared["北江大桥"] == 1.0


def test_retriever_document_once_per_chunk(assistant) -> None:
    from qa.retrieve import Retriever

    r = Retriever(assistant.index, assistant.retriever.embedder, assistant.settings)
    rows = range(len(assistant.index.chunks))
    first = [r.document(row) for row in rows]
    assert first == [
        (key, assistant.index.document_title(key)) for key in map(assistant.index.chunk_document_key, rows)
    ]
    assert all(r.document(row) is pair for row, pair in zip(rows, first))  # the kept pair
