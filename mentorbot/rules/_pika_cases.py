"""MB101's cases for RabbitMQ clients: pika's ``BlockingConnection`` opened in an async route
connects to the broker on the loop's thread, and its channel waits for the broker's reply to
each declare and writes each publish there too (blind check k2); aio-pika's connection,
channel and publish are awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

PUBLISH_ROUTE = """\
import os

import pika
from fastapi import FastAPI

app = FastAPI()
params = pika.URLParameters(os.environ["AMQP_URL"])


@app.post("/publish/{text}")
async def publish(text: str):
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.queue_declare(queue="events")
    channel.basic_publish(exchange="", routing_key="events", body=text.encode())
    connection.close()
    return {"sent": text}
"""
PUBLISH_ROUTE_HITS = (12, 14, 15)
IMPORTED_CLASS = """\
from fastapi import FastAPI
from pika import BlockingConnection, ConnectionParameters

app = FastAPI()
connection = BlockingConnection(ConnectionParameters("rabbitmq"))
channel = connection.channel()


@app.post("/orders/{order_id}")
async def enqueue(order_id: int):
    channel.basic_publish(exchange="", routing_key="orders", body=str(order_id).encode())
    return {"queued": order_id}
"""
IMPORTED_CLASS_HIT = 11
AIO_PIKA_ROUTE = """\
import os

import aio_pika
from fastapi import FastAPI

app = FastAPI()


@app.post("/publish/{text}")
async def publish(text: str):
    connection = await aio_pika.connect_robust(os.environ["AMQP_URL"])
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue("events")
        await channel.default_exchange.publish(
            aio_pika.Message(body=text.encode()), routing_key="events"
        )
    return {"sent": text}
"""
SYNC_PUBLISH_ROUTE = PUBLISH_ROUTE.replace("async def publish", "def publish")
BAD = (
    Case(
        files={"main.py": PUBLISH_ROUTE},
        hits=tuple(("main.py", line) for line in PUBLISH_ROUTE_HITS),
        note="a pika BlockingConnection opened, declared on and published to in an async route",
    ),
    Case(
        files={"app/main.py": IMPORTED_CLASS},
        hits=(("app/main.py", IMPORTED_CLASS_HIT),),
        note="a publish on the channel of a module-level BlockingConnection",
    ),
)
GOOD = (
    Case(files={"main.py": AIO_PIKA_ROUTE}, note="aio-pika's connection and publish awaited"),
    Case(files={"main.py": SYNC_PUBLISH_ROUTE}, note="pika in a sync route, run in a thread"),
)
