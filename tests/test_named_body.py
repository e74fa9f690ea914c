"""A figure asked of a named body inside the place, the statement naming none (qa.named_body); invented examples."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.places import _default_gazetteer
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.named_body import body_asked, named_body_unstated
from qa.place_scope import NearText
from tests.helpers_corpus import build_small_index, small_assistant

_CUT = Tokenizer().cut


def _asked(question: str) -> str | None:
    return body_asked(analyze(question, _default_gazetteer()), _CUT)


def _near(statement: str, passage: str | None = None, title: str = "鹤壁市文化和旅游局2024年工作总结") -> NearText:
    passage = passage if passage is not None else statement
    start = passage.index(statement)
    return NearText(statement=statement, before="", passage=passage, heading="", title=title, start=start)


def test_the_body_asked() -> None:
    assert _asked("鹤壁市星光医院有多少职工书屋") == "星光"
    assert _asked("青石岭景区旅游收入多少") == "青石岭"
    assert _asked("鹤壁市红叶公司有多少会员") == "红叶"
    assert _asked("淇县分公司职工人数") == "淇县分公司"
    # the place's own bodies, a scope or a class, and the thing counted are no body asked
    assert _asked("鹤壁市总工会有多少会员") is None
    assert _asked("鹤壁市有多少家医院") is None
    assert _asked("鹤壁市全市医院床位有多少") is None
    assert _asked("鹤壁市公立医院床位有多少张") is None
    assert _asked("甲先生的公司收购了多少股份") is None
    assert _asked("鹤壁市A级景区有多少个") is None
    assert _asked("鹤壁市省级景区有多少个") is None


def test_statement_must_name_the_body() -> None:
    q = analyze("青石岭景区旅游收入多少", _default_gazetteer())
    assert named_body_unstated(q, "青石岭", _near("国庆假期全市接待游客86万人次,旅游收入5.2亿元。"))
    assert not named_body_unstated(q, "青石岭", _near("青石岭景区全年接待游客40万人次,旅游收入1.1亿元。"))
    # a paragraph led by the body names it for its later sentences; a neighbouring sentence on it does not
    led = "青石岭景区:全年接待游客40万人次。实现旅游收入1.1亿元。"
    assert not named_body_unstated(q, "青石岭", _near("实现旅游收入1.1亿元。", led))
    beside = "全市A级景区12家。青石岭景区接待游客40万人次。假期全市旅游收入5.2亿元。"
    assert named_body_unstated(q, "青石岭", _near("假期全市旅游收入5.2亿元。", beside))
    # the body's own report speaks of it without naming it in each sentence
    assert not named_body_unstated(q, "青石岭", _near("全年旅游收入1.1亿元。", title="青石岭景区2024年工作总结"))
    # an article names its subject once and says 该景区 after: its passage is read
    article = "青石岭景区位于山区。该景区去年旅游收入1.1亿元。"
    assert not named_body_unstated(q, "青石岭", replace(_near("该景区去年旅游收入1.1亿元。", article), report=False))
    assert named_body_unstated(q, "青石岭", replace(_near("全县旅游收入5.2亿元。"), report=False))
    # not a figure asked
    assert not named_body_unstated(
        analyze("青石岭景区在哪一年开放", _default_gazetteer()), "青石岭", _near("2019年开放。")
    )


REPORTS = {
    "a.txt": "鹤壁市总工会2024年工作报告\n一、阵地建设\n全市建成户外劳动者爱心驿站42个,职工书屋316家。\n"
    "星光医院工会建成职工书屋3家。\n",
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_index(tmp_path_factory, REPORTS)


@pytest.mark.slow
def test_ask_a_body_of_the_city(index_dir: Path) -> None:
    assistant = small_assistant(index_dir)
    refused = assistant.ask("鹤壁市红叶公司有多少爱心驿站")
    assert not refused.found and refused.reason and "单位" in refused.reason
    answered = assistant.ask("鹤壁市星光医院有多少职工书屋")
    assert answered.found and answered.numbers[0].value == 3
    whole = assistant.ask("鹤壁市有多少爱心驿站")
    assert whole.found and whole.numbers[0].value == 42
