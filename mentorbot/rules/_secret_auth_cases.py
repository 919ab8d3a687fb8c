"""MB107's cases of passwords handed to HTTP basic auth: the second element of an ``auth=``
pair (requests, httpx) and of ``HTTPBasicAuth(...)`` (blind check k2: a RabbitMQ management
password in ``requests.get(..., auth=("admin", "..."))`` went unreported); a pair of names, or
a password read from the environment, holds none."""

from __future__ import annotations

from mentorbot.rules.base import Case

QUEUE_STATS = """\
import httpx
import requests
from requests.auth import HTTPBasicAuth


def queue_stats(queue: str) -> int:
    resp = requests.get(
        "http://rabbitmq:15672/api/queues/%2F/" + queue,
        auth=("admin", "Rb7tq9xK2pLm7QzW4n"),
        timeout=5,
    )
    return resp.json().get("messages", 0)


def overview() -> dict:
    return httpx.get("http://rabbitmq:15672/api/overview", auth=["admin", "S3cr3t!pw"]).json()


MANAGEMENT_AUTH = HTTPBasicAuth("monitor", "Xq7!vL2pZr9w")
"""
QUEUE_STATS_HITS = (9, 16, 19)
READ_CREDENTIALS = """\
import os

import requests
from requests.auth import HTTPBasicAuth

USER = os.environ["RABBITMQ_USER"]
PASSWORD = os.environ["RABBITMQ_PASSWORD"]


def queue_stats(queue: str, user: str, pw: str) -> int:
    url = "http://rabbitmq:15672/api/queues/%2F/" + queue
    first = requests.get(url, auth=(user, pw), timeout=5)
    second = requests.get(url, auth=("admin", os.environ["RABBITMQ_PASSWORD"]), timeout=5)
    third = requests.get(url, auth=HTTPBasicAuth(USER, PASSWORD), timeout=5)
    return first.status_code + second.status_code + third.status_code
"""
BAD = (
    Case(
        files={"app/stats.py": QUEUE_STATS},
        hits=tuple(("app/stats.py", line) for line in QUEUE_STATS_HITS),
        note="passwords in an auth tuple, an auth list and HTTPBasicAuth's arguments",
    ),
)
GOOD = (
    Case(
        files={"app/stats.py": READ_CREDENTIALS},
        note="an auth pair of names, and a password read from the environment",
    ),
)
