"""Shared fixtures: the seed corpus, and one real index of it built once per test session. Every test runs
under the path guard (tests/check_paths.py): reading a file outside the repo, the virtualenv, the temp
directory or the system directories fails the test that did it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.check_paths import PathGuard

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# One vector cache for every index build of the session, in-process or `qa index` subprocesses (they inherit
# the variable): the suite builds a dozen indexes of mostly the same reports, and e5 costs ~0.15–0.3 s of CPU
# per chunk, so each distinct chunk is encoded once per session. Set QA_VECTOR_CACHE yourself to keep it
# across sessions.
if not os.environ.get("QA_VECTOR_CACHE"):
    _VECTOR_CACHE = tempfile.mkdtemp(prefix="qa-test-vectors-")
    os.environ["QA_VECTOR_CACHE"] = _VECTOR_CACHE
    atexit.register(shutil.rmtree, _VECTOR_CACHE, True)

# `qa index` without --corpus adds the uploads folder (QA_UPLOAD_DIR, default var/uploads) to what it reads:
# reports a developer uploaded to their own server must not leak into the tests' indexes. Tests that upload pass
# their own folder.
_UPLOADS = tempfile.mkdtemp(prefix="qa-test-uploads-")
os.environ["QA_UPLOAD_DIR"] = os.path.join(_UPLOADS, "uploads")
atexit.register(shutil.rmtree, _UPLOADS, True)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GUARD = PathGuard()


def pytest_configure(config: pytest.Config) -> None:
    GUARD.install()  # an audit hook cannot be removed: one for the whole session


# Fixtures that build a real index (and load the model): a test using one is end to end, so it is `slow`
# whether or not its module says so (`pytest -m "not slow"` is the quick pass; `make test` runs both).
INDEX_FIXTURES = {
    "seed_index_dir",
    "assistant",
    "small_index",
    "seed_like",
}  # the last two: test_store, test_reader_lazy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if INDEX_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_collection_finish(session: pytest.Session) -> None:
    if GUARD.violations:  # read while importing the test modules
        raise pytest.UsageError("reads outside the repo while collecting tests:\n  " + "\n  ".join(GUARD.violations))


@pytest.fixture(autouse=True)
def _reads_stay_in_the_repo() -> Iterator[None]:
    before = len(GUARD.violations)
    yield
    new = GUARD.violations[before:]
    if new:
        pytest.fail("read outside the repo (use corpus/, eval/sets/ or tests/fixtures):\n  " + "\n  ".join(new))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index (real jieba, real packaged model, real FAISS) of corpus/, built once."""
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL

    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index([CORPUS], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    return index_dir


@pytest.fixture(scope="session")
def assistant(seed_index_dir: Path):
    from qa.answer import Assistant
    from qa.config import Settings

    return Assistant.load(Settings(index_dir=seed_index_dir))


@pytest.fixture(scope="session")
def seed_server_url(seed_index_dir: Path, assistant):
    """A real server over the seed index, shared by the page tests of a session (one start-up)."""
    from qa.config import Settings
    from tests.helpers_server import LiveServer
    from web.app import create_app

    with LiveServer(create_app(Settings(index_dir=seed_index_dir), assistant=assistant)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Real headless Chromium (tests/helpers_browser.py), one per test module."""
    from tests.helpers_browser import CHROMIUM, chromium

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with chromium() as launched:
        yield launched
