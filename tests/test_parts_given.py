"""Not stated where a report gives only the kinds of the thing asked, never the whole (`qa.parts_given`). Every
question, sentence and figure here is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import kind_word
from qa.parts_given import parts_may_be_given, parts_only
from qa.place_scope import NearText
from tests.helpers_corpus import build_small_index, small_assistant
from tests.helpers_rules import thing_words

_TOKENIZER = Tokenizer()


def _near(passage: str, number: str, title: str = "武义县2024年统计公报", report: bool = True) -> list[NearText]:
    at = passage.index(number)
    left = max(passage.rfind("；", 0, at), passage.rfind("。", 0, at)) + 1
    return [NearText(passage[left:], passage[left:at], passage, "七、人民生活", title, report=report)]


def _refused(question: str, near: list[NearText]) -> bool:
    q = analyze(question)
    return parts_only(q, near, thing_words(q.head or q.target), _TOKENIZER.cut)


_PARTS = "全年城镇居民人均消费支出31,250元，增长4.1%；农村居民人均消费支出18,460元，增长6.3%。"


def test_two_kinds_and_no_whole_is_no_answer() -> None:
    near = _near(_PARTS, "18,460") + _near(_PARTS, "31,250")
    assert _refused("武义县居民人均消费支出", near)
    # a kind asked is stated
    assert not _refused("武义县农村居民人均消费支出", near)


def test_the_whole_stated_beside_its_parts() -> None:
    whole = "全年全体居民人均消费支出26,380元，增长5.0%。"
    near = _near(_PARTS, "18,460") + _near(whole, "26,380") + _near(_PARTS, "31,250")
    assert not _refused("武义县居民人均消费支出", near)


def test_one_kind_alone_is_the_reports_name_for_the_thing() -> None:
    lone = "全县建成社区养老驿站48个，年内新建9个。"
    assert not _refused("武义县有多少个养老驿站", _near(lone, "48") + _near(lone, "9"))


def test_kinds_of_two_reports_are_not_one_reports_parts() -> None:
    near = _near(_PARTS, "18,460") + _near(_PARTS, "31,250", title="浦江县2024年统计公报")
    assert not _refused("武义县居民人均消费支出", near)


def test_another_statistic_and_a_verb_are_no_kinds() -> None:
    per_head = "全年全县地区生产总值286.4亿元；人均地区生产总值6.1万元。"
    assert not _refused("武义县地区生产总值", _near(per_head, "6.1") + _near(per_head, "286.4"))
    assert not kind_word("新建")  # a verb: 新建学校 is the work done, not a kind of school
    assert kind_word("城镇")  # a statistical qualifier jieba tags a place
    assert not kind_word("全年")


def test_a_verb_of_the_work_done_is_no_kind() -> None:
    # 办理 (which jieba may tag a noun) before the thing states it plainly: the whole is there
    passage = "三年累计办理出口退税41.2亿元；其中，办理小微企业出口退税9.6亿元。"
    near = _near(passage, "9.6") + _near(passage, "41.2")
    assert not _refused("武义县出口退税", near)
    kinds = "小微企业出口退税9.6亿元；外贸企业出口退税31.6亿元。"
    assert _refused("武义县出口退税", _near(kinds, "9.6") + _near(kinds, "31.6"))


def test_a_compound_word_said_with_a_character_inserted() -> None:
    from qa.answer import said_in

    assert said_in("茶叶产量", "全年茶叶总产量2.1万吨")  # 总 inserted: the question's word is said
    assert said_in("茶叶产量", "茶叶产量2.1万吨")
    assert not said_in("钓鱼", "钓大鱼")  # a short word only as written
    assert not said_in("茶叶产量", "茶叶种植面积3万亩，水果产量")  # its parts apart are not the word
    assert not said_in("茶叶产量", "茶叶，产量")  # nor across a break


def test_only_a_top_item_holding_more_than_the_thing_is_read() -> None:
    q = analyze("武义县居民人均消费支出")
    assert parts_may_be_given(q, [{"cover_item": 1.0, "item_precision": 0.8}])
    assert not parts_may_be_given(q, [{"cover_item": 1.0, "item_precision": 1.0}])
    assert not parts_may_be_given(analyze("武义县的县长是谁"), [{"cover_item": 1.0, "item_precision": 0.8}])


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "bulletin.txt": (
            "武义县2024年国民经济和社会发展统计公报\n七、人民生活\n"
            "全年城镇居民人均消费支出31,250元，增长4.1%；农村居民人均消费支出18,460元，增长6.3%。\n"
            "八、社会事业\n年末全县共有体育场地1,860个，适合开展群众体育活动的健身步道126公里。\n"
        ),
    }
    return build_small_index(tmp_path_factory, files)


@pytest.mark.slow
def test_a_report_giving_only_parts_and_a_question_off_the_point(bulletin: Path) -> None:
    assistant = small_assistant(bulletin)
    whole = assistant.ask("武义县居民人均消费支出")
    assert not whole.found and not whole.numbers
    part = assistant.ask("武义县农村居民人均消费支出")
    assert part.found and part.numbers and part.numbers[0].value == 18460
    # a chat question sharing a plain word (适合) with a report's sentence: not the thing asked (钓鱼)
    chat = assistant.ask("今天适合去钓鱼吗")
    assert not chat.found
    sport = assistant.ask("武义县有什么适合开展群众体育活动的场地")
    assert sport.found
