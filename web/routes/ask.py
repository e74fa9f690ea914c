"""POST /api/ask: a question in, the answer with its number and cited passages out.

`?explain=true` adds the scorer's view (`explain`: the top candidates, their features and scores); without
it the field is absent, so the body stays what API.md shows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from qa.schemas import Answer, Turn
from web.deps import AssistantDep
from web.schemas import AskRequest, ErrorResponse

router = APIRouter(prefix="/api", tags=["ask"])


@router.post(
    "/ask",
    response_model=Answer,
    responses={
        413: {"model": ErrorResponse, "description": "request body over 64 KB"},
        422: {
            "model": ErrorResponse,
            "description": "invalid question, top_k or history (the message says which, in Chinese)",
        },
        503: {"model": ErrorResponse, "description": "no index loaded (run `qa index`)"},
    },
)
def ask(
    payload: AskRequest,
    assistant: AssistantDep,
    explain: Annotated[bool, Query(description="add `explain`: the top answer candidates and their scores")] = False,
) -> JSONResponse:
    # A plain `def`: answering is CPU-bound, so FastAPI runs it in its thread pool, off the event loop.
    history = (
        [Turn(question=t.question, answer=t.answer) for t in payload.history] if payload.history is not None else None
    )
    answer = assistant.ask(payload.question, payload.top_k, history=history, explain=explain)
    return JSONResponse(answer.model_dump(mode="json", exclude=None if explain else {"explain"}))
