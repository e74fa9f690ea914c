"""One JSON error shape, `{"detail": …}`, for every error, and never a 500 for what a client can send."""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa.errors import QAError, http_status, json_body

log = logging.getLogger("web")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    # FastAPI turns a body it cannot decode (invalid UTF-8 in a JSON body) into a 400; it is malformed
    # JSON like any other, which the contract answers with a 422.
    if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
        return JSONResponse({"detail": f"the request body is not valid UTF-8 JSON: {exc.__cause__}"}, status_code=422)
    # Any other body FastAPI could not parse (JSON nested too deep for the parser: a RecursionError).
    if exc.status_code == 400 and exc.__cause__ is not None:
        return JSONResponse(
            {"detail": f"the request body could not be parsed as JSON ({type(exc.__cause__).__name__})"},
            status_code=422,
        )
    if exc.status_code == 405:  # Allow: the methods of every route with this path, not only the first's
        from web.security import allowed_methods

        allow = ", ".join(allowed_methods(request.app, request.scope))
        return JSONResponse({"detail": exc.detail}, status_code=405, headers={"Allow": allow})
    return await http_exception_handler(request, exc)


def _printable(value: Any) -> Any:
    """What a validation error echoes back, made sendable: lone surrogates (valid in JSON escapes, not in
    UTF-8) as backslash escapes, and inf/nan (from 1e999) as text."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # `curl -d '{…}'` sends a form content type, so the JSON is never parsed; say that, not "not a dict".
    content_type = request.headers.get("content-type", "")
    if "json" not in content_type and any(tuple(e.get("loc", ())) == ("body",) for e in exc.errors()):
        return JSONResponse(
            {
                "detail": "send the body as JSON, with the header Content-Type: application/json "
                f"(got {content_type or 'no Content-Type'})"
            },
            status_code=422,
        )
    return JSONResponse({"detail": _printable(jsonable_encoder(exc.errors()))}, status_code=422)


async def _qa_error(request: Request, exc: Exception) -> JSONResponse:
    # The project's own errors (qa.errors): the assistant's checks (e.g. a lower QA_MAX_QUESTION_CHARS) are
    # about the client's input, a 422; an index that cannot serve, a 503. The same body as every other error.
    assert isinstance(exc, QAError)
    return JSONResponse(json_body(exc), status_code=http_status(exc))


class CatchServerErrors:
    """The catch-all for real server bugs: log the traceback once and answer a JSON 500 that tells the
    client nothing internal. Unlike an `Exception` handler (Starlette re-raises after it, and uvicorn then
    drops the connection), this keeps the connection usable."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # half a response is out: nothing valid can follow, let the server drop it
                raise
            await JSONResponse({"detail": "internal server error"}, status_code=500)(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(QAError, _qa_error)
    app.add_middleware(CatchServerErrors)  # added last, so it wraps every other middleware
