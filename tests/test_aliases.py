"""Other names of the thing asked (qa.aliases): measure synonyms, abbreviations either way, a tail-only label."""

from qa.aliases import alias_forms, alias_gain, bigram_share, expansion, short_forms, tail_only


def test_expansion_finds_the_full_name_a_short_form_abbreviates():
    assert expansion("规上", "全县规模以上企业营业收入") == "规模以上"
    assert expansion("农信", "当地农村信用社发放贷款") == "农村信"
    # held whole: no expansion; characters out of reach or out of order: none
    assert expansion("规上", "规上企业") == ""
    assert expansion("上规", "规模以上") == ""
    assert expansion("社零", "社会各界积极参与，全年发放补贴时零星……") == ""


def test_short_forms_take_the_first_characters_of_the_words():
    words = ["农民", "创业", "补贴"]
    assert ("农创补", "农民创业补贴") in short_forms(words, "全区发放“农创补”860万元")
    # a word may be skipped (消费 of 居民消费券)
    assert ("居券", "居民消费券") in short_forms(["居民", "消费", "券"], "发放居券3000万元")
    # the thing's own text is no short form; characters not starting its words form none
    assert short_forms(words, "农民创业补贴860万元") == []
    assert short_forms(words, "民业贴") == []


def test_alias_forms_from_the_synonym_table_and_abbreviations():
    forms = alias_forms("社零总额", ["社零", "总额"], "全县社会消费品零售总额86.4亿元")
    assert "社会消费品零售总额" in forms
    assert "经济总量" in alias_forms("地区生产总值", ["地区", "生产总值"], "")
    # the text abbreviates the thing asked
    assert "农创补" in alias_forms("农民创业补贴", ["农民", "创业", "补贴"], "发放“农创补”")
    # the thing named as the text names it: no alias
    assert alias_forms("蔬菜产量", ["蔬菜", "产量"], "全年蔬菜产量42万吨") == ()


def test_alias_gain_measures_the_better_cover():
    text = "全县地区生产总值412.6亿元，比上年增长5.2%"
    forms = alias_forms("经济增长", ["经济", "增长"], text)
    assert alias_gain("经济增长", forms, text) > 0.4
    # another measure's growth is covered no better than by the thing's own words
    assert alias_gain("经济增长", forms, "全年粮食产量增长1.2%") == 0.0
    assert alias_gain("经济增长", (), text) == 0.0
    assert bigram_share("经济增长", text) == 1 / 3


def test_tail_only_marks_a_wider_thing_sharing_the_tail():
    # asked the freshwater fish catch: a label of all fish shares only the tail
    assert tail_only("淡水鱼产量", "全年鱼产量12万吨") == 1.0
    assert tail_only("淡水鱼产量", "其中淡水鱼9万吨") == 0.0
    assert tail_only("淡水鱼产量", "淡水鱼产量9万吨") == 0.0
    # a front character said elsewhere in the text: not a wider thing
    assert tail_only("淡水鱼产量", "淡水养殖，鱼产量9万吨") == 0.0
    assert tail_only("鱼产", "鱼产") == 0.0


def test_number_features_read_the_other_names_and_the_tail() -> None:
    from index.numbers import extract_numbers
    from index.tokenize import Tokenizer
    from qa.aliases import alias_forms as forms_of
    from qa.analysis import analyze
    from qa.features import Needle, Passage, asked_thing, number_features

    cut = Tokenizer().cut
    q = analyze("某县社零总额是多少")
    text = "全年社会消费品零售总额86.4亿元，增长4.1%。全年进出口总额21.3亿元。"
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head or q.target, cut)
    aliases = forms_of(asked_thing(q, ()), needle.words, text)
    retail, trade = (m for m in extract_numbers(text) if m.unit.endswith("元"))
    own = number_features(q, needle, needle, retail, passage, (), cut, aliases=aliases)
    other = number_features(q, needle, needle, trade, passage, (), cut, aliases=aliases)
    assert own["alias_cover"] > 0.5 > other["alias_cover"]
    assert number_features(q, needle, needle, retail, passage, (), cut)["alias_cover"] == 0.0

    q = analyze("某县淡水鱼产量是多少")
    text = "全年鱼产量12万吨，其中淡水鱼9万吨。"
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head or q.target, cut)
    wider, own_fish = extract_numbers(text)
    assert number_features(q, needle, needle, wider, passage, (), cut)["tail_only"] == 1.0
    assert number_features(q, needle, needle, own_fish, passage, (), cut)["tail_only"] == 0.0


def test_a_target_is_named_without_its_plan_word():
    forms = alias_forms("污水处理率目标", ["污水", "处理率", "目标"], "力争污水处理率达到98%")
    assert "污水处理率" in forms
    assert alias_gain("污水处理率目标", forms, "力争污水处理率达到98%") > 0.2
    assert "城镇新增就业" in alias_forms("城镇新增就业目标任务", ["城镇", "新增", "就业", "目标", "任务"], "")
