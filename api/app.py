"""The FastAPI application of Mentor Bot.

``create_app()`` builds it; the lifespan, not the import, acquires what the app needs (settings,
database engine, checkpointer, compiled graph), so the module-level ``app`` (which ``langgraph
dev`` mounts through ``http.app`` in ``langgraph.json``, serving our routes on the LangGraph
server's port) costs nothing to import. ``mentor serve`` builds its own with
``connect_on_startup=True``; the module-level one connects on first use.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.middleware import BodyLimitMiddleware
from api.routes import chat, documents, health, reviews
from mentorbot.errors import DatabaseError
from mentorbot.runs import ReviewService
from mentorbot.settings import Settings, get_settings

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Owns the review service (database, checkpointer, graph) for as long as the app serves."""
    settings: Settings = app.state.configured_settings or get_settings()
    service = ReviewService(settings)
    app.state.settings = settings
    app.state.review_service = service
    if app.state.connect_on_startup:
        try:
            await service.ensure()
        except DatabaseError as error:
            logger.warning("starting without the database (retried on each request): %s", error)
    try:
        yield
    finally:
        await service.close()


def create_app(settings: Settings | None = None, *, connect_on_startup: bool = False) -> FastAPI:
    """The app; ``settings`` default to the environment's, read when the app starts."""
    app = FastAPI(
        title="Mentor Bot",
        version=version("mentor-bot"),
        summary="Evidence-backed learning logs from a learner's code and git history.",
        lifespan=lifespan,
    )
    app.state.configured_settings = settings
    app.state.connect_on_startup = connect_on_startup

    def body_limit() -> int:
        current = getattr(app.state, "settings", None) or settings or get_settings()
        return int(current.mentor_max_body_bytes)

    app.add_middleware(BodyLimitMiddleware, limit=body_limit)
    install_error_handlers(app)
    # Every router of the API, in the order /docs lists them.
    app.include_router(health.router)
    app.include_router(reviews.router)
    app.include_router(documents.router)
    app.include_router(chat.router)
    return app


app = create_app()
