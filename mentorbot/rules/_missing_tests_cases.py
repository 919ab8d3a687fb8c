"""MB105's sample files: an app, a bot, models, a GraphQL API or an LLM pipeline with and
without tests, and files named like tests that hold none."""

from __future__ import annotations

BOT_HANDLERS = """\
from aiogram import F, Router
from aiogram.types import Message

router = Router()


@router.message(F.text == "/menu")
async def show_menu(message: Message) -> None:
    await message.answer("Soup, salad, dessert")
"""
DISCORD_CLIENT = """\
import os

import discord


class MyClient(discord.Client):
    async def on_ready(self) -> None:
        print(f"Logged on as {self.user}!")

    async def on_message(self, message: discord.Message) -> None:
        if message.content.startswith("$hello"):
            await message.channel.send("Hello World!")


client = MyClient(intents=discord.Intents.default())
client.run(os.environ["DISCORD_TOKEN"])
"""
"""discord.py's quickstart: the events a ``discord.Client`` subclass overrides (blind check t1)."""
FIXTURES_ONLY = """\
import pytest
from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client() -> TestClient:
    return TestClient(app)
"""
MAIN = """\
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="Bookmarks")
bookmarks: dict[int, str] = {}


class BookmarkIn(BaseModel):
    url: str


@app.post("/bookmarks", status_code=201)
async def add_bookmark(payload: BookmarkIn) -> dict[str, int]:
    bookmark_id = len(bookmarks) + 1
    bookmarks[bookmark_id] = payload.url
    return {"id": bookmark_id}


@app.get("/bookmarks/{bookmark_id}")
async def get_bookmark(bookmark_id: int) -> dict[str, str]:
    if bookmark_id not in bookmarks:
        raise HTTPException(status_code=404, detail="bookmark not found")
    return {"url": bookmarks[bookmark_id]}
"""

TEST = """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_added_bookmark_can_be_read_back() -> None:
    created = client.post("/bookmarks", json={"url": "https://docs.python.org"})
    bookmark_id = created.json()["id"]
    assert client.get(f"/bookmarks/{bookmark_id}").json() == {"url": "https://docs.python.org"}


def test_unknown_bookmark_is_404() -> None:
    assert client.get("/bookmarks/999").status_code == 404
"""

DJANGO_MODELS = """\
from django.db import models


class Note(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
"""

DJANGO_EMPTY_TESTS = """\
from django.test import TestCase

# Create your tests here.
"""

DJANGO_MOCKED_TESTS = """\
from unittest import mock

from django.test import TestCase


class NoteViewTest(TestCase):
    @mock.patch("notes.views.send_note_mail.delay")
    def test_create_sends_mail(self, send_mail):
        self.client.post("/notes/", {"title": "milk", "body": "buy it"})
        send_mail.assert_called_once()
"""

SCRATCH_UNPARSABLE = """\
import jwt

encoded_jwt = jwt.encode({"sub": "ana"}, "secret", algorithm="HS256")
print(f"{encoded_jwt.split(".")}")
"""
TEMPLATE_PREVIEW = """\
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/test-reset", response_class=HTMLResponse)
async def test_reset() -> str:
    return "<p>Reset your password</p>"
"""
ENDPOINT_TESTER = """\
import httpx


async def test_endpoint(url: str, expected_status: int) -> tuple[bool, str]:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(url)
    return response.status_code == expected_status, f"answered {response.status_code}"
"""
"""A monitoring app's service that checks a user's endpoint: named like a test, in a
``tester.py`` that unittest would search for test classes only (corpus 86)."""
STREAMLIT_AGENT = """\
import streamlit as st
from langchain_openai import ChatOpenAI
from langgraph.graph import END, START, MessagesState, StateGraph

model = ChatOpenAI(model="gpt-4o-mini")


def answer(state: MessagesState) -> dict:
    return {"messages": [model.invoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("answer", answer)
builder.add_edge(START, "answer")
builder.add_edge("answer", END)
graph = builder.compile()

question = st.text_input("Ask")
if question:
    st.write(graph.invoke({"messages": [("user", question)]})["messages"][-1].content)
"""
STREAMLIT_AGENT_LINE = 12
TEST_UNPARSABLE = TEST.replace(") -> None:\n    created", ") -> None\n    created", 1)

