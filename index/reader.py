"""A verified, loaded index: documents, chunks, BM25 and vectors, ready to search.

Start-up does not read the corpus text. Chunks and documents are rows of JSON lines read on demand
through byte offsets kept in small .npy tables; their texts are slices of one UTF-8 file,
`documents.txt`; all three are memory-mapped, so loading costs the checksums, the BM25 vocabulary
and the vectors, not the size of the reports.

    documents.jsonl      one row per document: doc_id, title, source, sha256, format, pages, ocr (no text)
    documents.txt        every document's text, UTF-8, one after the other
    documents.npy        int64 per document: row start, row end (in documents.jsonl), text start, text
                         end (bytes in documents.txt), characters, and in the last column the rows in
                         doc_id order (for lookups by id)
    document_ids.npy     the doc_ids, by row (fixed-width unicode)
    chunks.jsonl         one row per chunk: chunk_id, doc_id, start, end, heading, places, numbers
    chunks.npy           int64 per chunk: row start, row end (in chunks.jsonl), text start, text end
                         (bytes in documents.txt), document row
    sentence_*.npy       optional: every chunk's sentences' vectors (index.sentence_vectors), memory-mapped
"""

from __future__ import annotations

import bisect
import json
import mmap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

import numpy as np

from index import store
from index.bm25 import BM25Index
from index.chunking import Chunk
from index.documents import Document
from index.errors import IndexLoadError
from index.numbers import NumberMention
from index.sentence_vectors import MANIFEST_KEY as SENTENCES_KEY
from index.sentence_vectors import SentenceVectors
from index.tokenize import Tokenizer
from index.vectors import VectorIndex

DOCUMENTS = "documents.jsonl"
TEXTS = "documents.txt"
DOCUMENT_TABLE = "documents.npy"
DOCUMENT_IDS = "document_ids.npy"
CHUNKS = "chunks.jsonl"
CHUNK_TABLE = "chunks.npy"
CORPUS_FILES = (DOCUMENTS, TEXTS, DOCUMENT_TABLE, DOCUMENT_IDS, CHUNKS, CHUNK_TABLE)
_CACHE = 4096  # parsed chunks kept per index (a question touches ~50–100)


def _byte_offsets(text: str, positions: Iterable[int]) -> dict[int, int]:
    """Character offset → UTF-8 byte offset in `text`, for the given positions (one pass, in order)."""
    out: dict[int, int] = {}
    char = byte = 0
    for pos in sorted(set(positions)):
        byte += len(text[char:pos].encode("utf-8"))
        char = pos
        out[pos] = byte
    return out


def write_corpus(directory: Path, documents: Sequence[Document], chunks: Iterable[Chunk]) -> list[str]:
    """Write the documents and chunks of an index build; returns the file names written."""
    rows = {d.doc_id: n for n, d in enumerate(documents)}
    if len(rows) != len(documents):
        raise ValueError("duplicate doc_id among the documents")
    by_doc: dict[str, list[Chunk]] = {}
    chunk_list = list(chunks)
    for chunk in chunk_list:
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    doc_table = np.zeros((len(documents), 6), dtype=np.int64)
    chunk_bytes: dict[int, tuple[int, int]] = {}  # id(chunk) → text byte range in documents.txt
    with (directory / TEXTS).open("wb") as f:
        position = 0
        for n, doc in enumerate(documents):
            data = doc.text.encode("utf-8")
            f.write(data)
            doc_table[n, 2:5] = position, position + len(data), len(doc.text)
            mine = by_doc.get(doc.doc_id, [])
            offsets = _byte_offsets(doc.text, [p for c in mine for p in (c.start, c.end)])
            for c in mine:
                chunk_bytes[id(c)] = (position + offsets[c.start], position + offsets[c.end])
            position += len(data)
    lines = store.write_jsonl(
        directory / DOCUMENTS, ({k: v for k, v in asdict(d).items() if k != "text"} for d in documents)
    )
    doc_table[:, 0], doc_table[:, 1] = lines[:-1], lines[1:]
    ids = np.array([d.doc_id for d in documents], dtype=str) if documents else np.zeros(0, dtype="U1")
    doc_table[:, 5] = np.argsort(ids, kind="stable")
    np.save(directory / DOCUMENT_TABLE, doc_table, allow_pickle=False)
    np.save(directory / DOCUMENT_IDS, ids, allow_pickle=False)

    chunk_table = np.zeros((len(chunk_list), 5), dtype=np.int64)
    for n, c in enumerate(chunk_list):
        if c.doc_id not in rows:
            raise ValueError(f"chunk {c.chunk_id} belongs to no document ({c.doc_id!r})")
        chunk_table[n, 2:] = (*chunk_bytes[id(c)], rows[c.doc_id])
    lines = store.write_jsonl(directory / CHUNKS, (_chunk_row(c) for c in chunk_list))
    chunk_table[:, 0], chunk_table[:, 1] = lines[:-1], lines[1:]
    np.save(directory / CHUNK_TABLE, chunk_table, allow_pickle=False)
    return list(CORPUS_FILES)


