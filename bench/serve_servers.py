"""The two servers of the chat serving benchmark, run as subprocesses on loopback.

Our API under uvicorn and the same chat graph under ``langgraph dev``: the command of each, a free
port for it, the open-files limit both inherit, the wait until a server answers its health path,
and the stop by its pid when the block ends. Kept apart from ``bench/serve.py`` so that the script
reads as the run itself, not as process plumbing.
"""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 90


def raise_fd_limit() -> int:
    """Lift the soft open-files limit to the hard one (1,000 streams need 2,000+ sockets);
    the servers started afterwards inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def cpu(self) -> float:
        """CPU seconds used so far by the server and its children."""
        try:
            root = psutil.Process(self.process.pid)
            times = [p.cpu_times() for p in [root, *root.children(recursive=True)]]
            return sum(t.user + t.system for t in times)
        except psutil.Error:
            return 0.0

    def rss(self) -> int:
        """Resident memory of the server and its children, in bytes."""
        try:
            root = psutil.Process(self.process.pid)
            return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
        except psutil.Error:
            return 0


def wait_ready(server: Server, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited:\n{server.log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not start within {START_TIMEOUT_S}s")


@contextmanager
def serving(
    name: str, command: list[str], env: dict[str, str], workdir: Path, ready: str
) -> Iterator[Server]:
    """Start a server subprocess; stop it by its pid when the block ends."""
    log = workdir / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=sink, stderr=sink)
        port = command[command.index("--port") + 1]
        server = Server(name, f"http://127.0.0.1:{port}", process, log)
        try:
            wait_ready(server, ready)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def our_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        "--backlog", "4096",
    ]  # fmt: skip


def langgraph_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "langgraph_cli", "dev", "--no-browser", "--no-reload",
        "--host", "127.0.0.1", "--port", str(port), "--config", str(ROOT / "langgraph.json"),
    ]  # fmt: skip
