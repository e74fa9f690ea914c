"""The index's documents and chunks are read on demand (byte offsets into memory-mapped files), and read
back exactly what was written; the checksums still cover every file."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import store
from index.build import build_index
from index.chunking import Chunk
from index.documents import Document
from index.embed import DEFAULT_EMBED_MODEL
from index.errors import IndexLoadError
from index.numbers import NumberMention
from index.reader import ChunkRows, CorpusIndex, DocumentRows, write_corpus

# Multi-byte text on purpose (CJK = 3 bytes, emoji = 4, Latin = 1): offsets are characters in the API and
# bytes in the files.
DOCS = [
    Document(
        "z-last", "最后的报告", "平湖市总工会。\n户外劳动者驿站176家😀,服务12.5万人次。\nAbc 工会\n", "z.txt", "0" * 64
    ),
    Document(
        "a-first", "江门", "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n", "a.txt", "1" * 64
    ),
    Document("m-empty", "空", "", "m.txt", "2" * 64),
]


def _chunks() -> list[Chunk]:
    out = []
    for doc in DOCS:
        lines = [line for line in doc.text.split("\n") if line]
        pos = 0
        for n, line in enumerate(lines):
            start = doc.text.index(line, pos)
            pos = start + len(line)
            numbers = tuple(
                NumberMention(23, "个", "23个", None, "爱心驿站", line.index("23"), line.index("23") + 3, "quantity")
                for _ in [0]
                if "23个" in line
            )
            out.append(
                Chunk(f"{doc.doc_id}#{n}", doc.doc_id, start, pos, line, "标题" if n else "", ("440700",), numbers)
            )
    return out


@pytest.fixture()
def written(tmp_path: Path) -> tuple[Path, list[str]]:
    return tmp_path, write_corpus(tmp_path, DOCS, _chunks())


def _open(directory: Path) -> tuple[DocumentRows, ChunkRows]:
    from index.reader import CHUNK_TABLE, CHUNKS, DOCUMENT_IDS, DOCUMENT_TABLE, DOCUMENTS, TEXTS, _map

    texts = _map(directory / TEXTS)
    documents = DocumentRows(
        _map(directory / DOCUMENTS), texts, np.load(directory / DOCUMENT_TABLE), np.load(directory / DOCUMENT_IDS)
    )
    return documents, ChunkRows(_map(directory / CHUNKS), texts, np.load(directory / CHUNK_TABLE))


def test_round_trip_of_documents_and_chunks(written: tuple[Path, list[str]]) -> None:
    directory, files = written
    assert set(files) >= {"documents.jsonl", "chunks.jsonl", "documents.txt"}
    documents, chunks = _open(directory)
    assert list(documents) == ["z-last", "a-first", "m-empty"]  # corpus order
    assert len(documents) == 3 and [documents[d.doc_id] for d in DOCS] == DOCS
    assert "a-first" in documents and "nope" not in documents and documents.get("nope") is None
    with pytest.raises(KeyError):
        documents["nope"]
    expected = _chunks()
    assert len(chunks) == len(expected) and list(chunks) == expected
    assert chunks[-1] == expected[-1] and chunks[np.int64(1)] == expected[1] and chunks[1:3] == expected[1:3]
    with pytest.raises(IndexError):
        chunks[len(expected)]
    for chunk in chunks:
        assert documents[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
    assert list(documents.chars()) == [len(d.text) for d in DOCS]


def test_chunks_are_parsed_only_when_asked(written: tuple[Path, list[str]]) -> None:
    _, chunks = _open(written[0])
    assert chunks._read.cache_info().currsize == 0
    chunks[2]
    assert chunks._read.cache_info().currsize == 1


def test_text_and_places_read_without_parsing_the_chunk(written: tuple[Path, list[str]]) -> None:
    """The light accessors (fusion reads ~100 texts a question, qa.sources scans a report's places) give what
    the parsed chunk gives, and parse nothing."""
    _, chunks = _open(written[0])
    expected = _chunks()
    assert [chunks.text(i) for i in range(len(chunks))] == [c.text for c in expected]
    assert [chunks.doc_and_places(i) for i in range(len(chunks))] == [(c.doc_id, c.places) for c in expected]
    assert [chunks.first_place(i) for i in range(len(chunks))] == [c.places[0] if c.places else None for c in expected]
    assert chunks._read.cache_info().currsize == 0
    with pytest.raises(IndexError):
        chunks.text(len(expected))
    with pytest.raises(IndexError):
        chunks.doc_and_places(-1)
    with pytest.raises(IndexError):
        chunks.first_place(len(expected))


def test_places_read_from_a_row_whose_heading_looks_like_the_key(tmp_path: Path) -> None:
    """doc_and_places decodes a row only up to its places list: a heading holding the key's text (escaped in
    the row) or brackets must not mislead it."""
    tricky = [
        replace(c, heading='"places":["999999"]] ]', places=("440700", "440000"))
        if i == 1
        else replace(c, heading='"places":[]', places=())
        if i == 2
        else c
        for i, c in enumerate(_chunks())
    ]
    write_corpus(tmp_path, DOCS, tricky)
    _, chunks = _open(tmp_path)
    assert [chunks.doc_and_places(i) for i in range(len(chunks))] == [(c.doc_id, c.places) for c in tricky]
    assert [chunks.first_place(i) for i in range(len(chunks))] == [c.places[0] if c.places else None for c in tricky]
    assert chunks[1].heading == tricky[1].heading


def test_report_places_scan_the_lazy_rows_as_the_parsed_chunks(written: tuple[Path, list[str]]) -> None:
    """A report whose title names no place gets the place its passages name, read through the light accessor
    (no chunk parsed) — the same answer as over parsed chunks."""
    from index.places import Gazetteer
    from qa.sources import ReportPlaces

    documents, chunks = _open(written[0])
    gazetteer = Gazetteer.default()
    lazy = ReportPlaces(chunks, documents, gazetteer)
    parsed = ReportPlaces(_chunks(), documents, gazetteer)
    rows = range(len(chunks))
    assert [lazy.place(i) for i in rows] == [parsed.place(i) for i in rows]
    assert lazy.place(0) == gazetteer.get("440700").name  # "最后的报告": its passages' place
    assert chunks._read.cache_info().currsize == 0


def test_a_chunk_of_an_unknown_document_is_refused(tmp_path: Path) -> None:
    orphan = Chunk("x#0", "x", 0, 1, "x", "", ())
    with pytest.raises(ValueError, match="belongs to no document"):
        write_corpus(tmp_path, DOCS, [orphan])


@pytest.fixture(scope="module")
def seed_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    for doc in DOCS[:2]:
        (corpus / f"{doc.doc_id}.txt").write_text(doc.text, "utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


def test_load_reads_no_chunk_and_answers_lookups(seed_like: Path) -> None:
    index = CorpusIndex.load(seed_like, DEFAULT_EMBED_MODEL)
    assert isinstance(index.chunks, ChunkRows) and index.chunks._read.cache_info().currsize == 0
    # the fusion's document lookup (doc_id, title) reads neither a chunk nor a document's text
    assert isinstance(index.documents, DocumentRows)
    looked_up = [index.chunk_document(i) for i in range(len(index.chunks))]
    assert index.chunks._read.cache_info().currsize == 0 and index.documents._read.cache_info().currsize == 0
    assert index.manifest["format_version"] == store.FORMAT_VERSION
    assert index.chunk_counts() == {doc_id: sum(c.doc_id == doc_id for c in index.chunks) for doc_id in index.documents}
    hits = index.bm25.top_k(index.tokenizer.tokenize("平湖户外劳动者驿站"), 3)
    assert hits and "驿站" in index.chunks[hits[0][0]].text
    for chunk in index.chunks:
        assert index.documents[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
    assert looked_up == [(c.doc_id, index.documents[c.doc_id].title) for c in index.chunks]


def test_a_flipped_byte_in_the_text_file_is_refused(seed_like: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(seed_like, copy, symlinks=True)
    target = store.current_build(copy) / "documents.txt"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(IndexLoadError, match="documents.txt.*checksum"):
        CorpusIndex.load(copy, DEFAULT_EMBED_MODEL)


def test_checksums_of_large_files_are_exact(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(np.random.default_rng(0).bytes(20 * 2**20 + 123))  # several 8 MiB blocks and a remainder
    small = tmp_path / "small.bin"
    small.write_bytes(b"abc")
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    digests = store.sha256_files([big, small, empty])
    for path in (big, small, empty):
        assert digests[path] == store.sha256_file(path) == hashlib.sha256(path.read_bytes()).hexdigest()
