"""One router per file: ask, search, documents, health (the JSON API) and pages (the chat page)."""

from __future__ import annotations

from typing import Any

from web.limits import MAX_BODY_BYTES
from web.schemas import ErrorResponse

# Every route can answer this one: the body limit is checked before routing, so even a GET with a body.
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": f"request body over {MAX_BODY_BYTES // 1024} KB"}
}