_PLACES_KEY = b'"places":['  # as store.write_jsonl writes a chunk row (compact separators)
_CHUNK_FIELDS = tuple(f.name for f in fields(Chunk) if f.name != "text")  # text: the document's, start to end
_NUMBER_FIELDS = tuple(f.name for f in fields(NumberMention))


def _chunk_row(chunk: Chunk) -> dict[str, Any]:
    """What `asdict` gives (same keys, same order), built directly: `asdict` deep-copies every value and was
    most of the time of an incremental build's writing (10k chunks)."""
    row: dict[str, Any] = {name: getattr(chunk, name) for name in _CHUNK_FIELDS}
    row["numbers"] = [{name: getattr(n, name) for name in _NUMBER_FIELDS} for n in chunk.numbers]
    return row


def _map(path: Path) -> mmap.mmap | bytes:
    with path.open("rb") as f:
        if path.stat().st_size == 0:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


class ChunkRows(Sequence[Chunk]):
    """The chunks of an index, parsed when first asked for (and then cached): `chunks[i]` is row i."""

    def __init__(self, rows: mmap.mmap | bytes, texts: mmap.mmap | bytes, table: np.ndarray) -> None:
        self._rows, self._texts, self._table = rows, texts, table
        self._read = lru_cache(maxsize=_CACHE)(self._parse)

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, i: int) -> Chunk: ...

    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...

    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self._read(j) for j in range(*i.indices(len(self)))]
        i = int(i)  # numpy integers too
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk {i} out of range (the index has {len(self)})")
        return self._read(i)

    def __iter__(self) -> Iterator[Chunk]:
        for i in range(len(self)):
            yield self._read(i)

    def doc_rows(self) -> np.ndarray:
        """The document row of every chunk (int64), without parsing any chunk."""
        return self._table[:, 4]

    def doc_and_places(self, i: int) -> tuple[str, tuple[str, ...]]:
        """Row i's (doc_id, places): its row's JSON alone, without building its number mentions (most of a
        parse's cost) — for scans over a report's rows (qa.sources), which would also push the chunks a
        question reads out of the parsed-chunk cache."""
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk {i} out of range (the index has {len(self)})")
        row_start, row_end, _, _, _ = self._table[i].tolist()
        row = self._rows[row_start:row_end]
        # The row up to the end of its places list, closed: JSON decoding of the fields before the number
        # mentions (most of a row). The key cannot occur inside a string (its quotes would be escaped); a
        # row that does not decode so, or lacks doc_id there, is decoded whole.
        key = row.find(_PLACES_KEY)
        end = row.find(b"]", key) if key >= 0 else -1
        if end >= 0:
            try:
                head = json.loads(row[: end + 1] + b"}")
                return head["doc_id"], tuple(head["places"])
            except (ValueError, KeyError):
                pass
        whole = json.loads(row)
        return whole["doc_id"], tuple(whole["places"])

    def first_place(self, i: int) -> str | None:
        """Row i's first place (`places[0]`, None for none) read from its row's bytes, no JSON decoded where it
        is a plain string: a report's place is counted over up to 400 of its rows' first places
        (`qa.sources.ReportPlaces`, which tells their document by `doc_rows`)."""
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk {i} out of range (the index has {len(self)})")
        row_start, row_end, _, _, _ = self._table[i].tolist()
        row = self._rows[row_start:row_end]
        at = row.find(_PLACES_KEY) + len(_PLACES_KEY)
        if at >= len(_PLACES_KEY):
            opening = row[at : at + 1]
            if opening == b"]":
                return None
            end = row.find(b'"', at + 1) if opening == b'"' else -1
            if end > at and b"\\" not in row[at + 1 : end]:  # no escape: the bytes are the string
                return row[at + 1 : end].decode("utf-8")
        places = json.loads(row)["places"]
        return places[0] if places else None

    def text(self, i: int) -> str:
        """Row i's text alone, without parsing its row (its numbers, places…) when it is not parsed already:
        fusion reads the text of ~100 candidates per question, of which the answer stage parses ~50."""
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError(f"chunk {i} out of range (the index has {len(self)})")
        _, _, text_start, text_end, _ = self._table[i].tolist()
        return self._texts[text_start:text_end].decode("utf-8")

    def _parse(self, i: int) -> Chunk:
        row_start, row_end, text_start, text_end, _ = self._table[i].tolist()
        row = json.loads(self._rows[row_start:row_end])
        return Chunk(
            chunk_id=row["chunk_id"],
            doc_id=row["doc_id"],
            start=row["start"],
            end=row["end"],
            text=self._texts[text_start:text_end].decode("utf-8"),
            heading=row["heading"],
            places=tuple(row["places"]),
            numbers=tuple(NumberMention(**n) for n in row["numbers"]),
        )


