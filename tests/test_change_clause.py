"""A change stated in a clause of its own ("…N亿元，按可比价格计算，比上年增长M%"): where a change is asked, its
clause reads the clause before it, past a note of method, so the figure that grew is the change's subject. Every
sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.segments import segment_around, segment_bounds
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle, Passage, number_features

TEXT = (
    "经初步核算，全年全县生产总值812.4亿元，按可比价格计算，比上年增长4.7%。"
    "按户籍人口计算，人均生产总值61230元，增长5.3%。"
)


def _at(value: str) -> tuple[int, int]:
    start = TEXT.index(value)
    return start, start + len(value)


def test_a_change_asked_reads_the_clause_before_past_a_method_note() -> None:
    start, end = _at("4.7%")
    assert segment_around(TEXT, start, end) == "按可比价格计算，比上年增长4.7%"  # a level asked: as before
    left, right = segment_bounds(TEXT, start, end, change_asked=True)
    assert TEXT[left:right].startswith("全年全县生产总值812.4亿元") and TEXT[left:right].endswith("4.7%")
    start, end = _at("5.3%")
    assert segment_around(TEXT, start, end) == "增长5.3%"  # a level asked: the change stays alone
    left, _ = segment_bounds(TEXT, start, end, change_asked=True)
    assert TEXT[left:start].startswith("人均生产总值")


def test_the_whole_change_beats_a_per_head_change() -> None:
    cut = Tokenizer().cut
    q = analyze("某县生产总值增长了多少")
    needle = Needle.of(q.head, cut)
    passage = Passage(view=TEXT, heading="", rank=0, fused=1.0)
    rows = {
        m.text: number_features(q, needle, needle, m, passage, (), cut) for m in extract_numbers(TEXT) if m.unit == "%"
    }
    whole, per_head = rows["4.7%"], rows["5.3%"]
    assert per_head["per_unit_unasked"] == 1.0 and whole["per_unit_unasked"] == 0.0
    # the clause before names what grew: the whole's item covers the thing asked
    assert whole["cover_item"] > 0.8
