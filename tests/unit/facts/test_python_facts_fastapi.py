"""Python facts on a FastAPI service: app, routes, dependencies, handlers, module summary."""

from __future__ import annotations

from mentorbot.analysis.signals import SIGNAL_KINDS
from mentorbot.domain import Signal
from tests.unit.facts.facts_helpers import of_kind, signals_of

FASTAPI_MAIN = '''\
"""Task tracker API."""
from contextlib import asynccontextmanager
from typing import Annotated, List

import fastapi
from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, HTTPException, Request, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse

from .db import get_session
from .schemas import TaskOut


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield


app = FastAPI(title="tasks", lifespan=lifespan)
router = APIRouter(prefix="/tasks", tags=["tasks"])
admin = fastapi.APIRouter()
SessionDep = Annotated[AsyncSession, Depends(get_session)]


def get_current_user(token: str = Depends(oauth2_scheme)) -> User:
    return decode(token)


@router.get("/", response_model=list[TaskOut])
async def list_tasks(session: SessionDep, limit: int = 20) -> list[TaskOut]:
    result = await session.execute(select(Task).limit(limit))
    return result.scalars().all()


@router.post(
    "/",
    response_model=TaskOut,
    status_code=201,
)
async def create_task(
    payload: TaskCreate,
    background: BackgroundTasks,
    user: Annotated[User, Depends(get_current_user)],
    session: AsyncSession = Depends(get_session),
):
    task = Task(**payload.model_dump())
    session.add(task)
    await session.commit()
    background.add_task(notify_owner, task.id)
    return task


@router.get("/{task_id}", response_model=schemas.TaskOut)
def read_task(task_id: int):
    task = TASKS.get(task_id)
    if task is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="not found")
    return task


@admin.api_route("/purge", methods=["post", "delete"], dependencies=[Depends(require_admin)])
async def purge() -> None:
    raise HTTPException(403)


@router.delete("/{task_id}", response_model=None)
async def delete_task(task_id: int) -> None:
    return None


@app.websocket("/ws")
async def feed(websocket: WebSocket):
    await websocket.accept()
    async for message in websocket.iter_text():
        await websocket.send_text(message)


@app.get("/stream")
async def stream():
    return StreamingResponse(numbers(), media_type="text/plain")


@app.exception_handler(TaskMissing)
async def task_missing_handler(request: Request, exc: TaskMissing) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": str(exc)})


@app.middleware("http")
async def add_timing(request: Request, call_next):
    return await call_next(request)


app.add_middleware(CORSMiddleware, allow_origins=["*"])
app.add_exception_handler(ValueError, value_error_handler)
app.include_router(router)
'''


def test_fastapi_app_and_routers() -> None:
    signals = signals_of(FASTAPI_MAIN)

    assert of_kind(signals, "app") == [
        (19, "app", {"type": "FastAPI"}),
        (20, "router", {"type": "APIRouter"}),
        (21, "admin", {"type": "APIRouter"}),
    ]
    assert of_kind(signals, "lifespan") == [(15, "lifespan", {}), (19, "lifespan", {})]
    routes = [signal for signal in signals if signal.kind == "route"]
    # The router's literal prefix leads its routes' paths, as FastAPI joins them ("/tasks/").
    assert [(route.line, route.name, route.detail) for route in routes] == [
        (30, "list_tasks", "GET /tasks/"),
        (40, "create_task", "POST /tasks/"),
        (54, "read_task", "GET /tasks/{task_id}"),
        (62, "purge", "POST,DELETE /purge"),
        (67, "delete_task", "DELETE /tasks/{task_id}"),
        (72, "feed", "WS /ws"),
        (79, "stream", "GET /stream"),
    ]
    assert routes[0].data == {
        "method": "GET",
        "path": "/tasks/",
        "async": "1",
        "response_model": "TaskOut",
        "response_many": "1",
        "returns": "list[TaskOut]",
        "depends": "1",
        "end": "32",
        "router": "router",
    }
    assert routes[1].data == {
        "method": "POST",
        "path": "/tasks/",
        "async": "1",
        "response_model": "TaskOut",
        "returns": "",
        "depends": "1",
        "end": "50",
        "router": "router",
    }
    assert routes[2].data == {
        "method": "GET",
        "path": "/tasks/{task_id}",
        "async": "0",
        "response_model": "schemas.TaskOut",
        "returns": "",
        "depends": "0",
        "end": "58",
        "router": "router",
    }
    assert routes[3].data["depends"] == "1"
    assert routes[3].data["returns"] == "None"
    assert routes[4].data["response_model"] == ""
    assert routes[5].data["method"] == "WS"
    assert of_kind(signals, "websocket") == [(72, "feed", {})]


