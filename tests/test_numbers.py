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
    ("全县现有志愿服务队3716支,队员48.7万人;", "48.7万人", 487000, "人", None, "quantity"),
    ("拨付助学奖励金4261万元。", "4261万元", 42610000, "元", None, "quantity"),
    ("参加居民8.4万人次。", "8.4万人次", 84000, "人次", None, "quantity"),
    ("青禾纺织实现营收15亿元,再创新高。", "15亿元", 1500000000, "元", None, "quantity"),
    ("累计服务社区老人36.8万人次。", "36.8万人次", 368000, "人次", None, "quantity"),
    ("协会会员217.46万人,其中个人会员6195名。", "217.46万人", 2174600, "人", None, "quantity"),
    ("连锁门店总数7268家,覆盖商户41527家。", "7268家", 7268, "家", None, "quantity"),
    ("连锁门店总数7268家,覆盖商户41527家。", "41527家", 41527, "家", None, "quantity"),
    ("全年服务职工1,234人。", "1,234人", 1234, "人", None, "quantity"),
    ("撬动社会资金1,200,000元。", "1,200,000元", 1200000, "元", None, "quantity"),
    ("共受理消费投诉调解案件163件次。", "163件次", 163, "件次", None, "quantity"),
    ("共举办乡村厨艺展示活动34场次,全区19个餐饮协会参加。", "34场次", 34, "场次", None, "quantity"),
    ("共举办乡村厨艺展示活动34场次,全区19个餐饮协会参加。", "19个", 19, "个", None, "quantity"),
    ("省级财政安排0.5亿元专项资金。", "0.5亿元", 50000000, "元", None, "quantity"),
    ("其中青年教师17名,占比23.6%。", "23.6%", 23.6, "%", None, "quantity"),
    ("覆盖率常年保持在85%以上。", "85%以上", 85, "%", "以上", "quantity"),
    ("投入3千万元建设服务阵地。", "3千万元", 30000000, "元", None, "quantity"),
    # 千 that starts an SI unit is no magnitude (kilo-): 千瓦时, 千瓦, 千克, 千公顷 are written units
    ("全年发电量236.5亿千瓦时,增长4%。", "236.5亿千瓦时", 23650000000, "千瓦时", None, "quantity"),
    ("新增装机容量85万千瓦。", "85万千瓦", 850000, "千瓦", None, "quantity"),
    ("粮食播种面积41.2千公顷。", "41.2千公顷", 41.2, "千公顷", None, "quantity"),
    ("收购茶叶3千余吨。", "3千余吨", 3000, "吨", "余", "quantity"),
    ("登记3826家合作社、47万社员基础信息。", "47万", 470000, "", None, "quantity"),
    ("打造“15分钟健身圈”。", "15分钟", 15, "分钟", None, "quantity"),
    # qualifiers before, between and after
    ("先后设立1637余家社区图书角。", "1637余家", 1637, "家", "余", "quantity"),
    ("为1500余名果农挽回经济损失近3000万元。", "近3000万元", 30000000, "元", "近", "quantity"),
    ("为1500余名果农挽回经济损失近3000万元。", "1500余名", 1500, "名", "余", "quantity"),
    ("为1.36余万名学生发放助学金1184万元。", "1.36余万名", 13600, "名", "余", "quantity"),
    ("排查事故隐患2万余件。", "2万余件", 20000, "件", "余", "quantity"),
    ("走访独居老人和留守儿童140余万人次。", "140余万人次", 1400000, "人次", "余", "quantity"),
    ("惠及村民3000多人。", "3000多人", 3000, "人", "多", "quantity"),
    ("带动返乡青年超过70%。", "超过70%", 70, "%", "超过", "quantity"),
    ("现场约3000人参加活动。", "约3000人", 3000, "人", "约", "quantity"),
    ("新增注册志愿者6000人以上。", "6000人以上", 6000, "人", "以上", "quantity"),
    ("已超30人可单独成班。", "超30人", 30, "人", "超", "quantity"),
    ("每年安排不低于6000万元。", "不低于6000万元", 60000000, "元", "不低于", "quantity"),
    ("参加培训的职工达万余人。", "万余人", 10000, "人", "余", "quantity"),
    ("吸引近百家餐饮企业入驻。", "近百家", 100, "家", "近", "quantity"),
    ("组织全县百人以上学校安全检查。", "百人以上", 100, "人", "以上", "quantity"),
    ("全省贫困职工比例不足10%。", "不足10%", 10, "%", "不足", "quantity"),
    ("每场活动50人左右。", "50人左右", 50, "人", "左右", "quantity"),
    ("签订协议127个,涉及农户348家。", "127个", 127, "个", None, "quantity"),
    # Chinese numerals (cn2an)
    ("“爱心食堂”运营十年来,累计供应餐食685万份。", "十年", 10, "年", None, "quantity"),
    ("五年来,全区教育系统稳步发展。", "五年", 5, "年", None, "quantity"),
    ("顺利通过两个验收环节。", "两个", 2, "个", None, "quantity"),
    ("帮助三百余人实现再就业。", "三百余人", 300, "人", "余", "quantity"),
    ("举办培训班一万二千人次。", "一万二千人次", 12000, "人次", None, "quantity"),
    ("展出非遗手工制品千余种。", "千余种", 1000, "种", "余", "quantity"),
    ("几十名游客来到这里。", "几十名", 10, "名", "几", "quantity"),
    ("产业工人占比达到百分之十五。", "百分之十五", 15, "%", None, "quantity"),
    ("女职工比例超过百分之十八点五。", "超过百分之十八点五", 18.5, "%", "超过", "quantity"),
    ("“课间十分钟操”广泛推广。", "十分钟", 10, "分钟", None, "quantity"),
    ("用3个月的时间完成改造。", "3个月", 3, "个月", None, "quantity"),
    ("最高时速达30km。", "30km", 30, "km", None, "quantity"),
    ("比赛时间为3分33秒。", "33秒", 33, "秒", None, "quantity"),
    # not answer candidates: years, dates, ordinals, ranges, identifiers, others
    ("2021年,全县已举办讲座738场。", "2021年", 2021, "年", None, "year"),
    ("全市2023年度考核优秀。", "2023年度", 2023, "年", None, "year"),
    ("回顾2019—2023年的工作。", "2019—2023年", 2019, "年", None, "year"),
    ("二〇二三年工作要点。", "二〇二三年", 2023, "年", None, "year"),
    ("7月19日,台州召开工作推进会。", "7月19日", 7, "", None, "date"),
    ("4月到6月组织调研指导。", "4月到6月", 4, "", None, "date"),
    ("今年1—9月,帮助2400多名高校毕业生就业。", "1—9月", 1, "", None, "date"),
    ("2023年7月19日召开会议。", "2023年7月19日", 2023, "", None, "date"),
    ("去年6月底,鹤山市总工会成立。", "6月底", 6, "", None, "date"),
    ("会议于2023-07-19召开。", "2023-07-19", 2023, "", None, "date"),
    ("持续推进农村道路改造。二是两级部门协同推进。", "二是", 2, "", None, "ordinal"),
    ("(一)立足“早与细”,精准做好防汛准备工作", "(一)", 1, "", None, "ordinal"),
    ("1.强化校地合作共建。", "1.", 1, "", None, "ordinal"),
    ("一、青禾社区的做法与成效", "一、", 1, "", None, "ordinal"),
    ("这是全国第三家试点单位。", "第三家", 3, "家", None, "ordinal"),
    ("第三,强化服务。", "第三", 3, "", None, "ordinal"),
    ("东岭县妇联第十三次代表大会召开。", "第十三次", 13, "次", None, "ordinal"),
    ("其一,加强组织建设。", "其一", 1, "", None, "ordinal"),
    ("深入领会党的二十大报告。", "二十大", 20, "", None, "ordinal"),
    ("“十四五”期间全面推进。", "十四五", 14, "", None, "ordinal"),
    ("“乡村讲堂”每月举办1-2期。", "1-2期", 1, "期", None, "range"),
    ("每组3~5人。", "3~5人", 3, "人", None, "range"),
    ("每镇培育10至20家示范点。", "10至20家", 10, "家", None, "range"),
    ("单笔补助3-5万元。", "3-5万元", 30000, "元", None, "range"),
    ("服务热线0573-85011234全天开通。", "0573-85011234", 573, "", None, "identifier"),
    ("联系电话13812345678。", "13812345678", 13812345678, "", None, "identifier"),
    ("根据粤工发〔2023〕5号文件。", "〔2023〕5号", 2023, "", None, "identifier"),
    ("根据2023〔5〕号文件。", "2023〔5〕号", 2023, "", None, "identifier"),
    ("推进5G网络建设。", "5G", 5, "", None, "identifier"),
    ("ISBN 4-04-42530-1", "4-04-42530-1", 4, "", None, "identifier"),
    ("印发《三年提升计划》。", "三年", 3, "年", None, "identifier"),
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
            "全县现有乡(镇)文化服务中心(站点)42个、社区老年爱心食堂19个,切实方便群众生活。",
            "42个",
            "乡(镇)文化服务中心(站点)",
        ),
        (
            "全县现有乡(镇)文化服务中心(站点)42个、社区老年爱心食堂19个,切实方便群众生活。",
            "19个",
            "社区老年爱心食堂",
        ),
        ("其中独立注册6283家,联合协会814家,40家社区协会示范单位完成换届。", "814家", "联合协会"),
        ("发放农业灾害救助金6592万元。", "6592万元", "农业灾害救助金"),
        ("在全省13个市(州)新建、改造68家乡村青少年活动中心。", "68家", "乡村青少年活动中心"),
        ("联合市妇联等单位建成了6个各有特色的家庭教育指导工作室。", "6个", "家庭教育指导工作室"),
        ("组建由教师、医生、文艺骨干共4372人的“三下乡队伍”,服务农村。", "4372人", "三下乡队伍"),
        ("组建由718人组成的社区应急救援志愿队伍。", "718人", "社区应急救援志愿队伍"),
        ("以9个乡镇卫生院为骨干、276个村卫生室和流动医疗点为基础。", "276个", "村卫生室和流动医疗点"),
        ("云岭县各乡(镇、街道)共举办农民丰收文艺汇演34场次。", "34场次", "农民丰收文艺汇演"),
        ("共受理消费纠纷诉前调解案件163件次,涉及金额300余万元。", "163件次", "消费纠纷诉前调解案件"),
        ("建成国家级示范农家书屋286家,省级示范农家书屋437家。", "437家", "省级示范农家书屋"),
        ("筹集“暖冬行动”资金1.38亿元,走访社区和村庄超过3万家。", "1.38亿元", "“暖冬行动”资金"),
        ("筹集“暖冬行动”资金1.38亿元,走访社区和村庄超过3万家。", "超过3万家", "社区和村庄"),
        ("全省各级团组织举办线上线下宣讲会1274场(次)。", "1274场", "线上线下宣讲会"),
        ("募集“助学圆梦”善款860万元。", "860万元", "“助学圆梦”善款"),  # money raised, as 筹集
        ("筹措农村公路养护资金2.4亿元。", "2.4亿元", "农村公路养护资金"),
        ("吸纳小餐饮门店70余家。", "70余家", "小餐饮门店"),
        ("配备专职社区网格员17名、兼职社区网格员39名。", "39名", "兼职社区网格员"),
        ("带动的返乡青年1.7万余人参与。", "1.7万余人", "返乡青年"),
        ("为1500余名果农挽回经济损失近3000万元。", "1500余名", "果农"),
        ("为1500余名果农挽回经济损失近3000万元。", "近3000万元", "经济损失"),
        ("截至目前,全区已认定20家家庭农场示范点,每家给予50000元运营补贴。", "50000元", "运营补贴"),
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
    assert _find("累计服务社区老人36.8万人次。", "36.8万人次").subject in ("服务社区老人", "社区老人")


