"""Realtime endpoints outside FastAPI: a websockets server's handler and Socket.IO's event
handlers, however they are registered; a client's handlers are none (blind check w1)."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of


def _sockets(source: str, path: str = "app/server.py") -> list[tuple[int, str, str, str]]:
    return [
        (line, name, data["library"], data["event"])
        for line, name, data in of_kind(signals_of(source, path), "socket-handler")
    ]


def test_a_websockets_server_s_handler_is_an_endpoint_at_its_def() -> None:
    source = """\
        import functools

        from websockets.asyncio.server import serve


        async def main():
            async with serve(functools.partial(relay, topic="btc"), "", 8765):
                await stop


        async def relay(websocket, topic):
            await websocket.send(topic)
        """
    signals = signals_of(source)

    assert _sockets(source) == [(11, "relay", "websockets", "")]
    assert of_kind(signals, "websocket") == [(11, "relay", {})]


def test_socketio_handlers_decorated_registered_and_in_a_namespace() -> None:
    source = """\
        from flask_socketio import Namespace, emit

        from chat import socketio


        @socketio.on("joined", namespace="/chat")
        def joined(message):
            emit("status", {"msg": "entered"})


        @socketio.event
        def text(message):
            emit("message", message)


        def left(message):
            emit("status", {"msg": "left"})


        socketio.on_event("left", left, namespace="/chat")


        class Admin(Namespace):
            def on_kick(self, data):
                emit("kicked", data)

            def helper(self):
                return 1
        """

    assert sorted(_sockets(source, "chat/events.py")) == [
        (7, "joined", "flask-socketio", "joined"),
        (12, "text", "flask-socketio", "text"),
        (16, "left", "flask-socketio", "left"),
        (24, "on_kick", "flask-socketio", "kick"),
    ]


def test_a_socketio_client_and_a_websockets_client_serve_nothing() -> None:
    socketio_client = """\
        import socketio
        from flask import session

        sio = socketio.Client()


        @sio.on("message")
        def message(data):
            print(data)


        @session.event
        def other(data):
            print(data)
        """
    websockets_client = """\
        import websockets


        async def main():
            async with websockets.connect("ws://localhost:8765") as websocket:
                await websocket.send("hi")
        """

    assert _sockets(socketio_client) == []
    assert _sockets(websockets_client) == []
