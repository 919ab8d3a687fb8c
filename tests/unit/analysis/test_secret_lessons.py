"""A commit that takes secrets out of a committed config file solved that problem, even when it
says only "chore: stop committing .env" and deletes the file; its lesson says the values are
still in the history, and cites the file where they can be read."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

OPENAI_KEY = "sk-proj-Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2Sa9Po0Iu"
ENV = f"# keys\nOPENAI_API_KEY={OPENAI_KEY}\n# signing\nJWT_SECRET=q7W!e9R#t1Y-k2\nDEBUG=1\n"
MAIN = """\
import os

from fastapi import FastAPI

app = FastAPI()
JWT_SECRET = os.environ["JWT_SECRET"]


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
"""

HEALTH_TEST = """\
from main import health


def test_health_is_ok() -> None:
    assert health() == {"status": "ok"}
"""


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.write("main.py", MAIN)
    repo.write("tests/test_health.py", HEALTH_TEST)
    repo.write(".env", ENV)
    repo.commit("feat: health check")
    return repo


def test_deleting_a_committed_env_file_solved_its_secrets(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = repo.rev("HEAD")
    repo.delete(".env")
    repo.write(".gitignore", ".env\n")
    repo.write(".env.example", "OPENAI_API_KEY=\nJWT_SECRET=\nDEBUG=1\n")
    sha = repo.commit("chore: stop committing .env")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.category) == (sha, "MB107", "hardcoded-secret")
    assert lesson.path is None  # the file is not there at the fixing commit
    assert [(e.commit, e.path) for e in lesson.evidence] == [(sha, None), (first, ".env")]
    assert lesson.occurrences == 2
    assert "OPENAI_API_KEY=" in lesson.before and "\n# signing\n" in lesson.before
    assert OPENAI_KEY not in lesson.model_dump_json()
    assert "q7W!e9R" not in lesson.model_dump_json()
    assert lesson.explanation is not None and "history" in lesson.explanation.en


def test_a_committed_env_file_renamed_to_an_example_with_its_secrets_blanked_solved_them(
    tmp_path: Path,
) -> None:
    """The example kept most lines, so git paired it with the deleted ``.env`` as a rename,
    and the fix was told as one no rule recognised (blind check d1)."""
    repo = _repo(tmp_path)
    settings = "".join(f"SETTING_{n}=value {n}\n" for n in range(12))
    repo.write(".env", ENV + settings)
    first = repo.commit("chore: more settings")
    repo.delete(".env")
    repo.write(".gitignore", ".env\n")
    blanked = ENV.replace(OPENAI_KEY, "").replace("q7W!e9R#t1Y-k2", "")
    repo.write(".env.example", blanked + settings)
    sha = repo.commit("fix: remove the committed .env, add .env.example")
    assert repo.git("show", "-M", "--name-status", "--format=", sha).startswith("R")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.category) == (sha, "MB107", "hardcoded-secret")
    assert lesson.path is None  # the blank template is no place the secrets were (blind check t2)
    assert [(e.commit, e.path) for e in lesson.evidence] == [(sha, None), (first, ".env")]
    assert lesson.occurrences == 2


def test_a_compose_file_deleted_with_the_app_it_ran_solved_nothing(tmp_path: Path) -> None:
    """A rewrite deleted the Flask app and its docker-compose.yml, which held a secret key;
    the log listed that commit as the fix of a hard-coded secret (history check 56). A
    commit that says it takes the secret out is credited, as is a deleted ``.env``."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("main.py", MAIN)
    repo.write("docker-compose.yml", COMPOSE)
    repo.commit("feat: health check")
    repo.delete("docker-compose.yml")
    repo.write("main.py", MAIN.replace("/health", "/ping"))
    repo.commit("c2")

    assert solved_lessons(repo, tmp_path) == []

    repo.write("docker-compose.yml", COMPOSE)
    repo.commit("chore: compose file again")
    repo.delete("docker-compose.yml")
    sha = repo.commit("remove the hardcoded secret key")

    assert [(lesson.commit, lesson.rule) for lesson in solved_lessons(repo, tmp_path)] == [
        (sha, "MB107")
    ]


COMPOSE = """\
services:
  web:
    build: .
    environment:
      - SECRET_KEY=q7W!e9R#t1Y-k2
"""


