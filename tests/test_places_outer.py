"""Places beyond cpca's table (index/data/outer_places.csv: Hong Kong's districts, Macau's parishes and areas,
Taiwan's cities, counties and townships) and the place features that read a sub-area asked (qa.features
`wider_stated`, `group_total`). Real shipped CSV, real cpca table, real jieba dictionary, real question analysis."""

from __future__ import annotations

import csv

import pytest

from index.numbers import extract_numbers
from index.places import (
    OUTER_PLACES_FILE,
    Gazetteer,
    outer_places,
    paragraph_places,
    places_match,
    question_places,
)
from qa.analysis import analyze
from qa.features import group_total, wider_stated


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.default()


def asked(g: Gazetteer, question: str) -> list[str]:
    return [p.name for p in question_places(question, g)]


def test_the_file_holds_every_district_parish_and_township_once() -> None:
    rows = [r for r in csv.reader(x for x in OUTER_PLACES_FILE.open(encoding="utf-8") if not x.startswith("#"))][1:]
    codes = [code for code, _ in rows]
    assert len(codes) == len(set(codes))
    taiwan = [c for c in codes if c.startswith("71")]
    assert sum(c.endswith("00") for c in taiwan) == 22  # municipalities, cities and counties
    assert len(taiwan) - 22 == 368  # 鄉鎮市區
    assert sum(c.startswith("8101") for c in codes) == 18  # Hong Kong's districts
    assert sum(c.startswith("8201") for c in codes) >= 7  # Macau's parishes (and its areas)


def test_names_are_read_through_the_matching_view() -> None:
    names = {p.name for p in outer_places()}
    assert {"台北市", "暖暖区", "埔里镇", "观塘区", "花地玛堂区", "屏东县"} <= names
    assert not any(ch in "".join(names) for ch in "臺區鄉鎮縣觀")  # no traditional character is left


def test_traditional_and_simplified_questions_name_the_same_place(g: Gazetteer) -> None:
    assert asked(g, "暖暖區日照中心有幾間") == ["暖暖区"] == asked(g, "暖暖区日照中心有几间")
    assert asked(g, "黃大仙區長者中心數目") == ["黄大仙区"]
    assert asked(g, "澳門花地瑪堂區有多少") == ["花地玛堂区"]
    assert asked(g, "屏東縣有多少家醫院") == ["屏东县"]
    assert asked(g, "元朗的人口") == ["元朗区"]  # a district's short name in a question


def test_hierarchy_runs_by_code_prefix(g: Gazetteer) -> None:
    (nuannuan,) = question_places("基隆市暖暖區", g)
    assert [p.name for p in g.parents(nuannuan)] == ["基隆市", "台湾省"]
    (guantang,) = question_places("觀塘區", g)
    assert [p.name for p in g.parents(guantang)] == ["香港特别行政区"]
    keelung = g.parents(nuannuan)[0]
    # A city-wide passage does not answer a district's question; a district's passage answers the city's.
    assert not places_match([nuannuan], [keelung], g)
    assert places_match([keelung], [nuannuan], g)


def test_mainland_names_keep_their_places_without_context(g: Gazetteer) -> None:
    # 中山区 (大连), 大埔县 (梅州), 和平区 (天津) share their names with Taiwan's and Hong Kong's districts: with no
    # city named the mainland's (lower code) is meant, with 台中/香港 named theirs.
    assert question_places("中山区", g)[0].adcode == "210202"
    assert question_places("大埔县", g)[0].adcode.startswith("44")
    assert question_places("台中市和平区", g)[0].adcode.startswith("71")


def test_a_taiwan_report_is_about_its_townships(g: Gazetteer) -> None:
    text = "南投縣政府 112年度施政報告\n埔里鎮新建長照據點12處。\n全縣長照據點共計186處。\n"
    lines = paragraph_places(text, g)
    about = {text[s:e]: [p.name for p in ps] for s, e, ps in lines}
    assert about["埔里鎮新建長照據點12處。"][0] == "埔里镇"
    assert "南投县" in about["全縣長照據點共計186處。"]