def test_comma_is_not_a_thousands_separator_before_words() -> None:
    ms = extract_numbers("连锁门店总数7268家,覆盖商户41527家,协会会员217.46万人")
    assert [(m.text, m.value) for m in ms] == [("7268家", 7268), ("41527家", 41527), ("217.46万人", 2174600)]


def test_hard_line_break_inside_a_number() -> None:
    text = "连锁门店总数7268\n\n家,协会会员217.46\n\n万人,其中独立注册6283家"
    ms = [m for m in extract_numbers(text) if m.kind == "quantity"]
    assert [(m.text, m.value, m.unit) for m in ms] == [
        ("7268\n\n家", 7268, "家"),
        ("217.46\n\n万人", 2174600, "人"),
        ("6283家", 6283, "家"),
    ]
    assert all(text[m.start : m.end] == m.text for m in ms)


def test_list_marker_on_next_line_is_not_glued() -> None:
    ms = extract_numbers("全区已认定20\n1.强化校地合作共建")
    assert [(m.text, m.kind) for m in ms] == [("20", "quantity"), ("1.", "ordinal")]


def test_words_with_numeral_characters_are_not_numbers() -> None:
    text = "文明新风进万家,千方百计统一思想,三联三统一,五一劳动奖章,三八红旗手,要约谈判。"
    assert [m.text for m in extract_numbers(text) if m.kind == "quantity"] == []


def test_mentions_are_ordered_and_disjoint() -> None:
    ms = extract_numbers("2021年,全县举办讲座738场,参加居民8.4万人次;二是拨付奖励金4896万元。")
    assert [m.text for m in ms] == ["2021年", "738场", "8.4万人次", "二是", "4896万元"]
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_empty_and_numberless_text() -> None:
    assert extract_numbers("") == []
    assert extract_numbers("图书馆是城市文化生活的重要窗口。") == []


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("1637余家", (1637, "家", "余")),
        ("48.7万人", (487000, "人", None)),
        ("近3000万元", (30000000, "元", "近")),
        ("1.36余万名", (13600, "名", "余")),
        ("23.6%", (23.6, "%", None)),
        ("十年", (10, "年", None)),
        ("三百", (300, "", None)),
        (" 19个 ", (19, "个", None)),
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
        ("每个社区配备至少一名专职网格管理员", 1, "名", "quantity"),  # a bound makes 一 a count
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
