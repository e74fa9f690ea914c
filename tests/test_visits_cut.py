"""Persons asked where only visits (人次) are given, a count of other persons far down the list; an invented report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers_corpus import build_small_index, small_assistant

REPORT = (
    "荆州市红十字会2024年工作报告\n"
    "一、无偿献血\n"
    "全年组织无偿献血2.6万人次,同比增长5%。\n"
    "二、自身建设\n"
    "市红十字会现有专职工作人员15人,发展红十字会员2.1万人。\n"
)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_index(tmp_path_factory, {"report.txt": REPORT})


@pytest.mark.slow
def test_persons_asked_visits_given_other_persons_far_down(index_dir: Path) -> None:
    assistant = small_assistant(index_dir)
    # 15人 and 2.1万人 count other people: no answer the ranking missed, so the visits are refused for persons
    refused = assistant.ask("荆州一年有多少人献血")
    assert not refused.found and refused.reason and "人次" in refused.reason
    visits = assistant.ask("荆州无偿献血多少人次")
    assert visits.found and visits.numbers[0].value == 26000


def test_a_count_of_people_asked_in_another_dimension() -> None:
    from qa.analysis import analyze
    from qa.features import dimension_conflict

    people = analyze("某市有多少人参加献血")
    assert dimension_conflict(people, "吨")  # 献血量N吨
    assert dimension_conflict(people, "个")  # 献血屋N个
    assert dimension_conflict(people, "户")  # households are no persons
    assert not dimension_conflict(people, "名")
    assert not dimension_conflict(people, "人次")  # visits: `qa.people_visits` reads them
    # 多少个 counts people in speech: a count of persons answers it
    assert not dimension_conflict(analyze("某市有多少个专职工作人员"), "人")
    assert dimension_conflict(analyze("某市建了多少个驿站"), "平方米")
