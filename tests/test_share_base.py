"""Not stated where a share of a named part over a named base is asked and no near sentence says both
(`qa.share_base`). Every question, sentence and figure here is invented."""

from __future__ import annotations

from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.place_scope import NearText
from qa.share_base import part_and_base, share_base_may_be_unsaid, share_base_unsaid

_CUT = Tokenizer().cut


def _near(statement: str, report: bool = True) -> NearText:
    return NearText(statement, statement, statement, "一、工业经济", "武义县2024年统计公报", report=report)


def test_the_part_and_the_base_a_question_names() -> None:
    assert part_and_base(analyze("武义县外资企业占企业总数的比重"), _CUT) == (["外资企业"], ["企业"])
    assert part_and_base(analyze("武义县高新技术产业增加值占GDP比重"), _CUT) == (
        ["高新技术", "产业", "增加值"],
        ["生产总值"],
    )
    # the base is the place's whole: nothing more to read
    assert part_and_base(analyze("武义县出口额占全市的比例"), _CUT) is None
    assert not share_base_may_be_unsaid(analyze("武义县外资企业有多少家"))


def test_a_share_over_another_base_is_no_answer() -> None:
    q = analyze("武义县党员占职工人数比例")
    assert share_base_may_be_unsaid(q)
    other_base = _near("全县党员中，女党员占31.6%，少数民族党员占2.4%。")
    assert share_base_unsaid(q, [other_base], _CUT)
    said = _near("全县职工4.2万人，其中党员6,120人，占职工人数的14.6%。")
    assert not share_base_unsaid(q, [other_base, said], _CUT)
    # not a report: an encyclopedia's question paraphrases its passage
    assert not share_base_unsaid(q, [_near("女党员占31.6%。", report=False)], _CUT)
