"""The app factory: JSON API + chat page over one `Assistant`, loaded at start-up and again whenever `qa index`
swaps in a new build."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from qa.answer import Assistant
from qa.config import Settings, get_settings
from web import state
from web.errors import install_error_handlers
from web.limits import MAX_BODY_BYTES, BodySizeLimit
from web.openapi import openapi_30
from web.routes import ask, documents, health, pages, search

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger("web")


class LookForNewIndex:
    """Lets each request notice a new build (`Service.maybe_reload`: a clock check, and at most once a
    second a readlink and a stat; the load itself runs in a background thread)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            try:
                scope["app"].state.service.maybe_reload()
            except Exception:  # looking for a new index must never fail the request that looked
                log.exception("could not look for a new index")
        await self.app(scope, receive, send)


def install_offline_docs(app: FastAPI) -> None:
    """/docs with Swagger UI served from the swagger-ui-bundle package: FastAPI's default page loads it from a
    CDN, which an offline machine cannot reach (a blank page). That Swagger UI (4.15) reads OpenAPI 3.0 only,
    so /openapi.json is served as 3.0 (web/openapi.py)."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    fastapi_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_30(fastapi_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — docs",
            swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


def create_app(
    settings: Settings | None = None,
    assistant: Assistant | None = None,
    reload_interval: float | None = state.RELOAD_CHECK_S,
) -> FastAPI:
    """`assistant`, when given, is served as is (tests share one); otherwise it is loaded from
    `settings.index_dir` when the server starts. A missing or broken index does not stop the server:
    the API answers 503 with what to run, and the page says so. When `qa index` swaps in a new build, the
    server moves to it without a failed request (see web/state.py); `reload_interval` is how often, at
    most, a request looks for one (None: never)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threads = state.set_torch_threads(settings.torch_threads)
        try:
            # Loading takes seconds (index files, the model): once, before serving, off the event loop.
            app.state.service = await anyio.to_thread.run_sync(state.start, settings, assistant, reload_interval)
            yield
            await anyio.to_thread.run_sync(app.state.service.close)
        finally:
            state.restore_torch_threads(threads)

    app = FastAPI(
        title="工作报告问答 API",
        summary="Extractive answers with cited numbers from Chinese work reports",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = state.Service()  # until the lifespan has run: 503 "starting"
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(LookForNewIndex)
    install_error_handlers(app)  # after the size limit, so its catch-all wraps that too
    for module in (ask, search, documents, health, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_offline_docs(app)
    return app
