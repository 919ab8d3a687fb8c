"""Achievements found in scans: models, tests, migrations, jobs, settings and docs, counted."""

from __future__ import annotations

from mentorbot.achievements import find_achievements
from mentorbot.domain import Achievement, Commit
from mentorbot.rules.review import analyze_sources
from tests.unit.assess.scenarios import Scan, analysis, covered_api, sig, task_api


def found(scan: Scan) -> dict[str, Achievement]:
    achievements = find_achievements(scan.analyses, scan.stack, scan.paths, scan.commits)
    return {achievement.kind: achievement for achievement in achievements}


def test_task_api_reports_endpoints_model_schemas_docs_and_features() -> None:
    scan = task_api()
    achievements = find_achievements(scan.analyses, scan.stack, scan.paths, scan.commits)

    assert [a.kind for a in achievements] == [
        "endpoints",
        "data-model",
        "schemas",
        "docs",
        "features",
    ]
    endpoints = achievements[0]
    assert endpoints.title.zh == "4 个 API 端点，分布在 1 个文件里"
    assert endpoints.title.en == "4 API endpoints across 1 file"
    assert [e.cite() for e in endpoints.evidence] == [
        "app/main.py:20",
        "app/main.py:30",
        "app/main.py:38",
        "app/main.py:47",
    ]
    assert [e.note for e in endpoints.evidence] == [
        "route POST /tasks",
        "route GET /tasks",
        "route GET /tasks/{task_id}",
        "route DELETE /tasks/{task_id}",
    ]
    assert achievements[1].title.en == "Data model: 3 ORM models (Task, User, Tag)"
    assert achievements[1].title.zh == "数据模型：3 个 ORM 模型（Task, User, Tag）"
    assert achievements[2].title.en == "2 Pydantic models (TaskCreate, TaskRead)"
    assert [e.cite() for e in achievements[3].evidence] == ["README.md"]
    assert achievements[4].title.en == "1 feature commit"
    assert achievements[4].evidence[0].commit == "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
    assert achievements[4].evidence[0].cite() == "a1b2c3d4"


def test_covered_api_reports_migrations_tests_docs_containers_and_ci() -> None:
    achievements = found(covered_api())

    assert list(achievements) == [
        "endpoints",
        "data-model",
        "migrations",
        "tests",
        "docs",
        "containers",
        "ci",
        "settings",
    ]
    assert achievements["migrations"].title.zh == "2 个数据库迁移版本"
    assert [e.cite() for e in achievements["migrations"].evidence] == [
        "alembic/versions/0001_create_tasks.py:14",
        "alembic/versions/0002_index_status.py:12",
    ]
    tests = achievements["tests"]
    assert tests.title.en == "6 test functions and 1 fixture in 1 test file"
    assert tests.title.zh == "6 个测试函数、1 个 fixture，分布在 1 个测试文件"
    assert tests.evidence[-1].cite() == "tests/conftest.py:9"
    assert achievements["docs"].title.en == "Documentation: a README and 1 document under docs/"
    assert [e.cite() for e in achievements["docs"].evidence] == [
        "README.md",
        "docs/architecture.md",
    ]
    assert achievements["containers"].title.en == "Containerised: Dockerfile"
    assert achievements["ci"].title.zh == "1 条 CI 工作流"
    assert [e.cite() for e in achievements["ci"].evidence] == [".github/workflows/ci.yml"]
    assert achievements["settings"].title.en == "Configuration in a settings class: Settings"
    assert achievements["settings"].evidence[0].cite() == "app/config.py:8"


def test_revision_file_without_signals_is_cited_by_path() -> None:
    scan = Scan(
        analyses=[],
        findings=[],
        stack=[],
        paths=["migrations/versions/0001_init.py", "migrations/versions/__init__.py"],
    )
    migrations = found(scan)["migrations"]

    assert migrations.title.en == "1 database migration revision"
    assert [(e.path, e.line, e.note) for e in migrations.evidence] == [
        ("migrations/versions/0001_init.py", None, "revision")
    ]


