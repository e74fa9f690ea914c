"""A table row's target beside its result, and the kinds of social insurance side by side; an invented report."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.analysis import analyze
from qa.features import qualifier_other
from tests.helpers_corpus import build_small_index, small_assistant

REPORT = (
    "丰城市人力资源和社会保障局2024年工作总结\n"
    "2024年,市人社局各项工作稳步推进。主要指标完成情况如下:\n"
    "指标｜目标任务｜完成数｜完成率\n"
    "城镇新增就业(人)｜6000｜6710｜111.8%\n"
    "职业技能培训(人次)｜9000｜9820｜109.1%\n"
    "一、社会保障\n"
    "全市企业职工基本养老保险参保人数9.4万人,失业保险参保人数2.7万人,工伤保险参保人数3.9万人。\n"
)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_index(tmp_path_factory, {"report.txt": REPORT})


def test_another_kind_of_insurance_is_a_sibling() -> None:
    q = analyze("某市养老保险参保人数")
    assert qualifier_other(q, "失业保险参保人数2.7万人") == 1.0
    assert qualifier_other(q, "企业职工基本养老保险参保人数9.4万人") == 0.0


@pytest.mark.slow
def test_the_result_of_a_row_not_its_target(index_dir: Path) -> None:
    assistant = small_assistant(index_dir)
    done = assistant.ask("丰城城镇新增就业多少人")
    assert done.found and done.numbers[0].value == 6710
    target = assistant.ask("丰城城镇新增就业目标是多少")
    assert target.found and target.numbers[0].value == 6000
    insured = assistant.ask("丰城失业保险参保人数")
    assert insured.found and insured.numbers[0].value == 27000


def test_a_plan_s_completion_asked_is_a_result() -> None:
    from qa.answerable import PLAN_ASKED_OUTRIGHT
    from qa.features import plan_asked, without_plan_completion

    assert without_plan_completion("城镇新增就业目标完成率是多少") == "城镇新增就业完成率是多少"
    assert not PLAN_ASKED_OUTRIGHT.search(without_plan_completion("城镇新增就业目标完成率"))
    assert not plan_asked(analyze("某市城镇新增就业目标完成率"))
    assert plan_asked(analyze("某市城镇新增就业目标是多少"))


@pytest.mark.slow
def test_a_row_s_completion_rate_answers_its_target_completion(index_dir: Path) -> None:
    rate = small_assistant(index_dir).ask("丰城城镇新增就业目标完成率")
    assert rate.found and rate.numbers[0].value == pytest.approx(111.8)
