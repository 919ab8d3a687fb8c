"""Python facts on task queues, agents, vector stores and LLM calls."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, of_kind, signals_of

CELERY_MODULE = """\
import logging

from celery import Celery, shared_task

logger = logging.getLogger(__name__)
celery_app = Celery("worker", broker="redis://localhost:6379/0")


@celery_app.task(bind=True, max_retries=3)
def send_welcome_email(self, user_id: int) -> None:
    try:
        deliver(user_id)
    except ConnectionError as exc:
        raise self.retry(exc=exc)


@shared_task
def cleanup() -> None:
    logger.info("cleanup")


@celery_app.on_after_configure.connect
def setup_periodic_tasks(sender, **kwargs):
    sender.add_periodic_task(60.0, cleanup.s())
"""


def test_celery_tasks() -> None:
    signals = signals_of(CELERY_MODULE, "app/worker.py")

    assert of_kind(signals, "background-task") == [
        (10, "send_welcome_email", {"via": "celery"}),
        (18, "cleanup", {"via": "celery"}),
    ]
    assert of_kind(signals, "try-except") == [
        (11, "", {"handlers": "ConnectionError", "bare": "0", "swallows": "0"})
    ]
    assert [(s.line, s.detail) for s in signals if s.kind == "logging"] == [(5, "logging")]


def test_a_function_enqueued_on_rq_is_a_background_task() -> None:
    """``queue.enqueue(model_predict, ...)``: the log said "no background jobs" of an app that
    hands its predictions to RQ workers (blind check corpus 90); a plain list's method of the
    same name in a module without RQ is none."""
    from mentorbot.rules._rq_cases import PREDICTIONS

    signals = signals_of(PREDICTIONS, "app/routes.py")
    other = signals_of("def run(jobs):\n    jobs.enqueue(print)\n", "app/jobs.py")

    assert of_kind(signals, "background-task") == [
        (17, "model_predict", {"via": "rq"}),
        (29, "model_predict", {"via": "rq"}),  # through asyncio.to_thread
    ]
    assert of_kind(other, "background-task") == []


def test_a_homework_queue_class_is_no_rq_queue() -> None:
    """A data-structures exercise's own ``Queue`` and its unittest's
    ``self.five_queue.enqueue(i)`` made "Background jobs ✅ proficient" and "6 background tasks
    (rq)" (blind check x1); a queue imported from the module that built it with RQ still is one."""
    homework = signals_of(
        """\
        import unittest
        import queue


        class TestQueue(unittest.TestCase):
            def setUp(self):
                self.five_queue = queue.Queue()
                for i in range(5):
                    self.five_queue.enqueue(i)
        """,
        "test_Queue.py",
    )
    own_class = signals_of(
        """\
        class Queue:
            def __init__(self):
                self.items = []

            def enqueue(self, item):
                self.items.append(item)


        from jobs import task_queue

        task_queue.enqueue(print)
        """,
        "my_queue.py",
    )
    imported = signals_of(
        """\
        from flask import current_app

        from app.worker import queue


        def start(user_id):
            queue.enqueue(send_welcome_email, user_id)
            current_app.task_queue.enqueue(export_posts, user_id)
        """,
        "app/models.py",
    )

    assert of_kind(homework, "background-task") == []
    assert of_kind(own_class, "background-task") == []
    assert of_kind(imported, "background-task") == [
        (7, "send_welcome_email", {"via": "rq"}),
        (8, "export_posts", {"via": "rq"}),
    ]


def test_a_job_enqueued_from_a_worker_thread_is_still_a_background_task() -> None:
    """Following MB101's advice, ``await asyncio.to_thread(queue.enqueue, ...)`` took the
    enqueue off the event loop, and the next log said the app had no background jobs."""
    signals = signals_of(
        """\
        import asyncio

        from redis import Redis
        from rq import Queue
        from starlette.concurrency import run_in_threadpool

        queue = Queue(connection=Redis())


        async def resize_image(image_id: int):
            job = await asyncio.to_thread(queue.enqueue, resize, image_id)
            await run_in_threadpool(queue.enqueue, thumbnail, image_id)
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, queue.enqueue, archive, image_id)
            return job.get_id()
        """,
        "app/routes.py",
    )

    assert of_kind(signals, "background-task") == [
        (11, "resize", {"via": "rq"}),
        (12, "thumbnail", {"via": "rq"}),
        (14, "archive", {"via": "rq"}),
    ]


