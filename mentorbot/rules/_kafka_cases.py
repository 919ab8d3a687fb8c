"""MB101's cases for Kafka clients: a confluent-kafka consumer polled in the coroutine the
app's lifespan starts, which holds the event loop for up to the poll's timeout each time."""

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
BAD = (
    Case(
        files={"app/kafka_consumer.py": CONSUMER},
        hits=(("app/kafka_consumer.py", CONSUMER_HIT),),
        note="a confluent-kafka consumer polled inside a coroutine",
    ),
)
GOOD = (
    Case(
        files={"app/kafka_consumer.py": THREADED_CONSUMER},
        note="the poll handed to a thread",
    ),
    Case(
        files={"app/kafka_producer.py": PRODUCER},
        note="produce only queues the message; the flush that waits is not called",
    ),
)