def test_a_common_word_is_no_township(g: Gazetteer) -> None:
    # 成功, 中和, 板桥 are everyday words (jieba's dictionary): their townships match only in full (成功鎮).
    assert asked(g, "成功的经验有多少条") == []
    assert asked(g, "臺東縣成功鎮漁港") == ["成功镇"]


def test_a_table_number_is_no_count() -> None:
    (label,) = extract_numbers("表3  各县（市）区城镇新增就业完成情况")
    assert label.kind != "quantity"
    (count,) = extract_numbers("代表3人")
    assert count.kind == "quantity"


def test_wider_stated_reads_the_parent_s_figure_for_a_district(g: Gazetteer) -> None:
    q = analyze("乌海市乌达区工会会员", g)
    lead = "截至2024年底,全市建立基层工会组织2,310个,比上年增加37个;工会会员"
    assert wider_stated(q, ("乌达区",), lead, lead + "9.4万人") == 1.0
    named = "乌达区全年发展会员"
    assert wider_stated(q, ("乌达区",), "全市" + named, "全市" + named + "860人") == 0.0  # the district named
    city = analyze("乌海市工会会员", g)
    assert wider_stated(city, ("乌海市",), lead, lead + "9.4万人") == 0.0  # the city asked: 全市 is its own
    town = analyze("海游街道有多少个工会", g)
    assert wider_stated(town, ("海游街道",), "全县建立工会", "全县建立工会312个") == 1.0


def test_group_total_is_a_sum_of_places() -> None:
    assert group_total(("乳山市",), "乳山市、荣成市职工书屋合计") == 1.0
    assert group_total(("恒山区",), "注：恒山区、滴道区、梨树区、城子河区、麻山区合计") == 1.0
    assert group_total(("恒山区",), "恒山区新增就业") == 0.0  # the place's own figure
    assert group_total(("甲区",), "甲区、乙区分别建成") == 0.0  # each its own (分别 is respective_fit's)
    assert group_total(("甲区",), "甲区、乙区合计8个；甲区新建") == 0.0  # a later clause of its own
    # A group counted ("…三个城区", "…两县") is a group's figure too, unless each place has it (两县各…).
    assert group_total(("甲区",), "甲区、乙区、丙区三个城区新建驿站") == 1.0
    assert group_total(("甲县",), "甲县和乙县两县共同建设") == 1.0
    assert group_total(("甲县",), "甲县、乙县两县各建成") == 0.0
    assert group_total(("甲县",), "甲县、乙县新增3个社区") == 0.0  # a count of other things after the list


def test_a_common_stem_listed_after_a_sibling_is_the_county(g: Gazetteer) -> None:
    # 天台 and 三门 are common words (common_word_stems); after 玉环 (台州's) in a list they are 台州's counties.
    text = "台州市委按照方案推进;玉环、天台、三门三地的县委书记听取汇报"
    assert [m.place.name for m in g.find(text, strict=True)][-3:] == ["玉环县", "天台县", "三门县"]
    assert [m.place.name for m in g.find("江门和三门", strict=True)] == ["江门市"]  # 三门 is no sibling of 江门


def test_a_village_named_after_its_town_is_a_local_place(g: Gazetteer) -> None:
    # A proper name (no dictionary word) before 村/社区 is a village or community the answer's text must name.
    assert analyze("石湖镇柳家浜村集体经济收入", g).local_places == ("石湖镇", "柳家浜村")
    for generic in ("全市贫困村有多少个", "美丽乡村有几个", "全县行政村集体经济收入", "城镇社区多少个"):
        assert analyze(generic, g).local_places == ()


def test_a_community_asked_is_found_by_its_bare_name_too() -> None:
    from qa.analysis import local_stems

    # Tables list a community by its bare name ("牛頭角\t96項"): the text must name 牛头角, with or without 社区.
    assert "牛头角" in local_stems(("牛头角社区",))
    assert "黄家溪" in local_stems(("黄家溪村",))
