"""Presentation helpers shared by the templates: cutting a passage into plain and highlighted pieces,
and the link to a passage in its document."""

from __future__ import annotations

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


def citation_pieces(answer: Answer, citation: CitationOut) -> list[Piece]:
    """The citation's passage with the answer's number highlighted where this passage states it."""
    return highlight(citation.text, ((n.start, n.end) for n in answer_numbers(answer) if n.citation == citation.id))


def split_citations(answer: Answer) -> tuple[list[CitationOut], list[CitationOut]]:
    """(shown, folded): the first passage and those stating the answer are shown; the rest are folded
    away, so a long answer stays readable."""
    lead = {1} | {n.citation for n in answer_numbers(answer)}
    return ([c for c in answer.citations if c.id in lead], [c for c in answer.citations if c.id not in lead])


def passage_href(citation: CitationOut) -> str:
    """The document page with this passage highlighted and scrolled to (`#passage` does it without JS)."""
    query = urlencode({"start": citation.start, "end": citation.end})
    return f"/documents/{quote(citation.doc_id, safe='')}?{query}#passage"


MAX_OFFSET_DIGITS = 12  # a document of a trillion characters; int() of thousands of digits is refused or slow


def parse_offset(value: str | None) -> int | None:
    """A page's ?start=/?end= taken leniently: a bad value drops the highlight instead of failing the page.
    ASCII digits only: `str.isdigit` also accepts ² and ① (which `int` refuses)."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > MAX_OFFSET_DIGITS:
        return None
    return int(value)
