"""GET /api/search: the retrieval step alone (BM25, dense or hybrid), for inspecting what was found."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from qa.retrieve import Mode
from qa.schemas import SearchResponse
from web.deps import AssistantDep
from web.routes import TOO_LARGE
from web.schemas import MAX_QUESTION_CHARS, ErrorResponse

router = APIRouter(prefix="/api", tags=["search"])


@router.get(
    "/search",
    response_model=SearchResponse,
    responses={**TOO_LARGE, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def search(
    assistant: AssistantDep,
    q: Annotated[
        str, Query(min_length=1, max_length=MAX_QUESTION_CHARS, pattern=r"\S", description="query text (not blank)")
    ],
    k: Annotated[int, Query(ge=1, le=50, description="how many hits")] = 10,
    mode: Annotated[Mode, Query(description="retriever: hybrid, bm25 or dense")] = "hybrid",
) -> SearchResponse:
    return assistant.search(q, k, mode)
