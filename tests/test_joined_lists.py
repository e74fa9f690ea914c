"""Figures listed together: a second 分别 clause over the first's list, a joiner that is no one's subject, a figure in
a second measure of the same item. Invented examples."""

from __future__ import annotations

import re

from index.numbers import extract_numbers
from index.segments import segment_around
from qa.analysis import analyze
from qa.features import respective_fit, respective_items


def test_a_second_respective_clause_pairs_with_the_first_list() -> None:
    text = "甲镇和乙镇户籍人口分别为3.1万人和2.4万人，分别增长1.2%和0.8%。"
    spans = [m.span() for m in re.finditer(r"\d[\d.]*(?:万人|%)", text)]
    pairs = respective_items(text, spans)
    assert pairs[text.index("1.2%")][0] == "甲镇"
    assert pairs[text.index("0.8%")][0] == pairs[text.index("2.4万人")][0]
    # the shared head (户籍人口) sits in the last item only: it does not name that item against the one asked
    q = analyze("甲镇户籍人口增长多少")
    assert respective_fit(q, (), pairs[text.index("1.2%")]) == {"respective_match": 1.0, "respective_other": 0.0}
    assert respective_fit(q, (), pairs[text.index("0.8%")]) == {"respective_match": 0.0, "respective_other": 1.0}


def test_a_joiner_alone_is_no_subject() -> None:
    subjects = {
        m.text: m.subject for m in extract_numbers("两所学校的图书藏量分别达到6.5万册和4.2万册，分别增长3%和5%。")
    }
    assert subjects["6.5万册"] != "和"
    assert "和" not in subjects.values()


def test_a_figure_in_a_second_measure_counts_the_item_before_it() -> None:
    text = "举办电工培训班36期、1,250人次；开展焊工竞赛8场、参赛选手410人。甲区、乙区各建成12个、8个。"

    def item(figure: str) -> str:
        i = text.index(figure)
        return segment_around(text, i, i + len(figure))

    assert item("1,250人次") == "举办电工培训班36期、1,250人次"
    assert item("36期") == "举办电工培训班36期"
    assert item("410人") == "参赛选手410人"  # words of its own: its own item
    # a list of places before their figures is no measure list
    assert item("12个") == "乙区各建成12个"
