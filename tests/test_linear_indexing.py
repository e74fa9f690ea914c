"""Indexing is linear in the input, reports progress in logs too, and never leaves a killed or failed
build behind. (The time and peak memory of 1/10/50 MB reports are in `make bench`: bench/big_report.py.)"""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import index.build as build_module
from index import store
from index.build import build_index, chunk_corpus
from index.chunking import chunk_document
from index.documents import Document
from index.embed import DEFAULT_EMBED_MODEL
from index.errors import QAError
from index.places import Gazetteer, paragraph_places
from index.progress import PlainProgress

ROOT = Path(__file__).resolve().parent.parent
REPORT = "江门市总工会报告\n全市现有基层工会4716家,职工书屋588家。\n蓬江区总工会新建驿站12个。\n"


class CountingLines(list):  # type: ignore[type-arg]
    """A list that counts how often its items are read."""

    reads = 0

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        CountingLines.reads += 1
        return super().__getitem__(i)

    def __iter__(self) -> Iterator[object]:
        for item in super().__iter__():
            CountingLines.reads += 1
            yield item


def test_chunk_places_are_found_in_one_pass_over_the_lines() -> None:
    text = "\n".join(f"第{n}条消息。江门市新建驿站{n}个" for n in range(3000))
    lines = CountingLines((s, e, [p.adcode for p in places]) for s, e, places in paragraph_places(text))
    CountingLines.reads = 0
    chunks = chunk_document(Document("d", "d", text, "d", ""), lambda _: lines)
    assert len(chunks) > 100
    assert CountingLines.reads <= 4 * (len(lines) + len(chunks))  # was len(lines) * len(chunks)
    assert all("440700" in c.places for c in chunks)


def test_a_long_run_of_headings_keeps_its_sections() -> None:
    text = "\n".join(["江门市总工会", *(f"栏目{n:04d}" for n in range(5000)), "全市现有驿站23个。"])
    lines = paragraph_places(text)
    assert len(lines) == 5002
    assert all(any(p.name == "江门市" for p in places) for _, _, places in lines)


def test_plain_progress_lines_are_rate_limited() -> None:
    out = io.StringIO()
    progress = PlainProgress(out, interval=3600)
    task = progress.add_task("chunking", total=10)
    for n in range(1, 11):
        progress.update(task, completed=n, description=f"chunking: {n} chunks, 1.0 MB/s")
    assert out.getvalue().splitlines() == ["chunking: 10 chunks, 1.0 MB/s: 10/10 (100%), 0 s"]
    out = io.StringIO()
    progress = PlainProgress(out, interval=0)
    task = progress.add_task("BM25", total=3)
    for _ in range(3):
        progress.advance(task)
    assert len(out.getvalue().splitlines()) == 3


def test_chunking_reports_chunks_and_megabytes() -> None:
    docs = [Document(f"d{i}", "t", REPORT * 200, "s", "") for i in range(2)]
    calls: list[tuple[int, float]] = []
    chunks = chunk_corpus(docs, Gazetteer.default(), lambda n, mb: calls.append((n, mb)))
    assert calls[-1] == (len(chunks), pytest.approx(2 * len((REPORT * 200).encode()) / 1e6))
    assert [n for n, _ in calls] == sorted(n for n, _ in calls) and len(calls) >= 2


def test_big_report_bench_runs_tiny(tmp_path: Path) -> None:
    out = tmp_path / "big.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.big_report", "--sizes", "0.02,short:0.01", "--json", str(out)],
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    sizes = json.loads(out.read_text())["sizes"]
    assert [s["shape"] for s in sizes] == ["report", "short"]
    assert all(s["chunks"] > 0 and s["peak_rss_mb"] > 0 and s["chunk_s"] >= 0 for s in sizes)


@pytest.mark.slow
def test_builds_log_progress_confirm_read_only_indexes_and_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(REPORT * 30, "utf-8")
    index_dir = tmp_path / "index"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(  # stderr is a pipe, not a terminal: plain progress lines
        [sys.executable, "-m", "qa.cli", "index", "--corpus", str(corpus), "--index-dir", str(index_dir)],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "chunking: " in done.stderr and "MB/s" in done.stderr and "embedding" in done.stderr
    current = store.current_build(index_dir)

    # What a killed build leaves is removed by the next run, even when nothing needs rebuilding.
    killed = index_dir / "builds" / ".tmp-20240101-000000-dead"
    killed.mkdir()
    (killed / "chunks.jsonl").write_text("{}")
    os.symlink("builds/nothing", index_dir / ".current-dead")
    assert not build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False).built
    assert not killed.exists() and not (index_dir / ".current-dead").is_symlink()

    # A folder the lock cannot be written in (a read-only disk): an up-to-date index is still confirmed.
    def read_only(path: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path / ".lock"))

    monkeypatch.setattr(store, "build_lock", read_only)
    assert not build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False).built
    with pytest.raises(OSError, match="Read-only"):
        build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, force=True, show_progress=False)
    monkeypatch.undo()

    # The disk fills up while writing (a real ENOSPC from /dev/full): one clear error, the old index stays.
    def disk_full(*_: object) -> list[str]:
        with open("/dev/full", "wb") as full:
            full.write(b"{}")
            full.flush()
        return []

    monkeypatch.setattr(build_module, "write_corpus", disk_full)
    with pytest.raises(QAError, match="no space left .* the previous index is still in place"):
        build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, force=True, show_progress=False)
    assert store.current_build(index_dir) == current
    assert not [p for p in (index_dir / "builds").iterdir() if p.name.startswith(".tmp-")]


def test_the_first_character_lookahead_of_number_matching_changes_no_match() -> None:
    import re

    from index import numbers

    full = re.compile(numbers._MENTION.pattern.replace(f"(?={numbers._FIRST})", "", 1), re.VERBOSE)
    assert full.pattern != numbers._MENTION.pattern
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    texts += [(ROOT / "tests" / "fixtures" / "web_mixed_script.simplified.txt").read_text("utf-8")]
    texts += [
        "约3万人、超过5成、将近20家、第3届、其一、(2023)12号、5G、A1、数十人、几百个、逾千人、不足5%、最多3次、至少一名"
    ]
    for text in texts:
        assert [m.span() for m in numbers._MENTION.finditer(text)] == [m.span() for m in full.finditer(text)]
