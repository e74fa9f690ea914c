"""The pure parts of `eval.counterfactual` (branch swap20): which texts name a place, script, dated texts. Every text
here is invented."""

from __future__ import annotations

from eval.counterfactual import Corpus, aliases, in_script_of, unnamed
from index.normalize import match_view
from index.places import Gazetteer


def _corpus(*texts: str) -> Corpus:
    return Corpus(
        texts, tuple(match_view(t).text for t in texts), tuple(t[:10] for t in texts), ("a", "b")[: len(texts)]
    )


def test_a_place_is_named_by_any_of_its_names_in_either_script() -> None:
    place = Gazetteer.default().readings("江门市")[0]
    assert ("江门", True) in aliases(place)
    assert unnamed(place, _corpus("甲城职工驿站120个。", "乙城职工书屋30家。"))
    assert not unnamed(place, _corpus("甲城职工驿站120个。", "江门市职工书屋30家。"))
    assert not unnamed(place, _corpus("江門職工驛站120個。"))  # traditional script, short name


def test_a_name_is_written_in_the_questions_script() -> None:
    assert in_script_of("臺北有多少個驛站", "江门") == "江門"
    assert in_script_of("台北有多少个驿站", "江门") == "江门"


def test_a_text_with_no_year_is_undated() -> None:
    corpus = _corpus("2023年甲城职工驿站120个。", "甲城职工书屋30家。")
    assert corpus.dated(lambda d: d == "a")
    assert not corpus.dated(lambda d: d == "b")
    assert not corpus.dated(lambda d: False)  # no document known
