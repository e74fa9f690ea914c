"""The server under hostile clients, on a raw socket against a real uvicorn (run as `qa serve` runs it, see
web/server.py) on loopback: header floods, slow heads and bodies, over-limit bodies, too many requests at
once; and the surface every response shows (security headers, redirects, swagger files, HEAD, messages).

No index is needed for any of this (a server without one answers 503 with what to run), so these are fast.
"""

from __future__ import annotations

import inspect
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import httpx
import pytest
import uvicorn

from qa.config import Settings
from web.app import create_app
from web.limits import BUSY
from web.server import server_config
from web.view import parse_offset

HEAD_TIMEOUT = 1.0
BODY_TIMEOUT = 1.0


class BoundedServer:
    """`qa serve`'s uvicorn settings, on a free loopback port, in a thread."""

    def __init__(self, settings: Settings, head_timeout: float = HEAD_TIMEOUT) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = server_config(create_app(settings), "127.0.0.1", self.port, head_timeout=head_timeout)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    def connect(self) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return s


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoundedServer]:
    base = tmp_path_factory.mktemp("limits")
    settings = Settings(
        index_dir=(base / "no-index").resolve(),
        upload_dir=base / "uploads",
        corpus=[base / "corpus"],
        max_concurrent_requests=2,
        cpu_slots=1,
        body_timeout_s=BODY_TIMEOUT,
    )
    with BoundedServer(settings) as running:
        yield running


def read_response(s: socket.socket, limit: int = 1 << 20) -> bytes:
    """Everything the server sends until it closes the connection (or `limit` bytes)."""
    data = b""
    while len(data) < limit:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    return data


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0


def body_of(response: bytes) -> dict:
    return json.loads(response.split(b"\r\n\r\n", 1)[1])


def test_endless_headers_are_cut_off_after_16_kb(server: BoundedServer) -> None:
    """A head that never ends: the server answers 400 and closes once it holds 16 KB of it, without waiting
    for the end (which never comes). 64 KB is sent (socket buffers take far more, so the send never blocks)."""
    s = server.connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    try:
        for n in range(64):
            s.sendall(b"X-Flood-%d: %s\r\n" % (n, b"a" * 1000))
    except (BrokenPipeError, ConnectionResetError):
        pass
    started = time.monotonic()
    response = read_response(s)
    s.close()
    assert time.monotonic() - started < HEAD_TIMEOUT  # answered on the size, not on the head deadline
    assert response == b"" or status_of(response) == 400


def test_too_many_headers_get_a_431(server: BoundedServer) -> None:
    s = server.connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n")
    response = read_response(s)
    s.close()
    assert status_of(response) == 431
    assert "headers" in body_of(response)["detail"]


@pytest.mark.parametrize("first", [b"", b"GET /healthz HTTP/1.1\r\n"])
def test_a_slow_head_is_dropped(server: BoundedServer, first: bytes) -> None:
    """Slowloris: a header byte every 0.2 s (or nothing at all) keeps a connection for HEAD_TIMEOUT, no more."""
    s = server.connect()
    started = time.monotonic()
    s.sendall(first)
    closed = False
    while time.monotonic() - started < HEAD_TIMEOUT + 5:
        try:
            s.sendall(b"X")
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        s.settimeout(0.2)
        try:
            if s.recv(1024) == b"":
                closed = True
                break
        except TimeoutError:
            pass
        except ConnectionResetError:
            closed = True
            break
    held = time.monotonic() - started
    s.close()
    assert closed and held < HEAD_TIMEOUT + 2, f"connection held {held:.1f} s"


def test_a_slow_body_gets_a_408(server: BoundedServer) -> None:
    s = server.connect()
    s.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
    started = time.monotonic()
    response = read_response(s)
    s.close()
    assert status_of(response) == 408
    assert time.monotonic() - started < BODY_TIMEOUT + 3


