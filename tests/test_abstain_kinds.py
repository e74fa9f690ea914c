"""Not stated, by kinds the earlier rules left (`qa.answerable`, branch abstain8): a growth rate where a share is
asked, a change asked with its deed after the change word. Every question and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import change_asked, change_unstated, growth_for_share, thing_kind_unstated


def _row(**values: float) -> dict[str, float]:
    return {"report_genre": 1.0, "target_cover": 0.8, "thing_cover": 0.8, **values}


def test_a_growth_rate_where_a_share_is_asked() -> None:
    growth = [_row(change_stated=1.0, share_unit=1.0), _row(share_unit=1.0)]
    for asked in ("某县乡村书屋建设投入占财政支出比重", "某县新就业形态劳动者就业率", "某县增值税占税收收入比重"):
        question = analyze(asked)
        assert question.kind == "share"
        assert growth_for_share(question, growth)
        assert thing_kind_unstated(question, growth) == "报告只给出了增长（变化）的速度，没有给出所问的比例。"
    share = analyze("某县新就业形态劳动者就业率")
    assert not growth_for_share(share, growth[1:])  # the top number is a level: the share itself
    assert not growth_for_share(share, [_row(change_stated=1.0)])  # a change in units: not this rule's
    assert not growth_for_share(share, [])
    # a change or a pace asked: a growth rate answers it
    for asked in (
        "某县生产总值增速",
        "某县快递业务量增长多少",
        "某县居民消费价格指数",
        "某县森林覆盖率比上年提高了几个百分点",
    ):
        assert not growth_for_share(analyze(asked), growth)


def test_a_change_asked_with_the_deed_after_the_change_word() -> None:
    assert change_asked("某县乡村书屋比上年多建多少个")
    assert change_asked("某镇较上年少发生几起火灾")
    assert change_asked("某县乡村书屋比上年增加多少个")  # the change word right before 多少, as before
    assert not change_asked("某县乡村书屋多少个")
    assert not change_asked("某县乡村书屋比上年多少")  # no change word before the deed
    asked = analyze("某县乡村书屋比上年多建多少个")
    assert change_unstated(asked.text, asked.kind, [_row(), _row(target_cover=0.2)])  # levels only
    assert not change_unstated(asked.text, asked.kind, [_row(change_stated=1.0)])  # a change stated