def test_a_compose_file_without_a_dockerfile_runs_services_it_does_not_containerise_the_app() -> (
    None
):
    """A compose file starting a database beside the app was called "Containerised" in repos
    with no Dockerfile to build the app (blind checks corpus 53 and 56)."""
    scan = Scan(analyses=[], findings=[], stack=[], paths=["docker-compose.yml", "app/main.py"])

    containers = found(scan)["containers"]

    assert containers.title.en == "Services run with Docker Compose: docker-compose.yml"
    assert containers.title.zh == "用 Docker Compose 运行服务：docker-compose.yml"
    assert [e.path for e in containers.evidence] == ["docker-compose.yml"]


def test_a_dockerfile_named_in_lower_case_or_a_containerfile_containerises_the_app() -> None:
    """Docker builds ``./dockerfile`` too: a repo whose only container file was spelled so had
    "no Dockerfile" in its rubric and no achievement, while its stack listed the image (corpus
    73)."""
    for name in ("dockerfile", "deploy/Containerfile"):
        scan = Scan(analyses=[], findings=[], stack=[], paths=[name, "app/main.py"])

        containers = found(scan)["containers"]

        assert containers.title.en == f"Containerised: {name.rsplit('/', 1)[-1]}"
        assert [e.path for e in containers.evidence] == [name]


def test_revisions_of_a_migrations_folder_of_another_name_are_counted() -> None:
    """``alembic init migrations-alembic`` keeps its revisions beside that folder's ``env.py``;
    the log counted 1 of 3 (the one with a create_table). A ``versions`` folder of an API
    (``app/api/versions/v1.py``) is no migrations folder."""
    revisions = [f"migrations-alembic/versions/{name}.py" for name in ("3f2a_users", "5526_init")]
    scan = Scan(
        analyses=[],
        findings=[],
        stack=[],
        paths=["migrations-alembic/env.py", *revisions, "app/api/versions/v1.py"],
    )
    migrations = found(scan)["migrations"]

    assert migrations.title.en == "2 database migration revisions"
    assert [e.path for e in migrations.evidence] == revisions


def test_jobs_and_llm_work_are_counted_and_tests_toy_graphs_are_not() -> None:
    scan = Scan(
        analyses=[
            analysis(
                "app/worker.py",
                sig("background-task", 5, "summarise", via="celery"),
                sig("background-task", 9, "notify", via="celery"),
            ),
            analysis(
                "app/agent.py",
                sig("llm-call", 8, "ChatOpenAI", library="langchain"),
                sig("vector-store", 15, "PGVector", library="langchain"),
            ),
            analysis(
                "tests/test_agent.py",
                sig("agent-graph", 12, "StateGraph", library="langgraph"),
                sig("llm-call", 20, "FakeListChatModel", library="langchain"),
            ),
        ],
        findings=[],
        stack=[],
        paths=["app/worker.py", "app/agent.py", "tests/test_agent.py"],
    )
    achievements = found(scan)

    assert achievements["background-jobs"].title.en == "2 background tasks (celery)"
    assert achievements["background-jobs"].title.zh == "2 个后台任务（队列，celery）"
    assert achievements["llm"].title.en == (
        "LLM / agents: 1 place that uses an LLM, 1 vector store (PGVector)"
    )
    assert [e.cite() for e in achievements["llm"].evidence] == ["app/agent.py:8", "app/agent.py:15"]


def test_one_vector_store_opened_in_three_retrievers_is_one_store() -> None:
    """A RAG app opening its Chroma store in each of three functions was said to have three."""
    scan = Scan(
        analyses=[
            analysis(
                "rag/retriever.py",
                *(sig("vector-store", line, "PersistentClient") for line in (20, 36, 52)),
            )
        ],
        findings=[],
        stack=[],
        paths=["rag/retriever.py"],
    )
    llm = found(scan)["llm"]

    assert llm.title.en == "LLM / agents: 1 vector store (PersistentClient)"
    assert llm.title.zh == "LLM / Agent：1 种向量库（PersistentClient）"
    assert [e.cite() for e in llm.evidence] == [f"rag/retriever.py:{n}" for n in (20, 36, 52)]


