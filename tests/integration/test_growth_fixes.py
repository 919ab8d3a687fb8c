"""Which commit the growth section says fixed a problem: tests added in their own files, a
helper fixed in another module, a file moved or deleted, a secret edited before it went."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentorbot.jsonout import report_json
from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded

NOTES_TEST = """\
from fastapi.testclient import TestClient

from app.main import app


def test_notes_start_empty() -> None:
    assert TestClient(app).get("/notes").json() == []
"""
"""The notes API's one test, as the learner's repo holds it (reviewed, never run here)."""


def notes_api(tmp_path: Path, extra: dict[str, str] | None = None) -> GitRepo:
    """A one-route notes API, committed in week 1 with ``extra`` files."""
    repo = GitRepo(tmp_path / "notes-api").init()
    repo.write(
        "app/main.py",
        'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/notes")\n'
        "def list_notes() -> list[str]:\n    return []\n",
    )
    repo.write("requirements.txt", "fastapi==0.115.0\npytest==8.3.3\n")
    for path, content in (extra or {}).items():
        repo.write(path, content)
    repo.commit("feat: notes api", date="2026-02-02T10:00:00+00:00")
    return repo


async def test_tests_added_in_their_own_files_fix_the_missing_tests_finding(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """ "No tests" sits at the app's line, which the commit adding tests never touches: the
    last log said the rules had changed and the finding was not the learner's fix. The commit
    that wrote the first tests is the one named (blind check t1)."""
    repo = notes_api(tmp_path)
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.path) for f in week1.findings if f.category == "missing-tests"] == [
        ("MB105", "app/main.py")
    ]

    repo.write("tests/test_notes.py", NOTES_TEST)
    tests = repo.commit("test: notes start empty", date="2026-02-09T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    week2 = week2_run["report"]

    assert [(f.rule, f.fixed_by, f.fixed_elsewhere) for f in week2.fixed_findings] == [
        ("MB105", tests, True)
    ]
    assert week2.notes == ()
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"- ✅ Missing tests: `app/main.py`, fixed in commit `{tests[:8]}`" in log
    assert "no longer reported" not in log
    assert_grounded(repo.path, log)


async def test_tests_deleted_since_make_the_missing_tests_finding_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The app's line is old, but "no tests" came with the commit that deleted them: it is new,
    not open since the last review, which did not show it."""
    repo = notes_api(tmp_path, {"tests/test_notes.py": NOTES_TEST})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f for f in week1.findings if f.category == "missing-tests"] == []

    repo.delete("tests/test_notes.py")
    repo.commit("chore: drop the placeholder test", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [(f.rule, f.status, f.since_step) for f in week2.findings if f.rule == "MB105"] == [
        ("MB105", "new", None)
    ]


async def test_a_helper_fixed_in_another_module_names_the_commit_that_freed_the_route(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The route's file never changed; the fix commit changed the helper it calls, and its
    solved lesson cites the route: the growth section names that commit."""
    from tests.unit.analysis.test_fixes_elsewhere import MAIL, QUEUED_MAIL, ROUTES

    repo = GitRepo(tmp_path / "signup").init()
    repo.write("app/__init__.py", "")
    repo.write("app/mail.py", MAIL)
    repo.write("app/routes.py", ROUTES)
    repo.write("requirements.txt", "fastapi==0.115.0\nrequests==2.32.3\n")
    repo.commit("feat: sign-up sends a welcome mail", date="2026-02-02T10:00:00+00:00")
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.path) for f in week1.findings if f.rule == "MB101"] == [
        ("MB101", "app/routes.py")
    ]

    repo.write("app/mail.py", QUEUED_MAIL)
    fix = repo.commit(
        "fix: sign-up no longer waits for the mail server", date="2026-02-09T10:00:00+00:00"
    )
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = [f for f in week2_run["report"].fixed_findings if f.rule == "MB101"]
    assert [(f.path, f.fixed_by, f.fixed_elsewhere) for f in fixed] == [
        ("app/routes.py", fix, True)
    ]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert (
        f"- ✅ Blocking calls inside async code: `app/routes.py`, fixed in commit `{fix[:8]}`"
        in log
    )
    assert_grounded(repo.path, log)


SCHEMAS_V1 = """\
from pydantic import BaseModel


class Order(BaseModel):
    total: float

    class Config:
        orm_mode = True


def order_dict(order: Order) -> dict:
    return order.dict()
"""


async def test_a_route_that_awaits_the_helper_made_async_names_the_commit_that_did_both(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The fix made the helper async and the route await it: the log said the route was "fixed
    by changes to other files", though its own lesson names the commit (history 40)."""
    from tests.unit.analysis.test_fixes_elsewhere import MAIL, ROUTES

    repo = GitRepo(tmp_path / "signup").init()
    repo.write("app/__init__.py", "")
    repo.write("app/mail.py", MAIL)
    repo.write("app/routes.py", ROUTES)
    repo.write("requirements.txt", "fastapi==0.115.0\nrequests==2.32.3\nhttpx==0.27.2\n")
    repo.commit("feat: sign-up sends a welcome mail", date="2026-02-02T10:00:00+00:00")
    await review(repo_path=str(repo.path), learner=learner)

    async_mail = MAIL.replace("import requests", "import httpx").replace(
        "def send_welcome_email(address: str) -> None:",
        "async def send_welcome_email(address: str) -> None:",
    )
    repo.write(
        "app/mail.py",
        async_mail.replace(
            "    requests.post(MAIL_API, data=message.as_bytes(), timeout=10)",
            "    async with httpx.AsyncClient(timeout=10) as client:\n"
            "        await client.post(MAIL_API, content=message.as_bytes())",
        ),
    )
    repo.write("app/routes.py", ROUTES.replace("    send_welcome", "    await send_welcome"))
    fix = repo.commit("fix: send the mail with httpx", date="2026-02-09T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = [f for f in week2_run["report"].fixed_findings if f.rule == "MB101"]
    assert [(f.path, f.fixed_by) for f in fixed] == [("app/routes.py", fix)]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`app/routes.py`, fixed in commit `{fix[:8]}`" in log
    assert "fixed by changes to other files" not in log


async def test_a_problem_moved_with_its_file_is_still_open_and_a_deleted_file_names_its_commit(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A commit moved the models to app/schemas, v1 API and all, and deleted a script with a
    bare except: the log said the moved problems were "fixed in changes not committed yet" and
    new at the same time, with a clean working tree (blind check history 38)."""
    repo = notes_api(
        tmp_path,
        {
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "app/models/orders.py": SCHEMAS_V1,
            "app/tools/seed.py": "def seed() -> None:\n    try:\n        print(1)\n"
            "    except:\n        pass\n",
        },
    )
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    v1_before = sorted(f.line for f in week1.findings if f.rule == "MB104")
    assert v1_before and "MB106" in {f.rule for f in week1.findings}

    repo.delete("app/models/orders.py")
    repo.write("app/schemas/orders.py", "# Orders as the API shows them.\n" + SCHEMAS_V1)
    repo.delete("app/tools/seed.py")
    move = repo.commit("refactor: schemas get their own package", date="2026-02-09T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    week2 = week2_run["report"]

    moved = [f for f in week2.findings if f.rule == "MB104"]
    assert {(f.path, f.status, f.since_step) for f in moved} == {
        ("app/schemas/orders.py", "open", 1)
    }
    assert [(f.rule, f.path, f.fixed_by, f.removed_with_file) for f in week2.fixed_findings] == [
        ("MB106", "app/tools/seed.py", move, True)
    ]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert "not committed yet" not in log
    # Deleting the script took its problem away; the learner did not fix it (history 41).
    assert f"`app/tools/seed.py`, gone with its file, deleted in commit `{move[:8]}`" in log
    assert "0 fixed, 1 gone with deleted code, " in log
    assert_grounded(repo.path, log)


async def test_a_problem_fixed_after_its_file_moved_names_the_fix_not_the_move(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """``git mv src/ blog_api/`` then a fix in the moved file: "Since the last review" named the
    move as the fix, seven times in three repos (blind check history 40)."""
    tool = "def seed() -> None:\n    try:\n        print(1)\n    except:\n        pass\n"
    repo = notes_api(tmp_path, {"src/tools/seed.py": tool, "src/tools/clean.py": tool})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert {f.path for f in week1.findings if f.rule == "MB106"} == {
        "src/tools/seed.py",
        "src/tools/clean.py",
    }

    for name in ("seed", "clean"):
        repo.delete(f"src/tools/{name}.py")
        repo.write(f"blog/tools/{name}.py", tool)
    repo.commit("refactor: move src to blog", date="2026-02-09T10:00:00+00:00")
    repo.write("blog/tools/seed.py", tool.replace("except:", "except OSError:"))
    fix = repo.commit("fix: catch only OSError", date="2026-02-10T10:00:00+00:00")
    repo.delete("blog/tools/clean.py")
    deleted = repo.commit("chore: drop the clean script", date="2026-02-11T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = week2_run["report"].fixed_findings
    # Cited where the commit that took each away found it: the moved files (blind check h4).
    assert sorted((f.path, f.fixed_by, f.removed_with_file) for f in fixed) == [
        ("blog/tools/clean.py", deleted, True),
        ("blog/tools/seed.py", fix, False),
    ]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`blog/tools/seed.py`, fixed in commit `{fix[:8]}`" in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, json.dumps(report_json(week2_run["report"], "en", log_path=None)))


async def test_a_secret_edited_before_it_was_taken_out_is_fixed_by_the_commit_that_took_it_out(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The password moved within its line first, then went to the environment: the log named
    the first commit, which still held it, as the fix (blind check history 39)."""
    repo = notes_api(
        tmp_path, {"app/db.py": 'DATABASE_URL = "postgresql://notes:Kx82-pq@db:5432/notes"\n'}
    )
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.path) for f in week1.findings if f.rule == "MB107"] == [
        ("MB107", "app/db.py")
    ]

    repo.write("app/db.py", 'DATABASE_URL = "postgresql://notes:Kx82-pq@db:5432/notes_v2"\n')
    repo.commit("chore: new database name", date="2026-02-09T10:00:00+00:00")
    repo.write("app/db.py", 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n')
    fix = repo.commit("fix: read the database url", date="2026-02-10T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [(f.rule, f.fixed_by) for f in week2.fixed_findings] == [("MB107", fix)]


async def test_a_line_a_formatter_only_requoted_is_still_open(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """black re-quoted a still-injectable query: the log called it fixed and new at once."""
    search = (
        "import sqlite3\n\n\ndef find_notes(term: str) -> list:\n"
        "    conn = sqlite3.connect('notes.db')\n"
        "    return conn.execute(f'SELECT * FROM notes WHERE title = {term}').fetchall()\n"
    )
    repo = notes_api(tmp_path, {"app/search.py": search})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.line) for f in week1.findings if f.rule == "MB108"] == [("MB108", 6)]

    repo.write("app/search.py", search.replace("'", '"'))
    repo.commit("style: black", date="2026-02-09T10:00:00+00:00")
    week2 = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    assert [f.rule for f in week2.fixed_findings] == []
    assert [(f.rule, f.status, f.since_step) for f in week2.findings if f.rule == "MB108"] == [
        ("MB108", "open", 1)
    ]


async def test_a_problem_requoted_by_a_formatter_then_fixed_names_the_fix_not_the_formatter(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """black re-quoted the query before the learner bound its value: the formatter's commit,
    which still built the SQL from the term, was named as the fix."""
    search = (
        "import sqlite3\n\n\ndef find_notes(term: str) -> list:\n"
        "    conn = sqlite3.connect('notes.db')\n"
        "    return conn.execute(f'SELECT * FROM notes WHERE title = {term}').fetchall()\n"
    )
    repo = notes_api(tmp_path, {"app/search.py": search})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.rule for f in week1.findings if f.rule == "MB108"] == ["MB108"]

    requoted = search.replace("'", '"')
    repo.write("app/search.py", requoted)
    repo.commit("style: black", date="2026-02-09T10:00:00+00:00")
    built = 'f"SELECT * FROM notes WHERE title = {term}")'
    bound = '"SELECT * FROM notes WHERE title = ?", (term,))'
    repo.write("app/search.py", requoted.replace(built, bound))
    fix = repo.commit("fix: bind the search term", date="2026-02-10T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = week2_run["report"].fixed_findings
    assert [(f.rule, f.fixed_by) for f in fixed] == [("MB108", fix)]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`app/search.py`, fixed in commit `{fix[:8]}`" in log
    assert_grounded(repo.path, log)


async def test_a_problem_carried_into_another_file_names_the_commit_that_fixed_it_there(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The routes moved from ``main.py``, which stayed, into ``router.py``, blocking calls and
    all; a later commit made them plain ``def``. The log named the split as the fix of all nine
    (blind check history 43)."""
    route = (
        "import time\n\n{imports}\n\n{owner} = {maker}\n\n\n"
        '@{owner}.get("/otp")\nasync def send_otp() -> dict[str, str]:\n'
        "    time.sleep(1)\n"
        '    return {{"sent": "yes"}}\n'
    )
    main_alone = route.format(imports="from fastapi import FastAPI", owner="app", maker="FastAPI()")
    repo = notes_api(tmp_path, {"app/otp.py": main_alone})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [(f.rule, f.path) for f in week1.findings if f.rule == "MB101"] == [
        ("MB101", "app/otp.py")
    ]

    router = route.format(
        imports="from fastapi import APIRouter", owner="router", maker="APIRouter()"
    )
    repo.write("app/otp_router.py", router)
    repo.write(
        "app/otp.py",
        "from fastapi import FastAPI\n\nfrom app.otp_router import router\n\n"
        "app = FastAPI()\napp.include_router(router)\n",
    )
    repo.commit("refactor: split the otp route into its router", date="2026-02-09T10:00:00+00:00")
    repo.write("app/otp_router.py", router.replace("async def", "def"))
    fix = repo.commit("fix: the otp route no longer blocks", date="2026-02-10T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = week2_run["report"].fixed_findings
    assert [(f.rule, f.path, f.fixed_by) for f in fixed] == [("MB101", "app/otp_router.py", fix)]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`app/otp_router.py`, fixed in commit `{fix[:8]}`" in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, json.dumps(report_json(week2_run["report"], "en", log_path=None)))


async def test_one_of_three_problems_on_identical_lines_fixed_is_one_fixed(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Three routes each blocked on the same ``time.sleep(1)`` line, one finding per route but
    one fingerprint (rule, file, code); the learner fixed one. "Since the last review" said
    nothing was fixed, and 3 fixed queries went uncounted in another repo (history 44)."""
    routes = "import asyncio\nimport time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
    for name in ("alpha", "beta", "gamma"):
        routes += (
            f'\n\n@app.get("/{name}")\nasync def {name}() -> str:\n'
            f'    time.sleep(1)\n    return "{name}"\n'
        )
    repo = notes_api(tmp_path, {"app/slow.py": routes})
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert len([f for f in week1.findings if f.rule == "MB101"]) == 3

    beta_fixed = routes.replace(
        "def beta() -> str:\n    time.sleep(1)", "def beta() -> str:\n    await asyncio.sleep(1)"
    )
    repo.write("app/slow.py", beta_fixed)
    fix = repo.commit("fix: beta waits without blocking", date="2026-02-09T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    week2 = week2_run["report"]

    fixed = [f for f in week2.fixed_findings if f.rule == "MB101"]
    assert [f.fixed_by for f in fixed] == [fix]
    assert "`beta`" in fixed[0].message.en
    assert [(f.status, f.since_step) for f in week2.findings if f.rule == "MB101"] == [
        ("open", 1),
        ("open", 1),
    ]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert f"`app/slow.py`, fixed in commit `{fix[:8]}`" in log
    assert_grounded(repo.path, log)
