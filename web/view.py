"""Presentation helpers shared by the templates: cutting a passage into plain and highlighted pieces,
and the link to a passage in its document."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import quote, urlencode

from qa.schemas import Answer, CitationOut, NumberOut


class Piece(NamedTuple):
    text: str
    marked: bool


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> list[Piece]:
    """`text` as plain and marked pieces. Spans outside the text, empty, or overlapping an earlier span
    are skipped, so a bad offset can cost a highlight but never garble the passage."""
    pieces: list[Piece] = []
    at = 0
    for start, end in sorted(spans):
        if not 0 <= start < end <= len(text) or start < at:
            continue
        if start > at:
            pieces.append(Piece(text[at:start], False))
        pieces.append(Piece(text[start:end], True))
        at = end
    if at < len(text) or not pieces:
        pieces.append(Piece(text[at:], False))
    return pieces


def answer_numbers(answer: Answer) -> list[NumberOut]:
    """The mentions of the answer itself: numbers[0] and the same value and unit stated in other passages.
    The runners-up in `numbers` are not highlighted: a marked 472个 next to the answer 27个 misleads."""
    if not answer.numbers:
        return []
    best = answer.numbers[0]
    return [n for n in answer.numbers if (n.value, n.unit) == (best.value, best.unit)]


def answer_marks(answer: Answer, citation: CitationOut) -> list[tuple[int, int]]:
    """What to mark in a citation: the answer's number where this passage states it; for an answer with
    no number (who / what / how), its clause (`span`) in the passage it comes from."""
    marks = [(n.start, n.end) for n in answer_numbers(answer) if n.citation == citation.id]
    if not answer.numbers and answer.span is not None and answer.span.citation == citation.id:
        marks.append((answer.span.start, answer.span.end))
    return marks


def citation_pieces(answer: Answer, citation: CitationOut) -> list[Piece]:
    """The citation's passage with the answer highlighted where this passage states it (`answer_marks`)."""
    return highlight(citation.text, answer_marks(answer, citation))


def split_citations(answer: Answer) -> tuple[list[CitationOut], list[CitationOut]]:
    """(shown, folded): the first passage and those stating the answer are shown; the rest are folded
    away, so a long answer stays readable."""
    lead = {answer.citations[0].id if answer.citations else 1} | {n.citation for n in answer_numbers(answer)}
    return ([c for c in answer.citations if c.id in lead], [c for c in answer.citations if c.id not in lead])


def display_numbers(answer: Answer) -> dict[int, int]:
    """citation id → the number a reader sees: 1, 2, 3… in the order shown, folded ones after, so the page
    never reads 1 then 3 because 2 is folded away."""
    shown, folded = split_citations(answer)
    return {c.id: n for n, c in enumerate([*shown, *folded], 1)}


def citation_header(citation: CitationOut) -> list[tuple[str, str]]:
    """(role, text) for report title · place · section, each once: a section that repeats the title (a
    report whose title is its first heading) is dropped."""
    parts = [("title", citation.title), ("place", citation.place or ""), ("section", citation.section or "")]
    out: list[tuple[str, str]] = []
    for role, text in parts:
        if text and text not in (t for _, t in out):
            out.append((role, text))
    return out


# A number with its magnitude, qualifier and the measure word after it ("27个", "40.5万人", "2183余家",
# "18.2%"): shown unbreakable, so a narrow screen never puts "27" and "个" on different lines.
NUMBER_WITH_UNIT = re.compile(r"\d[\d,.]*[万亿千百]*[余多]?(?:[%％‰]|[\u4e00-\u9fff])")


class TextPiece(NamedTuple):
    text: str
    number: bool


def number_pieces(text: str) -> list[TextPiece]:
    """`text` cut into plain runs and numbers-with-unit (for `white-space: nowrap`)."""
    pieces: list[TextPiece] = []
    at = 0
    for m in NUMBER_WITH_UNIT.finditer(text):
        if m.start() > at:
            pieces.append(TextPiece(text[at : m.start()], False))
        pieces.append(TextPiece(m.group(), True))
        at = m.end()
    if at < len(text) or not pieces:
        pieces.append(TextPiece(text[at:], False))
    return pieces


def passage_href(citation: CitationOut, answer: Answer | None = None) -> str:
    """The document page with this passage shown and scrolled to (`#passage` does it without JS), and the
    answer's number in it marked (`mark`: its offsets in the document)."""
    params: dict[str, str | int] = {"start": citation.start, "end": citation.end}
    if answer is not None:
        marks = answer_marks(answer, citation)
        if marks:
            params["mark"] = f"{citation.start + marks[0][0]}-{citation.start + marks[0][1]}"
    return f"/documents/{quote(citation.doc_id, safe='')}?{urlencode(params)}#passage"


MAX_OFFSET_DIGITS = 12  # a document of a trillion characters; int() of thousands of digits is refused or slow


def parse_offset(value: str | None) -> int | None:
    """A page's ?start=/?end= taken leniently: a bad value drops the highlight instead of failing the page.
    ASCII digits only: `str.isdigit` also accepts ² and ① (which `int` refuses)."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > MAX_OFFSET_DIGITS:
        return None
    return int(value)


def parse_range(value: str | None) -> tuple[int, int] | None:
    """`?mark=5168-5171` taken as leniently: None unless two offsets, the first below the second."""
    if not value or value.count("-") != 1:
        return None
    first, last = (parse_offset(v) for v in value.split("-"))
    return (first, last) if first is not None and last is not None and first < last else None


class DocumentParts(NamedTuple):
    before: str
    passage_before: str  # the passage up to the marked number (all of it when no number is marked)
    number: str
    passage_after: str
    after: str


def document_parts(text: str, passage: tuple[int, int] | None, number: tuple[int, int] | None) -> DocumentParts | None:
    """The report text cut around the cited passage and the number in it; None when the passage range is
    not valid for this text (the page then shows the report unmarked). A number outside the passage is
    not marked."""
    if passage is None or not 0 <= passage[0] < passage[1] <= len(text):
        return None
    first, last = passage
    if number is None or not first <= number[0] < number[1] <= last:
        number = (last, last)
    return DocumentParts(
        text[:first], text[first : number[0]], text[number[0] : number[1]], text[number[1] : last], text[last:]
    )
