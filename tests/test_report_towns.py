"""The towns the indexed reports are about, read from their titles (`qa.report_towns`). Examples invented: towns
and figures of no eval set."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.places import Gazetteer
from qa.analysis import analyze
from qa.place_scope import NearText, growth_of_another
from qa.report_towns import ReportTowns, title_town, towns_asked
from tests.helpers_corpus import build_small_index, small_assistant


def test_a_title_opening_on_a_town_or_on_its_county_then_the_town_names_it() -> None:
    gazetteer = Gazetteer.default()
    town = title_town("淳安县汾口镇人民政府2024年工作总结", gazetteer)
    assert town is not None and (town.name, town.stem) == ("汾口镇", "汾口")
    assert [gazetteer.get(code).name for code in town.within] == ["淳安县"]  # type: ignore[union-attr]
    street = title_town("梓桐街道2024年工作总结和2025年工作思路", gazetteer)
    assert street is not None and street.name == "梓桐街道" and street.within == ()
    # traditional characters are read in the matching view
    assert title_town("淳安縣威坪鎮公所113年度施政報告", gazetteer) == title_town("淳安县威坪镇公所", gazetteer)


def test_no_town_from_a_word_a_known_place_or_a_later_mention() -> None:
    gazetteer = Gazetteer.default()
    assert title_town("花蓮縣玉里鎮公所113年度施政報告", gazetteer) is None  # a township cpca holds: its reading stands
    assert title_town("城乡居民基本养老保险2024年工作总结", gazetteer) is None  # 城乡: no town
    assert title_town("美丽乡村建设2024年工作总结", gazetteer) is None  # 乡村: a word
    assert title_town("全镇2024年工作总结", gazetteer) is None
    assert title_town("淳安县2024年政府工作报告（汾口镇）", gazetteer) is None  # the town is no title's subject


def test_a_question_names_a_town_by_its_stem_or_its_name_but_a_common_word_only_with_its_suffix() -> None:
    names = {"汾口": "汾口镇", "港口": "港口镇"}
    assert towns_asked("汾口长者食堂有多少个", (), (), names) == ("汾口镇",)
    assert towns_asked("淳安县汾口镇长者食堂有多少个", ((0, 3),), (), names) == ("汾口镇",)
    assert towns_asked("汾口镇长者食堂有多少个", (), ("汾口镇",), names) == ()  # already a local place
    assert towns_asked("港口货物吞吐量多少万吨", (), (), names) == ()  # 港口 is a word
    assert towns_asked("港口镇货物吞吐量多少万吨", (), (), names) == ("港口镇",)
    assert towns_asked("汾口长者食堂有多少个", ((0, 2),), (), names) == ()  # a gazetteer place read there


@pytest.fixture(scope="module")
def town_and_county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "town.txt": (
            "淳安县汾口镇人民政府2024年工作总结\n"
            "一、2024年工作回顾\n"
            "全年新建长者食堂6个，新增城镇就业412人，完成农房改造93户。\n"
            "二、2025年工作思路\n继续推进集镇有机更新。\n"
        ),
        "county.txt": (
            "安吉县2024年国民经济和社会发展统计公报\n"
            "年末全县共有养老机构床位3820张，全年接待游客2840万人次，新增城镇就业1.6万人。\n"
        ),
        "street.txt": (
            "梓桐街道2024年工作总结\n"
            "一、2024年工作回顾\n"
            "辖区养老机构床位达到560张，全年新建长者食堂4个，调处矛盾纠纷218件。\n"
        ),
    }
    return build_small_index(tmp_path_factory, files)


@pytest.mark.slow
def test_a_town_asked_by_its_stem_is_answered_from_its_report_only(town_and_county: Path) -> None:
    assistant = small_assistant(town_and_county)
    assert assistant.analyse("汾口2024年新建长者食堂多少个").local_places == ("汾口镇",)
    answer = assistant.ask("汾口2024年新建长者食堂多少个")
    assert answer.found and answer.numbers and answer.numbers[0].value == 6
    # only the other county's report gives the figure: the reports do not say it of the town
    for asked in ("汾口养老机构床位有多少张", "在汾口养老机构床位有多少张", "请问在汾口镇，养老机构床位有多少张"):
        refused = assistant.ask(asked)
        assert not refused.found and not refused.numbers, asked
    assert assistant.ask("在梓桐养老机构床位有多少张").numbers[0].value == 560
    # a place the gazetteer knows reads as before: no town added
    assert assistant.analyse("安吉县养老机构床位有多少张").local_places == ()
    assert assistant.ask("安吉县养老机构床位有多少张").numbers[0].value == 3820


@pytest.mark.slow
def test_the_county_asked_is_not_answered_by_its_towns_report(town_and_county: Path) -> None:
    assistant = small_assistant(town_and_county)
    for asked in ("淳安县2024年新建长者食堂多少个", "淳安县全县2024年新建长者食堂多少个"):
        answer = assistant.ask(asked)
        assert not answer.found and not answer.numbers, asked
    assert assistant.ask("汾口镇2024年新建长者食堂多少个").numbers[0].value == 6


def _near(statement: str, heading: str = "") -> NearText:
    at = next(i for i, c in enumerate(statement) if c.isdigit() and statement[i - 1] in "长速幅降少高")
    return NearText(
        statement=statement, before=statement[:at], passage=statement, heading=heading, title="某镇工作总结"
    )


def test_a_bare_growth_after_another_things_figure_is_not_the_growth_asked() -> None:
    q = analyze("乙溪水利投资增长多少", towns={"乙溪": "乙溪镇"})
    assert q.local_places == ("乙溪镇",) and q.head == "水利投资增长"  # the town is no part of the thing asked
    other = _near("完成建筑业总产值86亿元，增长9.2%")
    assert growth_of_another(q, [other], [{}])
    assert not growth_of_another(q, [_near("水利投资21.5亿元，增长9.2%")], [{}])  # the thing said before its growth
    assert not growth_of_another(q, [_near("全年水利投资增长9.2%")], [{}])
    assert not growth_of_another(q, [_near("完成21.5亿元，增长9.2%", heading="（二）水利投资")], [{}])  # its section
    # the thing's own growth further down: the ranking's miss, not a growth the report lacks; a plan's is none
    stated = _near("水利投资21.5亿元，增长9.2%")
    assert not growth_of_another(q, [other, stated], [{}, {}])
    assert growth_of_another(q, [other, stated], [{}, {"plan_unasked": 1.0}])
    assert not growth_of_another(analyze("乙溪水利投资多少亿元"), [other], [{}])  # no growth asked


def test_a_first_line_is_read_only_under_a_title_naming_no_place_and_only_as_a_heading() -> None:
    gazetteer = Gazetteer.default()
    texts = {
        "a": "梓桐街道2024年工作总结\n全年新建长者食堂4个。",
        "b": "梓桐街道2024年工作总结\n全年新建长者食堂4个。",
        "c": "梓桐镇位于县境东部，镇压……\n",
        "d": "梓桐街道2024年工作总结\n",
    }
    read: list[str] = []

    def text_of(doc_id: str) -> str:
        read.append(doc_id)
        return texts[doc_id]

    titles = [("a", "2024年工作总结"), ("b", "安吉县2024年工作总结"), ("c", "概况"), ("d", "2024年工作总结")]
    towns = ReportTowns.read(titles, gazetteer, lambda doc_id: doc_id != "d", text_of)
    assert sorted(towns.towns) == ["a"] and towns.names() == {"梓桐": "梓桐街道"}
    assert "b" not in read  # a title naming a place: its text is not read
