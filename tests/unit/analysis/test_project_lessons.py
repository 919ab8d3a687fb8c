"""A project-wide problem is solved by the commit that added what was missing: "add tests" adds
the project's first test file, "add alembic" its migrations. No line of the old code changes,
so only a comparison of the project before and after that commit shows it."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

MAIN = """\
from fastapi import FastAPI

app = FastAPI(title="Notes")
notes: dict[int, str] = {}


@app.get("/notes/{note_id}")
def read_note(note_id: int) -> dict[str, str]:
    return {"text": notes.get(note_id, "")}
"""
SECOND_ROUTE = """

@app.post("/notes/{note_id}")
def write_note(note_id: int, text: str) -> dict[str, str]:
    notes[note_id] = text
    return {"text": text}
"""
TEST = """\
from fastapi.testclient import TestClient

from main import app


def test_an_unknown_note_is_empty() -> None:
    assert TestClient(app).get("/notes/1").json() == {"text": ""}
"""
MODELS = """\
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(500))
"""
DB = """\
from sqlalchemy import create_engine

from models import Base

engine = create_engine("sqlite:///notes.db")
Base.metadata.create_all(engine)
"""
MIGRATION = """\
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("notes")
"""


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.30\n")
    repo.write("main.py", MAIN)
    return repo


def test_the_commit_that_adds_the_first_tests_solved_the_missing_tests(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = repo.commit("feat: read notes")
    repo.write("tests/test_notes.py", TEST)
    sha = repo.commit("add tests")
    repo.write("main.py", MAIN + SECOND_ROUTE)
    repo.commit("feat: write notes")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.category) == (sha, "MB105", "missing-tests")
    # Missing since the app was written: the line the problem was reported at.
    assert lesson.introduced_in == first
    assert lesson.path == "tests/test_notes.py"
    assert "def test_an_unknown_note_is_empty" in lesson.after
    assert lesson.found is not None
    # The project of then had one route: the second came after the tests.
    assert "1 route" in lesson.found.en
    assert "2 routes" not in lesson.found.en


def test_the_first_tests_are_cited_where_they_are_not_at_an_app_module_of_a_test_package(
    tmp_path: Path,
) -> None:
    """The same commit added ``api/test/index.py``, an app module of a package named ``test``,
    which was cited and shown as the tests (blind check f1)."""
    repo = _repo(tmp_path)
    repo.commit("feat: read notes")
    repo.write("api/test/index.py", "def index() -> str:\n    return 'Aygio'\n")
    repo.write("tests/test_notes.py", TEST)
    sha = repo.commit("add an index page and tests")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (sha, "MB105")
    assert lesson.path == "tests/test_notes.py"


def test_no_tests_dates_from_the_app_s_creation_whatever_later_edits_made_of_that_line(
    tmp_path: Path,
) -> None:
    """A LangChain app's "no tests" was dated by the commit that rewrote ``app = FastAPI(...)``
    with a title and a version, though the app had its routes, and no test, from the start."""
    repo = _repo(tmp_path)
    first = repo.commit("feat: read notes")
    repo.write(
        "main.py",
        MAIN.replace(
            'FastAPI(title="Notes")',
            'FastAPI(\n    title="Notes API", version="1.0", docs_url="/docs"\n)',
        ),
    )
    repo.commit("langserve", date="2026-01-06T10:00:00Z")
    repo.write(
        "tests/test_notes.py", TEST.replace("from main import app", "from main import app  # noqa")
    )
    sha = repo.commit("add tests", date="2026-01-07T10:00:00Z")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (sha, "MB105")
    assert lesson.introduced_in == first


def test_no_tests_dates_from_before_the_last_review_when_the_app_was_made_before_it(
    tmp_path: Path,
) -> None:
    """A review since the last one dated "no tests" by the commit that moved the app into a
    package, the oldest it read, though the step 1 log had dated it from the app's first commit
    (blind check history 38)."""
    repo = _repo(tmp_path)
    first = repo.commit("feat: read notes")
    repo.delete("main.py")
    rewritten = MAIN.replace('title="Notes"', 'title="Notes", version="2"') + SECOND_ROUTE
    repo.write("app/api.py", rewritten + SECOND_ROUTE.replace("write_note", "edit_note") * 3)
    moved = repo.commit("refactor: the app gets a package", date="2026-01-06T10:00:00Z")
    repo.write("tests/test_notes.py", TEST.replace("from main import", "from app.api import"))
    sha = repo.commit("add tests", date="2026-01-07T10:00:00Z")

    [lesson] = solved_lessons(repo, tmp_path, since=moved)

    assert (lesson.commit, lesson.rule) == (sha, "MB105")
    assert lesson.introduced_in == first


def test_the_first_test_function_solved_the_missing_tests_of_a_project_begun_with_scripts(
    tmp_path: Path,
) -> None:
    """A project imported with ``tests/`` scripts that test nothing (a RAG demo run by hand) had
    no tests: the commit that wrote the first test function solved that, although a file in
    ``tests/`` was there from the start (blind check history 11 missed it)."""
    repo = _repo(tmp_path)
    repo.write("tests/rag_demo.py", "print('ask the model by hand')\n")
    first = repo.commit("import project")
    repo.write("main.py", MAIN + SECOND_ROUTE)
    repo.commit("feat: write notes")
    repo.write("tests/test_api.py", TEST)
    sha = repo.commit("test: API tests")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.path) == (sha, "MB105", "tests/test_api.py")
    assert lesson.introduced_in == first
    assert lesson.found is not None
    assert "2 routes" in lesson.found.en


def test_a_project_that_always_had_tests_solved_no_missing_tests(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("tests/test_notes.py", TEST)
    repo.commit("feat: read notes, with a test")
    repo.write("tests/test_more.py", TEST.replace("unknown_note", "other_note"))
    repo.commit("test: more tests")

    assert solved_lessons(repo, tmp_path) == []


def test_tests_written_again_after_the_suite_was_moved_away_solved_the_missing_tests(
    tmp_path: Path,
) -> None:
    """A project imported with one test module moved it out of the tests (a script of its own)
    and wrote a suite later: that suite solved the "no tests" its parent showed."""
    repo = _repo(tmp_path)
    repo.write("tests/test_notes.py", TEST)
    repo.commit("import project")
    (repo.path / "scripts").mkdir()
    repo.git("mv", "tests/test_notes.py", "scripts/check_notes.py")
    repo.commit("refactor: the checker is a script")
    repo.write("main.py", MAIN + SECOND_ROUTE)
    repo.commit("feat: write notes")
    repo.write("tests/test_api.py", TEST)
    sha = repo.commit("add API tests")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.path) == (sha, "MB105", "tests/test_api.py")
    assert lesson.found is not None
    assert "2 routes" in lesson.found.en


def _add_alembic(repo: GitRepo) -> None:
    """Alembic declared and configured, with a first revision."""
    repo.write("requirements.txt", "fastapi==0.115.0\nsqlalchemy==2.0.30\nalembic==1.13.1\n")
    repo.write("alembic.ini", "[alembic]\nscript_location = alembic\n")
    repo.write("alembic/env.py", "from alembic import context\n")
    repo.write("alembic/versions/0001_notes.py", MIGRATION)


def test_adding_alembic_solved_the_missing_migrations_in_the_words_of_then(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("models.py", MODELS)
    repo.write("db.py", DB)
    repo.write("tests/test_notes.py", TEST)
    modelled = repo.commit("feat: notes in a database")
    _add_alembic(repo)
    repo.write("db.py", DB.replace("Base.metadata.create_all(engine)\n", ""))
    sha = repo.commit("add alembic")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [
        (sha, "alembic/versions/0001_notes.py")
    ]
    assert lessons[0].found is not None
    said = lessons[0].found.en
    assert "no database migrations (no Alembic)" in said
    assert "although the project uses Alembic" not in said
    assert "op.create_table" in lessons[0].after
    assert lessons[0].introduced_in == modelled


def test_adding_alembic_beside_a_create_all_still_there_solved_nothing_yet(
    tmp_path: Path,
) -> None:
    """ "add alembic" left the create_all the app ran at start-up; the log said the schema was
    left to migrations under Solved, and that it was not under Still open (blind checks
    history 22, 24 and 26)."""
    repo = _repo(tmp_path)
    repo.write("models.py", MODELS)
    repo.write("db.py", DB)
    repo.write("tests/test_notes.py", TEST)
    repo.commit("feat: notes in a database")
    _add_alembic(repo)
    repo.commit("add alembic")

    assert [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"] == []


def test_adding_alembic_before_a_create_all_came_solved_the_missing_migrations(
    tmp_path: Path,
) -> None:
    """The create_all beside the migrations came two commits after them: the commit that added
    them did solve "no migrations", as it was then (blind check history 16's "alembic 추가")."""
    repo = _repo(tmp_path)
    repo.write("models.py", MODELS)
    repo.write("db.py", DB.replace("Base.metadata.create_all(engine)\n", ""))
    repo.write("tests/test_notes.py", TEST)
    repo.commit("feat: notes in a database")
    _add_alembic(repo)
    sha = repo.commit("add alembic")
    repo.write("db.py", DB)
    repo.commit("quick start")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"]
    assert [lesson.commit for lesson in lessons] == [sha]


def test_adding_alembic_while_moving_the_models_solved_the_missing_migrations_once(
    tmp_path: Path,
) -> None:
    """A commit added Alembic and moved the models, each with its create_all, into a new
    package: the log split the fix into one lesson per new file of the same name, cited files
    that never held a create_all and said the project "uses Alembic" before it did (blind check
    history 38)."""
    repo = _repo(tmp_path)
    repo.write("models/notes.py", MODELS + "\nBase.metadata.create_all(engine)\n")
    repo.write("models/tags.py", MODELS.replace("Note", "Tag").replace('"notes"', '"tags"'))
    repo.write("db.py", DB)
    repo.write("tests/test_notes.py", TEST)
    repo.commit("feat: notes in a database")
    repo.delete("models/notes.py")
    repo.delete("models/tags.py")
    repo.write("app/db/models.py", MODELS)
    repo.write(
        "app/schemas/notes.py",
        "from pydantic import BaseModel\n\n\nclass Note(BaseModel):\n    text: str\n",
    )
    repo.write(
        "app/schemas/tags.py",
        "from pydantic import BaseModel\n\n\nclass Tag(BaseModel):\n    name: str\n",
    )
    repo.write(
        "db.py",
        DB.replace("from models import Base", "from app.db.models import Base").replace(
            "Base.metadata.create_all(engine)\n", ""
        ),
    )
    _add_alembic(repo)
    sha = repo.commit("add alembic, move the models to app/db and schemas")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [
        (sha, "alembic/versions/0001_notes.py")
    ]
    assert lessons[0].found is not None
    assert "although the project uses Alembic" not in lessons[0].found.en


EMPTY_MIGRATION = MIGRATION.replace(
    '    op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True))\n', "    pass\n"
).replace('    op.drop_table("notes")\n', "    pass\n")


def test_an_empty_first_revision_solves_nothing_until_its_upgrade_makes_the_tables(
    tmp_path: Path,
) -> None:
    """``alembic revision -m "init"`` without ``--autogenerate`` writes an upgrade() that only
    passes: "add alembic" with that revision made no table, and the later commit that wrote
    the create_table is the fix."""
    repo = _repo(tmp_path)
    repo.write("models.py", MODELS)
    repo.write("db.py", DB.replace("Base.metadata.create_all(engine)\n", ""))
    repo.write("tests/test_notes.py", TEST)
    repo.commit("feat: notes in a database")
    _add_alembic(repo)
    repo.write("alembic/versions/0001_notes.py", EMPTY_MIGRATION)
    repo.commit("add alembic")
    repo.write("alembic/versions/0001_notes.py", MIGRATION)
    sha = repo.commit("fix: the first migration creates the notes table")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB110"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [
        (sha, "alembic/versions/0001_notes.py")
    ]
    assert lessons[0].found is not None
    assert "only revision is empty" in lessons[0].found.en
    assert "op.create_table" in lessons[0].after
