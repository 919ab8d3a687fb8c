"""One read-only index over a scan's signals, findings, stack and paths.

The rubric, the achievements and the planner all ask the same questions ("which routes are
there?", "is alembic in the stack?", "which files match ``*/versions/*.py``?"). Answering them
from one index keeps every answer traceable to a real signal, finding or path, so each piece of
evidence the mentor prints can be checked against the scan.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from mentorbot.analysis.python_facts_bots import distinct_handlers
from mentorbot.analysis.test_paths import CODE_NAMED_LIKE_TESTS_SIGNAL
from mentorbot.domain import (
    SEVERITY_RANK,
    Commit,
    Evidence,
    FileAnalysis,
    Finding,
    Signal,
    StackItem,
)
from mentorbot.fact_values import (
    MIGRATION_GLOBS,
    as_int,
    beside_env,
    django_boilerplate,
    is_test_path,
    normalise_package,
    paths_matching,
    truthy,
)
from mentorbot.route_prefixes import include_prefixes, served_route
from mentorbot.rules._derived_classes import DERIVED_CLASS_SIGNAL, resolve_derived
from mentorbot.rules._reexports import IMPORTS_SIGNAL
from mentorbot.skills_categories import ALSO_JUDGED_IN, CATEGORY_AREA, PROJECT_CATEGORIES

DATABASE_WIRING = ("engine", "session-factory", "db-client")
"""What connects an app to its database: a SQLAlchemy engine or session factory, or a client
(Motor, PyMongo, the databases library, Tortoise)."""


class Located(NamedTuple):
    """A signal together with the file it was found in (a tuple: assess makes one per signal)."""

    path: str
    signal: Signal

    @property
    def kind(self) -> str:
        return self.signal.kind

    @property
    def name(self) -> str:
        return self.signal.name

    def get(self, key: str) -> str:
        """A data value, "" when the analyzer did not record it."""
        return self.signal.data.get(key, "")

    def flag(self, key: str) -> bool:
        return truthy(self.signal.data.get(key))

    @property
    def line(self) -> int | None:
        """A module signal is about the whole file (which may be empty): no line to cite."""
        return None if self.signal.kind == "module" else self.signal.line

    def cite(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def evidence(self, note: str | None = None) -> Evidence:
        return Evidence(path=self.path, line=self.line, note=note or describe(self))


def describe(item: Located) -> str:
    """A short, language-neutral note: ``route GET /tasks``, ``orm-model Task``."""
    signal = item.signal
    if signal.kind == "route":
        method = signal.data.get("method", "").upper()
        route_path = signal.data.get("path", "")
        label = f"{method} {route_path}".strip() or signal.detail or signal.name
        return f"route {label}"
    if signal.kind == "http-exception" and signal.data.get("framework"):
        # Django's own answer in its own words: "HTTPException (404)" of a
        # ``get_object_or_404`` read as FastAPI's (blind check w1).
        shown = signal.name or signal.detail
        return f"{shown} ({signal.detail})" if signal.detail not in ("", shown) else shown
    text = f"{signal.kind} {signal.name}".strip()
    return f"{text} ({signal.detail})" if signal.detail else text


def file_evidence(path: str, note: str = "") -> Evidence:
    return Evidence(path=path, note=note)


def commit_evidence(commit: Commit) -> Evidence:
    return Evidence(commit=commit.sha, note=commit.subject[:80])


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.path, f.line, f.rule))


class SignalIndex:
    """A scan's signals in scan order and by kind: the costly part of ``Facts`` (one entry per
    signal, ~80k at 100k lines), which depends on the analyses alone."""

    def __init__(self, analyses: Sequence[FileAnalysis]) -> None:
        self.located: tuple[Located, ...] = tuple(
            Located(analysis.path, signal)
            for analysis in sorted(analyses, key=lambda a: a.path)
            for signal in sorted(analysis.signals, key=lambda s: (s.line, s.kind, s.name))
        )
        self.python_files: tuple[str, ...] = tuple(sorted({a.path for a in analyses}))
        self.by_kind: dict[str, list[tuple[int, Located]]] = {}
        for position, item in enumerate(self.located):
            self.by_kind.setdefault(item.signal.kind, []).append((position, item))
        self.code_named_like_tests: frozenset[str] = frozenset(
            item.path for _, item in self.by_kind.get(CODE_NAMED_LIKE_TESTS_SIGNAL, ())
        )
        self._resolve_http_error_raises()
        self._resolve_derived_schemas()
        self._resolve_include_prefixes()

    def _resolve_http_error_raises(self) -> None:
        """A raise of the project's own ``HTTPException`` subclass (``raise
        PostNotFoundException()``, the class in another module) counts as an HTTP error raised:
        added to ``http-exception`` at the raise's place in scan order."""
        raises = self.by_kind.get("custom-raise")
        if not raises:
            return
        bases = {
            item.signal.name: last_name_of(item.get("base"))
            for _, item in self.by_kind.get("custom-exception", [])
        }
        http_errors = {"HTTPException"}
        grown = True
        while grown:
            added = {name for name, base in bases.items() if base in http_errors}
            grown = not added <= http_errors
            http_errors |= added
        resolved = [
            (position, Located(item.path, _as_http_exception(item.signal)))
            for position, item in raises
            if item.signal.name in http_errors and item.signal.name != "HTTPException"
        ]
        if resolved:
            merged = [*self.by_kind.get("http-exception", []), *resolved]
            self.by_kind["http-exception"] = sorted(merged, key=lambda pair: pair[0])

    def _resolve_derived_schemas(self) -> None:
        """A class on a pydantic model of another module (``ProductSearchOut(ProductInDB)``)
        is a pydantic model too: added to ``pydantic-model`` at its place in scan order."""
        derived = self.by_kind.get(DERIVED_CLASS_SIGNAL)
        if not derived:
            return
        known: dict[str, list[str]] = {}
        for _, item in self.by_kind.get("pydantic-model", []):
            known.setdefault(item.signal.name, []).append(item.path)
        resolved = resolve_derived(
            lambda name: known.get(name, ()), [(item.path, item.signal) for _, item in derived]
        )
        added = [
            (position, Located(item.path, _as_pydantic_model(item)))
            for position, item in derived
            if item.path in resolved.get(item.signal.name, ())
            and item.path not in known.get(item.signal.name, ())
        ]
        if added:
            merged = [*self.by_kind.get("pydantic-model", []), *added]
            self.by_kind["pydantic-model"] = sorted(merged, key=lambda pair: pair[0])

    def _resolve_include_prefixes(self) -> None:
        """A route of a router the app includes with a literal prefix, at its served path."""
        routes = self.by_kind.get("route")
        includes = [(i.path, i.signal) for _, i in self.by_kind.get("include-router", [])]
        if not routes or not any("prefix" in signal.data for _, signal in includes):
            return
        routers = [
            (item.path, item.signal)
            for _, item in self.by_kind.get("app", [])
            if item.get("type") == "APIRouter"
        ]
        prefixes = include_prefixes(includes, routers)
        if prefixes:
            self.by_kind["route"] = [
                (position, Located(item.path, served_route(item.signal, prefixes[item.path])))
                if item.path in prefixes
                else (position, item)
                for position, item in routes
            ]


