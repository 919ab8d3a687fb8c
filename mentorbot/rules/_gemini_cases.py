"""MB101's cases for Google's Gemini SDKs: ``google.generativeai``'s ``GenerativeModel`` and
``google.genai``'s ``Client`` send ``generate_content`` on the calling thread; their async
forms (``generate_content_async``, ``client.aio``) are awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

PROCESSOR = """\
import os

import google.generativeai as genai
from google import genai as genai_v2


class PageDescriber:
    def __init__(self) -> None:
        genai.configure(api_key=os.environ["GEMINI_API_KEY"])
        self.model = genai.GenerativeModel("gemini-1.5-flash")
        self.client = genai_v2.Client()

    async def describe(self, text: str) -> str:
        response = self.model.generate_content(["Describe this page:", text])
        return response.text

    async def title(self, text: str) -> str:
        reply = self.client.models.generate_content(model="gemini-2.0-flash", contents=text)
        return reply.text
"""
PROCESSOR_HITS = (14, 18)
ASYNC_PROCESSOR = PROCESSOR.replace(
    "self.model.generate_content(", "await self.model.generate_content_async("
).replace("self.client.models.generate_content(", "await self.client.aio.models.generate_content(")
BAD = (
    Case(
        files={"app/services/describer.py": PROCESSOR},
        hits=tuple(("app/services/describer.py", line) for line in PROCESSOR_HITS),
        note="Gemini's generate_content, through the old SDK's model and the new SDK's client",
    ),
)
GOOD = (
    Case(
        files={"app/services/describer.py": ASYNC_PROCESSOR},
        note="generate_content_async and the client's aio namespace, awaited",
    ),
)
