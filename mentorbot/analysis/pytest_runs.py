"""Doctests a command line runs: ``python -m pytest --doctest-modules src``.

pytest runs the doctests of the modules it collects when ``--doctest-modules`` is on its
command line as much as in its config's ``addopts``. Projects write that command in a GitHub
Actions workflow's ``run:``, a Makefile recipe, tox's ``commands`` or a nox session's
``session.run(...)``. Each such command is a ``pytest-run`` signal of its file, naming the
repo-relative paths it collects: its path arguments, read from the folder the command runs in
(the repo's root for a workflow, its ``working-directory`` or a ``cd`` before it; the file's
own folder for the others). A run with no path argument collects its folder, or the
``testpaths`` of the config there (``doctests.with_configured_doctests``). An argument this
reading cannot resolve (``$SRC``, ``/app``) leaves it out, and a command whose every path
argument is so makes no signal: no claim is made on a guess.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from mentorbot.analysis.python_facts_support import flag
from mentorbot.domain import Signal

PYTEST_RUN_SIGNAL = "pytest-run"
MAKEFILE_NAMES = frozenset({"makefile", "gnumakefile"})
"""Makefiles' names, in lower case: make reads ``GNUmakefile``, ``makefile`` and ``Makefile``."""


def is_makefile(path: str) -> bool:
    return path.replace("\\", "/").rsplit("/", 1)[-1].lower() in MAKEFILE_NAMES


_VALUE_OPTIONS = frozenset(
    {"-k", "-m", "-p", "-c", "-o", "-n", "-W", "--rootdir", "--maxfail", "--tb", "--cov-report"}
    | {"--cov-config", "--cov-fail-under", "--junitxml", "--junit-xml", "--junit-prefix"}
    | {"--durations", "--durations-min", "--deselect", "--confcutdir", "--basetemp"}
    | {"--log-level", "--log-cli-level", "--log-file", "--log-format", "--timeout", "--dist"}
    | {"--reruns", "--import-mode", "--doctest-glob", "--color", "--capture", "--override-ini"}
    | {"--html", "--asyncio-mode", "--numprocesses", "--maxprocesses", "--tx", "--verbosity"}
    | {"--doctest-report", "--config-file", "--ignore", "--ignore-glob"}
)
"""pytest's (and its common plugins') options whose value may be the next word."""
_OPTIONAL_VALUE_OPTIONS = frozenset({"--cov"})
"""Options that take the next word as their value unless it is another option."""
_IGNORES = frozenset({"--ignore", "--ignore-glob"})
_SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
_UNRESOLVED = re.compile(r"[$`{}~]|^/")


@dataclass(frozen=True)
class _Run:
    """What a pytest command line collects, its paths as written."""

    paths: tuple[str, ...]
    ignores: tuple[str, ...]
    unresolved: bool
    """Whether a path argument could not be read (a variable, an absolute path)."""


def _parsed(words: Sequence[str]) -> _Run | None:
    """The doctest run of a command's words, or None when it runs no pytest with
    ``--doctest-modules``: ``uv run python -m pytest --doctest-modules src -q``."""
    start = next(
        (
            index + 1
            for index, word in enumerate(words)
            if word.rsplit("/", 1)[-1] in {"pytest", "py.test"}
        ),
        None,
    )
    if start is None or "--doctest-modules" not in words[start:]:
        return None
    args = list(words[start:])
    paths: list[str] = []
    ignores: list[str] = []
    unresolved = False
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if not word.startswith("-"):
            # with --pyargs its arguments are packages, not paths
            if _UNRESOLVED.search(word) or "--pyargs" in args:
                unresolved = True
            else:
                paths.append(word.split("::", 1)[0])
            continue
        option, _, value = word.partition("=")
        following = args[index] if index < len(args) else "-"
        takes_next = option in _VALUE_OPTIONS or (
            option in _OPTIONAL_VALUE_OPTIONS and not following.startswith("-")
        )
        if not value and takes_next and index < len(args):
            value = args[index]
            index += 1
        if option in _IGNORES and value:
            ignores.append(value)
    return _Run(tuple(paths), tuple(ignores), unresolved)


def _commands(line: str) -> Iterator[list[str]]:
    """The simple commands of a shell line, split at ``&&``, ``;`` and pipes."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;<>")
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # an unclosed quote
        words = line.split()
    command: list[str] = []
    for word in words:
        if word in _SEPARATORS:
            yield command
            command = []
        else:
            command.append(word)
    yield command


def _joined(base: str | None, path: str) -> str | None:
    """``path`` from the repo's root, read in folder ``base``; None when it leaves the repo."""
    if base is None or _UNRESOLVED.search(path):
        return None
    joined = posixpath.normpath(posixpath.join(base, path))
    return None if joined.startswith("..") or joined.startswith("/") else joined