class DocumentRows(Mapping[str, Document]):
    """doc_id → Document, each read when asked for; iteration is in corpus order."""

    def __init__(self, rows: mmap.mmap | bytes, texts: mmap.mmap | bytes, table: np.ndarray, ids: np.ndarray) -> None:
        self._rows, self._texts, self._table, self._ids = rows, texts, table, ids
        self._read = lru_cache(maxsize=256)(self._parse)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return (str(x) for x in self._ids)

    def row_of(self, doc_id: str) -> int | None:
        order = self._table[:, 5]
        j = bisect.bisect_left(range(len(order)), doc_id, key=lambda k: self._ids[order[k]])
        if j < len(order) and self._ids[order[j]] == doc_id:
            return int(order[j])
        return None

    def __getitem__(self, doc_id: str) -> Document:
        row = self.row_of(doc_id) if isinstance(doc_id, str) else None
        if row is None:
            raise KeyError(doc_id)
        return self._read(row)

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self.row_of(doc_id) is not None

    def at(self, row: int) -> Document:
        """The document in row `row` (corpus order)."""
        return self._read(row)

    def id_at(self, row: int) -> str:
        """The doc_id of the document in row `row`."""
        return str(self._ids[row])

    def title_at(self, row: int) -> str:
        """The title of the document in row `row`, from its JSON row alone (no text read)."""
        row_start, row_end = self._table[row, :2].tolist()
        return str(json.loads(self._rows[row_start:row_end])["title"])

    def chars(self) -> np.ndarray:
        """Characters of every document's text, by row, without reading any text."""
        return self._table[:, 4]

    def metadata(self) -> Iterator[dict[str, Any]]:
        """Every document's row (doc_id, title, source, sha256 and what a reader added), in corpus order,
        without reading any text."""
        for row_start, row_end in self._table[:, :2].tolist():
            yield json.loads(self._rows[row_start:row_end])

    def _parse(self, row: int) -> Document:
        row_start, row_end, text_start, text_end = self._table[row, :4].tolist()
        meta = json.loads(self._rows[row_start:row_end])
        return Document(
            doc_id=meta["doc_id"],
            title=meta["title"],
            source=meta["source"],
            sha256=meta["sha256"],
            text=self._texts[text_start:text_end].decode("utf-8"),
            format=meta.get("format", "text"),  # indexes built before readers existed lack these
            pages=meta.get("pages"),
            ocr=meta.get("ocr", False),
        )


