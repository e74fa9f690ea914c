"""`Document` → `Chunk`s: sentence-aware windows of about 150–300 characters with a little overlap.

Every chunk knows its offsets in the document text (`doc.text[start:end] == chunk.text`), the heading
it sits under, and the places its section is about (see `index.places.paragraph_places`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.documents import Document
from index.numbers import NumberMention
from index.segments import is_heading, sentence_spans

__all__ = ["MAX_CHARS", "MIN_CHARS", "Chunk", "chunk_document", "is_heading", "sentence_spans"]

MAX_CHARS = 300
MIN_CHARS = 150
OVERLAP_MAX_CHARS = 120  # the last sentence is repeated in the next chunk when it is this short or shorter


# (start, end, places) for each paragraph line of a document; supplied by index.places.
ParagraphPlaces = Callable[[str], Sequence[tuple[int, int, Sequence[str]]]]


@dataclass(frozen=True, slots=True)
class Chunk:
    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    heading: str
    places: tuple[str, ...]  # adcodes, most specific first
    numbers: tuple[NumberMention, ...] = ()  # offsets relative to `text`; filled in at index time


def chunk_document(doc: Document, paragraph_places: ParagraphPlaces | None = None) -> list[Chunk]:
    text = doc.text
    lines = paragraph_places(text) if paragraph_places else []
    windows: list[tuple[int, int, str]] = []  # (start, end, heading)
    heading = ""
    current: list[tuple[int, int]] = []
    has_body = False

    def flush(keep_overlap: bool) -> None:
        nonlocal current
        if current:
            windows.append((current[0][0], current[-1][1], heading))
        last = current[-1] if current else None
        overlap = keep_overlap and len(current) > 1 and last and last[1] - last[0] <= OVERLAP_MAX_CHARS
        current = [last] if overlap and last else []

    for start, end in sentence_spans(text, MAX_CHARS):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if start == line_start and end - start == len(line) and is_heading(line):
            if has_body:
                flush(keep_overlap=False)  # a new section: no overlap across it
            heading, has_body = line, False  # runs of headings/bylines stay together with their section
        else:
            has_body = True
        size = (current[-1][1] - current[0][0]) if current else 0
        if current and size + (end - start) > MAX_CHARS:
            flush(keep_overlap=True)
            if current and end - current[0][0] > MAX_CHARS:
                current = []  # the overlap sentence and this one would not fit together
        current.append((start, end))
    flush(keep_overlap=False)

    chunks = []
    first = 0  # windows and lines both advance through the text: one pass over each, not one per chunk
    for n, (start, end, section) in enumerate(windows):
        while first < len(lines) and lines[first][1] <= start:
            first += 1
        places: list[str] = []
        i = first
        while i < len(lines) and lines[i][0] < end:
            line_start, line_end, line_places = lines[i]
            if start < line_end:
                places.extend(p for p in line_places if p not in places)
            i += 1
        chunks.append(
            Chunk(
                chunk_id=f"{doc.doc_id}#{n}",
                doc_id=doc.doc_id,
                start=start,
                end=end,
                text=text[start:end],
                heading=section,
                places=tuple(places),
            )
        )
    return chunks