def test_an_over_limit_body_is_refused_unread(server: BoundedServer) -> None:
    """A declared 100 MB body: 413 at once and the connection closed; the body is never read."""
    s = server.connect()
    s.sendall(
        b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n"
    )
    response = read_response(s)
    s.close()
    assert status_of(response) == 413
    assert b"connection: close" in response.lower()


def test_a_chunked_over_limit_body_is_cut_off(server: BoundedServer) -> None:
    s = server.connect()
    s.sendall(
        b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    sent = 0
    try:
        while sent < 8 << 20:
            s.sendall(b"10000\r\n" + b"a" * 0x10000 + b"\r\n")
            sent += 0x10000
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = read_response(s)
    s.close()
    assert sent < 8 << 20
    assert response == b"" or status_of(response) == 413


def test_past_the_concurrency_limit_a_json_503_in_chinese(server: BoundedServer) -> None:
    """Two requests held open (slow bodies) fill the limit of 2: the next gets a 503 at once; /healthz is
    not counted, and the limit frees when they end."""
    held = []
    for _ in range(2):
        s = server.connect()
        s.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{")
        held.append(s)
    time.sleep(0.2)
    busy = httpx.get(f"{server.url}/api/search", params={"q": "工会"}, timeout=5)
    assert busy.status_code == 503
    assert busy.json()["detail"] == BUSY.format(n=2)
    assert busy.headers["retry-after"] == "1"
    health = httpx.get(f"{server.url}/healthz", timeout=5)
    assert health.status_code == 503 and health.json()["detail"] != BUSY.format(n=2)  # no index: its own 503
    for s in held:
        read_response(s)  # their 408s
        s.close()
    after = httpx.get(f"{server.url}/api/search", params={"q": "工会"}, timeout=5)
    assert after.json()["detail"] != BUSY.format(n=2)


def test_a_slow_body_holds_no_question_slot(server: BoundedServer) -> None:
    """Questions are computed a few at a time (web/limits.py CpuGate), but a request enters the gate only with
    its whole body: a client trickling its body does not keep the others waiting."""
    s = server.connect()
    s.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{")
    time.sleep(0.2)
    started = time.monotonic()
    response = httpx.get(f"{server.url}/api/search", params={"q": "工会"}, timeout=10)
    assert time.monotonic() - started < BODY_TIMEOUT / 2
    assert response.status_code == 503 and response.json()["detail"] != BUSY.format(n=2)  # no index, not a wait
    read_response(s)
    s.close()


SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 503),
        ("GET", "/", 200),
        ("GET", "/reports", 200),
        ("GET", "/static/style.css", 200),
        ("GET", "/no/such/page", 404),
        ("POST", "/api/ask", 503),
        ("GET", "/api/documents", 503),
        ("GET", "/openapi.json", 200),
    ],
)
def test_every_response_carries_the_security_headers(
    server: BoundedServer, method: str, path: str, status: int
) -> None:
    response = httpx.request(method, f"{server.url}{path}", timeout=10)
    assert response.status_code == status
    for name in SECURITY:
        assert name in response.headers, (path, name)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_redirects_never_name_the_host_the_client_sent(server: BoundedServer) -> None:
    response = httpx.get(f"{server.url}/api/documents/", headers={"Host": "evil.example"}, timeout=5)
    assert response.status_code in (307, 308)
    assert "evil" not in response.headers["location"]
    assert response.headers["location"].startswith("/")


def test_only_the_swagger_files_the_docs_page_needs(server: BoundedServer) -> None:
    assert httpx.get(f"{server.url}/swagger-ui/swagger-ui-bundle.js", timeout=10).status_code == 200
    assert httpx.get(f"{server.url}/swagger-ui/swagger-ui.css", timeout=10).status_code == 200
    for name in ("index.html", "swagger-initializer.js", "oauth2-redirect.html", "..%2F..%2Fapp.py"):
        assert httpx.get(f"{server.url}/swagger-ui/{name}", timeout=10).status_code == 404, name
    docs = httpx.get(f"{server.url}/docs", timeout=10)
    assert docs.status_code == 200 and "'sha256-" in docs.headers["content-security-policy"]


