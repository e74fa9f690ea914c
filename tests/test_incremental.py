"""Incremental builds (index.incremental): adding, changing or deleting one report reuses the rest of the
current build — files not read again, documents not parsed or OCRed again, chunks, numbers, places, BM25 term
counts and vectors taken by row — and the result is the index a full build gives, file for file.

Small data: three short reports plus fixture files made by real tools (a PDF, a scanned page when tesseract is
installed); vectors come from the session's shared vector cache after the first build.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

import index.documents as documents_module
from index import store
from index.build import build_index, previous_vectors
from index.embed import DEFAULT_EMBED_MODEL
from index.errors import IndexLoadError
from index.reader import CorpusIndex
from index.readers import ocr_available

pytestmark = pytest.mark.slow  # real builds (model, FAISS)

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
REPORTS = {
    "jiangmen.txt": "江门市总工会工作报告\n江门全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n",
    "shaanxi.txt": "陕西省总工会工作报告\n陕西建成省级职工书屋1200家,职工之家300个。\n",
}
ADDED = "台州市总工会工作报告\n台州全市已建成联合工会368家,覆盖职工12万人。\n"
HOUR_NS = 3600 * 10**9


def build(corpus: Path, index_dir: Path, **kwargs: object):
    return build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False, **kwargs)  # type: ignore[arg-type]


def settle(corpus: Path) -> None:
    """Every file's mtime an hour back: as files are between real builds (not modified just before one)."""
    past = time.time_ns() - HOUR_NS
    for path in corpus.iterdir():
        os.utime(path, ns=(past, past))


def index_files(index_dir: Path) -> dict[str, str]:
    """name → sha256 of every file of the current build but the record of input files (mtimes differ)."""
    build_dir = store.current_build(index_dir)
    assert build_dir is not None
    files = store.read_manifest(build_dir)["files"]
    return {name: meta["sha256"] for name, meta in files.items() if name != "files.jsonl"}


def same_as_full_build(corpus: Path, index_dir: Path, tmp_path: Path) -> None:
    full = tmp_path / f"full-{time.monotonic_ns()}"
    build(corpus, full, force=True)
    assert index_files(index_dir) == index_files(full)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
    shutil.copy(FIXTURES / "onecol.pdf", folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)  # a header, then garbage
    settle(folder)
    return folder


