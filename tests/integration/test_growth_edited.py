"""A problem whose line was edited and whose user was renamed, in a committed change, is still
open: the log called it "fixed in changes not committed yet" of a clean worktree and listed
the same problem as new (blind check history 54)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded

STORE = """\
import sqlite3

from fastapi import FastAPI

app = FastAPI()


class Store:
    def __init__(self) -> None:
        self.connection = sqlite3.connect("bot.db")

    def users(self) -> list:
        return self.connection.execute("SELECT name FROM users").fetchall()


store = Store()


@app.get("/users")
async def list_users() -> list:
    return store.users()
"""


async def test_an_edited_driver_line_used_by_a_renamed_route_stays_open(
    tmp_path: Path, review: Any, learner: str
) -> None:
    repo = GitRepo(tmp_path / "bot").init()
    repo.write("app/__init__.py", "")
    repo.write("app/main.py", STORE)
    repo.commit("feat: users", date="2026-03-02T10:00:00+00:00")
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert [f.line for f in week1.findings if f.rule == "MB111"] == [10]

    edited = STORE.replace('sqlite3.connect("bot.db")', 'sqlite3.connect("bot.db", timeout=5)')
    repo.write("app/main.py", edited.replace("async def list_users", "async def all_users"))
    repo.commit("feat: wait for the lock; rename the route", date="2026-03-03T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    report = week2_run["report"]

    assert [f.rule for f in report.fixed_findings if f.rule == "MB111"] == []
    [driver] = [f for f in report.findings if f.rule == "MB111"]
    assert (driver.status, driver.since_step) == ("open", 1)
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert "changes not committed yet" not in log
    assert_grounded(repo.path, log)


WEATHER = """\
import requests
from fastapi import FastAPI

app = FastAPI()
BASE_URL = "https://api.example.com"


@app.get("/weather/{city}")
async def current(city: str) -> dict:
    response = requests.get(f"{BASE_URL}/weather", params={"q": city}, timeout=5)
    return response.json()
"""
MORE_ROUTES = """\


@app.get("/weather/{city}/wind")
async def wind(city: str) -> dict:
    response = requests.get(f"{BASE_URL}/weather", params={"q": city}, timeout=5)
    return response.json()["wind"]


@app.get("/weather/{city}/forecast")
async def forecast(city: str) -> dict:
    response = requests.get(f"{BASE_URL}/weather", params={"q": city}, timeout=5)
    return response.json()["forecast"]
"""


async def test_routes_written_since_with_the_same_blocking_line_are_new(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """Two routes copied from the first, each with its ``requests.get`` line word for word, were
    "open since step 1" though they did not exist then (blind check history 54)."""
    repo = GitRepo(tmp_path / "weather").init()
    repo.write("api/index.py", WEATHER)
    repo.commit("first version", date="2026-03-02T10:00:00+00:00")
    await review(repo_path=str(repo.path), learner=learner)

    repo.write("api/index.py", WEATHER + MORE_ROUTES)
    repo.commit("feat: wind and forecast", date="2026-03-03T10:00:00+00:00")
    report = (await review(repo_path=str(repo.path), learner=learner, language="en"))["report"]

    blocking = sorted((f.line, f.status) for f in report.findings if f.rule == "MB101")
    assert blocking == [(10, "open"), (16, "new"), (22, "new")]


TICKER = """\
import requests
from fastapi import FastAPI

app = FastAPI()
URL = "https://prices.example.com/btc"


def fetch_price() -> float:
    return requests.get(URL, timeout=10).json()["usd"]


@app.get("/price")
async def price() -> dict:
    usd = requests.get(URL, timeout=10).json()["usd"]
    return {"usd": usd}


@app.get("/ticker")
async def ticker() -> dict:
    usd = fetch_price()
    return {"usd": usd, "source": "ticker"}
"""


async def test_a_helper_inlined_as_another_route_s_blocking_line_stays_open(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A committed change that only inlines a blocking helper, its call now the same line as
    another route's: the log said "✅ Blocking calls inside async code: fixed in changes not
    committed yet" and listed the same problem as new (blind check w1)."""
    repo = GitRepo(tmp_path / "ticker").init()
    repo.write("app/main.py", TICKER)
    repo.commit("ticker route", date="2026-03-02T10:00:00+00:00")
    week1 = (await review(repo_path=str(repo.path), learner=learner))["report"]
    assert sorted(f.line for f in week1.findings if f.rule == "MB101") == [14, 20]

    inlined = TICKER.replace(
        "usd = fetch_price()", 'usd = requests.get(URL, timeout=10).json()["usd"]'
    )
    repo.write("app/main.py", inlined)
    repo.commit("inline fetch", date="2026-03-03T10:00:00+00:00")
    week2_run = await review(repo_path=str(repo.path), learner=learner, language="en")
    report = week2_run["report"]

    assert [f.line for f in report.fixed_findings if f.rule == "MB101"] == []
    blocking = sorted(
        (f.line, f.status, f.since_step) for f in report.findings if f.rule == "MB101"
    )
    assert blocking == [(14, "open", 1), (20, "open", 1)]
    log = Path(week2_run["log_path"]).read_text(encoding="utf-8")
    assert "### Fixed" not in log
    assert "changes not committed yet" not in log
