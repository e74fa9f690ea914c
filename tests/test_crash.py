"""Crash safety of `qa index`: a SIGKILL anywhere in a rebuild leaves the old index or the new one, whole.

Each crash point is one real `qa index --force` process, killed by `index.store.crash_point` (the
QA_CRASH_AT test hook): half-way through writing each file of the index (the manifest included),
just before and just after the `current` symlink is swapped. The processes are forked from a parent that has
imported torch once (tests/helpers_forkserver.py) and run side by side. Afterwards the index must load
verified and be exactly the old or the new corpus, and the next `qa index` must clear what the killed one
left behind.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from index import store
from index.embed import DEFAULT_EMBED_MODEL
from index.reader import CorpusIndex
from tests.helpers_corpus import AFTER as NEW
from tests.helpers_corpus import BEFORE as OLD
from tests.helpers_corpus import write_corpus
from tests.helpers_forkserver import fork_server

pytestmark = pytest.mark.slow


# Crash points: `write:<file>` for every file of the index and the manifest (the list is taken from a real
# build's manifest, so a new file is covered without changing this test). The jsonl files that
# store.write_jsonl writes are killed for real after their first row; the others (written by bm25.py,
# vectors.py, build.py) and the manifest are cut to half before the kill, the state a kill during their write
# leaves. Then both sides of the swap:
SWAP_POINTS = [
    ("before-swap", "old"),  # the build is sealed and renamed, the new symlink made but not yet renamed over
    ("after-swap", "new"),  # swapped, the old builds not yet cleaned
]


def index_argv(corpus: Path, index_dir: Path, *, force: bool = False) -> list[str]:
    return ["index", "--corpus", str(corpus), "--index-dir", str(index_dir), *(["--force"] if force else [])]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash")


@pytest.fixture(scope="module")
def crashed(root: Path) -> dict[str, tuple[int, Path, Path, str, str]]:
    """point → (exit code, index dir, the old build, the killed process's log, expected "old"/"new"), after
    killing a `qa index --force` of NEW over an index of OLD at each point, all side by side."""
    server = fork_server()
    old_corpus = write_corpus(root / "old", OLD)
    new_corpus = write_corpus(root / "new", NEW)
    template = root / "template"
    assert server.run(index_argv(old_corpus, template), root / "template.log") == 0, (root / "template.log").read_text()
    files = sorted(store.read_manifest(store.current_build(template))["files"])
    points = [(f"write:{name}", "old") for name in [*files, store.MANIFEST]] + SWAP_POINTS
    jobs, dirs = [], []
    for n, (point, _) in enumerate(points):
        index_dir = root / f"index-{n}"
        shutil.copytree(template, index_dir, symlinks=True)
        dirs.append(index_dir)
        jobs.append((index_argv(new_corpus, index_dir, force=True), root / f"crash-{n}.log", {store.CRASH_ENV: point}))
    codes = server.wait(server.start_many(jobs))
    return {
        point: (code, index_dir, store.current_build(template), (root / f"crash-{n}.log").read_text(), expected)
        for n, ((point, expected), code, index_dir) in enumerate(zip(points, codes, dirs))
    }


def texts(index: CorpusIndex) -> str:
    return "\n".join(d.text for d in index.documents.values())


def check_crashed(point: str, code: int, index_dir: Path, old_build: Path, log: str, expected: str) -> None:
    assert code == -signal.SIGKILL, f"`qa index` was not killed at {point} (exit {code}):\n{log}"
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)  # verified: every file against the manifest
    if expected == "old":
        assert index.path.name == old_build.name
        assert set(index.documents) == {"a", "b"} and "爱心驿站23个" in texts(index)
    else:
        assert index.path.name != old_build.name
        assert set(index.documents) == {"a", "b", "c"} and "爱心驿站31个" in texts(index)
    assert index.manifest["build_id"] == index.path.name
    assert len(index.chunks) == index.bm25.n_docs == index.vectors.size
    if point.startswith("write:"):  # the half-written build is aside, never where `current` points
        leftovers = list((index_dir / "builds").glob(".tmp-*"))
        assert len(leftovers) == 1, leftovers
        partial = leftovers[0] / point.split(":", 1)[1]
        assert partial.exists()
        if partial.suffix == ".jsonl":  # killed for real after the first row
            assert partial.read_text("utf-8").count("\n") == 1
    if point == "before-swap":
        assert list(index_dir.glob(".current-*")), "the staged symlink should be left behind"


def test_a_killed_build_leaves_the_old_or_the_new_index_whole(crashed: dict) -> None:
    assert len(crashed) >= 10  # every index file, the manifest, and both sides of the swap
    failures = {}
    for point, (code, index_dir, old_build, log, expected) in crashed.items():
        try:
            check_crashed(point, code, index_dir, old_build, log, expected)
        except Exception as exc:  # every point is checked, and all that fail are reported
            failures[point] = f"{type(exc).__name__}: {exc}"
    assert not failures, failures


def test_the_next_build_clears_what_the_killed_one_left(crashed: dict, root: Path) -> None:
    # A plain `qa index` (not forced) of NEW after each kind of leftover: a half-written jsonl file, another
    # half-written file, a half-written manifest, a sealed build with a staged symlink, a finished swap. After
    # `after-swap` the index is already up to date, and the leftovers must still go; elsewhere it rebuilds.
    # The killed build's lock died with it.
    server = fork_server()
    writes = [p for p in crashed if p.startswith("write:")]
    points = [
        next(p for p in writes if p.endswith(".jsonl")),
        next(p for p in writes if not p.endswith(".jsonl")),
        f"write:{store.MANIFEST}",
        "before-swap",
        "after-swap",
    ]
    jobs = [
        (index_argv(root / "new", crashed[point][1]), root / f"rebuild-{n}.log", None) for n, point in enumerate(points)
    ]
    codes = server.wait(server.start_many(jobs))
    failures = {}
    for n, (point, code) in enumerate(zip(points, codes)):
        index_dir, log = crashed[point][1], (root / f"rebuild-{n}.log").read_text()
        try:
            assert code == 0, log
            assert ("up to date" in log) == (point == "after-swap"), log
            assert not list((index_dir / "builds").glob(".tmp-*"))
            assert not list(index_dir.glob(".current-*"))
            index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
            assert set(index.documents) == {"a", "b", "c"} and "爱心驿站31个" in texts(index)
            assert len(list((index_dir / "builds").iterdir())) <= 2  # the current build and the one before
        except Exception as exc:
            failures[point] = f"{type(exc).__name__}: {exc}"
    assert not failures, failures


def test_the_crash_hook_does_nothing_unless_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.CRASH_ENV, raising=False)
    target = tmp_path / "f"
    target.write_bytes(b"0123456789")
    for point in ("before-swap", "after-swap", "write:f"):
        store.crash_point(point, torn=target)
    monkeypatch.setenv(store.CRASH_ENV, "some-other-point")
    store.crash_point("write:f", torn=target)
    assert target.read_bytes() == b"0123456789"
