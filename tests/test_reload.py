"""Rebuilding while serving: the server keeps answering while `qa index` rebuilds, then moves to the new
index without a failed request; a new build that does not load leaves the old one in service."""

from __future__ import annotations

import logging
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from index import store
from qa.config import Settings
from tests.helpers_corpus import AFTER as V2
from tests.helpers_corpus import BEFORE as V1
from tests.helpers_corpus import write_corpus
from tests.helpers_forkserver import fork_server
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow

QUESTION = "江门有多少爱心驿站"
CHECK_S = 0.2  # the server looks for a new build at most this often
SWITCH_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Indexes of V1 and V2 (real `qa index` processes), and their corpora."""
    root = tmp_path_factory.mktemp("reload")
    out = {
        "v1-corpus": write_corpus(root / "v1-corpus", V1),
        "v2-corpus": write_corpus(root / "v2-corpus", V2),
        "v1": root / "v1",
        "v2": root / "v2",
    }
    server = fork_server()
    pids = server.start_many(
        [
            (["index", "--corpus", str(out[f"{v}-corpus"]), "--index-dir", str(out[v])], root / f"{v}.log", None)
            for v in ("v1", "v2")
        ]
    )
    assert server.wait(pids) == [0, 0], (root / "v1.log").read_text() + (root / "v2.log").read_text()
    return out


@pytest.fixture()
def index_dir(templates: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the V1 index."""
    target = tmp_path / "index"
    shutil.copytree(templates["v1"], target, symlinks=True)
    return target


def swap_in_copy(index_dir: Path, source_index: Path, damage: str | None = None) -> Path:
    """Copy another index's current build into `index_dir` and make it current, as `qa index` would
    (optionally flipping a byte of one file first)."""
    build = store.current_build(source_index)
    target = index_dir / "builds" / f"{time.strftime('%Y%m%d-%H%M%S')}-copy{time.monotonic_ns() % 10**6}"
    shutil.copytree(build, target)
    if damage:
        data = bytearray((target / damage).read_bytes())
        data[len(data) // 2] ^= 0x20
        (target / damage).write_bytes(bytes(data))
    store.swap_current(index_dir, target)
    return target


def answer_value(http: httpx.Client) -> int:
    response = http.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200, response.text
    return response.json()["numbers"][0]["value"]


def wait_for(predicate, timeout: float = SWITCH_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the server did not move to the new index in time"
        time.sleep(0.05)


class Hammer:
    """Client threads asking without pause, each recording (sent, status, 爱心驿站 value or error)."""

    def __init__(self, url: str, threads: int = 2) -> None:
        self.url = url
        self.stop = threading.Event()
        self.results: list[list[tuple[float, int, object]]] = [[] for _ in range(threads)]
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, i: int) -> None:
        with httpx.Client(base_url=self.url, timeout=60) as http:
            n = 0
            while not self.stop.is_set():
                sent = time.monotonic()
                try:
                    if n % 4 == 3:  # the other endpoints too
                        r = http.get("/api/search", params={"q": "爱心驿站", "k": 3})
                        value: object = r.json()["hits"][0]["text"] if r.status_code == 200 else r.text
                    else:
                        r = http.post("/api/ask", json={"question": QUESTION})
                        value = r.json()["numbers"][0]["value"] if r.status_code == 200 else r.text
                    self.results[i].append((sent, r.status_code, value))
                except Exception as exc:  # a dropped connection, a timeout, a malformed body
                    self.results[i].append((sent, 0, repr(exc)))
                n += 1

    def __enter__(self) -> Hammer:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)

    def asks(self) -> list[list[int]]:
        """Per thread, the 爱心驿站 values answered, in order."""
        return [[v for _, s, v in rs if s == 200 and isinstance(v, int)] for rs in self.results]

    def failures(self) -> list[tuple[float, int, object]]:
        return [r for rs in self.results for r in rs if r[1] != 200]

    def count(self) -> int:
        return sum(len(rs) for rs in self.results)


@pytest.fixture()
def served(index_dir: Path) -> Iterator[tuple[str, FastAPI]]:
    app = create_app(Settings(index_dir=index_dir), reload_interval=CHECK_S)
    with LiveServer(app) as url:
        yield url, app


