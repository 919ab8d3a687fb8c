"""Python facts on message brokers: the workers that consume a RabbitMQ queue or a Kafka topic,
and the publishes that hand them work."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of

AIO_PIKA_WORKER = """\
import aio_pika


async def process(message: aio_pika.IncomingMessage) -> None:
    async with message.process():
        print(message.body)


async def main() -> None:
    connection = await aio_pika.connect_robust("amqp://guest@rabbitmq/")
    channel = await connection.channel()
    queue = await channel.declare_queue("orders", durable=True)
    await queue.consume(process)


async def drain(queue: aio_pika.abc.AbstractQueue) -> None:
    async with queue.iterator() as messages:
        async for message in messages:
            await process(message)
"""

PIKA_WORKER = """\
import pika


def callback(channel, method, properties, body):
    channel.basic_ack(delivery_tag=method.delivery_tag)


connection = pika.BlockingConnection(pika.ConnectionParameters("rabbitmq"))
channel = connection.channel()
channel.basic_consume(queue="orders", on_message_callback=callback)
channel.basic_consume("emails", callback)
channel.basic_publish(exchange="", routing_key="orders", body=b"1")
channel.start_consuming()
"""

AIO_PIKA_PUBLISHER = """\
import aio_pika
from fastapi import FastAPI

app = FastAPI()


@app.post("/orders/{order_id}")
async def enqueue_order(order_id: int) -> dict:
    connection = await aio_pika.connect_robust("amqp://guest@rabbitmq/")
    async with connection:
        channel = await connection.channel()
        await channel.default_exchange.publish(
            aio_pika.Message(body=str(order_id).encode()), routing_key="orders"
        )
    return {"queued": order_id}
"""

KAFKA_WORKERS = """\
from aiokafka import AIOKafkaConsumer
from kafka import KafkaConsumer


async def consume_orders() -> None:
    consumer = AIOKafkaConsumer("orders", bootstrap_servers="kafka:9092")
    await consumer.start()
    async for message in consumer:
        print(message.value)


def consume_payments() -> None:
    for message in KafkaConsumer("payments", bootstrap_servers="kafka:9092"):
        print(message.value)
"""


def test_rabbitmq_consumers_are_background_tasks_and_publishes_hand_work_off() -> None:
    """A RabbitMQ app's workers read "Background jobs: not started" in every cell (blind
    check k2): each consumer is named by the function it hands messages to."""
    aio_worker = signals_of(AIO_PIKA_WORKER, "worker.py")
    pika_worker = signals_of(PIKA_WORKER, "sync_worker.py")
    publisher = signals_of(AIO_PIKA_PUBLISHER, "producer.py")

    assert of_kind(aio_worker, "background-task") == [
        (13, "process", {"via": "aio-pika"}),
        (17, "drain", {"via": "aio-pika"}),
    ]
    assert of_kind(pika_worker, "background-task") == [
        (10, "callback", {"via": "pika"}),
        (11, "callback", {"via": "pika"}),
    ]
    assert of_kind(pika_worker, "task-send") == [(12, "orders", {"method": "publish"})]
    assert of_kind(publisher, "task-send") == [(12, "orders", {"method": "publish"})]


def test_kafka_consumers_are_background_tasks() -> None:
    signals = signals_of(KAFKA_WORKERS, "consumers.py")

    assert of_kind(signals, "background-task") == [
        (6, "consume_orders", {"via": "aiokafka"}),
        (13, "consume_payments", {"via": "kafka-python"}),
    ]


def test_a_consume_iterator_or_publish_of_another_library_is_no_broker_work() -> None:
    """A generator's ``consume``, a list's ``iterator``, a ``Consumer`` class of the project's
    and an event bus's ``publish``: none is a broker's."""
    signals = signals_of(
        """\
        from app.events import Consumer, bus


        def run(pipeline, items):
            pipeline.consume(items)
            for item in items.iterator():
                print(item)
            worker = Consumer("orders")
            bus.publish("order-created", routing_key="orders")
            return worker
        """
    )

    assert of_kind(signals, "background-task") == []
    assert of_kind(signals, "task-send") == []
