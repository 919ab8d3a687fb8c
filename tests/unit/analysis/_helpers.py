"""Sample code and small git histories shared by the analysis tests."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo

# A report route that blocks: the lesson-origin tests rename, rewrap and date it.
REPORTS = """\
import requests
from fastapi import FastAPI

app = FastAPI()


def fetch_report(url: str) -> dict:
    return requests.get(url, timeout=10).json()


@app.get("/report")
async def report(url: str) -> dict:
    data = fetch_report(url)
    return {"report": data}
"""


# A shop API with paging helpers, the base of the words-only fix tests.
PAGES = '''\
"""Paging of list endpoints."""

DEFAULT_PAGE_SIZE = 20


def page_bounds(page: int, size: int = DEFAULT_PAGE_SIZE) -> tuple[int, int]:
    """First and last index of a page (pages start at 1)."""
    start = (page - 1) * size
    return start, start + size
'''


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("README.md", "# Shop API\n\nRun it with uvicron.\n")
    repo.write("app/__init__.py", "")
    repo.write("app/pages.py", PAGES)
    repo.commit("feat: paging helpers")
    return repo


def _fixed(
    tmp_path: Path, files: dict[str, str], path: str, after: str, message: str
) -> tuple[GitRepo, str]:
    """The repo with ``files`` added by a feature commit, then ``path`` rewritten to ``after`` by a
    commit with ``message``; the repo and that commit's sha."""
    repo = _repo(tmp_path)
    for name, text in files.items():
        repo.write(name, text)
    repo.commit("feat: add the feature")
    repo.write(path, after)
    return repo, repo.commit(message)
