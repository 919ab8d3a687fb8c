"""The chat API against a real uvicorn server: streamed answers, thread memory, restarts, isolation.

Each learner's corpus is ingested into the session's database through the knowledge store; the
server answers without an LLM, so every answer is extractive and fully predictable.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.settings import Settings, load_settings
from tests.integration.chat_corpus import ingest_corpus
from tests.integration.server import SseEvent, iter_sse, running_server

OPERATOR = "chat-operator"
FIRST = "Why were my async handlers slow?"
FOLLOW_UP = "How do I fix that?"


@dataclass(frozen=True)
class Learners:
    alice: str
    bob: str
    corpus: dict[str, Path]

    def tokens(self) -> str:
        return f"{self.alice}:alice-chat,{self.bob}:bob-chat"


@dataclass(frozen=True)
class Turn:
    events: list[SseEvent]

    @property
    def thread_id(self) -> str:
        return str(self.done["thread_id"])

    @property
    def done(self) -> dict[str, object]:
        assert self.events[-1].event == "done", self.events[-1]
        return self.events[-1].data

    @property
    def text(self) -> str:
        return "".join(str(e.data["text"]) for e in self.events if e.event == "token")

    @property
    def sources(self) -> list[str]:
        citations = self.done["citations"]
        assert isinstance(citations, list)
        return [f"{Path(c['source']).name} › {c['heading'].split(' › ')[-1]}" for c in citations]


@pytest.fixture(scope="module")
async def learners(
    tmp_path_factory: pytest.TempPathFactory, database: Database, database_url: str
) -> Learners:
    """Alice has a log and two notes; Bob has nothing ingested."""
    suffix = uuid.uuid4().hex[:8]
    store = KnowledgeStore.from_settings(database, load_settings(database_url=database_url))
    alice = f"alice-{suffix}"
    corpus = await ingest_corpus(store, alice, tmp_path_factory.mktemp("chat-corpus"))
    return Learners(alice=alice, bob=f"bob-{suffix}", corpus=corpus)


@pytest.fixture(scope="module")
def settings(learners: Learners, database_url: str, mentor_home: Path) -> Settings:
    return load_settings(
        database_url=database_url,
        mentor_home=mentor_home,
        mentor_api_token=OPERATOR,
        mentor_api_tokens=learners.tokens(),
    )


@pytest.fixture(scope="module")
def base_url(settings: Settings) -> Iterator[str]:
    with running_server(create_app(settings)) as url:
        yield url


def client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120)


def ask(http: httpx.Client, message: str, **body: object) -> Turn:
    with http.stream("POST", "/chat", json={"message": message, **body}) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return Turn(list(iter_sse(response)))


def test_an_answer_streams_as_tokens_and_cites_the_log_section(
    base_url: str, learners: Learners
) -> None:
    with client(base_url, "alice-chat") as http:
        turn = ask(http, FIRST)

    assert turn.events[0] == SseEvent("thread", {"thread_id": turn.thread_id})
    tokens = [event for event in turn.events if event.event == "token"]
    assert len(tokens) >= 3  # the label, each passage and the sources arrive separately
    assert [event.event for event in turn.events[1:-1]] == ["token"] * len(tokens)
    assert turn.done["mode"] == "extractive"
    assert turn.sources[0] == "learning_log_step1.md › Blocking calls in async handlers"
    text = turn.text
    assert text.startswith("_Extractive answer — no language model is configured")
    assert "[1] learning_log_step1.md" in text
    assert "You fixed it in commit 3f2a91c by switching to asyncio.sleep" in text
    assert f"{learners.corpus['log']}#blocking-calls-in-async-handlers" in text


def test_a_follow_up_on_the_same_thread_builds_on_the_earlier_question(base_url: str) -> None:
    with client(base_url, "alice-chat") as http:
        first = ask(http, FIRST)
        follow_up = ask(http, FOLLOW_UP, thread_id=first.thread_id)
        fresh = ask(http, FOLLOW_UP)
        history = http.get(f"/threads/{first.thread_id}").json()

    assert follow_up.thread_id == first.thread_id
    # Alone, "how do I fix that?" is about fixing tests; after the question on slow async
    # handlers, it is about the blocking calls.
    assert fresh.sources[0] == "debugging.md › How to fix a failing test"
    assert follow_up.sources[0] == "learning_log_step1.md › Blocking calls in async handlers"
    assert fresh.thread_id != first.thread_id

    assert [(m["role"], m["content"]) for m in history["messages"]] == [
        ("user", FIRST),
        ("assistant", first.text),
        ("user", FOLLOW_UP),
        ("assistant", follow_up.text),
    ]
    assert history["messages"][3]["citations"][0]["heading"].endswith(
        "Blocking calls in async handlers"
    )
    assert history["messages"][3]["mode"] == "extractive"


def test_a_chinese_question_gets_a_chinese_extractive_answer(base_url: str) -> None:
    with client(base_url, "alice-chat") as http:
        turn = ask(http, "我上次的主要问题是什么？")
    assert turn.text.startswith("_摘录式回答——未配置大语言模型")
    assert turn.sources[0] == "学习笔记.md › 上次的主要问题"
    assert "上次复盘的主要问题是在异步接口里调用了阻塞的 time.sleep" in turn.text
    assert "出处：[1]" in turn.text


def test_a_learner_sees_only_their_own_threads_and_documents(
    base_url: str, learners: Learners
) -> None:
    with client(base_url, "alice-chat") as alice, client(base_url, "bob-chat") as bob:
        alices = ask(alice, FIRST)
        assert bob.get(f"/threads/{alices.thread_id}").status_code == 404
        refused = bob.post("/chat", json={"message": FOLLOW_UP, "thread_id": alices.thread_id})
        assert refused.status_code == 404
        assert refused.json()["error"]["code"] == "not-found"
        assert (
            bob.post("/chat", json={"message": FIRST, "learner": learners.alice}).status_code == 403
        )

        bobs = ask(bob, FIRST)
        assert bobs.done["citations"] == []
        assert "Nothing in your ingested documents or learning logs matches" in bobs.text
        assert alice.get(f"/threads/{bobs.thread_id}").status_code == 404
        assert bob.get(f"/threads/{bobs.thread_id}").json()["learner"] == learners.bob

    # Alice's thread is untouched by Bob's attempt; the operator sees both.
    with client(base_url, OPERATOR) as operator:
        history = operator.get(f"/threads/{alices.thread_id}").json()
        assert history["learner"] == learners.alice
        assert [m["role"] for m in history["messages"]] == ["user", "assistant"]
        assert operator.get(f"/threads/{uuid.uuid4()}").status_code == 404


def test_bad_chat_requests_are_refused_with_reasons(base_url: str) -> None:
    with client(base_url, "alice-chat") as http:
        blank = http.post("/chat", json={"message": "   "})
        assert blank.status_code == 422
        assert blank.json()["error"]["details"][0]["field"] == "body.message"
        assert http.post("/chat", json={"message": "hi", "thread_id": "nope"}).status_code == 422
        assert http.get("/threads/not-a-uuid").status_code == 422
    with httpx.Client(base_url=base_url) as anonymous:
        assert anonymous.post("/chat", json={"message": FIRST}).status_code == 401


def test_a_thread_resumes_after_the_server_restarts(settings: Settings) -> None:
    with running_server(create_app(settings)) as url, client(url, "alice-chat") as http:
        first = ask(http, FIRST)
    with running_server(create_app(settings)) as url, client(url, "alice-chat") as http:
        follow_up = ask(http, FOLLOW_UP, thread_id=first.thread_id)
        history = http.get(f"/threads/{first.thread_id}").json()
    assert follow_up.sources[0] == "learning_log_step1.md › Blocking calls in async handlers"
    assert [m["content"] for m in history["messages"]] == [
        FIRST,
        first.text,
        FOLLOW_UP,
        follow_up.text,
    ]
