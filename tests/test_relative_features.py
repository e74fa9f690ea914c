"""A number against the other candidates of its question (`relative_features`, issue 11, branch cross11): how its
cover of the thing asked compares with the best candidate's, and where its passage stands among the passages that
cover the thing as well. Every sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    NUMBER_FEATURES,
    RELATIVE_COVER,
    RELATIVE_FEATURES,
    Needle,
    Passage,
    number_features,
    relative_features,
)

cut = Tokenizer().cut


def _candidates(question: str, passages: list[tuple[str, str]]) -> list[tuple[str, str, dict[str, float]]]:
    """(document, number text, features) of every number of the passages, the first best retrieved."""
    q = analyze(question)
    head, target = Needle.of(q.head or q.target, cut), Needle.of(q.target, cut)
    out = []
    for rank, (document, text) in enumerate(passages):
        passage = Passage(view=text, heading="", rank=rank, fused=1.0 / (1 + rank))
        for mention in extract_numbers(text):
            out.append((document, mention.text, number_features(q, head, target, mention, passage, (), cut)))
    return out


def _relative(question: str, passages: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    found = _candidates(question, passages)
    relative = relative_features([f for _, _, f in found], [d for d, _, _ in found])
    return {number: r for (_, number, _), r in zip(found, relative)}


def test_the_relative_features_are_number_features() -> None:
    assert set(RELATIVE_FEATURES) <= set(NUMBER_FEATURES)
    # appended (before the item features): old weights files stay in order
    at = NUMBER_FEATURES.index(RELATIVE_FEATURES[0])
    assert NUMBER_FEATURES[at : at + len(RELATIVE_FEATURES)] == RELATIVE_FEATURES
    assert at > NUMBER_FEATURES.index("group_total")


def test_the_clause_that_covers_the_thing_in_a_later_report_is_the_top_one() -> None:
    got = _relative(
        "引进博士研究生多少人",
        [
            ("甲区工作报告", "全区引进各类人才2300人,其中本科生420人。"),
            ("乙县工作总结", "全县新建实验室6个。全县引进博士研究生35人。"),
        ],
    )
    assert got["35人"]["cover_top"] == 1.0 and got["35人"]["cover_gap"] == 0.0
    # the best-retrieved passage holding a top candidate is the second one: it comes first among those
    assert got["35人"]["covered_rank"] == 1.0
    for other in ("2300人", "420人", "6个"):
        assert got[other]["cover_gap"] < 0.0 and got[other]["cover_top"] == 0.0 and got[other]["covered_rank"] == 0.0
    assert got["35人"]["top_reports_other"] == 0.0  # no other report states it


def test_two_reports_stating_the_thing_are_told_apart_by_retrieval_only() -> None:
    got = _relative(
        "引进博士研究生多少人",
        [
            ("丙市年鉴", "全市引进博士研究生210人。"),
            ("丁县工作总结", "全县引进博士研究生35人。"),
        ],
    )
    assert got["210人"]["cover_top"] == got["35人"]["cover_top"] == 1.0
    assert got["210人"]["covered_rank"] == 1.0 and got["35人"]["covered_rank"] == 0.5
    assert got["210人"]["top_reports_other"] == got["35人"]["top_reports_other"] == 1.0


def test_a_pure_function_of_the_candidate_set() -> None:
    values = [
        {RELATIVE_COVER: 0.5, "rank": 1.0},
        {RELATIVE_COVER: 0.9, "rank": 0.5},
        {RELATIVE_COVER: 0.87, "rank": 0.25},
    ]
    documents = ["a", "b", "c"]
    got = relative_features(values, documents)
    assert [r["cover_top"] for r in got] == [0.0, 1.0, 1.0]  # within the tie of the best
    assert [r["covered_rank"] for r in got] == [0.0, 1.0, 0.5]
    assert abs(got[0]["cover_gap"] + 0.4) < 1e-9
    # the same candidates in another order get the same features
    assert relative_features(values[::-1], documents[::-1]) == got[::-1]
    # nothing covers the thing: no candidate is on top
    assert all(r["cover_top"] == 0.0 for r in relative_features([{RELATIVE_COVER: 0.0, "rank": 1.0}], ["a"]))
    assert relative_features([], []) == []


def test_the_trainer_recomputes_them_from_its_cached_rows() -> None:
    from eval.train_scorer import Example, _relative_recomputed

    cover, rank = NUMBER_FEATURES.index(RELATIVE_COVER), NUMBER_FEATURES.index("rank")
    top = NUMBER_FEATURES.index("cover_top")
    rows = [[0.0] * len(NUMBER_FEATURES) for _ in range(2)]
    rows[0][cover], rows[0][rank] = 0.4, 1.0
    rows[1][cover], rows[1][rank] = 1.0, 0.5
    rows[0][top] = 1.0  # stale: written under another definition
    ex = Example("s", "q1", "train", "number", rows, [0, 1], False, True, docs=["a", "b"])
    got = _relative_recomputed(ex)
    assert [row[top] for row in got.rows] == [0.0, 1.0]
    # a cache written before the documents were stored is left alone
    old = Example("s", "q2", "train", "number", [[1.0] * len(NUMBER_FEATURES)], [1], False, True)
    assert _relative_recomputed(old).rows == [[1.0] * len(NUMBER_FEATURES)]
