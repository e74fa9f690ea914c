"""The whole against its part, and a wider class against the narrower one asked (branch whole10): a modifier asked
that the passage says of the narrower class while the number leaves it out (`modifier_left_out`, read by
`qualifier_unstated`), a part named by a grade or a code, and the thing asked said of the whole in full before a part
(`part_unasked`, read by `new_unasked`); and (branch whole11) the whole's figure with the part asked named after it
(`part_asked_after`, read by `qualifier_unstated`), one kind's figure beside the thing's own (`kind_beside_thing`, read
by `qualifier_other`). Every sentence here is invented."""

from __future__ import annotations

from index.numbers import NumberMention, extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.answer import Candidate, kind_beside_thing
from qa.features import (
    Needle,
    Passage,
    asked_core,
    increment_fit,
    kind_before,
    kind_unasked,
    modifier_left_out,
    number_features,
    part_asked_after,
    part_unasked,
    rest_summed,
    said_in,
)
from qa.scorer import Model

cut = Tokenizer().cut


def _words(thing: str) -> tuple[str, ...]:
    return Needle.of(thing, cut).words


def test_a_modifier_the_passage_says_of_the_narrower_class_is_left_out_by_the_wider_figure() -> None:
    said = "全年家禽出栏860万只，其中肉鸭出栏320万只。"
    words = ("肉鸭", "出栏")
    question = "丙县肉鸭出栏多少只"
    # the whole's figure leaves 肉鸭 out while the passage says 肉鸭出栏: the wider class's figure
    assert modifier_left_out(words, question, "全年家禽出栏860万只", "", said) == 1.0
    # the narrower class's own figure, or the modifier before it in its sentence, heading or caption: not left out
    assert modifier_left_out(words, question, "其中肉鸭出栏320万只", "全年家禽出栏860万只，", said) == 0.0
    assert modifier_left_out(words, question, "出栏320万只", "三、肉鸭养殖", said) == 0.0
    # the passage never says the narrower class: no figure here is the wider one's by this reading
    assert modifier_left_out(words, question, "全年家禽出栏860万只", "", "全年家禽出栏860万只。") == 0.0
    # the modifier abbreviated in the number's own text is said there
    assert modifier_left_out(("规上", "企业"), "丁区规上企业几家", "规模以上企业86家", "", "规上企业") == 0.0


def test_the_next_word_of_the_thing_need_only_start_right_after_the_modifier() -> None:
    # 淡水/产品产量: the passage says 淡水产品 with its figure, never 淡水产品产量
    said = "全年水产品产量42.8万吨，其中淡水产品31.5万吨。"
    words = _words("淡水产品产量")
    assert words[0] == "淡水"
    assert modifier_left_out(words, "戊市淡水产品产量", "全年水产品产量42.8万吨", "", said) == 1.0


def test_the_wider_figure_is_read_in_the_number_features() -> None:
    q = analyze("庚县肉鸭出栏多少只")
    text = "全年家禽出栏860万只，其中肉鸭出栏320万只。"
    whole, part = [m for m in extract_numbers(text) if m.unit.endswith("只")]
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, cut)
    words = ("肉鸭", "出栏")

    def unstated(mention: NumberMention) -> float:
        return number_features(
            q, needle, needle, mention, passage, (), cut, document_genre=report, distinguishing=words
        )["qualifier_unstated"]

    report = False  # a text not written as a report: its questions paraphrase it
    assert unstated(whole) == 0.0
    report = True

    assert unstated(whole) == 1.0
    assert unstated(part) == 0.0
    # a list under one full stop: the modifier its first item says holds for the items after the semicolon
    text = "分镇看，甲镇有肉鸭出栏120万只；乙镇出栏95万只。"
    first, second = [m for m in extract_numbers(text) if m.unit.endswith("只")]
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    assert unstated(second) == 0.0


