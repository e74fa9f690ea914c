"""Loading an assistant for a long-running face (the web server): which index build is current, and a
load of it that can reuse the embedding model already in memory. The web layer calls these instead of
reaching into index.store / index.reader / index.embed."""

from __future__ import annotations

import os
from pathlib import Path

from index import store
from index.reader import CorpusIndex
from qa.answer import Assistant
from qa.config import Settings
from qa.span_features import idf

BuildKey = tuple[str, int, int] | None


def current_build(index_dir: Path) -> BuildKey:
    """Which build `<index_dir>/current` is, cheaply: the symlink's target and its manifest's inode and
    mtime (so a `current` that is a plain folder, rewritten in place, is noticed too). None: no index."""
    link = Path(index_dir) / store.CURRENT
    try:
        target = os.readlink(link)
    except FileNotFoundError:
        return None
    except OSError:  # not a symlink
        target = ""
    try:
        st = os.stat(link / store.MANIFEST)
    except OSError:
        return (target, -1, -1)
    return (target, st.st_ino, st.st_mtime_ns)


def load_assistant(
    settings: Settings, reuse_model_of: Assistant | None = None, embed_threads: int | None = None
) -> Assistant:
    """The assistant over the current build of `settings.index_dir` (verified, as `Assistant.load`), with
    the embedding model of `reuse_model_of` when given: a reload need not load the model again.
    `embed_threads`: threads encoding one question (index.embed.Embedder), for a new model."""
    if reuse_model_of is None:
        return Assistant.load(settings, embed_threads=embed_threads)
    index = CorpusIndex.load(settings.index_dir, settings.embed_model, settings.hnsw_ef_search)
    return Assistant(index, reuse_model_of.retriever.embedder, settings)


def warm_up(assistant: Assistant) -> None:
    """Load what the assistant loads lazily (jieba's dictionary, the embedding model, and for who/what questions
    jieba's idf table and part-of-speech tagger: ~0.4–0.8 s of the first such question) now, at start-up, so the
    first question is as fast as the others."""
    assistant.search("工会", 1, "hybrid")
    idf("工会")
    assistant.index.tokenizer.pos("工会")


__all__ = ["BuildKey", "current_build", "load_assistant", "warm_up"]
