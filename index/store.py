"""The index directory on disk: plain files plus a manifest, built aside and swapped in atomically.

    <index_dir>/current -> builds/<build_id>      a symlink, replaced in one rename
    <index_dir>/builds/<build_id>/manifest.json   format version, settings, counts, each file's size+sha256
    <index_dir>/builds/.tmp-<build_id>/           a build in progress (removed by the next build)

No pickle anywhere: JSON lines, .npy (allow_pickle=False) and a FAISS file. A crash before the swap
leaves the old index in place; loading checks every file against the manifest.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index.errors import IndexLoadError, QAError

# 2: corpus text in documents.txt read lazily through byte-offset tables; BM25 term table (see index.reader)
# 3: incremental builds: files.jsonl (each input file's size, mtime, sha256, outcome) and per-chunk BM25 term
#    counts (bm25_counts.npy, bm25_lengths.npy), see index.incremental
FORMAT_VERSION = 3
MANIFEST = "manifest.json"
CURRENT = "current"
BUILDS = "builds"
_TMP_PREFIX = ".tmp-"
_REBUILD = "Run `qa index --force` to rebuild it."
CRASH_ENV = "QA_CRASH_AT"  # test hook, see crash_point


def crash_point(point: str, torn: Path | None = None) -> None:
    """Test hook for tests/test_crash.py; does nothing unless the environment variable QA_CRASH_AT names
    `point`. Then the process SIGKILLs itself here, as a power cut or the OOM killer would, with no chance to
    clean up. `torn`, when given, is first cut to half its size: the state a kill in the middle of writing
    that file leaves. Points: `write:<file>` (each index file and manifest.json), `before-swap`, `after-swap`."""
    if os.environ.get(CRASH_ENV) != point:
        return
    if torn is not None:
        os.truncate(torn, torn.stat().st_size // 2)
    os.kill(os.getpid(), signal.SIGKILL)


_HASH_BLOCK = 8 << 20


def sha256_file(path: Path) -> str:
    """sha256 of a file, read in 8 MiB blocks into one reused buffer (hashlib releases the GIL on blocks
    this size, so several files hash in parallel threads)."""
    digest = hashlib.sha256()
    buffer = bytearray(min(_HASH_BLOCK, max(1, path.stat().st_size)))
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


def sha256_files(paths: list[Path]) -> dict[Path, str]:
    """sha256 of several files, hashed side by side on the available cores, biggest first."""
    paths = sorted(paths, key=lambda p: -p.stat().st_size)
    workers = min(len(paths), len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2)
    if workers <= 1 or sum(p.stat().st_size for p in paths) < _HASH_BLOCK:
        return {p: sha256_file(p) for p in paths}
    with ThreadPoolExecutor(workers) as pool:
        return dict(zip(paths, pool.map(sha256_file, paths)))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> list[int]:
    """One JSON object per line; returns the byte offset of every line start, and the file size last."""
    offsets = [0]
    with path.open("wb") as f:
        for n, row in enumerate(rows):
            line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            f.write(line)
            offsets.append(offsets[-1] + len(line))
            if n == 0 and os.environ.get(CRASH_ENV):  # test hook: killed with one row of the file written
                f.flush()
                crash_point(f"write:{path.name}")
    return offsets


def current_build(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    return link.resolve() if link.is_symlink() or link.is_dir() else None


def read_manifest(build: Path) -> dict[str, Any]:
    path = build / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise IndexLoadError(f"{path}: missing — the index is incomplete. {_REBUILD}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexLoadError(f"{path}: damaged ({exc}). {_REBUILD}") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        found = manifest.get("format_version") if isinstance(manifest, dict) else None
        if isinstance(found, int) and found < FORMAT_VERSION:
            raise IndexLoadError(
                f"{path}: index format version {found}, older than this program's {FORMAT_VERSION}. Run `qa index` "
                "(with the same --corpus and --index-dir) to rebuild it; its vectors are reused, nothing is re-encoded."
            )
        raise IndexLoadError(
            f"{path}: index format version {found!r}, this program reads version {FORMAT_VERSION}. {_REBUILD}"
        )
    return manifest


def verify_build(build: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists exists with its recorded size and sha256."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexLoadError(f"{build / MANIFEST}: lists no files. {_REBUILD}")
    for name, expected in files.items():  # the cheap checks first, for every file
        path = build / name
        if not path.is_file():
            raise IndexLoadError(f"{path}: missing from the index. {_REBUILD}")
        size = path.stat().st_size
        if size != expected.get("size"):
            raise IndexLoadError(
                f"{path}: {size} bytes, the manifest says {expected.get('size')} "
                f"(truncated or from another build). {_REBUILD}"
            )
    digests = sha256_files([build / name for name in files])
    for name, expected in files.items():
        if digests[build / name] != expected.get("sha256"):
            raise IndexLoadError(
                f"{build / name}: checksum differs from the manifest (corrupted or from another build). {_REBUILD}"
            )


def open_current(index_dir: Path, embed_model: str | None) -> tuple[Path, dict[str, Any]]:
    """The verified current build and its manifest, or an IndexLoadError saying what to do."""
    build = current_build(index_dir)
    if build is None or not build.is_dir():
        raise IndexLoadError(f"no index at {index_dir}. Run `qa index --index-dir {index_dir}` to build it.")
    manifest = read_manifest(build)
    built_with = manifest.get("embed_model")
    if embed_model is not None and built_with != embed_model:
        raise IndexLoadError(
            f"the index at {index_dir} was built with the embedding model {built_with!r}, but "
            f"QA_EMBED_MODEL is {embed_model!r}. Run `qa index --force` to rebuild it with "
            f"{embed_model!r}, or set QA_EMBED_MODEL={built_with}."
        )
    verify_build(build, manifest)
    return build, manifest


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index directory."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise QAError(f"another `qa index` is building {index_dir}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class NewBuild:
    """A build directory being written; `commit` seals it with a manifest and swaps it in."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.build_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:8]
        builds = index_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        self.path = builds / f"{_TMP_PREFIX}{self.build_id}"
        self.path.mkdir()

    def commit(self, manifest: dict[str, Any], files: list[str]) -> Path:
        for name in files:
            crash_point(f"write:{name}", torn=self.path / name)  # test hook (files written by other modules)
            with (self.path / name).open("rb+") as f:
                os.fsync(f.fileno())
        digests = sha256_files([self.path / name for name in files])
        manifest = {
            "format_version": FORMAT_VERSION,
            "build_id": self.build_id,
            **manifest,
            "files": {
                name: {"size": (self.path / name).stat().st_size, "sha256": digests[self.path / name]} for name in files
            },
        }
        manifest_path = self.path / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        crash_point(f"write:{MANIFEST}", torn=manifest_path)  # test hook
        with manifest_path.open("rb+") as f:
            os.fsync(f.fileno())
        _fsync_dir(self.path)
        final = self.path.parent / self.build_id
        os.rename(self.path, final)
        _fsync_dir(final.parent)
        swap_current(self.index_dir, final)
        return final

    def abandon(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def swap_current(index_dir: Path, build: Path) -> None:
    """Point `current` at `build` in one atomic rename of a fresh symlink."""
    link = index_dir / CURRENT
    staging = index_dir / f".{CURRENT}-{uuid.uuid4().hex[:8]}"
    os.symlink(Path(BUILDS) / build.name, staging)
    crash_point("before-swap")  # test hook
    os.replace(staging, link)
    crash_point("after-swap")  # test hook
    _fsync_dir(index_dir)


def clean_stale(index_dir: Path, keep: int = 2) -> None:
    """Remove interrupted builds and all but the newest `keep` finished ones (the current one always stays).
    The previous build is kept so a server still reading it is not pulled from under its feet."""
    builds = index_dir / BUILDS
    if not builds.is_dir():
        return
    current = current_build(index_dir)
    for leftover in index_dir.glob(f".{CURRENT}-*"):
        leftover.unlink(missing_ok=True)
    finished = []
    for entry in builds.iterdir():
        if entry.name.startswith(_TMP_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir():
            finished.append(entry)
    finished.sort(key=lambda p: p.name, reverse=True)
    for old in finished[keep:]:
        if current is None or old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