def test_fastapi_dependencies_and_handlers() -> None:
    signals = signals_of(FASTAPI_MAIN)

    assert of_kind(signals, "depends") == [
        (22, "get_session", {"function": ""}),
        (25, "oauth2_scheme", {"function": "get_current_user"}),
        (43, "get_current_user", {"function": "create_task"}),
        (44, "get_session", {"function": "create_task"}),
        (61, "require_admin", {"function": "purge"}),
    ]
    assert of_kind(signals, "background-task") == [
        (40, "create_task", {"via": "BackgroundTasks"}),
        (49, "notify_owner", {"via": "BackgroundTasks"}),
    ]
    assert of_kind(signals, "http-exception") == [
        (57, "", {"status": "status.HTTP_404_NOT_FOUND"}),
        (63, "", {"status": "403"}),
    ]
    assert of_kind(signals, "exception-handler") == [
        (84, "TaskMissing", {}),
        (94, "ValueError", {}),
    ]
    assert of_kind(signals, "middleware") == [(89, "add_timing", {}), (93, "CORSMiddleware", {})]
    assert of_kind(signals, "streaming-response") == [(80, "StreamingResponse", {})]


def test_functions_imports_and_module_summary() -> None:
    signals = signals_of(FASTAPI_MAIN)

    assert signals[0] == Signal(
        kind="module",
        line=1,
        data={"functions": "11", "annotated_functions": "5", "classes": "0", "docstring": "1"},
    )
    assert of_kind(signals, "import") == [
        (2, "contextlib", {"from": "1"}),
        (3, "typing", {"from": "1"}),
        (5, "fastapi", {"from": "0"}),
    ]
    assert of_kind(signals, "async-def")[:3] == [
        (15, "lifespan", {"awaits": "0", "class": ""}),
        (30, "list_tasks", {"awaits": "1", "class": ""}),
        (40, "create_task", {"awaits": "1", "class": ""}),
    ]
    assert (72, "feed", {"awaits": "3", "class": ""}) in of_kind(signals, "async-def")
    assert of_kind(signals, "sync-def") == [
        (25, "get_current_user", {"class": ""}),
        (54, "read_task", {"class": ""}),
    ]
    assert [signal.line for signal in signals] == sorted(signal.line for signal in signals)
    assert all(signal.kind in SIGNAL_KINDS for signal in signals)


def test_route_on_unknown_receiver_needs_a_url_path() -> None:
    signals = signals_of(
        """\
        from .routers import router
        from .cache import cache


        @router.get("/health", response_model=typing.List[Health])
        def health():
            return {"ok": True}


        @cache.get("user-profile")
        def profile():
            return {}


        @router.get
        def not_called():
            return {}


        @api.v1.put("/items/{item_id}")
        async def replace(item_id: int):
            return item_id
        """
    )

    assert [
        (line, name, data["method"], data["path"]) for line, name, data in of_kind(signals, "route")
    ] == [(6, "health", "GET", "/health"), (21, "replace", "PUT", "/items/{item_id}")]


RETURN_ANNOTATED = """\
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from app.schemas import TaskOut, UserResponse

router = APIRouter()


@router.get("/tasks")
async def list_tasks() -> list[TaskOut]: ...


@router.get("/tasks/{task_id}")
async def read_task(task_id: int) -> TaskOut | None: ...


@router.get("/stats")
async def stats() -> dict[str, Any]: ...


@router.get("/export")
async def export() -> StreamingResponse: ...


@router.get("/raw", response_model=None)
async def raw() -> TaskOut: ...


@router.get("/me")
async def me() -> UserResponse: ...
"""


def test_a_return_annotation_is_the_response_model_when_the_decorator_names_none() -> None:
    routes = [signal for signal in signals_of(RETURN_ANNOTATED) if signal.kind == "route"]

    assert [
        (
            route.name,
            route.data["response_model"],
            route.data.get("response_via"),
            route.data.get("response_many"),
        )
        for route in routes
    ] == [
        ("list_tasks", "TaskOut", "return", "1"),
        ("read_task", "TaskOut | None", "return", None),
        ("stats", "", None, None),
        ("export", "", None, None),
        ("raw", "", None, None),
        ("me", "UserResponse", "return", None),
    ]


DISHKA_ROUTES = """\
from dishka.integrations.fastapi import FromDishka as Depends, inject
from fastapi import APIRouter

from app.repositories import PostRepository

router = APIRouter()


@router.get("/posts")
@inject
async def list_posts(repository: Depends[PostRepository]) -> list[dict]:
    return await repository.get_all()
"""


def test_a_route_handed_its_repository_by_dishka_uses_dependency_injection() -> None:
    signals = signals_of(DISHKA_ROUTES)

    assert of_kind(signals, "depends") == [(11, "PostRepository", {"function": "list_posts"})]
    routes = [signal for signal in signals if signal.kind == "route"]
    assert [route.data["depends"] for route in routes] == ["1"]
