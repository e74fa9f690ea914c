"""A report's "一座X" counts nothing, and a grade asked of a work article is read as written; invented examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.numbers import extract_numbers
from tests.helpers_corpus import build_small_index, small_assistant

# A work article (headline, byline, no report title, no numbered heading): `qa.features.work_article` reads it as one.
ARTICLE = (
    "衢州:“职工之家”让一线职工有了歇脚处\n"
    "本报讯(记者 周明 通讯员 吴亮)走进衢州市柯城区府山街道的一座职工之家,热水、药箱、充电器一应俱全。"
    "“以前跑外卖没地方歇脚,现在累了能坐一坐。”一线职工小刘说。\n"
    "近年来,衢州市总工会把建设职工之家作为服务职工的重要抓手,截至2024年底,全市已建成职工之家318家,"
    "其中2024年新建45家,实现乡镇全覆盖。全市职工之家全年服务一线职工超过60万人次。\n"
    "在龙游县,县总工会联合企业共建职工之家52家,每家每年补助运行经费3000元。"
    "衢州市总工会还依托职工之家开展法律咨询、健康体检、技能培训等服务,全年开展各类活动900余场,"
    "组织工会会员参加活动2.1万人次,推动企业工会建设,覆盖职工15万人。\n"
    "“下一步,我们将推动职工之家提档升级。”衢州市总工会相关负责人表示。"
    "目前全市共有星级职工之家88家,其中五星级职工之家9家。\n"
    "今年以来,衢州市各级工会组织开展“送清凉”活动,走访慰问高温一线职工1.2万人次,发放慰问品折合180万元,"
    "推进职工之家与户外劳动者服务站点共建共享。\n"
)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_index(tmp_path_factory, {"article.txt": ARTICLE})


def test_a_lone_one_with_a_measure_word_is_no_count() -> None:
    (mention,) = [m for m in extract_numbers("走进府山街道的一座职工之家。") if m.text == "一座"]
    assert mention.kind == "other"


@pytest.mark.slow
def test_an_article_one_is_no_place_s_count(index_dir: Path) -> None:
    assistant = small_assistant(index_dir)
    # "一座职工之家" is where the reporter went in, not how many 柯城区 has
    refused = assistant.ask("柯城区有多少职工之家")
    assert not refused.found and not refused.numbers
    whole = assistant.ask("衢州有多少职工之家")
    assert whole.found and whole.numbers[0].value == 318


@pytest.mark.slow
def test_a_grade_asked_of_an_article_is_read_as_written(index_dir: Path) -> None:
    assistant = small_assistant(index_dir)
    # a grade the article does not break out: the stars' total and another grade are no answer
    refused = assistant.ask("衢州有多少四星级职工之家")
    assert not refused.found and not refused.numbers
    five = assistant.ask("衢州有多少五星级职工之家")
    assert five.found and five.numbers[0].value == 9