def test_nothing_built_means_no_achievements() -> None:
    assert find_achievements([], [], ["setup.cfg"], []) == []


def test_tests_without_fixtures_are_counted_without_naming_fixtures() -> None:
    """ "2 test functions and 0 fixtures" said nothing the learner did: no fixture, no count."""
    test_file = analysis(
        "tests/test_posts.py",
        sig("test-function", 5, "test_create"),
        sig("test-function", 9, "test_404"),
    )
    tests = find_achievements([test_file], [], ["tests/test_posts.py"], [])[0]

    assert tests.title.en == "2 test functions in 1 test file"
    assert tests.title.zh == "2 个测试函数，分布在 1 个测试文件"


def test_a_route_adding_a_task_counts_as_one_background_task_not_two() -> None:
    """ "2 background tasks" was said of one route that takes ``BackgroundTasks`` and the one
    function it hands to ``add_task``."""
    routes = b"""\
from fastapi import APIRouter, BackgroundTasks

from app.jobs import process_video

router = APIRouter()


@router.post("/videos")
async def upload(background_tasks: BackgroundTasks, path: str) -> dict:
    background_tasks.add_task(process_video, path)
    return {"queued": True}


@router.post("/emails")
async def send(background_tasks: BackgroundTasks) -> dict:
    return {"queued": False}
"""
    files = {"app/routes.py": routes, "app/jobs.py": b"def process_video(path):\n    pass\n"}
    jobs = found(Scan(analyze_sources(files), [], [], sorted(files)))["background-jobs"]

    assert jobs.title.en == "1 background task (BackgroundTasks)"
    assert [e.cite() for e in jobs.evidence] == ["app/routes.py:10"]


def test_a_docs_message_that_changed_no_document_is_no_documentation_evidence() -> None:
    """ "documents: read stats off the event loop" changed the documents API: the README was
    cited with that commit as if it had written it."""
    scan = task_api()
    api = Commit(
        sha="d0c5d0c5d0c5d0c5d0c5d0c5d0c5d0c5d0c5d0c5",
        author="learner",
        date="2026-02-11T10:00:00+08:00",
        subject="documents: read stats off the event loop",
        kind="docs",
        files=("app/api/documents.py",),
    )
    readme = api.model_copy(
        update={"sha": "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12", "files": ("README.md",)}
    )
    scan.commits[:0] = [api, readme]

    docs = found(scan)["docs"]

    assert [e.cite() for e in docs.evidence] == ["README.md", "ab12ab12"]


def test_loading_a_dotenv_file_is_no_setting_read_from_the_environment() -> None:
    """ "4 settings read from the environment" counted the two ``load_dotenv()`` calls beside
    the two ``os.getenv`` reads."""
    bot = b"""\
import os

from dotenv import load_dotenv

load_dotenv()
load_dotenv(".env.local")
TOKEN = os.getenv("BOT_TOKEN")
CHAT_ID = os.getenv("CHAT_ID")
"""
    files = {"bot.py": bot}
    settings = found(Scan(analyze_sources(files), [], [], sorted(files)))["settings"]

    assert settings.title.en == "2 settings read from the environment"
    assert [e.cite() for e in settings.evidence] == ["bot.py:7", "bot.py:8"]


def test_a_read_whose_fallback_is_a_hard_coded_password_is_no_achievement() -> None:
    """``os.getenv("DATABASE_URL", "postgresql://postgres:<password>@...")`` was cited as a
    setting read from the environment, beside the MB107 finding on the same line (blind check
    history 44)."""
    tables = b"""\
import os

DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://postgres:Kx82-pq@localhost/users")
DEBUG = os.getenv("DEBUG")
"""
    files = {"create_tables.py": tables}
    settings = found(Scan(analyze_sources(files), [], [], sorted(files)))["settings"]

    assert settings.title.en == "1 setting read from the environment"
    assert [e.cite() for e in settings.evidence] == ["create_tables.py:4"]


