"""Doctests: the ``>>>`` examples of a docstring are tests where the project runs them.

A module that calls ``doctest.testmod()`` when run runs its own, so they are tests of that file
alone. pytest runs every module's with ``--doctest-modules`` in its config's ``addopts``; that
config is another file, so a docstring's examples are a ``doctest`` signal of their file, the
config a ``pytest-config`` signal of its own, and the scan makes the examples a config covers
``test-function`` signals (``with_configured_doctests``); as it does those a ``pytest
--doctest-modules`` command line collects (``pytest_runs``). Examples nothing runs are no tests:
they are documentation that may well be wrong.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import re
import tomllib
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from pathlib import PurePosixPath

from mentorbot.analysis.pytest_runs import PYTEST_RUN_SIGNAL
from mentorbot.analysis.python_facts_support import flag
from mentorbot.domain import FileAnalysis, Signal

DOCTEST_SIGNAL = "doctest"
PYTEST_CONFIG_SIGNAL = "pytest-config"
TEST_SIGNAL = "test-function"

_EXAMPLE = re.compile(r"^[ \t]*>>>", re.MULTILINE)
_DOCTEST_MODULES = re.compile(r"(?<!\S)--doctest-modules(?!\S)")
_Documented = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


def doctest_signals(tree: ast.Module, path: str) -> list[Signal]:
    """A signal for each docstring with examples that ``doctest`` finds (the module's, its
    functions', its classes' and their methods'): ``test-function`` when the module runs them
    itself, else ``doctest``, at the first example's line."""
    examples = [(node, line) for node in _documented(tree) if (line := _first_example_line(node))]
    if not examples:
        return []  # most modules: no walk of the whole tree for ``doctest.testmod()``
    kind = TEST_SIGNAL if _runs_own_doctests(tree) else DOCTEST_SIGNAL
    module = PurePosixPath(path).stem
    data = {"async": flag(False)} if kind == TEST_SIGNAL else {}
    return [
        Signal(
            kind=kind,
            line=line,
            name=module if isinstance(node, ast.Module) else node.name,
            data=dict(data),
        )
        for node, line in examples
    ]


def _documented(tree: ast.Module) -> Iterator[_Documented]:
    """The module and the definitions ``doctest.DocTestFinder`` looks into: top-level functions
    and classes, and what classes define, but nothing defined inside a function."""
    yield tree
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield node
            pending.extend(node.body)


def _first_example_line(node: _Documented) -> int | None:
    """The line of the docstring's first ``>>>``, or None when it has none."""
    if not node.body or not isinstance(node.body[0], ast.Expr):
        return None
    literal = node.body[0].value
    if not isinstance(literal, ast.Constant) or not isinstance(literal.value, str):
        return None
    example = _EXAMPLE.search(literal.value)
    if example is None:
        return None
    line = literal.lineno + literal.value.count("\n", 0, example.start())
    return min(line, literal.end_lineno or line)


def _runs_own_doctests(tree: ast.Module) -> bool:
    """Whether running the module runs its doctests: ``doctest.testmod()`` at its top level or
    under ``if __name__ == "__main__":``, there or in a function of the module called there
    (the ``def _test(): doctest.testmod()`` of Python's own docs)."""
    runners = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and _calls(node.body, _TESTMOD)
    }
    run: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.If) and _is_main_check(node.test):
            run.extend(node.body)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            run.append(node)
    return _calls(run, _TESTMOD | runners)


_TESTMOD = frozenset({"testmod"})


def _calls(statements: Sequence[ast.stmt], names: frozenset[str] | set[str]) -> bool:
    """Whether the statements call one of ``names`` (bare or as ``module.name``)."""
    for statement in statements:
        for child in ast.walk(statement):
            if isinstance(child, ast.Call):
                func = child.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in names:
                    return True
    return False


def _is_main_check(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(
            isinstance(item, ast.Constant) and item.value == "__main__" for item in test.comparators
        )
    )


# --- pytest's config ---------------------------------------------------------------------------


CONFIG_FILES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")
"""The files pytest takes its config from, the first of them in a folder that has one winning."""
_INI_SECTIONS = {"pytest.ini": "pytest", ".pytest.ini": "pytest", "tox.ini": "pytest"}
_INI_SECTIONS["setup.cfg"] = "tool:pytest"


def pytest_config_signals(path: str, text: str) -> tuple[Signal, ...]:
    """One ``pytest-config`` signal for a file pytest reads its config from, saying whether
    ``addopts`` runs the doctests and which ``testpaths`` a bare ``pytest`` collects; none for
    any other file, or one that holds no pytest config or does not parse."""
    name = path.rsplit("/", 1)[-1].lower()
    try:
        if name == "pyproject.toml":
            found = _toml_options(text)
        elif name in _INI_SECTIONS:
            found = _ini_options(text, _INI_SECTIONS[name])
        else:
            return ()
    except (ValueError, configparser.Error):
        return ()
    if found is None:
        return ()
    addopts, testpaths = found
    data = {
        "doctest_modules": "1" if _DOCTEST_MODULES.search(addopts) else "0",
        "testpaths": " ".join(testpaths),
    }
    return (Signal(kind=PYTEST_CONFIG_SIGNAL, line=1, name=name, data=data),)


