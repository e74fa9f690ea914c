"""Per-request bounds, as pure ASGI middleware (no buffering, works for every route).

`BodySizeLimit`: two checks, because a client can lie or stay silent about the size: a declared
Content-Length over the limit is refused before the app runs; a body sent without one (chunked) is counted
as it streams in and refused as soon as it passes the limit. Either way the answer carries
`Connection: close`, so the rest of an over-limit body is never read. The body must also arrive within a
deadline (a client trickling a byte a second holds nothing for long), and a request may carry at most
`MAX_HEADERS` headers. Uploads (`POST /api/documents`) get their own, larger size and time limits.

`ConcurrencyLimit`: at most `max_in_flight` requests answered at once; past that a JSON 503 at once
(with Retry-After) instead of a queue that grows without bound. /healthz and static files are not counted:
a health check must answer while the server is busy.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
BODY_TIMEOUT_S = 30.0
MAX_HEADERS = 100
# Requests answered at once (QA_MAX_CONCURRENT_REQUESTS): above `make loadtest`'s 32 clients, below the 256
# connections; past it a client is told at once to come back rather than queued without bound.
MAX_IN_FLIGHT = 64
CONNECTION_LIMIT = 256  # open connections (uvicorn's own limit_concurrency, see web/server.py)
UNCOUNTED_PREFIXES = ("/healthz", "/static/", "/swagger-ui/", "/favicon")
CPU_ROUTES = frozenset({("POST", "/api/ask"), ("POST", "/ask"), ("GET", "/api/search")})  # see CpuGate
BUSY = "服务器正忙：同时处理的请求已达上限（{n} 个），请稍后重试。"


class RequestRefused(HTTPException):
    """Raised from `receive` while the app reads the body (too large, too slow). FastAPI re-raises
    HTTPExceptions met while reading a body, so its handler answers the JSON error; the middleware answers
    it if nothing else did."""


class BodyTooLarge(RequestRefused):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"request body is larger than {limit} bytes")


class BodyTooSlow(RequestRefused):
    def __init__(self, seconds: float) -> None:
        super().__init__(status_code=408, detail=f"the request body did not arrive within {seconds:g} s")


class BodySizeLimit:
    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        timeout_s: float = BODY_TIMEOUT_S,
        routes: Mapping[tuple[str, str], tuple[int, float]] | None = None,
    ) -> None:
        """`routes`: (method, path) → (max_bytes, timeout_s) for the routes with their own limits."""
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        self.routes = dict(routes or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope["headers"]) > MAX_HEADERS:
            await reply(send, 431, f"too many request headers (at most {MAX_HEADERS})")
            return
        max_bytes, timeout_s = self.routes.get((scope["method"], scope["path"]), (self.max_bytes, self.timeout_s))
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        has_body = (declared is not None and declared != "0") or "transfer-encoding" in headers
        if declared is not None:
            if not (declared.isascii() and declared.isdigit() and len(declared) <= 18):
                await reply(send, 400, "invalid Content-Length header")
                return
            if int(declared) > max_bytes:
                await reply(send, 413, BodyTooLarge(max_bytes).detail)
                return

        received = 0
        body_done = False
        deadline: float | None = None
        started = False

        async def counted_receive() -> Message:
            nonlocal received, body_done, deadline
            if body_done:  # after the body: waiting for a disconnect, without a deadline
                return await receive()
            if deadline is None:
                deadline = time.monotonic() + timeout_s
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise BodyTooSlow(timeout_s) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLarge(max_bytes)
                body_done = not message.get("more_body", False)
            else:
                body_done = True
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if has_body and not body_done:
                    # Answering before reading the whole body (an early error): close rather than read the rest.
                    message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except RequestRefused as exc:
            if started:
                raise
            await reply(send, exc.status_code, exc.detail)


def default_cpu_slots() -> int:
    """Half the cores, 1 to 4 (2 cores: 1; /healthz p99 under 8 costly clients 34 ms with 1, 58 ms with 2)."""
    return max(1, min(4, (os.cpu_count() or 1) // 2))


class CpuGate:
    """At most `slots` questions computed at once; the others wait on the event loop, holding no thread.

    Answering is mostly pure Python (jieba, scoring) under the GIL: more threads at it than cores add no
    throughput, but each one competes with the event loop for the GIL, and a request the loop answers itself
    (/healthz) then waits behind them (p99 1.2 s with 8 costly clients). With the computing threads few, the
    loop gets the GIL within a switch interval or two."""

    def __init__(self, app: ASGIApp, slots: int | None = None) -> None:
        self.app = app
        self.slots = slots or default_cpu_slots()
        self._gate: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"], scope["path"]) not in CPU_ROUTES:
            await self.app(scope, receive, send)
            return
        # The body first (bounded by BodySizeLimit, which wraps this), so a slow client never holds a slot.
        messages: list[Message] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        if self._gate is None:  # made in the server's event loop
            self._gate = asyncio.Semaphore(self.slots)
        async with self._gate:
            await self.app(scope, replay, send)


class ConcurrencyLimit:
    def __init__(self, app: ASGIApp, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNCOUNTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            await reply(send, 503, BUSY.format(n=self.max_in_flight), retry_after=1)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def reply(send: Send, status: int, detail: str, retry_after: int | None = None) -> None:
    """A JSON error sent before the app ran; the connection is closed after it (the body is not read)."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