def test_a_variable_read_in_several_places_is_one_setting() -> None:
    """ "12 settings read from the environment" counted 4 variables read again and again, half
    of the places in a test script (blind check corpus 34)."""
    mailer = b"""\
import os


def send(to: str) -> None:
    host = os.getenv("SMTP_SERVER")
    user = os.getenv("SMTP_USER")
    print(host, user, to)


def check() -> None:
    print(os.getenv("SMTP_SERVER"), os.getenv("SMTP_USER"))
"""
    smoke = b'import os\n\nprint(os.getenv("SMTP_PASSWORD"))\n'
    files = {"app/mailer.py": mailer, "app/tests/smtp_check.py": smoke}
    settings = found(Scan(analyze_sources(files), [], [], sorted(files)))["settings"]

    assert settings.title.en == "2 settings read from the environment"
    assert settings.title.zh == "2 项配置从环境变量读取"
    assert [e.cite() for e in settings.evidence] == ["app/mailer.py:5", "app/mailer.py:6"]


def test_schemas_on_a_schema_of_another_module_are_counted() -> None:
    """``class ProductSearchOut(ProductInDB)`` with ``ProductInDB`` imported from the schemas
    module is a pydantic model: the log counted 32 of a shop's 33 (blind check history 11)."""
    sources = {
        "app/schemas/product.py": b"from pydantic import BaseModel\n\n\n"
        b"class ProductInDB(BaseModel):\n    id: int\n    name: str\n",
        "app/api/product.py": b"from app.schemas.product import ProductInDB\n\n\n"
        b"class ProductSearchOut(ProductInDB):\n    score: float\n\n\n"
        b"class ProductPage(ProductSearchOut):\n    page: int\n\n\n"
        b"class Plain:\n    pass\n",
    }

    found = find_achievements(analyze_sources(sources), [], sorted(sources), [])
    schemas = next(item for item in found if item.kind == "schemas")

    assert schemas.title.en == "3 Pydantic models (ProductSearchOut, ProductPage, ProductInDB)"


def test_feature_commits_beyond_those_cited_are_counted() -> None:
    """ "6 feature commits" cited five and said nothing of the sixth (blind check h3)."""
    commits = [
        Commit(
            sha=f"{index:040x}",
            author="l",
            date=f"2026-01-0{index}T10:00:00+00:00",
            subject=f"add feature {index}",
            kind="feat",
        )
        for index in range(1, 7)
    ]
    features = find_achievements([], [], [], commits)[-1]

    assert features.title.en == "6 feature commits"
    assert (len(features.evidence), features.uncited) == (5, 1)


def test_django_views_are_what_a_django_project_built() -> None:
    """A Django project's views never appeared in the achievements, where a Flask app's routes
    and a bot's handlers did (blind check d2)."""
    views = (
        b"from django.contrib.auth.decorators import login_required\n"
        b"from django.shortcuts import redirect, render\n"
        b"from django.views.generic import ListView\n\n"
        b"from .models import Note\n\n\n"
        b"class NoteList(ListView):\n    model = Note\n\n\n"
        b"@login_required\ndef note_create(request):\n"
        b'    if request.method == "POST":\n'
        b'        Note.objects.create(title=request.POST["title"], owner=request.user)\n'
        b'        return redirect("notes")\n'
        b'    return render(request, "notes/form.html")\n\n\n'
        b"def format_title(request_id: int, title: str) -> str:\n    return title.strip()\n"
    )
    sources = {"notes/views.py": views, "notes/__init__.py": b""}

    found = find_achievements(analyze_sources(sources), [], sorted(sources), [])
    [django] = [item for item in found if item.kind == "django-views"]

    assert django.title.en == "2 Django views across 1 file"
    assert django.title.zh == "2 个 Django 视图，分布在 1 个文件里"
    assert [(e.path, e.line) for e in django.evidence] == [
        ("notes/views.py", 8),
        ("notes/views.py", 13),
    ]