def _signal(run: _Run, base: str, line: int, name: str) -> Signal | None:
    """The run's ``pytest-run`` signal, its paths from the repo's root."""
    paths = [joined for path in run.paths if (joined := _joined(base, path)) is not None]
    if (run.paths or run.unresolved) and not paths:
        return None
    ignores = [joined for path in run.ignores if (joined := _joined(base, path)) is not None]
    if len(ignores) < len(run.ignores):
        return None  # what it leaves out is not known, so neither is what it runs
    data = {
        "paths": " ".join(paths or [posixpath.normpath(base)]),
        "bare": flag(not run.paths and not run.unresolved),
        "ignore": " ".join(ignores),
    }
    return Signal(kind=PYTEST_RUN_SIGNAL, line=line, name=name, data=data)


def _shell_runs(lines: Sequence[tuple[int, str]], base: str | None, name: str) -> list[Signal]:
    """The doctest runs of the lines of one shell script: a ``cd`` holds for the lines after
    it, as in a workflow step's ``run: |`` block."""
    found: list[Signal] = []
    for number, line in lines:
        for command in _commands(line):
            if command[:1] == ["cd"] and len(command) == 2:
                base = _joined(base, command[1])
                continue
            run = _parsed(command)
            if run is not None and base is not None:
                signal = _signal(run, base, number, name)
                if signal is not None:
                    found.append(signal)
    return found


def pytest_run_signals(path: str, text: str) -> tuple[Signal, ...]:
    """The ``pytest-run`` signals of a workflow, Makefile or ``tox.ini``; none for any other
    file."""
    path = path.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    folder = PurePosixPath(path).parent.as_posix()
    if re.search(r"(^|/)\.github/workflows/[^/]+\.ya?ml$", path):
        return tuple(_workflow_runs(text.splitlines(), name))
    if is_makefile(path):
        return tuple(_makefile_runs(text.splitlines(), folder, name))
    if name.lower() == "tox.ini":
        return tuple(_tox_runs(text, folder, name))
    return ()


def _makefile_runs(lines: list[str], folder: str, name: str) -> list[Signal]:
    """Each recipe line runs in a shell of its own, in the Makefile's folder."""
    found: list[Signal] = []
    recipe: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if not recipe and not line.startswith("\t"):
            continue
        if not recipe:
            start = number
        recipe.append(line.strip().rstrip("\\"))
        if not line.rstrip().endswith("\\"):
            command = " ".join(recipe).lstrip("@-+ ")
            found += _shell_runs([(start, command)], folder, name)
            recipe = []
    return found


_POSARGS = re.compile(r"\{posargs(?::([^}]*))?\}")
_TOX_ROOT = re.compile(r"\{(?:toxinidir|tox_root)\}")


def _tox_runs(text: str, folder: str, name: str) -> list[Signal]:
    """tox runs each of an environment's ``commands`` in its ``changedir`` (the ini's folder
    by default); ``{posargs:src}`` is ``src`` where no arguments are given."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    lines = text.splitlines()
    found: list[Signal] = []
    for section in parser.sections():
        if section != "testenv" and not section.startswith("testenv:"):
            continue
        changedir = _TOX_ROOT.sub(".", parser.get(section, "changedir", fallback="."))
        base = _joined(folder, changedir)
        commands = parser.get(section, "commands", fallback="").replace("\\\n", " ")
        for command in commands.splitlines():
            command = _TOX_ROOT.sub(".", _POSARGS.sub(lambda m: m.group(1) or "", command))
            command = command.strip().lstrip("-! ")
            number = next((i for i, line in enumerate(lines, 1) if "--doctest-modules" in line), 1)
            found += _shell_runs([(number, command)], base, name)
    return found


_RUN_KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?run:\s*(?P<value>.*)$")
_STEP = re.compile(r"^(?P<indent>\s*)-\s")
_WORKING_DIRECTORY = re.compile(r"^\s*(?:-\s+)?working-directory:\s*(?P<value>.*?)\s*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _scalar(value: str) -> str:
    """A YAML plain or quoted scalar's text, its comment left out."""
    value = value.strip()
    if value[:1] in {"'", '"'}:
        end = value.find(value[0], 1)
        return value[1:end] if end > 0 else value[1:]
    return value.split(" #", 1)[0].strip()


def _workflow_runs(lines: list[str], name: str) -> list[Signal]:
    """The doctest runs of a workflow's ``run:`` steps, each in the repo's root or its step's
    ``working-directory`` (else the one its job's or the workflow's ``defaults`` set)."""
    defaults = _default_directories(lines)
    found: list[Signal] = []
    for number, line in enumerate(lines, start=1):
        key = _RUN_KEY.match(line)
        if key is None or not key["value"].strip() or key["value"].lstrip().startswith("#"):
            continue
        key_indent = _indent(line) + (len(key["dash"]) if key["dash"] else 0)
        block = _run_script(key["value"].strip(), lines, number, key_indent)
        if "--doctest-modules" not in " ".join(text for _, text in block):
            continue
        directory = _step_directory(lines, number - 1, key_indent, bool(key["dash"]))
        if directory is None:
            directory = _default_for(defaults, lines, number - 1)
        base = _joined(".", directory) if directory is not None else None
        found += _shell_runs(block, base, name)
    return found


