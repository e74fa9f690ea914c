"""index.places: the gazetteer (aliases, hierarchy, disambiguation), questions, and which places each
paragraph of the seed reports is about. Real cpca table, real jieba dictionary."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.normalize import normalize_text
from index.places import (
    COMMON_STEMS_FILE,
    Gazetteer,
    Place,
    common_word_stems,
    paragraph_places,
    places_match,
    question_places,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


def place(g: Gazetteer, adcode: str) -> Place:
    found = g.get(adcode)
    assert found is not None, adcode
    return found


def names(places) -> list[str]:
    return [p.name for p in places]


def found(g: Gazetteer, text: str, **kwargs) -> list[str]:
    return [m.place.name for m in g.find(text, **kwargs)]


def seed(prefix: str) -> str:
    """A seed report as the spec reads it: NFKC, stripped non-empty lines joined with "\\n"."""
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    lines = (x.strip() for x in normalize_text(path.read_text(encoding="utf-8")).splitlines())
    return "\n".join(x for x in lines if x)


def about(text: str, needle: str) -> list[list[str]]:
    """The places of every line containing `needle` (at least one such line must exist)."""
    rows = [names(ps) for s, e, ps in paragraph_places(text) if needle in text[s:e]]
    assert rows, needle
    return rows


# -- the gazetteer ------------------------------------------------------------------------------------


def test_places_and_hierarchy(g: Gazetteer) -> None:
    jiawang, xuzhou, jiangsu = place(g, "320305"), place(g, "320300"), place(g, "320000")
    assert (jiawang.name, jiawang.level, xuzhou.level, jiangsu.level) == ("贾汪区", 2, 1, 0)
    assert g.parents(jiawang) == [xuzhou, jiangsu]
    assert g.parents(xuzhou) == [jiangsu] and g.parents(jiangsu) == []
    assert names(g.parents(place(g, "330482"))) == ["嘉兴市", "浙江省"]  # 平湖市, a 县级市
    assert names(g.parents(place(g, "110101"))) == ["北京市"]  # 东城区: 市辖区 is a grouping, not a place
    assert names(g.parents(place(g, "429004"))) == ["湖北省"]  # 仙桃市, 省直辖
    assert g.get("110100") is None  # 市辖区 rows are not places
    assert g.get("320305000000") == jiawang  # 12-digit codes are accepted
    assert g.within(jiawang, jiangsu) and g.within(jiawang, xuzhou) and g.within(jiawang, jiawang)
    assert not g.within(jiangsu, jiawang) and not g.within(jiawang, place(g, "330000"))


def test_short_names(g: Gazetteer) -> None:
    cases = {
        "江门": "江门市",
        "江门市": "江门市",
        "陕西": "陕西省",
        "贾汪": "贾汪区",
        "雨花台": "雨花台区",
        "平湖": "平湖市",
        "台州": "台州市",
        "内蒙古": "内蒙古自治区",
        "广西": "广西壮族自治区",
        "香港": "香港特别行政区",
        "恩施州": "恩施土家族苗族自治州",
        "黔东南": "黔东南苗族侗族自治州",
        "阿克苏": "阿克苏地区",
        "本溪县": "本溪满族自治县",
        "北京": "北京市",
    }
    for text, expected in cases.items():
        assert found(g, text) == [expected], text


def test_find_offsets_and_longest_match(g: Gazetteer) -> None:
    text = "山东省日照市岚山区文化馆"
    mentions = g.find(text)
    assert [(m.surface, m.start, m.end) for m in mentions] == [("山东省", 0, 3), ("日照市", 3, 6), ("岚山区", 6, 9)]
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    assert found(g, "江都区") == ["江都区"]
    assert found(g, "上海南京路步行街") == ["上海市", "南京市"]  # 南京 inside 南京路 is still 南京


@pytest.mark.parametrize(
    "text",
    [
        "和平发展",
        "新华社报道",
        "东方红",
        "长安街",
        "城关镇",
        "白云深处",
        "经济开发区",
        "绿水青山就是金山银山",
        "向阳花开",
        "前进道路",
        "红旗飘飘",
        "光明日报",
        "永安路",
        "东风吹",
        "中山路",
        "通州湾",
        "健康长寿",
        "惠民政策",
        "同仁们",
        "新建、改造",
        "比如县级工会",
        "和平区域",
        "城区改造",
    ],
)
def test_common_words_are_not_places(g: Gazetteer, text: str) -> None:
    assert found(g, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "进一步巩固原有服务阵地",
        "创新和发展",
        "全市中心工作",
        "同心同德",
        "更高要求",  # 固原 新和 市中 同德 高要
        "多伦多",
        "新干线",
        "奇莱山区",  # a county's short name inside a word; 莱山区 inside 奇莱/山区
        "全国示范县",
        "提高县级工会",
        "信息县级平台",
        "探索县域治理",
        "建成县级职工服务中心",
        "时任县长",
        "市和县两级",
        "各区和县的工会",
        "江门市和县里",  # 范县 高县 息县 索县 成县 任县 和县
    ],
)
def test_a_name_across_a_word_is_not_a_place(g: Gazetteer, text: str) -> None:
    assert found(g, text) in ([], ["江门市"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("安徽和县", ["安徽省", "和县"]),
        ("马鞍山市和县总工会", ["马鞍山市", "和县"]),
        ("河南息县", ["河南省", "息县"]),
        ("在沛县", ["沛县"]),
        ("对台州市总工会", ["台州市"]),
        ("中共三门县委", ["三门县"]),
        ("贾汪区委", ["贾汪区"]),
        ("来自新会区的游客", ["新会区"]),
        ("河南县", ["河南蒙古族自治县"]),
        ("罗城县", ["罗城仫佬族自治县"]),
    ],
)
def test_names_next_to_words_still_count(g: Gazetteer, text: str, expected: list[str]) -> None:
    assert found(g, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("江门和平湖的驿站", ["江门市", "平湖市"]),  # not 和平 (a county) + 湖
        ("江门与平湖", ["江门市", "平湖市"]),
        ("安徽和县", ["安徽省", "和县"]),  # no name starts after the 和: the county stands
        ("河源和平县", ["河源市", "和平县"]),  # nor does one here (平县 is no name)
    ],
)
def test_a_conjunction_after_a_place_joins_the_next(g: Gazetteer, text: str, expected: list[str]) -> None:
    assert found(g, text) == expected


def test_disambiguation_by_context(g: Gazetteer) -> None:
    def codes(text: str) -> list[str]:
        return [m.place.adcode for m in g.find(text)]

    assert codes("南京市鼓楼区") == ["320100", "320106"]
    assert codes("徐州市鼓楼区") == ["320300", "320302"]
    assert codes("福州市鼓楼区") == ["350100", "350102"]
    assert codes("天津滨海新区") == ["120000", "120116"] and codes("滨海县") == ["320922"]
    assert codes("江门市下辖的开平") == ["440700", "440783"]  # not 唐山's 开平区
    assert codes("吉林") == ["220000"] and codes("吉林市") == ["220200"]  # a province before a city
    assert codes("青海省海南州") == ["630000", "632500"] and codes("海南") == ["460000"]
    # Without context the choice is still deterministic: the lowest adcode (南京's 鼓楼区).
    assert codes("鼓楼区") == ["320106"]


def test_strict_county_short_names_need_their_city(g: Gazetteer) -> None:
    assert found(g, "玉环发展很快") == ["玉环县"]  # a question: no context needed
    assert found(g, "玉环发展很快", strict=True) == []
    assert found(g, "台州市玉环发展很快", strict=True) == ["台州市", "玉环县"]
    assert found(g, "玉环县发展很快", strict=True) == ["玉环县"]  # a full name needs no context
    assert found(g, "江门发展很快", strict=True) == ["江门市"]  # nor does a city's short name


def test_common_word_file_matches_jieba() -> None:
    """data/common_word_stems.txt is what `common_word_stems` derives (regenerate: python -m index.places)."""
    shipped = {x for x in COMMON_STEMS_FILE.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")}
    assert shipped == set(common_word_stems())
    assert {"和平", "新华", "长安", "滨海", "天台"} <= shipped and not {"贾汪", "平湖", "江都"} & shipped


def test_default_is_cached_and_fast() -> None:
    assert Gazetteer.default() is Gazetteer.default()
    from index.places import _load_common_stems, _read_table

    started = time.perf_counter()
    Gazetteer(_read_table(), _load_common_stems())
    assert time.perf_counter() - started < 1.0  # ~35 ms here; generous for slow CI machines


# -- questions and matching ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, expected",
    [
        ("江门有多少爱心驿站", ["江门市"]),
        ("江門 有 多少 愛心驛站", ["江门市"]),
        ("臺州有多少家社區食堂", ["台州市"]),
        ("贾汪区有多少家社区老年食堂", ["贾汪区"]),
        ("贾汪受理了多少件消费投诉", ["贾汪区"]),
        ("陕西新建、改造了多少家乡村图书馆", ["陕西省"]),
        ("平湖有多少个村卫生室和流动医疗点", ["平湖市"]),
        ("滨海县各镇举办了多少场次农民丰收文艺汇演", ["滨海县"]),
        ("岚山区餐饮行业协会吸纳了多少家小餐饮门店", ["岚山区"]),
        ("雨花台区有多少口袋公园", ["雨花台区"]),
        ("江苏徐州贾汪区有多少职工书屋", ["贾汪区"]),  # enclosing places only narrow it down
        ("江门和台州哪个爱心驿站多", ["江门市", "台州市"]),
        ("内蒙古有多少职工书屋", ["内蒙古自治区"]),
        ("全市有多少职工书屋", []),
        ("如何创新和发展工会工作", []),
    ],
)
def test_question_places(question: str, expected: list[str]) -> None:
    assert names(question_places(question)) == expected


def test_places_match(g: Gazetteer) -> None:
    jiangsu, jiawang, xuzhou = place(g, "320000"), place(g, "320305"), place(g, "320300")
    jiangmen, taizhou, pinghu = place(g, "440700"), place(g, "331000"), place(g, "330482")
    assert places_match([jiangsu], [jiawang])
    assert places_match([jiangmen], [jiangmen])
    assert places_match([place(g, "330400")], [pinghu]) and places_match([place(g, "330000")], [pinghu])
    assert not places_match([taizhou], [pinghu])
    assert not places_match([jiawang], [xuzhou])  # a city-wide figure is not the district's
    assert places_match([jiawang], [xuzhou, jiawang])
    assert places_match([taizhou, jiangmen], [jiangmen])
    assert not places_match([], [jiangmen]) and not places_match([jiangmen], [])


# -- paragraphs --------------------------------------------------------------------------------------


def test_paragraph_places_spans_every_non_empty_line() -> None:
    text = "江门市文化馆\n\n全市现有口袋公园58家。\n  \n"
    rows = paragraph_places(text)
    assert [(text[s:e], names(ps)) for s, e, ps in rows] == [
        ("江门市文化馆", ["江门市"]),
        ("全市现有口袋公园58家。", ["江门市"]),
    ]
    assert paragraph_places("") == []


def test_articles_in_a_magazine_issue() -> None:
    """A made-up issue with two articles: the rule is general, not tuned to the seed files."""
    text = "\n".join(
        [
            "【工会动态】",
            "驿站建设提速",
            "广州市天河区总工会 张三",
            "今年以来,区总工会建成户外劳动者驿站12家。",
            "全区职工书屋达到30家。",
            "【他山之石】",
            "暖心服务进万家",
            "记者了解到,四川省成都市武侯区总工会今年建成驿站8家。",
            "全区职工书屋达到20家。",
        ]
    )
    rows = [(text[s:e], names(ps)) for s, e, ps in paragraph_places(text)]
    assert rows[3] == ("今年以来,区总工会建成户外劳动者驿站12家。", ["天河区"])
    assert rows[4][1] == ["天河区"]
    assert rows[8] == ("全区职工书屋达到20家。", ["武侯区"])
    assert rows[0][1] == rows[1][1] == ["天河区"]  # a title belongs to the article it opens
    assert rows[5][1] == rows[6][1] == ["武侯区"]


def test_seed_001_each_article_its_place() -> None:
    text = seed("001")
    for row in about(text, "女职工康乃馨服务站5家"):
        assert "贾汪区" in row and "江都区" not in row
    for row in about(text, "家政服务技能竞赛26场次"):
        assert "滨海县" in row and not {"贾汪区", "江都区", "岚山区", "雨花台区"} & set(row)
    for row in about(text, "吸纳小物流公司90余家"):
        assert "岚山区" in row and not {"贾汪区", "江苏省", "滨海县"} & set(row)
    for row in about(text, "在全县镇(区、街道)及县城设立26个培训点"):  # names no place itself
        assert row[0] == "滨海县"
    for row in about(text, "采取“理论+劳模工匠”的学习宣传形式"):
        assert "江都区" in row and "贾汪区" not in row
    for row in about(text, "雨花台区从各行各业中选出10名劳模代表"):
        assert row[0] == "雨花台区" and "岚山区" not in row


def test_seed_003_provincial_union_is_shaanxi() -> None:
    text = seed("003")
    for row in about(text, "爱心驿站"):
        assert "陕西省" in row
    for row in about(text, "省级职工书屋551家"):
        assert "陕西省" in row


def test_seed_004_every_line_is_jiangmen() -> None:
    rows = paragraph_places(seed("004"))
    assert rows and all("江门市" in names(ps) for _, _, ps in rows)


def test_seed_000_every_line_is_pinghu() -> None:
    rows = paragraph_places(seed("000"))
    assert rows and all("平湖市" in names(ps) for _, _, ps in rows)


def test_seed_002_taizhou_and_the_juhua_article() -> None:
    text = seed("002")
    for row in about(text, "联合工会937家"):
        assert "台州市" in row
    for row in about(text, "工匠论坛"):  # 浙江巨化装备 (衢州): not a 台州 paragraph
        assert "浙江省" in row and "台州市" not in row


def test_seed_places_answer_questions(g: Gazetteer) -> None:
    """The point of it all: a question's places match the paragraph holding its answer, not others'."""
    text = seed("001")
    row = next(ps for s, e, ps in paragraph_places(text) if "女职工康乃馨服务站5家" in text[s:e])
    assert places_match(question_places("贾汪区有多少家女职工康乃馨服务站"), row, g)
    assert places_match(question_places("江苏有多少家女职工康乃馨服务站"), row, g)
    assert not places_match(question_places("江都区有多少家女职工康乃馨服务站"), row, g)
    jiangmen = next(ps for s, e, ps in paragraph_places(seed("004")) if "爱心驿站27个" in seed("004")[s:e])
    assert places_match(question_places("江门有多少爱心驿站"), jiangmen, g)
    assert not places_match(question_places("陕西有多少爱心驿站"), jiangmen, g)


def test_traditional_document() -> None:
    rows = paragraph_places("江門市總工會\n全市現有職工書屋671家。")
    assert [names(ps) for _, _, ps in rows] == [["江门市"], ["江门市"]]


@pytest.mark.parametrize(
    "text, names",
    [
        ("甲市和长治哪个会员多", ["长治市"]),  # a word of its own: the city
        ("社会长治久安", []),  # inside a longer word: no place
        ("沿中山路步行", []),
        ("去北海看看", ["北海市"]),
        ("北海公园开放", []),
    ],
)
def test_a_city_name_that_is_an_everyday_word_only_inside_longer_ones(text: str, names: list[str]) -> None:
    assert [m.place.name for m in Gazetteer.default().find(text) if m.place.level == 1] == names
