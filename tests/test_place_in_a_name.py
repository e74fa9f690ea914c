"""A place name read inside a longer word of a who/what question (a plant, a company, a person named after a
place) scopes nothing when the passages did not read it as a place either; a number question with no place
named, asked of an article (not a report), takes the sentence model's answer when the number model has none
(examples invented)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.analysis import analyze, place_words


def test_place_words_extend_a_place_by_the_character_that_continues_its_word() -> None:
    q = analyze("玉山杜鹃的花是什么颜色？")
    assert [p.name for p in q.places] == ["玉山县"]
    assert place_words(q.text, q.place_spans) == ("玉山杜",)
    person = analyze("陈永康的职业是什么？")
    assert place_words(person.text, person.place_spans) == ("陈永康",)
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
    (corpus / "herb.txt").write_text(
        "白头翁草\n白头翁草是一种多年生草本植物，植株高约三十厘米，全株密被白色长柔毛。花期在早春。\n", "utf-8"
    )
    (corpus / "report.txt").write_text(
        "江门市总工会工作报告\n全市现有户外劳动者工会爱心驿站23个，职工书屋588家。\n", "utf-8"
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


@pytest.mark.slow
def test_a_number_question_no_number_answers_takes_a_sentence_of_an_article_only(
    named_after_places: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from qa.answer import Assistant
    from qa.config import Settings

    assistant = Assistant.load(Settings(index_dir=named_after_places))
    fitted = assistant.scorer
    unreachable = replace(fitted.models["number"], abstain=float("inf"))  # the number model answers nothing
    monkeypatch.setattr(assistant, "scorer", replace(fitted, models={**fitted.models, "number": unreachable}))
    article = assistant.ask("白头翁草有多高？")
    assert article.kind != "what" and article.found and not article.numbers
    assert "三十厘米" in article.answer and article.span is not None
    # From a report, a figure the number model does not give is refused; so is one asked of a named place.
    assert not assistant.ask("职工书屋有多少家？").found
    assert not assistant.ask("江门有多少家职工书屋？").found
