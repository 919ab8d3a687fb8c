"""MB101's cases for Kafka clients: a confluent-kafka consumer polled in the coroutine the
app's lifespan starts, which holds the event loop for up to the poll's timeout each time; and
an aiokafka consumer loop handing each message to a sync helper by a common name (``handle``)
that posts it with requests, followed where the call names that one function for sure."""

from __future__ import annotations

from mentorbot.rules.base import Case

CONSUMER = """\
import json

from confluent_kafka import Consumer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "notifications"})
consumer.subscribe(["notifications"])


async def consume_notifications(notify) -> None:
    while True:
        message = consumer.poll(1.0)
        if message is None or message.error():
            continue
        await notify(json.loads(message.value()))
"""
CONSUMER_HIT = 11
THREADED_CONSUMER = CONSUMER.replace("import json\n", "import asyncio\nimport json\n").replace(
    "consumer.poll(1.0)", "await asyncio.to_thread(consumer.poll, 1.0)"
)
PRODUCER = """\
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})


async def send_notification(payload: bytes) -> None:
    producer.produce("notifications", payload)
"""
HANDLE_CONSUMER = """\
import json
import logging

import requests
from aiokafka import AIOKafkaConsumer

WEBHOOK_URL = "http://notifier:8080/hooks/orders"
logger = logging.getLogger(__name__)


def handle(payload: dict) -> None:
    logger.info("order %s received", payload.get("id"))
    requests.post(WEBHOOK_URL, json=payload, timeout=5)


async def consume(consumer: AIOKafkaConsumer) -> None:
    async for record in consumer:
        handle(json.loads(record.value))
"""
HANDLE_CONSUMER_HIT = 18
NOTIFY = """\
import requests


def handle(payload: dict) -> None:
    requests.post("http://notifier:8080/hooks/orders", json=payload, timeout=5)
"""
IMPORTED_HANDLE = """\
import json

from aiokafka import AIOKafkaConsumer

from .notify import handle


def process(value: bytes) -> None:
    handle(json.loads(value))


async def consume(consumer: AIOKafkaConsumer) -> None:
    async for record in consumer:
        handle(json.loads(record.value))
        process(record.value)
"""
IMPORTED_HANDLE_HITS = (14, 15)
LOGGED_HANDLE = """\
import json
import logging

from app.storage import save

logger = logging.getLogger(__name__)


def handle(payload: dict) -> None:
    logger.info("order %s received", payload.get("id"))


def archive(value: bytes) -> None:
    save(value)


async def consume(consumer, router, save) -> None:
    async for record in consumer:
        handle(json.loads(record.value))
        router.handle(record.value)
        save(record.value)
"""
LIBRARY_HANDLE = """\
from aiokafka import AIOKafkaConsumer
from kafka_helpers import handle


async def consume(consumer: AIOKafkaConsumer) -> None:
    async for record in consumer:
        handle(record.value)
"""
STORAGE = """\
import requests


def save(value: bytes) -> None:
    requests.put("http://storage:9000/orders", data=value, timeout=5)
"""
BAD = (
    Case(
        files={"consumer.py": HANDLE_CONSUMER},
        hits=(("consumer.py", HANDLE_CONSUMER_HIT),),
        note="a sync helper named handle, defined beside the consumer loop that calls it",
    ),
    Case(
        files={"app/__init__.py": "", "app/notify.py": NOTIFY, "app/consumer.py": IMPORTED_HANDLE},
        hits=tuple(("app/consumer.py", line) for line in IMPORTED_HANDLE_HITS),
        note="handle imported by name from the project's module, also through process",
    ),
    Case(
        files={"app/kafka_consumer.py": CONSUMER},
        hits=(("app/kafka_consumer.py", CONSUMER_HIT),),
        note="a confluent-kafka consumer polled inside a coroutine",
    ),
)
GOOD = (
    Case(
        files={
            "app/notify.py": NOTIFY,
            "app/storage.py": STORAGE,
            "app/consumer.py": LOGGED_HANDLE,
        },
        note="the module's own handle only logs (another module's blocks), the loop's save "
        "parameter shadows the blocking save imported, and a router's handle is a method",
    ),
    Case(
        files={"app/notify.py": NOTIFY, "app/consumer.py": LIBRARY_HANDLE},
        note="a handle imported from a library, not the project's blocking one of that name",
    ),
    Case(
        files={"app/kafka_consumer.py": THREADED_CONSUMER},
        note="the poll handed to a thread",
    ),
    Case(
        files={"app/kafka_producer.py": PRODUCER},
        note="produce only queues the message; the flush that waits is not called",
    ),
)
