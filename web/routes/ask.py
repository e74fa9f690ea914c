"""POST /api/ask: a question in, the answer with its number and cited passages out."""

from __future__ import annotations

from fastapi import APIRouter

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
def ask(payload: AskRequest, assistant: AssistantDep) -> Answer:
    # A plain `def`: answering is CPU-bound, so FastAPI runs it in its thread pool, off the event loop.
    history = (
        [Turn(question=t.question, answer=t.answer) for t in payload.history] if payload.history is not None else None
    )
    return assistant.ask(payload.question, payload.top_k, history=history)
