"""One JSON error shape, `{"detail": …}`, for every error, and never a 500 for what a client can send."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
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
        return JSONResponse({"detail": "请求体不是有效的 UTF-8 JSON。"}, status_code=422)
    # Any other body FastAPI could not parse (JSON nested too deep for the parser: a RecursionError).
    if exc.status_code == 400 and exc.__cause__ is not None:
        return JSONResponse(
            {"detail": f"请求体无法按 JSON 解析（{type(exc.__cause__).__name__}）。"},
            status_code=422,
        )
    if exc.status_code == 405:  # Allow: the methods of every route with this path, not only the first's
        from web.security import allowed_methods

        allow = ", ".join(allowed_methods(request.app, request.scope))
        return JSONResponse({"detail": exc.detail}, status_code=405, headers={"Allow": allow})
    return await http_exception_handler(request, exc)


# Field names as a reader knows them.
_FIELD_NAMES = {
    "question": "问题（question）",
    "history": "对话历史（history）",
    "answer": "回答（answer）",
    "q": "查询（q）",
    "mode": "检索方式（mode）",
}


def _field(loc: tuple[Any, ...]) -> str:
    """("body", "history", 2, "question") → "对话历史（history）第 3 轮的 问题（question）"."""
    parts = [p for p in loc if p not in ("body", "query", "path")]
    out = []
    for i, part in enumerate(parts):
        if isinstance(part, int):
            out.append(f"第 {part + 1} 轮")
        else:
            out.append(_FIELD_NAMES.get(str(part), str(part)) + ("的" if i < len(parts) - 1 else ""))
    return "".join(out) or "请求体"


def chinese_message(error: dict[str, Any]) -> str:
    """One validation error as a short Chinese sentence that never repeats what was sent (a 1000-character
    question echoed back helps nobody, and the input may not even be printable)."""
    kind, ctx, field = error.get("type", ""), error.get("ctx") or {}, _field(tuple(error.get("loc", ())))
    if kind == "missing":
        return f"缺少{field}。"
    if kind == "string_too_short":
        return f"{field}不能为空。"
    if kind == "string_too_long":
        return f"{field}太长：最多 {ctx.get('max_length')} 个字。"
    if kind == "too_long":
        return f"{field}太长：最多 {ctx.get('max_length')} 项。"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{field}超出范围：{_bounds(kind, ctx)}。"
    if kind == "string_pattern_mismatch":  # the API's only pattern is "not blank"
        return f"{field}不能只有空白。"
    if kind == "string_unicode":
        return f"{field}含有无法编码的字符（如单独的代理项 \\ud800）。"
    if kind.startswith("int_") or kind == "finite_number":
        return f"{field}必须是整数。"
    if kind.startswith("bool"):
        return f"{field}必须是 true 或 false。"
    if kind.startswith("string_") or kind == "string_type":
        return f"{field}必须是文字（字符串）。"
    if kind in ("list_type", "tuple_type"):
        return f"{field}必须是列表。"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{field}必须是 JSON 对象。"
    if kind == "json_invalid":
        return "请求体不是有效的 JSON。"
    if kind == "value_error":
        return f"{field}无效：{str(error.get('msg', '')).removeprefix('Value error, ')}。"
    if kind == "enum" or kind == "literal_error":
        return f"{field}只能是：{ctx.get('expected', '')}。"
    return f"{field}无效（{kind}）。"


def _bounds(kind: str, ctx: dict[str, Any]) -> str:
    for key, word in (("ge", "不小于"), ("gt", "大于"), ("le", "不大于"), ("lt", "小于")):
        if key in ctx:
            return f"应{word} {ctx[key]}"
    return kind


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # `curl -d '{…}'` sends a form content type, so the JSON is never parsed; say that, not "not a dict".
    content_type = request.headers.get("content-type", "")
    if "json" not in content_type and any(tuple(e.get("loc", ())) == ("body",) for e in exc.errors()):
        return JSONResponse(
            {
                "detail": "请以 JSON 发送请求体，并带上请求头 Content-Type: application/json"
                f"（收到的是 {_printable(content_type[:100]) or '没有 Content-Type'}）。"
            },
            status_code=422,
        )
    # `loc` and `type` stay for programs; `msg` is for people; the input is not echoed.
    detail = [
        {"loc": [_printable(p) for p in e.get("loc", ())], "msg": chinese_message(e), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def _printable(value: Any) -> Any:
    """Text made sendable: lone surrogates (valid in JSON escapes, not in UTF-8) as backslash escapes."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


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