def test_a_secret_moved_into_the_code_is_not_solved(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.delete(".env")
    repo.write("main.py", MAIN.replace('os.environ["JWT_SECRET"]', '"q7W!e9R#t1Y-k2"'))
    repo.write("settings.py", f'OPENAI_API_KEY = "{OPENAI_KEY}"\n')
    repo.commit("refactor: settings in code")

    assert [lesson.rule for lesson in solved_lessons(repo, tmp_path)] == []


def test_a_key_blanked_in_a_kept_file_is_solved_and_the_rest_stays_open(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write(".env", ENV.replace(OPENAI_KEY, ""))
    sha = repo.commit("update env")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.occurrences) == (sha, 1)
    assert lesson.found is not None and "`OPENAI_API_KEY`" in lesson.found.en


def test_a_source_file_s_secret_taken_out_with_the_env_file_stays_its_own_lesson(
    tmp_path: Path,
) -> None:
    """ "update" took a database password out of database.py and the secrets out of .env: the
    config-file lesson replaced the source file's, which the log then left out."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.write("main.py", MAIN)
    repo.write("database.py", 'DATABASE_URL = "postgresql://app:Rk7vQ2xPl9sd@db:5432/app"\n')
    repo.write(".env", ENV)
    repo.commit("feat: health check")
    repo.write("database.py", 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n')
    repo.delete(".env")
    sha = repo.commit("update")

    lessons = solved_lessons(repo, tmp_path)

    assert sorted((lesson.commit, lesson.rule, lesson.path or "") for lesson in lessons) == [
        (sha, "MB107", ""),
        (sha, "MB107", "database.py"),
    ]


def test_a_password_that_is_part_of_a_longer_word_elsewhere_was_taken_out(
    tmp_path: Path,
) -> None:
    """The password was taken out of database.py, while settings.py names the database with a
    longer word that starts with it: the value was found "still committed" inside that word
    (blind check history 31, where the password was "postgres" beside ``postgresql://``)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.115.0\npsycopg2-binary==2.9.9\n")
    repo.write("main.py", MAIN)
    repo.write(
        "settings.py",
        "import os\n\nDATABASE_URL = f\"postgresql://{os.environ['DB_USER']}@db/tracker2024db\"\n",
    )
    repo.write(
        "database.py",
        "from psycopg2 import connect\n\n"
        'conn = connect(host="db", dbname="app", user="app", password="tracker2024")\n',
    )
    repo.commit("feat: database")
    repo.write(
        "database.py",
        "import os\n\nfrom psycopg2 import connect\n\n"
        'conn = connect(host="db", dbname="app", password=os.environ["DB_PASSWORD"])\n',
    )
    sha = repo.commit("fix: password from the environment")

    lessons = solved_lessons(repo, tmp_path)

    assert (sha, "MB107", "database.py") in {
        (lesson.commit, lesson.rule, lesson.path) for lesson in lessons
    }


CONFIG_BEFORE = """\
class Config:
    DEBUG = True


class DataBase:
    DB_HOST = "db"
    DB_USER = "postgres"
    DB_PASS = "Tr0ub4dor"
    SQLALCHEMY_DATABASE_URI = f"postgresql://{DB_USER}:{DB_PASS}@{DB_HOST}:5432/blog"


class DevelopmentConfig(Config, DataBase):
    DEBUG = True
"""
CONFIG_AFTER = """\
import os


def normalize_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://")


class Config:
    DEBUG = True


class DevelopmentConfig(Config):
    DEBUG = True
    DB_HOST = os.getenv("DB_HOST")
    DB_USER = os.getenv("DB_USER")
    DB_PASS = os.getenv("DB_PASS")
    SQLALCHEMY_DATABASE_URI = f"postgresql://{DB_USER}:{DB_PASS}@{DB_HOST}:5432/blog"
"""


def test_the_after_snippet_shows_the_name_assigned_anew_where_the_fix_wrote_it(
    tmp_path: Path,
) -> None:
    """The fix moved ``DB_PASS`` into another class, read from the environment: the lesson's
    "after" showed the helper function written where the old class stood (history 40)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("blog/config.py", CONFIG_BEFORE)
    repo.commit("feat: config")
    repo.write("blog/config.py", CONFIG_AFTER)
    sha = repo.commit("read the db credentials from the environment")

    [lesson] = [found for found in solved_lessons(repo, tmp_path) if found.rule == "MB107"]

    assert lesson.commit == sha
    assert 'DB_PASS = "«redacted»"' in lesson.before
    assert 'DB_PASS = os.getenv("DB_PASS")' in lesson.after
    assert "normalize_url" not in lesson.after


def test_a_fix_taking_secrets_out_of_env_and_compose_is_one_lesson(tmp_path: Path) -> None:
    """ "fix: stop committing .env; compose reads the password from the environment" was told
    twice: as the config files' lesson and, for the compose file, as a lesson of its message
    alone that "no rule recognised" (blind check h3)."""
    compose = (
        "services:\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD: Rq7vN3xLp92sKdWm\n"
    )
    repo = _repo(tmp_path)
    repo.write("docker-compose.yml", compose)
    repo.commit("feat: database", date="2026-01-05T10:00:00Z")
    repo.delete(".env")
    repo.write(".gitignore", ".env\n")
    repo.write("docker-compose.yml", compose.replace("Rq7vN3xLp92sKdWm", "${POSTGRES_PASSWORD}"))
    sha = repo.commit(
        "fix: stop committing .env; compose reads the password from the environment",
        date="2026-01-06T10:00:00Z",
    )

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, "MB107")]
    assert lessons[0].occurrences == 3


def test_a_fix_that_only_deletes_the_env_file_is_one_lesson(tmp_path: Path) -> None:
    """ "fix: remove committed .env" was told as the secret's lesson and again as a fix "no
    rule recognised" (blind check g1)."""
    repo = _repo(tmp_path)
    repo.delete(".env")
    sha = repo.commit("fix: remove committed .env", date="2026-01-06T10:00:00Z")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule) for lesson in lessons] == [(sha, "MB107")]


