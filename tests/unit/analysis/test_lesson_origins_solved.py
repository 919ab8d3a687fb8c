"""Where a solved problem was introduced: past renames, rewrapped calls and edited lines."""

from __future__ import annotations

from pathlib import Path

from mentorbot.lesson_origins import edited_alike, line_before, shape
from mentorbot.reformatted import reformatted_line
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons
from tests.unit.analysis._helpers import REPORTS


def _history(tmp_path: Path, later: str) -> tuple[GitRepo, str, str]:
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", REPORTS)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", later)
    repo.commit("refactor: rename fetch_report", date="2026-03-02T10:00:00+00:00")
    repo.write("app.py", later.replace("async def report", "def report"))
    fix = repo.commit("fix: blocking report route", date="2026-03-03T10:00:00+00:00")
    return repo, first, fix


def test_a_problem_renamed_later_was_introduced_where_it_was_written(tmp_path: Path) -> None:
    renamed = REPORTS.replace("fetch_report", "load_report")
    repo, first, fix = _history(tmp_path, renamed)

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (fix, "MB101")
    assert lesson.introduced_in == first


def test_a_commit_that_changed_a_name_into_the_problem_introduced_it(tmp_path: Path) -> None:
    fetching = REPORTS.replace(
        "@app.get", 'def parse_report(url: str) -> dict:\n    return {"url": url}\n\n\n@app.get'
    )
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", fetching.replace("data = fetch_report(url)", "data = parse_report(url)"))
    repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    repo.write("app.py", fetching)
    fetched = repo.commit("feat: fetch the report", date="2026-03-02T10:00:00+00:00")
    repo.write("app.py", fetching.replace("async def report", "def report"))
    fix = repo.commit("fix: blocking report route", date="2026-03-03T10:00:00+00:00")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.introduced_in) == (fix, fetched)


def test_a_call_wrapped_over_lines_and_renamed_later_was_introduced_where_it_was_written(
    tmp_path: Path,
) -> None:
    """ "fix: pydantic v2 deprecation" only split `db_user = User.from_orm(user)` over three
    lines under a new name, and was named as where the v1 call came from."""
    wrapped = REPORTS.replace(
        '    data = fetch_report(url)\n    return {"report": data}',
        '    report_data = fetch_report(\n        url\n    )\n    return {"report": report_data}',
    )
    repo, first, fix = _history(tmp_path, wrapped)

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (fix, "MB101")
    assert lesson.introduced_in == first


def test_lines_of_the_same_shape_differ_in_names_comments_and_spacing_only() -> None:
    assert shape("except Exception as e:") == shape("except  Exception as err:  # db")
    assert shape("db = get_db_connection()") == shape("db = connect_db()")
    assert shape("await asyncio.sleep(1)") != shape("time.sleep(1)")
    assert shape('query = f"SELECT {x}"') != shape('query = "SELECT %s"')


def test_a_line_replaced_one_for_one_keeps_its_place() -> None:
    before = "a = 1\nb = old()\nc = 3\n"
    after = "a = 1\nb = new()\nc = 3\n"
    grown = "a = 1\nb = new()\nb2 = more()\nc = 3\n"

    assert line_before(before, after, 2) == 2
    assert line_before("x = 0\n" + before, after, 3) == 4
    assert line_before(before, grown, 2) is None
    split = "a = 1\nb = new(\n    x,\n)\nc = 3\n"
    assert line_before("a = 1\nb = old(x)\nc = 3\n", split, 2) == 2
    assert line_before(split, "a = 1\nb = new(x)\nc = 3\n", 2) == 2


def test_an_argument_added_to_the_flagged_call_did_not_introduce_its_problem(
    tmp_path: Path,
) -> None:
    """ "fix: pydantic v2 in update route" added ``exclude_none=True`` to a ``.dict()`` call and
    was named as where the v1 call came from."""
    direct = REPORTS.replace("data = fetch_report(url)", "data = requests.get(url).json()")
    repo = GitRepo(tmp_path / "reports").init()
    repo.write("app.py", direct)
    first = repo.commit("feat: reports", date="2026-03-01T10:00:00+00:00")
    timed = direct.replace("requests.get(url).json()", "requests.get(url, timeout=10).json()")
    repo.write("app.py", timed)
    repo.commit("fix: a timeout for the report request", date="2026-03-02T10:00:00+00:00")
    repo.write("app.py", timed.replace("async def report", "def report"))
    fix = repo.commit("fix: blocking report route", date="2026-03-03T10:00:00+00:00")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB101"]

    assert (lesson.commit, lesson.introduced_in) == (fix, first)


def test_a_line_edited_alike_keeps_most_of_its_tokens() -> None:
    assert edited_alike(
        "update_data=user.dict(exclude_unset=True))",
        "update_data=user.dict(exclude_unset=True, exclude_none=True))",
    )
    assert edited_alike("except Exception as e:", "except Exception as err:  # db")
    assert not edited_alike("data = fetch_report(url)", "await notify(user, channel='mail')")


