"""Where a cited passage comes from, for a reader: the report's place and the section the passage sits under.

A report's place is the place its title names; failing that, the place its passages are most often about
(a magazine issue about several counties gets the few it covers most, "江都区、贾汪区"). Computed once per
report, from a bounded run of its chunks around the one cited (a report's chunks sit in consecutive rows),
so a million-chunk index costs no more than a small one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from index.chunking import Chunk
from index.documents import Document
from index.normalize import normalize_query
from index.places import Gazetteer

SCAN_ROWS = 200  # chunks looked at on each side of the cited one
MAX_PLACES = 3
_SHARE_OF_TOP = 0.5  # a place counts beside the most frequent one when it is this frequent


class ReportPlaces:
    def __init__(self, chunks: Sequence[Chunk], documents: Mapping[str, Document], gazetteer: Gazetteer) -> None:
        self.chunks = chunks
        self.documents = documents
        self.gazetteer = gazetteer
        self._cache: dict[str, str | None] = {}

    def place(self, row: int) -> str | None:
        """The place of the report that chunk `row` belongs to, as names joined by "、", or None."""
        light = getattr(self.chunks, "doc_and_places", None)
        doc_id = light(row)[0] if light is not None else self.chunks[row].doc_id
        if doc_id not in self._cache:
            self._cache[doc_id] = self._title_place(doc_id) or self._passage_place(row, doc_id)
        return self._cache[doc_id]

    def place_of_document(self, doc_id: str) -> str | None:
        """The same place, for a report asked for by id (the document page)."""
        if doc_id not in self._cache:
            row = self._first_row(doc_id)
            if row is None:
                return self._title_place(doc_id)
            return self.place(row)
        return self._cache[doc_id]

    def _first_row(self, doc_id: str) -> int | None:
        doc_rows = getattr(self.chunks, "doc_rows", None)
        if doc_rows is not None:  # the index's chunk table: found without parsing a chunk
            order = list(self.documents).index(doc_id) if doc_id in self.documents else -1
            rows = np.flatnonzero(doc_rows() == order)
            # Checked: a table whose document order differs from the mapping's must not lend another
            # report's place.
            return int(rows[0]) if len(rows) and self.chunks[int(rows[0])].doc_id == doc_id else None
        return next((i for i, chunk in enumerate(self.chunks) if chunk.doc_id == doc_id), None)

    def _title_place(self, doc_id: str) -> str | None:
        document = self.documents.get(doc_id)
        mentions = self.gazetteer.find(normalize_query(document.title)) if document else []
        names = list(dict.fromkeys(m.place.name for m in mentions))
        return "、".join(names[:MAX_PLACES]) or None

    def _row_reader(self, row: int, doc_id: str) -> Callable[[int], tuple[bool, str | None]]:
        """A reader of the rows near `row` (`row`'s document is `doc_id`): whether each is of that document, and its
        first place (the one it is about). The index's lazy rows tell a row's document by the table (`doc_rows`: the
        row of its document, whose doc_id is the chunk's) and read the place from the row's bytes."""
        doc_rows = getattr(self.chunks, "doc_rows", None)
        first_place = getattr(self.chunks, "first_place", None)
        if doc_rows is not None and first_place is not None:
            low = max(0, row - SCAN_ROWS)
            window = doc_rows()[low : row + SCAN_ROWS].tolist()
            own = window[row - low]
            return lambda at: (window[at - low] == own, first_place(at))

        def parsed(at: int) -> tuple[bool, str | None]:
            chunk = self.chunks[at]
            return chunk.doc_id == doc_id, chunk.places[0] if chunk.places else None

        return parsed

    def _passage_place(self, row: int, doc_id: str) -> str | None:
        counts: Counter[str] = Counter()
        # The index's lazy rows give a row's first place without parsing the chunk (up to 400 rows per report,
        # ~25 µs each parsed whole: milliseconds for each report a fresh process first cites).
        read = self._row_reader(row, doc_id)
        for step in (-1, 1):
            at = row if step == 1 else row - 1
            for _ in range(SCAN_ROWS):
                if not 0 <= at < len(self.chunks):
                    break
                same, code = read(at)
                if not same:
                    break
                place = self.gazetteer.get(code) if code is not None else None
                if place is not None:
                    counts[place.name] += 1
                at += step
        if not counts:
            return None
        top = counts.most_common(1)[0][1]
        return "、".join(name for name, n in counts.most_common(MAX_PLACES) if n >= top * _SHARE_OF_TOP)


def section_of(chunk: Chunk) -> str | None:
    """The heading a passage sits under (None when the report has none there)."""
    return chunk.heading.strip() or None
