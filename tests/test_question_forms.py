"""The generic rewrites of eval.question_forms: each keeps what is asked, and skips a question it does not fit."""

from __future__ import annotations

from functools import lru_cache

from eval.question_forms import REWRITES, Context, variants
from index.places import Gazetteer
from index.tokenize import Tokenizer


@lru_cache(maxsize=1)
def _ctx() -> Context:
    return Context(Gazetteer.default(), Tokenizer().pos)


def _rewrite(name: str, q: str) -> str | None:
    return REWRITES[name](q, _ctx())


def test_please_and_marks() -> None:
    assert _rewrite("please", "某地有多少个书屋") == "请问某地有多少个书屋"
    assert _rewrite("please", "請問某地書屋數量") is None
    assert _rewrite("question_mark", "某地有多少个书屋") == "某地有多少个书屋？"
    assert _rewrite("question_mark", "某地有多少个书屋？") == "某地有多少个书屋"
    assert _rewrite("final_ne", "某地有多少个书屋？") == "某地有多少个书屋呢？"
    assert _rewrite("final_ne", "某地书屋数量") is None  # "X呢" on a bare noun phrase is a follow-up


def test_interrogatives() -> None:
    assert _rewrite("you_to_gongyou", "某地有多少个书屋") == "某地共有多少个书屋"
    assert _rewrite("you_to_yigongyou", "某地有多少个书屋") == "某地一共有多少个书屋"
    assert _rewrite("you_to_gongyou", "甲地和乙地有多少个书屋") is None  # 共 would ask a sum
    assert _rewrite("you_to_gongyou", "某地还有多少个书屋") is None
    assert _rewrite("you_shi", "某地书屋收入有多少？") == "某地书屋收入是多少？"
    assert _rewrite("you_shi", "某地书屋收入是多少") == "某地书屋收入有多少"
    assert _rewrite("duoshao_ji", "某地有多少个书屋") == "某地有几个书屋"
    assert _rewrite("duoshao_ji", "某地有几家书屋") == "某地有多少家书屋"
    assert _rewrite("duoshao_ji", "某地书屋收入多少万元") is None  # 几万 asks another thing
    assert _rewrite("duoshao_ji", "某地排第几个") is None


def test_count_frames() -> None:
    assert _rewrite("count_noun", "江门有多少个图书馆？") == "江门图书馆的数量是多少？"
    assert _rewrite("count_noun_wei", "江门有多少个图书馆") == "江门图书馆数量为多少"
    assert _rewrite("move_duoshao", "江门有多少个图书馆") == "江门图书馆有多少个"
    assert _rewrite("count_noun", "江门有多少人参加了培训") is None  # no measure word of a count, a verb after
    assert _rewrite("count_noun", "江门有多少个人参加了培训") is None


def test_places_digits_years() -> None:
    assert _rewrite("place_suffix", "江门市有多少个图书馆") == "江门有多少个图书馆"
    assert _rewrite("place_suffix", "江门有多少个图书馆") == "江门市有多少个图书馆"
    assert _rewrite("place_suffix", "江门市区有多少个图书馆") is None
    assert _rewrite("full_width_digits", "江门2023年图书馆数量") == "江门２０２３年图书馆数量"
    assert _rewrite("full_width_digits", "江门图书馆数量") is None
    assert _rewrite("year_in_chinese", "江门2023年图书馆数量") == "江门二〇二三年图书馆数量"
    assert _rewrite("year_in_chinese", "江门二〇二三年图书馆数量") == "江门2023年图书馆数量"
    assert _rewrite("year_in_chinese", "江门2022年和2023年图书馆数量") is None


def test_variants_change_the_question() -> None:
    out = variants("江门有多少个图书馆", _ctx())
    assert all(v != "江门有多少个图书馆" for v in out.values())
    assert {"please", "question_mark", "count_noun", "move_duoshao", "duoshao_ji"} <= set(out)
