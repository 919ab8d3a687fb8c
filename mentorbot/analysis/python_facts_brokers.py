"""Call facts about message brokers: a worker that consumes a RabbitMQ queue (pika's
``basic_consume``, aio-pika's ``queue.consume`` / ``queue.iterator()``) or a Kafka topic
(kafka-python's ``KafkaConsumer``, aiokafka's ``AIOKafkaConsumer``, confluent-kafka's
``Consumer``) is background work that runs apart from the requests, and a publish to a broker
hands work to such a worker (blind check k2: a RabbitMQ app read "Background jobs: not
started" in every cell)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import first_arg, keyword, last_name, str_literal

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

PIKA = "pika"
AIO_PIKA = "aio-pika"
AMQP = "amqp"
KAFKA_CONSUMERS = {
    "KafkaConsumer": ("kafka", "kafka-python"),
    "AIOKafkaConsumer": ("aiokafka", "aiokafka"),
    "Consumer": ("confluent_kafka", "confluent-kafka"),
}
"""A Kafka consumer's class -> the package it is imported from and the ``via`` it is named by."""
CONSUMER_VIA = frozenset({PIKA, AIO_PIKA, AMQP, *(via for _, via in KAFKA_CONSUMERS.values())})
"""A ``background-task``'s ``via`` when it is a broker's consumer, not a task function."""
PUBLISHED = "publish"
"""``task-send`` data for a message published to a broker rather than a task sent by name."""


def _amqp_library(site: CallSite) -> str:
    return PIKA if site.state.imports_library("pika") else AMQP


def _consumer(site: CallSite, via: str, callback: ast.expr | None = None) -> None:
    """A worker of ``via``, named by the function each message is handed to, else by the
    function that consumes."""
    name = (last_name(callback) if callback is not None else "") or site.owner or site.callee
    site.sink.emit("background-task", site.line, name, data={"via": via})


def basic_consume(site: CallSite) -> None:
    """``channel.basic_consume(queue="orders", on_message_callback=callback)``: AMQP's own
    verb (pika, aioamqp, aiormq), a worker that runs ``callback`` on every message; pika 0.x
    took the callback first."""
    callback = keyword(site.call, "on_message_callback") or keyword(site.call, "callback")
    args = site.call.args
    if callback is None and args:
        callback = args[1] if len(args) > 1 else args[0]
    _consumer(site, _amqp_library(site), callback)


def aio_pika_consume(site: CallSite) -> None:
    """``await queue.consume(process)`` in a module that imports aio-pika."""
    if site.state.imports_library("aio_pika"):
        _consumer(site, AIO_PIKA, first_arg(site.call, "callback"))


def aio_pika_iterator(site: CallSite) -> None:
    """``async with queue.iterator() as messages:`` in a module that imports aio-pika: the
    enclosing function consumes the queue."""
    if site.state.imports_library("aio_pika") and isinstance(site.call.func, ast.Attribute):
        _consumer(site, AIO_PIKA)


def kafka_consumer(site: CallSite) -> None:
    """``consumer = AIOKafkaConsumer("orders", ...)`` with the class imported from its
    package: the function that makes it reads the topic's messages (a ``Consumer`` of any
    other library is none)."""
    package, via = KAFKA_CONSUMERS[site.callee]
    if site.state.library_of(site.func_path) == package:
        _consumer(site, via)


def basic_publish(site: CallSite) -> None:
    """``channel.basic_publish(exchange="", routing_key="orders", body=...)``: a message handed
    to whatever consumes the queue; named by its routing key when that is literal."""
    key = str_literal(keyword(site.call, "routing_key")) or ""
    site.sink.emit("task-send", site.line, key or site.callee, data={"method": PUBLISHED})


def aio_pika_publish(site: CallSite) -> None:
    """``await channel.default_exchange.publish(Message(...), routing_key="orders")`` in a
    module that imports aio-pika."""
    if site.state.imports_library("aio_pika"):
        basic_publish(site)


BROKER_HANDLERS: dict[str, Callable[[CallSite], None]] = {
    "basic_consume": basic_consume,
    "consume": aio_pika_consume,
    "iterator": aio_pika_iterator,
    **dict.fromkeys(KAFKA_CONSUMERS, kafka_consumer),
    "basic_publish": basic_publish,
    "publish": aio_pika_publish,
}
