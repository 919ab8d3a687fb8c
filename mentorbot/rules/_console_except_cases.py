"""MB106's cases for command-line scripts: a chat client that prints the error it caught shows it
to the one person using it; the same print in a module the app imports reaches no one."""

from __future__ import annotations

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
