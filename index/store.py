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
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index.errors import IndexLoadError, QAError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "current"
BUILDS = "builds"
_TMP_PREFIX = ".tmp-"
_REBUILD = "Run `qa index --force` to rebuild it."


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


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
        raise IndexLoadError(f"{path}: index format version {found!r}, this program reads version "
                             f"{FORMAT_VERSION}. {_REBUILD}")
    return manifest


def verify_build(build: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists exists with its recorded size and sha256."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexLoadError(f"{build / MANIFEST}: lists no files. {_REBUILD}")
    for name, expected in files.items():
        path = build / name
        if not path.is_file():
            raise IndexLoadError(f"{path}: missing from the index. {_REBUILD}")
        size = path.stat().st_size
        if size != expected.get("size"):
            raise IndexLoadError(f"{path}: {size} bytes, the manifest says {expected.get('size')} "
                                 f"(truncated or from another build). {_REBUILD}")
        if sha256_file(path) != expected.get("sha256"):
            raise IndexLoadError(f"{path}: checksum differs from the manifest (corrupted or from another "
                                 f"build). {_REBUILD}")


def open_current(index_dir: Path, embed_model: str | None) -> tuple[Path, dict[str, Any]]:
    """The verified current build and its manifest, or an IndexLoadError saying what to do."""
    build = current_build(index_dir)
    if build is None or not build.is_dir():
        raise IndexLoadError(f"no index at {index_dir}. Run `qa index` to build it.")
    manifest = read_manifest(build)
    built_with = manifest.get("embed_model")
    if embed_model is not None and built_with != embed_model:
        raise IndexLoadError(f"the index at {index_dir} was built with the embedding model {built_with!r}, but "
                             f"QA_EMBED_MODEL is {embed_model!r}. Run `qa index --force` to rebuild it with "
                             f"{embed_model!r}, or set QA_EMBED_MODEL={built_with}.")
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
            with (self.path / name).open("rb+") as f:
                os.fsync(f.fileno())
        manifest = {"format_version": FORMAT_VERSION, "build_id": self.build_id, **manifest,
                    "files": {name: {"size": (self.path / name).stat().st_size,
                                     "sha256": sha256_file(self.path / name)} for name in files}}
        manifest_path = self.path / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
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
    os.replace(staging, link)
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
