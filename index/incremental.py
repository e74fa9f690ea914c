"""What a build can take from the previous one, so adding or deleting one report costs that report.

Each build records, beside its index files (all listed and checksummed in the manifest):

    files.jsonl        one row per input file: source, size, mtime_ns, sha256, and what it gave
                       ("document", "empty" or "failed" with the reason)
    bm25_counts.npy    per chunk: its terms and their frequencies (index.bm25.TermCounts)
    bm25_lengths.npy
    chunk_keys.npy     per chunk: its vector and the hash of the text encoded (index.vector_cache)
    chunk_vectors.npy

The next build then
- does not read a file whose size and modification time are unchanged (its sha256 is taken from the record;
  a file modified within 2 s of being recorded is hashed again, as git does), and does not parse or OCR
  a file whose content hash is unchanged: the document comes from the previous build's text;
- takes an unchanged document's chunks (offsets, heading, places, numbers) from chunks.jsonl and their term
  counts from bm25_counts.npy, so nothing of it is cleaned, chunked, analysed or tokenised again; BM25
  statistics are recomputed from the merged counts (cheap arithmetic on arrays), giving the index a full
  build gives;
- takes unchanged chunks' vectors by row.

"Unchanged document" means the same doc_id, content hash and title, built with the same readers, chunker,
tokenizer and format (`reuse_settings`); anything else is built afresh. The reuse never touches the files a
server is reading: the new build is written aside and swapped in as always (index.store).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from index import store
from index.bm25 import COUNTS_FILE, LENGTHS_FILE, VOCAB_FILE, TermCounts
from index.chunking import Chunk
from index.documents import Document, FileRecord
from index.errors import IndexLoadError
from index.reader import CHUNK_TABLE, CHUNKS, DOCUMENT_IDS, DOCUMENT_TABLE, DOCUMENTS, TEXTS, ChunkRows, DocumentRows
from index.reader import _map as map_file

FILES = "files.jsonl"


def _row(record: FileRecord) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": record.source,
        "size": record.size,
        "mtime_ns": record.mtime_ns,
        "sha256": record.sha256,
        "outcome": record.outcome,
    }
    if record.reason:
        row["reason"] = record.reason
    if not record.trusted:
        row["trusted"] = False
    return row


def write_files(directory: Path, records: Sequence[FileRecord]) -> list[str]:
    store.write_jsonl(directory / FILES, (_row(r) for r in records))
    return [FILES]


def reuse_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings a document's text, chunks and term counts depend on (not BM25 parameters, not the
    embedding model: weights are recomputed, vectors are keyed by their text and model)."""
    return {k: settings[k] for k in ("format_version", "chunker", "tokenizer", "readers")}


