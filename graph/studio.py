"""The graphs and the checkpointer that ``langgraph dev`` (and so LangGraph Studio) loads.

``langgraph.json`` names the objects here. Importing this module creates nothing: the services
(database, cache) are opened on first use — when the server enters :func:`checkpointer` at
start-up, or when a graph is first built — and then shared by every run and by the checkpointer
until the server stops. The graphs are compiled without a checkpointer: the server gives each run
its own (ours, on Postgres, via ``checkpointer``; else its in-memory one).

Opening the services at start-up matters: ``Database.upgrade`` runs Alembic on the event loop's
thread, which ``langgraph dev``'s blocking-call detector (active once the server has started)
rejects. With ``checkpointer`` in ``langgraph.json`` that happens before the detector is on.

Adding a graph is one line here (like ``chat = studio_graph(build_chat_graph)``) and one in
``langgraph.json``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph

from graph.builder import build_review_graph
from graph.chat import build_chat_graph
from mentorbot.knowledge.checkpoint import open_checkpointer
from mentorbot.knowledge.embedded import release_embedded_server
from mentorbot.services import Services, open_services

CompiledGraph = CompiledStateGraph[Any, Any, Any, Any]
GraphBuilder = Callable[[Services, BaseCheckpointSaver[Any] | None], CompiledGraph]
GraphFactory = Callable[[], Awaitable[CompiledGraph]]


class StudioServices:
    """The server's one set of services: opened lazily, once, and closed with the server."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self._stack: AsyncExitStack | None = None
        self._lock: asyncio.Lock | None = None

    async def get(self) -> Services:
        """The open services; the first caller opens them (connect, migrate) for everyone."""
        if self._services is not None:
            return self._services
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._services is None:
                stack = AsyncExitStack()
                try:
                    self._services = await stack.enter_async_context(open_services())
                except BaseException:
                    await stack.aclose()
                    raise
                self._stack = stack
        return self._services

    async def aclose(self) -> None:
        """Close the database; a later ``get()`` opens the services afresh.

        The embedded server is released here too: uvicorn ends ``langgraph dev`` by re-raising
        the stop signal, so the at-exit hook that would otherwise stop it never runs.
        """
        services, stack = self._services, self._stack
        self._services = self._stack = None
        if stack is not None:
            await stack.aclose()
        if services is not None and services.settings.database_url is None:
            await asyncio.to_thread(release_embedded_server, services.settings.mentor_home)


studio_services = StudioServices()


def studio_graph(build: GraphBuilder) -> GraphFactory:
    """A graph factory in the shape langgraph-api calls: no arguments, awaited per use.

    The server calls it for every run and every schema read and attaches its own checkpointer
    and store to the result, so the graph is compiled once per set of services, without a
    checkpointer, and reused.
    """
    built: tuple[Services, CompiledGraph] | None = None

    async def factory() -> CompiledGraph:
        nonlocal built
        services = await studio_services.get()
        if built is None or built[0] is not services:
            built = (services, build(services, None))
        return built[1]

    factory.__name__ = factory.__qualname__ = build.__name__.removeprefix("build_").removesuffix(
        "_graph"
    )
    factory.__doc__ = f"The graph of ``{build.__name__}``, on the server's shared services."
    return factory


review = studio_graph(build_review_graph)
chat = studio_graph(build_chat_graph)


@asynccontextmanager
async def checkpointer() -> AsyncIterator[BaseCheckpointSaver[Any]]:
    """Our Postgres checkpointer, entered once by the server at start-up and left at shutdown.

    Studio runs then persist in the same database as the CLI's and the service's. Leaving it
    also closes the shared services, which the server has no other shutdown hook for.
    """
    services = await studio_services.get()
    try:
        async with open_checkpointer(services.db) as saver:
            yield saver
    finally:
        await studio_services.aclose()
