"""Skill cells read from code: validation, migrations, background jobs, LLM flows and errors."""

from __future__ import annotations

from mentorbot.domain import SkillArea, StackItem, Text
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills, rubric_line
from tests.unit.assess.scenarios import Scan, analysis, assess, cites, finding, route, sig


def test_a_create_schema_and_the_schema_a_route_answers_with_are_a_request_response_split() -> None:
    """``CityCreate`` for the request and ``City`` as the routes' response model were read as
    "no request / response split is visible": only names like ``CityRead`` counted."""
    scan = Scan(
        analyses=[
            analysis(
                "app/schemas.py",
                sig("pydantic-model", 4, "CityBase", v1_config="0"),
                sig("pydantic-model", 9, "CityCreate", v1_config="0"),
                sig("pydantic-model", 13, "City", v1_config="0"),
            ),
            analysis("app/api/cities.py", route(12, "create_city", "POST", "/cities", "City")),
        ],
        findings=[],
        stack=[],
        paths=["app/schemas.py", "app/api/cities.py"],
    )
    validation = assess(scan)["validation"]

    assert validation.understanding.rubric == "validation.understanding.good"
    assert cites(validation.understanding) == ["app/schemas.py:9", "app/schemas.py:13"]


def test_schema_names_ending_in_schema_or_model_say_which_way_the_data_goes() -> None:
    """``AppCreateSchema`` beside ``AppOutSchema`` and ``UserCreateModel`` beside ``UserModel``
    were read as "no request / response split is visible" (blind check corpus 57)."""
    scan = Scan(
        analyses=[
            analysis(
                "app/schemas.py",
                sig("pydantic-model", 4, "AppCreateSchema", v1_config="0"),
                sig("pydantic-model", 9, "AppOutSchema", v1_config="0"),
            )
        ],
        findings=[],
        stack=[],
        paths=["app/schemas.py"],
    )
    validation = assess(scan)["validation"]

    assert validation.understanding.rubric == "validation.understanding.good"
    assert cites(validation.understanding) == ["app/schemas.py:4", "app/schemas.py:9"]


def test_a_settings_class_config_under_pydantic_2_keeps_validation_best_practice_partial() -> None:
    """ "no model uses a v1-style class Config under Pydantic 2" was said beside MB104's finding
    on the settings class's ``class Config`` (blind check corpus 39)."""

    def best(config: str) -> tuple[str, list[str]]:
        scan = Scan(
            analyses=[
                analysis("app/schemas.py", sig("pydantic-model", 4, "ProductRead", v1_config="0")),
                analysis("app/config.py", sig("settings", 8, "Settings", v1_config=config)),
                analysis("app/main.py", route(7, "read", "GET", "/products", "ProductRead")),
            ],
            findings=[],
            stack=[],
            paths=["app/schemas.py", "app/config.py", "app/main.py"],
        )
        judged = assess(scan)["validation"].best_practice
        return judged.rubric, cites(judged)

    assert best("0") == ("validation.best_practice.good", ["app/main.py:7"])
    assert best("1") == (
        "validation.best_practice.partial",
        ["app/config.py:8", "app/main.py:7"],
    )


def test_v1_config_without_response_models_misses_validation_best_practice() -> None:
    scan = Scan(
        analyses=[
            analysis(
                "app/schemas.py",
                sig("pydantic-model", 4, "Task", v1_config="1"),
                sig("pydantic-model", 11, "Owner", v1_config="0"),
            ),
            analysis("app/main.py", route(7, "read", "GET", "/tasks")),
        ],
        findings=[finding("MB104", "pydantic-v1-api-in-v2", "medium", "app/schemas.py", 6)],
        stack=[],
        paths=["app/schemas.py", "app/main.py"],
    )
    validation = assess(scan)["validation"]

    assert validation.understanding.rubric == "validation.understanding.partial"
    assert validation.best_practice.rubric == "validation.best_practice.missing"
    assert cites(validation.best_practice) == ["app/schemas.py:4"]
    assert cites(validation.code_quality) == ["app/schemas.py:6"]

    # With Pydantic 1 pinned, class Config is that version's own way.
    scan.stack = [StackItem(name="pydantic", version="==1.9.1", category="library", source="r")]
    scan.findings = []
    assert assess(scan)["validation"].best_practice.rubric == "validation.best_practice.partial"


