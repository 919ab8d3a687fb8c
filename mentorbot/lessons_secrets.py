"""Secrets taken out of committed config files: a ``.env`` deleted or untracked, a key blanked.

"chore: stop committing .env" names no fix, changes no Python and often deletes the file
outright, so the rule-based miner never looks at it. Config-like files (``.env``, YAML, JSON,
pip files...) are cheap to scan, so every commit in range that changed one is compared before
and after it: a secret the file held before and not after, and that no file holds now, was
taken out by that commit.

Taking it out does not take it back: the value stays in the history, readable at the commit
before. The lesson says so and cites the file there; the fix is to rotate the secret.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from mentorbot.analysis import git, git_batch
from mentorbot.analysis.file_text import source_text
from mentorbot.analysis.git_cli import run_git
from mentorbot.domain import Commit, Evidence, Finding, Lesson, Text
from mentorbot.lesson_versions import CommitVersions, blob_text, snippet, statement_lines
from mentorbot.rules._secret_advice import NEW_SIGNING_KEY, is_credentials_path, signs_for_the_app
from mentorbot.rules.engine import analyze_text_file
from mentorbot.rules.registry import get_rule
from mentorbot.rules.secret_lines import hidden_value, secret_lines
from mentorbot.rules.secret_paths import is_secret_scan_candidate
from mentorbot.rules.secret_values import is_placeholder

SECRET_RULE = "MB107"
_IN_HISTORY = Text(
    zh="从仓库里删掉密钥，并不会把它从 git 历史里删掉：拿到仓库的人在之前的提交里仍然能读到它。",
    en="Taking a secret out of the repository does not take it out of the git history: anyone "
    "with the repository can still read it in the commits before. ",
)
STILL_IN_HISTORY = Text(
    zh=_IN_HISTORY.zh + "把这个密钥当作已经泄露：去服务商那里作废并换一个新的，"
    "再用 .gitignore 挡住配置文件。",
    en=_IN_HISTORY.en + "Treat it as leaked: revoke it where it was issued, use a new one, and "
    "keep config files out with .gitignore.",
)
SIGNING_KEY_IN_HISTORY = Text(
    zh=_IN_HISTORY.zh + NEW_SIGNING_KEY.zh + "另外，用 .gitignore 挡住配置文件。",
    en=_IN_HISTORY.en + NEW_SIGNING_KEY.en + " And keep config files out with .gitignore.",
)
"""``STILL_IN_HISTORY`` for the keys the app signs with, which no provider revokes."""


_QUOTED = re.compile(r"""(['"])([^'"\s]{6,})\1""")
_URL_PASSWORD = re.compile(r"://[^:/@\s]+:([^@\s]{4,})@")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_DICT_KEY = re.compile(r"\s*:")
_WORD = re.compile(r"[A-Za-z]+")
"""A value of letters only, written with no ERE metacharacter."""


def still_committed(root: Path, mining: CommitVersions) -> bool:
    """Whether every hard-coded secret the commit took out of a Python file is still in the
    repository after it: in a config file the same commit wrote (``settings from env`` that
    commits the ``.env`` too), or in another file it left alone (a broker URL taken out of
    ``tasks.py`` while ``celery_config.py`` keeps it). Then the commit solved nothing; one
    secret gone for good (a ``SECRET_KEY`` moved to the environment while the ``.env`` keeps
    the database password, blind check h3) is a problem solved. Secrets taken out of frontend
    code and config files count alike (``_taken_from_other_files``)."""
    taken: list[set[str]] = []
    for change in mining.changes:
        lines = blob_text(mining.blobs, change.before_spec).splitlines()
        for finding in mining.analysed.get(change.before_spec) or ():
            if finding.rule == SECRET_RULE and 0 < finding.line <= len(lines):
                values = _secret_values(lines, finding.line)
                if values:
                    taken.append(values)
    code, config = _taken_from_other_files(root, mining)
    taken.extend(code)
    if not taken and not config:
        return False
    kept = _committed(root, mining.commit.sha, set().union(*taken)) if taken else set()
    if config:
        kept |= _held_as_secrets(root, mining.commit.sha, set().union(*config))
    return all(values & kept for values in (*taken, *config))


_FRONTEND_CODE = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue", ".svelte")


def _taken_from_other_files(
    root: Path, mining: CommitVersions
) -> tuple[list[set[str]], list[set[str]]]:
    """The hidden values of the lines a commit took out of its JavaScript or TypeScript files,
    and of those it took out of its config files. A key moved from a React component into the
    committed ``.env`` is still committed, as one moved out of a Python module is (blind check
    m1); so is a password moved from ``docker-compose.yml`` into ``compose.override.yml``, or a
    deleted ``kaggle.json``'s key pasted into a notebook (blind checks e1, a1)."""
    parent = mining.commit.parent
    if parent is None:
        return [], []
    changed = [
        (change, change.old_path.endswith(_FRONTEND_CODE))
        for change in mining.diff.changes
        if change.old_path
        and (change.old_path.endswith(_FRONTEND_CODE) or _config_file(change.old_path))
    ]
    versions = [
        (
            f"{parent}:{change.old_path}",
            f"{mining.commit.sha}:{change.new_path}" if change.new_path else "",
        )
        for change, _ in changed
    ]
    blobs = git.read_blobs(root, [spec for pair in versions for spec in pair if spec])
    code: list[set[str]] = []
    config: list[set[str]] = []
    for (before_spec, after_spec), (_, frontend) in zip(versions, changed, strict=True):
        kept_lines = set(blob_text(blobs, after_spec).splitlines())
        for line in blob_text(blobs, before_spec).splitlines():
            value = hidden_value(line) if line not in kept_lines else ""
            if value:
                (code if frontend else config).append({value})
    return code, config


def _held_as_secrets(root: Path, sha: str, values: set[str]) -> set[str]:
    """Those of ``values`` that some file at ``sha`` holds where redaction hides them: a
    compose file's ``POSTGRES_PASSWORD: postgres`` moved elsewhere, not the ``POSTGRES_USER:
    postgres`` beside it, which was never a secret."""
    patterns = [arg for value in sorted(values) for arg in ("-e", value)]
    grep = ["grep", "-h", "-I", "-F", "-w", *patterns, sha, "--"]
    lines = _matches(run_git(root, grep, ok=(0, 1)).stdout)
    return {value for value in map(hidden_value, lines) if value in values}


def secrets_still_held(root: Path, mining: CommitVersions) -> bool:
    """Whether every secret the config files the commit changed held before it is still held,
    as a secret, by some file at the commit: ``.env`` renamed ``.env.docker`` under "stop
    committing .env" took nothing out (blind check r2)."""
    parent = mining.commit.parent
    changed = [
        change.old_path
        for change in mining.diff.changes
        if parent and change.old_path and _config_file(change.old_path)
    ]
    if not changed:
        return False
    specs = [f"{parent}:{path}" for path in changed]
    blobs = git.read_blobs(root, specs)
    values: set[str] = set()
    for path, spec in zip(changed, specs, strict=True):
        data = blobs.get(spec)
        lines = source_text(data).splitlines() if data is not None else []
        for finding in _secrets(path, data) if data is not None else ():
            if 0 < finding.line <= len(lines):
                values.add(hidden_value(lines[finding.line - 1]))
    values.discard("")
    return bool(values) and _held_as_secrets(root, mining.commit.sha, values) == values


MAX_STATEMENT_LINES = 10


def _secret_values(lines: Sequence[str], line: int) -> set[str]:
    """The secret values of the statement a finding is cited at (its first line): what
    redaction hides on its lines, else the quoted values of the cited line. A key in the
    second line of a URL written over several (``url = 'https://...' \\`` then
    ``'?appid=<key>'``) is the key, not the public address the first line holds; a Gmail app
    password is four words apart, no quoted run without spaces (blind check u1)."""
    hidden = {hidden_value(text) for text in _statement(lines, line)} - {""}
    return hidden or _values(lines[line - 1])


def _statement(lines: Sequence[str], line: int) -> list[str]:
    """The lines of the statement starting at ``line``: continued by a backslash or by
    brackets left open (counted roughly, strings and all), at most ``MAX_STATEMENT_LINES``."""
    return statement_lines(lines, line - 1, MAX_STATEMENT_LINES, backslash=True)


def _values(line: str) -> set[str]:
    """The secret values a flagged line holds: quoted, or a URL's password."""
    # Not a dict key (``"X-RapidAPI-Key": "..."``): the name stays, the value went.
    values = {
        match.group(2) for match in _QUOTED.finditer(line) if not _DICT_KEY.match(line, match.end())
    }
    values.update(match.group(1) for match in _URL_PASSWORD.finditer(line))
    return {v for v in values if not _ENV_NAME.fullmatch(v) and not is_placeholder(v)}


def _committed(root: Path, sha: str, values: set[str]) -> set[str]:
    """Those of ``values`` some file at ``sha`` still holds."""
    words = sorted(v for v in values if _WORD.fullmatch(v))
    others = sorted(values - set(words))
    kept: set[str] = set()
    if others:
        patterns = [arg for value in others for arg in ("-e", value)]
        grep = ["grep", "-o", "-h", "-F", "-w", *patterns, sha, "--"]
        kept.update(_matches(run_git(root, grep, ok=(0, 1)).stdout))
    if words:
        # A word for a secret (``secret_key="secret"``) is everywhere in prose: the comment
        # the fix rewrote ("the secret comes from .env") does not hold it. Only a value does:
        # quoted, as a URL's password, or after ``=`` or ``:`` at the end of a line (``.env``).
        forms = ("[\"']{}[\"']", ":{}@", "[=:][[:space:]]*{}[[:space:]]*$")
        patterns = [arg for word in words for form in forms for arg in ("-e", form.format(word))]
        grep = ["grep", "-o", "-h", "-E", *patterns, sha, "--"]
        found = {
            match.strip("\"':@= \t") for match in _matches(run_git(root, grep, ok=(0, 1)).stdout)
        }
        kept.update(found.intersection(words))
    return kept


def _matches(output: bytes) -> list[str]:
    """The matched texts ``git grep -o -h`` printed, one per line."""
    return output.decode("utf-8", "replace").splitlines()


def secret_lessons(root: Path, commits: Sequence[Commit]) -> list[Lesson]:
    """A lesson per commit in ``commits`` (newest first) that took secrets out of config files."""
    changed = [
        (commit, path, path)
        for commit in commits
        if commit.parent and not commit.merge
        for path in commit.files
        if _config_like(path)
    ]
    if not changed:
        return []
    specs = [spec for c, p, _ in changed for spec in (f"{c.parent}:{p}", f"{c.sha}:{p}")]
    blobs = git.read_blobs(root, specs)
    changed = _with_renames(root, changed, blobs)
    taken: dict[str, list[_Taken]] = {}
    for commit, path, new_path in changed:
        before = blobs.get(f"{commit.parent}:{path}")
        if before is None:
            continue
        held = _secrets(path, before)
        if not held:
            continue
        after = blobs.get(f"{commit.sha}:{new_path}")
        if after is None and not _holds_secrets_by_name(path, commit.subject):
            continue
        if after is not None and path.endswith(".py"):
            continue  # an edited module's secrets are the rule-based miner's to judge
        kept = {f.message.en for f in _secrets(path, after)} if after is not None else set()
        text = source_text(before)
        lines = text.splitlines()
        gone = [
            f
            for f in held
            if f.message.en not in kept and not _still_held(root, lines[f.line - 1 : f.line])
        ]
        if gone:
            # Moved into another file the commit kept (a notebook, an override file): not
            # taken out there, though a later commit took it out of that file (blind check a1).
            values = {hidden_value(lines[f.line - 1]) for f in gone} - {""}
            moved = _held_as_secrets(root, commit.sha, values) if values else set()
            gone = [f for f in gone if hidden_value(lines[f.line - 1]) not in moved]
        if gone:
            shown = snippet(text, gone[0].line, gone[-1].line, secret_lines(held))
            kept_as = new_path if after is not None else None
            taken.setdefault(commit.sha, []).append(_Taken(path, gone, shown, kept_as))
    by_sha = {commit.sha: commit for commit, _, _ in changed}
    return [_lesson(by_sha[sha], files) for sha, files in taken.items()]


def _with_renames(
    root: Path, changed: list[tuple[Commit, str, str]], blobs: dict[str, bytes | None]
) -> list[tuple[Commit, str, str]]:
    """``changed`` with each config file that is new at its commit read as the file it was
    renamed from: ``.env`` turned into ``.env.example`` with its secrets blanked took them out
    as much as deleting it did (blind check d1). Blobs of the old paths are added."""
    new_files = {(c.sha, p) for c, p, _ in changed if blobs.get(f"{c.parent}:{p}") is None}
    if not new_files:
        return changed
    pairs = list({(c.sha, c.parent or "") for c, p, _ in changed if (c.sha, p) in new_files})
    renamed = {
        (sha, change.new_path): change.old_path
        for sha, changes in git_batch.commit_changes(root, pairs).items()
        for change in changes
        if change.status == "R" and change.old_path and change.new_path
    }
    result: list[tuple[Commit, str, str]] = []
    for commit, path, new_path in changed:
        old = renamed.get((commit.sha, path))
        result.append((commit, old, new_path) if old is not None else (commit, path, new_path))
    if renamed:
        parents = {commit.sha: commit.parent for commit, _, _ in changed}
        old_specs = [f"{parents[sha]}:{old}" for (sha, _), old in renamed.items()]
        blobs.update(git.read_blobs(root, old_specs))
    return result


_SECRETS_FILE = re.compile(r"(?:^|[._-])(?:env|secrets?|credentials?|keys?)(?:$|[._-])", re.I)
"""A file named for the secrets it holds: ``.env``, ``prod.env``, ``secrets.json``,
``credentials.yml``, ``keys.txt``."""
_SECRETS_SUBJECT = re.compile(
    r"secret|passw|credential|token|api[ _-]?key|\.env\b|\benv\b|environment"
    r"|密钥|密码|凭据|令牌|环境变量",
    re.I,
)


def _config_file(path: str) -> bool:
    """A file of configuration (``.env``, YAML, JSON, a notebook...), no Python module."""
    return not path.endswith(".py") and is_secret_scan_candidate(path)


def _config_like(path: str) -> bool:
    """A config file, or a Python module named for the secrets it holds (a Django project's
    ``secrets.py`` or ``local_settings.py`` that ``settings.py`` imports ``*`` from): deleting
    one takes its secrets out as deleting a ``.env`` does (blind check d2)."""
    if path.endswith(".py"):
        stem = Path(path).stem
        return bool(_SECRETS_MODULE.search(stem)) or stem == "local_settings"
    return is_secret_scan_candidate(path)


_SECRETS_MODULE = re.compile(r"(?:^|_)(?:secrets?|credentials?|keys)(?:$|_)", re.I)
"""A module named for its secrets: ``secrets.py``, ``prod_secrets.py``, ``credentials.py``;
Alembic's ``env.py`` is code."""


def _holds_secrets_by_name(path: str, subject: str) -> bool:
    """Whether deleting the file took its secrets out on purpose: it is named for them (or is
    a credentials file, ``kaggle.json``), or the commit says it is about them. A compose file
    or a notebook deleted with the app it served ("rewrite in FastAPI") still has its secret in
    the history, and nothing was fixed."""
    name = Path(path).name
    return bool(
        _SECRETS_FILE.search(name) or is_credentials_path(name) or _SECRETS_SUBJECT.search(subject)
    )


def _still_held(root: Path, lines: Sequence[str]) -> bool:
    """Whether a file of the repository (tracked, or untracked and not ignored) still holds
    the secret values on ``lines``: what redaction would hide there."""
    for line in lines:
        value = hidden_value(line)
        if value:
            found = run_git(root, ["grep", "--untracked", "-q", "-F", "-w", "-e", value], ok=(0, 1))
            if found.returncode == 0:
                return True
    return False


def _secrets(path: str, data: bytes) -> list[Finding]:
    return [f for f in analyze_text_file(path, data).findings if f.rule == SECRET_RULE]


class _Taken(NamedTuple):
    """A config file a commit took secrets out of: the secrets, and the old lines showing them
    (masked)."""

    path: str
    gone: list[Finding]
    shown: str
    kept_as: str | None = None
    """The file's path at the fixing commit, when the commit kept it (a line taken out)."""


def _lesson(commit: Commit, files: list[_Taken]) -> Lesson:
    """One per commit, cited by the commit that took the secrets out and by each file at the
    commit before it, where they can still be read; about the file the commit kept, if it did
    (a deleted file has no path at the fix)."""
    assert commit.parent is not None
    first = files[0]
    rule = get_rule(SECRET_RULE)
    return Lesson(
        title=rule.title,
        category=first.gone[0].category,
        status="solved",
        rule=SECRET_RULE,
        commit=commit.sha,
        commit_date=commit.date,
        path=first.kept_as,
        before=first.shown,
        explanation=SIGNING_KEY_IN_HISTORY
        if signs_for_the_app(gone for taken in files for gone in taken.gone)
        else STILL_IN_HISTORY,
        found=first.gone[0].message,
        evidence=(
            Evidence(commit=commit.sha),
            *(Evidence(commit=commit.parent, path=taken.path) for taken in files),
        ),
        occurrences=sum(len(taken.gone) for taken in files),
    )
