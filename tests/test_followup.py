"""Follow-up resolution (qa/followup.py): pure functions over analysed questions, no index needed."""

from __future__ import annotations

import pytest

from index.places import Gazetteer
from qa.analysis import Question, analyze
from qa.followup import resolve_conversation
from qa.schemas import Turn


def turns(*questions: str) -> list[Turn]:
    return [Turn(question=q, answer="") for q in questions]


@pytest.mark.parametrize(
    "history, question, understood",
    [
        (["江门有多少爱心驿站"], "那平湖呢", "平湖有多少爱心驿站"),  # a new place, the thing asked before
        (["江门有多少爱心驿站"], "平湖的情况呢？", "平湖有多少爱心驿站"),
        (["陕西建成了多少家省级职工书屋"], "台州呢", "台州建成了多少家省级职工书屋"),
        (["2023年江门有多少爱心驿站"], "去年呢", "去年江门有多少爱心驿站"),  # a new year
        (["江门有多少爱心驿站"], "那2022年呢", "2022年江门有多少爱心驿站"),
        (["江门有多少爱心驿站", "那平湖呢"], "去年呢", "去年平湖有多少爱心驿站"),  # a chain keeps inheriting
        (["江门有多少爱心驿站"], "那职工书屋呢", "江门有多少职工书屋"),  # a new thing, the place before
        (["台州有多少爱心驿站"], "那有多少家联合工会呢", "台州有多少家联合工会"),  # its own ask, the old scope
        (["江门有多少爱心驿站"], "那平湖有多少", "平湖有多少爱心驿站"),  # asks, but about nothing new
        (["江门与台州分别有多少爱心驿站"], "那平湖呢", "平湖分别有多少爱心驿站"),  # several places → the new one
    ],
)
def test_an_elliptical_question_inherits_what_it_leaves_out(history: list[str], question: str, understood: str) -> None:
    resolution = resolve_conversation(question, turns(*history))
    assert resolution.resolved and resolution.follow_up
    assert resolution.question == understood


@pytest.mark.parametrize(
    "history, question",
    [
        (["江门有多少爱心驿站"], "陕西建成了多少家省级职工书屋"),  # a whole question of its own
        (["江门有多少爱心驿站"], "平湖户外劳动者驿站累计服务了多少人次"),
        ([], "江门有多少爱心驿站"),
    ],
)
def test_a_question_that_stands_alone_is_left_as_asked(history: list[str], question: str) -> None:
    resolution = resolve_conversation(question, turns(*history))
    assert resolution.resolved and not resolution.follow_up and resolution.question == question


@pytest.mark.parametrize(
    "history, question, says",
    [
        ([], "那平湖呢", "前面没有可接续的问题"),
        (["江门有多少爱心驿站"], "那呢", "没有说要换成"),
        (["江门有多少爱心驿站"], "？", "没有说要换成"),
    ],
)
def test_a_follow_up_that_cannot_be_resolved_says_why(history: list[str], question: str, says: str) -> None:
    resolution = resolve_conversation(question, turns(*history))
    assert not resolution.resolved and resolution.follow_up
    assert resolution.reason is not None and says in resolution.reason


def test_an_unresolvable_turn_in_the_history_is_passed_over() -> None:
    history = turns("江门有多少爱心驿站", "那呢")
    assert resolve_conversation("那平湖呢", history).question == "平湖有多少爱心驿站"


def test_a_follow_up_naming_a_town_the_reports_are_about_swaps_the_place() -> None:
    """The assistant reads follow-ups with its own analysis, which knows the towns of the indexed reports' titles
    (`qa.report_towns`): the town is the new place, not the new thing."""
    gazetteer = Gazetteer.default()

    def analyse(text: str) -> Question:
        return analyze(text, gazetteer, towns={"沙溪": "沙溪镇"})

    resolution = resolve_conversation("那沙溪镇呢", turns("江门有多少爱心驿站"), analyse)
    assert resolution.question == "沙溪镇有多少爱心驿站"
