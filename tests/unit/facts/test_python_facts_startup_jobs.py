"""A job a lifespan or a startup handler leaves running with ``asyncio.create_task`` is background
work: the skill matrix said "no background jobs" of a weather app that polls an API every minute
from its lifespan."""

from __future__ import annotations

import textwrap

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


AIRFLOW_DAG = """\
from datetime import datetime, timedelta

from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

from etl.load import load as load_ratings

default_args = {"retries": 3, "retry_delay": timedelta(minutes=5)}

with DAG("movie_ratings", start_date=datetime(2024, 1, 1), schedule="@hourly") as dag:
    fetch = BashOperator(task_id="fetch", bash_command="curl -O ratings.csv")
    store = PythonOperator(task_id="store", python_callable=load_ratings)

    @task(retries=2)
    def report() -> None:
        pass

    fetch >> store >> report()
"""


def test_an_airflow_dags_operators_and_taskflow_tasks_are_background_work() -> None:
    """An hourly DAG of PythonOperators with retries read "Background jobs: Not seen in this
    repo yet" (blind check s1). Classes named like operators that are not Airflow's are no
    tasks."""
    own = """\
    from app.reports import ReportOperator


    def task(job):
        return job


    @task
    def nightly() -> None:
        ReportOperator(task_id="weekly", python_callable=nightly)
    """

    assert of_kind(signals_of(AIRFLOW_DAG), "background-task") == [
        (13, "fetch", {"via": "airflow"}),
        (14, "load_ratings", {"via": "airflow", "defined_as": "load"}),
        (17, "report", {"via": "airflow"}),
    ]
    assert of_kind(signals_of(own), "background-task") == []


def test_jobs_of_the_schedule_library_are_in_process_background_work() -> None:
    source = """\
    import schedule
    from schedule import every

    from app.prices import fetch_prices


    def send_digest() -> None:
        pass


    schedule.every(10).minutes.do(fetch_prices)
    every().day.at("08:00").do(send_digest)
    calendar.every(2).days.do(send_digest)
    plan.do(fetch_prices)
    """

    assert of_kind(signals_of(source), "background-task") == [
        (11, "fetch_prices", {"via": "schedule"}),
        (12, "send_digest", {"via": "schedule"}),
    ]
    sources = {"jobs.py": textwrap.dedent(source).encode()}
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    jobs = next(area for area in matrix.areas if area.key == "background-jobs")
    # They run in the script's own loop: no queue's workers retry them.
    assert jobs.best_practice.rubric == "background-jobs.best_practice.partial"


def test_the_skill_matrix_sees_an_airflow_dag_as_scheduled_work_off_the_app() -> None:
    sources = {"dags/movie_ratings.py": AIRFLOW_DAG.encode(), "etl/load.py": b"def load():\n"}

    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    jobs = next(area for area in matrix.areas if area.key == "background-jobs")

    assert jobs.understanding.rubric == "background-jobs.understanding.good"
    assert jobs.practice.rubric == "background-jobs.practice.good"
    assert jobs.best_practice.rubric == "background-jobs.best_practice.good"
    assert [evidence.cite() for evidence in jobs.practice.evidence] == [
        "dags/movie_ratings.py:13",
        "dags/movie_ratings.py:14",
        "dags/movie_ratings.py:17",
    ]