def test_head_is_answered(server: BoundedServer) -> None:
    for path in ("/", "/healthz", "/reports"):
        response = httpx.head(f"{server.url}{path}", timeout=10)
        assert response.status_code != 405, path
        assert response.content == b""


def test_messages_to_clients_hold_no_absolute_server_paths(server: BoundedServer, tmp_path: Path) -> None:
    assert server.server.config.app  # the fixture's index_dir is an absolute path under the pytest tmp folder
    for path in ("/healthz", "/api/documents/x", "/"):
        text = httpx.get(f"{server.url}{path}", timeout=10).text
        assert "/tmp/" not in text and str(Path.cwd()) not in text, (path, text[:300])


def test_healthz_is_answered_on_the_event_loop() -> None:
    """/healthz must never queue behind questions in the thread pool: an async route without sync
    dependencies (FastAPI runs those in the pool too)."""
    from web.routes import health

    routes = [r for r in health.router.routes if getattr(r, "path", None) == "/healthz"]
    assert routes
    for route in routes:
        assert inspect.iscoroutinefunction(route.endpoint)
        assert not route.dependant.dependencies


@pytest.mark.parametrize("value", ["²", "①", "٣", "9" * 5000, "-1", "1e3", " 1", ""])
def test_odd_offsets_are_dropped_not_failed(value: str) -> None:
    assert parse_offset(value) is None


def test_jieba_caches_in_the_project_var_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "QA_CACHE_DIR": str(cache)}
    code = (
        "from index.tokenize import Tokenizer; Tokenizer().cut('江门有多少爱心驿站'); import jieba; jieba.lcut('工会')"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert (cache / "jieba" / "jieba.cache").is_file()
    from index.tokenize import jieba_cache_dir

    assert "var" in jieba_cache_dir().parts or os.environ.get("QA_CACHE_DIR")


def test_upload_size_limits_per_file_and_per_request(tmp_path: Path) -> None:
    """A file over QA_MAX_UPLOAD_BYTES is refused by name (the others go on); a request over
    QA_MAX_UPLOAD_REQUEST_BYTES is a 413 before anything is saved; more than 20 files is a 422."""
    from fastapi.testclient import TestClient

    settings = Settings(
        index_dir=tmp_path / "index",
        upload_dir=tmp_path / "uploads",
        max_upload_bytes=1000,
        max_upload_request_bytes=100_000,
    )
    client = TestClient(create_app(settings), client=("127.0.0.1", 1))
    big = client.post("/api/documents", files=[("files", ("big.txt", "字".encode() * 400, "text/plain"))])
    assert big.status_code == 200  # nothing accepted, nothing to rebuild
    (only,) = big.json()["files"]
    assert only["status"] == "failed" and "太大" in only["error"] and only["doc_id"] is None
    huge = client.post("/api/documents", files=[("files", ("huge.txt", b"a" * 200_000, "text/plain"))])
    assert huge.status_code == 413
    many = client.post("/api/documents", files=[("files", (f"{n}.exe", b"x", "text/plain")) for n in range(21)])
    assert many.status_code == 422
    assert not any((tmp_path / "uploads").glob("*.txt"))


def test_a_405_names_every_method_of_the_path(server: BoundedServer) -> None:
    """GET and POST /api/documents are two routes; Starlette's 405 named only the first's methods."""
    response = httpx.request("OPTIONS", f"{server.url}/api/documents", timeout=5)
    assert response.status_code == 405 and set(response.headers["allow"].split(", ")) >= {"GET", "POST"}
    response = httpx.request("PUT", f"{server.url}/api/documents/x", timeout=5)
    assert response.status_code == 405 and set(response.headers["allow"].split(", ")) >= {"GET", "DELETE"}
