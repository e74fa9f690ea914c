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
