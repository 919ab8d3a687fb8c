"""One ``diff-tree --stdin`` per chunk of commits tells exactly what per-commit diffs tell."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.git import ChangedPath, Hunk
from mentorbot.analysis.git_batch import commit_diffs
from mentorbot.analysis.git_cli import DIFF_FLAGS, run_git
from tests.gitrepo import GitRepo


def _history(repo: GitRepo) -> None:
    """Renames, odd file names, binary files, deletions, a mode change and an empty commit."""
    repo.write("app/main.py", "import time\n\n\nasync def tick():\n    time.sleep(1)\n")
    repo.write("app/util.py", "def helper():\n    return 1\n")
    repo.write("docs/notes on setup.md", "first\n")
    repo.write("docs/笔记.md", "第一版\n")
    repo.write("assets/logo.png", b"\x89PNG\r\n\x1a\n\x00\x01")
    repo.commit("feat: start")
    repo.write("app/main.py", "import asyncio\n\n\nasync def tick():\n    await asyncio.sleep(1)\n")
    repo.delete("app/util.py")
    repo.write("app/helpers.py", "def helper():\n    return 1\n")
    repo.write("docs/notes on setup.md", "second\nthird\n")
    repo.write("docs/笔记.md", "第二版\n")
    repo.write("assets/logo.png", b"\x89PNG\r\n\x1a\n\x00\x02")
    repo.commit("fix: do not block the loop")
    repo.commit("chore: nothing", allow_empty=True)
    repo.write('app/say "hi".py', "print('hi')\n")
    repo.delete("docs/笔记.md")
    (repo.path / "app/main.py").chmod(0o755)
    repo.commit("fix: odd names and modes")


def _pairs(root: Path) -> list[tuple[str, str]]:
    return [(c.sha, c.parent) for c in git.iter_commits(root) if c.parent]


def _changed_alone(root: Path, sha: str, parent: str) -> list[ChangedPath]:
    """What ``git diff --name-status`` says of this one commit against its first parent."""
    done = run_git(root, ["diff", "--name-status", "-z", "-M", *DIFF_FLAGS, parent, sha, "--"])
    return git.parse_name_status(done.stdout.decode("utf-8", "replace").split("\0"), 0)[0]


def test_every_commits_changes_and_hunks_match_the_per_commit_diffs(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    _history(repo)
    pairs = _pairs(repo.path)

    diffs = commit_diffs(repo.path, pairs)

    assert len(pairs) == 3
    compared = 0
    for sha, parent in pairs:
        assert diffs[sha].changes == _changed_alone(repo.path, sha, parent)
        for change in diffs[sha].changes:
            if change.new_path is not None:
                expected = git.diff_hunks(repo.path, sha, change.new_path)
                assert diffs[sha].hunks_of(repo.path, change.new_path) == expected
                compared += bool(expected)
    fix = repo.sha_of("fix: do not block the loop")
    assert ChangedPath("R", "app/util.py", "app/helpers.py") in diffs[fix].changes
    assert diffs[fix].hunks_of(repo.path, "docs/notes on setup.md") == [Hunk(1, 1, 1, 2)]
    assert diffs[fix].hunks_of(repo.path, "assets/logo.png") == []
    assert compared >= 4
