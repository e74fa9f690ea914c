"""A breakdown's later parts, and a title's level that is no extent. Invented examples."""

from __future__ import annotations

from qa.analysis import analyze
from qa.features import part_asked_after, scope_fit


def test_a_part_listed_after_the_first_marks_the_whole() -> None:
    after = "，其中国家级示范基地4个、市级示范基地21个。"
    own = "全县建成农业科普基地56个"
    assert part_asked_after("某县市级示范基地有多少个", own, after) == 1.0
    assert part_asked_after("某县国家级示范基地有多少个", own, after) == 1.0
    assert part_asked_after("某县农业科普基地有多少个", own, after) == 0.0


def test_a_national_title_is_no_national_figure() -> None:
    q = analyze("江门有多少家省级文明单位")
    # "全国敬老文明号示范单位3家" names a title conferred at the national level, not the nation's count
    assert scope_fit(q, "", "其中全国敬老文明号示范单位3家")["scope_wider"] == 0.0
    assert scope_fit(q, "", "全国老年人口达到2.9亿人")["scope_wider"] == 1.0


def test_a_part_said_only_joined_with_another_item_marks_the_whole() -> None:
    from qa.features import joined_only

    # the part asked said in the whole's clause only as one of items joined by 和 / 、, or as one of two-character
    # words sharing their first character (来信来访来电); its own figure follows after 其中
    assert joined_only("补贴", "发放培训经费和补贴共计")
    assert joined_only("来访", "全年受理来信来访来电")
    assert not joined_only("来访", "全年受理群众来访")  # said alone
    assert not joined_only("补贴", "发放补贴")
    after = "，其中补贴1.2亿元。"
    assert part_asked_after("某市补贴发放了多少", "全年发放培训经费和补贴共计3.5亿元", after) == 1.0
    assert part_asked_after("某市补贴发放了多少", "全年发放补贴3.5亿元", after) == 0.0
    calls = "，其中来访210件次、来电380件次。"
    assert part_asked_after("某区来访有多少件次", "信访中心全年受理来信来访来电", calls) == 1.0


def test_a_breakdown_opening_the_next_sentence_or_listed_with_commas() -> None:
    from qa.features import breakdown_next

    text = "全市共有外来务工人员8.6万人，增长3.1%。按行业分，制造业3.2万人，餐饮业1.1万人。年末参保…"
    end = text.index("。") + 1
    assert breakdown_next(text, end) == "按行业分，制造业3.2万人，餐饮业1.1万人。"
    assert breakdown_next("全市共有外来务工人员8.6万人。年末参保7.1万人。", 16) == ""
    own = "全市共有外来务工人员"
    assert part_asked_after("某市餐饮业外来务工人员有多少", own, "，增长3.1%。" + breakdown_next(text, end)) == 1.0
    # a change after a part's figure is no part of its own
    assert part_asked_after("某市增长多少", own, "。其中，制造业3.2万人，增长2.0%。") == 0.0
