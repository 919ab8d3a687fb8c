"""The app ``langgraph dev`` mounts (``http.app`` in ``langgraph.json``): ours, minus clashes.

LangGraph's server puts a mounted app's routes *before* its own, so a route of ours with the
same path as one of LangGraph's would hide it from Studio. ``GET /threads/{thread_id}`` is such a
path: Studio reads its threads there. Under ``langgraph dev`` that path stays LangGraph's; our
chat threads are read from ``mentor serve``. Everything else of ours is served as is.
"""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app

LANGGRAPH_PATHS = frozenset({"/threads/{thread_id}"})


def without_langgraph_paths(app: FastAPI) -> FastAPI:
    """``app`` with every route whose path LangGraph's server also serves removed."""
    app.router.routes = [
        route for route in app.router.routes if getattr(route, "path", None) not in LANGGRAPH_PATHS
    ]
    return app


app = without_langgraph_paths(create_app())
