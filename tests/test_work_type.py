"""A titled work asked by its kind (哪一部小说, 什么条约, 作品有哪些): the answer is a title in 《》 the question does
not say (examples invented, not from any set)."""

from __future__ import annotations

import pytest

from qa.span_features import Terms, answer_type, type_match


def _cut(text: str) -> list[str]:
    import jieba

    return list(jieba.cut(text))


@pytest.mark.parametrize(
    "question, kind",
    [
        ("这位诗人凭哪一部诗集成名", "work"),
        ("两国在湖畔签订了什么条约", "work"),
        ("那位导演最有名的影片是哪一部", "work"),
        ("这位画家的作品有哪些", "work"),
        ("这家剧团上演过哪些话剧和电影", "work"),
        ("哪部电影的导演是谁", "person"),  # the person asked comes first
        ("这家出版社位于哪个城市", "place"),
        ("他用什么书写系统记录口述历史", "thing"),  # 书写, not a book
        ("片区的面积有什么变化", "thing"),
    ],
)
def test_a_work_asked_by_its_kind(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_a_title_the_question_does_not_say_answers_a_work_question() -> None:
    terms = Terms.of("那位导演凭哪一部影片获得金鹤奖", _cut)
    assert terms.type == "work"
    assert type_match(terms, "他凭《山间晚风》获得金鹤奖最佳导演", None) == 1.0
    # the sentence restating the question with 此片 names no title
    assert type_match(terms, "他凭此片获得金鹤奖最佳导演", None) == 0.0


def test_the_questions_own_title_is_no_answer() -> None:
    terms = Terms.of("《远山》的续集是哪一部小说", _cut)
    assert terms.type == "work"
    assert type_match(terms, "《远山》出版后广受好评", None) == 0.0
    assert type_match(terms, "《远山》的续集为《近水》", None) == 1.0
