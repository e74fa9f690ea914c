"""How the thing asked is matched to a number's text (issue 11, branch cover8): a short name the text writes in full
(`abbreviates`: 在校生 as 在校学生), a kind named by a compound modifier beside the stated whole (`kind_stated`, read by
`qualifier_other`), and other people counted where the clause names the people asked only as a modifier
(`counts_another`). Every sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle, Passage, abbreviates, counts_another, kind_stated, narrower_stated, number_features

cut = Tokenizer().cut


def _features(question: str, text: str, number: str) -> dict[str, float]:
    q = analyze(question)
    mention = next(m for m in extract_numbers(text) if m.text == number)
    needle = Needle.of(q.head, cut)
    target = Needle.of(q.target, cut)
    return number_features(q, needle, target, mention, Passage(view=text, heading="", rank=0, fused=1.0), (), cut)


def test_a_short_name_written_in_full() -> None:
    assert abbreviates("在校生", "全镇在校学生比上年增加300人")
    assert abbreviates("低保户", "低收入保障家庭户2100户")
    assert abbreviates("中院", "市中级人民法院审结")
    assert abbreviates("起诉", "提起公诉案件")
    # the word itself whole is no abbreviation; characters too far apart or across punctuation are none
    assert not abbreviates("在校生", "在校生3000人")
    assert not abbreviates("会员", "会议,成员")
    assert not abbreviates("中院", "中心城区的大型医院")
    assert not abbreviates("学", "学校")


def test_a_short_name_covers_the_thing_in_clause_and_sentence_not_the_passage() -> None:
    needle = Needle.of("在校生", cut)
    assert needle.share_in("在校学生比上年增加300人") < 0.5  # bigrams alone: 在校 of 在校/校生
    assert needle.share_in("在校学生比上年增加300人", expand=True) == 1.0
    assert needle.words_in("在校学生1.2万人") == 1.0
    assert needle.coverage("在校学生1.2万人") == 1.0
    # a passage naming it in full elsewhere raises no number of it
    assert needle.coverage("教师800人", "教师800人。", "教师800人。在校学生1.2万人。") < 0.5


def test_a_change_of_the_thing_asked_by_its_short_name_is_about_it() -> None:
    features = _features("某镇在校生比上年增加了多少", "全镇在校学生1.2万人,比上年增加300人。", "300人")
    assert features["thing_cover"] > 0.5  # about the thing: the change rules read it (`qa.answerable`)
    # the thing named only after the number's clause: another thing's change
    asked = "养老金收入比上年增加多少"
    other = _features(asked, "税费收入50亿元,比上年增加2亿元;养老金收入8亿元。", "2亿元")
    own = _features(asked, "养老金收入8亿元,比上年增加2亿元;税费收入50亿元。", "2亿元")
    assert other["thing_cover"] < own["thing_cover"] == 1.0


def test_a_kind_named_by_a_compound_modifier_beside_the_whole() -> None:
    said = "全镇各级各类学校总数为41所。现有寄宿制学校7所,新建学校2所。"
    assert kind_stated("寄宿制", "学校", "某镇有多少所学校", "现有寄宿制学校7所", said)
    assert not kind_stated("寄宿制", "学校", "某镇有多少所寄宿制学校", "现有寄宿制学校7所", said)
    # no whole stated: a report's own name of its thing
    assert not kind_stated("寄宿制", "学校", "某镇有多少所学校", "现有寄宿制学校7所", "现有寄宿制学校7所。")
    # a verb (新建) or a verbal noun (服务) before the thing is no kind of it
    assert not kind_stated("新建", "学校", "某镇有多少所学校", "新建学校2所", said)
    assert not kind_stated("服务", "学校", "某镇有多少所学校", "服务学校2所", said)
    words = Needle.of("学校", cut).words
    assert narrower_stated(words, "某镇有多少所学校", "现有寄宿制学校7所", said, cut)
    assert _features("某镇有多少所学校", said, "7所")["qualifier_other"] == 1.0
    assert _features("某镇有多少所学校", said, "41所")["qualifier_other"] == 0.0


def test_other_people_counted() -> None:
    needle = Needle.of("志愿者", cut)
    assert counts_another(needle, "选派6名教师参加志愿者骨干培训", "教师")
    assert not counts_another(needle, "招募6名志愿者参加培训", "志愿者")
    assert not counts_another(needle, "选派6名教师参加培训", "教师")  # the people asked not named: left to the cover
    assert not counts_another(needle, "选派6名教师参加志愿者骨干培训", "培训班")  # no people noun
    said = "全区选派6名教师参加志愿者骨干培训。"
    assert _features("全区有多少名志愿者", said, "6名")["qualifier_other"] == 1.0
    assert _features("全区有多少名教师参加培训", said, "6名")["qualifier_other"] == 0.0
