"""Auth, repository roots, learner isolation, validation and body limits, over real sockets."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from mentorbot.settings import load_settings
from tests.integration.server import iter_sse, running_server
from tests.repos import build_task_api

OPERATOR = "operator-secret"


@dataclass(frozen=True)
class Api:
    url: str
    root: Path
    alice: str
    bob: str

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)


@pytest.fixture(scope="module")
def api(
    tmp_path_factory: pytest.TempPathFactory, database_url: str, mentor_home: Path
) -> Iterator[Api]:
    root = tmp_path_factory.mktemp("allowed")
    suffix = uuid.uuid4().hex[:8]
    alice, bob = f"alice-{suffix}", f"bob-{suffix}"
    settings = load_settings(
        database_url=database_url,
        mentor_home=mentor_home,
        mentor_api_token=OPERATOR,
        mentor_api_tokens=f"{alice}:alice-secret,{bob}:bob-secret",
        mentor_repo_roots=(root,),
        mentor_max_body_bytes=2048,
    )
    with running_server(create_app(settings)) as url:
        yield Api(url=url, root=root, alice=alice, bob=bob)


def error_of(response: httpx.Response) -> dict[str, object]:
    body: dict[str, dict[str, object]] = response.json()
    assert set(body) == {"error"}
    return body["error"]


def test_health_is_open_and_everything_else_needs_the_token(api: Api) -> None:
    with api.client() as anonymous:
        assert anonymous.get("/health").json() == {"status": "ok"}
        refused = anonymous.get("/reviews")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert error_of(refused)["code"] == "unauthorized"
        assert anonymous.get("/ready").status_code == 401
        assert anonymous.get("/docs").status_code == 200
    with api.client("not-the-token") as wrong:
        assert error_of(wrong.get("/reviews")) == {
            "code": "unauthorized",
            "message": "the bearer token is not valid",
            "details": [],
        }
    with api.client(OPERATOR) as operator:
        ready = operator.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"
        assert ready.json()["revision"]


def test_repo_paths_must_resolve_under_the_roots(api: Api, tmp_path: Path) -> None:
    outside = build_task_api(tmp_path / "outside").path
    link = api.root / f"link-{uuid.uuid4().hex[:8]}"
    link.symlink_to(outside, target_is_directory=True)
    with api.client(OPERATOR) as operator:
        for candidate in (str(outside), str(link), f"{api.root}/../{outside.name}"):
            refused = operator.post("/reviews", json={"repo_path": candidate})
            assert refused.status_code == 403, candidate
            error = error_of(refused)
            assert error["code"] == "forbidden-path"
            assert error["message"] == (
                f"{candidate!r} is outside the allowed repository roots ({api.root.resolve()})"
            )
        missing = operator.post("/reviews", json={"repo_path": str(api.root / "nothing-here")})
        assert missing.status_code == 400
        assert error_of(missing)["code"] == "bad-repo"
    assert not (outside / "docs").exists()


def test_a_learner_token_sees_only_that_learners_reviews(api: Api) -> None:
    repo = build_task_api(api.root / f"shared-{uuid.uuid4().hex[:8]}").path
    with api.client("alice-secret") as alice:
        with alice.stream("POST", "/reviews", json={"repo_path": str(repo)}) as response:
            events = list(iter_sse(response))
        assert events[-1].event == "done"
        review_id = events[-1].data["review_id"]
        own = alice.get(f"/reviews/{review_id}").json()
        assert own["learner"] == api.alice
        assert [item["id"] for item in alice.get("/reviews").json()["items"]] == [review_id]
        assert alice.get(f"/reviews/{review_id}/log").status_code == 200

    with api.client("bob-secret") as bob:
        assert bob.get("/reviews").json()["items"] == []
        hidden = bob.get(f"/reviews/{review_id}")
        assert hidden.status_code == 404
        assert error_of(hidden)["message"] == f"no review with id {review_id}"
        assert bob.get(f"/reviews/{review_id}/log").status_code == 404
        assert bob.get(f"/reviews/{review_id}/events").status_code == 404
        other = bob.get("/reviews", params={"learner": api.alice})
        assert other.status_code == 403
        assert error_of(other)["code"] == "forbidden-learner"
        posing = bob.post("/reviews", json={"repo_path": str(repo), "learner": api.alice})
        assert posing.status_code == 403

    with api.client(OPERATOR) as operator:
        listed = operator.get("/reviews", params={"learner": api.alice}).json()["items"]
        assert [item["id"] for item in listed] == [review_id]


def test_bad_bodies_get_clear_422s_and_big_ones_413(api: Api) -> None:
    with api.client(OPERATOR) as operator:
        missing = operator.post("/reviews", json={"learner": "x"})
        assert missing.status_code == 422
        error = error_of(missing)
        assert error["code"] == "validation"
        assert error["details"] == [{"field": "body.repo_path", "message": "Field required"}]

        option = operator.post("/reviews", json={"repo_path": str(api.root), "since": "--all"})
        assert option.status_code == 422
        assert [d["field"] for d in error_of(option)["details"]] == ["body.since"]  # type: ignore[index, union-attr]

        unknown = operator.post("/reviews", json={"repo_path": str(api.root), "output": "/x"})
        assert [d["field"] for d in error_of(unknown)["details"]] == ["body.output"]  # type: ignore[index, union-attr]

        huge = operator.post("/reviews", json={"repo_path": "x" * 4000})
        assert huge.status_code == 413
        assert error_of(huge) == {
            "code": "body-too-large",
            "message": "the request body is larger than 2048 bytes",
            "details": [],
        }

        chunked = operator.post(
            "/reviews",
            content=iter([b'{"repo_path": "', b"y" * 3000, b'"}']),
            headers={"content-type": "application/json"},
        )
        assert chunked.status_code == 413

        unknown_route = operator.get("/nowhere")
        assert unknown_route.status_code == 404
        assert error_of(unknown_route)["code"] == "not-found"
        assert error_of(operator.get("/reviews/0"))["code"] == "validation"
