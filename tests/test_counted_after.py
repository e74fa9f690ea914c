"""A number's thing after it (branch itemafter19): "为N名老人提供康复服务", "组织N名教师参加体检" — the number follows a
preposition or verb of giving or organising and the people or things it counts, with the deed done for them, come after
it (`counted_after`). Read as the number's subject, next to its interrogative slot and in its lead, and the people it
counts no other people than a deed's (`counts_another` only for a head that names people). Every sentence here is
invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    SENTENCE_KEY,
    Needle,
    Passage,
    counted_after,
    counts_another,
    item_features,
    number_features,
    relative_features,
)
from qa.scorer import default_scorer
from tests.helpers_corpus import build_small_index, small_assistant

cut = Tokenizer().cut


def _scored(question: str, text: str) -> dict[str, tuple[float, dict[str, float]]]:
    """Each number of `text` (one passage) with its committed number model's logit and its features."""
    q = analyze(question)
    head, target = Needle.of(q.head or q.target, cut), Needle.of(q.target, cut)
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    found = [(m.text, number_features(q, head, target, m, passage, (), cut)) for m in extract_numbers(text)]
    rows = [{**f, "rank": 1.0} for _, f in found]
    keys = [f"0:{r.pop(SENTENCE_KEY):.0f}" for r in rows]
    for row, relative, item in zip(rows, relative_features(rows, ["d"] * len(rows)), item_features(rows, keys)):
        row.update(relative)
        row.update(item)
    model = default_scorer().model("number")
    return {number: (model.logit(row), row) for (number, _), row in zip(found, rows)}


def test_the_thing_and_deed_after_the_number() -> None:
    assert counted_after("全年为", "老人提供上门康复服务", "老人") == "老人提供上门康复服务"
    assert counted_after("组织", "教师参加健康体检", "教师") == "教师参加健康体检"
    assert counted_after("今年共对", "商户开展消防检查", "商户") == "商户开展消防检查"
    assert counted_after("资助了近", "的学生的升学费用", "学生") == "学生的升学费用"


def test_no_thing_after_where_the_construction_is_another() -> None:
    # the thing named before the number: its own item says it
    assert counted_after("惠及农户", "", "") == ""
    assert counted_after("慰问困难老人", "", "") == ""
    # a noun with no deed after it: nothing more to read than the subject
    assert counted_after("为", "老人", "老人") == ""
    # no preposition or verb of giving right before the number
    assert counted_after("全镇新增", "志愿者参加服务", "志愿者") == ""
    # the subject read is not the text right after the number's measure word
    assert counted_after("为", "老人提供服务", "服务") == ""


def test_the_count_outranks_a_rate_of_the_same_deed() -> None:
    text = "全年为1,845名老人提供上门助餐服务，上门助餐服务覆盖率76.3%。"
    got = _scored("上门助餐服务多少人", text)
    (count, count_row), (rate, _) = got["1,845名"], got["76.3%"]
    assert count > rate
    # the deed after the number names the thing: its subject and slot read it, and the people are no other people
    assert count_row["subject_cover"] == 1.0 and count_row["slot_left"] == 1.0
    assert count_row["cover_lead"] == 1.0 and count_row["qualifier_other"] == 0.0
    text = "区总工会组织6,420名职工参加年度体检，体检覆盖率达81.7%。"
    got = _scored("参加年度体检多少人", text)
    assert got["6,420名"][0] > got["81.7%"][0]
    assert got["6,420名"][1]["qualifier_other"] == 0.0


def test_other_people_counted_only_where_people_are_asked() -> None:
    own = "选派12名护士参加社区义诊活动"
    # a deed asked (义诊活动) in people: the nurses are the people it counts
    assert not counts_another(Needle.of("社区义诊活动", cut), own, "护士")
    # people asked (会员), other people counted where the clause names 会员 only as a modifier
    assert counts_another(Needle.of("会员", cut), "选派12名护士参加会员健康讲座", "护士")


@pytest.fixture(scope="module")
def care_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "report.txt": (
            "某县老龄工作委员会2024年工作报告\n一、2024年工作回顾\n"
            "居家养老服务稳步推进，全年为3,260名高龄老人提供上门助浴服务，上门助浴服务覆盖率达64.8%。\n"
            "健康管理持续加强，组织1.6万名老年人参加免费体检，体检率达88.2%。\n"
        ),
    }
    return build_small_index(tmp_path_factory, files)


@pytest.mark.slow
def test_a_deed_asked_in_people_is_answered_by_its_count_not_refused_for_the_rate(care_report: Path) -> None:
    assistant = small_assistant(care_report)
    for question, value in (("某县上门助浴服务多少人", 3260), ("某县参加免费体检多少人", 16000)):
        answer = assistant.ask(question)
        assert answer.found and answer.numbers and answer.numbers[0].value == value, question
    # the rate asked is still the rate
    rate = assistant.ask("某县上门助浴服务覆盖率是多少")
    assert rate.found and rate.numbers and rate.numbers[0].value == 64.8
