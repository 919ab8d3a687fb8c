"""MB101's good cases, assembled from the case modules: each a small project whose calls the
rule must leave alone (a thread, an async client, a sync route...)."""

from __future__ import annotations

from mentorbot.rules import _app_client_cases as app_client_cases
from mentorbot.rules import _awaited_llm_cases as awaited_llm_cases
from mentorbot.rules import _azure_blob_cases as azure_cases
from mentorbot.rules import _blocking_cases as cases
from mentorbot.rules import _bot_file_cases as bot_file_cases
from mentorbot.rules import _chain_cases as chain_cases
from mentorbot.rules import _client_cases as client_cases
from mentorbot.rules import _core_connection_cases as core_cases
from mentorbot.rules import _dbapi_cases as dbapi_cases
from mentorbot.rules import _django_orm_cases as django_cases
from mentorbot.rules import _document_cases as document_cases
from mentorbot.rules import _drawn_session_cases as drawn_cases
from mentorbot.rules import _extraction_cases as extraction_cases
from mentorbot.rules import _factory_client_cases as factory_client_cases
from mentorbot.rules import _file_cases as file_cases
from mentorbot.rules import _gemini_cases as gemini_cases
from mentorbot.rules import _google_cloud_cases as google_cases
from mentorbot.rules import _gridfs_cases as gridfs_cases
from mentorbot.rules import _held_cases as held_cases
from mentorbot.rules import _interface_cases as interface_cases
from mentorbot.rules import _kafka_cases as kafka_cases
from mentorbot.rules import _kept_session_cases as kept_cases
from mentorbot.rules import _layered_cases as layered_cases
from mentorbot.rules import _llm_cases as llm_cases
from mentorbot.rules import _local_factory_cases as local_factory_cases
from mentorbot.rules import _mail_speech_cases as mail_cases
from mentorbot.rules import _media_upload_cases as media_cases
from mentorbot.rules import _module_session_cases as module_cases
from mentorbot.rules import _ollama_cases as ollama_cases
from mentorbot.rules import _payment_cases as payment_cases
from mentorbot.rules import _peewee_cases as peewee_cases
from mentorbot.rules import _pika_cases as pika_cases
from mentorbot.rules import _pubsub_cases as pubsub_cases
from mentorbot.rules import _query_cases as query_cases
from mentorbot.rules import _reexported_client_cases as reexported_cases
from mentorbot.rules import _report_file_cases as report_cases
from mentorbot.rules import _service_cases as service_cases
from mentorbot.rules import _star_session_cases as star_cases
from mentorbot.rules import _strawberry_cases as strawberry_cases
from mentorbot.rules import _supabase_cases as supabase_cases
from mentorbot.rules import _vector_cases as vector_cases
from mentorbot.rules.base import Case

LIFESPAN_TABLES = """\
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlmodel import Field, Session, SQLModel, create_engine, select

engine = create_engine("sqlite:///heroes.db")


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


@asynccontextmanager
async def lifespan(app: FastAPI):
    SQLModel.metadata.create_all(engine)
    yield
    engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.on_event("startup")
async def wait_for_the_database() -> None:
    time.sleep(1)


@app.get("/heroes")
def list_heroes() -> list[Hero]:
    with Session(engine) as session:
        return list(session.exec(select(Hero)))
"""
"""SQLModel's tutorial start-up: the tables made in an ``async def lifespan``."""


PIZZA_DB = """\
import sqlite3


def sql_start():
    global base
    base = sqlite3.connect("pizza.db")
    base.execute("CREATE TABLE IF NOT EXISTS menu(name TEXT)")
    base.commit()
"""
PIZZA_BOT = """\
import os

from aiogram import Bot, Dispatcher
from aiogram.utils import executor

import db

dp = Dispatcher(Bot(token=os.getenv("BOT_TOKEN")))


async def on_startup(_):
    db.sql_start()


executor.start_polling(dp, skip_updates=True, on_startup=on_startup)
"""
"""An aiogram 2 bot opening its SQLite file once, before polling starts (blind check t1)."""


