"""Errors a user can act on. The CLI prints them as one line, without a traceback."""

from __future__ import annotations


class MentorError(Exception):
    """An expected failure with a stable ``code`` and a message that says what to do."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class RepoError(MentorError):
    """The path given is not something we can review (missing, a file, unreadable)."""

    code = "bad-repo"
    exit_code = 2


class DatabaseError(MentorError):
    """The database could not be started, reached or migrated."""

    code = "database"
    exit_code = 3


class LogConflictError(MentorError):
    """Writing the log would destroy something the learner wrote, or cannot be done there."""

    code = "log-conflict"
    exit_code = 4


class ConfigError(MentorError):
    """A setting or repo config value is invalid; the message names the key."""

    code = "config"
    exit_code = 2
