"""The whole against its part, and a wider class against the narrower one asked (branch whole10): a modifier asked
that the passage says of the narrower class while the number leaves it out (`modifier_left_out`, read by
`qualifier_unstated`), a part named by a grade or a code, and the thing asked said of the whole in full before a part
(`part_unasked`, read by `new_unasked`). Every sentence here is invented."""

from __future__ import annotations

from index.numbers import NumberMention, extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    Needle,
    Passage,
    increment_fit,
    modifier_left_out,
    number_features,
    part_unasked,
    said_in,
)

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
