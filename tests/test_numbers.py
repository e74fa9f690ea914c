"""Number mentions: values with magnitudes folded in, units, qualifiers, kinds, spans and subjects."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from index.numbers import NumberMention, extract_numbers, parse_number_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV_QUESTIONS = ROOT / "eval" / "sets" / "dev_questions.jsonl"

# (sentence, surface as written, value, unit, qualifier, kind)
CASES = [
    # quantities: magnitudes, decimals, thousands separators
    ("全市现有基层工会5908家,会员65.2万人;", "65.2万人", 652000, "人", None, "quantity"),
    ("发放帮扶救助金3497万元。", "3497万元", 34970000, "元", None, "quantity"),
    ("参与职工7.2万人次。", "7.2万人次", 72000, "人次", None, "quantity"),
    ("海鸿电气实现产值12亿元,创历史新高。", "12亿元", 1200000000, "元", None, "quantity"),
    ("累计服务户外劳动者40.5万人次。", "40.5万人次", 405000, "人次", None, "quantity"),
    ("工会会员103.31万人,其中单独建会8457家。", "103.31万人", 1033100, "人", None, "quantity"),
    ("基层工会总数9394家,覆盖单位26353家。", "9394家", 9394, "家", None, "quantity"),
    ("基层工会总数9394家,覆盖单位26353家。", "26353家", 26353, "家", None, "quantity"),
    ("全年服务职工1,234人。", "1,234人", 1234, "人", None, "quantity"),
    ("撬动社会资金1,200,000元。", "1,200,000元", 1200000, "元", None, "quantity"),
    ("共办理劳动争议委托调解案件185件次。", "185件次", 185, "件次", None, "quantity"),
    ("共组织家政服务技能竞赛26场次,全县27个家政服务公司参加。", "26场次", 26, "场次", None, "quantity"),
    ("共组织家政服务技能竞赛26场次,全县27个家政服务公司参加。", "27个", 27, "个", None, "quantity"),
    ("省级财政安排0.5亿元专项资金。", "0.5亿元", 50000000, "元", None, "quantity"),
    ("其中产业工人20名,占比18.2%。", "18.2%", 18.2, "%", None, "quantity"),
    ("建制率动态保持在80%以上。", "80%以上", 80, "%", "以上", "quantity"),
    ("投入3千万元建设服务阵地。", "3千万元", 30000000, "元", None, "quantity"),
    # 千 that starts an SI unit is no magnitude (kilo-): 千瓦时, 千瓦, 千克, 千公顷 are written units
    ("全年发电量236.5亿千瓦时,增长4%。", "236.5亿千瓦时", 23650000000, "千瓦时", None, "quantity"),
    ("新增装机容量85万千瓦。", "85万千瓦", 850000, "千瓦", None, "quantity"),
    ("粮食播种面积41.2千公顷。", "41.2千公顷", 41.2, "千公顷", None, "quantity"),
    ("收购茶叶3千余吨。", "3千余吨", 3000, "吨", "余", "quantity"),
    ("录入5474家基层工会、63万会员实名数据。", "63万", 630000, "", None, "quantity"),
    ("搭建“30分钟服务圈”。", "30分钟", 30, "分钟", None, "quantity"),
    # qualifiers before, between and after
    ("相继建设2183余家工会爱心驿站。", "2183余家", 2183, "家", "余", "quantity"),
    ("为1200余名农民工追回劳动报酬近2000万元。", "近2000万元", 20000000, "元", "近", "quantity"),
    ("为1200余名农民工追回劳动报酬近2000万元。", "1200余名", 1200, "名", "余", "quantity"),
    ("为1.12余万名农民工发放补助金1031万元。", "1.12余万名", 11200, "名", "余", "quantity"),
    ("排查事故隐患2万余件。", "2万余件", 20000, "件", "余", "quantity"),
    ("慰问一线职工和农民工120余万人次。", "120余万人次", 1200000, "人次", "余", "quantity"),
    ("惠及职工2000多人。", "2000多人", 2000, "人", "多", "quantity"),
    ("推动一线劳动者超过80%。", "超过80%", 80, "%", "超过", "quantity"),
    ("现场约3000人参加活动。", "约3000人", 3000, "人", "约", "quantity"),
    ("新招产业学徒5000人以上。", "5000人以上", 5000, "人", "以上", "quantity"),
    ("已超25人可单独建会。", "超25人", 25, "人", "超", "quantity"),
    ("每年拿出不低于4000万元。", "不低于4000万元", 40000000, "元", "不低于", "quantity"),
    ("参加培训的职工达万余人。", "万余人", 10000, "人", "余", "quantity"),
    ("推动近百家货运企业建会。", "近百家", 100, "家", "近", "quantity"),
    ("开展全市百人以上企业专项行动。", "百人以上", 100, "人", "以上", "quantity"),
    ("全省贫困职工比例不足10%。", "不足10%", 10, "%", "不足", "quantity"),
    ("每场活动50人左右。", "50人左右", 50, "人", "左右", "quantity"),
    ("发出要约109个,覆盖企业256家。", "109个", 109, "个", None, "quantity"),
    # Chinese numerals (cn2an)
    ("“虚拟岗位”推行十年来,累计支付岗位待遇762万元。", "十年", 10, "年", None, "quantity"),
    ("五年来,全市工会系统砥砺奋进。", "五年", 5, "年", None, "quantity"),
    ("圆满完成两个试点任务。", "两个", 2, "个", None, "quantity"),
    ("帮助三百余人实现再就业。", "三百余人", 300, "人", "余", "quantity"),
    ("举办培训班一万二千人次。", "一万二千人次", 12000, "人次", None, "quantity"),
    ("销售消费帮扶产品千余种。", "千余种", 1000, "种", "余", "quantity"),
    ("几十名驾驶员来到这里。", "几十名", 10, "名", "几", "quantity"),
    ("产业工人占比达到百分之十五。", "百分之十五", 15, "%", None, "quantity"),
    ("女职工比例超过百分之十八点五。", "超过百分之十八点五", 18.5, "%", "超过", "quantity"),
    ("“班前十分钟活动”深入开展。", "十分钟", 10, "分钟", None, "quantity"),
    ("在3个月的时间内完成任务。", "3个月", 3, "个月", None, "quantity"),
    ("最高时速达30km。", "30km", 30, "km", None, "quantity"),
    ("比赛时间为3分33秒。", "33秒", 33, "秒", None, "quantity"),
    # not answer candidates: years, dates, ordinals, ranges, identifiers, others
    ("2023年,全市已开展宣讲946场。", "2023年", 2023, "年", None, "year"),
    ("全市2023年度考核优秀。", "2023年度", 2023, "年", None, "year"),
    ("回顾2019—2023年的工作。", "2019—2023年", 2019, "年", None, "year"),
    ("二〇二三年工作要点。", "二〇二三年", 2023, "年", None, "year"),
    ("7月19日,台州召开工作推进会。", "7月19日", 7, "", None, "date"),
    ("4月到6月组织调研指导。", "4月到6月", 4, "", None, "date"),
    ("今年1—8月,促进3600多名下岗职工再就业。", "1—8月", 1, "", None, "date"),
    ("2023年7月19日召开会议。", "2023年7月19日", 2023, "", None, "date"),
    ("去年6月底,鹤山市总工会成立。", "6月底", 6, "", None, "date"),
    ("会议于2023-07-19召开。", "2023-07-19", 2023, "", None, "date"),
    ("扎实推进基层工会改革。二是两级工会联动推进。", "二是", 2, "", None, "ordinal"),
    ("(一)找准“位与为”,精准把握思政工作航向", "(一)", 1, "", None, "ordinal"),
    ("1.突出党工共建联动。", "1.", 1, "", None, "ordinal"),
    ("一、平湖工会的探索与实践", "一、", 1, "", None, "ordinal"),
    ("这是全国第三家试点单位。", "第三家", 3, "家", None, "ordinal"),
    ("第三,强化服务。", "第三", 3, "", None, "ordinal"),
    ("江门市工会第十六次代表大会召开。", "第十六次", 16, "次", None, "ordinal"),
    ("其一,加强组织建设。", "其一", 1, "", None, "ordinal"),
    ("学习贯彻党的二十大精神。", "二十大", 20, "", None, "ordinal"),
    ("“十四五”期间全面推进。", "十四五", 14, "", None, "ordinal"),
    ("“工匠论坛”每月开设1-2期。", "1-2期", 1, "期", None, "range"),
    ("每组3~5人。", "3~5人", 3, "人", None, "range"),
    ("每镇培育10至20家示范点。", "10至20家", 10, "家", None, "range"),
    ("单笔补助3-5万元。", "3-5万元", 30000, "元", None, "range"),
    ("服务热线0573-85011234全天开通。", "0573-85011234", 573, "", None, "identifier"),
    ("联系电话13812345678。", "13812345678", 13812345678, "", None, "identifier"),
    ("根据粤工发〔2023〕5号文件。", "〔2023〕5号", 2023, "", None, "identifier"),
    ("根据2023〔5〕号文件。", "2023〔5〕号", 2023, "", None, "identifier"),
    ("推进5G网络建设。", "5G", 5, "", None, "identifier"),
    ("ISBN 4-04-42530-1", "4-04-42530-1", 4, "", None, "identifier"),
    ("出台《三年行动方案》。", "三年", 3, "年", None, "identifier"),
    ("通过“3+3+5”工作模式。", "5", 5, "", None, "other"),
    ("党工一家人示范点。", "一家", 1, "家", None, "other"),
    ("坚定“两个确立”。", "两个", 2, "个", None, "other"),
]


def _find(sentence: str, surface: str) -> NumberMention:
    text = unicodedata.normalize("NFKC", sentence)
    hits = [m for m in extract_numbers(text) if m.text == surface]
    assert hits, f"{surface!r} not found in {[m.text for m in extract_numbers(text)]}"
    return hits[0]


@pytest.mark.parametrize(("sentence", "surface", "value", "unit", "qualifier", "kind"), CASES)
def test_mention(sentence: str, surface: str, value: float, unit: str, qualifier: str | None, kind: str) -> None:
    m = _find(sentence, surface)
    assert (m.value, m.unit, m.qualifier, m.kind) == (value, unit, qualifier, kind)
    assert type(m.value) is (int if float(value).is_integer() else float)
    assert unicodedata.normalize("NFKC", sentence)[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("sentence", "surface", "subject"),
    [
        (
            "全市现有镇(街)职工服务中心(站点)36个、户外劳动者工会爱心驿站27个,真正提高服务水平。",
            "36个",
            "镇(街)职工服务中心(站点)",
        ),
        (
            "全市现有镇(街)职工服务中心(站点)36个、户外劳动者工会爱心驿站27个,真正提高服务水平。",
            "27个",
            "户外劳动者工会爱心驿站",
        ),
        ("其中单独建会8457家,联合工会937家,30家基层工会改革试点单位完成换届。", "937家", "联合工会"),
        ("发放医疗互助保障金7831万元。", "7831万元", "医疗互助保障金"),
        ("在全省11个市(区)新建、改造75家地方工人文化宫。", "75家", "地方工人文化宫"),
        ("联合市总工会等部门组建了8个各具特色的工会和谐劳动关系工作室。", "8个", "工会和谐劳动关系工作室"),
        ("建立由劳模、工匠、文体活动积极分子共5441人的“三支队伍”,活跃基层。", "5441人", "三支队伍"),
        ("组建由605人组成的基层网格管理工作队伍。", "605人", "基层网格管理工作队伍"),
        ("以8个镇街道服务站为骨干、323个村社区和企业服务点为基础。", "323个", "村社区和企业服务点"),
        ("滨海县各镇(区、街道)共组织家政服务技能竞赛26场次。", "26场次", "家政服务技能竞赛"),
        ("共办理劳动争议委托调解案件185件次,协议金额500余万元。", "185件次", "劳动争议委托调解案件"),
        ("建成全国职工书屋413家,省级职工书屋551家。", "551家", "省级职工书屋"),
        ("筹集“送清凉”资金2.15亿元,走访企业和工地超过2万家。", "2.15亿元", "“送清凉”资金"),
        ("筹集“送清凉”资金2.15亿元,走访企业和工地超过2万家。", "超过2万家", "企业和工地"),
        ("全省各级工会举办线上线下招聘会1518场(次)。", "1518场", "线上线下招聘会"),
        ("吸纳小物流公司90余家。", "90余家", "小物流公司"),
        ("配备挂职工会副主席21名、兼职工会副主席43名。", "43名", "兼职工会副主席"),
        ("推动的新业态职工2.3万余人入会。", "2.3万余人", "新业态职工"),
        ("为1200余名农民工追回劳动报酬近2000万元。", "1200余名", "农民工"),
        ("为1200余名农民工追回劳动报酬近2000万元。", "近2000万元", "劳动报酬"),
        ("截至目前,全市已培育30家非公企业示范点,每家给予30000元经费补助。", "30000元", "经费补助"),
        # a code of digits and letters is part of the name it prefixes, not a bound of the subject
        ("其中4A级旅游景区9个、3A级旅游景区15个。", "15个", "3A级旅游景区"),
        ("年内新建5G基站1.6万个,3D打印企业达到21家。", "1.6万个", "5G基站"),
        ("年内新建5G基站1.6万个,3D打印企业达到21家。", "21家", "3D打印企业"),
        # a bare measure noun after a verb counts the verb's doers: the subject keeps the verb
        ("全县失业保险参保人数5.2万人,较上年增加。", "5.2万人", "失业保险参保人数"),
    ],
)
def test_subject(sentence: str, surface: str, subject: str) -> None:
    assert _find(sentence, surface).subject == subject


def test_subject_service_count() -> None:
    assert _find("累计服务户外劳动者40.5万人次。", "40.5万人次").subject in ("服务户外劳动者", "户外劳动者")


def test_comma_is_not_a_thousands_separator_before_words() -> None:
    ms = extract_numbers("基层工会总数9394家,覆盖单位26353家,工会会员103.31万人")
    assert [(m.text, m.value) for m in ms] == [("9394家", 9394), ("26353家", 26353), ("103.31万人", 1033100)]


def test_hard_line_break_inside_a_number() -> None:
    text = "基层工会总数9394\n\n家,工会会员103.31\n\n万人,其中单独建会8457家"
    ms = [m for m in extract_numbers(text) if m.kind == "quantity"]
    assert [(m.text, m.value, m.unit) for m in ms] == [
        ("9394\n\n家", 9394, "家"),
        ("103.31\n\n万人", 1033100, "人"),
        ("8457家", 8457, "家"),
    ]
    assert all(text[m.start : m.end] == m.text for m in ms)


def test_list_marker_on_next_line_is_not_glued() -> None:
    ms = extract_numbers("全市已培育30\n1.突出党工共建联动")
    assert [(m.text, m.kind) for m in ms] == [("30", "quantity"), ("1.", "ordinal")]


def test_words_with_numeral_characters_are_not_numbers() -> None:
    text = "劳模精神进万家,千方百计统一思想,三联三统一,五一劳动奖章,三八红旗手,要约谈判。"
    assert [m.text for m in extract_numbers(text) if m.kind == "quantity"] == []


def test_mentions_are_ordered_and_disjoint() -> None:
    ms = extract_numbers("2023年,全市开展宣讲946场,参与职工7.2万人次;二是发放补助金5674万元。")
    assert [m.text for m in ms] == ["2023年", "946场", "7.2万人次", "二是", "5674万元"]
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_empty_and_numberless_text() -> None:
    assert extract_numbers("") == []
    assert extract_numbers("工会是党联系职工群众的桥梁和纽带。") == []


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("2183余家", (2183, "家", "余")),
        ("65.2万人", (652000, "人", None)),
        ("近2000万元", (20000000, "元", "近")),
        ("1.12余万名", (11200, "名", "余")),
        ("18.2%", (18.2, "%", None)),
        ("十年", (10, "年", None)),
        ("三百", (300, "", None)),
        (" 27个 ", (27, "个", None)),
        ("百分之十五", (15, "%", None)),
        ("多少", None),
        ("爱心驿站", None),
        ("", None),
    ],
)
def test_parse_number_text(surface: str, expected: tuple | None) -> None:
    assert parse_number_text(surface) == expected


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_corpus_spans_round_trip(path: Path) -> None:
    text = unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
    mentions = extract_numbers(text)
    assert sum(m.kind == "quantity" for m in mentions) > 10
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.kind in {"quantity", "year", "date", "ordinal", "range", "identifier", "other"}
        assert len(m.subject) <= 20


def test_corpus_dev_answers_are_found() -> None:
    """Each dev evidence string yields its expected value and unit as a quantity."""
    import json

    lines = DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()
    for q in map(json.loads, lines):
        if not q.get("answer"):
            continue
        evidence = unicodedata.normalize("NFKC", q["evidence"][0])
        got = {(m.value, m.unit) for m in extract_numbers(evidence) if m.kind == "quantity"}
        assert (q["answer"]["value"], q["answer"]["unit"]) in got, (q["id"], evidence, got)


@pytest.mark.parametrize(
    "text, value, unit, kind",
    [
        ("每个乡镇总工会配备至少一名社会化工会工作者", 1, "名", "quantity"),  # a bound makes 一 a count
        ("仅一家企业未建会", 1, "家", "quantity"),
        ("形成一个整体", 1, "个", "other"),  # an article, not a count
        ("男子的平均年收入为31,875美元", 31875, "美元", "quantity"),
        ("全年发放援助金2亿3,460万澳门元", 234_600_000, "澳门元", "quantity"),  # pataca, not 澳元 (AUD)
        ("每人9,000澳门币", 9000, "澳门币", "quantity"),
    ],
)
def test_counted_one_and_currencies(text: str, value: int, unit: str, kind: str) -> None:
    first = extract_numbers(text)[0]
    assert (first.value, first.unit, first.kind) == (value, unit, kind)


def test_a_numeral_that_opens_a_place_name_is_no_number() -> None:
    from index.build import numbers_outside_places
    from index.places import Gazetteer

    gazetteer = Gazetteer.default()

    def kept(text: str) -> list[str]:
        return [m.text for m in numbers_outside_places(text, extract_numbers(text), gazetteer)]

    assert kept("山西五台县有5台机器") == ["5台"]  # 五台 is the county, 5台 its machines
    assert kept("浙江三门县新建工会12个") == ["12个"]
    assert kept("开设三门课程") == ["三门"]  # no place here: three courses


def test_a_figure_with_whole_groups_takes_no_digits_from_the_next_line() -> None:
    # a page's view count over the paragraph that opens on a year (invented)
    found = [(m.text, m.value) for m in extract_numbers("浏览次数：3,417\n2023年，全县新建站点12个")]
    assert found[:2] == [("3,417", 3417), ("2023年", 2023)]
    # a figure wrapped inside a group still joins
    assert [m.value for m in extract_numbers("会员总数12,3\n45人")] == [12345]
