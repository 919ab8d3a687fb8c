"""The knowledge routes over a real server: add documents, search them, one learner at a time."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from mentorbot.settings import load_settings
from tests.integration.server import running_server

OPERATOR = "operator-docs"

PLAN = """# Study plan

## Week 3: async SQLAlchemy

Move every endpoint to AsyncSession and replace the blocking requests calls with httpx.

## Week 4: Alembic migrations

Generate a migration for each model change; never edit the database by hand.
"""


@dataclass(frozen=True)
class Api:
    url: str
    alice: str
    bob: str

    def client(self, token: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=120
        )


@pytest.fixture(scope="module")
def api(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, mentor_home: Path
) -> Iterator[Api]:
    suffix = uuid.uuid4().hex[:8]
    alice, bob = f"alice-{suffix}", f"bob-{suffix}"
    settings = load_settings(
        database_url=database_url,
        mentor_home=mentor_home,
        mentor_api_token=OPERATOR,
        mentor_api_tokens=f"{alice}:alice-docs,{bob}:bob-docs",
        mentor_repo_roots=(tmp_path_factory.mktemp("docs-root"),),
    )
    with running_server(create_app(settings)) as url:
        yield Api(url=url, alice=alice, bob=bob)


def test_a_learner_adds_a_plan_and_finds_it(api: Api) -> None:
    with api.client("alice-docs") as alice:
        added = alice.post("/documents", json={"source": "docs/study-plan.md", "content": PLAN})
        assert added.status_code == 200
        assert added.json()["learner"] == api.alice
        [document] = added.json()["documents"]
        assert (document["source"], document["kind"], document["status"]) == (
            "docs/study-plan.md",
            "plan",
            "added",
        )
        assert document["chunks"] >= 2

        again = alice.post("/documents", json={"source": "docs/study-plan.md", "content": PLAN})
        assert again.json()["documents"][0]["status"] == "unchanged"

        found = alice.get("/search", params={"q": "Alembic migration for each model change"})
        assert found.status_code == 200
        top = found.json()["results"][0]
        assert top["document"] == "docs/study-plan.md"
        assert "Week 4" in top["heading"]
        assert "never edit the database by hand" in top["text"]

        notes = alice.get("/search", params={"q": "Alembic", "kind": "note"})
        assert notes.json()["results"] == []


def test_documents_never_cross_learners(api: Api) -> None:
    secret = f"kumquat-{uuid.uuid4().hex[:6]}"
    with api.client("alice-docs") as alice:
        assert (
            alice.post(
                "/documents",
                json={"source": "notes/private.md", "content": f"# Notes\n\nMy {secret} idea."},
            ).status_code
            == 200
        )
        assert alice.get("/search", params={"q": secret, "mode": "text"}).json()["results"]

    with api.client("bob-docs") as bob:
        assert bob.get("/search", params={"q": secret, "mode": "text"}).json() == {
            "learner": api.bob,
            "query": secret,
            "results": [],
        }
        other = bob.get("/search", params={"q": secret, "learner": api.alice})
        assert other.status_code == 403
        assert other.json()["error"]["code"] == "forbidden-learner"
        posing = bob.post(
            "/documents",
            json={"source": "notes/x.md", "content": "# x\n\ny", "learner": api.alice},
        )
        assert posing.status_code == 403

    with api.client(OPERATOR) as operator:
        hits = operator.get("/search", params={"q": secret, "learner": api.alice, "mode": "text"})
        assert [hit["document"] for hit in hits.json()["results"]] == ["notes/private.md"]


def test_bad_documents_and_queries_are_refused_clearly(api: Api) -> None:
    with api.client("alice-docs") as alice:
        blank = alice.post("/documents", json={"source": "a.md", "content": "  \n "})
        assert blank.status_code == 422
        assert [d["field"] for d in blank.json()["error"]["details"]] == ["body.content"]

        kind = alice.post("/documents", json={"source": "a.md", "content": "x", "kind": "diary"})
        assert kind.status_code == 422
        assert [d["field"] for d in kind.json()["error"]["details"]] == ["body.kind"]

        no_query = alice.get("/search")
        assert no_query.status_code == 422
        assert [d["field"] for d in no_query.json()["error"]["details"]] == ["query.q"]

        empty = alice.get("/search", params={"q": "   "})
        assert empty.status_code == 400
        assert empty.json()["error"] == {
            "code": "usage",
            "message": "the search query is empty",
            "details": [],
        }