def test_queue_jobs_and_llm_flow() -> None:
    scan = Scan(
        analyses=[
            analysis(
                "app/main.py", route(9, "chat", "POST", "/chat"), sig("task-send", 12, "summarise")
            ),
            analysis(
                "app/worker.py",
                sig("background-task", 5, "summarise", via="celery"),
                sig("background-task", 14, "embed", via="celery"),
            ),
            analysis(
                "app/agent.py",
                sig("llm-call", 8, "ChatOpenAI", library="langchain"),
                sig("agent-graph", 20, "graph", library="langgraph"),
                sig("streaming-response", 30, "StreamingResponse"),
                sig("env-config", 4, "OPENAI_API_KEY"),
            ),
        ],
        findings=[finding("MB106", "bare-or-broad-except", "medium", "app/worker.py", 9)],
        stack=[],
        paths=["app/main.py", "app/worker.py", "app/agent.py"],
    )
    areas = assess(scan)

    jobs = areas["background-jobs"]
    assert jobs.understanding.rubric == "background-jobs.understanding.good"
    assert jobs.best_practice.rubric == "background-jobs.best_practice.good"
    assert cites(jobs.best_practice) == ["app/worker.py:5", "app/worker.py:14"]
    assert jobs.practice.rubric == "background-jobs.practice.partial"
    assert jobs.code_quality.rubric == "background-jobs.code_quality.partial"
    assert cites(jobs.code_quality) == ["app/worker.py:9"]

    llm = areas["llm-agents"]
    assert llm.understanding.rubric == "llm-agents.understanding.good"
    assert cites(llm.understanding) == ["app/agent.py:8", "app/agent.py:20"]
    assert llm.best_practice.rubric == "llm-agents.best_practice.good"
    assert cites(llm.best_practice) == ["app/agent.py:30", "app/agent.py:4"]
    assert llm.code_quality.rubric == "llm-agents.code_quality.good"

    # The model's key written in a settings module: its settings do not come from the
    # environment, whatever else the project reads from it (blind check z2).
    key = finding("MB107", "hardcoded-secret", "high", "app/config.py", 12)
    key = key.model_copy(
        update={"message": Text(zh="硬编码密钥", en="hardcoded secret in `ZHIPUAI_API_KEY`")}
    )
    scan.findings = [*scan.findings, key]
    assert assess(scan)["llm-agents"].best_practice.rubric == "llm-agents.best_practice.partial"


