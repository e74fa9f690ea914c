"""GET /healthz: is an index loaded, and what is in it."""

from __future__ import annotations

from fastapi import APIRouter

from qa.schemas import Health
from web.deps import AssistantDep
from web.routes import TOO_LARGE
from web.schemas import ErrorResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses={**TOO_LARGE, 503: {"model": ErrorResponse}})
def healthz(assistant: AssistantDep) -> Health:
    index = assistant.index
    return Health(status="ok", documents=len(index.documents), chunks=len(index.chunks), embed_model=index.embed_model)
