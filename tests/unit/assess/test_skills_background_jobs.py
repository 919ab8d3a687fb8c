"""The background-jobs cells and checklist item of apps on dramatiq and RabbitMQ, and what
counts as handing a task to its queue."""

from __future__ import annotations

from mentorbot.achievements import find_achievements
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.domain import SkillArea, StackItem
from mentorbot.planning import query_holds
from mentorbot.rules.review import analyze_sources
from tests.unit.assess.scenarios import Scan, assess, cites, facts_of
from tests.unit.facts.test_python_facts_actors import DRAMATIQ_ROUTES, DRAMATIQ_TASKS
from tests.unit.facts.test_python_facts_brokers import (
    AIO_PIKA_PUBLISHER,
    AIO_PIKA_WORKER,
    PIKA_WORKER,
)

HANDED_OFF = "Slow work handed to a background task"


def _scan(files: dict[str, bytes], library: str) -> Scan:
    stack = [StackItem(name=library, category="queue", source="requirements.txt")]
    return Scan(analyze_sources(files), [], stack, sorted(files))


def _jobs(scan: Scan) -> SkillArea:
    return assess(scan)["background-jobs"]


def test_dramatiq_actors_sent_from_the_routes_are_queued_background_work() -> None:
    """Routes sending thumbnails to dramatiq actors read "Not seen in this repo yet: no
    background jobs" in every cell, and the plan asked for slow work to be handed to a
    background task (blind check k1)."""
    files = {
        "app/tasks.py": DRAMATIQ_TASKS.encode(),
        "app/main.py": DRAMATIQ_ROUTES.encode(),
    }
    scan = _scan(files, "dramatiq")
    jobs = _jobs(scan)
    [query] = [
        entry.query
        for stage in load_curriculum().stages
        for entry in stage.checklist
        if entry.text.en == HANDED_OFF and entry.query is not None
    ]

    assert jobs.understanding.rubric == "background-jobs.understanding.good"
    assert jobs.practice.rubric == "background-jobs.practice.good"
    assert jobs.best_practice.rubric == "background-jobs.best_practice.good"
    assert cites(jobs.best_practice)[0] == "app/tasks.py:9"
    assert query_holds(query, facts_of(scan))


CELERY_TASKS = b"""\
from celery import Celery

worker = Celery("ocr", broker="redis://localhost:6379/0")


@worker.task
def recognise(path: str) -> str:
    return path
"""
CALLING_ROUTES = b"""\
from fastapi import APIRouter

from app.signals import document_read
from app.tasks import recognise

router = APIRouter()


@router.post("/documents/{name}/text")
def read_text(name: str) -> dict:
    document_read.send(name)
    return {"text": recognise(name)}
"""


def test_a_send_on_anything_but_an_actor_hands_no_celery_task_to_the_queue() -> None:
    """Celery tasks called directly still run inside the request, whatever else is sent."""
    files = {"app/tasks.py": CELERY_TASKS, "app/routes.py": CALLING_ROUTES}
    jobs = _jobs(_scan(files, "celery"))

    assert jobs.best_practice.rubric == "background-jobs.best_practice.missing"


RABBITMQ_FILES = {
    "producer.py": AIO_PIKA_PUBLISHER.encode(),
    "worker.py": AIO_PIKA_WORKER.encode(),
    "sync_worker.py": PIKA_WORKER.encode(),
}


def test_rabbitmq_consumers_are_queued_background_work_and_an_achievement() -> None:
    """An app publishing orders to RabbitMQ workers read "Background jobs: not started",
    every cell ❌ (blind check k2)."""
    scan = _scan(RABBITMQ_FILES, "pika")
    jobs = _jobs(scan)
    achievements = find_achievements(scan.analyses, scan.stack, scan.paths, scan.commits)
    [consumers] = [a for a in achievements if a.kind == "queue-consumers"]

    assert jobs.understanding.rubric == "background-jobs.understanding.good"
    assert jobs.practice.rubric == "background-jobs.practice.good"
    assert jobs.best_practice.rubric == "background-jobs.best_practice.good"
    assert consumers.title.en == "4 queue consumers (aio-pika, pika), fed by 2 publishes"
    assert consumers.title.zh == "4 个队列消费者（aio-pika, pika），2 处发布消息"
    assert "background-jobs" not in {a.kind for a in achievements}


def test_a_publisher_alone_hands_work_to_a_queue() -> None:
    """The consumer lives in another repo: the work still goes through a broker."""
    scan = _scan({"producer.py": AIO_PIKA_PUBLISHER.encode()}, "aio-pika")
    jobs = _jobs(scan)
    achievements = find_achievements(scan.analyses, scan.stack, scan.paths, scan.commits)

    assert jobs.practice.rubric == "background-jobs.practice.partial"
    assert jobs.best_practice.rubric == "background-jobs.best_practice.good"
    assert "1 message published to a broker" in [a.title.en for a in achievements]


def test_a_broker_publish_hands_no_celery_task_to_its_queue() -> None:
    """Celery tasks called directly run inside the request, whatever goes to RabbitMQ."""
    files = {
        "app/tasks.py": CELERY_TASKS,
        "app/routes.py": CALLING_ROUTES,
        "app/events.py": PIKA_WORKER.encode().replace(b"channel.basic_consume", b"# "),
    }
    jobs = _jobs(_scan(files, "celery"))

    assert jobs.best_practice.rubric == "background-jobs.best_practice.missing"


SCHEDULED_SCRIPT = b"""\
import time

import schedule


def send_mail():
    print("weather")


schedule.every(2).seconds.do(send_mail)

while True:
    schedule.run_pending()
    time.sleep(1)
"""
ROUTES = b"""\
from fastapi import FastAPI

app = FastAPI()


@app.get("/weather")
def weather() -> dict[str, str]:
    return {"weather": "sunny"}
"""


def test_a_scheduler_script_with_no_routes_has_nothing_to_keep_its_jobs_apart_from() -> None:
    """A ``schedule`` loop in the one script read "Background work lives in its own module,
    apart from the route files" (blind check c2)."""
    alone = _jobs(_scan({"weather_mail.py": SCHEDULED_SCRIPT}, "schedule"))
    beside_routes = _jobs(
        _scan({"weather_mail.py": SCHEDULED_SCRIPT, "app.py": ROUTES}, "schedule")
    )

    assert alone.understanding.rubric == "background-jobs.understanding.local-partial"
    assert alone.understanding.level == "partial"
    assert beside_routes.understanding.rubric == "background-jobs.understanding.good"
