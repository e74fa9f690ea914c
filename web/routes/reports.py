"""The reports page (`/reports`): the list of reports with their status, upload, delete and the rebuild's
progress. The list is rendered here (it works without JavaScript); web/static/reports.js keeps it current
and does the writes through the JSON API (POST/DELETE /api/documents)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from web.templating import render
from web.uploads import MAX_FILES, REPORT_SUFFIXES

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.api_route("/reports", methods=["GET", "HEAD"])
def reports_page(request: Request) -> HTMLResponse:
    manager = request.app.state.reports
    settings = request.app.state.settings
    return render(
        request,
        "reports.html",
        {
            "reports": manager.catalogue(),
            "index": manager.status(),
            "accept": ",".join(REPORT_SUFFIXES),
            "max_files": MAX_FILES,
            "max_mb": settings.max_upload_bytes // (1024 * 1024),
            "token_needed": settings.admin_token is not None,
        },
    )
