"""Python facts on dramatiq actors and huey tasks: the functions a queue's workers run, and the
calls that hand them a message."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of

DRAMATIQ_TASKS = """\
import dramatiq
from dramatiq import actor
from dramatiq.brokers.redis import RedisBroker

dramatiq.set_broker(RedisBroker(url="redis://localhost:6379/0"))


@dramatiq.actor(max_retries=3, time_limit=60_000)
def build_thumbnail(image_id: int, path: str) -> None:
    print(image_id, path)


@dramatiq.actor
def count_views(image_id: int) -> None:
    print(image_id)


@actor(queue_name="mail")
def send_ready_email(user_email: str) -> None:
    print(user_email)


@actor
def warm_cache() -> None:
    build_thumbnail.send(1, "cover.jpg")
"""

DRAMATIQ_ROUTES = """\
from fastapi import FastAPI

from app import tasks
from app.tasks import build_thumbnail, send_ready_email as ready_email

app = FastAPI()


@app.post("/images")
async def upload(image_id: int, path: str, email: str) -> dict:
    message = build_thumbnail.send(image_id, path)
    ready_email.send_with_options(args=(email,), delay=10_000)
    tasks.count_views.send(image_id)
    return {"message_id": message.message_id}
"""


def test_dramatiq_actors_are_background_tasks_and_their_sends_hand_work_off() -> None:
    """An app whose routes send every thumbnail to a dramatiq actor was told "no background
    jobs" (blind check k1)."""
    tasks = signals_of(DRAMATIQ_TASKS, "app/tasks.py")
    routes = signals_of(DRAMATIQ_ROUTES, "app/main.py")

    assert of_kind(tasks, "background-task") == [
        (9, "build_thumbnail", {"via": "dramatiq"}),
        (14, "count_views", {"via": "dramatiq"}),
        (19, "send_ready_email", {"via": "dramatiq"}),
        (24, "warm_cache", {"via": "dramatiq"}),
    ]
    assert of_kind(tasks, "task-send") == [(25, "build_thumbnail", {"method": "send"})]
    # Imported under another name, the send names the actor as defined.
    assert of_kind(routes, "task-send") == [
        (11, "build_thumbnail", {"method": "send"}),
        (12, "send_ready_email", {"method": "send"}),
        (13, "count_views", {"method": "send"}),
    ]


def test_an_actor_or_send_of_another_library_is_no_background_work() -> None:
    """Pykka's ``actor``, a websocket's ``send`` and a generator's: none is a queue's."""
    signals = signals_of(
        """\
        from pykka import actor


        @actor
        def greeter() -> None:
            pass


        async def relay(websocket, items):
            await websocket.send("hi")
            items.send(None)
        """
    )

    assert of_kind(signals, "background-task") == []
    assert of_kind(signals, "task-send") == []


def test_huey_db_and_periodic_tasks_are_background_tasks() -> None:
    """huey's ``@huey.task()`` counted already; its ``db_task``, ``periodic_task`` and
    django-huey's bare ``@db_task()`` are the same shape."""
    app_tasks = signals_of(
        """\
        from huey import RedisHuey, crontab

        huey = RedisHuey("reports")


        @huey.db_task()
        def build_report(report_id: int) -> None:
            print(report_id)


        @huey.periodic_task(crontab(minute="0", hour="3"))
        def nightly_cleanup() -> None:
            print("cleanup")
        """
    )
    django_tasks = signals_of(
        """\
        from huey.contrib.djhuey import db_periodic_task, db_task


        @db_task()
        def send_invoice(invoice_id: int) -> None:
            print(invoice_id)
        """
    )
    other = signals_of("@board.db_task()\ndef job() -> None:\n    pass\n")

    assert of_kind(app_tasks, "background-task") == [
        (7, "build_report", {"via": "huey"}),
        (12, "nightly_cleanup", {"via": "huey"}),
    ]
    assert of_kind(django_tasks, "background-task") == [(5, "send_invoice", {"via": "huey"})]
    assert of_kind(other, "background-task") == []
