"""Database errors a user sees, and the embedded server's life across processes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from mentorbot.cache import ORIGINS_NAME
from mentorbot.errors import DatabaseError
from mentorbot.knowledge.db import Database
from mentorbot.knowledge.embedded import USERS_FILE, ensure_embedded_server, release_embedded_server
from mentorbot.settings import load_settings
from tests.repos import build_task_api

# --- failures a user sees -----------------------------------------------------------------


async def test_unreachable_socket_gives_a_one_line_database_error(tmp_path: Path) -> None:
    url = f"postgresql://postgres:hunter2@/mentor?host={tmp_path}"
    with pytest.raises(DatabaseError) as caught:
        await Database.connect(load_settings(database_url=url))
    message = str(caught.value)
    assert message.startswith("cannot reach the database at postgresql://postgres:***@/mentor")
    assert "hunter2" not in message
    assert "\n" not in message


async def test_closed_port_gives_a_database_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/mentor"
    with pytest.raises(DatabaseError, match=rf"^cannot reach the database at {url}: "):
        await Database.connect(load_settings(database_url=url))


def test_embedded_server_that_cannot_start_names_its_data_dir_not_a_log_never_written(
    tmp_path: Path,
) -> None:
    """The error pointed at a server log that start-up had never written (blind check corpus
    68, where initdb had failed)."""
    home = tmp_path / "not-a-dir"
    home.write_text("a file where MENTOR_HOME should be\n")
    with pytest.raises(DatabaseError) as caught:
        ensure_embedded_server(home)
    message = str(caught.value)
    assert message.startswith(f"could not start the embedded database in {home / 'pgdata'} (")
    assert message.endswith(")")
    assert "see " not in message


@pytest.fixture
def server_home() -> Iterator[Path]:
    """A home outside pytest's 0700 basetemp, which the ``pgserver`` user could not enter."""
    home = Path(tempfile.mkdtemp(prefix="mentor-test-"))
    yield home
    release_embedded_server(home)
    shutil.rmtree(home, ignore_errors=True)


def test_two_processes_share_one_embedded_server_and_it_stops_after_both(
    server_home: Path,
) -> None:
    script = (
        "import sys; from pathlib import Path; "
        "from mentorbot.knowledge.embedded import ensure_embedded_server; "
        "print(ensure_embedded_server(Path(sys.argv[1])))"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(server_home)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    errors = "\n".join(stderr for _, stderr in outputs)
    assert [process.returncode for process in processes] == [0, 0], errors
    uris = {stdout.strip() for stdout, _ in outputs}
    assert uris == {f"postgresql://postgres:@/mentor?host={server_home / 'pgdata'}"}
    assert (server_home / "pgdata" / "PG_VERSION").read_text().strip() == "18"
    assert not (server_home / "pgdata" / "postmaster.pid").exists()


def test_a_finished_review_leaves_no_server_running_and_its_cache_on_disk(
    server_home: Path, tmp_path: Path
) -> None:
    repo = build_task_api(tmp_path / "task-api")
    environment = {**os.environ, "MENTOR_HOME": str(server_home), "NO_COLOR": "1"}
    environment.pop("DATABASE_URL", None)

    done = subprocess.run(
        [sys.executable, "-m", "mentorbot", "review", str(repo.path), "--lang", "en"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert (repo.path / "docs" / "learning_log_step1.md").is_file()
    assert not (server_home / "pgdata" / "postmaster.pid").exists()
    (analyses,) = (server_home / "cache").glob("analysis-*.sqlite3")
    with closing(sqlite3.connect(analyses)) as written:
        assert written.execute("SELECT count(*) FROM analyses").fetchone()[0] > 0
    with closing(sqlite3.connect(server_home / "cache" / f"{ORIGINS_NAME}.sqlite3")) as written:
        assert written.execute("SELECT count(*) FROM origins").fetchone()[0] > 0


def test_a_review_killed_outright_does_not_keep_the_server_running_for_ever(
    server_home: Path, tmp_path: Path
) -> None:
    """A CLI killed with SIGKILL cannot say it is done with the server; the next review must
    still stop it when it finishes."""
    repo = build_task_api(tmp_path / "task-api")
    environment = {**os.environ, "MENTOR_HOME": str(server_home), "NO_COLOR": "1"}
    environment.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "mentorbot", "review", str(repo.path), "--lang", "en"]
    users = server_home / "pgdata" / USERS_FILE

    killed = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        for _ in range(600):
            if users.exists() and str(killed.pid) in users.read_text():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the review never registered with the embedded server")
        killed.kill()
        killed.wait(timeout=30)
    finally:
        if killed.poll() is None:
            killed.kill()
    assert (server_home / "pgdata" / "postmaster.pid").exists()

    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr
    assert not (server_home / "pgdata" / "postmaster.pid").exists()
    assert json.loads(users.read_text()) == []


def test_a_failed_initdb_is_told_by_its_last_line() -> None:
    """initdb failing said only "returned non-zero exit status 1" (corpus 68)."""
    from mentorbot.knowledge.embedded import _start_failure

    failed = subprocess.CalledProcessError(
        1, ["initdb"], stderr=b"fixing permissions ... ok\ninitdb: error: cannot open /dev/null\n"
    )

    assert _start_failure(failed) == (
        "Command '['initdb']' returned non-zero exit status 1: initdb: error: cannot open /dev/null"
    )
