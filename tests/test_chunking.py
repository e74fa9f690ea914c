from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.chunking import MAX_CHARS, chunk_document
from index.documents import Document, read_corpus


@pytest.fixture(scope="module")
def seed_documents(corpus_dir: Path) -> list[Document]:
    return read_corpus([corpus_dir]).documents


def test_offsets_round_trip_on_every_seed_report(seed_documents: list[Document]) -> None:
    assert len(seed_documents) == 5
    for doc in seed_documents:
        chunks = chunk_document(doc)
        assert chunks, doc.doc_id
        for chunk in chunks:
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.chunk_id.startswith(doc.doc_id + "#")
        covered = set()
        for chunk in chunks:
            covered.update(range(chunk.start, chunk.end))
        body = {i for i, ch in enumerate(doc.text) if ch not in " \n"}
        assert body <= covered, f"{doc.doc_id}: text left out of every chunk"


def test_chunk_sizes(seed_documents: list[Document]) -> None:
    sizes = [len(c.text) for d in seed_documents for c in chunk_document(d)]
    assert max(sizes) <= MAX_CHARS
    assert sorted(sizes)[len(sizes) // 2] >= 150  # the median chunk is in the 150–300 band


def test_numbers_are_never_cut_from_their_units(seed_documents: list[Document]) -> None:
    for doc in seed_documents:
        for chunk in chunk_document(doc):
            assert not re.match(r"[家个人名万亿元%]", chunk.text), chunk.text[:20]
            assert not re.search(r"\d$", chunk.text), chunk.text[-20:]


def test_long_unpunctuated_line_is_split_without_cutting_numbers() -> None:
    text = ("文化服务中心42个" * 40) + "结束。"
    doc = Document(doc_id="long", title="t", text=text, source="t", sha256="0")
    chunks = chunk_document(doc)
    assert len(chunks) > 1 and all(len(c.text) <= MAX_CHARS for c in chunks)
    for c in chunks:
        assert not c.text.startswith("个") and not c.text.startswith("2")


def test_overlap_between_neighbours(seed_documents: list[Document]) -> None:
    chunks = chunk_document(seed_documents[4])
    overlaps = sum(1 for a, b in zip(chunks, chunks[1:]) if b.start < a.end)
    assert overlaps >= 1


def test_chunks_carry_their_heading(seed_documents: list[Document]) -> None:
    doc = next(d for d in seed_documents if d.doc_id.startswith("004"))
    chunks = chunk_document(doc)
    station = next(c for c in chunks if "工匠人才创新工作室174家" in c.text)
    assert station.heading == "数字看成效"