def _run_script(
    value: str, lines: list[str], number: int, key_indent: int
) -> list[tuple[int, str]]:
    """The shell lines of the ``run:`` key on line ``number``, with their line numbers: a
    literal block's lines (a line ending in ``\\`` going on in the next), or one command of a
    folded block or a plain scalar, whose lines YAML joins."""
    inner: list[tuple[int, str]] = []
    for offset, text in enumerate(lines[number:], start=number + 1):
        if text.strip() and _indent(text) <= key_indent:
            break
        if text.strip():
            inner.append((offset, text.strip()))
    if value[0] == "|":
        script: list[tuple[int, str]] = []
        for offset, text in inner:
            if script and script[-1][1].endswith("\\"):
                script[-1] = (script[-1][0], script[-1][1][:-1] + " " + text)
            else:
                script.append((offset, text))
        return script
    first = [] if value[0] == ">" else [_scalar(value)]
    joined = " ".join([*first, *(text for _, text in inner)])
    return [(number if first else inner[0][0] if inner else number, joined)]


def _step_directory(lines: list[str], at: int, key_indent: int, dashed: bool) -> str | None:
    """The ``working-directory`` of the step whose ``run:`` key is line ``at``, if it has one."""
    start = at
    if not dashed:
        while start > 0:
            start -= 1
            step = _STEP.match(lines[start])
            if step is not None and len(step["indent"]) < key_indent:
                break
        else:
            return None
    step_indent = _indent(lines[start])
    for index in range(start, len(lines)):
        line = lines[index]
        if index > start and line.strip() and _indent(line) <= step_indent:
            break
        found = _WORKING_DIRECTORY.match(line)
        if found is not None and _indent(line) <= key_indent:
            return _scalar(found["value"])
    return None


def _default_directories(lines: list[str]) -> list[tuple[int, int, str]]:
    """The ``working-directory`` values ``defaults: run:`` set, at the job's or the
    workflow's level: (line index, indent of ``defaults:``, value)."""
    found = []
    for index, line in enumerate(lines):
        directory = _WORKING_DIRECTORY.match(line)
        if directory is None:
            continue
        parents = _parents(lines, index)
        if [text for _, text in parents[:2]] == ["run:", "defaults:"]:
            found.append((index, parents[1][0], _scalar(directory["value"])))
    return found


def _parents(lines: list[str], index: int) -> list[tuple[int, str]]:
    """The keys line ``index`` sits under, innermost first: (indent, stripped text)."""
    parents: list[tuple[int, str]] = []
    indent = _indent(lines[index])
    for above in reversed(lines[:index]):
        if above.strip() and _indent(above) < indent:
            indent = _indent(above)
            parents.append((indent, above.strip()))
    return parents


def _default_for(defaults: list[tuple[int, int, str]], lines: list[str], at: int) -> str:
    """The ``working-directory`` the defaults give the step on line ``at``: its job's (set
    above it, the job not left since), else the workflow's, else the repo's root."""
    chosen = "."
    for index, indent, value in defaults:
        if index > at:
            break
        if indent == 0:
            chosen = value if chosen == "." else chosen
        elif all(not line.strip() or _indent(line) >= indent for line in lines[index:at]):
            return value
    return chosen


def nox_run_signals(tree: ast.Module, path: str) -> list[Signal]:
    """The doctest runs of a ``noxfile.py``'s sessions: ``session.run("pytest",
    "--doctest-modules", "src")``, in the noxfile's folder or where ``session.chdir`` went."""
    if path.rsplit("/", 1)[-1] != "noxfile.py":
        return []
    folder = PurePosixPath(path).parent.as_posix()
    name = "noxfile.py"
    found: list[Signal] = []
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef):
            continue
        base: str | None = folder
        calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
        for call in sorted(calls, key=lambda node: (node.lineno, node.col_offset)):
            method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
            words = _literal_words(call.args)
            if method == "chdir":
                base = _joined(base, words[0]) if len(words) == 1 else None
            elif method in {"run", "run_always"}:
                run = _parsed(words)
                if run is not None and base is not None:
                    signal = _signal(run, base, call.lineno, name)
                    found += [signal] if signal is not None else []
    return found


def _literal_words(args: Sequence[ast.expr]) -> list[str]:
    """A call's string arguments; ``*session.posargs`` adds none (a session run bare), any
    other expression a word that reads as unresolved."""
    words = []
    for arg in args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            words.append(arg.value)
        elif not isinstance(arg, ast.Starred):
            words.append("$")
    return words