def test_a_part_named_by_a_grade_or_a_code() -> None:
    code = analyze("辛市A级景区总数")
    assert part_unasked(code, "全市A级景区共57个，其中5A级景区1个、4A级景区") == 1.0
    # the grade asked: its own part
    assert part_unasked(analyze("辛市4A级景区总数"), "全市A级景区共57个，其中5A级景区1个、4A级景区") == 0.0
    # a figure's digits are no part's name
    assert part_unasked(code, "全市A级景区共57个，其中2024年") == 0.0


def test_the_thing_the_whole_writes_in_full_is_not_said_of_the_part_alone() -> None:
    assert said_in("低保", "全县享受最低生活保障2.6万人，")
    assert not said_in("农村", "全县享受最低生活保障2.6万人，")
    # 低保 is said of the whole (最低生活保障) too: the part names 农村, which the question does not
    total = analyze("壬县享受低保的有多少人")
    assert part_unasked(total, "全县享受最低生活保障2.6万人，其中农村低保对象") == 1.0
    # a bigram said of the part only: the part is asked
    assert part_unasked(analyze("壬县农村低保对象有多少人"), "全县享受最低生活保障2.6万人，其中农村低保对象") == 0.0
    # read by new_unasked where the question asks the whole (有多少: `Question.stock`)
    before = "全县享受最低生活保障2.6万人，其中农村低保对象"
    assert increment_fit(total, "其中农村低保对象", before)["new_unasked"] == 1.0


def test_the_whole_before_a_breakdown_naming_the_part_asked() -> None:
    after = "，其中城区96个、乡镇324个。"
    # 城区 asked: the whole (全区…420个) leaves it out, its breakdown's first part names it
    assert part_asked_after("城区农家书屋有多少个", "全区建成农家书屋", after) == 1.0
    # the whole asked: no part named after the number is in the question
    assert part_asked_after("农家书屋有多少个", "全区建成农家书屋", after) == 0.0
    # a word of approximation or stating before the part's figure is no part of its name
    assert part_asked_after("城区农家书屋有多少个", "全区建成农家书屋", "，其中城区约96个。") == 1.0
    # only the part's name as the breakdown writes it, whole: a word it shares with the question is not enough
    assert part_asked_after("城区农家书屋有多少个", "全区建成农家书屋", "，其中老城区96个。") == 0.0
    # the number's own text names the part: it is the part's figure
    assert part_asked_after("城区农家书屋有多少个", "城区建成农家书屋", after) == 0.0
    # a number inside the breakdown is a part, not the whole
    assert part_asked_after("城区农家书屋有多少个", "全区建成农家书屋420个，其中", "个、乡镇324个。") == 0.0
    # a sentence with no breakdown after the number
    assert part_asked_after("城区农家书屋有多少个", "全区建成农家书屋", "个，覆盖率达到98%。") == 0.0


def test_the_whole_before_the_part_asked_is_read_in_the_number_features() -> None:
    text = "全市建成农家书屋420个，其中城区96个、乡镇324个。"
    whole, part, _ = [m for m in extract_numbers(text) if m.unit == "个"]
    passage = Passage(view=text, heading="", rank=0, fused=1.0)

    def unstated(question: str, mention: NumberMention, names: tuple[str, ...] = ()) -> float:
        q = analyze(question)
        needle = Needle.of(q.head, cut)
        return number_features(q, needle, needle, mention, passage, names, cut, document_genre=report)[
            "qualifier_unstated"
        ]

    report = False  # a text not written as a report: its questions paraphrase it
    assert unstated("寅市城区农家书屋多少个", whole) == 0.0
    report = True

    assert unstated("寅市城区农家书屋多少个", whole) == 1.0
    assert unstated("寅市城区农家书屋多少个", part) == 0.0
    assert unstated("寅市农家书屋多少个", whole) == 0.0
    # a part the question does not name as the breakdown does (卯县城 under a question on 卯县)
    text = "全县建成农家书屋420个，其中卯县城96个。"
    whole = next(m for m in extract_numbers(text) if m.unit == "个")
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    assert unstated("卯县农家书屋多少个", whole, ("卯县", "卯")) == 0.0


