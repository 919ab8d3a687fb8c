"""The review reads the files on disk; where they are not the HEAD commit's, the log says so.

Its overview names HEAD and its findings cite lines: a secret pasted into a file and not yet
committed was cited at a line that commit does not have, with nothing to tell the learner why."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import ScanResult
from mentorbot.scanning import resolve_since, scan_repository
from tests.gitrepo import GitRepo

STORE = """\
import json


def load(path: str) -> list:
    with open(path) as f:
        return json.load(f)
"""


def _scan(root: Path, tmp_path: Path) -> ScanResult:
    return scan_repository(
        open_repo(str(root)),
        since=None,
        cache=AnalysisCache(tmp_path / "cache"),
        run_ruff_checks=False,
    )


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("backend/todo/store.py", STORE)
    repo.write("backend/todo/cli.py", "print('todo')\n")
    repo.write("README.md", "# Todo\n")
    repo.commit("first version")
    return repo


def test_a_clean_tree_is_the_commit_and_no_note_says_otherwise(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    # A mode change alone is no change of content (a Windows drive marks files executable).
    (repo.path / "backend/todo/cli.py").chmod(0o755)
    scan = _scan(repo.path, tmp_path)

    assert scan.uncommitted == ()
    assert scan.notes == ()


def test_changed_and_new_files_are_named_and_the_note_says_citations_are_the_working_trees(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("backend/todo/store.py", STORE + '\n\nAPI_TOKEN = "not-committed-yet"\n')
    repo.write("backend/todo/stats.py", "def summary() -> str:\n    return ''\n")

    scan = _scan(repo.path, tmp_path)

    assert scan.uncommitted == ("backend/todo/stats.py", "backend/todo/store.py")
    [note] = scan.notes
    head = repo.rev("HEAD")[:8]
    assert note.en == (
        f"2 files on disk differ from commit `{head}` (uncommitted changes: "
        "`backend/todo/stats.py`, `backend/todo/store.py`). The review read the files on disk, "
        "so the lines it cites in them are the working tree's, not that commit's."
    )
    assert note.zh.startswith(
        f"`backend/todo/stats.py`、`backend/todo/store.py` 有尚未提交的改动（与提交 `{head}` 不同）"
    )
    # Reviewing a subfolder: paths relative to it, and only the files under it.
    repo.write("README.md", "# Todo, edited\n")
    assert _scan(repo.path / "backend", tmp_path).uncommitted == ("todo/stats.py", "todo/store.py")


def test_a_file_deleted_on_disk_but_not_in_a_commit_is_named_as_still_committed(
    tmp_path: Path,
) -> None:
    """``rm app/config.py`` without a commit: its key was still in HEAD, and nothing in the
    review said the file was gone from disk only (blind check g1)."""
    repo = _repo(tmp_path)
    head = repo.rev("HEAD")
    (repo.path / "backend/todo/cli.py").unlink()

    scan = _scan(repo.path, tmp_path)

    assert scan.uncommitted == ("backend/todo/cli.py",)
    [note] = scan.notes
    assert note.en == (
        f"1 file of commit `{head[:8]}` is deleted on disk, not in a commit yet "
        "(`backend/todo/cli.py`). The review did not read it; what it holds (a key, say) is still "
        "in that commit and in every clone of it."
    )


def test_a_subfolder_review_says_it_covers_the_folder_and_its_commits_only(
    tmp_path: Path,
) -> None:
    """A subfolder's log said "(the whole history)" while the commits outside the folder were
    left out, and said nothing of the tests beside it (blind check g1)."""
    repo = _repo(tmp_path)
    repo.write("tests/test_store.py", "def test_sum() -> None:\n    assert sum([1, 2]) == 3\n")
    repo.commit("tests")

    scan = _scan(repo.path / "backend", tmp_path)

    assert scan.subfolder
    assert len(scan.commits) == 1
    assert [note.en for note in scan.notes] == [
        "This folder lies inside a bigger git repository: only the files in it were reviewed, "
        "and only the commits that touched it; code and tests outside it are not part of this "
        "review."
    ]
    assert not _scan(repo.path, tmp_path).subfolder


def test_since_a_commit_of_another_branch_is_said_to_be_off_this_branch(tmp_path: Path) -> None:
    """``--since`` a side branch's commit read "everything after it", as if it were in the
    history of the reviewed commit (blind check g1)."""
    repo = _repo(tmp_path)
    repo.checkout("side", create=True)
    repo.write("side.py", "x = 1\n")
    side = repo.commit("side work")
    repo.checkout("main")
    repo.write("later.py", "y = 2\n")
    repo.commit("later work")

    since, notes = resolve_since(open_repo(str(repo.path)), side[:8], None)

    assert since == side
    assert [note.en for note in notes] == [
        f"`--since {side[:8]}` is not an ancestor of the reviewed commit (it is on another "
        "branch): the review covers the commits of this branch that it does not contain, those "
        "after the point where the two branches part."
    ]
    first = repo.rev("HEAD~1")
    assert resolve_since(open_repo(str(repo.path)), first, None) == (first, [])
