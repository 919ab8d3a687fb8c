"""A fix made on a branch and merged with a merge commit is one solved problem, credited to the
branch's commit: the merge's diff against main is that same fix ("Merge branch 'fix-sleep'"
says "sleep" too), and counting it again doubled the learner's fixes."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

BLOCKING = """\
import time

from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report():
    time.sleep(2)
    return {"ready": True}
"""
FIXED = BLOCKING.replace("import time", "import asyncio").replace(
    "time.sleep(2)", "await asyncio.sleep(2)"
)


def test_a_fix_merged_from_a_branch_is_credited_once_to_the_branch_commit(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "branches").init()
    repo.write("app/main.py", BLOCKING)
    repo.commit("feat: report", date="2026-05-01T10:00:00+00:00")
    repo.checkout("fix-sleep", create=True)
    repo.write("app/main.py", FIXED)
    fix = repo.commit("fix: do not block the event loop", date="2026-05-02T10:00:00+00:00")
    repo.checkout("main")
    repo.write("README.md", "# report\n")
    repo.commit("docs: readme", date="2026-05-03T10:00:00+00:00")
    repo.merge("fix-sleep", "Merge branch 'fix-sleep'", date="2026-05-04T10:00:00+00:00")

    lessons = solved_lessons(repo, tmp_path)

    assert [(lesson.rule, lesson.commit) for lesson in lessons] == [("MB101", fix)]
