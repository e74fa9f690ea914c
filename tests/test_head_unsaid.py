"""Not stated where no near passage says the thing's head noun at all (`qa.given_instead.head_unsaid`, branch
abstain11), and the plan rules' one reading (`target_unstated` with `about` / `unplanned`). Every question, sentence
and figure here is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.analysis import analyze
from qa.answerable import target_unstated
from qa.given_instead import given_instead, head_forms, head_may_be_unsaid, head_unsaid
from qa.place_scope import NearText
from tests.helpers_corpus import build_small_index, small_assistant
from tests.helpers_rules import near_text, thing_words


def _near(passage: str, number: str, title: str = "某县2024年政府工作报告") -> NearText:
    return near_text(passage, number, heading="一、2024年工作回顾", title=title)


def _row(**values: float) -> dict[str, float]:
    return {"report_genre": 1.0, "thing_cover": 0.25, **values}


def test_the_head_noun_and_the_forms_a_text_says_it_by() -> None:
    assert head_forms(thing_words("温泉酒店数量")) == {"酒店"}  # a measure word ends the thing: the noun before it
    assert head_forms(thing_words("羊毛进口额")) == {"进口额", "进口"}  # "进口N亿元" states the 进口额
    assert head_forms(thing_words("木材蓄积量")) == {"蓄积量", "蓄积"}
    assert head_forms(thing_words("数量")) == set()  # no noun of its own
    # a word asking a size is no noun a report says: the head is the word before it
    assert head_forms(thing_words("竹林面积有多大")) == {"面积"}
    assert head_forms(thing_words("干渠是多长")) == {"干渠"}
    # a compound jieba keeps whole is said by its last word too ("年度预算N万元" under 维修工程预算)
    assert "预算" in head_forms(thing_words("维修工程预算"))


def test_a_size_asked_is_no_head_noun_unsaid() -> None:
    q = analyze("某县竹林面积有多大")
    words = thing_words(q.head or q.target)
    area = _near("新造竹林0.8万亩，全县竹林面积达到26.4万亩。", "26.4万")
    rows = [_row(thing_cover=0.3)]
    assert not head_unsaid(q, [area], rows, words)  # 面积 is said: the 有多大 the analysis keeps is not read
    other = _near("全县举办竹文化节活动12场。", "12场")
    assert head_unsaid(analyze("某县竹林有多大"), [other], rows, thing_words("竹林有多大"))  # 竹林 said nowhere


def test_a_head_noun_no_near_passage_says() -> None:
    q = analyze("某县温泉酒店数量")
    assert q.kind == "count"
    words = thing_words(q.head or q.target)
    festival = _near("全县举办温泉文化节活动46场，吸引游客38万人次。", "46场")
    visitors = _near("全县举办温泉文化节活动46场，吸引游客38万人次。", "38万")
    rows = [_row(), _row(thing_cover=0.2)]
    assert head_may_be_unsaid(q, rows)
    assert head_unsaid(q, [festival, visitors], rows, words)
    assert given_instead(q, [festival, visitors], rows, words) == "报告没有提到所问的事项，只给出了别的事项的数字。"
    # a near passage, its heading or its report's title says the head noun: left to the gate
    hotels = _near("全县星级酒店达到12家。", "12家")
    assert not head_unsaid(q, [festival, hotels], rows, words)
    titled = _near("全县举办温泉文化节活动46场。", "46场", title="某县酒店业2024年发展报告")
    assert not head_unsaid(q, [titled], rows[:1], words)
    # the top number covers much of the thing
    assert not head_unsaid(q, [festival], [_row(thing_cover=0.5)], words)
    # or nothing (a table's cell): read by the whole passage, its column's header with it
    assert head_unsaid(q, [festival], [_row(thing_cover=0.0)], words)
    # the top number in the unit asked ("有几家" and "…N家"): the thing under the report's own name, maybe
    assert not head_unsaid(q, [festival], [_row(unit_exact=1.0)], words)
    # not a report, a share or a plan asked
    assert not head_unsaid(q, [festival], [_row(report_genre=0.0)], words)
    share = analyze("某县温泉酒店入住率")
    assert not head_unsaid(share, [festival], rows[:1], thing_words(share.head or share.target))
    plan = analyze("某县2025年新建温泉酒店目标")
    assert not head_unsaid(plan, [festival], rows[:1], thing_words(plan.head or plan.target))


def test_an_amount_in_the_unit_asked_is_no_name_of_the_thing() -> None:
    q = analyze("江山市羊毛进口额")
    assert q.kind == "amount"
    words = thing_words(q.head or q.target)
    output = _near("全市羊毛产业总产值18.6亿元。", "18.6")
    # 亿元 is every money figure's unit: the top number in it still names no 进口
    assert head_unsaid(q, [output], [_row(unit_exact=1.0)], words)
    # but a table's cell in it (no cover at all) may sit under a header its passage lacks
    assert not head_unsaid(q, [output], [_row(unit_exact=1.0, thing_cover=0.0)], words)


def test_a_head_ending_in_a_measure_said_by_its_stem() -> None:
    q = analyze("某县羊毛进口额")
    words = thing_words(q.head or q.target)
    exports = _near("全县羊毛产业总产值18.6亿元，出口额4.2亿元。", "18.6")
    assert head_unsaid(q, [exports], [_row()], words)  # 出口 is said, 进口 is not
    imports = _near("全县羊毛产业总产值18.6亿元，其中进口原毛2.1亿元。", "18.6")
    assert not head_unsaid(q, [imports], [_row()], words)


def test_the_plan_rule_reads_about_and_unplanned_as_given() -> None:
    q = analyze("某县2025年新建乡村书屋目标")
    rows = [
        {"report_genre": 1.0, "plan_unstated": 1.0, "target_cover": 0.8, "cover_item": 0.8},
        {"report_genre": 1.0, "target_cover": 0.8, "cover_item": 0.2},  # another line's target in the sentence
    ]
    assert not target_unstated(q, rows)  # by the sentence: the other line's target is about the thing
    assert target_unstated(q, rows, about=lambda r: r.get("cover_item", 0.0) >= 0.5)
    # a programme's name read as no plan: the caller says so per row
    assert target_unstated(q, rows[1:], unplanned=[True])
    assert not target_unstated(q, rows[1:])


@pytest.fixture(scope="module")
def spa_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "report.txt": (
            "某县2024年政府工作报告\n一、2024年工作回顾\n"
            "文旅融合加快推进，全县举办温泉文化节等活动46场，吸引游客38万人次，旅游收入4.6亿元。\n"
            "新建乡村书屋30个，改造农贸市场5个。\n"
        ),
    }
    return build_small_index(tmp_path_factory, files)


@pytest.mark.slow
def test_a_report_that_never_names_the_thing_answers_not_stated(spa_report: Path) -> None:
    assistant = small_assistant(spa_report)
    answer = assistant.ask("某县温泉酒店数量")
    assert not answer.found and not answer.numbers
    # the thing named: answered
    held = assistant.ask("某县举办温泉文化节等活动多少场")
    assert held.found and held.numbers and held.numbers[0].value == 46
