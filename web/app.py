"""The app factory: JSON API + chat page over one `Assistant`, loaded at start-up and again whenever `qa index`
swaps in a new build."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from qa.answer import Assistant
from qa.config import Settings, get_settings
from web import state, uploads
from web.errors import install_error_handlers
from web.limits import BodySizeLimit, ConcurrencyLimit, CpuGate
from web.openapi import openapi_30
from web.routes import ask, documents, health, pages, reports, search
from web.security import SecurityHeaders

STATIC_DIR = Path(__file__).parent / "static"
SWITCH_INTERVAL_S = 0.001
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


SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")  # all the docs page loads
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def install_offline_docs(app: FastAPI) -> None:
    """/docs with Swagger UI served from the swagger-ui-bundle package: FastAPI's default page loads it from a
    CDN, which an offline machine cannot reach (a blank page). That Swagger UI (4.15) reads OpenAPI 3.0 only,
    so /openapi.json is served as 3.0 (web/openapi.py). Only the two files the page loads are served, not the
    package's folder (its demo index.html loads a petstore from outside). The page's one inline script is
    allowed by its hash in the page's own CSP; Swagger UI sets inline styles."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import FileResponse, HTMLResponse

    fastapi_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi_30(fastapi_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    folder = Path(swagger_ui_bundle.swagger_ui_path)

    @app.api_route("/swagger-ui/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    async def swagger_file(name: str) -> Response:
        if name not in SWAGGER_FILES:
            return JSONResponse({"detail": f"not found: /swagger-ui/{name}"}, status_code=404)
        return FileResponse(folder / name)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — docs",
            swagger_js_url="/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )
        html = bytes(page.body).decode()
        hashes = " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
            for m in _INLINE_SCRIPT.findall(html)
        )
        csp = (
            f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})


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
        # The event loop answers /healthz and reads requests while question threads run pure Python: with a
        # 1 ms GIL switch interval (default 5 ms) it waits less for each turn (p99 of /healthz under 8 costly
        # clients, see `make probe`); the cost to the question threads is a few more switches.
        switch = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        try:
            # Loading takes seconds (index files, the model): once, before serving, off the event loop.
            app.state.service = await anyio.to_thread.run_sync(state.start, settings, assistant, reload_interval)
            # The reports list once now: it loads jieba's dictionary for the places of titles (~2 s, which the
            # first question would pay too), so neither the first list nor the first question waits for it.
            await anyio.to_thread.run_sync(app.state.reports.catalogue)
            yield
            app.state.reports.close()  # a rebuild in progress is stopped; the current index stays as it was
            await anyio.to_thread.run_sync(app.state.service.close)
        finally:
            sys.setswitchinterval(switch)
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
    app.add_middleware(CpuGate, slots=settings.cpu_slots)  # inside the limits: its body read is bounded
    app.add_middleware(BodySizeLimit, timeout_s=settings.body_timeout_s, routes=uploads.body_limits(settings))
    app.add_middleware(LookForNewIndex)
    app.add_middleware(ConcurrencyLimit, max_in_flight=settings.max_concurrent_requests)
    install_error_handlers(app)  # after the limits, so its catch-all wraps them too
    app.add_middleware(SecurityHeaders)  # outermost: even the catch-all's 500 carries the headers
    app.state.reports = uploads.ReportManager(settings, lambda: app.state.service)
    for module in (ask, search, documents, health, pages, reports):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_offline_docs(app)
    return app
