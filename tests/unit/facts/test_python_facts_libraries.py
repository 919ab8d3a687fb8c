"""Python facts that hang on the library a name comes from: env reads, LLMs, tasks, Django."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import names, of_kind, signals_of


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


def test_a_check_that_the_environment_sets_a_variable_reads_it() -> None:
    """``if "OPENAI_API_KEY" not in os.environ: raise``: the key comes from the environment
    (blind check h1); a membership test of another mapping reads nothing."""
    signals = signals_of(
        """\
        import os
        from os import environ

        if "OPENAI_API_KEY" not in os.environ:
            raise ValueError("Missing OPENAI_API_KEY")
        DEBUG = "DEBUG" in environ
        cached = "OPENAI_API_KEY" in settings
        same = "A" == os.environ
        """
    )

    assert of_kind(signals, "env-config") == [(4, "OPENAI_API_KEY", {}), (6, "DEBUG", {})]


def test_llm_clients_made_without_a_key_read_it_from_the_environment() -> None:
    """A client handed a key, maybe in ``**kwargs``, or a local model reads none."""
    signals = signals_of(
        """\
        from langchain.chat_models import init_chat_model
        from langchain_ollama import ChatOllama
        from langchain_openai import ChatOpenAI
        from openai import OpenAI

        client = OpenAI()
        llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
        agent_llm = init_chat_model("openai:gpt-4o-mini")
        given = OpenAI(api_key="sk-proj-Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2Sa9Po0Iu")
        named = ChatOpenAI(openai_api_key=KEY)
        spread = OpenAI(**settings)
        local = ChatOllama(model="llama3.2")
        local_agent = init_chat_model("ollama:llama3.2")
        """
    )

    assert of_kind(signals, "env-key-client") == [
        (6, "OpenAI", {"library": "openai"}),
        (7, "ChatOpenAI", {"library": "langchain"}),
        (8, "init_chat_model", {"library": "langchain"}),
    ]


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


def test_a_tongyi_chat_model_is_an_llm_call() -> None:
    """An agent on ``ChatTongyi`` was told its only AI piece was the agent graph, while its
    achievements listed the graph and a vector store beside it (blind check c2)."""
    signals = signals_of(
        "from langchain_community.chat_models import ChatTongyi\n"
        "from zhipuai import ZhipuAI\n"
        "\n"
        'llm = ChatTongyi(model="qwen-plus")\n'
        "client = ZhipuAI()\n"
    )

    assert of_kind(signals, "llm-call") == [
        (4, "ChatTongyi", {"library": "langchain"}),
        (5, "ZhipuAI", {"library": "zhipuai"}),
    ]


def test_dashscope_s_model_apis_are_llm_calls() -> None:
    """A Streamlit app asking Qwen through ``dashscope.Generation.call`` was told it had "no LLM
    code" (blind check h1); a ``call`` of another library's class is no model's."""
    signals = signals_of(
        "import dashscope as ds\n"
        "from dashscope import MultiModalConversation as Vision\n"
        "from dashscope import Generation\n"
        "from tools import Application\n"
        "\n"
        'answer = ds.Generation.call(model="qwen-plus", messages=[])\n'
        'vectors = ds.TextEmbedding.call(model="text-embedding-v3", input="hi")\n'
        'seen = Vision.call(model="qwen-vl-plus", messages=[])\n'
        'reply = Generation.call(model="qwen-plus", prompt="hi")\n'
        "Application.call(app_id)\n"
        "ds.Tokenization.call(model='qwen-plus', messages=[])\n"
    )

    assert of_kind(signals, "llm-call") == [
        (6, "dashscope.Generation.call", {"library": "dashscope"}),
        (7, "dashscope.TextEmbedding.call", {"library": "dashscope"}),
        (8, "dashscope.MultiModalConversation.call", {"library": "dashscope"}),
        (9, "dashscope.Generation.call", {"library": "dashscope"}),
    ]


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


