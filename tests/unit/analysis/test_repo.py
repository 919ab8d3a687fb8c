"""Opening the folder to review: clear errors for bad paths, git state for good ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis.repo import open_repo
from mentorbot.errors import RepoError
from tests.gitrepo import GitRepo


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(RepoError) as caught:
        open_repo(missing)
    assert caught.value.code == "not-found"
    assert str(caught.value) == f"No such directory: {missing}"


def test_a_file_is_not_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "main.py"
    target.write_text("print('hi')\n")
    with pytest.raises(RepoError) as caught:
        open_repo(str(target))
    assert caught.value.code == "not-a-directory"
    assert str(caught.value) == f"Not a directory: {target}"


def test_plain_folder_has_no_git(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("x = 1\n")
    info = open_repo(tmp_path)
    assert info.root == tmp_path.resolve()
    assert info.has_git is False
    assert (info.head, info.branch, info.git_root, info.empty) == (None, None, None, False)


def test_empty_repo_has_git_but_no_head(tmp_path: Path) -> None:
    GitRepo(tmp_path).init()
    info = open_repo(tmp_path)
    assert info.has_git is True
    assert info.empty is True
    assert info.head is None
    assert info.branch == "main"
    assert info.git_root == tmp_path.resolve()


def test_repo_with_commits_reports_head_and_branch(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("main.py", "x = 1\n")
    first = repo.commit("feat: first")
    repo.checkout("feature/login", create=True)

    info = open_repo(tmp_path)

    assert info.head == first
    assert info.branch == "feature/login"
    assert info.empty is False
    assert info.is_subfolder is False


def test_detached_head_has_no_branch(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("main.py", "x = 1\n")
    first = repo.commit("feat: first")
    repo.git("checkout", "-q", "--detach", first)

    info = open_repo(tmp_path)

    assert (info.head, info.branch) == (first, None)


def test_subfolder_keeps_its_own_root_and_notes_the_git_top(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("backend/app.py", "x = 1\n")
    head = repo.commit("feat: backend")

    info = open_repo(tmp_path / "backend")

    assert info.root == (tmp_path / "backend").resolve()
    assert info.git_root == tmp_path.resolve()
    assert info.has_git is True
    assert info.head == head
    assert info.is_subfolder is True