def _toml_options(text: str) -> tuple[str, list[str]] | None:
    tool = tomllib.loads(text).get("tool", {})
    pytest = tool.get("pytest") if isinstance(tool, dict) else None
    if not isinstance(pytest, dict):
        return None
    options = pytest.get("ini_options", pytest)
    if not isinstance(options, dict):
        return None
    return _words(options.get("addopts", "")), _words(options.get("testpaths", "")).split()


def _ini_options(text: str, section: str) -> tuple[str, list[str]] | None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    if not parser.has_section(section):
        return None
    return parser.get(section, "addopts", fallback=""), parser.get(
        section, "testpaths", fallback=""
    ).split()


def _words(value: object) -> str:
    """A TOML option as one string: pytest takes ``addopts`` as a string or a list."""
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return value if isinstance(value, str) else ""


def with_configured_doctests(analyses: Sequence[FileAnalysis]) -> list[FileAnalysis]:
    """``analyses``, the doctests a pytest config runs made ``test-function`` signals: those of
    the files under the config's folder (and its ``testpaths``, when it names some), the
    config being the nearest folder's above the file, its first pytest config file winning.
    So are those a command line runs (``pytest --doctest-modules src`` in a CI workflow, a
    Makefile, tox's ``commands`` or a nox session: ``pytest_runs``), under its paths."""
    configs: dict[str, Signal] = {}
    runs: list[Signal] = []
    for analysis in sorted(analyses, key=lambda item: _config_rank(item.path)):
        for signal in analysis.signals:
            if signal.kind == PYTEST_CONFIG_SIGNAL:
                configs.setdefault(PurePosixPath(analysis.path).parent.as_posix(), signal)
            elif signal.kind == PYTEST_RUN_SIGNAL:
                runs.append(signal)
    if not runs and not any(
        signal.data.get("doctest_modules") == "1" for signal in configs.values()
    ):
        return list(analyses)
    return [_counted(analysis, configs, runs) for analysis in analyses]


def _config_rank(path: str) -> tuple[int, str]:
    name = path.rsplit("/", 1)[-1].lower()
    return (CONFIG_FILES.index(name) if name in CONFIG_FILES else len(CONFIG_FILES), path)


def _counted(
    analysis: FileAnalysis, configs: dict[str, Signal], runs: Sequence[Signal]
) -> FileAnalysis:
    if not any(signal.kind == DOCTEST_SIGNAL for signal in analysis.signals):
        return analysis
    path = analysis.path
    if not _runs_doctests_of(path, configs) and not any(
        _run_collects(path, run, configs) for run in runs
    ):
        return analysis
    signals = tuple(
        signal.model_copy(update={"kind": TEST_SIGNAL, "data": {"async": flag(False)}})
        if signal.kind == DOCTEST_SIGNAL
        else signal
        for signal in analysis.signals
    )
    return analysis.model_copy(update={"signals": signals})


def _runs_doctests_of(path: str, configs: dict[str, Signal]) -> bool:
    """Whether the config nearest above ``path`` runs doctests and collects ``path``."""
    for folder in PurePosixPath(path).parents:
        config = configs.get(folder.as_posix())
        if config is None:
            continue
        if config.data.get("doctest_modules") != "1":
            return False
        inside = PurePosixPath(path).relative_to(folder).as_posix() if folder.parts else path
        testpaths = config.data.get("testpaths", "").split()
        return not testpaths or any(_under(inside, testpath) for testpath in testpaths)
    return False


def _run_collects(path: str, run: Signal, configs: dict[str, Signal]) -> bool:
    """Whether a ``pytest --doctest-modules`` command line collects ``path``: under its paths
    and none it ignores; a run with no path collects its folder's config's ``testpaths``,
    where that config names some."""
    if any(_under(path, ignored) for ignored in run.data.get("ignore", "").split()):
        return False
    paths = run.data.get("paths", "").split()
    if run.data.get("bare") == "1" and paths:
        config = configs.get(paths[0])
        testpaths = config.data.get("testpaths", "").split() if config is not None else []
        if testpaths:
            paths = [posixpath.normpath(posixpath.join(paths[0], each)) for each in testpaths]
    return any(_under(path, collected) for collected in paths)


def _under(path: str, testpath: str) -> bool:
    """Whether pytest collects ``path`` when given ``testpath`` (a folder, file or glob)."""
    testpath = testpath.removeprefix("./").rstrip("/")
    if testpath in {"", "."}:
        return True
    return path == testpath or path.startswith(f"{testpath}/") or fnmatch(path, testpath)
