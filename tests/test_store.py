"""The index directory: manifest, verified load, refusal of damaged or foreign builds, no-op rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index import store
from index.build import build_index
from index.embed import DEFAULT_EMBED_MODEL
from index.errors import IndexLoadError
from index.reader import CorpusIndex

SMALL = {
    "a.txt": "江门市总工会报告。\n全市现有户外劳动者工会爱心驿站23个,职工书屋588家。\n",
    "b.md": "台州市总工会报告。\n全市基层工会总数8125家,联合工会846家。\n",
}


@pytest.fixture()
def small_index(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in SMALL.items():
        (corpus / name).write_text(text, "utf-8")
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return corpus, index_dir


def test_manifest_records_settings_and_files(small_index: tuple[Path, Path]) -> None:
    _, index_dir = small_index
    build = store.current_build(index_dir)
    manifest = json.loads((build / "manifest.json").read_text("utf-8"))
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert manifest["embed_model"] == DEFAULT_EMBED_MODEL and manifest["embed_dim"] == 384
    assert manifest["counts"]["documents"] == 2
    assert set(manifest["files"]) >= {"chunks.jsonl", "documents.jsonl", "vectors.faiss", "bm25_data.npy"}
    for name, meta in manifest["files"].items():
        assert (build / name).stat().st_size == meta["size"] and len(meta["sha256"]) == 64
    assert not list(build.glob("*.pkl")) and not list(build.glob("*.pickle"))


def test_round_trip(small_index: tuple[Path, Path], corpus_dir: Path) -> None:
    _, index_dir = small_index
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    assert set(index.documents) == {"a", "b"}
    station = next(c for c in index.chunks if "爱心驿站23个" in c.text)
    assert index.documents["a"].text[station.start : station.end] == station.text
    assert any(m.value == 23 and m.unit == "个" for m in station.numbers)


def test_unchanged_corpus_is_not_rebuilt(small_index: tuple[Path, Path]) -> None:
    corpus, index_dir = small_index
    before = store.current_build(index_dir)
    summary = build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    assert not summary.built and store.current_build(index_dir) == before
    (corpus / "c.txt").write_text("新报告。\n平湖市有驿站176家。\n", "utf-8")
    summary = build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    assert summary.built and summary.documents == 3 and store.current_build(index_dir) != before
    forced = build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, force=True, show_progress=False)
    assert forced.built


def test_flipped_byte_is_refused_naming_the_file(small_index: tuple[Path, Path]) -> None:
    _, index_dir = small_index
    target = store.current_build(index_dir) / "chunks.jsonl"
    data = bytearray(target.read_bytes())
    data[10] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(IndexLoadError, match="chunks.jsonl.*checksum"):
        CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)


def test_truncated_file_is_refused(small_index: tuple[Path, Path]) -> None:
    _, index_dir = small_index
    target = store.current_build(index_dir) / "vectors.faiss"
    target.write_bytes(target.read_bytes()[:100])
    with pytest.raises(IndexLoadError, match="vectors.faiss.*truncated"):
        CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)


def test_deleted_file_is_refused(small_index: tuple[Path, Path]) -> None:
    _, index_dir = small_index
    (store.current_build(index_dir) / "bm25_indptr.npy").unlink()
    with pytest.raises(IndexLoadError, match="bm25_indptr.npy.*missing"):
        CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)


def test_other_embed_model_is_refused(small_index: tuple[Path, Path]) -> None:
    _, index_dir = small_index
    with pytest.raises(IndexLoadError, match="QA_EMBED_MODEL.*qa index --force"):
        CorpusIndex.load(index_dir, "BAAI/bge-small-zh-v1.5")


def test_other_format_version_is_refused(small_index: tuple[Path, Path]) -> None:
    _, index_dir = small_index
    manifest_path = store.current_build(index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["format_version"] = 999
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexLoadError, match="format version 999"):
        CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)


def test_missing_index_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(IndexLoadError, match="qa index"):
        CorpusIndex.load(tmp_path / "nothing", DEFAULT_EMBED_MODEL)


def test_interrupted_build_leaves_old_index_and_is_cleaned(small_index: tuple[Path, Path]) -> None:
    corpus, index_dir = small_index
    before = store.current_build(index_dir)
    leftover = index_dir / "builds" / ".tmp-crashed"
    leftover.mkdir()
    (leftover / "chunks.jsonl").write_text("{half", "utf-8")
    assert CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL).path == before
    build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, force=True, show_progress=False)
    assert not leftover.exists()


def test_file_from_another_build_is_refused(small_index: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = small_index
    other_dir = tmp_path / "other"
    (corpus / "c.txt").write_text("另一份报告。\n平湖市有驿站176家。\n", "utf-8")
    build_index([corpus], other_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    shutil.copy(store.current_build(other_dir) / "chunks.jsonl", store.current_build(index_dir) / "chunks.jsonl")
    with pytest.raises(IndexLoadError, match="chunks.jsonl"):
        CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