@pytest.fixture()
def laid_out_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the PDF/DOCX/HTML/image readers were run on (OCR included)."""
    calls: list[str] = []
    real = documents_module.read_laid_out

    def counted(fmt: str, data: bytes, name: str, decode):
        calls.append(Path(name).name)
        return real(fmt, data, name, decode)

    monkeypatch.setattr(documents_module, "read_laid_out", counted)
    return calls


def test_adding_and_deleting_a_report_reuses_the_rest(corpus: Path, tmp_path: Path, laid_out_reads: list[str]) -> None:
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir)
    assert first.built and first.documents == 3 and first.reused_chunks == 0
    assert sorted(laid_out_reads) == ["broken.pdf", "onecol.pdf"]
    assert [(Path(f.source).name, f.reason) for f in first.failed] == [("broken.pdf", first.failed[0].reason)]

    laid_out_reads.clear()
    (corpus / "taizhou.txt").write_text(ADDED, "utf-8")
    added = build(corpus, index_dir)
    # The four files there before were not read at all (size and mtime as recorded), nor parsed again.
    assert added.built and added.unread == 4 and added.reused_documents == 3
    assert added.reused_chunks == first.chunks and added.chunks > first.chunks
    assert laid_out_reads == []
    assert [Path(f.source).name for f in added.failed] == ["broken.pdf"]  # still listed, with the same reason
    assert added.failed[0].reason == first.failed[0].reason
    same_as_full_build(corpus, index_dir, tmp_path)
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    taizhou = next(c for c in index.chunks if c.doc_id == "taizhou")
    assert any(m.value == 368 for m in taizhou.numbers) and taizhou.places

    (corpus / "shaanxi.txt").unlink()
    deleted = build(corpus, index_dir)
    assert deleted.built and deleted.encoded == 0 and deleted.documents == 3
    assert "shaanxi" not in CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL).documents
    same_as_full_build(corpus, index_dir, tmp_path)
    # A term only the deleted report had is gone from BM25's vocabulary (its statistics are the full build's).
    assert "陕西" not in CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL).bm25.vocabulary


def test_a_changed_report_is_read_again_and_only_it(corpus: Path, tmp_path: Path, laid_out_reads: list[str]) -> None:
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir)
    laid_out_reads.clear()
    changed = REPORTS["jiangmen.txt"].replace("23个", "31个")
    (corpus / "jiangmen.txt").write_text(changed, "utf-8")  # same size, new mtime
    again = build(corpus, index_dir)
    assert again.built and again.reused_documents == 2 and laid_out_reads == []
    assert again.reused_chunks == first.chunks - 1  # jiangmen's one chunk is new
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    numbers = [m.value for c in index.chunks if c.doc_id == "jiangmen" for m in c.numbers]
    assert 31 in numbers and 23 not in numbers
    same_as_full_build(corpus, index_dir, tmp_path)


def test_a_file_touched_but_unchanged_is_hashed_not_parsed(
    corpus: Path, tmp_path: Path, laid_out_reads: list[str]
) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    laid_out_reads.clear()
    (corpus / "onecol.pdf").touch()  # a copy, a checkout: new mtime, same bytes
    (corpus / "extra.txt").write_text(ADDED, "utf-8")
    summary = build(corpus, index_dir)
    assert summary.unread == 3 and summary.reused_documents == 3 and laid_out_reads == []


def test_a_file_changed_just_before_a_build_is_hashed_next_time(corpus: Path, tmp_path: Path) -> None:
    """Timestamps are coarser than writes: a file recorded within 2 s of its mtime may change again under the
    same size and mtime, so the next build hashes it rather than trusting the record (git's racy rule)."""
    index_dir = tmp_path / "index"
    report = corpus / "jiangmen.txt"
    report.write_text(REPORTS["jiangmen.txt"], "utf-8")  # mtime: now
    build(corpus, index_dir)
    stat = report.stat()
    report.write_text(REPORTS["jiangmen.txt"].replace("23个", "31个"), "utf-8")  # same size
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    summary = build(corpus, index_dir)
    assert summary.built and summary.unread == 3  # the other three files, recorded long after their mtime
    numbers = [m.value for c in CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL).chunks for m in c.numbers]
    assert 31 in numbers and 23 not in numbers


