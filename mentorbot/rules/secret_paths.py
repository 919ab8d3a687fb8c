"""Which files hold secrets in which form: pip's requirement files (an index's or a git
host's credentials in a URL, no ``name=value`` pairs) and templates (``.env.example``), whose
values are stand-ins unless they look generated; and which text files the secret scan reads."""

from __future__ import annotations

import re

from mentorbot.analysis.languages import is_dotenv_name, language_of
from mentorbot.analysis.pytest_runs import is_makefile
from mentorbot.rules.secret_values import name_words

TEMPLATE_SUFFIXES = (
    *(".example", ".sample", ".template", ".dist", ".tmpl", ".tpl"),
    *("-example", "_example", "-sample", "_sample", "-template", "_template"),
)


TEMPLATE_STEMS = frozenset({"sample", "example", "template", "dist"})
"""A dotenv file named for what it is first (``sample.env``): a template too."""

_REQUIREMENTS_FILE = re.compile(
    r"(?:.*/)?(?:(?:[\w.\-]*[-_.])?(?:reqs?|requirements?|constraints)(?:[-_.\d][\w.\-]*)?"
    r"|requirements/[\w.\-]+)\.(?:txt|in)"
)


def is_requirements_path(path: str) -> bool:
    """pip's requirement files (``requirements-dev.txt``, ``requirements/base.txt``), which may
    carry an index's or a git host's credentials."""
    return _REQUIREMENTS_FILE.fullmatch(path.replace("\\", "/").lower()) is not None


TEST_DOTENV = re.compile(r"\.env[._-](?:test|tests|testing|ci)|(?:test|testing|ci)\.env")
"""The dotenv file a test suite loads (``.env.test``): committed on purpose, its values are
throwaway ones (``SECRET_KEY=test-secret-key-for-pytest``), as a template's are stand-ins."""


def is_template_path(path: str) -> bool:
    lowered = path.lower()
    name = lowered.rsplit("/", 1)[-1]
    if TEST_DOTENV.fullmatch(name):
        return True
    if name.endswith(".env") and name.split(".", 1)[0] in TEMPLATE_STEMS:
        return True  # ``sample.env``, ``example.env`` (corpus 88)
    return lowered.endswith(TEMPLATE_SUFFIXES) or ".example." in name


def renamed_into_template(old: str, new: str) -> bool:
    """Whether git's pairing of ``old`` with ``new`` as a rename is a config file taken out of
    git with a template written in its place: ``git rm --cached .env`` beside a new
    ``.env.example`` that keeps one long line of it. The file left git at that commit, where its
    secrets were, and the template is a new file: no rename (blind check t2)."""
    return (
        is_template_path(new)
        and not is_template_path(old)
        and not old.endswith(".py")
        and is_secret_scan_candidate(old)
    )


_SECRET_SCAN_SUFFIXES: tuple[str, ...] = (".yaml", ".yml", ".json", ".toml", ".ini", ".cfg")
_SECRET_SCAN_SUFFIXES += (".env", ".ipynb")
_SECRET_SCAN_SUFFIXES += (".md", ".rst")
_SECRET_SCAN_SUFFIXES += (".sh", ".bash", ".zsh")
"""Config-like files, notebooks (a key pasted into a cell is committed with the notebook), docs,
where a README's setup section may show the real database URL, and shell scripts, whose
``export KAGGLE_KEY=...`` sets the environment by hand (blind check r2)."""
_LOCK_FILES = frozenset({"package-lock.json", "composer.lock", "pnpm-lock.yaml", "yarn.lock"})
_SECRET_SCAN_NAMES = frozenset({".pypirc"})
"""Config files known by name: twine's ``.pypirc`` (INI) holds the PyPI token it uploads with
(blind check p1)."""
_SECRET_FILE_WORDS = frozenset(
    {"token", "secret", "key", "apikey", "password", "passwd", "pwd", "credential"}
)
"""Last words of a text file's name that say it holds a secret: ``token.txt``, ``api_key.txt``,
``bot_token.txt``, ``passwords.txt``; ``token_notes.txt`` or ``monkey.txt`` say no such thing."""


_INI_SUFFIXES = (".ini", ".cfg")


def is_ini_path(path: str) -> bool:
    """An INI file read by configparser (``config.ini``, ``setup.cfg``, ``.pypirc``): its values
    run to the end of their lines, ``#`` and all."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.endswith(_INI_SUFFIXES) or name in _SECRET_SCAN_NAMES


def is_secret_text_path(path: str) -> bool:
    """A ``.txt`` file named for the secret it holds: a bot's token kept in ``token.txt`` that
    the code reads instead of the environment (blind check t1)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if not name.lower().endswith(".txt") or is_requirements_path(path):
        return False
    words = name_words(name[: -len(".txt")])
    return bool(words) and words[-1].removesuffix("s") in _SECRET_FILE_WORDS


def is_secret_scan_candidate(path: str) -> bool:
    """Text files that may hold credentials (``.env``, YAML, JSON, TOML, INI, ``.pypirc``,
    notebooks, docs, Dockerfiles as the language table names them, Makefiles, pip's requirement
    files, a ``token.txt``)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name in _LOCK_FILES or name.endswith(".lock"):
        return False
    if name in _SECRET_SCAN_NAMES or is_makefile(name) or is_secret_text_path(path):
        return True
    if is_requirements_path(path):
        return True
    for suffix in TEMPLATE_SUFFIXES:
        name = name.removesuffix(suffix)
    if language_of(name) == "dockerfile":
        return True
    return is_dotenv_name(name) or name.endswith(_SECRET_SCAN_SUFFIXES)