def test_a_kind_before_the_thing_asked() -> None:
    assert asked_core("甲市全市农家书屋", ("甲市", "甲")) == "农家书屋"
    assert kind_before("全年发放助农消费券", "助农消费券") == ""
    assert kind_before("拥有茶叶企业", "茶叶企业") == ""
    assert kind_before("春节专项助农消费券", "助农消费券") == "春节专项"
    assert kind_before("茶叶产值", "茶叶企业") is None
    # the subject's measure word the thing asked leaves off: the kind is still read before the thing
    assert kind_before("全市失业保险参保人数", "失业保险参保") == ""
    assert kind_before("灵活就业人员失业保险参保人数", "失业保险参保") == "灵活就业人员"
    # a kind the question names is the one asked; one character or a framing word names no kind
    assert kind_unasked("春节专项", "助农消费券发了多少")
    assert not kind_unasked("春节专项", "春节助农消费券发了多少")
    assert not kind_unasked("女", "职工多少人")
    assert not kind_unasked("", "助农消费券发了多少")


def _candidate(score: float, subject: str, unit: str = "元") -> Candidate:
    mention = NumberMention(1, unit, "1" + unit, None, subject, 0, 1, "quantity")
    return Candidate("number", score, {}, 0, 0, 0, 1, mention)


def test_a_kind_outscoring_the_thing_itself_is_another_things_figure() -> None:
    model = Model(features=("qualifier_other",), weights=(-9.0,), bias=6.0, abstain=0.0)
    q = analyze("辰溪县助农消费券多少钱")
    kind, itself = _candidate(6.0, "春节专项助农消费券"), _candidate(5.0, "全年发放助农消费券")
    kind_beside_thing(q, [kind, itself], (), model)
    assert kind.features["qualifier_other"] == 1.0 and kind.score == -3.0
    assert "qualifier_other" not in itself.features and itself.score == 5.0
    # no near number counts the thing itself: the kind's figure may be what the user calls the thing
    alone = _candidate(6.0, "春节专项助农消费券")
    kind_beside_thing(q, [alone, _candidate(5.0, "助农消费券使用率")], (), model)
    assert "qualifier_other" not in alone.features and alone.score == 6.0
    # the kind asked
    asked = _candidate(6.0, "春节专项助农消费券")
    kind_beside_thing(analyze("辰溪县春节专项助农消费券多少钱"), [asked, _candidate(5.0, "助农消费券")], (), model)
    assert asked.score == 6.0
    # words naming a place before the thing are a place's (or a group's) figure, not a kind's
    group = _candidate(6.0, "乙丙两市助农消费券")
    kind_beside_thing(q, [group, _candidate(5.0, "全年发放助农消费券")], (), model, lambda text: "两市" in text)
    assert group.score == 6.0


def test_the_rest_of_a_breakdown_summed_is_neither_the_whole_nor_a_part() -> None:
    assert rest_summed("巳镇户籍人口多少", "其余14个行政村户籍人口共计") == 1.0
    assert rest_summed("午县新增就业多少人", "其他各乡镇新增就业共计") == 1.0
    # the rest asked
    assert rest_summed("其余各村人口合计多少", "其余14个行政村户籍人口共计") == 0.0
    # a whole or a named part
    assert rest_summed("巳镇户籍人口多少", "全镇户籍人口合计") == 0.0
    # a sum naming the place asked: that place's group's (group_total)
    assert rest_summed("未县户籍人口多少", "未县、申区等其余县区合计", ("未县",)) == 0.0
    # read by new_unasked for a count or an amount, whatever the question's words of total
    q = analyze("巳镇户籍人口多少")
    assert increment_fit(q, "其余14个行政村户籍人口共计", "其余14个行政村户籍人口共计")["new_unasked"] == 1.0