def _as_pydantic_model(derived: Located) -> Signal:
    base = next(base for base in derived.get("bases").split(",") if base)
    return Signal(
        kind="pydantic-model",
        line=derived.signal.line,
        name=derived.signal.name,
        data={"base": last_name_of(base)},
    )


def last_name_of(dotted_name: str) -> str:
    return dotted_name.rsplit(".", 1)[-1]


def _as_http_exception(raised: Signal) -> Signal:
    return Signal(kind="http-exception", line=raised.line, name=raised.name, data={"status": ""})


_last_index: tuple[tuple[FileAnalysis, ...], SignalIndex] | None = None


def signal_index(analyses: Sequence[FileAnalysis]) -> SignalIndex:
    """The index of ``analyses``; built once for the assess, lessons and plan steps of a review.

    They all pass the scan's own tuple, so the last tuple seen (compared by identity: a tuple
    of frozen analyses cannot change) answers the next two calls. Other sequences are indexed
    each time.
    """
    global _last_index
    last = _last_index
    if last is not None and last[0] is analyses:
        return last[1]
    index = SignalIndex(analyses)
    if isinstance(analyses, tuple):
        _last_index = (analyses, index)
    return index


def one_per_line(items: Iterable[Located]) -> list[Located]:
    """The first item at each ``path:line``, in order (stacked decorators share a line)."""
    found: dict[tuple[str, int | None], Located] = {}
    for item in items:
        found.setdefault((item.path, item.line), item)
    return list(found.values())


