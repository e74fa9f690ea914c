"""A question's frame (courtesy, 共有 / 一共有 / 有, 数量为 / 数量是) does not change what it is read as asking."""

from __future__ import annotations

from functools import lru_cache

from index.places import Gazetteer
from index.tokenize import Tokenizer
from qa.analysis import Question, analyze, without_courtesy


@lru_cache(maxsize=1)
def _pos() -> Tokenizer:
    return Tokenizer()


def _q(text: str) -> Question:
    return analyze(text, Gazetteer.default(), _pos().pos)


def test_courtesy_opening_is_dropped() -> None:
    assert without_courtesy("请问江门有多少个书屋") == "江门有多少个书屋"
    assert without_courtesy("您好,请问江门有多少个书屋") == "江门有多少个书屋"
    assert without_courtesy("我想知道江门有多少个书屋") == "江门有多少个书屋"
    assert without_courtesy("问题清单有多少条") == "问题清单有多少条"  # 问 of a word is no courtesy
    assert without_courtesy("请问") == "请问"  # nothing left: kept as it is


def test_courtesy_reads_as_the_plain_question() -> None:
    plain, polite = _q("江门有多少个职工书屋"), _q("请问江门有多少个职工书屋？")
    assert polite.text.rstrip("?？") == plain.text
    assert (polite.head, polite.target, polite.places, polite.measure) == (
        plain.head,
        plain.target,
        plain.places,
        plain.measure,
    )


def test_gong_you_frame_is_not_the_thing() -> None:
    plain = _q("2021年江门职工书屋有多少个")
    for form in ("2021年江门职工书屋共有多少个", "2021年江门职工书屋一共有多少个", "2021年江门职工书屋共多少个"):
        q = _q(form)
        assert (q.head, q.target, q.year, q.measure) == (plain.head, plain.target, plain.year, plain.measure), form


def test_wei_frame_is_not_the_thing() -> None:
    assert _q("江门职工书屋数量为多少").target == _q("江门职工书屋数量是多少").target
    assert _q("江门职工书屋数量为多少").head == "职工书屋"
    assert _q("江门的书屋被评为多少个示范点").target.endswith("评为示范点")  # the 为 of a verb stays
