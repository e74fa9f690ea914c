"""A place name several places share (桥西区: 石家庄's, 邢台's, 张家口's) is read as the one the indexed reports are
about, unless the question names its city (examples invented)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.places import Gazetteer


def test_a_shared_name_has_each_of_its_readings() -> None:
    gazetteer = Gazetteer.default()
    assert {p.adcode for p in gazetteer.readings("桥西区")} == {"130104", "130503", "130703"}
    assert [p.name for p in gazetteer.readings("江门市")] == ["江门市"]
    assert gazetteer.readings("不是地名") == []


@pytest.fixture(scope="module")
def zhangjiakou_district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "report.txt").write_text(
        "张家口市桥西区总工会2024年工作报告\n一年来，桥西区新建户外劳动者服务站点41个，全区工会会员达到12.6万人。\n",
        "utf-8",
    )
    index_dir = tmp_path_factory.mktemp("index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


@pytest.mark.slow
def test_a_shared_name_is_read_as_the_reports_place(zhangjiakou_district: Path) -> None:
    from qa.answer import Assistant
    from qa.config import Settings

    assistant = Assistant.load(Settings(index_dir=zhangjiakou_district))
    assert [p.adcode for p in assistant.analyse("桥西区有多少工会会员").places] == ["130703"]
    answer = assistant.ask("桥西区新建了多少个户外劳动者服务站点")
    assert answer.found and answer.numbers and answer.numbers[0].value == 41
    # Named with another city, it stays that city's district, which no report is about.
    assert [p.adcode for p in assistant.analyse("石家庄桥西区有多少工会会员").places] == ["130104"]
    assert not assistant.ask("石家庄桥西区新建了多少个户外劳动者服务站点").numbers


@pytest.mark.slow
def test_a_title_naming_the_city_around_its_district_is_the_district_s_report(zhangjiakou_district: Path) -> None:
    """ "张家口市桥西区…报告": the city only locates the district; the district's figures are not the city's."""
    from qa.answer import Assistant
    from qa.config import Settings

    assistant = Assistant.load(Settings(index_dir=zhangjiakou_district))
    assert [p.name for p in assistant._report_place_list(0)] == ["桥西区"]
    assert not assistant.ask("张家口市新建了多少个户外劳动者服务站点").numbers
    answer = assistant.ask("张家口市桥西区新建了多少个户外劳动者服务站点")
    assert answer.found and answer.numbers and answer.numbers[0].value == 41