class Facts:
    """Lookups over one scan, built for each assess/plan call; never mutated afterwards."""

    def __init__(
        self,
        analyses: Sequence[FileAnalysis],
        findings: Sequence[Finding] = (),
        stack: Sequence[StackItem] = (),
        paths: Sequence[str] = (),
        commits: Sequence[Commit] = (),
    ) -> None:
        signals = signal_index(analyses)
        self.located: tuple[Located, ...] = signals.located
        unique: dict[tuple[str, str, int], Finding] = {}
        for finding in findings:
            unique.setdefault((finding.rule, finding.path, finding.line), finding)
        self.findings: tuple[Finding, ...] = tuple(by_severity(unique.values()))
        self.stack: tuple[StackItem, ...] = tuple(stack)
        self.stack_names: frozenset[str] = frozenset(normalise_package(s.name) for s in stack)
        self.paths: tuple[str, ...] = tuple(
            sorted(set(paths) | {analysis.path for analysis in analyses})
        )
        self.commits: tuple[Commit, ...] = tuple(commits)
        self.python_files: tuple[str, ...] = signals.python_files
        self._code_named_like_tests = signals.code_named_like_tests
        self._by_kind = signals.by_kind

    def database_wiring(self, *kinds: str) -> list[Located]:
        """The app's engines, session factories and database clients (or those of ``kinds``):
        a test's in-memory async engine says nothing of the app's, nor does the engine
        Alembic's ``env.py`` makes to migrate."""
        return self.signals(*(kinds or DATABASE_WIRING), where=self._in_app)

    def _in_app(self, item: Located) -> bool:
        return not self.in_tests(item.path) and not self._migration_env(item.path)

    def in_tests(self, path: str) -> bool:
        """Whether the file at ``path`` is test code: by its place, less the files only named
        like tests that hold none (``handlers/theory_test.py`` of a quiz bot)."""
        return is_test_path(path) and path not in self._code_named_like_tests

    def _migration_env(self, path: str) -> bool:
        """Alembic's ``env.py``: a file of that name beside a ``versions/`` folder."""
        folder, _, name = path.rpartition("/")
        if name != "env.py":
            return False
        versions = f"{folder}/versions/" if folder else "versions/"
        return any(other.startswith(versions) for other in self.paths)

    def signals(self, *kinds: str, where: Callable[[Located], bool] | None = None) -> list[Located]:
        """Signals of these kinds in scan order (indexed: assess asks thousands of times)."""
        lists = [self._by_kind.get(kind, []) for kind in dict.fromkeys(kinds)]
        if not lists:
            return []
        ordered = lists[0] if len(lists) == 1 else heapq.merge(*lists, key=lambda pair: pair[0])
        return [item for _, item in ordered if where is None or where(item)]

    def views(self, kind: str, where: Callable[[Located], bool] | None = None) -> list[Located]:
        """Signals of a route kind, one per function: a view under ``@app.route("/")`` and
        ``@app.route("/home")`` is one route, however many URLs it answers; a bot's handler
        both decorated and registered by a call (``dp.register_message_handler(start)``) is
        one handler; two decorated ones of one name are two (corpus 82)."""
        views = one_per_line(self.signals(kind, where=where))
        if kind != "bot-handler":
            return views
        return distinct_handlers(views, lambda item: (item.path, item.signal))

    def files_with(self, *kinds: str) -> list[str]:
        return sorted({item.path for item in self.signals(*kinds)})

    def has_stack(self, *names: str) -> bool:
        return any(normalise_package(name) in self.stack_names for name in names)

    def paths_matching(self, *patterns: str) -> list[str]:
        matched = frozenset().union(*(paths_matching(self.paths, p) for p in patterns))
        return [path for path in self.paths if path in matched] if matched else []

    def at_least(self, count: int, kind: str, where: Callable[[Located], bool]) -> bool:
        """Whether ``count`` signals of ``kind`` pass ``where`` (stops at the ``count``-th)."""
        for _, item in self._by_kind.get(kind, ()):
            if where(item):
                count -= 1
                if count <= 0:
                    return True
        return count <= 0

    def findings_in_area(self, area: str) -> list[Finding]:
        also = ALSO_JUDGED_IN.get(area, ())
        return [
            f
            for f in self.findings
            if CATEGORY_AREA.get(f.category, "code-quality") == area or f.category in also
        ]

    def findings_in_files(self, files: Iterable[str]) -> list[Finding]:
        """The findings about these files' code: not the project's missing tests or migrations,
        which are only pinned to a file (the app, a model) to have a line to cite."""
        wanted = set(files)
        return [
            f for f in self.findings if f.path in wanted and f.category not in PROJECT_CATEGORIES
        ]

    def route_files(self) -> list[str]:
        return self.files_with("route")

    def revision_files(self) -> list[str]:
        """Migration scripts: Alembic's, under a ``versions`` folder of a migrations tree (also
        one of another name, ``alembic init migrations-alembic``: beside its ``env.py``), and
        Django's numbered ones (``shop/migrations/0002_product_price.py``)."""
        known = set(self.paths)
        candidates = {
            *self.paths_matching(*MIGRATION_GLOBS),
            *(path for path in self.paths_matching("versions/*.py") if beside_env(path, known)),
        }
        found = {path for path in candidates if not path.endswith("__init__.py")}
        return sorted(found | {item.path for item in self.signals("alembic-op")})

    def generated_files(self) -> list[str]:
        """The code a tool wrote, not the learner: Alembic's (``migration_files``) and the
        modules Django's ``startproject`` and ``startapp`` write (``django_boilerplate``)."""
        functions = {m.path: as_int(m.get("functions")) for m in self.signals("module")}
        django = {
            item.path
            for item in self.signals(IMPORTS_SIGNAL)
            if django_boilerplate(item.path, item.get("targets"), functions.get(item.path, 0))
        }
        return sorted({*self.migration_files(), *django})

    def migration_files(self) -> list[str]:
        """The revisions and the ``env.py`` Alembic generates beside its script template or its
        ``versions`` folder: the tool's code, not the learner's (its
        ``logging.getLogger("alembic.env")`` had been "logging is used in 1 module" of apps that
        log nothing, blind check f1)."""
        known = set(self.paths)
        revisions = self.revision_files()
        envs = {
            path
            for path in self.paths_matching("env.py", "*/env.py")
            if f"{(folder := path.removesuffix('env.py'))}script.py.mako" in known
            or any(revision.startswith(f"{folder}versions/") for revision in revisions)
        }
        return sorted({*revisions, *envs})
