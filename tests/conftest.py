"""Shared fixtures: the seed corpus, and one real index of it built once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

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

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


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
