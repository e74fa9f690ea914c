"""GET /api/documents and /api/documents/{doc_id}: the indexed reports and their cleaned text, which
citation offsets index into."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from qa.schemas import DocumentSummary, DocumentText
from web.deps import AssistantDep
from web.routes import TOO_LARGE
from web.schemas import ErrorResponse

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=list[DocumentSummary], responses={**TOO_LARGE, 503: {"model": ErrorResponse}})
def list_documents(assistant: AssistantDep) -> list[DocumentSummary]:
    return assistant.documents()


@router.get(
    "/{doc_id}",
    response_model=DocumentText,
    responses={**TOO_LARGE, 404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
)
def get_document(doc_id: str, assistant: AssistantDep) -> DocumentText:
    document = assistant.document(doc_id)
    if document is None:
        raise HTTPException(
            status_code=404, detail=f"no document with doc_id {doc_id!r}; GET /api/documents lists them"
        )
    return document
