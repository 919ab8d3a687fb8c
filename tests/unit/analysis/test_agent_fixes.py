"""A LangGraph agent served by FastAPI: the graph is compiled in one module and called from an
async route in another. Calling ``graph.invoke`` there runs the whole completion on the event
loop; the commit that awaits ``graph.ainvoke`` instead is a solved blocking-call problem, cited
by its sha and the route's file, whether the route imports the graph or builds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.rules._llm_cases import AGENT, SERVICES
from mentorbot.rules._local_factory_cases import SYNC_CHAT_APP, on_async_client
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

IMPORTED = """\
from fastapi import FastAPI

from app.agent import graph

app = FastAPI()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    result = graph.invoke({"messages": [("user", question)]})
    return {"answer": str(result["messages"][-1].content)}
"""
BUILT = IMPORTED.replace(
    "from app.agent import graph", "from app.agent import build_graph"
).replace("app = FastAPI()", "app = FastAPI()\ngraph = build_graph()")
CALL = '    result = graph.invoke({"messages": [("user", question)]})'
AWAITED = '    result = await graph.ainvoke({"messages": [("user", question)]})'


@pytest.mark.parametrize("routes", [IMPORTED, BUILT], ids=["imported-graph", "built-graph"])
def test_awaiting_the_graph_in_the_route_is_a_solved_blocking_call(
    routes: str, tmp_path: Path
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/agent.py", AGENT)
    repo.write("app/api.py", routes)
    repo.write(
        "requirements.txt", "fastapi==0.115.0\nlanggraph==0.2.60\nlangchain-openai==0.2.14\n"
    )
    repo.commit("feat: ask the support agent over HTTP")
    repo.write("app/api.py", routes.replace(CALL, AWAITED))
    sha = repo.commit("fix: /ask no longer holds the event loop while the agent thinks")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.category) for lesson in lessons] == [
        (sha, "MB101", "blocking-call-in-async")
    ]
    assert lessons[0].path == "app/api.py"
    assert "graph.invoke(" in lessons[0].before
    assert "await graph.ainvoke(" in lessons[0].after


def test_handing_a_service_helper_that_invokes_the_graph_to_a_thread_is_a_solved_blocking_call(
    tmp_path: Path,
) -> None:
    """The route calls ``run_agent``, a sync helper of a service module around the graph."""
    routes = (
        "from fastapi import FastAPI\n\nfrom app.services import run_agent\n\n"
        'app = FastAPI()\n\n\n@app.post("/ask")\nasync def ask(question: str) -> dict[str, str]:\n'
        '    return {"answer": run_agent(question)}\n'
    )
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/__init__.py", "")
    repo.write("app/agent.py", AGENT)
    repo.write("app/services.py", SERVICES)
    repo.write("app/api.py", routes)
    repo.write("requirements.txt", "fastapi==0.115.0\nlanggraph==0.2.60\n")
    repo.commit("feat: ask the support agent over HTTP")
    repo.write(
        "app/api.py",
        "import asyncio\n\n"
        + routes.replace("run_agent(question)", "await asyncio.to_thread(run_agent, question)"),
    )
    sha = repo.commit("fix: run the agent in a worker thread")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB101", "app/api.py")
    ]
    assert "run_agent(question)" in lessons[0].before


def test_a_factory_of_the_module_turned_to_asyncopenai_is_a_solved_blocking_call(
    tmp_path: Path,
) -> None:
    """A Gradio handler streams through the sync client a function of its module returns; the
    commit that makes that function return an ``AsyncOpenAI`` and awaits the stream was
    credited nowhere (blind check l1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("gradio_app.py", SYNC_CHAT_APP)
    repo.commit("chat ui with gradio", date="2025-02-20T10:00:00+00:00")
    repo.write("gradio_app.py", on_async_client(SYNC_CHAT_APP))
    sha = repo.commit(
        "fix: use AsyncOpenAI so the chat does not block the event loop",
        date="2025-02-22T10:00:00+00:00",
    )

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in lessons] == [
        (sha, "MB101", "gradio_app.py")
    ]
    assert "for chunk in client.chat.completions.create(" in lessons[0].before
    assert "stream = await client.chat.completions.create(" in lessons[0].after
