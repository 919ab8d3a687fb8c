"""Run git on an untrusted repository: no program from the repo may ever execute.

A repository's own config can name programs for git to run (hooks, fsmonitor, textconv and
external diff drivers, a pager ...). Every call made through here overrides those on the command
line, ignores the system config, strips the caller's ``GIT_*`` environment (a stray ``GIT_DIR``
would point us at another repo) and reads pathspecs literally. Failures become ``RepoError`` with
git's own one-line reason, never a ``CalledProcessError`` traceback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mentorbot.errors import RepoError

SAFE_CONFIG: tuple[str, ...] = (
    "core.quotepath=off",
    "core.fsmonitor=false",
    "safe.directory=*",
    f"core.hooksPath={os.devnull}",
    "log.showSignature=false",
    "diff.external=",
    "color.ui=false",
    "blame.ignoreRevsFile=",
    # Messages written under a legacy i18n.commitEncoding come out as UTF-8, the one we read.
    "i18n.logOutputEncoding=UTF-8",
)
# Paths are relative to the reviewed folder (the same paths the walk reports) even when it is a
# subfolder of the work tree; repo config (diff.relative, ...) cannot change that.
DIFF_FLAGS = ("--no-textconv", "--no-ext-diff", "--relative", "--no-color")


def git_env() -> dict[str, str]:
    """Our environment minus any ``GIT_*`` the caller set, plus settings that keep git quiet."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        LC_ALL="C",
        GIT_TERMINAL_PROMPT="0",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_LITERAL_PATHSPECS="1",
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
    )
    return env


def git_command(root: Path | str, args: Iterable[str]) -> list[str]:
    """``git -C root`` with the overrides of ``SAFE_CONFIG`` in front of ``args``."""
    command = ["git", "--no-pager", "-C", str(root)]
    for setting in SAFE_CONFIG:
        command += ["-c", setting]
    return command + list(args)


def git_failure(root: Path | str, args: list[str], stderr: bytes | str) -> RepoError:
    """A one-line RepoError from git's stderr (its first line, without ``fatal:``)."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reason = lines[0].removeprefix("fatal: ").removeprefix("error: ") if lines else "failed"
    if "not a git repository" in reason:
        return RepoError(f"Not a git repository: {root}", code="not-a-git-repo")
    return RepoError(f"git {args[0]} failed in {root}: {reason}", code="git-failed")


def spawn_git(root: Path | str, args: list[str], **streams: Any) -> subprocess.Popen[bytes]:
    """Start git with pipes of the caller's choosing (for streamed output)."""
    try:
        return subprocess.Popen(git_command(root, args), env=git_env(), **streams)
    except FileNotFoundError as exc:
        raise RepoError("git is not installed or not on PATH", code="git-missing") from exc


def run_git(
    root: Path | str, args: list[str], *, ok: tuple[int, ...] = (0,), stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git to completion; exit codes outside ``ok`` become a RepoError."""
    process = spawn_git(
        root, args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout, stderr = process.communicate(stdin)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    if done.returncode not in ok:
        raise git_failure(root, args, done.stderr)
    return done


def stdout_text(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "replace").strip()


def valid_rev(rev: str) -> bool:
    """False for revisions git could read as an option or that break line-based protocols."""
    return bool(rev) and not rev.startswith("-") and not any(char in rev for char in "\0\n\r")