@pytest.mark.skipif(not ocr_available(), reason="tesseract with chi_sim is not installed")
def test_a_scanned_page_is_not_ocred_again(tmp_path: Path, laid_out_reads: list[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "scan_page.png", corpus)
    (corpus / "jiangmen.txt").write_text(REPORTS["jiangmen.txt"], "utf-8")
    build(corpus, tmp_path / "index")
    assert laid_out_reads == ["scan_page.png"]
    (corpus / "taizhou.txt").write_text(ADDED, "utf-8")
    summary = build(corpus, tmp_path / "index")
    assert summary.built and laid_out_reads == ["scan_page.png"]  # once, at the first build
    assert CorpusIndex.load(tmp_path / "index", DEFAULT_EMBED_MODEL).documents["scan_page"].ocr


def test_an_oversize_file_stays_listed_with_its_reason(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    limit = (corpus / "onecol.pdf").stat().st_size - 1
    first = build(corpus, index_dir, max_file_bytes=limit)
    (corpus / "taizhou.txt").write_text(ADDED, "utf-8")
    again = build(corpus, index_dir, max_file_bytes=limit)
    for summary in (first, again):
        reasons = {Path(f.source).name: f.reason for f in summary.failed}
        assert set(reasons) == {"onecol.pdf", "broken.pdf"} and "too large" in reasons["onecol.pdf"]
    manifest = store.read_manifest(store.current_build(index_dir))  # type: ignore[arg-type]
    assert {Path(f["source"]).name for f in manifest["failed"]} == {"onecol.pdf", "broken.pdf"}


def test_a_damaged_previous_build_is_not_reused(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    counts = store.current_build(index_dir) / "bm25_counts.npy"  # type: ignore[operator]
    data = bytearray(counts.read_bytes())
    data[-1] ^= 0xFF
    counts.write_bytes(bytes(data))
    (corpus / "taizhou.txt").write_text(ADDED, "utf-8")
    summary = build(corpus, index_dir)
    assert summary.built and summary.reused_chunks == 0  # nothing taken from a build that fails its checksums
    same_as_full_build(corpus, index_dir, tmp_path)


@pytest.mark.parametrize("damaged", ["documents.txt", "vectors.faiss"])
def test_a_damaged_file_is_never_taken_for_up_to_date(
    corpus: Path, tmp_path: Path, damaged: str, laid_out_reads: list[str]
) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    path = store.current_build(index_dir) / damaged  # type: ignore[operator]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    laid_out_reads.clear()
    again = build(corpus, index_dir)  # the corpus is unchanged, the index is not intact: built again
    assert again.built
    # A damaged text is not a source of documents: the PDF is parsed again. A damaged FAISS file is not
    # reused at all (it is rebuilt from the vectors), so the documents still are.
    assert laid_out_reads == (["onecol.pdf"] if damaged == "documents.txt" else [])
    CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)  # verified, whole


def test_an_index_of_an_older_format_is_refused_and_rebuilt(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build(corpus, index_dir)
    current = store.current_build(index_dir)
    assert current is not None
    manifest = json.loads((current / store.MANIFEST).read_text("utf-8"))
    manifest["format_version"] = store.FORMAT_VERSION - 1
    (current / store.MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexLoadError, match=r"older than this program's .*Run `qa index`.*nothing is re-encoded"):
        CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    assert previous_vectors(current, DEFAULT_EMBED_MODEL) is not None  # vectors survive a format change
    summary = build(corpus, index_dir)
    assert summary.built and summary.reused_chunks == 0 and summary.encoded == 0
    assert f"format version {store.FORMAT_VERSION - 1}" in summary.not_reused
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    assert index.manifest["format_version"] == store.FORMAT_VERSION
    assert np.asarray(index.vectors.size) == len(index.chunks)


def test_qa_index_adds_uploads_only_without_an_explicit_corpus(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from qa.cli import main

    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "taizhou.txt").write_text(ADDED, "utf-8")
    monkeypatch.setenv("QA_UPLOAD_DIR", str(uploads))
    monkeypatch.setenv("QA_CORPUS", json.dumps([str(corpus)]))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def indexed(*args: str) -> set[str]:
        index_dir = tmp_path / f"index-{len(args)}-{'-'.join(a.strip('-') for a in args if a.startswith('--'))}"
        result = runner.invoke(main, ["index", "--index-dir", str(index_dir), *args])
        assert result.exit_code == 0, result.output
        assert "reports unchanged" in result.output and "broken.pdf" in result.output  # the failure, listed
        return set(CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL).documents)

    assert "taizhou" in indexed()  # the configured corpus (QA_CORPUS): the served index, uploads included
    assert "taizhou" not in indexed("--corpus", str(corpus))  # exactly the files named
    assert "taizhou" in indexed("--corpus", str(corpus), "--uploads")
    assert "taizhou" not in indexed("--no-uploads")


def test_a_beir_corpus_keeps_its_unchanged_rows(tmp_path: Path) -> None:
    """A BEIR corpus.jsonl is one file, read whole; its unchanged rows are not cleaned again and keep their
    chunks, a row whose title changed gets new chunks (the title is part of what is indexed)."""
    rows = [
        {"_id": "jm", "title": "江门", "text": REPORTS["jiangmen.txt"]},
        {"_id": "sx", "title": "陕西", "text": REPORTS["shaanxi.txt"]},
    ]
    corpus = tmp_path / "set"
    corpus.mkdir()

    def write(rows: list[dict[str, str]]) -> None:
        lines = (json.dumps(r, ensure_ascii=False) for r in rows)
        (corpus / "corpus.jsonl").write_text("\n".join(lines) + "\n", "utf-8")

    write(rows)
    index_dir = tmp_path / "index"
    first = build(corpus, index_dir)
    rows[1]["title"] = "陕西省总工会"
    write([*rows, {"_id": "tz", "title": "台州", "text": ADDED}])
    again = build(corpus, index_dir)
    assert again.built and again.reused_documents == 2 and again.documents == 3
    assert again.reused_chunks == first.chunks - 1  # 陕西's one chunk is new: its title changed
    assert CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL).documents["sx"].title == "陕西省总工会"
    same_as_full_build(corpus, index_dir, tmp_path)
