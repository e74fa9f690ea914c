"""The reports: GET /api/documents (each with its status), GET /api/documents/{doc_id} (the cleaned text,
which citation offsets index into), and managing them: POST /api/documents (upload), DELETE
/api/documents/{doc_id}, GET /api/index/status (the rebuild that follows). See web/uploads.py."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from qa.schemas import DocumentSummary, DocumentText
from web.deps import AdminDep, AssistantDep
from web.routes import TOO_LARGE
from web.schemas import ErrorResponse
from web.uploads import MAX_FILES, ReportManager

router = APIRouter(prefix="/api", tags=["documents"])

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "QA_ADMIN_TOKEN is set and the request does not carry it"},
    403: {"model": ErrorResponse, "description": "no QA_ADMIN_TOKEN set and the client is not on this machine"},
}


class FileStatus(BaseModel):
    filename: str = Field(description="the name as sent")
    doc_id: str | None = Field(description="the report's doc_id (null when the file was refused)")
    status: str = Field(description="indexing (saved; the index is being rebuilt) or failed")
    error: str | None = Field(default=None, description="why the file was refused")


class IndexStatus(BaseModel):
    state: str = Field(description="indexing (a rebuild is running or queued) or idle")
    seconds: float | None = Field(description="how long the running rebuild has taken so far")
    message: str | None = Field(description="the rebuild's last progress line")
    last_error: str | None = Field(description="why the last rebuild failed, if it did")
    last_seconds: float | None = Field(description="how long the last rebuild took")
    rebuilds: int = Field(description="rebuilds done since the server started")


class UploadResponse(BaseModel):
    files: list[FileStatus]
    index: IndexStatus


class DeleteResponse(BaseModel):
    doc_id: str
    status: str = Field(description="deleting (the index is being rebuilt without it) or deleted")


def reports(request: Request) -> ReportManager:
    return request.app.state.reports


@router.get("/documents", response_model=list[DocumentSummary], responses={**TOO_LARGE, 503: {"model": ErrorResponse}})
def list_documents(request: Request) -> list[DocumentSummary]:
    # Computed once per loaded index (no chunk parsed, no text read), plus the uploads folder's state.
    listing = reports(request).catalogue()
    service = request.app.state.service
    if service.assistant is None and not listing:  # no index and nothing uploaded: say what to run
        raise HTTPException(status_code=503, detail=service.error)
    return listing


@router.post(
    "/documents",
    response_model=UploadResponse,
    status_code=202,
    dependencies=[AdminDep],
    responses={
        413: {"model": ErrorResponse, "description": "request over QA_MAX_UPLOAD_REQUEST_BYTES (100 MB)"},
        **WRITE_ERRORS,
        200: {"model": UploadResponse, "description": "no file was accepted (each has its error)"},
        422: {"model": ErrorResponse, "description": "no parts named `files`, or too many"},
        503: {"model": ErrorResponse},
    },
)
async def upload_documents(
    request: Request,
    files: Annotated[list[UploadFile], File(description=f"one or more report files (at most {MAX_FILES})")],
) -> JSONResponse:
    """Add reports: each is checked and saved, then the index is rebuilt in the background (GET
    /api/index/status for progress; GET /api/documents shows each report's status)."""
    if len(files) > MAX_FILES:
        raise HTTPException(status_code=422, detail=f"too many files in one request (at most {MAX_FILES})")
    manager = reports(request)
    limit = request.app.state.settings.max_upload_bytes
    received: list[tuple[str, bytes | None]] = []
    for part in files:
        # Over the per-file limit: not read into memory (None); the request limit bounds what was spooled.
        data = None if part.size is not None and part.size > limit else await part.read(limit + 1)
        received.append((part.filename or "", None if data is not None and len(data) > limit else data))
    results = await anyio.to_thread.run_sync(manager.save, received)
    body = UploadResponse.model_validate({"files": [r.as_dict() for r in results], "index": manager.status()})
    accepted = any(r.doc_id for r in results)
    return JSONResponse(body.model_dump(), status_code=202 if accepted else 200)


@router.get("/index/status", response_model=IndexStatus, responses={**TOO_LARGE, 503: {"model": ErrorResponse}})
async def index_status(request: Request) -> IndexStatus:
    return IndexStatus.model_validate(reports(request).status())


@router.get(
    "/documents/{doc_id}",
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


@router.delete(
    "/documents/{doc_id}",
    response_model=DeleteResponse,
    status_code=202,
    dependencies=[AdminDep],
    responses={
        **TOO_LARGE,
        **WRITE_ERRORS,
        200: {"model": DeleteResponse, "description": "a failed upload removed (nothing to rebuild)"},
        404: {"model": ErrorResponse},
        409: {"model": ErrorResponse, "description": "the report is a file of the corpus, not an upload"},
        422: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
)
def delete_document(doc_id: str, request: Request) -> JSONResponse:
    """Remove an uploaded report; the index is rebuilt without it in the background."""
    status, body = reports(request).delete(doc_id)
    return JSONResponse(body, status_code=status)
