"""GraphQL APIs as facts: the endpoint a schema is served at, in place of the route its mount
was read as, and the operations the schema offers (blind check g1)."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of

STRAWBERRY_FASTAPI = """
import strawberry
from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter


@strawberry.type
class Book:
    title: str

    @strawberry.field
    def shout(self) -> str:
        return self.title.upper()


def all_books() -> list[Book]:
    return []


@strawberry.type
class Query:
    books: list[Book] = strawberry.field(resolver=all_books)

    @strawberry.field
    async def book(self, title: str) -> Book:
        return Book(title=title)


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add_book(self, title: str) -> Book:
        return Book(title=title)


schema = strawberry.Schema(query=Query, mutation=Mutation)
app = FastAPI()
app.include_router(GraphQLRouter(schema), prefix="/graphql")


@app.get("/health")
def health() -> dict:
    return {"ok": True}
"""


def test_a_strawberry_router_is_a_graphql_endpoint_with_its_root_fields_as_operations() -> None:
    signals = signals_of(STRAWBERRY_FASTAPI)

    assert of_kind(signals, "graphql-endpoint") == [
        (38, "/graphql", {"path": "/graphql", "library": "strawberry", "async": "1"})
    ]
    operations = [
        (line, name, data["operation"])
        for line, name, data in of_kind(signals, "graphql-operation")
    ]
    # Book.shout is a field of an object type, no operation of the API.
    assert operations == [
        (22, "books", "query"),
        (25, "book", "query"),
        (32, "add_book", "mutation"),
    ]
    assert [name for _, name, _ in of_kind(signals, "route")] == ["health"]


STRAWBERRY_ASGI = """
from fastapi import FastAPI
from strawberry.asgi import GraphQL

from schema import schema

graphql_app = GraphQL(schema)

fastapi_app = FastAPI()
fastapi_app.add_route("/graphql", graphql_app)
fastapi_app.add_websocket_route("/graphql", graphql_app)


@fastapi_app.get("/book")
def list_books():
    return []
"""


def test_an_asgi_app_added_as_a_route_is_one_graphql_endpoint_not_a_get_route() -> None:
    """``add_route("/graphql", GraphQL(schema))`` was a "GET /graphql" API endpoint (and a
    "WS /graphql" one for its subscriptions)."""
    signals = signals_of(STRAWBERRY_ASGI)

    assert [(line, name) for line, name, _ in of_kind(signals, "graphql-endpoint")] == [
        (10, "/graphql")
    ]
    assert [name for _, name, _ in of_kind(signals, "route")] == ["list_books"]


GRAPHENE_DJANGO_URLS = """
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView

from notes.schema import schema

urlpatterns = [
    path("graphql/", csrf_exempt(GraphQLView.as_view(graphiql=True, schema=schema))),
]
"""

FLASK_GRAPHQL = """
from flask import Flask
from flask_graphql import GraphQLView

from gql.schema import schema

app = Flask(__name__)
app.add_url_rule(
    "/graphql",
    view_func=GraphQLView.as_view("graphql", schema=schema, graphiql=True),
)
"""

STRAWBERRY_FLASK = """
from flask import Flask
from strawberry.flask.views import GraphQLView

from schema import schema

app = Flask(__name__)
app.add_url_rule("/graphql", view_func=GraphQLView.as_view("graphql_view", schema=schema))
"""


def test_django_and_flask_views_are_graphql_endpoints_served_without_a_loop() -> None:
    django = signals_of(GRAPHENE_DJANGO_URLS, "mysite/urls.py")
    flask = signals_of(FLASK_GRAPHQL)
    strawberry = signals_of(STRAWBERRY_FLASK)

    assert of_kind(django, "graphql-endpoint") == [
        (9, "graphql/", {"path": "graphql/", "library": "graphene_django", "async": "0"})
    ]
    assert of_kind(flask, "graphql-endpoint") == [
        (8, "/graphql", {"path": "/graphql", "library": "flask_graphql", "async": "0"})
    ]
    assert of_kind(flask, "flask-route") == []
    assert of_kind(strawberry, "graphql-endpoint") == [
        (8, "/graphql", {"path": "/graphql", "library": "strawberry", "async": "0"})
    ]


GRAPHENE_SCHEMA = """
import graphene
from graphene_django import DjangoObjectType

from .models import Note


class NoteType(DjangoObjectType):
    class Meta:
        model = Note

    def resolve_title(self, info):
        return self.title.title()


class Query(graphene.ObjectType):
    notes = graphene.List(NoteType)
    note = graphene.Field(NoteType, id=graphene.ID(required=True))

    def resolve_notes(self, info):
        return Note.objects.all()

    def resolve_note(self, info, id):
        return Note.objects.filter(pk=id).first()


class CreateNote(graphene.Mutation):
    class Arguments:
        title = graphene.String(required=True)

    note = graphene.Field(NoteType)

    def mutate(self, info, title):
        return CreateNote(note=Note.objects.create(title=title))


class Mutation(graphene.ObjectType):
    create_note = CreateNote.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
"""


def test_graphene_resolvers_and_mutation_classes_are_the_operations() -> None:
    signals = signals_of(GRAPHENE_SCHEMA, "notes/schema.py")

    assert [
        (line, name, data["operation"])
        for line, name, data in of_kind(signals, "graphql-operation")
    ] == [(20, "notes", "query"), (23, "note", "query"), (27, "CreateNote", "mutation")]
    assert of_kind(signals, "graphql-endpoint") == []


ARIADNE = """
from ariadne import MutationType, QueryType, make_executable_schema
from ariadne.asgi import GraphQL

query = QueryType()
mutation = MutationType()


@query.field("books")
def resolve_books(*_):
    return []


@mutation.field("addBook")
async def resolve_add_book(*_, title):
    return {"title": title}


schema = make_executable_schema(type_defs, query, mutation)
app = GraphQL(schema, debug=True)
"""


def test_ariadne_bindables_name_the_operations_and_an_unmounted_app_is_its_endpoint() -> None:
    signals = signals_of(ARIADNE)

    assert [
        (line, name, data["operation"])
        for line, name, data in of_kind(signals, "graphql-operation")
    ] == [(10, "books", "query"), (15, "addBook", "mutation")]
    assert of_kind(signals, "graphql-endpoint") == [
        (20, "GraphQL", {"path": "", "library": "ariadne", "async": "1"})
    ]


LOOKALIKES = """
from pydantic import BaseModel


class Query(BaseModel):
    text: str

    def resolve_text(self) -> str:
        return self.text


class Mutation:
    def mutate(self, info):
        return None
"""


def test_classes_named_like_root_types_outside_a_graphql_library_are_no_operations() -> None:
    assert of_kind(signals_of(LOOKALIKES), "graphql-operation") == []
