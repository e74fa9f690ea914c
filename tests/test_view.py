"""web/view.py: the presentation helpers behind the page (no server, no browser)."""

from __future__ import annotations

import pytest

from qa.schemas import Answer, CitationOut, NumberOut
from web.view import citation_header, display_numbers, document_parts, number_pieces, parse_range, passage_href


def citation(cid: int, **extra: object) -> CitationOut:
    fields = {"id": cid, "doc_id": "d", "title": "T", "chunk_id": f"d#{cid}", "text": "全市现有驿站27个。"}
    fields |= {"score": 0.5, "start": 100, "end": 110}
    return CitationOut(**{**fields, **extra})  # type: ignore[arg-type]


def answer(citations: list[CitationOut], number_in: int | None) -> Answer:
    numbers = (
        [
            NumberOut(
                value=27, unit="个", text="27个", qualifier=None, subject="驿站", citation=number_in, start=6, end=9
            )
        ]
        if number_in
        else []
    )
    return Answer(question="q", found=True, answer="a", numbers=numbers, citations=citations, took_ms=1.0)


def test_numbers_are_kept_with_their_measure_word() -> None:
    pieces = number_pieces("驿站23个、书屋588家,会员48.7万人,占比23.6%,{{ 7*7 }}")
    assert [p.text for p in pieces if p.number] == ["23个", "588家", "48.7万人", "23.6%"]
    assert "".join(p.text for p in pieces) == "驿站23个、书屋588家,会员48.7万人,占比23.6%,{{ 7*7 }}"


def test_citations_are_numbered_in_the_order_shown_with_folded_ones_after() -> None:
    a = answer([citation(1), citation(2), citation(3)], number_in=3)  # 1 and 3 shown, 2 folded
    assert display_numbers(a) == {1: 1, 3: 2, 2: 3}


def test_the_header_is_title_place_section_each_once() -> None:
    assert citation_header(citation(1, place="江门市", section="数字看成效")) == [
        ("title", "T"),
        ("place", "江门市"),
        ("section", "数字看成效"),
    ]
    assert citation_header(citation(1, section="T")) == [("title", "T")]


def test_the_passage_link_marks_the_number_in_document_offsets() -> None:
    a = answer([citation(1)], number_in=1)
    assert passage_href(a.citations[0], a) == "/documents/d?start=100&end=110&mark=106-109#passage"
    assert "mark=" not in passage_href(a.citations[0])


@pytest.mark.parametrize(
    "value, expected", [("5-9", (5, 9)), ("9-5", None), ("x-9", None), ("5", None), ("1-2-3", None), (None, None)]
)
def test_a_mark_range_is_read_leniently(value: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_range(value) == expected


def test_the_document_is_cut_around_the_passage_and_its_number() -> None:
    text = "0123456789"
    assert document_parts(text, (2, 8), (4, 6)) == ("01", "23", "45", "67", "89")
    assert document_parts(text, (2, 8), (7, 9)) == ("01", "234567", "", "", "89")  # number outside: unmarked
    assert document_parts(text, (2, 11), None) is None  # past the end: the report unmarked
