"""A place name read inside a longer word of a who/what question (a plant, a company, a person named after a
place) scopes nothing when the passages did not read it as a place either (examples invented)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.analysis import analyze, place_words


def test_place_words_extend_a_place_by_the_character_that_continues_its_word() -> None:
    q = analyze("玉山杜鹃的花是什么颜色？")
    assert [p.name for p in q.places] == ["玉山县"]
    assert place_words(q.text, q.place_spans) == ("玉山杜",)
    person = analyze("林永康的职业是什么？")
    assert place_words(person.text, person.place_spans) == ("林永康",)
    # A particle or a year's 年 ends the word: 江门 in 江门的 is the city itself.
    assert place_words("江门的工会主席是谁", ((0, 2),)) == ()
    assert place_words("2023年江门", ((5, 7),)) == ()


@pytest.fixture(scope="module")
def named_after_places(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "plant.txt").write_text(
        "玉山杜鹃\n玉山杜鹃是杜鹃花科杜鹃花属的常绿灌木，分布于浙江、福建两省，生长在高山的岩石坡上。它的叶片革质，背面有褐色绒毛。"
        "玉山杜鹃的花为白色或淡粉红色，每年春末开放。\n",
        "utf-8",
    )
    (corpus / "report.txt").write_text(
        "江门市总工会工作报告\n全市现有户外劳动者工会爱心驿站27个，职工书屋671家。\n", "utf-8"
    )
    index_dir = tmp_path_factory.mktemp("index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


@pytest.mark.slow
def test_a_question_about_a_thing_named_after_a_place_is_answered_from_its_page(named_after_places: Path) -> None:
    from qa.answer import Assistant
    from qa.config import Settings

    assistant = Assistant.load(Settings(index_dir=named_after_places))
    answer = assistant.ask("玉山杜鹃的花是什么颜色？")
    assert answer.found and "白色" in answer.answer
    # The place itself, asked about where no passage names it, still finds nothing; so does a number question.
    assert not assistant.ask("玉山县的工会主席是谁？").found
    assert not assistant.ask("玉山杜鹃有多少家职工书屋？").numbers
