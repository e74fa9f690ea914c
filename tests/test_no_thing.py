"""A question whose thing names nothing a report could be searched for (`qa.analysis.names_nothing`): it asks about
the conversation, not a report. Every question here is invented."""

from __future__ import annotations

from index.tokenize import Tokenizer
from qa.analysis import NO_THING, analyze

_TOKENIZER = Tokenizer()


def test_a_question_naming_nothing_to_look_up() -> None:
    pos = _TOKENIZER.pos
    for asked in ("这是哪一年的", "还有其他的吗", "哦哦", "讲讲你自己", "再说一遍"):
        q = analyze(asked, pos=pos)
        assert q.reason == NO_THING and not q.has_content, asked
    for asked in ("武义县有多少个体育场地", "它的面积有多大", "我市有多少家企业"):
        assert analyze(asked, pos=pos).has_content, asked
