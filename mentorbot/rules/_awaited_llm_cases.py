"""MB101's cases of a sync OpenAI client whose requests the code awaits: the request blocks
the loop, and awaiting its result then fails; beside a file that binds ``self.client`` to an
``OpenAI`` in one class and an ``AsyncOpenAI`` in another, awaited only where it is async."""

from __future__ import annotations

from mentorbot.rules.base import Case

AWAITED_SYNC_CLIENT = """\
from openai import OpenAI

from app.config import settings


class AzureChat:
    def __init__(self) -> None:
        self.client = OpenAI(api_key=settings.azure_key, base_url=settings.azure_endpoint)

    async def generate(self, prompt: str) -> str:
        response = await self.client.chat.completions.create(
            model=settings.deployment, messages=[{"role": "user", "content": prompt}]
        )
        return response.choices[0].message.content or ""

    async def embed(self, text: str) -> list[float]:
        result = await OpenAI().embeddings.create(model="text-embedding-3-small", input=text)
        return result.data[0].embedding
"""
AWAITED_SYNC_CLIENT_HITS = (11, 17)
"""A sync client awaited: the request blocks the loop, and awaiting its result then fails."""
MIXED_CLIENTS = """\
from openai import AsyncOpenAI, OpenAI


class BatchJobs:
    def __init__(self) -> None:
        self.client = OpenAI()

    def run(self, prompt: str) -> str:
        done = self.client.chat.completions.create(model="gpt-4o-mini", messages=[])
        return done.choices[0].message.content or ""


class LiveChat:
    def __init__(self) -> None:
        self.client = AsyncOpenAI()

    async def reply(self, prompt: str) -> str:
        done = await self.client.chat.completions.create(model="gpt-4o-mini", messages=[])
        return done.choices[0].message.content or ""
"""
"""``self.client`` is an AsyncOpenAI where it is awaited: the file binds the name to both."""
AWAITED_BAD = (
    Case(
        files={"app/azure_chat.py": AWAITED_SYNC_CLIENT},
        hits=tuple(("app/azure_chat.py", line) for line in AWAITED_SYNC_CLIENT_HITS),
        note="requests through a sync OpenAI client that the code awaits",
    ),
)
AWAITED_GOOD = (Case(files={"app/chat.py": MIXED_CLIENTS}),)
