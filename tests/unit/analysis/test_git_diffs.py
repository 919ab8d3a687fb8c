"""Blobs, diffs and blame through the git CLI, its errors, and a hostile repo config."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis import git, git_blame
from mentorbot.analysis.git import ChangedPath, Hunk
from mentorbot.analysis.git_batch import commit_diffs
from mentorbot.errors import RepoError
from tests.gitrepo import GitRepo
from tests.unit.analysis.conftest import FIXED_MAIN


def test_read_blobs_outside_git_is_a_repo_error(tmp_path: Path) -> None:
    with pytest.raises(RepoError) as caught:
        git.read_blobs(tmp_path, ["HEAD:main.py"])
    assert caught.value.code == "not-a-git-repo"


def test_git_errors_become_repo_errors(tmp_path: Path, history: GitRepo) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(RepoError) as not_repo:
        git.head_sha(plain)
    assert not_repo.value.code == "not-a-git-repo"
    assert str(not_repo.value) == f"Not a git repository: {plain}"
    with pytest.raises(RepoError) as bad_since:
        list(git.iter_commits(history.path, since="no-such-branch"))
    assert str(bad_since.value) == "Unknown revision: no-such-branch"
    with pytest.raises(RepoError) as option:
        git.is_ancestor(history.path, "--output=stolen.txt", "HEAD")
    assert option.value.code == "bad-revision"


def test_read_blobs_gives_none_for_missing_specs(history: GitRepo) -> None:
    first = history.sha_of("feat: add app")
    specs = [f"{first}:app/util.py", "HEAD:app/util.py", "HEAD:app/main.py", "HEAD:app", "nope:x"]

    blobs = git.read_blobs(history.path, specs)

    assert blobs == {
        f"{first}:app/util.py": b"def helper():\n    return 1\n",
        "HEAD:app/util.py": None,
        "HEAD:app/main.py": FIXED_MAIN.encode(),
        "HEAD:app": None,
        "nope:x": None,
    }


def test_commit_diffs_against_the_first_parent(history: GitRepo) -> None:
    fix = history.sha_of("修复：不要在 async 函数里阻塞事件循环")
    first = history.sha_of("feat: add app")
    assert commit_diffs(history.path, [(fix, first)])[fix].changes == [
        ChangedPath("R", "app/util.py", "app/helpers.py"),
        ChangedPath("M", "app/main.py", "app/main.py"),
    ]


def test_diff_hunks(history: GitRepo) -> None:
    fix = history.sha_of("修复：不要在 async 函数里阻塞事件循环")
    assert git.diff_hunks(history.path, fix, "app/main.py") == [
        Hunk(old_start=1, old_count=1, new_start=1, new_count=1),
        Hunk(old_start=5, old_count=1, new_start=5, new_count=1),
    ]
    root = history.sha_of("feat: add app")
    assert git.diff_hunks(history.path, root, "app/util.py") == [
        Hunk(old_start=0, old_count=0, new_start=1, new_count=2)
    ]
    assert git.diff_hunks(history.path, fix, "tests/test_main.py") == []


def test_blame_origin(history: GitRepo) -> None:
    first = history.sha_of("feat: add app")
    fix = history.sha_of("修复：不要在 async 函数里阻塞事件循环")

    assert git_blame.blame_origin(history.path, "HEAD", "app/main.py", 4) == (
        first,
        "2026-01-05T10:00:00+00:00",
    )
    assert git_blame.blame_origin(history.path, "HEAD", "app/main.py", 5) == (
        fix,
        "2026-01-12T09:30:00+08:00",
    )
    assert git_blame.blame_origin(history.path, first, "app/main.py", 5) == (
        first,
        "2026-01-05T10:00:00+00:00",
    )
    assert git_blame.blame_origin(history.path, "HEAD", "app/main.py", 99) is None
    assert git_blame.blame_origin(history.path, "HEAD", "app/util.py", 1) is None


def test_blame_sees_through_a_line_only_re_indented(tmp_path: Path) -> None:
    """A session block taken out re-indented the SQL under it: "introduced in" named that
    commit, not the one that wrote the query (blind check h4)."""
    repo = GitRepo(tmp_path / "indented").init()
    query = "result = await db.execute(text(f\"SELECT * FROM posts WHERE title = '{q}'\"))\n"
    repo.write(
        "app/main.py", "async def search(q):\n    async with Session() as db:\n        " + query
    )
    written = repo.commit("feat: search", date="2026-02-01T10:00:00+00:00")
    repo.write("app/main.py", "async def search(q, db):\n    " + query)
    repo.commit("refactor: the session from Depends", date="2026-02-03T10:00:00+00:00")

    origin = git_blame.blame_origin(repo.path, "HEAD", "app/main.py", 2)
    assert origin == (written, "2026-02-01T10:00:00+00:00")


def test_blame_follows_a_route_moved_into_a_router_module(tmp_path: Path) -> None:
    """Splitting main.py into routers does not make the moved lines new: their origin is the
    commit that wrote them in main.py, while a line the move did write is the move's."""
    repo = GitRepo(tmp_path / "moved").init()
    route = (
        "async def create_link(body, db):\n"
        "    link = Link(code=make_code(), target=body.target)\n"
        "    db.add(link)\n"
        "    db.commit()\n"
        "    db.refresh(link)\n"
        "    return link\n"
    )
    repo.write("app/main.py", "app = FastAPI()\n\n\n@app.post('/links')\n" + route)
    first = repo.commit("feat: links", date="2026-02-01T10:00:00+00:00")
    repo.write("app/main.py", "app = FastAPI()\napp.include_router(links.router)\n")
    repo.write("app/routes/links.py", "router = APIRouter()\n\n\n@router.post('/links')\n" + route)
    moved = repo.commit("refactor: routers", date="2026-02-03T10:00:00+00:00")

    assert git_blame.blame_origin(repo.path, moved, "app/routes/links.py", 8) == (
        first,
        "2026-02-01T10:00:00+00:00",
    )
    assert git_blame.blame_origin(repo.path, moved, "app/routes/links.py", 1) == (
        moved,
        "2026-02-03T10:00:00+00:00",
    )


