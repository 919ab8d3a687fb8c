"""MB105's cases for realtime servers: a websockets server's handler and a Socket.IO app's
event handlers are endpoints with no test, as a route is; a client of either serves nothing
(blind check w1)."""

from __future__ import annotations

from mentorbot.rules.base import Case

PRICE_SERVER = """\
import asyncio
import json

import websockets

clients = set()


async def handle_client(websocket):
    clients.add(websocket)
    try:
        async for message in websocket:
            await websocket.send(json.dumps({"echo": message}))
    finally:
        clients.discard(websocket)


async def main():
    async with websockets.serve(handle_client, "localhost", 8765):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
"""
PRICE_SERVER_HANDLER_LINE = 9
PRICE_SERVER_TEST = """\
import json

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

from price_server import handle_client


async def test_a_message_is_echoed() -> None:
    async with serve(handle_client, "localhost", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(f"ws://localhost:{port}") as websocket:
            await websocket.send("hi")
            assert json.loads(await websocket.recv()) == {"echo": "hi"}
"""
PRICE_CLIENT = """\
import asyncio

import websockets


async def main():
    async with websockets.connect("ws://localhost:8765") as websocket:
        await websocket.send("subscribe")
        print(await websocket.recv())


asyncio.run(main())
"""
CHAT_PACKAGE = """\
from flask import Flask
from flask_socketio import SocketIO

socketio = SocketIO()


def create_app() -> Flask:
    app = Flask(__name__)
    socketio.init_app(app)
    return app
"""
CHAT_EVENTS = """\
from flask import session
from flask_socketio import emit, join_room

from chat import socketio


@socketio.on("joined", namespace="/chat")
def joined(message):
    join_room(session.get("room"))
    emit("status", {"msg": session.get("name") + " has entered the room."})


@socketio.event
def text(message):
    emit("message", {"msg": message["msg"]}, to=session.get("room"))
"""
CHAT_EVENTS_FIRST_LINE = 8
SOCKETIO_CLIENT = """\
import socketio

sio = socketio.Client()


@sio.event
def connect():
    print("connected")


@sio.on("message")
def message(data):
    print(data)


sio.connect("http://localhost:5000")
sio.wait()
"""

BAD = (
    Case(
        files={"price_server.py": PRICE_SERVER},
        hits=(("price_server.py", PRICE_SERVER_HANDLER_LINE),),
        note="a websockets server's connection handler, with no test (blind check w1)",
    ),
    Case(
        files={"chat/__init__.py": CHAT_PACKAGE, "chat/events.py": CHAT_EVENTS},
        hits=(("chat/events.py", CHAT_EVENTS_FIRST_LINE),),
        note="a Flask-SocketIO chat whose only endpoints are its event handlers (blind check w1)",
    ),
)
GOOD = (
    Case(
        files={"price_server.py": PRICE_SERVER, "tests/test_server.py": PRICE_SERVER_TEST},
        note="a websockets server tested through a client connected to it",
    ),
    Case(
        files={"client.py": PRICE_CLIENT},
        note="a websockets client connects to a server; it serves nothing",
    ),
    Case(
        files={"client.py": SOCKETIO_CLIENT},
        note="a python-socketio client's event handlers answer a server; they serve nothing",
    ),
)
