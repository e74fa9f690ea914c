"""Question-level "not stated" rules by kind (`qa.answerable.thing_unstated`, `qa.answerable.group_only`) and the
candidate features they read (`qa.features.distinguishing_words`, `holds_word`, `thing_unsaid`, `slot_sibling`).
Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import group_only, thing_unstated
from qa.features import distinguishing_words, holds_word, plain_verbs, slot_sibling, thing_unsaid


def test_the_words_that_tell_a_thing_from_its_neighbours() -> None:
    # framing words (a period, an extent, a total, a plan) and the place asked are no distinguishing words
    assert distinguishing_words(("2025年", "全市", "山地", "果园", "面积"), ("甲县",)) == ("山地", "果园", "面积")
    assert distinguishing_words(("甲县", "果园", "合计"), ("甲县",)) == ("果园",)
    assert distinguishing_words(("计划", "新建", "书屋"), ()) == ("新建", "书屋")
    # a word jieba cut across the place's name ("乙城上年…" → 城上) is the place's, not the thing's
    assert distinguishing_words(("城上", "果园"), ("乙城",), "乙城上年果园面积", ((0, 2),)) == ("果园",)
    assert distinguishing_words(("城上", "果园"), (), "城上果园面积", ()) == ("城上", "果园")
    # only the words of one noun phrase with the head: 活动 of "活动的志愿者" modifies no 志愿者 here
    assert distinguishing_words(("服务", "活动", "志愿者"), (), "服务活动的志愿者人数", ()) == ("志愿者",)
    assert distinguishing_words(("社区", "志愿者"), (), "社区志愿者人数", ()) == ("社区", "志愿者")
    # a plain verb before the head is said in other words by reports (接待 / 服务); a verbal noun is a modifier
    verbs = plain_verbs("驿站接待游客", [("驿站", "n"), ("接待", "v"), ("游客", "n")], ("驿站", "接待", "游客"))
    assert verbs == frozenset({"接待"})
    assert distinguishing_words(("驿站", "接待", "游客"), (), "某市驿站接待游客人次", (), verbs) == ("驿站", "游客")
    assert plain_verbs("生育保险", [("生育", "vn"), ("保险", "n")], ("生育", "保险")) == frozenset()


def test_a_word_held_whole_or_as_the_full_name_it_abbreviates() -> None:
    assert holds_word("全县规模以上企业312家", "规上")  # 规上 abbreviates 规模以上
    assert holds_word("某市职工联合会会员", "工联")
    assert not holds_word("公路货运量", "铁路") and not holds_word("以上规模", "规上")  # order kept
    assert not holds_word("规模很大，其他方面以上", "规上")  # too far apart for one name
    assert thing_unsaid(("山地", "果园", "面积"), "全县果园面积3万亩") == 1.0
    assert thing_unsaid(("山地", "果园", "面积"), "其中山地果园面积1万亩") == 0.0
    assert thing_unsaid(("果园", "面积"), "其中果园面积1万亩") == 0.0  # the head alone: nothing to leave unsaid
    assert thing_unsaid(("app", "注册", "会员"), "某市工会APP注册会员3万人") == 0.0  # a Latin word in either case


def test_a_neighbouring_things_figure_in_the_modifiers_slot() -> None:
    asked, passage = "某市电动公交车多少辆", "全市柴油公交车320辆，更新车辆120辆。"
    assert slot_sibling(("电动", "公交车"), asked, "柴油公交车320辆", passage) == 1.0
    assert slot_sibling(("电动", "公交车"), asked, "电动公交车320辆", passage) == 0.0  # the thing itself
    assert slot_sibling(("电动", "公交车"), asked, "全市公交车共计900辆", passage) == 0.0  # a framing word before it
    assert slot_sibling(("电动", "公交车"), asked, "更新车辆120辆", passage) == 0.0  # the head is not named
    # the number's texts apart: its clause's end and its subject's start are no word in the slot
    built = "某市新建电动公交车多少辆"
    assert slot_sibling(("新建", "电动", "公交车"), built, "新建公交车30辆\n公交车", passage) == 0.0
    # the modifier named elsewhere in the passage: a report's name for the thing, no neighbour in its slot
    assert slot_sibling(("电动", "公交车"), asked, "柴油公交车320辆", "电动车辆、柴油公交车") == 0.0
    # the words between the modifier and the head stand in the text too (失业 in 养老's slot before 保险参保)
    pension = "某市养老保险参保人数"
    assert slot_sibling(("养老", "保险", "参保"), pension, "失业保险参保5万人", "失业保险参保5万人") == 1.0
    assert slot_sibling(("养老", "保险", "参保"), pension, "其中参保5万人", "其中参保5万人") == 0.0
    assert slot_sibling(("养老保险", "参保"), pension, "失业保险参保5万人", "失业保险参保5万人") == 1.0
    # another word before the head, but not in the slot of the modifier asked (会展 before 成交额, 茶博会 asked)
    fair = "某县茶博会交易会成交额"
    assert slot_sibling(("茶博会", "交易会", "成交额"), fair, "意向成交额9亿元", "举办交易会，意向成交额9亿元") == 0.0


def _row(**values: float) -> dict[str, float]:
    return {"thing_unsaid_passage": 1.0, "sibling_in_slot": 0.0, "target_cover": 0.8, **values}


def test_a_neighbouring_thing_stated_and_the_thing_asked_nowhere() -> None:
    asked = analyze("某市电动公交车多少辆")
    sibling_only = [_row(sibling_in_slot=1.0), _row()]
    assert thing_unstated(asked, sibling_only)
    # a passage that names the whole thing: the figure may be there
    assert not thing_unstated(asked, [_row(sibling_in_slot=1.0), _row(thing_unsaid_passage=0.0)])
    # no number names the head after another word: the figure may be stated in other words
    assert not thing_unstated(asked, [_row(), _row()])
    # an encyclopedia's passage (questions paraphrase it) never sets thing_unsaid_passage (`number_features`)
    assert not thing_unstated(asked, [{**r, "thing_unsaid_passage": 0.0} for r in sibling_only])
    assert not thing_unstated(analyze("某市电动公交车和柴油公交车一共多少辆"), sibling_only)  # a sum asked
    assert not thing_unstated(analyze("电动公交车是哪一年开始运营的"), sibling_only)  # a date asked
    assert not thing_unstated(asked, [])


def test_a_places_figure_given_only_inside_a_groups_total() -> None:
    asked = analyze("乌鲁木齐基层工会有多少个")
    summed = [_row(group_total=1.0, place_in_sentence=1.0, place_listed=1.0), _row(wider_stated=1.0)]
    assert group_only(asked, summed)
    # the place's own figure is among the near candidates
    own = _row(place_in_sentence=1.0, target_cover=0.9)
    assert not group_only(asked, [*summed, own])
    # named, but in a sentence about something else: no figure of the place asked
    assert group_only(asked, [*summed, _row(place_in_sentence=1.0, target_cover=0.2)])
    assert not group_only(asked, [_row(), *summed])  # the top number is no group's total
    # the question asks the group's total itself, or names no single place
    assert not group_only(analyze("乌鲁木齐、克拉玛依基层工会合计多少个"), summed)
    assert not group_only(analyze("基层工会有多少个"), summed)


def test_a_village_no_passage_names() -> None:
    from qa.answerable import local_place_unstated
    from qa.features import local_unnamed_passage

    asked = analyze("某镇青石岭村集体经济收入多少")
    assert "青石岭村" in asked.local_places
    assert local_unnamed_passage(asked, "全镇19个行政村集体经济收入2亿元\n某镇2030年工作总结") == 1.0
    assert local_unnamed_passage(asked, "其中青石岭集体经济收入800万元") == 0.0  # the bare name is the village's
    assert local_unnamed_passage(analyze("某市集体经济收入多少"), "全市集体经济收入2亿元") == 0.0  # no village asked
    unnamed = [_row(local_unnamed_passage=1.0), _row(local_unnamed_passage=1.0)]
    assert local_place_unstated(asked, unnamed)
    assert not local_place_unstated(asked, [*unnamed, _row(local_unnamed_passage=0.0)])
    assert not local_place_unstated(analyze("某市集体经济收入多少"), unnamed)
    assert not local_place_unstated(asked, [])
