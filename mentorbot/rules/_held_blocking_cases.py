"""MB101's bad cases whose blocking object is held: a sync session, client or service kept on
``self``, handed in by ``Depends`` or a factory, made at import, or re-exported by another
module (assembled into ``_blocking_case_sets``)."""

from __future__ import annotations

from mentorbot.rules import _held_cases as held_cases
from mentorbot.rules import _kept_session_cases as kept_cases
from mentorbot.rules import _module_session_cases as module_cases
from mentorbot.rules import _service_cases as service_cases
from mentorbot.rules import _sync_engine_cases as engine_cases
from mentorbot.rules.base import Case

BAD: tuple[Case, ...] = (
    Case(
        files={
            "src/settings.py": engine_cases.REEXPORTING_SETTINGS,
            "src/api.py": engine_cases.REEXPORTED_SESSION_ROUTES,
        },
        hits=(("src/api.py", 13),),
        note="SQLAlchemy's Session taken from the settings module that imported it",
    ),
    Case(
        files={"app/memory.py": held_cases.MEMORY, "app/routes/chat.py": held_cases.CHAT_ROUTES},
        hits=tuple(("app/routes/chat.py", line) for line in held_cases.CHAT_HITS),
        note="a chat memory writing files, handed to async routes by Depends",
    ),
    Case(
        files={
            "app/vector_service.py": held_cases.VECTOR_SERVICE,
            "app/tasks.py": held_cases.DOCUMENT_TASKS,
        },
        hits=tuple(("app/tasks.py", line) for line in held_cases.DOCUMENT_TASKS_HITS),
        note="a Milvus-backed service made where it is used, on the spot or in a local",
    ),
    Case(
        files={"app/ingestion.py": held_cases.INGESTION},
        hits=tuple(("app/ingestion.py", line) for line in held_cases.INGESTION_HITS),
        note="a service's loader, handed to its __init__ and kept on self",
    ),
    Case(
        files={"app/rag.py": held_cases.CLASS_METHOD_RAG},
        hits=tuple(("app/rag.py", line) for line in held_cases.CLASS_METHOD_RAG_HITS),
        note="a class method reading a cache file, reached through another one on `cls`",
    ),
    Case(
        files=kept_cases.project(
            kept_cases.SYNC_BASE, kept_cases.REPOSITORY, kept_cases.SYNC_DATABASE
        ),
        hits=tuple(("app/repositories/sqlalchemy.py", line) for line in kept_cases.REPOSITORY_HITS),
        note="the sync session a base class in another module keeps on self",
    ),
    Case(
        files=kept_cases.project(
            kept_cases.ASYNC_BASE, kept_cases.REPOSITORY, kept_cases.SYNC_DATABASE
        ),
        hits=tuple(("app/repositories/sqlalchemy.py", line) for line in kept_cases.REPOSITORY_HITS),
        note="the same session typed AsyncSession, while the project's only engine is sync",
    ),
    Case(
        files={
            "app/repositories.py": kept_cases.ONE_FILE_REPOSITORY,
            "app/db.py": kept_cases.SYNC_DATABASE,
        },
        hits=tuple(("app/repositories.py", line) for line in kept_cases.ONE_FILE_HITS),
        note="the same, its base class in the same module",
    ),
    Case(
        files=service_cases.project(service_cases.ROUTES),
        hits=tuple(("routers/categories.py", line) for line in service_cases.ROUTES_HITS),
        note="a service implementation a factory picks, keeping the sync session it is handed",
    ),
    Case(
        files=module_cases.exercises(module_cases.BOOKS_APP),
        hits=tuple(("project-1/main.py", line) for line in module_cases.BOOKS_HITS),
        note="one sync session made at import, queried by an async route",
    ),
)
