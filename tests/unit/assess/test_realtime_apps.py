"""Learners' realtime apps: a websockets server's connection handler and a Flask-SocketIO
chat's event handlers are the app's endpoints, credited, asked to be tested with the client
that talks to them, and not taken for configuration code (blind check w1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from tests.unit.assess.scenarios import Planned, plan_files

PRICE_SERVER = {
    "requirements.txt": b"websockets==12.0\nrequests==2.32.3\n",
    "price_server.py": b"""\
import asyncio
import json
import os

import requests
import websockets

API_KEY = os.environ["COINGECKO_API_KEY"]
clients = set()


def get_prices():
    resp = requests.get(
        "https://api.coingecko.com/api/v3/simple/price",
        headers={"x-cg-demo-api-key": API_KEY},
        timeout=10,
    )
    return resp.json()


async def handle_client(websocket):
    clients.add(websocket)
    try:
        async for message in websocket:
            if json.loads(message).get("event") == "subscribe":
                await websocket.send(json.dumps(get_prices()))
    except json.JSONDecodeError:
        await websocket.close(1003, "messages are JSON")
    finally:
        clients.discard(websocket)


async def main():
    async with websockets.serve(handle_client, "localhost", 8765):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
""",
}
CHAT = {
    "requirements.txt": b"flask==3.0.2\nflask-socketio==5.3.6\n",
    "server.py": b"""\
from flask import Flask, render_template, session
from flask_socketio import SocketIO, join_room, send

app = Flask(__name__)
socketio = SocketIO(app)


@app.route("/")
def home():
    return render_template("home.html")


@socketio.on("connect")
def connect(auth):
    join_room(session.get("room"))


@socketio.on("message")
def message(data):
    send({"message": data["data"]}, to=session.get("room"))


@socketio.event
def typing(data):
    send({"typing": True}, to=session.get("room"))


if __name__ == "__main__":
    socketio.run(app)
""",
}


def _achievements(planned: Planned, sources: dict[str, bytes]) -> dict[str, list[str]]:
    found = find_achievements(planned.analyses, planned.stack, list(sources), [])
    return {a.kind: [a.title.en, *(e.cite() for e in a.evidence)] for a in found}


def _tests_task(planned: Planned) -> tuple[str, str]:
    [task] = [t for t in planned.plan.tasks if t.text.en.startswith("Add tests")]
    return task.text.en, task.text.zh


def test_a_websockets_server_is_an_api_with_an_endpoint_to_test(tmp_path: Path) -> None:
    """Its only open problem, a blocking call in the connection handler, had made "Config,
    containers and CI" code quality ❌ because the module reads one setting from os.environ;
    its missing tests went unseen and no endpoint was credited."""
    planned = plan_files(tmp_path, PRICE_SERVER)

    config = next(a for a in planned.skills.areas if a.key == "config-containers")
    assert config.code_quality.rubric == "config-containers.code_quality.good"
    # It answers no HTTP request: not told it never maps its errors to HTTP responses.
    errors = next(a for a in planned.skills.areas if a.key == "error-handling")
    assert errors.best_practice.rubric == "error-handling.best_practice.local-partial"
    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert (missing.path, missing.line, missing.message.en) == (
        "price_server.py",
        21,
        "no tests found, while the project has 1 realtime endpoint",
    )
    assert _achievements(planned, PRICE_SERVER)["socket-handlers"] == [
        "1 realtime endpoint across 1 file",
        "price_server.py:21",
    ]
    en, _ = _tests_task(planned)
    assert en.startswith(
        "Add tests for the 1 realtime endpoint in price_server.py: use websockets'"
    )


def test_a_flask_socketio_chat_s_event_handlers_are_endpoints_tested_with_its_client(
    tmp_path: Path,
) -> None:
    """The plan said "Add tests for the 1 route … use Flask's app.test_client()" and nothing of
    socketio.test_client(app), with which its event handlers are tested."""
    planned = plan_files(tmp_path, CHAT)

    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert (
        missing.message.en
        == "no tests found, while the project has 1 route and 3 realtime endpoints"
    )
    achievements = _achievements(planned, CHAT)
    assert achievements["socket-handlers"] == [
        "3 realtime endpoints across 1 file",
        "server.py:14",
        "server.py:19",
        "server.py:24",
    ]
    assert achievements["flask-routes"][0] == "1 Flask route across 1 file"
    en, zh = _tests_task(planned)
    assert en == (
        "Add tests for the 1 route and the 3 realtime endpoints in server.py: use Flask's "
        "app.test_client() for the routes and Flask-SocketIO's socketio.test_client(app) for "
        "the realtime endpoints, one success case and one error case each"
    )
    assert "Flask-SocketIO 的 socketio.test_client(app)" in zh
