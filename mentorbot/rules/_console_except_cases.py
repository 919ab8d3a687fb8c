"""MB106's cases for command-line scripts: a chat client that prints the error it caught shows it
to the one person using it; the same print in a module the app imports reaches no one. A check
script that prints the traceback, and one that runs its loop at import (no ``__main__`` guard),
show the error too, and so does a scraper printing through its own ``safe_print`` wrapper, and a
check script whose top level prints the error, hands it to its own report function or exits with
a failure. A Gradio app launched under a ``__main__`` guard is no script: its prints reach no
user."""

from __future__ import annotations

from mentorbot.rules.base import Case

CHAT_CLIENT = """\
import asyncio

import httpx


async def ask(client: httpx.AsyncClient, question: str) -> None:
    try:
        response = await client.post("/chat", json={"message": question})
        print(response.json()["answer"])
    except httpx.TimeoutException:
        print("timed out")
    except Exception as error:
        print(f"unexpected error: {error}")


async def main() -> None:
    async with httpx.AsyncClient(base_url="http://localhost:8000") as client:
        while True:
            question = input("> ")
            try:
                await ask(client, question)
            except Exception:
                print("something went wrong")


if __name__ == "__main__":
    asyncio.run(main())
"""
CHAT_CLIENT_HITS = (("scripts/chat.py", 22),)

SERVICE = """\
import httpx


async def fetch_rates(client: httpx.AsyncClient) -> dict:
    try:
        response = await client.get("/rates")
        return response.json()
    except Exception as error:
        print(f"rates failed: {error}")
        return {}
"""
SERVICE_HITS = (("app/rates.py", 8),)

DB_CHECK = """\
import asyncio

from app.db import close, connect, users


async def main() -> None:
    try:
        await connect()
        print("Users:", await users(limit=10))
    except Exception as e:
        import traceback

        traceback.print_exc()
    finally:
        await close()


if __name__ == "__main__":
    asyncio.run(main())
"""

FETCH_TRY = """\
import asyncio

from app.agent import fetch_country


async def check() -> None:
    try:
        print("SUCCESS:", await fetch_country("Germany"))
    except Exception as e:
        print("ERROR:", type(e), str(e))


asyncio.run(check())
"""

SCRAPER = """\
import sys

import requests


def safe_print(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8", "replace") + b"\\n")


def fetch(url: str) -> str | None:
    try:
        return requests.get(url, timeout=10).text
    except Exception as e:
        safe_print(f"Network error fetching {url}: {e}")
        return None


if __name__ == "__main__":
    for address in sys.argv[1:]:
        fetch(address)
"""

CHECK_SCRIPT = """\
import sys
import time

from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def report(name: str, passed: bool, started: float, detail: str = "") -> None:
    print(f"{'PASS' if passed else 'FAIL'} {name} ({time.time() - started:.2f}s) {detail}")


print("checking the API...")
try:
    response = client.get("/health")
    assert response.status_code == 200, f"health answered {response.status_code}"
except Exception as e:
    print(f"  [ERROR] health check failed: {e}")
    sys.exit(1)

started = time.time()
try:
    response = client.get("/documents")
    report("documents", response.status_code == 200, started)
except Exception as e:
    report("documents", False, started, str(e))

try:
    client.delete("/documents/seed")
except Exception:
    sys.exit("could not remove the seed document")
"""

USER_MODEL = """\
from app.db import get_db_connection


class User:
    def __init__(self, id: int, username: str) -> None:
        self.id = id
        self.username = username

    @staticmethod
    def find_by_username(username: str) -> "User | None":
        try:
            conn = get_db_connection()
            cursor = conn.cursor(dictionary=True)
            cursor.execute("SELECT * FROM users WHERE username = %s", (username,))
            row = cursor.fetchone()
            conn.close()
            if row:
                return User(id=row["id"], username=row["username"])
            return None
        except Exception as e:
            print(f"Error finding user: {e}")
            return None

    @staticmethod
    def rename(user_id: int, username: str) -> None:
        try:
            conn = get_db_connection()
            conn.cursor().execute(
                "UPDATE users SET username = %s WHERE id = %s", (username, user_id)
            )
            conn.commit()
        except Exception as e:
            print(f"Error renaming user: {e}")
            return None
"""
USER_MODEL_HITS = (("app/models/user.py", 20),)

GRADIO_CHAT = """\
import os

import gradio as gr
from openai import AsyncOpenAI


async def get_openai_client(api_key) -> AsyncOpenAI | None:
    try:
        client = AsyncOpenAI(api_key=api_key, base_url=os.getenv("OPENAI_BASE_URL"))
        return client
    except Exception as e:
        print(e)
    return None


async def chat(prompt, history, api_key):
    client = await get_openai_client(api_key)
    answer = await client.chat.completions.create(model="gpt-4o-mini", messages=history)
    return history + [{"role": "assistant", "content": answer.choices[0].message.content}]


with gr.Blocks() as demo:
    api_key = gr.Textbox(label="API Key", type="password")
    chatbot = gr.Chatbot(type="messages")
    prompt = gr.Textbox(label="Message")
    prompt.submit(chat, inputs=[prompt, chatbot, api_key], outputs=[chatbot])

if __name__ == "__main__":
    demo.launch()
"""
GRADIO_CHAT_HITS = (("gradio_app.py", 11),)
"""A Gradio app launched under a ``__main__`` guard is served, no script: the helper's print
reaches the server's console, and its caller gets None (blind check l1)."""
GRADIO_WARNING = GRADIO_CHAT.replace(
    "        print(e)", '        gr.Warning(f"could not create the OpenAI client: {e}")'
)

BAD = (
    Case(
        files={"gradio_app.py": GRADIO_CHAT},
        hits=GRADIO_CHAT_HITS,
        note="a Gradio app under a __main__ guard: the error printed to the server's console "
        "and None returned hides it from the chat's user",
    ),
    Case(
        files={"app/models/user.py": USER_MODEL},
        hits=USER_MODEL_HITS,
        note="None is the lookup's answer for no such user: printed and returned, a failing "
        "database reads as a wrong login (blind check corpus 98); the update that returns "
        "nothing prints its failure",
    ),
    Case(
        files={"scripts/chat.py": CHAT_CLIENT, "app/rates.py": SERVICE},
        hits=CHAT_CLIENT_HITS + SERVICE_HITS,
        note="a command-line client that prints the error it caught shows it to its user; "
        "one that prints another message, and a module the app imports, hide it",
    ),
)
GOOD = (
    Case(
        files={"gradio_app.py": GRADIO_WARNING},
        note="the same Gradio app showing the error to its user with gr.Warning",
    ),
    Case(
        files={"test_db.py": DB_CHECK, "test_fetch.py": FETCH_TRY},
        note="a check script printing the traceback, and one running its loop at import",
    ),
    Case(files={"scraper/main.py": SCRAPER}, note="printed through the script's own wrapper"),
    Case(
        files={"verify_api.py": CHECK_SCRIPT},
        note="a check script's top level: it prints the error, hands it to its own printing "
        "function, or exits with a failure",
    ),
)
