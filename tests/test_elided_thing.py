"""A clause that names no thing before its figure ("…，累计达到126家", "…，其中当年新建41个") counts what the clause
before names. Every sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.segments import elided_thing_left
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle, Passage, number_features

TEXT = "全县新建乡村振兴示范工作站9家，累计达到57家，带动农户增收2300余万元。"


def _at(text: str, value: str) -> int:
    return text.index(value)


def test_a_running_total_reads_the_clause_before() -> None:
    start = _at(TEXT, "57家")
    assert elided_thing_left(TEXT, TEXT.index("累计"), start) == 0
    # A clause that names its own thing stands alone.
    assert elided_thing_left(TEXT, TEXT.index("带动"), _at(TEXT, "2300")) is None
    # So does the first clause of a text: nothing comes before it.
    assert elided_thing_left("累计达到57家。", 0, 2) is None
    # A part's clause with a year and a verb only: "其中2024年新建12个".
    text = "全区建成口袋公园80个，其中2024年新建12个。"
    assert elided_thing_left(text, text.index("其中"), _at(text, "12个")) == 0


def test_the_running_total_answers_the_stock_asked() -> None:
    cut = Tokenizer().cut
    q = analyze("某县有多少乡村振兴示范工作站")
    head, target = Needle.of(q.head, cut), Needle.of(q.target, cut)
    passage = Passage(view=TEXT, heading="", rank=0, fused=1.0)
    rows = {m.text: number_features(q, head, target, m, passage, (), cut) for m in extract_numbers(TEXT)}
    assert rows["57家"]["cover_clause"] == 1.0  # named in the clause before
    assert rows["57家"]["new_unasked"] == 0.0 and rows["9家"]["new_unasked"] == 1.0


def test_a_part_named_only_by_its_verb_reads_the_clause_before() -> None:
    # "其中新认定N家", "其中命名N个": a verb of recognising names no thing either.
    text = "全县省级专精特新企业达到64家，其中新认定15家。"
    assert elided_thing_left(text, text.index("其中"), _at(text, "15家")) == 0
    text = "全区星级农家书屋达到30个，其中新命名8个。"
    assert elided_thing_left(text, text.index("其中"), _at(text, "8个")) == 0


def test_a_level_reached_is_no_addition_asked() -> None:
    cut = Tokenizer().cut
    text = "全县省级专精特新企业达到64家，其中新认定15家。"
    q = analyze("某县新认定省级专精特新企业多少家")
    head, target = Needle.of(q.head, cut), Needle.of(q.target, cut)
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    rows = {m.text: number_features(q, head, target, m, passage, (), cut) for m in extract_numbers(text)}
    assert rows["64家"]["total_unasked"] == 1.0 and rows["15家"]["total_unasked"] == 0.0
    assert rows["15家"]["cover_clause"] > 0.8  # the clause before names the firms
