"""Who or what a number counts, against what the question counts: relatives of the people asked, and a unit that
ends the thing asked. Every sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle, Passage, kin_counted, number_features


def test_relatives_of_the_people_asked_are_other_people() -> None:
    cut = Tokenizer().cut
    assert kin_counted(Needle.of("困难职工", cut), "困难职工子女")
    assert kin_counted(Needle.of("环卫工人", cut), "环卫工人家属")
    assert not kin_counted(Needle.of("困难职工子女", cut), "困难职工子女")  # the children asked
    assert not kin_counted(Needle.of("困难职工", cut), "困难职工")
    text = "全年走访困难职工家庭2100户，资助困难职工子女356名。"
    q = analyze("某县困难职工有多少人")
    head, target = Needle.of(q.head, cut), Needle.of(q.target, cut)
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    row = {m.text: number_features(q, head, target, m, passage, (), cut) for m in extract_numbers(text)}["356名"]
    assert row["qualifier_other"] == 1.0


def test_a_unit_ending_the_thing_is_the_measure() -> None:
    assert analyze("社区长者活动参与人次多少").measure == "人次"
    assert analyze("图书馆借阅人次").measure == "人次"
    assert analyze("多少人次参与了长者活动").measure == "人次"
    assert analyze("长者活动参与人次多少").head == "长者活动参与"


def test_a_share_is_never_how_much_money() -> None:
    from qa.features import unit_fit

    assert unit_fit(analyze("财政补助是多少钱"), "%")["share_for_money"] == 1.0
    assert unit_fit(analyze("财政补助占总收入多少"), "%")["share_for_money"] == 0.0
    # a thing that is money by its last word, asked as an amount, is no share either
    assert unit_fit(analyze("某县地区生产总值是多少"), "%")["share_for_money"] == 1.0
    assert unit_fit(analyze("某县科技投入强度是多少"), "%")["share_for_money"] == 0.0  # a ratio
    assert unit_fit(analyze("财政补助是多少钱"), "万元")["share_for_money"] == 0.0
    assert unit_fit(analyze("钱塘区新增就业占比多少"), "%")["share_for_money"] == 0.0  # 钱 of a place name
