"""A rank asked, the top number a list's item mark (qa.list_marks); invented examples."""

from __future__ import annotations

from qa.list_marks import is_list_mark, list_mark_for_rank


def test_item_marks() -> None:
    for mark in ("一是", "五、", "3、", "2.", "（一）", "(3)", "【二】", "其二", "十二是"):
        assert is_list_mark(mark), mark
    for rank in ("第三", "第3位", "第十二名", "三大", "5"):
        assert not is_list_mark(rank), rank


def test_rank_asked() -> None:
    assert list_mark_for_rank("ordinal", "一是")
    assert not list_mark_for_rank("ordinal", "第3位")
    assert not list_mark_for_rank("count", "一是")
    assert not list_mark_for_rank("ordinal", None)
