"""Cases of sync GraphQL resolvers and the event loop (blind check g1): Strawberry calls a plain
``def`` resolver on the loop when an async integration serves the schema (MB101's and MB111's
bad cases); not under a sync view, and graphene's resolvers never run on a loop (good ones)."""

from __future__ import annotations

from mentorbot.rules.base import Case

SCHEMA = """\
import sqlite3
import time

import requests
import strawberry


@strawberry.type
class Book:
    id: int
    title: str


def count_books() -> int:
    time.sleep(0.5)
    return 0


@strawberry.type
class Query:
    total: int = strawberry.field(resolver=count_books)

    @strawberry.field
    def books(self) -> list[Book]:
        con = sqlite3.connect("data.db")
        rows = con.execute("SELECT id, title FROM book").fetchall()
        return [Book(id=row[0], title=row[1]) for row in rows]

    @strawberry.field(description="A quote of the day")
    def quote(self) -> str:
        return requests.get("https://api.quotable.io/random", timeout=5).json()["content"]

    @strawberry.field
    async def headline(self) -> str:
        return "Books"


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add_book(self, title: str) -> Book:
        con = sqlite3.connect("data.db")
        cur = con.execute("INSERT INTO book (title) VALUES (?)", (title,))
        con.commit()
        return Book(id=cur.lastrowid, title=title)


schema = strawberry.Schema(query=Query, mutation=Mutation)
"""
SCHEMA_BLOCKING_LINES = (15, 25, 26, 31, 42, 43, 44)
"""time.sleep in the ``resolver=`` function; sqlite3.connect and execute in ``books``;
requests.get in ``quote``; connect, execute and commit in ``add_book``."""
SCHEMA_CONNECT_LINES = (25, 42)
"""Where ``books`` and ``add_book`` open their sqlite3 connections (MB111)."""

COVERS = """\
import os
from typing import Optional

import requests

GOOGLE_BOOKS_URL = "https://www.googleapis.com/books/v1/volumes"


def fetch_cover(isbn: str) -> Optional[str]:
    resp = requests.get(
        GOOGLE_BOOKS_URL,
        params={"q": f"isbn:{isbn}", "key": os.environ["GOOGLE_BOOKS_API_KEY"]},
        timeout=10,
    )
    items = resp.json().get("items") or []
    return items[0]["volumeInfo"].get("imageLinks", {}).get("thumbnail") if items else None
"""
HELPER_SCHEMA = """\
import asyncio
from typing import Optional

import strawberry

from app.services.covers import fetch_cover


@strawberry.type
class Query:
    @strawberry.field
    def cover(self, isbn: str) -> Optional[str]:
        return fetch_cover(isbn)

    @strawberry.field
    async def back_cover(self, isbn: str) -> Optional[str]:
        return await asyncio.to_thread(fetch_cover, isbn)

    @strawberry.field
    def title(self, isbn: str) -> str:
        return isbn.upper()


schema = strawberry.Schema(query=Query)
"""
HELPER_SCHEMA_LINE = 13
"""``cover`` calls ``fetch_cover``, whose ``requests.get`` blocks (blind check r2)."""

FASTAPI_MAIN = """\
from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter

from app.schema import schema

app = FastAPI()
app.include_router(GraphQLRouter(schema), prefix="/graphql")
"""
ASGI_MAIN = """\
from strawberry.asgi import GraphQL

from app.schema import schema

app = GraphQL(schema)
"""
FLASK_MAIN = """\
from flask import Flask
from strawberry.flask.views import GraphQLView

from app.schema import schema

app = Flask(__name__)
app.add_url_rule("/graphql", view_func=GraphQLView.as_view("graphql_view", schema=schema))
"""
DJANGO_URLS = """\
from django.urls import path
from strawberry.django.views import GraphQLView

from app.schema import schema

urlpatterns = [path("graphql/", GraphQLView.as_view(schema=schema))]
"""

GRAPHENE_SCHEMA = """\
import sqlite3

import graphene
import requests


class Query(graphene.ObjectType):
    quote = graphene.String()

    def resolve_quote(self, info):
        return requests.get("https://api.quotable.io/random", timeout=5).json()["content"]


class AddBook(graphene.Mutation):
    class Arguments:
        title = graphene.String(required=True)

    ok = graphene.Boolean()

    def mutate(self, info, title):
        con = sqlite3.connect("data.db")
        con.execute("INSERT INTO book (title) VALUES (?)", (title,))
        con.commit()
        return AddBook(ok=True)


class Mutation(graphene.ObjectType):
    add_book = AddBook.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
"""
GRAPHENE_URLS = """\
from django.urls import path
from graphene_django.views import GraphQLView

from app.schema import schema

urlpatterns = [path("graphql/", GraphQLView.as_view(graphiql=True, schema=schema))]
"""

BLOCKING_BAD: tuple[Case, ...] = (
    Case(
        files={"app/schema.py": SCHEMA, "app/main.py": FASTAPI_MAIN},
        hits=tuple(("app/schema.py", line) for line in SCHEMA_BLOCKING_LINES),
        note="sync Strawberry resolvers of a schema strawberry.fastapi serves: on the loop",
    ),
    Case(
        files={"app/schema.py": SCHEMA, "app/main.py": ASGI_MAIN},
        hits=tuple(("app/schema.py", line) for line in SCHEMA_BLOCKING_LINES),
        note="the same schema as strawberry.asgi's app",
    ),
    Case(
        files={
            "app/services/__init__.py": "",
            "app/services/covers.py": COVERS,
            "app/schema.py": HELPER_SCHEMA,
            "app/main.py": FASTAPI_MAIN,
        },
        hits=(("app/schema.py", HELPER_SCHEMA_LINE),),
        note="a sync resolver on the loop calling another module's helper that blocks",
    ),
)
BLOCKING_GOOD: tuple[Case, ...] = (
    Case(
        files={"app/schema.py": SCHEMA, "app/main.py": FLASK_MAIN},
        note="a Strawberry schema only a sync Flask view serves runs its resolvers in its worker",
    ),
    Case(
        files={"app/schema.py": SCHEMA, "app/urls.py": DJANGO_URLS},
        note="the same under strawberry.django's sync GraphQLView",
    ),
    Case(
        files={
            "app/services/__init__.py": "",
            "app/services/covers.py": COVERS,
            "app/schema.py": HELPER_SCHEMA,
            "app/main.py": FLASK_MAIN,
        },
        note="a sync resolver calling a blocking helper under a sync Flask view",
    ),
    Case(
        files={"app/schema.py": GRAPHENE_SCHEMA, "app/urls.py": GRAPHENE_URLS},
        note="graphene executes its resolvers synchronously",
    ),
)
DRIVER_BAD: tuple[Case, ...] = (
    Case(
        files={"app/schema.py": SCHEMA, "app/main.py": FASTAPI_MAIN},
        hits=tuple(("app/schema.py", line) for line in SCHEMA_CONNECT_LINES),
        note="sqlite3 connections of sync Strawberry resolvers strawberry.fastapi runs on the loop",
    ),
)
DRIVER_GOOD: tuple[Case, ...] = (
    Case(
        files={"app/schema.py": SCHEMA, "app/main.py": FLASK_MAIN},
        note="the same resolvers under a sync Flask view",
    ),
    Case(
        files={"app/schema.py": GRAPHENE_SCHEMA, "app/urls.py": GRAPHENE_URLS},
        note="graphene's mutation on Django",
    ),
)