def test_a_name_dropped_from_the_flagged_import_did_not_introduce_its_problem(
    tmp_path: Path,
) -> None:
    """``import SessionLocal, engine`` -> ``import engine`` left ``engine`` unused as it was
    from the start; the commit that dropped ``SessionLocal`` was named as where the unused
    import came from (blind check history 11)."""
    crud = (
        "from backend.database import SessionLocal, engine\n\n\n"
        "def count_users(session) -> int:\n    return session.query_count()\n"
    )
    repo = GitRepo(tmp_path / "users").init()
    repo.write("backend/database.py", "engine = None\nSessionLocal = None\n")
    repo.write("backend/crud_users.py", crud)
    first = repo.commit("import project", date="2026-03-01T10:00:00+00:00")
    repo.write("backend/crud_users.py", crud.replace("SessionLocal, engine", "engine"))
    repo.commit("refactor: sessions come from the route", date="2026-03-02T10:00:00+00:00")
    repo.write(
        "backend/crud_users.py",
        crud.replace("from backend.database import SessionLocal, engine\n", ""),
    )
    fix = repo.commit("chore: remove unused imports", date="2026-03-03T10:00:00+00:00")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == fix]

    assert [(lesson.rule, lesson.introduced_in) for lesson in lessons] == [("MB201", first)]
    assert edited_alike("from db import SessionLocal, engine", "from db import engine")
    # Elsewhere a dropped token is taken as the line written anew (each look back costs a
    # version's analysis).
    assert not edited_alike("total = price(item, tax)", "total = price(item)")


def test_a_secret_given_a_new_value_was_introduced_where_it_was_first_written(
    tmp_path: Path,
) -> None:
    """ "fix: stronger jwt secret" only changed the hard-coded value (and added `: str`), and was
    named as where the secret came from; the secret is its literal, whatever its value."""
    settings = 'JWT_ALGORITHM = "HS256"\nSECRET_KEY = "q7W!e9R#t1Y-signing"\n'
    repo = GitRepo(tmp_path / "jwt").init()
    repo.write("app/settings.py", settings)
    first = repo.commit("feat: jwt settings", date="2026-03-01T10:00:00+00:00")
    repo.write(
        "app/settings.py",
        settings.replace(
            'SECRET_KEY = "q7W!e9R#t1Y-signing"', 'SECRET_KEY: str = "Zx9#mPq2$Lw8-stronger"'
        ),
    )
    repo.commit("fix: stronger jwt secret", date="2026-03-02T10:00:00+00:00")
    repo.write(
        "app/settings.py",
        'import os\n\nJWT_ALGORITHM = "HS256"\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
    )
    fix = repo.commit("wip", date="2026-03-03T10:00:00+00:00")

    [lesson] = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB107"]

    assert (lesson.commit, lesson.introduced_in) == (fix, first)


APP_BEFORE = """\
import os
from fastapi import FastAPI
# from langchain.prompts import ChatPromptTemplate
# from langchain_mistralai.chat_models import ChatMistralAI

load_dotenv()
app = FastAPI()


app.include_router(users.router)
"""
APP_AFTER = """\
import os
from fastapi import FastAPI
from langserve import add_routes
from langchain.prompts import ChatPromptTemplate

load_dotenv()

app = FastAPI(
    title="Notes with a model",
    version="1.0",
)

app.include_router(auth.router)
app.include_router(users.router)
"""


def test_a_loose_look_finds_the_line_a_commit_wrote_again_among_other_lines() -> None:
    """A "langserve" commit deleted ``app = FastAPI()`` and wrote it again, with arguments, among
    new lines: "no tests", anchored there, was dated by that commit."""
    assert line_before(APP_BEFORE, APP_AFTER, 8) is None
    assert line_before(APP_BEFORE, APP_AFTER, 8, loose=True) == 7


PATH_FINDER = """\
import sqlite3


def topic_url(cursor, name):
    query = f"SELECT url FROM links WHERE topic = 'Wikipedia: {name}'"
    cursor.execute(query)
    found = cursor.fetchone()
    return found[0] if found else None


print(topic_url(sqlite3.connect("wiki.db").cursor(), input("Start: ")))
"""
QUERY = "    query = f\"SELECT url FROM links WHERE topic = 'Wikipedia: {name}'\"\n"
REWRAPPED = (
    "    query = (\n"
    '        f"SELECT url FROM links "\n'
    "        f\"WHERE topic = 'Wikipedia: {name}'\"\n"
    "    )\n"
)


def test_a_query_only_rewrapped_by_a_commit_called_a_fix_was_introduced_where_it_was_written(
    tmp_path: Path,
) -> None:
    """ "fix sql injection" split the f-string in two, in brackets: the query Python reads is
    the same, and the injection was said to be introduced by that commit, ten days before its
    fix rather than seventeen (blind check s1)."""
    repo = GitRepo(tmp_path / "wiki").init()
    repo.write("path_finder.py", PATH_FINDER)
    first = repo.commit("path finder", date="2023-05-15T10:00:00+00:00")
    repo.write("path_finder.py", PATH_FINDER.replace(QUERY, REWRAPPED))
    repo.commit("fix sql injection in path finder", date="2023-05-22T10:00:00+00:00")
    bound = (
        '    query = "SELECT url FROM links WHERE topic = ?"\n'
        '    cursor.execute(query, ("Wikipedia: " + name,))\n'
    )
    repo.write("path_finder.py", PATH_FINDER.replace(QUERY + "    cursor.execute(query)\n", bound))
    fix = repo.commit("fix: parameterised query", date="2023-06-01T10:00:00+00:00")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.commit, lesson.rule) == (fix, "MB108")
    assert lesson.introduced_in == first


def test_a_query_rewrapped_with_other_words_was_written_anew() -> None:
    """The same wrapping with another table is another query: no older line is looked at."""
    rewrapped = PATH_FINDER.replace(QUERY, REWRAPPED)
    other = rewrapped.replace("FROM links", "FROM pages")

    assert reformatted_line(PATH_FINDER, rewrapped, 6) == 5
    assert reformatted_line(PATH_FINDER, rewrapped, 5) == 5
    assert reformatted_line(PATH_FINDER, other, 6) is None
