"""A GraphQL API is credited with its endpoint and operations, and asked for tests of them
(blind check g1: a graphene-django API had no endpoint achievement and was told to test its
``models.py``; a Flask one was "1 Flask route", its ``GET /graphql``)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from tests.unit.assess.scenarios import plan_files

NOTES = {
    "requirements.txt": b"Django==5.0.2\ngraphene-django==3.2.0\n",
    "mysite/__init__.py": b"",
    "mysite/urls.py": (
        b"from django.urls import path\nfrom graphene_django.views import GraphQLView\n\n"
        b"from notes.schema import schema\n\nurlpatterns = [\n"
        b'    path("graphql/", GraphQLView.as_view(graphiql=True, schema=schema)),\n]\n'
    ),
    "notes/__init__.py": b"",
    "notes/models.py": (
        b"from django.db import models\n\n\nclass Note(models.Model):\n"
        b"    title = models.CharField(max_length=200)\n"
    ),
    "notes/schema.py": (
        b"import graphene\nfrom graphene_django import DjangoObjectType\n\n"
        b"from .models import Note\n\n\nclass NoteType(DjangoObjectType):\n    class Meta:\n"
        b'        model = Note\n        fields = ("id", "title")\n\n\n'
        b"class Query(graphene.ObjectType):\n    notes = graphene.List(NoteType)\n\n"
        b"    def resolve_notes(self, info):\n        return Note.objects.all()\n\n\n"
        b"class CreateNote(graphene.Mutation):\n    class Arguments:\n"
        b"        title = graphene.String(required=True)\n\n    note = graphene.Field(NoteType)\n\n"
        b"    def mutate(self, info, title):\n"
        b"        return CreateNote(note=Note.objects.create(title=title))\n\n\n"
        b"class Mutation(graphene.ObjectType):\n    create_note = CreateNote.Field()\n\n\n"
        b"schema = graphene.Schema(query=Query, mutation=Mutation)\n"
    ),
}


def test_a_graphene_django_api_is_credited_and_its_operations_are_what_tests_are_asked_for(
    tmp_path: Path,
) -> None:
    planned = plan_files(tmp_path, NOTES)

    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert (missing.path, missing.line, missing.message.en) == (
        "notes/schema.py",
        16,
        "no tests found, while the project has 2 GraphQL operations and 1 ORM model",
    )
    assert missing.message.zh.endswith("2 个 GraphQL 操作、1 个 ORM 模型")
    found = find_achievements(planned.analyses, planned.stack, list(NOTES), [])
    achievements = {a.kind: a for a in found}
    graphql = achievements["graphql-api"]
    assert graphql.title.en == "GraphQL API at graphql/: 1 query (notes), 1 mutation (CreateNote)"
    assert graphql.title.zh == "GraphQL 接口 graphql/：1 个查询（notes）、1 个变更（CreateNote）"
    assert [e.cite() for e in graphql.evidence] == [
        "mysite/urls.py:7",
        "notes/schema.py:16",
        "notes/schema.py:20",
    ]
    [tests_task] = [t for t in planned.plan.tasks if "tests" in t.text.en]
    assert tests_task.text.en == (
        "Add tests for the 2 GraphQL operations in notes/schema.py: send each query and "
        "mutation to graphql/ with Django's test Client, one success case and one error case "
        "each"
    )
    assert tests_task.files == ("notes/schema.py",)


WWII = {
    "app.py": (
        b"from flask import Flask\nfrom flask_graphql import GraphQLView\n\n"
        b"from gql import schema\n\napp = Flask(__name__)\napp.add_url_rule(\n"
        b'    "/graphql", view_func=GraphQLView.as_view("graphql", schema=schema, graphiql=True)\n'
        b")\n"
    ),
    "gql.py": (
        b"import graphene\n\n\nclass Query(graphene.ObjectType):\n"
        b"    mission = graphene.String(id=graphene.Int())\n\n"
        b"    def resolve_mission(self, info, id):\n        return str(id)\n\n\n"
        b"schema = graphene.Schema(query=Query)\n"
    ),
}


def test_a_flask_graphql_view_is_no_get_route(tmp_path: Path) -> None:
    planned = plan_files(tmp_path, WWII)

    found = find_achievements(planned.analyses, planned.stack, list(WWII), [])
    titles = [a.title.en for a in found]
    assert "GraphQL API at /graphql: 1 query (mission)" in titles
    assert not any("Flask route" in title for title in titles)
    [missing] = [f for f in planned.findings if f.rule == "MB105"]
    assert missing.message.en == "no tests found, while the project has 1 GraphQL operation"


def test_a_schema_whose_endpoint_is_not_found_is_called_a_schema(tmp_path: Path) -> None:
    """Claiming an API needs the URL that serves it."""
    planned = plan_files(tmp_path, {"gql.py": WWII["gql.py"]})

    found = find_achievements(planned.analyses, planned.stack, ["gql.py"], [])
    assert [a.title.en for a in found if a.kind == "graphql-api"] == [
        "GraphQL schema: 1 query (mission)"
    ]
