"""Bad input gets a clear one-line error or a graceful result, and loses nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mentorbot.knowledge import reviews
from mentorbot.services import Services
from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded
from tests.repos import build_large_repo, build_task_api


def assert_one_line_error(completed: Any, exit_code: int, *fragments: str) -> None:
    assert completed.returncode == exit_code, completed.stderr
    assert "Traceback" not in completed.stderr
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("review",), "Missing argument 'repo'"),
        (("review", ".", "--bogus"), "No such option: --bogus"),
        (("revue", "."), "No such command 'revue'"),
        (("review", ".", "--step", "2147483648"), "less than or equal to 10000"),
    ],
)
def test_a_command_line_mistake_gets_the_usage_and_exit_2(
    mentor_cli: Any, args: tuple[str, ...], message: str
) -> None:
    completed = mentor_cli(*args)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "Usage: " in completed.stderr and "--help" in completed.stderr
    assert message in completed.stderr


def test_missing_path(mentor_cli: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert_one_line_error(mentor_cli("review", str(missing)), 2, "No such directory", str(missing))


def test_a_file_instead_of_a_folder(mentor_cli: Any, tmp_path: Path) -> None:
    file = tmp_path / "main.py"
    file.write_text("print('hi')\n")
    assert_one_line_error(mentor_cli("review", str(file)), 2, str(file))


def test_a_bare_repository_or_a_git_folder_is_refused_and_left_untouched(
    mentor_cli: Any, tmp_path: Path
) -> None:
    api = build_task_api(tmp_path / "task-api")
    bare = tmp_path / "task-api.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(api.path), str(bare)], check=True)
    for storage in (bare, api.path / ".git", api.path / ".git" / "hooks"):
        before = sorted(path.name for path in storage.iterdir())
        completed = mentor_cli("review", str(storage))
        assert_one_line_error(completed, 2, str(storage), "review a clone of it")
        assert sorted(path.name for path in storage.iterdir()) == before


def test_an_output_that_is_a_folder_or_empty_is_refused(mentor_cli: Any, tmp_path: Path) -> None:
    """``--output logs/`` wrote a file named ``logs``; an existing folder or an empty value
    failed with a traceback (blind check g1)."""
    api = build_task_api(tmp_path / "task-api")
    folder = tmp_path / "logs"
    folder.mkdir()
    for output, said in ((str(folder), "is a directory"), ("", "is empty")):
        completed = mentor_cli("review", str(api.path), "--output", output)
        assert_one_line_error(completed, 4, said)
    completed = mentor_cli("review", str(api.path), "--output", f"{tmp_path / 'new'}/")
    assert_one_line_error(completed, 4, "is a directory")
    assert not (tmp_path / "new").exists()
    assert list(folder.iterdir()) == []
    assert not (api.path / "docs").exists()


def test_unknown_since_revision(mentor_cli: Any, tmp_path: Path) -> None:
    api = build_task_api(tmp_path / "task-api")
    completed = mentor_cli("review", str(api.path), "--since", "deadbeef")
    assert_one_line_error(completed, 2, "deadbeef")
    assert not (api.path / "docs").exists()


def test_database_that_cannot_be_reached(mentor_cli: Any, tmp_path: Path) -> None:
    api = build_task_api(tmp_path / "task-api")
    url = f"postgresql://postgres@/mentor?host={tmp_path / 'no-server'}"
    completed = mentor_cli("review", str(api.path), env={"DATABASE_URL": url})
    assert_one_line_error(completed, 3, "cannot reach the database")
    assert not (api.path / "docs").exists()


async def test_folder_that_is_not_a_git_repo(review: Any, learner: str, tmp_path: Path) -> None:
    folder = tmp_path / "scratch"
    (folder / "app").mkdir(parents=True)
    (folder / "app" / "main.py").write_text(
        "import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        "@app.get('/ping')\nasync def ping():\n    time.sleep(1)\n    return {'ok': True}\n"
    )
    result = await review(repo_path=str(folder), learner=learner)
    report = result["report"]
    assert report.has_git is False
    assert report.commits == ()
    assert ("blocking-call-in-async", "app/main.py", 10) in {
        (f.category, f.path, f.line) for f in report.findings
    }
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    assert "不是 git 仓库" in log
    assert_grounded(folder, log)


async def test_a_path_with_spaces_and_accents_is_cited_as_it_is(
    review: Any, learner: str, tmp_path: Path
) -> None:
    repo = GitRepo(tmp_path / "spaced").init()
    repo.write(
        "app/mäin routes.py",
        "import time\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        "@app.get('/')\nasync def root():\n    time.sleep(1)\n    return {}\n",
    )
    repo.commit("feat: routes")

    result = await review(repo_path=str(repo.path), learner=learner, language="en")

    log = Path(result["log_path"]).read_text(encoding="utf-8")
    assert "`app/mäin routes.py:10`" in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, result["report"].model_dump_json())


async def test_empty_git_repo(review: Any, learner: str, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "empty").init()
    result = await review(repo_path=str(repo.path), learner=learner, language="en")
    report = result["report"]
    assert report.has_git is True and report.head is None
    assert report.metrics.files == 0
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    assert "no commits yet" in log
    assert "No text files to analyse" in log


async def test_binary_huge_and_symlinked_files_are_skipped_and_counted(
    review: Any, learner: str, tmp_path: Path
) -> None:
    repo = GitRepo(tmp_path / "assets").init()
    repo.write("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    repo.write("data.bin", bytes(range(256)) * 4)
    repo.write("big.py", "x = 1\n" * 200_000)
    repo.write("app.py", "def add(a: int, b: int) -> int:\n    return a + b\n")
    repo.commit("chore: assets")
    os.symlink("..", repo.path / "loop")
    result = await review(repo_path=str(repo.path), learner=learner)
    report = result["report"]
    assert report.skipped.binary == 2
    assert report.skipped.too_large == 1
    assert report.skipped.symlinks == 1
    assert [f.path for f in result["report"].findings if f.path == "big.py"] == []
    assert report.metrics.files == 1


async def test_syntax_errors_and_non_utf8_text(review: Any, learner: str, tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "broken").init()
    repo.write("app/broken.py", "def create(:\n    pass\n")
    repo.write("app/legacy.py", "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n".encode("latin-1"))
    repo.write("app/notes.py", b"\xff\xfe bad bytes \x80\n")
    # Valid code read as latin-1, but Python refuses the file: it is not UTF-8 and declares no
    # encoding (blind check g1 found no finding for it).
    repo.write("app/greeting.py", b'import time\n\nGREETING = "caf\xe9"\n')
    repo.commit("feat: first try")
    result = await review(repo_path=str(repo.path), learner=learner)
    report = result["report"]
    syntax = [(f.rule, f.path, f.line) for f in report.findings if f.rule == "MB001"]
    assert ("MB001", "app/broken.py", 1) in syntax
    assert ("MB001", "app/greeting.py", 3) in syntax
    assert ("MB001", "app/notes.py", 1) in syntax
    assert "app/legacy.py" not in {f.path for f in report.findings if f.rule == "MB001"}
    log = Path(result["log_path"]).read_text(encoding="utf-8")
    assert "`app/broken.py:1`" in log


async def test_a_log_the_learner_edited_is_never_lost(
    review: Any, learner: str, tmp_path: Path
) -> None:
    api = build_task_api(tmp_path / "task-api")
    first = await review(repo_path=str(api.path), learner=learner, step=1)
    path = Path(first["log_path"])
    original = path.read_text(encoding="utf-8")
    my_notes = "\n## 我的笔记\n\n这周最难的是理解事件循环。\n"
    edited_overview = original.replace("## 学习概览", "## 学习概览（我改过）", 1)
    path.write_text(edited_overview + my_notes, encoding="utf-8")

    await review(repo_path=str(api.path), learner=f"{learner}-again", step=1)
    merged = path.read_text(encoding="utf-8")
    assert merged.endswith(my_notes)
    assert "## 学习概览（我改过）" in merged
    assert "<!-- mentor:begin overview.updated" in merged
    assert merged.count("<!-- mentor:begin problems") == 1


def test_embedded_database_that_cannot_start(mentor_cli: Any, tmp_path: Path) -> None:
    api = build_task_api(tmp_path / "task-api")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should go\n")
    completed = mentor_cli(
        "review", str(api.path), env={"DATABASE_URL": "", "MENTOR_HOME": str(blocker / "home")}
    )
    assert_one_line_error(completed, 3, "could not start the embedded database")
    assert not (api.path / "docs").exists()


async def test_a_damaged_history_fails_in_one_line_and_the_record_says_so(
    mentor_cli: Any, services: Services, learner: str, tmp_path: Path
) -> None:
    api = build_task_api(tmp_path / "task-api")
    lost = api.fix_session  # a commit in the middle of the history loses its object
    (api.path / ".git" / "objects" / lost[:2] / lost[2:]).unlink()

    completed = mentor_cli("review", str(api.path), "--learner", learner)

    assert_one_line_error(completed, 2, "git log failed", lost)
    assert not (api.path / "docs").exists()
    async with services.db.session() as session:
        history = await reviews.list_reviews(session, learner=learner)
    assert [(review.status, review.error) for review in history] == [
        ("failed", f"scan: {completed.stderr.strip().removeprefix('error: ')}")
    ]


def test_a_temp_dir_too_deep_for_the_fork_server_still_reviews_with_workers(
    mentor_cli: Any, learner: str, tmp_path: Path
) -> None:
    repo = tmp_path / "large"
    build_large_repo(repo, modules=300)  # enough new source that the scan starts its workers
    deep = tmp_path / ("t" * 60) / ("u" * 60)  # a unix socket path there is over the limit
    deep.mkdir(parents=True)

    completed = mentor_cli("review", str(repo), "--learner", learner, env={"TMPDIR": str(deep)})

    assert completed.returncode == 0, completed.stderr
    warning = "no fork server for the analysis workers (AF_UNIX path too long); spawning them"
    assert completed.stderr.strip() == warning
    assert (repo / "docs" / "learning_log_step1.md").is_file()
    assert "300 files" in completed.stdout