def test_a_django_app_shows_its_migrations_and_its_test_case_tests() -> None:
    """Django writes numbered migrations beside the app and tests as ``TestCase`` methods: the
    matrix must not call migrations and testing "not seen" in such a repo."""
    migration = (
        b"from django.db import migrations, models\n\n\n"
        b"class Migration(migrations.Migration):\n"
        b"    dependencies = []\n"
        b"    operations = [migrations.CreateModel(name='Product', fields=[])]\n"
    )
    sources = {
        "shop/models.py": b"from django.db import models\n\n\n"
        b"class Product(models.Model):\n    name = models.CharField(max_length=100)\n",
        "shop/migrations/__init__.py": b"",
        "shop/migrations/0001_initial.py": migration,
        "shop/migrations/0002_product_price.py": migration,
        "shop/tests.py": b"from django.test import TestCase\n\n\n"
        b"class ProductTests(TestCase):\n    def test_str(self):\n        self.assertTrue(True)\n",
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    areas = {area.key: area for area in matrix.areas}

    migrations = areas["migrations"]
    assert migrations.practice.rubric == "migrations.practice.good"
    assert cites(migrations.practice) == [  # at their first operation
        "shop/migrations/0001_initial.py:6",
        "shop/migrations/0002_product_price.py:6",
    ]
    assert migrations.best_practice.level == "good"
    assert cites(areas["testing"].understanding) == ["shop/tests.py:5"]


def test_a_first_revision_that_indexes_its_own_new_tables_does_not_evolve_a_schema() -> None:
    """Every first autogenerated revision creates indexes on the tables it creates; only a
    change to a table that an earlier revision made shows migrations evolving a schema."""
    first = "migrations/versions/e0e8_add_users_and_tasks.py"
    ops = (
        sig("alembic-op", 20, "create_table", table="users"),
        sig("alembic-op", 27, "create_index", table="users"),
        sig("alembic-op", 28, "create_index", table="users"),
        sig("alembic-op", 40, "drop_index", table="users"),
        sig("alembic-op", 45, "bulk_insert"),  # seed rows: the table keeps its shape (corpus 92)
    )
    scan = Scan(analyses=[analysis(first, *ops)], findings=[], stack=[], paths=[first])

    understanding = assess(scan)["migrations"].understanding
    assert understanding.rubric == "migrations.understanding.partial"

    later = "migrations/versions/f1a2_index_emails.py"
    scan.analyses.append(analysis(later, sig("alembic-op", 12, "create_index", table="users")))
    scan.paths.append(later)
    understanding = assess(scan)["migrations"].understanding
    assert understanding.rubric == "migrations.understanding.good"
    assert cites(understanding) == [f"{later}:12"]


def test_aerich_migrations_are_revisions_of_a_tortoise_project() -> None:
    """A Tortoise blog with eleven Aerich migrations was rated as having none."""
    paths = [
        "blog/models.py",
        "migrations/models/0_20221215_init.py",
        "migrations/models/1_20221216_add_likes.py",
    ]
    scan = Scan(analyses=[analysis("blog/models.py")], findings=[], stack=[], paths=paths)

    migrations = assess(scan)["migrations"]
    assert migrations.practice.rubric == "migrations.practice.good"
    assert cites(migrations.practice) == paths[1:]


CELERY_APP = b"""\
from celery import Celery

worker = Celery("ocr", broker="redis://localhost:6379/0")
"""
OCR_TASKS = b"""\
import pytesseract
from PIL import Image

from app.celery_app import worker


@worker.task(name="app.tasks.recognise")
def recognise(path: str) -> str:
    return pytesseract.image_to_string(Image.open(path))
"""
OCR_ROUTES = b"""\
from fastapi import APIRouter

from app.tasks import recognise

router = APIRouter()


@router.post("/documents/{name}/text")
def read_text(name: str) -> dict:
    return {"text": recognise(f"uploads/{name}")}
"""


def test_celery_tasks_that_nothing_sends_run_inside_the_request() -> None:
    sources = {"app/celery_app.py": CELERY_APP, "app/tasks.py": OCR_TASKS}
    called = {**sources, "app/routes.py": OCR_ROUTES}
    queued = {**sources, "app/routes.py": OCR_ROUTES.replace(b"recognise(f", b"recognise.delay(f")}
    stack = [StackItem(name="celery", category="library", source="requirements.txt")]

    def jobs(files: dict[str, bytes]) -> SkillArea:
        matrix = assess_skills(analyze_sources(files), [], stack, sorted(files), [])
        return next(area for area in matrix.areas if area.key == "background-jobs")

    assert jobs(called).best_practice.rubric == "background-jobs.best_practice.missing"
    assert cites(jobs(called).best_practice) == ["app/tasks.py:8"]
    assert "`.delay()`" in rubric_line("background-jobs.best_practice.missing").en
    assert jobs(queued).best_practice.rubric == "background-jobs.best_practice.good"


def test_alembic_set_up_without_its_ini_file_is_a_start_on_migrations() -> None:
    env = b"from alembic import context\n\nfrom app.models import Base\n\n"
    env += b"target_metadata = Base.metadata\n"
    sources = {"migrations/env.py": env, "app/__init__.py": b""}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    migrations = next(area for area in matrix.areas if area.key == "migrations")

    assert migrations.understanding.rubric == "migrations.understanding.partial"
    assert migrations.practice.rubric == "migrations.practice.partial"
    assert cites(migrations.practice) == ["migrations/env.py"]


VIDEO_JOBS = b"""\
async def process_video(job_id: int, path: str) -> None:
    print(job_id, path)
"""
VIDEO_ROUTES = b"""\
from fastapi import APIRouter, BackgroundTasks

from app.services.video_jobs import process_video

router = APIRouter()


@router.post("/videos")
async def upload(background_tasks: BackgroundTasks, path: str) -> dict:
    background_tasks.add_task(process_video, job_id=1, path=path)
    return {"queued": True}
"""


def test_a_task_defined_in_its_own_module_is_background_work_apart_from_the_routes() -> None:
    """ "Background work only appears inside route files" was said of a task the route hands
    to ``add_task`` from ``app/services/video_jobs.py``."""

    def understanding(files: dict[str, bytes]) -> str:
        matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
        jobs = next(area for area in matrix.areas if area.key == "background-jobs")
        return jobs.understanding.rubric

    apart = {"app/services/video_jobs.py": VIDEO_JOBS, "app/routes.py": VIDEO_ROUTES}
    inline = {
        "app/routes.py": VIDEO_JOBS
        + b"\n\n"
        + VIDEO_ROUTES.replace(b"from app.services.video_jobs import process_video\n", b"")
    }
    assert understanding(apart) == "background-jobs.understanding.good"
    assert understanding(inline) == "background-jobs.understanding.partial"
    # Imported under another name, the task is still the module's (blind check b2).
    aliased = {
        **apart,
        "app/routes.py": VIDEO_ROUTES.replace(
            b"import process_video", b"import process_video as video_job"
        ).replace(b"add_task(process_video", b"add_task(video_job"),
    }
    assert understanding(aliased) == "background-jobs.understanding.good"


def test_a_route_handing_work_to_add_task_is_not_cited_as_a_background_task() -> None:
    """The matrix cited "`app/routers/users.py:21`: background task register_new_user" of the
    route that takes ``BackgroundTasks`` and adds the real task (blind check corpus 31)."""
    routes = VIDEO_ROUTES.replace(b"from app.services.video_jobs import process_video\n", b"")
    files = {"app/routes.py": VIDEO_JOBS + b"\n\n" + routes}
    matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
    jobs = next(area for area in matrix.areas if area.key == "background-jobs")
    cited = [(e.cite(), e.note) for e in jobs.understanding.evidence]

    assert cited == [("app/routes.py:13", "background-task process_video")]


def test_errors_answered_with_an_error_response_are_mapped_to_http() -> None:
    """A route that catches a failure and returns ``JSONResponse(status_code=500, ...)`` maps
    the error to an HTTP response as ``raise HTTPException(500)`` would; the log said "never
    mapped to HTTP responses" of such an API (blind check corpus 20)."""
    sources = {
        "app/api.py": b"""\
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette import status

app = FastAPI()


@app.post("/query")
def query(question: str):
    if not question:
        return JSONResponse(status_code=400, content={"error": "empty question"})
    try:
        return {"answer": question.upper()}
    except ValueError as error:
        return JSONResponse({"error": str(error)}, status.HTTP_500_INTERNAL_SERVER_ERROR)


@app.get("/health")
def health():
    return JSONResponse(content={"ok": True}, status_code=200)
"""
    }

    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    errors = next(area for area in matrix.areas if area.key == "error-handling")

    assert errors.best_practice.rubric == "error-handling.best_practice.partial"
    assert cites(errors.best_practice) == ["app/api.py:11", "app/api.py:15"]
    assert errors.understanding.rubric == "error-handling.understanding.good"


def test_models_whose_tables_no_migration_creates_keep_the_schema_out_of_the_migrations() -> None:
    """The one revision created ``user`` while the ``category`` and ``product`` models were
    never migrated, and the matrix said "Migrations own the schema" (blind check corpus 81)."""
    revision = (
        b'"""users"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
        b'revision = "a1"\ndown_revision = None\n\n\n'
        b"def upgrade() -> None:\n"
        b'    op.create_table("user", sa.Column("id", sa.Integer(), primary_key=True))\n\n\n'
        b"def downgrade() -> None:\n"
        b'    op.drop_table("user")\n'
    )
    models = (
        b"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
        b"class Base(DeclarativeBase):\n    pass\n\n\n"
        b"class User(Base):\n"
        b'    __tablename__ = "user"\n'
        b"    id: Mapped[int] = mapped_column(primary_key=True)\n\n\n"
        b"class Category(Base):\n"
        b'    __tablename__ = "category"\n'
        b"    id: Mapped[int] = mapped_column(primary_key=True)\n"
    )
    sources = {"app/models.py": models, "alembic/versions/a1_users.py": revision}
    paths = [*sources, "alembic.ini"]

    def best(files: dict[str, bytes]) -> tuple[str, list[str]]:
        matrix = assess_skills(analyze_sources(files), [], [], paths, [])
        cell = next(area for area in matrix.areas if area.key == "migrations").best_practice
        return cell.rubric, cites(cell)

    assert best(sources) == (
        "migrations.best_practice.partial",
        ["app/models.py:13", "alembic/versions/a1_users.py:10"],
    )
    both = revision.replace(
        b"primary_key=True))\n\n\n",
        b'primary_key=True))\n    op.create_table("category", sa.Column("id", sa.Integer()))\n\n\n',
    )
    assert best({**sources, "alembic/versions/a1_users.py": both})[0] == (
        "migrations.best_practice.good"
    )


def test_an_empty_revision_leaves_every_model_s_table_out_of_the_migrations() -> None:
    """``alembic revision -m "init"`` wrote an upgrade() that only passes; the matrix said
    "Migrations own the schema" though no migration made a table."""
    revision = (
        b'"""init"""\n\nrevision = "a1"\ndown_revision = None\n\n\n'
        b"def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"
    )
    models = (
        b"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
        b"class Base(DeclarativeBase):\n    pass\n\n\n"
        b"class User(Base):\n"
        b'    __tablename__ = "user"\n'
        b"    id: Mapped[int] = mapped_column(primary_key=True)\n"
    )
    sources = {"app/models.py": models, "alembic/versions/a1_init.py": revision}
    matrix = assess_skills(analyze_sources(sources), [], [], [*sources, "alembic.ini"], [])
    cell = next(area for area in matrix.areas if area.key == "migrations").best_practice

    assert cell.rubric == "migrations.best_practice.partial"
    assert cites(cell) == ["app/models.py:8", "alembic/versions/a1_init.py"]


PER_REQUEST_ENGINE = b"""\
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


class Base(DeclarativeBase):
    pass


def get_db():
    engine = create_engine("sqlite:///app.db")
    session_local = sessionmaker(bind=engine)
    db = session_local()
    try:
        yield db
    finally:
        db.close()


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
"""


def test_an_engine_made_for_every_request_is_no_single_engine() -> None:
    """``create_engine`` inside ``get_db`` was cited as "one engine in the application code"
    for a good best practice (blind check corpus 95)."""
    once = PER_REQUEST_ENGINE.replace(
        b'def get_db():\n    engine = create_engine("sqlite:///app.db")\n',
        b'engine = create_engine("sqlite:///app.db")\n\n\ndef get_db():\n',
    )

    def database_practice(source: bytes) -> tuple[str, list[str]]:
        sources = {"app/db.py": source}
        findings = review_sources(sources, [])
        matrix = assess_skills(analyze_sources(sources), findings, [], list(sources), [])
        cell = next(area for area in matrix.areas if area.key == "database").best_practice
        return cell.rubric, [e.cite() for e in cell.evidence]

    assert database_practice(PER_REQUEST_ENGINE) == (
        "database.best_practice.partial",
        ["app/db.py:10"],
    )
    assert database_practice(once)[0] == "database.best_practice.good"


def test_modules_without_a_docstring_are_cited_as_gaps_not_as_what_was_done() -> None:
    """An empty ``__init__.py`` and an ``apps.py`` were listed under "concepts you have shown"
    as module docstrings the learner wrote (blind check d1)."""
    files = {
        "app/__init__.py": b"",
        "app/apps.py": b"class Config:\n    name = 'app'\n",
        "app/views.py": b'"""Views of the app."""\n\n\ndef index(request):\n    return None\n',
        "app/utils.py": b"def helper(x):\n    return x\n",
        "app/other.py": b"def other(x):\n    return x\n",
    }
    matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
    quality = next(area for area in matrix.areas if area.key == "code-quality")

    assert quality.practice.level == "partial"
    assert [(e.path, e.note) for e in quality.practice.evidence] == [
        ("app/views.py", "module"),
        ("app/apps.py", "no-docstring"),
        ("app/other.py", "no-docstring"),
    ]
    assert [e.path for e in quality.code_quality.evidence] == [
        "app/views.py",
        "app/other.py",
        "app/utils.py",
    ]


def test_alembic_s_env_py_is_not_the_learner_s_logging_or_typing() -> None:
    """Flask-Migrate's generated ``env.py`` logs through ``alembic.env``: "logging is used in 1
    module" was said of an app that logs nothing (blind check f1)."""
    files = {
        "app.py": b"def index():\n    return 'ok'\n",
        "migrations/env.py": (
            b"import logging\n\nfrom alembic import context\n\n"
            b"logger = logging.getLogger('alembic.env')\n\n\ndef run():\n    logger.info('x')\n"
        ),
        "migrations/versions/0001_item.py": b"def upgrade():\n    pass\n",
    }
    matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
    quality = next(area for area in matrix.areas if area.key == "code-quality")

    assert quality.best_practice.rubric == "code-quality.best_practice.unseen"
    assert [e.path for e in quality.understanding.evidence] == ["app.py"]


def test_a_flask_sqlalchemy_model_without_a_table_name_has_its_default_table() -> None:
    """``class BlogPost(db.Model)`` sets no ``__tablename__``: Flask-SQLAlchemy names its table
    ``blog_post``, which no migration made, and "migrations own the schema" was said all the
    same (blind check f1)."""
    files = {
        "app/models.py": (
            b"from app import db\n\n\nclass User(db.Model):\n    id = db.Column(db.Integer)\n\n\n"
            b"class BlogPost(db.Model):\n    id = db.Column(db.Integer)\n"
        ),
        "migrations/env.py": b"from alembic import context\n",
        "migrations/versions/0001_user.py": (
            b"from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n"
            b"    op.create_table('user', sa.Column('id', sa.Integer()))\n"
        ),
    }
    matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
    migrations = next(area for area in matrix.areas if area.key == "migrations")

    assert migrations.best_practice.level == "partial"
    assert cites(migrations.best_practice)[0] == "app/models.py:8"