@dataclass(slots=True)
class CorpusIndex:
    path: Path
    manifest: dict[str, Any]
    documents: Mapping[str, Document]
    chunks: Sequence[Chunk]
    bm25: BM25Index
    vectors: VectorIndex
    tokenizer: Tokenizer
    # Every chunk's sentence vectors when the build stored them (index.sentence_vectors); None for an index
    # built before the table or without it: the answer stage then encodes its few sentences at ask time.
    sentences: SentenceVectors | None = None

    @property
    def embed_model(self) -> str:
        return str(self.manifest["embed_model"])

    def chunk_text(self, row: int) -> str:
        """`chunks[row].text`, without parsing the chunk's row where the chunks are read lazily."""
        if isinstance(self.chunks, ChunkRows):
            return self.chunks.text(row)
        return self.chunks[row].text

    def chunk_doc_and_places(self, row: int) -> tuple[str, tuple[str, ...]]:
        """`(chunks[row].doc_id, chunks[row].places)`, without building the chunk's number mentions where the
        chunks are read lazily: the scope filter reads them for every hit, the answer stage parses fewer."""
        if isinstance(self.chunks, ChunkRows):
            return self.chunks.doc_and_places(row)
        chunk = self.chunks[row]
        return chunk.doc_id, chunk.places

    def chunk_document(self, row: int) -> tuple[str, str]:
        """`(chunks[row].doc_id, its document's title)`, read from the tables and the document's JSON row where
        they are read lazily."""
        key = self.chunk_document_key(row)
        doc_id = self.documents.id_at(key) if isinstance(key, int) else key  # type: ignore[attr-defined]
        return doc_id, self.document_title(key)

    def chunk_document_key(self, row: int) -> int | str:
        """What identifies the chunk's document, cheaply: its row in the document table where the index is read
        lazily (an array lookup), else its doc_id. The fitted fusion groups ~200 candidates a question by it."""
        if isinstance(self.chunks, ChunkRows) and isinstance(self.documents, DocumentRows):
            return int(self.chunks.doc_rows()[row])
        return self.chunks[row].doc_id

    def document_title(self, key: int | str) -> str:
        """The title of the document `chunk_document_key` names, without reading its text."""
        if isinstance(key, int) and isinstance(self.documents, DocumentRows):
            return self.documents.title_at(key)
        return self.documents[str(key)].title

    def chunk_counts(self) -> dict[str, int]:
        """doc_id → number of chunks, from the tables (no chunk is parsed)."""
        if isinstance(self.chunks, ChunkRows):
            counts = np.bincount(self.chunks.doc_rows(), minlength=len(self.documents))
            return {doc_id: int(n) for doc_id, n in zip(self.documents, counts)}
        out: dict[str, int] = {}
        for chunk in self.chunks:
            out[chunk.doc_id] = out.get(chunk.doc_id, 0) + 1
        return out

    @classmethod
    def load(cls, index_dir: Path, embed_model: str | None = None, ef_search: int | None = None) -> CorpusIndex:
        """Load the current build of `index_dir`, verified against its manifest. `embed_model`, when given,
        must be the model the index was built with; `ef_search` overrides an HNSW index's search depth."""
        build, manifest = store.open_current(Path(index_dir), embed_model)
        tokenizer = Tokenizer()
        if manifest.get("tokenizer") != tokenizer.settings():
            raise IndexLoadError(
                f"the index at {index_dir} was built with other tokenizer settings (a different "
                "segmenter, user dictionary or stopword list). Run `qa index --force` to rebuild it."
            )
        try:
            texts = _map(build / TEXTS)
            doc_table = np.load(build / DOCUMENT_TABLE, allow_pickle=False)
            doc_ids = np.load(build / DOCUMENT_IDS, allow_pickle=False)
            chunk_table = np.load(build / CHUNK_TABLE, allow_pickle=False)
            for name, table, columns in ((DOCUMENT_TABLE, doc_table, 6), (CHUNK_TABLE, chunk_table, 5)):
                if table.ndim != 2 or table.shape[1] != columns or table.dtype != np.int64:
                    raise ValueError(f"{name} has shape {table.shape} and type {table.dtype}")
            if len(doc_ids) != len(doc_table) or (
                len(chunk_table) and (chunk_table[:, 3].max() > len(texts) or chunk_table[:, 4].max() >= len(doc_table))
            ):
                raise ValueError("the document and chunk tables do not fit the files")
            documents = DocumentRows(_map(build / DOCUMENTS), texts, doc_table, doc_ids)
            chunks = ChunkRows(_map(build / CHUNKS), texts, chunk_table)
            bm25 = BM25Index.load(build, mmap=True)
            vectors = VectorIndex.load(build, ef_search=ef_search, mmap=True)
            sentences = SentenceVectors.load(build) if SENTENCES_KEY in manifest else None
            if sentences is not None and (
                sentences.chunks != len(chunk_table) or sentences.vectors.shape[1] != vectors.dimension
            ):
                raise ValueError(
                    f"the sentence table holds {sentences.chunks} chunks of {sentences.vectors.shape[1]}-d"
                )
        except (KeyError, TypeError, ValueError, RuntimeError, FileNotFoundError) as exc:
            # The checksums matched, so this is a build from an incompatible program version.
            raise IndexLoadError(
                f"{build}: cannot be read ({type(exc).__name__}: {exc}). Run `qa index --force` to rebuild it."
            ) from None
        if bm25.n_docs != len(chunks) or vectors.size != len(chunks):
            raise IndexLoadError(
                f"{build}: chunk, BM25 and vector counts differ ({len(chunks)}, {bm25.n_docs}, "
                f"{vectors.size}). Run `qa index --force` to rebuild it."
            )
        return cls(build, manifest, documents, chunks, bm25, vectors, tokenizer, sentences)
