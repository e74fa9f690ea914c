"""Script-independent matching: `match_view` (NFKC, t2s, pinyin glosses and CJK–digit spaces removed) with
exact offset maps, and the tokenizer, places and numbers reading through it while reporting spans as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.normalize import match_view, normalize_query, normalize_text, to_simplified
from index.numbers import extract_numbers, parse_number_text
from index.places import Gazetteer, paragraph_places, question_places
from index.tokenize import Tokenizer

FIXTURES = Path(__file__).parent / "fixtures"

# Characters that exercise every edit: traditional ones, full-width digits and brackets, ㎡ (expands under
# NFKC), a combining mark, zero-width characters, tone-marked pinyin, spaces next to digits, line breaks.
_ALPHABET = list("江門市服務工會万個家人30１２（）()wùāng ㎡\u0301\u200b\n 　,，。") + [
    "(wù)",
    "（gōng huì）",
    " 30 家",
]
texts = st.lists(st.sampled_from(_ALPHABET), max_size=25).map("".join)


def _edited(view, i: int) -> bool:
    """Is original offset i strictly inside a length-changing edit?"""
    return any(a < i < b for a, b in zip(view.orig_starts, view.orig_ends))


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_every_span_maps_to_the_view_and_back(text: str, data: st.DataObject) -> None:
    view = match_view(text)
    n, m = len(text), len(view.text)
    assert view.to_view(0) == 0 and view.to_view(n, end=True) == m
    # The ends of the view reach the ends of the text (a start skips dropped text, an end stops before it).
    assert view.to_original(0, end=True) == 0 and view.to_original(m) == n
    offsets = [view.to_view(i) for i in range(n + 1)]
    assert offsets == sorted(offsets)  # monotone
    # Every view span maps to an original span whose view is that span again.
    vs = data.draw(st.integers(0, m))
    ve = data.draw(st.integers(vs, m))
    inside = [j for j in (vs, ve) if any(a < j < b for a, b in zip(view.view_starts, view.view_ends))]
    s, e = view.span_to_original(vs, ve)
    assert 0 <= s <= e <= n
    if not inside:
        assert view.span_to_view(s, e) == (vs, ve)
    # Every original span maps to a view span and back to the same span, give or take text the view edits.
    s = data.draw(st.integers(0, n))
    e = data.draw(st.integers(s, n))
    s2, e2 = view.span_to_original(*view.span_to_view(s, e))
    for lo, hi in ((min(s, s2), max(s, s2)), (min(e, e2), max(e, e2))):
        for i in range(lo, hi):  # whatever the round trip gained or lost lies in edited text
            assert (
                _edited(view, i)
                or _edited(view, i + 1)
                or any(a <= i < b for a, b in zip(view.orig_starts, view.orig_ends))
            )
    # Spans that start and end outside edits come back exactly.
    if not _edited(view, s) and not _edited(view, e) and s not in view.orig_starts and e not in view.orig_ends:
        assert (s2, e2) == (s, e)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_the_view_is_the_normalised_text(text: str) -> None:
    view = match_view(text)
    assert view.text.count("\n") == text.count("\n")  # lines stay lines
    if "\u200b" not in text:  # (a zero-width space between them hides a pair from the rules)
        assert not re.search("[\u4e00-\u9fff](?:\\(wù\\)|\\(gōng huì\\))", view.text)  # no gloss after a character
        assert not re.search("[\u4e00-\u9fff] +[0-9]", view.text)  # no space between a character and a digit
    assert view.text == to_simplified(view.text)
    assert view.text == normalize_text(view.text)


def test_the_view_of_a_web_passage() -> None:
    text = "江門市總工會（jiāng mén）服務(wù)職工，全市已培育 30 家，(AI) 平台"
    view = match_view(text)
    assert view.text == "江门市总工会服务职工,全市已培育30家,(AI) 平台"
    start = view.text.index("服务")
    s, e = view.span_to_original(start, start + 2)
    assert text[s:e] == "服務"  # the gloss after it is not part of the span
    s, e = view.span_to_original(view.text.index("30家"), view.text.index("30家") + 3)
    assert text[s:e] == "30 家"
    assert match_view("江门市总工会").identity_offsets  # simplified text stores no map


def test_tokens_are_the_same_in_either_script() -> None:
    tokenizer = Tokenizer()
    written = (FIXTURES / "web_mixed_script.txt").read_text("utf-8")
    clean = (FIXTURES / "web_mixed_script.simplified.txt").read_text("utf-8")
    assert tokenizer.tokenize(written) == tokenizer.tokenize(clean)
    assert "match_view" in tokenizer.settings()["normalize"]


def test_traditional_places_are_found_with_offsets_as_written() -> None:
    gazetteer = Gazetteer.default()
    text = "在廣東省江門市(jiāng mén shì)蓬江區"
    found = gazetteer.find(text)
    assert [m.place.name for m in found] == ["广东省", "江门市", "蓬江区"]
    assert [m.surface for m in found] == ["廣東省", "江門市", "蓬江區"]
    assert all(text[m.start : m.end] == m.surface for m in found)
    assert [p.name for p in question_places("江門 有 多少 愛心驛站")] == ["江门市"]
    assert normalize_query("服務(wù) 多少") == "服务多少"
    # a space between two Latin words stays (passages keep it: "mit opencourseware" is matched as two words)
    assert normalize_query("MIT  OpenCourseWare 指什么") == "MIT OpenCourseWare指什么"
    assert normalize_query("2023 年 GDP 增长") == "2023年GDP增长"


def _line_places(text: str) -> list[tuple[str, ...]]:
    return [tuple(p.name for p in places) for _, _, places in paragraph_places(text)]


def _numbers(text: str) -> list[tuple[object, ...]]:
    return [(m.value, m.unit, m.kind, m.qualifier, m.subject) for m in extract_numbers(text)]


def test_a_mixed_script_web_report_reads_like_its_clean_simplified_twin() -> None:
    written = normalize_text((FIXTURES / "web_mixed_script.txt").read_text("utf-8"))
    clean = (FIXTURES / "web_mixed_script.simplified.txt").read_text("utf-8")
    assert _line_places(written) == _line_places(clean)
    assert ("江门市", "广东省") in _line_places(written)
    assert _numbers(written) == _numbers(clean)
    mentions = extract_numbers(written)
    assert all(written[m.start : m.end] == m.text for m in mentions)
    by_value = {m.value: m for m in mentions}
    assert by_value[30].text == "30 家" and by_value[30].unit == "家"
    assert by_value[125000].text == "12.5 萬人"
    assert (by_value[30000].qualifier, by_value[30000].unit) == ("近", "人次")
    for start, end, _ in paragraph_places(written):  # line spans are the lines as written
        assert "\n" not in written[start:end]


def test_traditional_passages_give_the_places_and_numbers_of_their_simplified_twins() -> None:
    gazetteer = Gazetteer.default()
    rows = [json.loads(line) for line in (FIXTURES / "drcd_traditional_sample.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 5
    for row in rows:
        traditional = normalize_text(row["text"])
        simplified = normalize_text(to_simplified(row["text"]))
        assert paragraph_places(traditional, gazetteer) == paragraph_places(simplified, gazetteer)
        found = [(m.start, m.end, m.place) for m in gazetteer.find(traditional, strict=True)]
        assert found and found == [(m.start, m.end, m.place) for m in gazetteer.find(simplified, strict=True)]
        mentions = extract_numbers(traditional)
        assert _numbers(traditional) == _numbers(simplified)
        assert all(traditional[m.start : m.end] == m.text for m in mentions)
        assert any(m.text != simplified[m.start : m.end] for m in mentions) or not any(
            c in traditional for c in "萬億個"
        )


def test_surfaces_parse_in_any_script() -> None:
    assert parse_number_text("2183餘家") == (2183, "家", "余")
    assert parse_number_text("3 萬個") == (30000, "个", None)