def test_queries_are_answered_while_qa_index_rebuilds_and_then_come_from_the_new_index(
    served: tuple[str, FastAPI],
    index_dir: Path,
    templates: dict[str, Path],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, app = served
    with httpx.Client(base_url=url, timeout=60) as http:
        assert answer_value(http) == 23
        assert http.get("/healthz").json()["documents"] == 2
    server = fork_server()
    with caplog.at_level(logging.WARNING, logger="web"), Hammer(url) as hammer:
        time.sleep(0.5)
        before = hammer.count()
        log = tmp_path / "rebuild.log"
        # A real `qa index` of the changed corpus into the directory being served, in another process.
        code = server.run(["index", "--corpus", str(templates["v2-corpus"]), "--index-dir", str(index_dir)], log)
        assert code == 0, log.read_text()
        during = hammer.count() - before
        wait_for(lambda: any(31 in values for values in hammer.asks()))
        seen = hammer.count()
        wait_for(lambda: hammer.count() > seen + 20)  # and some more after the move
    assert hammer.failures() == [], hammer.failures()[:5]
    assert during > 0, "no request was answered while the index was being rebuilt"
    for values in hammer.asks():  # per client: the old answer, then only the new one
        assert set(values) <= {23, 31}
        switched = values.index(31) if 31 in values else len(values)
        assert all(v == 23 for v in values[:switched]) and all(v == 31 for v in values[switched:]), values
    assert app.state.service.reloads == 1
    with httpx.Client(base_url=url, timeout=60) as http:
        assert http.get("/healthz").json()["documents"] == 3
        doc = http.get("/api/documents/c")
        assert doc.status_code == 200 and "12.5万人次" in doc.json()["text"]
    assert any("now serving the index" in r.getMessage() for r in caplog.records)


def test_a_new_build_that_does_not_load_leaves_the_old_one_in_service(
    served: tuple[str, FastAPI], index_dir: Path, templates: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    url, app = served
    service = app.state.service
    with httpx.Client(base_url=url, timeout=60) as http, caplog.at_level(logging.WARNING, logger="web"):
        assert answer_value(http) == 23
        swap_in_copy(index_dir, templates["v2"], damage="chunks.jsonl")
        time.sleep(CHECK_S * 2)
        assert answer_value(http) == 23  # this request notices the new build; the load runs aside
        service.wait_for_reload(30)
        for _ in range(5):
            assert answer_value(http) == 23
        assert http.get("/healthz").status_code == 200
        refused = [r.getMessage() for r in caplog.records if "could not be loaded" in r.getMessage()]
        assert refused and "chunks.jsonl" in refused[0], refused
        # The broken build is not retried on every request...
        time.sleep(CHECK_S * 2)
        answer_value(http)
        service.wait_for_reload(30)
        assert len([r for r in caplog.records if "could not be loaded" in r.getMessage()]) == 1
        # ...but a good one that replaces it is taken.
        swap_in_copy(index_dir, templates["v2"])
        time.sleep(CHECK_S * 2)
        answer_value(http)
        service.wait_for_reload(30)
        assert answer_value(http) == 31
    assert service.reloads == 1


def test_a_server_started_without_an_index_answers_once_one_is_built(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    app = create_app(Settings(index_dir=index_dir), reload_interval=CHECK_S)
    with LiveServer(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        response = http.post("/api/ask", json={"question": QUESTION})
        assert response.status_code == 503 and "qa index" in response.json()["detail"]
        index_dir.mkdir()
        (index_dir / "builds").mkdir()
        swap_in_copy(index_dir, templates["v1"])

        def answered() -> bool:
            r = http.post("/api/ask", json={"question": QUESTION})
            assert r.status_code in (200, 503), r.text
            return r.status_code == 200

        wait_for(answered)
        assert answer_value(http) == 23


def test_the_served_build_deleted_under_the_server_is_still_answered_whole(
    served: tuple[str, FastAPI], index_dir: Path, templates: dict[str, Path]
) -> None:
    # Two `qa index` runs while the server sat idle: the second one's clean-up (keep two builds) deletes the
    # build the server still serves. Until it moves on, the server answers from what it has open.
    url, app = served
    service = app.state.service
    old_build = store.current_build(index_dir)
    with httpx.Client(base_url=url, timeout=60) as http:
        assert answer_value(http) == 23
        service.check_interval = None  # idle: nobody looks for the new builds yet
        swap_in_copy(index_dir, templates["v2"])
        swap_in_copy(index_dir, templates["v2"])
        store.clean_stale(index_dir)
        assert not old_build.exists()
        for _ in range(3):
            assert answer_value(http) == 23
        assert "爱心驿站23个" in http.get("/api/documents/a").json()["text"]
        page_text = re.sub(r"<[^>]+>", "", http.get("/documents/a").text)  # the page marks numbers up
        assert "爱心驿站23个" in page_text
        hits = http.get("/api/search", params={"q": "联合工会", "mode": "hybrid"}).json()["hits"]
        assert {h["doc_id"] for h in hits} == {"a", "b"} and any("联合工会846家" in h["text"] for h in hits)
        assert http.get("/healthz").json()["documents"] == 2
        service.check_interval = CHECK_S
        wait_for(lambda: answer_value(http) == 31)
