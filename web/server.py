"""How `qa serve` runs uvicorn: every connection bounded in size and time.

uvicorn's default parser (httptools) has no limit on header size: a client streaming endless headers grew
the server by 400 MB in 2 s. h11 buffers at most `MAX_HEAD_BYTES` of an unfinished request head and answers
400 past it. Neither parser bounds the time a request head may take (uvicorn's keep-alive timer only runs
between requests, and any byte resets it), so `BoundedH11Protocol` closes a connection whose request head
is not complete within `HEAD_TIMEOUT_S` of its first byte (or of the connection, for one that sends
nothing): a slowloris client holds a connection for seconds, not minutes. Body time and size, header count
and the number of requests answered at once are bounded in the app (web/limits.py), where they can answer
JSON.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from web.limits import CONNECTION_LIMIT

MAX_HEAD_BYTES = 16 * 1024  # request line + headers; browsers send 1–3 KB
HEAD_TIMEOUT_S = 10.0  # from the first byte of a request (or the connection) to its last header
# Idle keep-alive: longer than clients keep idle connections (httpx: 5 s), so a reused connection is never
# one the server is just closing; short enough that idle connections do not pile up.
KEEP_ALIVE_S = 20


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol plus a deadline on each request head (see the module docstring)."""

    head_timeout: float = HEAD_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        if self.cycle is None or self.cycle.response_complete:
            self._arm_head_timer()  # a new request head starts (or goes on)
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._cancel_head_timer()  # the head is complete: the app has the request

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered; its body has its own deadline
        if not self.transport.is_closing():
            self.transport.close()


def server_config(
    app: Any, host: str = "127.0.0.1", port: int = 8000, head_timeout: float = HEAD_TIMEOUT_S, **overrides: Any
) -> uvicorn.Config:
    """The uvicorn settings `qa serve` (and the tests and the probe) run with."""
    protocol = type("BoundedH11Protocol", (BoundedH11Protocol,), {"head_timeout": head_timeout})
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "http": protocol,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "timeout_keep_alive": KEEP_ALIVE_S,
        # A backstop on open connections (uvicorn answers its own plain 503 past it); requests being
        # answered are limited lower, with a JSON 503, by web/limits.py.
        "limit_concurrency": CONNECTION_LIMIT,
        "log_level": "warning",
        "timeout_graceful_shutdown": 5,
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)


def serve(
    app: Any, host: str, port: int, head_timeout: float = HEAD_TIMEOUT_S, sockets: list[socket.socket] | None = None
) -> None:
    uvicorn.Server(server_config(app, host, port, head_timeout=head_timeout)).run(sockets=sockets)
