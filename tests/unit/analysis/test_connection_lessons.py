"""A flight API whose routes each opened a psycopg2 connection through ``get_conn()`` and then
moved to a pool lent by a dependency: the review reports the per-route connections while they
are there, and once they are gone the history shows the commit that solved them, whether
``get_conn`` stayed for the scripts or became the dependency in that same commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.rules import _connection_cases as cases
from mentorbot.rules import _startup_cases as startup_cases
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons
from tests.unit.rules import review_files

DRIVER = "import psycopg2\n"
POOL_IMPORT = "from psycopg_pool import ConnectionPool\n"
POOL = """\


pool = ConnectionPool(DATABASE_URL, open=False)


def lend_conn():
    with pool.connection() as conn:
        yield conn
"""


def _flight_api(tmp_path: Path, pooled: dict[str, str]) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "flights").init()
    repo.write("app/__init__.py", "")
    repo.write("app/db.py", cases.FLIGHT_DB)
    repo.write("app/main.py", cases.FLIGHT_ROUTES)
    repo.commit("feat: flights and bookings", date="2026-03-01T10:00:00+00:00")
    for path, text in pooled.items():
        repo.write(path, text)
    sha = repo.commit("fix: lend connections from a pool", date="2026-03-02T10:00:00+00:00")
    return repo, sha


BESIDE_THE_HELPER = {
    "app/db.py": cases.FLIGHT_DB.replace(DRIVER, DRIVER + POOL_IMPORT) + POOL,
    "app/main.py": cases.POOLED_ROUTES.replace("get_conn", "lend_conn"),
}
"""``get_conn`` stays for the scripts; the routes take ``lend_conn``."""
INSTEAD_OF_THE_HELPER = {"app/db.py": cases.POOLED_DB, "app/main.py": cases.POOLED_ROUTES}
"""``get_conn`` itself becomes the dependency that lends a pooled connection."""
HELPER_ONLY = {
    "app/db.py": cases.FLIGHT_DB.replace(
        "import psycopg2\n", "from psycopg2.pool import SimpleConnectionPool\n"
    ).replace(
        "def get_conn():\n    return psycopg2.connect(DATABASE_URL)",
        "pool = SimpleConnectionPool(1, 10, DATABASE_URL)\n\n\n"
        "def get_conn():\n    return pool.getconn()",
    )
}
"""Only the helper changes: it hands out the pool's connections; the routes are untouched."""


def test_each_route_that_opens_its_own_connection_is_reported_with_the_helper_it_used(
    tmp_path: Path,
) -> None:
    files = {"app/db.py": cases.FLIGHT_DB, "app/main.py": cases.FLIGHT_ROUTES}
    found = [f for f in review_files(tmp_path, files) if f.rule == "MB103"]

    assert [(f.path, f.line) for f in found] == list(cases.FLIGHT_HITS)
    assert found[0].message.en.startswith(
        "`list_flights` opens a new database connection with `get_conn` on every call; "
        "make a connection pool at start-up"
    )
    assert "连接池" in found[1].message.zh


@pytest.mark.parametrize(
    "pooled", [BESIDE_THE_HELPER, INSTEAD_OF_THE_HELPER], ids=["beside", "instead"]
)
def test_moving_the_routes_to_a_pool_is_a_solved_problem_of_that_commit(
    tmp_path: Path, pooled: dict[str, str]
) -> None:
    repo, sha = _flight_api(tmp_path, pooled)

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB103"]

    assert [lesson.commit for lesson in lessons] == [sha]
    assert lessons[0].path == "app/main.py"
    assert lessons[0].found is not None
    assert "opens a new database connection with `get_conn`" in lessons[0].found.en


def test_a_fix_made_in_the_helper_alone_is_credited_at_the_routes_it_freed(tmp_path: Path) -> None:
    repo, sha = _flight_api(tmp_path, HELPER_ONLY)

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB103"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(sha, "app/db.py")]
    places = [(e.path, e.line) for e in lessons[0].evidence if e.line is not None]
    assert places == list(cases.FLIGHT_HITS)


def test_moving_a_chat_from_sqlite3_to_aiosqlite_per_message_is_no_fix_of_the_connection(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "chat").init()
    for path, text in startup_cases.CHAT_FILES.items():
        repo.write(path, text)
    repo.commit("chat with sqlite history", date="2026-10-01T10:00:00+00:00")
    repo.write(startup_cases.DATABASE_PATH, startup_cases.CHAT_DATABASE_AIO)
    sha = repo.commit("fix: use aiosqlite for saving", date="2026-10-02T10:00:00+00:00")

    rules = {lesson.rule for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha}

    assert "MB101" in rules
    assert "MB103" not in rules