def test_procrastinate_and_arq_workers() -> None:
    procrastinate_signals = signals_of(
        """\
        import procrastinate

        app = procrastinate.App(connector=procrastinate.PsycopgConnector())


        @app.task(queue="emails")
        async def send(to: str) -> None:
            await mailer.send(to)
        """
    )
    arq_signals = signals_of(
        """\
        from arq.connections import RedisSettings


        async def download(ctx, url: str) -> int:
            return 1


        class WorkerSettings:
            functions = [download]
            redis_settings = RedisSettings()
        """
    )

    assert of_kind(procrastinate_signals, "background-task") == [
        (7, "send", {"via": "procrastinate"})
    ]
    # The job the worker runs, not its settings class ("2 background tasks" cited two
    # WorkerSettings, blind check corpus 64).
    assert of_kind(arq_signals, "background-task") == [(9, "download", {"via": "arq"})]


def test_a_task_registered_by_calling_the_apps_task_method_counts_like_a_decorated_one() -> None:
    """An app made at run time registers its functions with ``app.task(...)(function)``; an
    object with a ``task`` method in a file that names no queue is no task queue."""
    registered = signals_of(
        """\
        from procrastinate import App

        from worker.jobs import send_digest


        def bind(app: App) -> None:
            app.task(name="digest", queue="mail")(send_digest)
            app.periodic(cron="0 8 * * *")(send_digest)
        """
    )
    unrelated = signals_of(
        """\
        def schedule(board, job):
            board.task(priority=1)(job)
        """
    )

    assert of_kind(registered, "background-task") == [(7, "send_digest", {"via": "procrastinate"})]
    assert of_kind(unrelated, "background-task") == []


AGENT_MODULE = """\
import os
from typing import TypedDict

import structlog
from langchain.chat_models import init_chat_model
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_postgres import PGVector
from langgraph.graph import END, START, StateGraph
from langgraph.prebuilt import create_react_agent
from openai import AsyncOpenAI

log = structlog.get_logger()
OPENAI_KEY = os.getenv("OPENAI_API_KEY")
MODEL = os.environ.get("MODEL_NAME", "gpt-4o-mini")


class State(TypedDict):
    question: str
    answer: str


llm = ChatOpenAI(model=MODEL, temperature=0)
fallback = init_chat_model("anthropic:claude-3-5-sonnet-latest")
store = PGVector(embeddings=OpenAIEmbeddings(), connection=os.environ["DATABASE_URL"])
client = AsyncOpenAI()


async def answer(state: State) -> dict[str, str]:
    reply = await client.chat.completions.create(model=MODEL, messages=[])
    return {"answer": reply.choices[0].message.content}


builder = StateGraph(State)
builder.add_node("answer", answer)
builder.add_edge(START, "answer")
builder.add_edge("answer", END)
graph = builder.compile()
researcher = create_react_agent(llm, tools=[])
os.environ["LANGSMITH_TRACING"] = "true"
"""


def test_langgraph_agent_module() -> None:
    signals = signals_of(AGENT_MODULE, "agent/graph.py")

    assert of_kind(signals, "llm-call") == [
        (22, "ChatOpenAI", {"library": "langchain"}),
        (23, "init_chat_model", {"library": "langchain"}),
        (25, "AsyncOpenAI", {"library": "openai"}),
        (29, "chat.completions.create", {"library": "openai"}),
    ]
    assert of_kind(signals, "agent-graph") == [
        (33, "builder", {"library": "langgraph"}),
        (38, "researcher", {"library": "langgraph"}),
    ]
    assert of_kind(signals, "vector-store") == [(24, "PGVector", {"library": "langchain"})]
    assert names(signals, "env-config") == ["OPENAI_API_KEY", "MODEL_NAME", "DATABASE_URL"]
    assert [(s.line, s.detail) for s in signals if s.kind == "logging"] == [(12, "structlog")]
    assert of_kind(signals, "pydantic-model") == []


