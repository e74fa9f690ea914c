"""A class of people asked of an article (not written as a report), and a share asked as what part a thing takes
(占…多少). Every text and question here is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.places import _default_gazetteer
from qa.analysis import analyze
from qa.features import report_genre
from tests.helpers_corpus import build_small_index, small_assistant

ARTICLE = (
    "近年来,淇县各级工会把服务职工放在首位。\n"
    "全县工会会员达到6.4万人,基层工会组织312家。每逢节日,工会干部走进企业看望一线职工。\n"
)


def test_share_asked_as_what_part_it_takes() -> None:
    g = _default_gazetteer()
    assert analyze("淇县基层工会占全市多少", g).kind == "share"
    assert analyze("淇县女职工占多少", g).kind == "share"
    assert analyze("淇县产业园占地多少亩", g).kind == "count"  # 占地: an area, not a share


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_index(tmp_path_factory, {"qixian.txt": ARTICLE})


@pytest.mark.slow
def test_a_class_asked_of_an_article(index_dir: Path) -> None:
    assert not report_genre("qixian", ARTICLE)
    assistant = small_assistant(index_dir)
    whole = assistant.ask("淇县有多少工会会员")
    assert whole.found and whole.numbers[0].value == 64000
    women = assistant.ask("淇县有多少女会员")  # the article counts all members only
    assert not women.found and women.reason
    share = assistant.ask("淇县基层工会占全市多少")  # a count is no share
    assert not share.found
