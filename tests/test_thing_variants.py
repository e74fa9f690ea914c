"""The variant makers of `eval.thing_variants` (branch thing21): each only where the set's texts cannot answer it.
Every text here is invented."""

from __future__ import annotations

import random

from eval.thing_variants import Texts, head_noun, narrower_class, other_measure, other_period, rebuilt
from index.normalize import match_view
from index.places import Gazetteer
from qa.analysis import Question, analyze

_SENTENCES = r"[^。；;！!？?\n]+"


def _texts(document: str, *others: str) -> Texts:
    import re

    views = [match_view(t).text for t in (document, *others)]
    return Texts(views[0], tuple(s for v in views for s in re.findall(_SENTENCES, v)))


def _q(text: str) -> Question:
    return analyze(text, Gazetteer.default())


def test_the_head_noun_is_no_measure_word() -> None:
    assert head_noun(_q("甲城建成了多少个职工驿站？")) == "驿站"


def test_a_narrower_class_is_put_before_the_head_noun_only_where_no_text_says_it() -> None:
    question = "甲城有多少名会员？"
    made = narrower_class(question, _q(question), _texts("甲城有会员1200名。"), random.Random(1))
    assert made is not None
    new, modifier = made
    assert new == f"甲城有多少名{modifier}会员？"
    # every people's modifier said in the document: none is put in
    all_said = "、".join(("女", "青年", "农民工", "退休", "残疾", "困难", "农村", "外籍", "少数民族"))
    assert narrower_class(question, _q(question), _texts(f"甲城有会员1200名，{all_said}。"), random.Random(1)) is None


def test_a_narrower_class_said_with_the_noun_in_another_text_is_not_put_in() -> None:
    question = "甲城有多少家企业？"
    others = (
        "乙城外资企业30家，涉外企业5家，新建企业7家，省级企业2家，农村企业4家，困难企业1家，民营企业9家，乡镇企业3家。"
    )
    assert narrower_class(question, _q(question), _texts("甲城有企业500家。", others), random.Random(1)) is None


def test_another_unit_is_asked_only_where_the_document_states_none_in_it() -> None:
    question = "甲城培训了多少人？"
    made = other_measure(question, _q(question), _texts("甲城培训职工800人。"), random.Random(1))
    assert made == ("甲城培训了多少人次？", "人次")
    # the document states 人次 and 户: no other measure of people is left
    said = _texts("甲城培训职工800人，共1200人次，覆盖300户。")
    assert other_measure(question, _q(question), said, random.Random(1)) is None


def test_a_measure_noun_is_swapped_where_the_document_never_says_the_new_one() -> None:
    question = "甲城茶叶种植面积是多少？"
    made = other_measure(question, _q(question), _texts("甲城茶叶种植面积3万亩，产值2亿元。"), random.Random(1))
    assert made == ("甲城茶叶种植产量是多少？", "产量")


def test_a_share_or_a_growth_is_asked_only_where_no_sentence_says_one_with_the_thing() -> None:
    question = "2023年甲城建成多少个职工驿站？"
    plain = _texts("2023年甲城建成职工驿站120个。")
    share = rebuilt(question, _q(question), plain, "share_of")
    assert share is not None and share[0].startswith("2023年") and share[0].endswith("职工驿站的占比是多少？")
    grown = _texts("2023年甲城建成职工驿站120个，比上年增加20个。")
    assert rebuilt(question, _q(question), grown, "growth_of") is None
    assert rebuilt(question, _q(question), grown, "per_capita") is not None


def test_a_part_of_the_year_is_put_after_the_year_where_the_documents_never_name_it() -> None:
    question = "2023年甲城建成多少个职工驿站？"
    made = other_period(question, _q(question), _texts("2023年甲城建成职工驿站120个。"), random.Random(1))
    assert made is not None and made[0] == f"2023年{made[1]}甲城建成多少个职工驿站？"
    every = _texts("2023年甲城建成职工驿站120个，上半年60个，一季度30个，前三季度90个。")
    assert other_period(question, _q(question), every, random.Random(1)) is None
    dated = "目前甲城有多少个职工驿站？"  # a time word already: no part of a year put in
    assert other_period(dated, _q(dated), _texts("甲城有职工驿站120个。"), random.Random(1)) is None
