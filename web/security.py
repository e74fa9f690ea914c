"""Headers every response carries, whatever route or error produced it, and redirects that never name a
host (a `Location` built from the request's Host header would send a client wherever that header said)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Only our own scripts and styles run on a page; nothing from outside is loaded; no page may be framed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_ENCODED = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def relative_location(location: str) -> str:
    """`http://evil.example/x?y` → `/x?y`: the server only ever redirects within itself."""
    parts = urlsplit(location)
    if not parts.scheme and not parts.netloc:
        return location
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _ENCODED if k not in present]  # a route's own CSP (/docs) wins
                if 300 <= message["status"] < 400:
                    headers = [
                        (k, relative_location(v.decode("latin-1")).encode("latin-1"))
                        if k.lower() == b"location"
                        else (k, v)
                        for k, v in headers
                    ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: Any, scope: Scope) -> list[str]:
    """Every method some route answers on this path. Starlette's 405 names only the methods of the first
    route with the path, though GET and POST /api/documents (or GET and DELETE /api/documents/{doc_id}) are
    separate routes."""
    from starlette.routing import Match

    allowed = []
    for method in _METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] == Match.FULL for route in app.router.routes):
            allowed.append(method)
    return allowed
