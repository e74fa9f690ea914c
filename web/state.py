"""What the app serves from: the loaded assistant, or why there is none (answered as a 503), and the move
to a new index when `qa index` swaps one in while the server runs.

Moving to a new index: at most once every `check_interval` seconds, a request looks at which build the
index's `current` symlink names (one readlink and one stat, see `index_key`). When that changed, a
background thread loads the new build (verified, as at start-up), reusing the embedding model already in
memory, warms it up, and only then replaces `Service.assistant` in one assignment. A request takes the
assistant once, when it starts, so requests in flight finish on the old index and no request waits for the
load. A new build that does not load (damaged, another model) is logged and the old index stays in service;
it is not tried again until `current` changes once more.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from pathlib import Path

from qa.answer import Assistant
from qa.config import Settings
from qa.errors import QAError
from qa.service import BuildKey, current_build, load_assistant, warm_up

__all__ = ["NOT_STARTED", "RELOAD_CHECK_S", "Service", "index_key", "load_failure", "start", "warm_up"]

log = logging.getLogger("web")

NOT_STARTED = "the server is starting and has not loaded the index yet; try again in a moment"
RELOAD_CHECK_S = 1.0  # how often (at most) a request looks for a new build

IndexKey = BuildKey
index_key = current_build  # which build `<index_dir>/current` names (qa.service says how)


class Service:
    """The assistant being served (replaced whole when a new build is loaded), or the 503 detail saying
    why there is none. `settings` None (the placeholder before start-up): no reloading."""

    def __init__(
        self,
        assistant: Assistant | None = None,
        error: str | None = NOT_STARTED,
        settings: Settings | None = None,
        *,
        loaded: IndexKey = None,
        check_interval: float | None = RELOAD_CHECK_S,
    ) -> None:
        self.assistant = assistant
        self.error = error  # the 503 detail while `assistant` is None
        self.settings = settings
        self.check_interval = check_interval  # None: never reload
        self.reloads = 0  # new builds taken into service since start-up
        self._loaded = loaded  # index_key of the build being served (or that failed at start-up)
        self._lock = threading.Lock()
        self._next_check = 0.0
        self._loader: threading.Thread | None = None
        self._closed = False

    def maybe_reload(self) -> None:
        """Called on each request: cheap unless `check_interval` has passed, and never blocks on a load."""
        if self.settings is None or self.check_interval is None or self._closed:
            return
        now = time.monotonic()
        if now < self._next_check:
            return
        with self._lock:
            if now < self._next_check or (self._loader is not None and self._loader.is_alive()):
                return
            self._next_check = now + self.check_interval
            key = index_key(self.settings.index_dir)
            if key is None or key == self._loaded:
                return  # an index that disappears leaves the loaded one in service
            self._loaded = key  # tried once: a build that fails to load is not tried again
            self._loader = threading.Thread(target=self._load, args=(key,), name="index-reload", daemon=True)
            self._loader.start()

    def _load(self, key: IndexKey) -> None:
        assert self.settings is not None
        started = time.perf_counter()
        try:
            assistant = load_assistant(  # the model stays loaded
                self.settings, reuse_model_of=self.assistant, embed_threads=query_threads(self.settings)
            )
            warm_up(assistant)
        except Exception as exc:
            detail = load_failure(exc)
            if self.assistant is None:
                self.error = detail
                log.warning("the new index could not be loaded either: %s", detail)
            else:
                log.warning(
                    "keeping the index %s in service; the new one could not be loaded: %s",
                    self.assistant.index.path.name,
                    detail,
                )
            return
        if self._closed:
            return
        self.assistant, self.error = assistant, None  # one reference swap; requests in flight keep theirs
        self.reloads += 1
        warn_if_outdated(assistant)
        log.warning(
            "now serving the index %s (%d documents, %d chunks; loaded in %.1f s)",
            assistant.index.path.name,
            len(assistant.index.documents),
            len(assistant.index.chunks),
            time.perf_counter() - started,
        )

    def reload_now(self, timeout: float | None = None) -> bool:
        """Look for a new build at once (after a rebuild this server started) and wait for its load.
        True when a new build was taken into service."""
        if self.settings is None or self._closed:
            return False
        before = self.reloads
        with self._lock:
            self._next_check = 0.0
        interval, self.check_interval = self.check_interval, self.check_interval or RELOAD_CHECK_S
        try:
            self.maybe_reload()
        finally:
            self.check_interval = interval
        self.wait_for_reload(timeout)
        return self.reloads > before

    def wait_for_reload(self, timeout: float | None = None) -> None:
        """Block until a load in progress (if any) has finished."""
        loader = self._loader
        if loader is not None:
            loader.join(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Stop reloading (at server shutdown); waits for a load in progress."""
        self._closed = True
        self.wait_for_reload(timeout)


_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/[^\s'\"`,;()<>]+")


def public_text(text: str) -> str:
    """`text` without absolute server paths, for clients: a path under the working folder becomes relative
    (`var/index`, what the user configured), any other keeps only its last part."""
    cwd = os.getcwd().rstrip("/") + "/"

    def shorten(match: re.Match[str]) -> str:
        path = match.group(0)
        if path.startswith(cwd):
            return path[len(cwd) :] or "."
        return "…/" + Path(path.rstrip("/")).name

    return _ABSOLUTE_PATH.sub(shorten, text)


def load_failure(exc: Exception) -> str:
    """The 503 detail for an index or model that will not load (logged in full; paths shortened for clients)."""
    if isinstance(exc, QAError):  # IndexLoadError (no index, damaged, other model) or a model that will not load
        log.warning("%s", exc)
        return public_text(str(exc))
    log.error("the index could not be loaded", exc_info=exc)  # a bug: keep the traceback in the log
    return public_text(
        f"the index could not be loaded ({type(exc).__name__}: {exc}); see the server log, and try `qa index --force`"
    )


def query_threads(settings: Settings) -> int | None:
    """Threads for encoding one question in the server: QA_TORCH_THREADS, else OMP_NUM_THREADS (None: the
    engine reads it), else 1, for the reason set_torch_threads gives."""
    if settings.torch_threads:
        return settings.torch_threads
    return None if "OMP_NUM_THREADS" in os.environ else 1


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


def start(settings: Settings, assistant: Assistant | None, check_interval: float | None = RELOAD_CHECK_S) -> Service:
    """Load (or adopt) the assistant. Never raises: a missing or broken index leaves the app up and every
    question answered with a 503 that says what to run, until `qa index` makes a build that loads."""
    key = index_key(settings.index_dir)  # before loading: a swap during the load is seen at the next check
    try:
        assistant = assistant or Assistant.load(settings, embed_threads=query_threads(settings))
        warm_up(assistant)
    except Exception as exc:
        detail = load_failure(exc)
        log.warning("serving without an index: %s", detail)
        return Service(None, detail, settings, loaded=key, check_interval=check_interval)
    warn_if_outdated(assistant)
    return Service(assistant, None, settings, loaded=key, check_interval=check_interval)


def warn_if_outdated(assistant: Assistant) -> None:
    """Served all the same (the index is consistent in itself); /healthz lists the same reasons."""
    if reasons := assistant.outdated:
        log.warning(
            "the index %s was built by another version of this program (%s); run `qa index` to bring it up to date",
            assistant.index.path.name,
            "; ".join(reasons),
        )
