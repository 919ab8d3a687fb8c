"""Fixtures shared by the analysis tests: a small git history with a fix in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import GitRepo

FIXED_MAIN = "import asyncio\n\n\nasync def list_tasks():\n    await asyncio.sleep(1)\n"


@pytest.fixture
def history(tmp_path: Path) -> GitRepo:
    """Three commits on main: add app, fix it (with a rename), add tests."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", "import time\n\n\nasync def list_tasks():\n    time.sleep(1)\n")
    repo.write("app/util.py", "def helper():\n    return 1\n")
    repo.commit("feat: add app", date="2026-01-05T10:00:00+00:00")
    repo.write("app/main.py", FIXED_MAIN)
    repo.delete("app/util.py")
    repo.write("app/helpers.py", "def helper():\n    return 1\n")
    repo.commit(
        "修复：不要在 async 函数里阻塞事件循环\n\n用 asyncio.sleep 代替 time.sleep",
        date="2026-01-12T09:30:00+08:00",
        author="小明 <xiaoming@example.com>",
    )
    repo.write("tests/test_main.py", "def test_ok():\n    assert True\n")
    repo.commit("test: cover list_tasks", date="2026-01-19T10:00:00+00:00")
    return repo
