"""A job a lifespan or a startup handler leaves running with ``asyncio.create_task`` is background
work: the skill matrix said "no background jobs" of a weather app that polls an API every minute
from its lifespan."""

from __future__ import annotations

from mentorbot.domain import Finding, SkillArea
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills
from tests.unit.assess.scenarios import finding
from tests.unit.facts.facts_helpers import of_kind, signals_of

LIFESPAN_POLLER = """\
import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.fetcher import poll_weather


@asynccontextmanager
async def lifespan(app: FastAPI):
    task = asyncio.create_task(poll_weather())
    yield
    task.cancel()


app = FastAPI(lifespan=lifespan)


@app.get("/weather")
async def weather(city: str) -> dict:
    lookup = asyncio.create_task(fetch_city(city))
    return {"city": city, "temperature": await lookup}


async def fetch_city(city: str) -> float:
    await asyncio.sleep(0)
    return 21.5
"""
FETCHER = b"""\
import asyncio

import httpx


async def poll_weather() -> None:
    async with httpx.AsyncClient() as client:
        while True:
            await client.get("https://weather.example/now")
            await asyncio.sleep(60)
"""


def test_a_task_the_lifespan_starts_is_background_work_and_one_a_route_awaits_is_not() -> None:
    tasks = of_kind(signals_of(LIFESPAN_POLLER), "background-task")

    assert tasks == [(11, "poll_weather", {"via": "create_task"})]


def test_startup_handlers_count_with_each_way_of_starting_a_task() -> None:
    source = """\
    import asyncio
    from asyncio import create_task
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    app = FastAPI()


    @app.on_event("startup")
    async def start_jobs() -> None:
        create_task(drain_queue())
        asyncio.get_running_loop().create_task(refresh_cache())
        asyncio.ensure_future(ping())


    @app.on_event("shutdown")
    async def stop_jobs() -> None:
        asyncio.create_task(flush())


    @asynccontextmanager
    async def app_lifespan(application: FastAPI):
        consumer = asyncio.create_task(consume_events())
        yield
        consumer.cancel()


    @asynccontextmanager
    async def audited(session):
        asyncio.create_task(write_audit(session))
        yield session
    """
    tasks = of_kind(signals_of(source), "background-task")

    assert [(line, name) for line, name, _ in tasks] == [
        (12, "drain_queue"),
        (13, "refresh_cache"),
        (14, "ping"),
        (24, "consume_events"),
    ]


def test_the_skill_matrix_sees_the_lifespan_job_as_in_process_background_work() -> None:
    """Its code quality is judged by the findings in its file, not by the project's missing
    tests, which are only cited at the app's line."""
    sources = {"app/main.py": LIFESPAN_POLLER.encode(), "app/fetcher.py": FETCHER}
    no_tests = finding("MB105", "missing-tests", "medium", "app/main.py", 17)
    broad = finding("MB106", "bare-or-broad-except", "medium", "app/main.py", 12)

    def jobs(*findings: Finding) -> SkillArea:
        matrix = assess_skills(analyze_sources(sources), list(findings), [], sorted(sources), [])
        return next(area for area in matrix.areas if area.key == "background-jobs")

    assert jobs(no_tests).understanding.rubric == "background-jobs.understanding.good"
    assert jobs(no_tests).best_practice.rubric == "background-jobs.best_practice.partial"
    assert [evidence.cite() for evidence in jobs(no_tests).practice.evidence] == ["app/main.py:11"]
    assert jobs(no_tests).code_quality.rubric == "background-jobs.code_quality.good"
    assert jobs(no_tests, broad).code_quality.rubric == "background-jobs.code_quality.partial"


def test_apscheduler_jobs_are_in_process_background_work() -> None:
    """A forum's nightly cleanup ran on APScheduler: "no background jobs"."""
    source = """\
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler()


    def purge_old_posts() -> None:
        pass


    scheduler.add_job(purge_old_posts, "cron", hour=3)


    @scheduler.scheduled_job("interval", minutes=5)
    def refresh_counts() -> None:
        pass
    """
    plain = source.replace("from apscheduler.schedulers.background", "from app.jobs")

    assert of_kind(signals_of(source), "background-task") == [
        (10, "purge_old_posts", {"via": "apscheduler"}),
        (14, "refresh_counts", {"via": "apscheduler"}),
    ]
    assert of_kind(signals_of(plain), "background-task") == []
