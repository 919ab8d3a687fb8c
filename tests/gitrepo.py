"""Build real git repositories with a known history, for tests.

Usage::

    from tests.gitrepo import GitRepo

    repo = GitRepo(tmp_path / "shop").init()          # git init -b main, local identity
    repo.write("app/main.py", "import time\\n")        # str (UTF-8) or bytes; parents created
    first = repo.commit("feat: add app")               # stages everything, returns the sha
    repo.write("app/main.py", "import asyncio\\n")
    repo.commit("fix: stop blocking the loop", date="2026-01-06T09:30:00+08:00")
    repo.sha_of("fix: stop blocking the loop")         # find a commit again by its message
    repo.rev("HEAD~1") == first

Determinism: every commit gets fixed author *and* committer dates (``date``) and identity
(``author``), and the user's global and system git config are ignored, so the same sequence of
calls gives the same shas on every machine. Two commits with the same tree, parent, message and
date would be identical, so vary one of them when you need distinct commits.

Branches: ``checkout("feature", create=True)``, ``merge("feature", "Merge branch 'feature'")``.
Anything else: ``repo.git("tag", "v1")`` runs git in the repo and returns its stdout.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

DEFAULT_DATE = "2026-01-05T10:00:00+00:00"
DEFAULT_AUTHOR = "Learner <learner@example.com>"
_IDENTITY = re.compile(r"^\s*(?P<name>[^<]+?)\s*<(?P<email>[^>]*)>\s*$")


class GitRepo:
    """A git work tree under ``path`` that tests write files into and commit."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    # --- plumbing -------------------------------------------------------------------------

    def _env(self, date: str = DEFAULT_DATE, author: str = DEFAULT_AUTHOR) -> dict[str, str]:
        identity = _IDENTITY.match(author)
        if identity is None:
            raise ValueError(f"author must look like 'Name <email>', got {author!r}")
        env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
        env.update(
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_AUTHOR_NAME=identity["name"],
            GIT_AUTHOR_EMAIL=identity["email"],
            GIT_COMMITTER_NAME=identity["name"],
            GIT_COMMITTER_EMAIL=identity["email"],
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_DATE=date,
            LC_ALL="C",
        )
        return env

    def git(self, *args: str, date: str = DEFAULT_DATE, author: str = DEFAULT_AUTHOR) -> str:
        """Run ``git <args>`` in the repo; return stdout stripped. Fails loudly on error."""
        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env=self._env(date, author),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    # --- building -------------------------------------------------------------------------

    def init(self) -> GitRepo:
        """``git init`` on branch ``main`` with a local identity and no signing; returns self."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Learner")
        self.git("config", "user.email", "learner@example.com")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "core.autocrlf", "false")
        return self

    def shallow_clone(self, target: Path, depth: int) -> GitRepo:
        """``git clone --depth`` of this repo into ``target`` (through a file:// URL: a plain
        local path would ignore the depth)."""
        self.git("clone", "-q", "--depth", str(depth), self.path.resolve().as_uri(), str(target))
        return GitRepo(target)

    def write(self, relpath: str, content: str | bytes) -> Path:
        """Write a file (creating folders); text is written as UTF-8 with ``\\n`` line ends."""
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_bytes(content.encode("utf-8"))
        else:
            target.write_bytes(content)
        return target

    def delete(self, relpath: str) -> None:
        (self.path / relpath).unlink()

    def commit(
        self,
        message: str,
        *,
        date: str = DEFAULT_DATE,
        author: str = DEFAULT_AUTHOR,
        allow_empty: bool = False,
    ) -> str:
        """Stage every change (``git add -A``) and commit; returns the new commit's sha.

        ``message`` may hold a body after a blank line. ``date`` is ISO 8601 and is used as both
        author and committer date.
        """
        self.git("add", "-A", date=date, author=author)
        args = ["commit", "-q", "--no-verify", "-m", message]
        if allow_empty:
            args.append("--allow-empty")
        self.git(*args, date=date, author=author)
        return self.rev("HEAD")

    def checkout(self, branch: str, *, create: bool = False) -> None:
        self.git("checkout", "-q", *(["-b"] if create else []), branch)

    def merge(self, branch: str, message: str, *, date: str = DEFAULT_DATE) -> str:
        """A real merge commit (``--no-ff``) of ``branch`` into the current branch; its sha."""
        self.git("merge", "-q", "--no-ff", "--no-edit", "-m", message, branch, date=date)
        return self.rev("HEAD")

    # --- reading --------------------------------------------------------------------------

    def rev(self, name: str) -> str:
        """The full sha of a revision (``HEAD``, ``HEAD~2``, ``main``, a tag ...)."""
        return self.git("rev-parse", "--verify", f"{name}^{{commit}}")

    def sha_of(self, message: str) -> str:
        """The newest commit (on any branch) whose subject or full message equals ``message``."""
        listing = self.git("log", "--all", "-z", "--format=%H%x1f%B")
        for record in listing.split("\0"):
            if not record.strip():
                continue
            sha, _, full = record.strip("\n").partition("\x1f")
            full = full.strip()
            if message.strip() in {full, full.splitlines()[0] if full else ""}:
                return sha
        raise LookupError(f"no commit with message {message!r}")
