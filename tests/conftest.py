"""Shared fixtures: the seed corpus, and one real index of it built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

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


@pytest.fixture(scope="session")
def seed_server_url(seed_index_dir: Path, assistant):
    """A real server over the seed index, shared by the page tests of a session (one start-up)."""
    from qa.config import Settings
    from tests.helpers_server import LiveServer
    from web.app import create_app

    with LiveServer(create_app(Settings(index_dir=seed_index_dir), assistant=assistant)) as url:
        yield url
