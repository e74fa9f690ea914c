"""The whole against its part, and a wider class against the narrower one asked (branch whole10): a modifier asked
that the passage says of the narrower class while the number leaves it out (`modifier_left_out`, read by
`qualifier_unstated`), a part named by a grade or a code (`part_unasked`), a part after a whole that names the thing
asked with no total word in the question (`whole_named`, read by `new_unasked`), and a thing stated bare with a figure
beside a kind of it (`bare_figure`, read by `narrower_stated` / `kind_stated`). Every sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    Needle,
    Passage,
    bare_figure,
    increment_fit,
    kind_stated,
    modifier_left_out,
    narrower_stated,
    number_features,
    part_unasked,
    whole_named,
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

    def unstated(mention: object) -> float:
        return number_features(q, needle, needle, mention, passage, (), cut, distinguishing=words)["qualifier_unstated"]

    assert unstated(whole) == 1.0
    assert unstated(part) == 0.0


def test_a_part_named_by_a_grade_or_a_code() -> None:
    code = analyze("辛市A级景区总数")
    assert part_unasked(code, "全市A级景区总数达到57个，其中5A级景区1个、4A级景区") == 1.0
    # the grade asked: its own part
    assert part_unasked(analyze("辛市4A级景区总数"), "全市A级景区总数达到57个，其中5A级景区1个、4A级景区") == 0.0
    # a figure's digits are no part's name
    assert part_unasked(code, "全市A级景区总数达到57个，其中2024年") == 0.0


def test_a_whole_that_names_the_thing_makes_a_part_unasked_without_a_total_word() -> None:
    before = "全县享受最低生活保障2.6万人，其中农村低保对象"
    assert whole_named(before, "低保")  # written in full before the breakdown
    assert not whole_named(before, "救助")
    assert not whole_named("全县享受最低生活保障2.6万人", "低保")  # no breakdown
    q = analyze("壬县享受低保人数")  # no total asked (有多少, 总数), no extent (全县)
    assert increment_fit(q, "其中农村低保对象", before)["new_unasked"] == 0.0  # no head word given: as before
    assert increment_fit(q, "其中农村低保对象", before, (), "", "低保")["new_unasked"] == 1.0
    # the part asked: no part unasked
    part = analyze("壬县农村低保对象人数")
    assert increment_fit(part, "其中农村低保对象", before, (), "", "低保对象")["new_unasked"] == 0.0


def test_the_thing_the_whole_writes_in_full_is_not_said_of_the_part_alone() -> None:
    # 低保 is said of the whole (最低生活保障) too: the part names 农村, which the question does not
    total = analyze("壬县享受低保的有多少人")
    assert part_unasked(total, "全县享受最低生活保障2.6万人，其中农村低保对象") == 1.0
    # a bigram said of the part only: the part is asked
    assert part_unasked(analyze("壬县农村低保对象有多少人"), "全县享受最低生活保障2.6万人，其中农村低保对象") == 0.0


def test_a_thing_stated_bare_with_a_figure() -> None:
    said = "全年发放惠民购物券1,200万元。春节发放节庆专用惠民购物券300万元。"
    assert bare_figure("惠民购物券", said)
    assert bare_figure("惠民购物券", said, "专用")  # the first statement follows 发放, no kind
    assert not bare_figure("惠民购物券", "春节发放节庆专用惠民购物券300万元。", "专用")
    assert bare_figure("审结", "受理案件9,120件，审结8,806件。")
    assert not bare_figure("审结", "审结民事案件3,016件。")


def test_a_kind_beside_the_thing_stated_bare_is_narrower() -> None:
    said = "全年发放惠民购物券1,200万元。春节发放节庆专用惠民购物券300万元。"
    question = "癸市惠民购物券发放了多少"
    own = "春节发放节庆专用惠民购物券300万元"
    assert kind_stated("专用", "惠民", question, own, said, "惠民购物券")
    assert not kind_stated("专用", "惠民", question, own, said)  # without the thing's words: the whole words only
    alone = "春节发放节庆专用惠民购物券300万元。"
    assert not kind_stated("专用", "惠民", question, own, alone, "惠民购物券")
    # a deed stated bare with its figure: a kind of case inserted after it is narrower
    said = "全区法院受理案件9,120件，审结8,806件。全区法院审结民事案件3,016件。"
    words = ("法院", "审结", "案件")
    question = "子区法院审结案件数"
    assert narrower_stated(words, question, "全区法院审结民事案件3,016件", said, cut)
    assert not narrower_stated(words, question, "审结8,806件", said, cut)
    assert not narrower_stated(words, question, "全区法院审结民事案件3,016件", "全区法院审结民事案件3,016件。", cut)
    # a noun followed by a figure is no deed stated bare: "服务环卫工人5万人次" says nothing of 工人驿站
    said = "建成环卫工人爱心驿站120个，服务环卫工人5万人次。"
    question = "丑区累计建成环卫工人驿站多少个"
    assert not narrower_stated(_words("环卫工人驿站"), question, "建成环卫工人爱心驿站120个", said, cut)
