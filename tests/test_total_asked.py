"""A total asked, a sub-item given (or the reverse): a narrower thing's figure beside the thing's own
(`narrower_stated`, read by `qualifier_other`), a part named after 其中 / 按…分 / 分…看 where the whole is asked
(`part_unasked`, read by `new_unasked`), a whole stated before its breakdown (`whole_before_parts`), and a noun of
counting whose measure word belongs to the word before it (`X案件数`). Every sentence here is invented."""

from __future__ import annotations

import pytest

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    Needle,
    Passage,
    increment_fit,
    narrower_stated,
    number_features,
    part_unasked,
    qualifier_other,
    whole_before_parts,
)

cut = Tokenizer().cut


def _words(thing: str) -> tuple[str, ...]:
    return Needle.of(thing, cut).words


def test_a_word_inserted_into_the_thing_names_one_kind_of_it_beside_the_thing() -> None:
    question = "某县种植果树多少亩"
    said = "全县种植果树12万亩，其中种植柑橘果树3万亩。"
    words = _words("种植果树")
    assert narrower_stated(words, question, "其中种植柑橘果树3万亩", said, cut)
    assert not narrower_stated(words, question, "全县种植果树12万亩", said, cut)
    # the kind asked: no narrowing
    assert not narrower_stated(_words("种植柑橘果树"), "某县种植柑橘果树多少亩", "其中种植柑橘果树3万亩", said, cut)
    # a report naming its thing with a word of its own, no plain name beside it: not another thing's figure
    alone = "全县种植柑橘果树3万亩。"
    assert not narrower_stated(words, question, "全县种植柑橘果树3万亩", alone, cut)
    # a framing word (各类) or a qualifier (人均: the qualifier features read it) is no narrower kind
    framed = "全县种植各类果树12万亩，种植果树农户3千户。"
    assert not narrower_stated(words, question, "全县种植各类果树12万亩", framed, cut)
    assert not narrower_stated(words, question, "种植人均果树2亩", framed, cut)


def test_a_negation_or_among_before_the_thing_narrows_it() -> None:
    said = "达标企业86家，未达标企业14家。志愿者1.2万人，志愿者中党员3千人。"
    assert narrower_stated(_words("达标企业"), "某区达标企业有几家", "未达标企业14家", said, cut)
    assert not narrower_stated(_words("达标企业"), "某区达标企业有几家", "达标企业86家", said, cut)
    assert not narrower_stated(_words("达标企业"), "某区未达标企业有几家", "未达标企业14家", said, cut)
    assert narrower_stated(_words("党员"), "某区党员多少人", "志愿者中党员3千人", said + "党员5千人。", cut)


def test_a_one_character_bound_prefix_narrows_the_thing() -> None:
    said = "全市职工52万人，女职工23万人。全市常住人口310万人。"
    assert narrower_stated(_words("职工"), "某市职工多少人", "女职工23万人", said, cut)
    assert not narrower_stated(_words("职工"), "某市女职工多少人", "女职工23万人", said, cut)
    # two characters bound (常住人口): a qualifier, read by the qualifier features, not here
    assert not narrower_stated(_words("人口"), "某市人口多少", "全市常住人口310万人", said + "人口普查", cut)


def test_qualifier_other_reads_a_narrower_thing_only_with_the_passage_and_words() -> None:
    q = analyze("全区达标企业有几家")
    said = "达标企业86家，未达标企业14家。"
    assert qualifier_other(q, "未达标企业14家") == 0.0  # no words given: the sibling qualifiers alone
    assert qualifier_other(q, "未达标企业14家", _words(q.head), said, cut) == 1.0
    assert qualifier_other(q, "达标企业86家", _words(q.head), said, cut) == 0.0


def test_a_part_after_a_breakdown_is_not_the_whole_asked() -> None:
    whole = analyze("全市学校一共有多少所")
    assert part_unasked(whole, "全市共有学校420所，其中小学") == 1.0
    assert part_unasked(whole, "全市共有学校") == 0.0
    assert part_unasked(analyze("全市小学一共有多少所"), "全市共有学校420所，其中小学") == 0.0
    # the part whose text says the thing asked where the whole's does not is the part asked, other words besides
    assert part_unasked(analyze("全市民办学校有多少所"), "全市共有学校420所，其中城区的民办学校") == 0.0
    assert part_unasked(whole, "按学段分，小学") == 1.0
    # a list of parts: the number's own item names its part, and the place asked names its own row
    assert part_unasked(analyze("全市初中一共有多少所"), "全市共有学校420所，其中小学210所、初中") == 0.0
    assert part_unasked(analyze("全市初中一共有多少所"), "全市共有学校420所，其中初中80所、小学") == 1.0
    assert part_unasked(whole, "分县区看，甲县") == 1.0
    # a whole stated again after the part: the breakdown is over
    assert part_unasked(whole, "其中小学210所，全市学校总数") == 0.0
    # read by new_unasked where the question asks the whole (a total word, or its extent)
    assert increment_fit(whole, "其中小学", "全市共有学校420所，其中小学")["new_unasked"] == 1.0
    assert increment_fit(analyze("全市学校多少所"), "其中小学", "全市共有学校420所，其中小学")["new_unasked"] == 1.0
    assert increment_fit(analyze("某县学校多少所"), "其中小学", "全县共有学校420所，其中小学")["new_unasked"] == 0.0
    amount = analyze("全市财政收入一共多少元")
    assert increment_fit(amount, "其中税收收入", "全市财政收入80亿元，其中税收收入") == {
        "new_unasked": 1.0,
        "total_unasked": 0.0,
    }


def test_the_whole_before_its_breakdown() -> None:
    text = "全市共有学校420所，其中甲县120所、乙县300所。"
    at = text.index("420所") + len("420所")
    assert whole_before_parts(text, at)
    assert not whole_before_parts(text, text.index("120所") + len("120所"))
    assert not whole_before_parts("全市共有学校420所。", at)


def test_the_part_is_read_in_the_number_features() -> None:
    q = analyze("全市学校一共有多少所")
    text = "全市共有学校420所，其中小学210所。"
    whole, part = [m for m in extract_numbers(text) if m.unit == "所"]
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, cut)
    assert number_features(q, needle, needle, part, passage, (), cut)["new_unasked"] == 1.0
    assert number_features(q, needle, needle, whole, passage, (), cut)["new_unasked"] == 0.0


def test_a_measure_word_of_the_word_before_stays_with_the_thing() -> None:
    # 案件/数: the cases are counted (in 件); 调解/件数: mediation counted in 件
    q = analyze("某县信访案件数")
    assert q.head.endswith("信访案件") and q.measure == "件"
    q = analyze("某县调解件数")
    assert q.head.endswith("调解") and q.measure == "件"
    assert analyze("某镇农户数").head.endswith("农户")
    assert analyze("某区职工人数").head.endswith("职工")


@pytest.mark.parametrize(
    "question, head",
    [
        ("某县医院床位数", "医院床位"),  # jieba's own word 床位数: 床位 counted
        ("某区规上企业数", "规上企业"),  # 企业/数
        ("某市居民消费价格指数", "居民消费价格指数"),  # 指数, 系数: words of their own, nothing counted
        ("某省基尼系数", "基尼系数"),
    ],
)
def test_a_noun_counted_by_a_bare_shu_is_the_thing(question: str, head: str) -> None:
    assert analyze(question).head.endswith(head)