class PreviousBuild:
    """The current build of an index directory, opened for reuse. Each part is checked against the manifest
    when first used; a part that fails the check is not reused (the build then does that work itself)."""

    def __init__(self, path: Path, manifest: dict[str, Any]) -> None:
        self.path = path
        self.manifest = manifest
        self._verified: set[str] = set()

    @classmethod
    def open(cls, index_dir: Path, settings: dict[str, Any]) -> tuple[PreviousBuild | None, str]:
        """(the previous build, "") when it was built with the same `reuse_settings`; (None, why) otherwise."""
        current = store.current_build(index_dir)
        if current is None:
            return None, ""
        try:
            manifest = store.read_manifest(current)
        except IndexLoadError as exc:
            try:
                found = json.loads((current / store.MANIFEST).read_text("utf-8")).get("format_version")
            except (OSError, ValueError, AttributeError):
                return None, str(exc)
            # An index written by an older program: read and chunked again once, its vectors still reused.
            return None, f"index format version {found} (this program writes {store.FORMAT_VERSION}): read again"

        built = manifest.get("reuse_settings")
        if built != reuse_settings(settings):
            return None, "built with other readers, chunker or tokenizer settings"
        return cls(current, manifest), ""

    def _verify(self, *names: str) -> None:
        todo = [n for n in names if n not in self._verified]
        if not todo:
            return
        files = self.manifest.get("files", {})
        for name in todo:
            if name not in files:
                raise IndexLoadError(f"{self.path}: {name} is not in the manifest")
        store.verify_build(self.path, {"files": {n: files[n] for n in todo}})
        self._verified.update(todo)

    def verify_all(self) -> None:
        """Every file of the build against the manifest (those checked already are not hashed again); raises
        IndexLoadError."""
        files = self.manifest.get("files")
        if not isinstance(files, dict) or not files:
            raise IndexLoadError(f"{self.path / store.MANIFEST}: lists no files")
        self._verify(*files)

    @cached_property
    def files(self) -> dict[str, FileRecord]:
        """source → its record; empty when the record is missing or damaged (then every file is read)."""
        try:
            self._verify(FILES)
            out = {}
            for line in (self.path / FILES).read_text("utf-8").splitlines():
                row = json.loads(line)
                out[row["source"]] = FileRecord(
                    row["source"],
                    int(row["size"]),
                    int(row["mtime_ns"]),
                    row["sha256"],
                    row["outcome"],
                    row.get("reason", ""),
                    row.get("trusted", True),
                )
            return out
        except (IndexLoadError, OSError, ValueError, KeyError, TypeError):
            return {}

    @cached_property
    def _documents(self) -> DocumentRows | None:
        try:
            self._verify(DOCUMENTS, TEXTS, DOCUMENT_TABLE, DOCUMENT_IDS)
            table = np.load(self.path / DOCUMENT_TABLE, allow_pickle=False)
            ids = np.load(self.path / DOCUMENT_IDS, allow_pickle=False)
            return DocumentRows(map_file(self.path / DOCUMENTS), map_file(self.path / TEXTS), table, ids)
        except (IndexLoadError, OSError, ValueError):
            return None

    def document(self, doc_id: str, sha256: str) -> Document | None:
        """The previous build's document `doc_id` when its content hash is `sha256`."""
        rows = self._documents
        if rows is None or not sha256:
            return None
        row = rows.row_of(doc_id)
        if row is None:
            return None
        try:
            doc = rows.at(row)
        except (ValueError, KeyError, UnicodeDecodeError):
            return None
        return doc if doc.sha256 == sha256 else None

    @cached_property
    def _chunks(self) -> tuple[ChunkRows, np.ndarray, TermCounts] | None:
        """The chunks, each document's first chunk row (by document row, plus the end), and the term counts."""
        try:
            self._verify(CHUNKS, CHUNK_TABLE, TEXTS, COUNTS_FILE, LENGTHS_FILE, VOCAB_FILE)
            table = np.load(self.path / CHUNK_TABLE, allow_pickle=False)
            doc_rows = table[:, 4]
            if len(doc_rows) and np.any(np.diff(doc_rows) < 0):
                return None  # not in document order: ranges cannot be taken
            rows = self._documents
            if rows is None:
                return None
            starts = np.searchsorted(doc_rows, np.arange(len(rows) + 1), side="left")
            terms = json.loads((self.path / VOCAB_FILE).read_text("utf-8"))["terms"]
            counts = TermCounts.load(self.path, terms)
            if counts.n_docs != len(table):
                return None
            return ChunkRows(map_file(self.path / CHUNKS), map_file(self.path / TEXTS), table), starts, counts
        except (IndexLoadError, OSError, ValueError, KeyError, TypeError):
            return None

    def chunk_range(self, doc: Document) -> tuple[int, int] | None:
        """Rows [start, end) of `doc`'s chunks in the previous build, when the same document (doc_id, content,
        title) was built there; None otherwise."""
        rows, chunks = self._documents, self._chunks
        if rows is None or chunks is None:
            return None
        row = rows.row_of(doc.doc_id)
        if row is None:
            return None
        before = rows.at(row)
        if before.sha256 != doc.sha256 or before.title != doc.title or before.text != doc.text:
            return None
        _, starts, _ = chunks
        return int(starts[row]), int(starts[row + 1])

    def chunks(self, start: int, end: int) -> list[Chunk]:
        assert self._chunks is not None
        return self._chunks[0][start:end]

    @property
    def counts(self) -> TermCounts:
        assert self._chunks is not None
        return self._chunks[2]
