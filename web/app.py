"""The app factory: JSON API + chat page over one `Assistant`, loaded once at start-up."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from qa.answer import Assistant
from qa.config import Settings, get_settings
from web import state
from web.errors import install_error_handlers
from web.limits import MAX_BODY_BYTES, BodySizeLimit
from web.routes import ask, documents, health, pages, search

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, assistant: Assistant | None = None) -> FastAPI:
    """`assistant`, when given, is served as is (tests share one); otherwise it is loaded from
    `settings.index_dir` when the server starts. A missing or broken index does not stop the server:
    the API answers 503 with what to run, and the page says so."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threads = state.set_torch_threads(settings.torch_threads)
        try:
            # Loading takes seconds (index files, the model): once, before serving, off the event loop.
            app.state.service = await anyio.to_thread.run_sync(state.start, settings, assistant)
            yield
        finally:
            state.restore_torch_threads(threads)

    app = FastAPI(title="工作报告问答 API",
                  summary="Extractive answers with cited numbers from Chinese work reports",
                  version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.service = state.Service()  # until the lifespan has run: 503 "starting"
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    install_error_handlers(app)  # after the size limit, so its catch-all wraps that too
    for module in (ask, search, documents, health, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