def test_deleting_a_secrets_module_solved_its_secrets_and_says_they_are_in_the_history(
    tmp_path: Path,
) -> None:
    """A Django project's ``secrets.py``, imported ``*`` by its settings, deleted as the key
    moved to the environment: a lesson no rule recognised, with no word of the history (blind
    check d2). Alembic's ``env.py`` deleted with its URL is no secrets module."""
    key = "r4&x0e=#n8m2w!kq7)z^b1y5t@c9d6f3hj"
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("wapp/__init__.py", "")
    repo.write("wapp/secrets.py", f'# keep out of git!\nSECRET_KEY = "{key}"\n')
    repo.write("wapp/settings.py", "from .secrets import *  # noqa: F403\n\nDEBUG = True\n")
    repo.write("alembic/env.py", 'URL = "postgresql://app:Pr0d-Passw0rd@db/app"\n')
    first = repo.commit("init")
    repo.delete("wapp/secrets.py")
    repo.write("wapp/settings.py", 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n')
    repo.write(".gitignore", "wapp/secrets.py\n")
    sha = repo.commit("fix: move secret key out of the repository")
    repo.delete("alembic/env.py")
    repo.commit("drop alembic")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule, lesson.category) == (sha, "MB107", "hardcoded-secret")
    assert [(e.commit, e.path) for e in lesson.evidence] == [
        (sha, None),
        (first, "wapp/secrets.py"),
    ]
    assert key not in lesson.model_dump_json()
    assert lesson.explanation is not None and "history" in lesson.explanation.en


WEATHER_TS = """\
const KEY = '8f3c2a91d4e7b6058c1f9a2e7d3b4c60';

export const weatherUrl = (city: string) =>
  `https://api.openweathermap.org/data/2.5/weather?q=${city}&appid=${KEY}`;
"""


def test_a_key_moved_from_a_component_into_the_committed_env_is_not_solved(
    tmp_path: Path,
) -> None:
    """ "fix: remove hardcoded api key from the component" put the key into the frontend's
    committed ``.env``: the log listed it as solved beside the same key open there (blind check
    m1). Read from an ``.env`` git ignores, it is gone from the repository: solved."""
    for ignored in (False, True):
        repo = GitRepo(tmp_path / f"web-{ignored}").init()
        repo.write("main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
        repo.write("frontend/src/weather.ts", WEATHER_TS)
        repo.write("frontend/.env", "VITE_API_URL=http://localhost:8000\n")
        if ignored:
            repo.write(".gitignore", "frontend/.env.local\n")
        repo.commit("init")
        repo.write(
            "frontend/src/weather.ts",
            WEATHER_TS.replace(
                "'8f3c2a91d4e7b6058c1f9a2e7d3b4c60'", "import.meta.env.VITE_OPENWEATHER_API_KEY"
            ),
        )
        key_line = "VITE_OPENWEATHER_API_KEY=8f3c2a91d4e7b6058c1f9a2e7d3b4c60\n"
        if not ignored:
            repo.write("frontend/.env", "VITE_API_URL=http://localhost:8000\n" + key_line)
        sha = repo.commit("fix: remove hardcoded api key from the component")

        solved = [
            lesson.commit
            for lesson in solved_lessons(repo, tmp_path / f"cache-{ignored}")
            if lesson.category == "hardcoded-secret"
        ]
        assert solved == ([sha] if ignored else [])


def test_a_signing_key_deleted_with_its_env_file_is_replaced_not_revoked(tmp_path: Path) -> None:
    """A Flask app's own SECRET_KEY in a committed .env: generate a new one; no provider issued
    it to revoke it at (blind check c1)."""
    repo = GitRepo(tmp_path / "score").init()
    repo.write("app.py", "import os\n\nSECRET_KEY = os.environ['FLASK_SECRET_KEY']\n")
    repo.write(".env", "FLASK_SECRET_KEY=9f2c7a1e5b8d3f6a0c4e7b2d9a1f5c8e\n")
    repo.commit("init")
    repo.delete(".env")
    repo.write(".gitignore", ".env\n")
    repo.commit("chore: stop committing .env")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.explanation is not None
    assert "去服务商那里作废" not in lesson.explanation.zh
    assert "generate a new random one" in lesson.explanation.en
