"""A question opening on a word that is also a county's short name (成功, 合作, 新建): read as the word where the
reports give no reason to read it as the place. Examples invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.places import Gazetteer
from index.tokenize import Tokenizer
from qa.analysis import analyze


def test_a_verb_marked_done_opens_no_place() -> None:
    gazetteer = Gazetteer.default()
    assert gazetteer.opening_place("2024年新建了多少口袋公园") is None  # 新建区 (南昌) is not asked
    assert gazetteer.opening_place("石首有多少家口袋公园") is not None  # a noun opening: still the county


def test_a_phrase_joined_by_a_conjunction_counts_its_last_noun() -> None:
    pos = Tokenizer().pos
    assert not analyze("某市有多少劳模和工匠人才创新工作室", pos=pos).units  # workshops, not people
    assert "人" in analyze("某市有多少职工和家属参加了体检", pos=pos).units


@pytest.fixture(scope="module")
def town_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "report.txt").write_text(
        "某街道社区服务中心2024年工作总结\n全年提供就业配对服务520人次，成功就业187人，新建社区食堂3个。\n",
        "utf-8",
    )
    index_dir = tmp_path_factory.mktemp("index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


@pytest.mark.slow
def test_an_adjective_no_report_is_about_is_the_word(town_report: Path) -> None:
    from qa.answer import Assistant
    from qa.config import Settings

    assistant = Assistant.load(Settings(index_dir=town_report))
    assert Gazetteer.default().opening_place("成功就业多少人") is not None  # 成功镇 (台东), by the name alone
    assert assistant.analyse("成功就业多少人").places == ()
    answer = assistant.ask("成功就业多少人")
    assert answer.found and answer.numbers and answer.numbers[0].value == 187
    # A noun stays a place: the reports say nothing of 天门, so nothing is answered for it.
    assert [p.name for p in assistant.analyse("天门成功就业多少人").places] == ["天门市"]
    assert not assistant.ask("天门成功就业多少人").numbers


def test_a_city_named_by_an_everyday_word_is_the_city_only_where_the_reports_are_about_it() -> None:
    gazetteer = Gazetteer.default()
    # 日照 (sunshine), 来宾 (guests): the word, unless the reports are about the city
    assert gazetteer.opening_place("日照时数多少小时") is None
    assert gazetteer.opening_place("日照时数多少小时", lambda place: False) is None
    opening = gazetteer.opening_place("来宾有多少家养老机构", lambda place: place.name == "来宾市")
    assert opening is not None and opening.place.name == "来宾市"
    named = analyze("来宾有多少家养老机构", gazetteer, reported=lambda place: place.name == "来宾市")
    assert [p.name for p in named.places] == ["来宾市"]
    assert analyze("来宾有多少家养老机构", gazetteer).places == ()
