"""What the app serves from: the loaded assistant, or why there is none (answered as a 503)."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from index.errors import QAError
from qa.answer import Assistant
from qa.config import Settings

log = logging.getLogger("web")

NOT_STARTED = "the server is starting and has not loaded the index yet; try again in a moment"


@dataclass(slots=True)
class Service:
    assistant: Assistant | None = None
    error: str | None = NOT_STARTED  # the 503 detail while `assistant` is None


def set_torch_threads(threads: int | None) -> int | None:
    """A server answers many short questions, several at once: one intra-op thread per question keeps
    torch's thread pools from fighting over the cores (encoding a question: 27 ms with one thread, 90–210 ms
    with two, on a busy 2-core machine). QA_TORCH_THREADS, then OMP_NUM_THREADS, win over that default of 1.
    Returns the previous count."""
    if threads is None and "OMP_NUM_THREADS" in os.environ:
        return None
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(threads or 1)
    return previous


def restore_torch_threads(previous: int | None) -> None:
    """Put torch back as it was when the server stops (tests run servers inside a longer process)."""
    if previous is not None:
        import torch

        torch.set_num_threads(previous)


def warm_up(assistant: Assistant) -> None:
    """Load what the assistant loads lazily (jieba's dictionary, the embedding model) now, at start-up,
    so the first question is as fast as the others."""
    assistant.search("工会", 1, "hybrid")


def start(settings: Settings, assistant: Assistant | None) -> Service:
    """Load (or adopt) the assistant. Never raises: a missing or broken index leaves the app up and every
    question answered with a 503 that says what to run."""
    try:
        assistant = assistant or Assistant.load(settings)
        warm_up(assistant)
    except QAError as exc:  # IndexLoadError (no index, damaged, other model) or a model that will not load
        log.warning("serving without an index: %s", exc)
        return Service(None, str(exc))
    except Exception as exc:  # a bug, but the page and /healthz should still say what happened
        log.exception("the index could not be loaded")
        return Service(None, f"the index could not be loaded ({type(exc).__name__}: {exc}); see the server "
                             "log, and try `qa index --force`")
    return Service(assistant, None)