ROBOT_SUITE = """\
*** Settings ***
Library    RequestsLibrary

*** Test Cases ***
Bookmarks Start Empty
    ${response}=    GET    http://localhost:8000/bookmarks
    Status Should Be    200    ${response}
"""

UNITTEST_CAMEL_CASE = """\
import unittest

from fastapi.testclient import TestClient

from app.main import app


class BookmarkTests(unittest.TestCase):
    def setUp(self):
        self.client = TestClient(app)

    def testUnknownBookmarkIs404(self):
        self.assertEqual(self.client.get("/bookmarks/999").status_code, 404)

    def test(self):
        self.assertEqual(self.client.post("/bookmarks", json={}).status_code, 422)
"""
"""unittest runs every method of a ``TestCase`` whose name starts with ``test`` (blind check
a1)."""
API_CASE = """\
import unittest

from fastapi.testclient import TestClient

from app.main import app


class ApiCase(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.client = TestClient(app)
"""
"""The project's own base of its test classes (``tests/base.py``)."""
ON_API_CASE = """\
from tests.base import ApiCase


class BookmarkQueries(ApiCase):
    async def testUnknownBookmarkIs404(self):
        self.assertEqual(self.client.get("/bookmarks/999").status_code, 404)
"""
"""unittest runs the ``test*`` methods of a class on a ``TestCase`` of another module (blind
check r2)."""
CHECKS = """\
class Checks:
    def status(self, response) -> int:
        return response.status_code
"""
ON_CHECKS = ON_API_CASE.replace("ApiCase", "Checks").replace("tests.base", "tests.checks")
"""The same shape on a base that is no ``TestCase``: no runner collects it."""
SLUGS = """\
import re


def slugify(title: str) -> str:
    \"\"\"The bookmark's title as a URL part.

    >>> slugify("Python Docs!")
    'python-docs'
    \"\"\"
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
"""
SLUGS_RUN_WHEN_RUN = (
    SLUGS + '\n\nif __name__ == "__main__":\n    import doctest\n\n    doctest.testmod()\n'
)
DOCTEST_MODULES = '[tool.pytest.ini_options]\naddopts = "--doctest-modules -q"\n'
CI_DOCTESTS = """\
name: doctests
on: [push]
jobs:
  doctest:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install pytest
      - run: python -m pytest --doctest-modules app -q
"""
"""CI runs the doctests with the flag on pytest's command line (blind check r2)."""
CI_TESTS_ONLY = CI_DOCTESTS.replace("--doctest-modules app", "tests")
PYTEST_QUIET = '[tool.pytest.ini_options]\naddopts = "-q"\n'
HELPER_NAMED_LIKE_A_TEST = """\
from app.main import bookmarks


def testBookmarks() -> bool:
    return all(url.startswith("http") for url in bookmarks.values())
"""
GRAPHENE_URLS = """\
from django.urls import path
from graphene_django.views import GraphQLView

from notes.schema import schema

urlpatterns = [path("graphql/", GraphQLView.as_view(graphiql=True, schema=schema))]
"""
GRAPHENE_SCHEMA = """\
import graphene
from graphene_django import DjangoObjectType

from .models import Note


class NoteType(DjangoObjectType):
    class Meta:
        model = Note


class CreateNote(graphene.Mutation):
    class Arguments:
        title = graphene.String(required=True)

    note = graphene.Field(NoteType)

    def mutate(self, info, title):
        return CreateNote(note=Note.objects.create(title=title))


class Query(graphene.ObjectType):
    notes = graphene.List(NoteType)

    def resolve_notes(self, info):
        return Note.objects.all()


class Mutation(graphene.ObjectType):
    create_note = CreateNote.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
"""
GRAPHENE_SCHEMA_QUERY_LINE = 25
AIOHTTP_APP = """\
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/notes")
async def notes(request: web.Request) -> web.Response:
    return web.json_response([])


def make_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    return app
"""
AIOHTTP_TEST = """\
from app import make_app


async def test_notes_start_empty(aiohttp_client) -> None:
    client = await aiohttp_client(make_app())
    response = await client.get("/notes")
    assert await response.json() == []
"""
AIOHTTP_CLIENT_SCRIPT = """\
import asyncio

import aiohttp


async def main() -> None:
    async with aiohttp.ClientSession("https://api.example.com") as session:
        async with session.get("/notes") as response:
            print(await response.json())


asyncio.run(main())
"""
