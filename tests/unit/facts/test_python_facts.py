"""Python facts on a FastAPI service: routes, dependencies, handlers, auth and env reads."""

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
    }
    assert routes[1].data == {
        "method": "POST",
        "path": "/tasks/",
        "async": "1",
        "response_model": "TaskOut",
        "returns": "",
        "depends": "1",
        "end": "50",
    }
    assert routes[2].data == {
        "method": "GET",
        "path": "/tasks/{task_id}",
        "async": "0",
        "response_model": "schemas.TaskOut",
        "returns": "",
        "depends": "0",
        "end": "58",
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


def test_auth_helpers() -> None:
    signals = signals_of(
        """\
        from fastapi import Security
        from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
        from jose import jwt
        from passlib.context import CryptContext

        oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token")
        api_key = APIKeyHeader(name="X-API-Key")
        pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


        def make_token(sub: str) -> str:
            return jwt.encode({"sub": sub}, SECRET, algorithm="HS256")


        def current_user(token: str = Security(oauth2_scheme, scopes=["me"])) -> dict:
            return jwt.decode(token, SECRET, algorithms=["HS256"])
        """
    )

    assert of_kind(signals, "auth") == [
        (6, "OAuth2PasswordBearer", {}),
        (7, "APIKeyHeader", {}),
        (8, "CryptContext", {}),
        (12, "jwt.encode", {}),
        (15, "Security", {}),
        (16, "jwt.decode", {}),
    ]


def test_fastapi_users_auth_backend_is_auth() -> None:
    """A shop mounting fastapi-users' JWT backend was said to have no authentication (blind
    check corpus 50); Starlette's AuthenticationBackend base class is no backend of its own."""
    signals = signals_of(
        """\
        from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy
        from starlette.authentication import AuthenticationBackend as StarletteBackend

        bearer_transport = BearerTransport(tokenUrl="auth/jwt/login")


        def get_jwt_strategy() -> JWTStrategy:
            return JWTStrategy(secret=SECRET, lifetime_seconds=3600)


        auth_backend = AuthenticationBackend(
            name="jwt", transport=bearer_transport, get_strategy=get_jwt_strategy
        )
        base = StarletteBackend()
        """,
        "src/auth/base_config.py",
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (4, "BearerTransport"),
        (8, "JWTStrategy"),
        (11, "AuthenticationBackend"),
    ]


def test_password_hashing_by_bcrypt_or_werkzeug_is_auth() -> None:
    """A WebSocket chat that registers and logs in users with bcrypt was said to have no
    authentication (blind check corpus 51); a project helper of the same name is not bcrypt."""
    signals = signals_of(
        """\
        import bcrypt
        from werkzeug.security import check_password_hash

        from app.utils import hashpw


        def register(password: str) -> bytes:
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


        def login(password: str, stored: bytes, legacy: str) -> bool:
            if bcrypt.checkpw(password.encode(), stored):
                return True
            return check_password_hash(legacy, password)


        def rehash(password: str) -> str:
            return hashpw(password)
        """,
        "app/routers/user.py",
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (8, "hashpw"),
        (12, "checkpw"),
        (14, "check_password_hash"),
    ]


def test_env_reads_only() -> None:
    signals = signals_of(
        """\
        from os import environ, getenv

        DEBUG = getenv("DEBUG")
        TOKEN = environ["TOKEN"]
        environ["WRITTEN"] = "1"
        NAME = environ.get(key_name)
        other = config.get("NOT_ENV")
        """
    )

    assert of_kind(signals, "env-config") == [(3, "DEBUG", {}), (4, "TOKEN", {}), (6, "", {})]


def test_same_names_from_other_libraries_are_not_signals() -> None:
    signals = signals_of(
        """\
        from http.client import HTTPException

        import httpx
        from rich.progress import Progress
        from starlette.background import BackgroundTasks


        def download(urls: list[str]) -> None:
            with Progress() as progress:
                job = progress.add_task("Downloading", total=len(urls))
            if not urls:
                raise HTTPException("no urls")


        def api_client() -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(retries=3))


        def respond():
            tasks = BackgroundTasks()
            tasks.add_task(write_audit_log, "done")
            return tasks
        """,
        "app/cli.py",
    )

    assert of_kind(signals, "background-task") == [
        (21, "write_audit_log", {"via": "BackgroundTasks"})
    ]
    assert of_kind(signals, "http-exception") == []
    assert of_kind(signals, "test-client") == []


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


def test_an_ollama_client_and_a_faiss_index_are_an_llm_call_and_a_vector_store() -> None:
    """A document Q&A on a local Ollama model and a FAISS index was told it had no LLM call and
    no vector store."""
    signals = signals_of(
        "import faiss\n"
        "import ollama\n"
        "from httpx import AsyncClient\n"
        "from ollama import Client as OllamaClient\n"
        "\n"
        'client = OllamaClient(host="http://localhost:11434")\n'
        "index = faiss.IndexFlatL2(384)\n"
        'reply = ollama.chat(model="llama3", messages=[])\n'
        "http = AsyncClient()\n"
    )

    assert of_kind(signals, "llm-call") == [
        (6, "OllamaClient", {"library": "ollama"}),
        (8, "ollama.chat", {"library": "ollama"}),
    ]
    assert of_kind(signals, "vector-store") == [(7, "faiss.IndexFlatL2", {"library": "faiss"})]


def test_a_route_that_takes_background_tasks_and_never_uses_them_has_no_background_task() -> None:
    """A temperature route took ``background_tasks: BackgroundTasks`` and did all its work
    inline; the log counted "1 background task (BackgroundTasks)"."""
    unused = signals_of(
        "from fastapi import APIRouter, BackgroundTasks\n\nrouter = APIRouter()\n\n\n"
        '@router.post("/temperatures/update")\n'
        "async def update_temperatures(background_tasks: BackgroundTasks) -> dict:\n"
        "    await refresh_all()\n"
        '    return {"ok": True}\n'
    )
    handed_on = signals_of(
        "from fastapi import APIRouter, BackgroundTasks\n\nfrom app.mail import queue_mail\n\n"
        "router = APIRouter()\n\n\n"
        '@router.post("/signup")\n'
        "async def signup(email: str, background_tasks: BackgroundTasks) -> dict:\n"
        "    queue_mail(background_tasks, email)\n"
        '    return {"ok": True}\n'
    )

    assert of_kind(unused, "background-task") == []
    assert of_kind(handed_on, "background-task") == [(9, "signup", {"via": "BackgroundTasks"})]


def test_a_file_sent_in_pieces_is_no_streamed_result() -> None:
    """An S3 download answered with ``StreamingResponse(io.BytesIO(...))`` was cited as "output
    is streamed to the client" for an app whose LLM summary came back all at once."""
    signals = signals_of(
        "import io\n\nfrom fastapi.responses import StreamingResponse\n\n\n"
        "def download(body: bytes, name: str):\n"
        "    return StreamingResponse(io.BytesIO(body), media_type='application/pdf')\n\n\n"
        "def report(rows):\n"
        "    return StreamingResponse(rows, headers={'Content-Disposition': 'attachment'})\n\n\n"
        "def tokens(chunks):\n"
        "    return StreamingResponse(chunks, media_type='text/event-stream')\n"
    )

    assert of_kind(signals, "streaming-response") == [(15, "StreamingResponse", {})]
