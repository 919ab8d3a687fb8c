"""A fix a later commit undid by hand (no ``git revert``, the old code simply put back) solved
nothing that held, while a fix whose problem only turns up again in new code still did (blind
check h2: "chore: drop aiofiles dependency, corpus is tiny anyway")."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

CORPUS = """\
import os

from fastapi import FastAPI

app = FastAPI()


async def load_corpus(directory: str) -> dict[str, str]:
    corpus = {}
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding="utf-8") as fh:
            text = fh.read()
        corpus[name] = text
    return corpus


@app.get("/corpus")
async def corpus_size() -> dict:
    return {"documents": len(await load_corpus("corpus"))}
"""
FIXED = CORPUS.replace("import os\n", "import os\n\nimport aiofiles\n").replace(
    """        with open(os.path.join(directory, name), encoding="utf-8") as fh:
            text = fh.read()""",
    """        async with aiofiles.open(os.path.join(directory, name), encoding="utf-8") as fh:
            text = await fh.read()""",
)
NOTES = """

async def load_notes(path: str) -> list[str]:
    with open(path, encoding="utf-8") as notes:
        return notes.read().splitlines()
"""


def _fixed_repo(tmp_path: Path) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "rag").init()
    repo.write("app/main.py", CORPUS)
    repo.commit("corpus endpoint", date="2026-03-01T10:00:00+00:00")
    repo.write("app/main.py", FIXED)
    fix = repo.commit(
        "fix: read corpus files with aiofiles instead of blocking open()",
        date="2026-03-02T10:00:00+00:00",
    )
    return repo, fix


def test_a_fix_whose_old_code_was_put_back_by_hand_is_no_solved_problem(tmp_path: Path) -> None:
    repo, _ = _fixed_repo(tmp_path)
    repo.write("app/main.py", CORPUS)
    repo.commit(
        "chore: drop aiofiles dependency, corpus is tiny anyway", date="2026-03-03T10:00:00+00:00"
    )

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_whose_problem_turns_up_in_new_code_still_solved_its_own(tmp_path: Path) -> None:
    repo, fix = _fixed_repo(tmp_path)
    repo.write("app/main.py", FIXED + NOTES)
    repo.commit("notes loader", date="2026-03-03T10:00:00+00:00")

    assert [(lesson.commit, lesson.rule) for lesson in solved_lessons(repo, tmp_path)] == [
        (fix, "MB101")
    ]
