"""A date asked of a place or a document ("X在哪一年…") is an event's date, not a figure of the place: an article's
sentence may answer it where the number model gives no date; a report's may not, nor a count asked of the place
(examples invented)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.analysis import analyze


def test_a_date_asked_of_a_place_is_an_event_date() -> None:
    from qa.answer import Assistant

    dated = analyze("江门石桥建于哪一年？")
    assert dated.kind == "date" and dated.places and Assistant._scoped(dated) and Assistant._event_date(dated)
    counted = analyze("江门有多少座石桥？")
    assert counted.places and not Assistant._event_date(counted)


@pytest.fixture(scope="module")
def bridge_and_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "bridge.txt").write_text(
        "江门石桥\n江门石桥是一座单孔石拱桥，位于江门老城区的河道上。石桥始建于明代万历年间，由当地乡绅出资修建。"
        "桥面用青石板铺成，两侧有雕花栏杆。\n",
        "utf-8",
    )
    (corpus / "report.txt").write_text(
        "江门市总工会工作报告\n全市现有户外劳动者工会爱心驿站23个，职工书屋588家。各级工会组织开展技能竞赛。\n", "utf-8"
    )
    (corpus / "carver.txt").write_text(
        "陈永康\n陈永康是一位木雕艺人，生于苏州的一个手艺人家庭。他在清代光绪年间于苏州开设了自己的第一家木雕作坊，后来收徒十余人。\n",
        "utf-8",
    )
    index_dir = tmp_path_factory.mktemp("index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


@pytest.mark.slow
def test_an_articles_sentence_answers_a_date_asked_of_a_place(
    bridge_and_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qa.answer import Assistant
    from qa.config import Settings

    assistant = Assistant.load(Settings(index_dir=bridge_and_report))
    fitted = assistant.scorer
    unreachable = replace(fitted.models["number"], abstain=float("inf"))  # the number model answers nothing
    monkeypatch.setattr(assistant, "scorer", replace(fitted, models={**fitted.models, "number": unreachable}))
    article = assistant.ask("江门石桥建于哪一年？")
    assert article.found and not article.numbers and "万历" in article.answer
    # A place read inside a name (永康 of 陈永康) scopes nothing: the passages holding the name answer.
    named = assistant.ask("陈永康在哪一年开设了第一家木雕作坊？")
    assert named.found and "光绪" in named.answer
    # A report's sentence does not answer a date it does not state, nor does any sentence a count of the place.
    assert not assistant.ask("江门市总工会的职工书屋建于哪一年？").found
    assert not assistant.ask("江门有多少座石桥？").found
