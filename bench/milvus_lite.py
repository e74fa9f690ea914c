"""Start a Milvus Lite server on loopback for tests and the bench: bounded start-up, always stopped."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lite_executable() -> str:
    """The `milvus-lite` script of this environment (installed by `make setup`, pinned in pyproject.toml)."""
    found = Path(sys.executable).with_name("milvus-lite")
    if not found.is_file():
        found = Path(shutil.which("milvus-lite") or "")
    if not found.is_file():
        raise RuntimeError("milvus-lite is not installed: run `make setup` (pyproject.toml pins it)")
    return str(found)


@contextmanager
def lite_server(data_dir: Path, start_timeout: float = 60.0) -> Iterator[str]:
    """`milvus-lite server` on 127.0.0.1 (never 0.0.0.0, its default: it has no auth) on a free port; yields its
    URI and stops it on exit. Its output goes to data_dir/../milvus-lite.log."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / "milvus-lite.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [lite_executable(), "server", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"milvus-lite did not start: {log_path.read_text()[-2000:]}") from None
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
