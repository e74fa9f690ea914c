"""GET /healthz: is an index loaded, and what is in it.

An `async` route with no dependency that runs in the thread pool: it is answered on the event loop at once,
never queued behind questions (which hold the pool's threads), and it is not counted by the concurrency
limit (web/limits.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from qa.schemas import Health
from web.routes import TOO_LARGE
from web.schemas import ErrorResponse
from web.state import Service

router = APIRouter(tags=["health"])


def _health(service: Service) -> Response:
    assistant = service.assistant  # taken once: a reload may replace it meanwhile
    if assistant is None:
        return JSONResponse({"detail": service.error}, status_code=503)
    index = assistant.index
    body = Health(
        status="ok",
        documents=len(index.documents),
        chunks=len(index.chunks),
        embed_model=index.embed_model,
        outdated=assistant.outdated,
    )
    return JSONResponse(body.model_dump())


@router.get("/healthz", response_model=Health, responses={**TOO_LARGE, 503: {"model": ErrorResponse}})
async def healthz(request: Request) -> Response:
    return _health(request.app.state.service)


@router.head("/healthz", include_in_schema=False)
async def healthz_head(request: Request) -> Response:
    return _health(request.app.state.service)  # uvicorn sends the status and headers, no body