GOOD: tuple[Case, ...] = (
    *interface_cases.GOOD,
    *star_cases.GOOD,
    *local_factory_cases.GOOD,
    *strawberry_cases.BLOCKING_GOOD,
    Case(files={"app/routes/years.py": file_cases.ERROR_LOG}, note="an error written to a log"),
    *chain_cases.GOOD,
    *supabase_cases.GOOD,
    *core_cases.GOOD,
    *drawn_cases.GOOD,
    *peewee_cases.GOOD,
    *peewee_cases.QUEUE_GOOD,
    *dbapi_cases.POOL_GOOD,
    *awaited_llm_cases.AWAITED_GOOD,
    *vector_cases.RAG_GOOD,
    *app_client_cases.GOOD,
    *gridfs_cases.GOOD,
    *google_cases.GOOD,
    *azure_cases.GOOD,
    *gemini_cases.GOOD,
    *document_cases.GOOD,
    *reexported_cases.GOOD,
    *mail_cases.GOOD,
    *bot_file_cases.GOOD,
    *kafka_cases.GOOD,
    *pika_cases.GOOD,
    *pubsub_cases.GOOD,
    *payment_cases.GOOD,
    *media_cases.GOOD,
    *ollama_cases.GOOD,
    *report_cases.GOOD,
    *factory_client_cases.GOOD,
    *django_cases.GOOD,
    Case(
        files={
            "app/memory.py": held_cases.MEMORY,
            "app/routes/chat.py": held_cases.GOOD_CHAT_ROUTES,
        }
    ),
    Case(files={"app/uploads.py": file_cases.GOOD_UPLOADS}),
    Case(files={"app/tasks.py": query_cases.SYNC_QUERY_ROUTES}),
    Case(
        files={
            "app/auth_utils.py": query_cases.OWN_SESSION_HELPERS,
            "app/routes.py": query_cases.SYNC_LOGIN_ROUTES,
        }
    ),
    Case(
        files={
            "app/services/resume_parser.py": file_cases.RESUME_PARSER,
            "app/routes.py": file_cases.GOOD_RESUME_ROUTES,
        }
    ),
    Case(
        files={
            "app/config.py": client_cases.CONFIG,
            "app/cache.py": client_cases.ASYNC_CACHE,
            "app/db.py": client_cases.ASYNC_DB,
            "app/routes.py": client_cases.ASYNC_CLIENT_ROUTES,
            "app/services.py": client_cases.ASYNC_SERVICE,
            "app/storage.py": client_cases.STORAGE,
            "app/tasks.py": client_cases.TASKS,
        }
    ),
    Case(files={"app/main.py": cases.GOOD, "tests/test_export.py": cases.ASYNC_TEST}),
    Case(
        files={
            "app/crud/weather.py": cases.WEATHER_CRUD,
            "app/routers/weather.py": cases.GOOD_HELPER_ROUTES,
        }
    ),
    Case(
        files={
            "app/database.py": cases.SESSION_DEP,
            "app/routers/posts.py": cases.GOOD_ALIAS_ROUTES,
        }
    ),
    Case(
        files={
            "app/database.py": cases.DATABASES,
            "app/routers/books.py": cases.GOOD_DEPENDS_ROUTES,
        }
    ),
    Case(
        files={
            "app/services/chat_service.py": layered_cases.CHAT_SERVICE,
            "app/controllers/chat_controller.py": layered_cases.CHAT_CONTROLLER,
            "app/main.py": layered_cases.GOOD_CHAT_ROUTES,
        }
    ),
    Case(
        files={
            "app/mailer.py": layered_cases.MAILER,
            "app/routes/mail.py": layered_cases.GOOD_MAIL_ROUTES,
        }
    ),
    Case(files={"app/ask.py": llm_cases.ASYNC_LEGACY_CHAIN_ROUTES}),
    Case(
        files={
            "app/llm.py": llm_cases.CHAT_MODEL_FACTORY,
            "app/answers.py": llm_cases.ASYNC_MODEL_KEEPING_SERVICE,
        }
    ),
    Case(
        files={
            "app/store.py": vector_cases.STORE,
            "app/search.py": vector_cases.GOOD_SEARCH_ROUTES,
        }
    ),
    Case(
        files={
            "app/agent.py": llm_cases.AGENT,
            "app/service.py": llm_cases.GRAPH_SERVICE,
            "app/routes.py": llm_cases.GOOD_GRAPH_SERVICE_ROUTES,
        }
    ),
    Case(
        files={
            "app/llm.py": llm_cases.ASYNC_LAZY_CLIENT,
            "app/summary.py": llm_cases.ASYNC_LAZY_CLIENT_USER,
        }
    ),
    Case(
        files={
            "app/http.py": client_cases.HTTP_SESSION,
            "app/weather.py": client_cases.GOOD_SESSION_ROUTES,
        }
    ),
    Case(files=llm_cases.support_bot(llm_cases.GOOD_ROUTES)),
    Case(files=service_cases.project(service_cases.PLAIN_ROUTES)),
    Case(files={"app/main.py": module_cases.OWN_ASYNC_SESSION}),
    Case(
        files=module_cases.auth_project(module_cases.ASYNC_FACTORY_MODULE),
        note="the same session made from an async factory: its query is no blocking call",
    ),
    Case(
        files=module_cases.news_bot(module_cases.ASYNC_LOADER),
        note="the same helper over the async session another module makes",
    ),
    Case(
        files=kept_cases.project(
            kept_cases.ASYNC_BASE, kept_cases.REPOSITORY, kept_cases.ASYNC_DATABASE
        ),
        note="an AsyncSession kept by a base class: its unawaited calls are MB109's",
    ),
    Case(
        files={
            "app/db.py": dbapi_cases.NOTES_DB,
            "app/notes.py": dbapi_cases.GOOD_DBAPI_ROUTES,
        }
    ),
    Case(
        files={
            "app/db.py": dbapi_cases.SHOP_DATABASE,
            "app/routes.py": dbapi_cases.GOOD_SHOP_ROUTES,
            "app/login.py": dbapi_cases.GOOD_SHOP_LOGIN,
        }
    ),
    Case(
        files={"bot.py": PIZZA_BOT, "db.py": PIZZA_DB},
        note="a bot's start-up hook opens its database once, through a helper (blind check t1)",
    ),
    Case(
        files={"app/main.py": LIFESPAN_TABLES},
        note="tables made in the lifespan and a start-up hook, before any request (blind "
        "check s1); the route's own blocking call is another case's",
    ),
    *extraction_cases.GOOD,
)
