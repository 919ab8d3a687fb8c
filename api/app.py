"""The FastAPI application of Mentor Bot.

``create_app()`` builds it; the lifespan, not the import, acquires what the app needs, so the
module-level ``app`` (which ``langgraph dev`` mounts through ``http.app`` in ``langgraph.json``,
serving our routes on the LangGraph server's port) costs nothing to import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from api.routes import health
from mentorbot.settings import get_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Owns the app's resources for as long as it serves; for now, only the settings."""
    app.state.settings = get_settings()
    yield


def create_app() -> FastAPI:
    app = FastAPI(
        title="Mentor Bot",
        version=version("mentor-bot"),
        summary="Evidence-backed learning logs from a learner's code and git history.",
        lifespan=lifespan,
    )
    app.include_router(health.router)
    return app


app = create_app()