def test_an_http_exception_bound_to_a_name_and_raised_later_answers_the_client() -> None:
    """``credentials_exception = HTTPException(401, ...)`` then ``raise credentials_exception``,
    FastAPI's own tutorial's way: the log said errors were "never mapped to HTTP responses"
    (blind check c3)."""
    signals = signals_of(
        "from fastapi import HTTPException, status\n"
        "\n"
        'NOT_FOUND = HTTPException(status_code=404, detail="missing")\n'
        "\n"
        "\n"
        "async def current_user(token: str):\n"
        "    credentials_exception = HTTPException(\n"
        '        status_code=status.HTTP_401_UNAUTHORIZED, detail="bad token"\n'
        "    )\n"
        "    if not token:\n"
        "        raise credentials_exception\n"
        "    raise NOT_FOUND\n"
    )

    assert of_kind(signals, "http-exception") == [
        (11, "", {"status": "status.HTTP_401_UNAUTHORIZED"}),
        (12, "", {"status": "404"}),
    ]


def test_django_and_rest_framework_authentication_is_authentication() -> None:
    """``@login_required``, ``LoginRequiredMixin``, ``permission_classes`` and
    ``authenticate``/``login``: the security area said "no authentication" of every Django
    project (blind check d1)."""
    signals = signals_of(
        """\
        from django.contrib.auth import authenticate, login
        from django.contrib.auth.decorators import login_required
        from django.contrib.auth.mixins import LoginRequiredMixin
        from django.views.generic import ListView
        from rest_framework.permissions import IsAuthenticated
        from rest_framework.views import APIView


        @login_required
        def notes(request):
            return None


        class NoteList(LoginRequiredMixin, ListView):
            pass


        class NoteApi(APIView):
            permission_classes = [IsAuthenticated]


        def sign_in(request):
            user = authenticate(request, username="a", password=request.POST["password"])
            login(request, user)


        class Plain(ListView):
            pass
        """,
        "notes/views.py",
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (10, "login_required"),  # on the def line
        (14, "LoginRequiredMixin"),
        (18, "permission_classes"),
        (23, "authenticate"),
        (24, "login"),
    ]


def test_django_and_rest_framework_error_answers_are_error_responses() -> None:
    """``Response(..., status=HTTP_400_BAD_REQUEST)``, ``raise NotFound``, ``raise Http404``
    and ``get_object_or_404``: errors "never mapped to HTTP responses" (blind check d1). A
    project exception imported from elsewhere stays the project's own."""
    signals = signals_of(
        """\
        from django.http import Http404
        from django.shortcuts import get_object_or_404
        from rest_framework import exceptions, status
        from rest_framework.exceptions import NotFound
        from rest_framework.response import Response

        from .errors import QuotaExceeded


        def detail(request, pk):
            post = get_object_or_404(Post, pk=pk)
            if not post.visible:
                raise Http404("hidden")
            if post.locked:
                raise NotFound()
            if post.banned:
                raise exceptions.PermissionDenied()
            if post.full:
                raise QuotaExceeded()
            return Response({"error": "bad"}, status=status.HTTP_400_BAD_REQUEST)
        """,
        "posts/views.py",
    )

    assert [(line, data["status"]) for line, _, data in of_kind(signals, "http-exception")] == [
        (11, "404"),
        (13, ""),
        (15, ""),
        (17, ""),
    ]
    assert of_kind(signals, "error-response") == [
        (20, "Response", {"status": "status.HTTP_400_BAD_REQUEST"})
    ]
    assert names(signals, "custom-raise") == ["QuotaExceeded"]


def test_streamlit_secrets_read_by_key_are_streamlit_secrets() -> None:
    """``st.secrets["KEY"]``, ``st.secrets.get("KEY")``, a section's key, and ``secrets``
    imported from streamlit: settings from outside the code (blind check l1). The session state
    and another ``secrets`` are none."""
    signals = signals_of(
        """\
        import streamlit as st
        from streamlit import secrets

        KEY = st.secrets["OPENAI_API_KEY"]
        MODEL = st.secrets.get("MODEL", "gpt-4o-mini")
        USER = st.secrets["db"]["user"]
        TOKEN = secrets["BOT_TOKEN"]
        st.session_state["count"] = st.session_state.get("count", 0)
        """
    )
    others = signals_of("import secrets\n\nsecrets = {'A': 1}\nA = secrets['A']\n")

    assert names(signals, "streamlit-secret") == ["OPENAI_API_KEY", "MODEL", "db", "BOT_TOKEN"]
    assert names(signals, "env-config") == names(others, "streamlit-secret") == []