def test_vector_stores_need_their_library() -> None:
    signals = signals_of(
        """\
        from langchain_community.vectorstores import FAISS, Chroma
        from qdrant_client import QdrantClient
        from geometry import Vector

        index = FAISS.from_documents(docs, embeddings)
        chroma = Chroma(collection_name="notes", embedding_function=embeddings)
        qdrant = QdrantClient(url="http://localhost:6333")
        arrow = Vector(1, 2)
        """
    )

    assert of_kind(signals, "vector-store") == [
        (5, "FAISS", {"library": "langchain"}),
        (6, "Chroma", {"library": "langchain"}),
        (7, "QdrantClient", {"library": "qdrant"}),
    ]


def test_rag_apps_on_other_providers_show_their_llm_and_vector_store() -> None:
    """A Streamlit RAG app on Groq with a Chroma collection showed a vector store and no LLM."""
    signals = signals_of(
        """\
        import chromadb
        from langchain.agents import create_tool_calling_agent
        from langchain_groq import ChatGroq
        from langchain_ollama import ChatOllama

        llm = ChatGroq(model_name="llama-3.1-8b-instant")
        local = ChatOllama(model="llama3.2")
        collection = chromadb.PersistentClient(path="db").get_or_create_collection("docs")
        agent = create_tool_calling_agent(llm, tools=[], prompt=None)
        """
    )

    assert of_kind(signals, "llm-call") == [
        (6, "ChatGroq", {"library": "langchain"}),
        (7, "ChatOllama", {"library": "langchain"}),
    ]
    assert of_kind(signals, "vector-store") == [(8, "PersistentClient", {"library": "chromadb"})]
    assert of_kind(signals, "agent-graph") == [(9, "agent", {"library": "langchain"})]


def test_llm_calls_through_the_old_openai_module_api_or_plain_http_count() -> None:
    """A RAG app calling ``openai.ChatCompletion.create`` and OpenRouter through
    ``requests.post`` was told "[ ] An LLM is called"."""
    old_api = signals_of(
        """
        import openai

        answer = openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[])
        """
    )
    over_http = signals_of(
        """
        import requests

        URL = "https://example.com/search"
        reply = requests.post("https://openrouter.ai/api/v1/completions", json={})
        other = requests.post(URL, json={})
        """
    )

    assert of_kind(old_api, "llm-call") == [(4, "ChatCompletion.create", {"library": "openai"})]
    assert of_kind(over_http, "llm-call") == [(5, "POST openrouter.ai/api", {"library": "http"})]


def test_an_llm_called_over_http_through_a_url_named_first_counts() -> None:
    """``url = "https://api.groq.com/openai/v1/chat/completions"`` then ``requests.post(url)``:
    the log said the app had no LLM code (blind check corpus 68). The same name in another
    function, bound to another URL, is no LLM call."""
    signals = signals_of(
        """
        import requests

        API = "https://api.mistral.ai/v1/chat/completions"


        def call_llm(messages: list[dict]) -> str:
            url = "https://api.groq.com/openai/v1/chat/completions"
            return requests.post(url, json={"messages": messages}).json()


        def search(term: str) -> dict:
            url = "https://example.com/search"
            return requests.post(url, json={"q": term}).json()


        def ask() -> dict:
            return requests.post(API, json={}).json()


        async def runes(session, prompt: str) -> dict:
            url = "https://llm.api.cloud.yandex.net/foundationModels/v1/completion"
            async with session.post(url, json={"text": prompt}) as reply:
                return await reply.json()
        """
    )

    assert of_kind(signals, "llm-call") == [
        (9, "POST api.groq.com", {"library": "http"}),
        (18, "POST api.mistral.ai", {"library": "http"}),
        (23, "POST llm.api.cloud.yandex.net", {"library": "http"}),
    ]


def test_chroma_clients_made_with_settings_or_over_http_are_vector_stores() -> None:
    """``chromadb.Client(settings)`` fed a RAG service's retrieval, yet the checklist asked for
    "retrieval through a vector store" (blind check c1); an Ollama ``Client`` stays a model."""
    signals = signals_of(
        """\
        import chromadb
        from chromadb.config import Settings
        from ollama import Client

        local = chromadb.Client(Settings(allow_reset=False))
        remote = chromadb.HttpClient(host="chroma", port=8000)
        model = Client(host="http://ollama:11434")
        """
    )

    assert of_kind(signals, "vector-store") == [
        (5, "chromadb.Client", {"library": "chromadb"}),
        (6, "chromadb.HttpClient", {"library": "chromadb"}),
    ]
    assert of_kind(signals, "llm-call") == [(7, "Client", {"library": "ollama"})]