def test_repo_config_cannot_make_git_run_programs(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "evil").init()
    repo.write(".gitattributes", "*.py diff=evil\n")
    repo.write("app.py", "x = 1\n")
    repo.commit("feat: app")
    repo.write("app.py", "x = 2\n")
    head = repo.commit("fix: value", date="2026-01-06T10:00:00+00:00")
    # The hostile config arrives with the repo, after its history was written.
    marker = tmp_path / "pwned"
    repo.git("config", "diff.evil.textconv", f"touch {marker}; cat")
    repo.git("config", "diff.evil.command", f"touch {marker}")
    repo.git("config", "diff.external", f"touch {marker}")
    repo.git("config", "core.fsmonitor", f"touch {marker}")
    repo.git("config", "core.pager", f"touch {marker}; cat")
    repo.write(".git/hooks/post-checkout", f"#!/bin/sh\ntouch {marker}\n")
    (repo.path / ".git/hooks/post-checkout").chmod(0o755)

    commits = list(git.iter_commits(repo.path))
    hunks = git.diff_hunks(repo.path, head, "app.py")
    origin = git_blame.blame_origin(repo.path, head, "app.py", 1)
    batched = commit_diffs(repo.path, [(head, commits[0].parent or "")])[head]

    assert not marker.exists()
    assert commits[0].files == ("app.py",)
    assert hunks == [Hunk(1, 1, 1, 1)]
    assert batched.hunks_of(repo.path, "app.py") == [Hunk(1, 1, 1, 1)]
    assert origin == (head, "2026-01-06T10:00:00+00:00")


def test_a_subfolder_review_sees_its_own_history_with_its_own_paths(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("backend/app/main.py", "x = 1\n")
    repo.write("frontend/index.js", "let x = 1\n")
    repo.commit("feat: both apps")
    repo.write("frontend/index.js", "let x = 2\n")
    repo.commit("fix: frontend value", date="2026-01-06T10:00:00+00:00")
    repo.write("backend/app/main.py", "x = 2\n")
    fix = repo.commit("fix: backend value", date="2026-01-07T10:00:00+00:00")
    backend = tmp_path / "backend"

    commits = list(git.iter_commits(backend))

    assert [(commit.subject, commit.files) for commit in commits] == [
        ("fix: backend value", ("app/main.py",)),
        ("feat: both apps", ("app/main.py",)),
    ]
    diff = commit_diffs(backend, [(fix, commits[0].parent or "")])[fix]
    assert diff.changes == [ChangedPath("M", "app/main.py", "app/main.py")]
    assert diff.hunks_of(backend, "app/main.py") == [Hunk(1, 1, 1, 1)]
    assert git.read_blobs(backend, [f"{fix}:app/main.py", f"{fix}:frontend/index.js"]) == {
        f"{fix}:app/main.py": b"x = 2\n",
        f"{fix}:frontend/index.js": None,
    }
    assert git.diff_hunks(backend, fix, "app/main.py") == [Hunk(1, 1, 1, 1)]
    assert git_blame.blame_origin(backend, fix, "app/main.py", 1) == (
        fix,
        "2026-01-07T10:00:00+00:00",
    )
