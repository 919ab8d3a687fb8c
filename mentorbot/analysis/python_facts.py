"""Python facts: the signals (see ``signals.py``) one already-parsed file shows.

The caller parses each file once and hands the same tree to the rule engine, so this module does
no I/O and never parses. The walk is iterative rather than recursive: a generated file with a
very deep expression must not take a review down with a RecursionError.
"""

from __future__ import annotations

import ast

from mentorbot.analysis.doctests import doctest_signals
from mentorbot.analysis.pytest_runs import nox_run_signals
from mentorbot.analysis.python_facts_calls import classify_call
from mentorbot.analysis.python_facts_defs import (
    finish_function,
    on_class,
    on_function,
)
from mentorbot.analysis.python_facts_depends import alias_dependency
from mentorbot.analysis.python_facts_django import django_settings, helpers_of_views
from mentorbot.analysis.python_facts_env import (
    classify_compare,
    classify_subscript,
    copies_environ,
    environ_copy_reads,
)
from mentorbot.analysis.python_facts_flask import flask_error_return
from mentorbot.analysis.python_facts_graphql import graphql_facts
from mentorbot.analysis.python_facts_raises import classify_raise
from mentorbot.analysis.python_facts_sockets import socket_facts
from mentorbot.analysis.python_facts_streaming import ui_streaming
from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionFrame,
    Scope,
    SignalSink,
    children,
    dotted,
    first_arg,
    flag,
    keyword,
    last_name,
    literal_or_text,
    safe_unparse,
    str_literal,
)
from mentorbot.analysis.test_paths import is_test_file
from mentorbot.domain import Signal
from mentorbot.rules._suppressed_errors import BROAD, swallows_error

LOGGING_LIBRARIES = frozenset({"logging", "structlog", "loguru"})

_WorkItem = tuple[ast.AST, Scope, str]
_NODES_WITH_SIGNALS: frozenset[type[ast.AST]] = frozenset(
    {
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.ClassDef,
        ast.Call,
        ast.Await,
        ast.AsyncFor,
        ast.AsyncWith,
        ast.comprehension,
        ast.Assign,
        ast.AnnAssign,
        ast.Import,
        ast.ImportFrom,
        ast.Subscript,
        ast.Raise,
        ast.Try,
        ast.TryStar,
        ast.Return,
        ast.Compare,
    }
)
SUBMODULE_TOPS = frozenset({"google", "azure", "aiohttp"})
"""Top-level names whose submodule says what is used: which distribution, under names many
share (``google-generativeai``, ``google-cloud-storage``); server or client (``aiohttp.web``)."""
# Nodes that can neither carry a signal nor contain one: not worth a trip through the stack.
# (``Load``/``Store`` and operators are never reached: ``child_fields`` leaves out their fields.)
_LEAVES: frozenset[type[ast.AST]] = frozenset(
    {ast.Name, ast.Constant, ast.Pass, ast.Break, ast.Continue}
)


def extract_signals(tree: ast.Module, path: str) -> list[Signal]:
    """All signals of one module, ordered by line (ties keep discovery order).

    ``path`` is the repo-relative path; it only decides whether the file is a test file.
    """
    return _Walker(path).run(tree)


class _Walker:
    """One pre-order pass over the tree, in source order, with an explicit stack."""

    def __init__(self, path: str) -> None:
        self.state = FileState(path=path)
        self.sink = SignalSink()
        self.frames: list[FunctionFrame] = []
        self.imported: set[str] = set()

    def run(self, tree: ast.Module) -> list[Signal]:
        """The walk itself, as one loop: it visits ~2.5 nodes per source line, so a method call
        or a temporary list per node was a tenth of the whole analysis."""
        module_seq = self.sink.reserve()
        self.state.in_tests = is_test_file(self.state.path, tree)
        self.state.learn_module_defs(tree.body)
        stack: list[_WorkItem] = [(child, Scope(), "") for child in reversed(tree.body)]
        pop, push = stack.pop, stack.append
        while stack:
            node, scope, owner = pop()
            kind = type(node)
            if kind in _NODES_WITH_SIGNALS:
                if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                    self._function(node, scope, stack)  # type: ignore[arg-type]
                    continue
                if kind is ast.ClassDef:
                    self._class(node, scope, stack)  # type: ignore[arg-type]
                    continue
                self._classify(node, scope, owner)
            for child in reversed(children(node)):
                if type(child) not in _LEAVES:
                    push((child, scope, owner))
        self._finish(tree, module_seq)
        return self.sink.signals()

    def _classify(self, node: ast.AST, scope: Scope, owner: str) -> None:
        if isinstance(node, ast.Call):
            classify_call(node, owner, self.state, self.sink)
        elif isinstance(node, ast.Await | ast.AsyncFor | ast.AsyncWith):
            self._count_await(scope)
        elif isinstance(node, ast.comprehension) and node.is_async:
            self._count_await(scope)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            self._assignment(node, scope)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            self._import(node)
        elif isinstance(node, ast.Subscript):
            classify_subscript(node, self.state, self.sink)
        elif isinstance(node, ast.Raise):
            classify_raise(node, self.state, self.sink)
        elif isinstance(node, ast.Try | ast.TryStar):
            self._try(node)
        elif isinstance(node, ast.Return):
            flask_error_return(node, self.state, self.sink)
        elif isinstance(node, ast.Compare):
            classify_compare(node, self.state, self.sink)

    def _function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, stack: list[_WorkItem]
    ) -> None:
        frame = on_function(node, scope, self.state, self.sink)
        self.frames.append(frame)
        inner = Scope(function=frame)
        stack.extend((child, inner, node.name) for child in reversed(node.body))
        header: list[ast.AST] = [*node.decorator_list, node.args]
        if node.returns is not None:
            header.append(node.returns)
        stack.extend((child, scope, node.name) for child in reversed(header))

    def _class(self, node: ast.ClassDef, scope: Scope, stack: list[_WorkItem]) -> None:
        on_class(node, self.state, self.sink)
        body_scope = Scope(class_name=node.name, in_class_body=True)
        stack.extend((child, body_scope, "") for child in reversed(node.body))
        owner = scope.function.node.name if scope.function is not None else ""
        header: list[ast.AST] = [*node.decorator_list, *node.bases, *node.keywords]
        stack.extend((child, scope, owner) for child in reversed(header))

    @staticmethod
    def _count_await(scope: Scope) -> None:
        if scope.function is not None:
            scope.function.awaits += 1

    def _assignment(self, node: ast.Assign | ast.AnnAssign, scope: Scope) -> None:
        """Remember what names calls and constants are bound to, for engines, apps and URLs."""
        value = node.value
        if value is None:
            return
        first_target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        target = dotted(first_target)
        if not target:
            return
        called = value.value if isinstance(value, ast.Await) else value
        if isinstance(called, ast.Call):
            self.state.assign_targets[id(called)] = target
        if copies_environ(value, self.state):
            self.state.environ_copies.append((node.lineno, target))
        if isinstance(first_target, ast.Name):
            self._named_assignment(first_target.id, value, scope, node.lineno)

    def _named_assignment(self, name: str, value: ast.expr, scope: Scope, line: int) -> None:
        text = str_literal(value)
        if text is None and isinstance(value, ast.Call) and last_name(value.func) == "create":
            # ``URL.create(drivername="mysql+pymysql", ...)``: the URL an engine is made from.
            driver = str_literal(keyword(value, "drivername"))
            text = f"{driver}://" if driver else None
        if text is None and isinstance(value, ast.JoinedStr) and value.values:
            # ``f"mysql+mysqlconnector://{user}:..."``: its literal start is the scheme.
            text = str_literal(value.values[0])
        if text is not None and scope.at_module_level:
            self.state.module_strings[name] = text
        elif text is not None and scope.in_class_body:
            self.state.class_strings[name] = text
        elif text is not None and scope.function is not None:
            self.state.local_strings[(scope.function.node.name, name)] = text
        if name == "DATABASES" and scope.at_module_level and _django_databases(value):
            # Django's settings: the ORM's connections, which Django makes and manages (its
            # models had "no engine or database client", blind check d1).
            data = {"async": flag(False), "library": "django"}
            self.sink.emit("db-client", line, name, detail="DATABASES", data=data)
        if scope.at_module_level:
            django_settings(name, value, self.sink)
        dependency = alias_dependency(value) if scope.at_module_level else None
        if dependency is not None:
            self.state.dependency_aliases.add(name)
            self.sink.emit("dependency-alias", line, name, data={"dependency": dependency})
        source = value.func if isinstance(value, ast.Call) else value
        if isinstance(value, ast.Call) and last_name(value.func) == "HTTPException":
            # ``credentials_exception = HTTPException(401, ...)``, raised later by its name.
            status = literal_or_text(first_arg(value, "status_code"))
            self.state.http_exceptions[name] = status
        root = dotted(source).split(".")[0]
        if "log" in name.lower() and root in LOGGING_LIBRARIES:
            self.state.note_logging(line, root)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                local = alias.asname or top
                self.state.imports[local] = (alias.name if alias.asname else top, "")
                self._import_signal(top, node.lineno, from_import=False)
                self._submodule_import_signal(alias.name, node.lineno)
            return
        module = node.module or ""
        if node.level:
            for alias in node.names:
                self.state.imports[alias.asname or alias.name] = ("", alias.name)
            return
        for alias in node.names:
            self.state.imports[alias.asname or alias.name] = (module, alias.name)
            if module == "alembic" and alias.name == "op":
                self.state.alembic_op_imported = True
            if module == "loguru" and alias.name == "logger":
                self.state.note_logging(node.lineno, "loguru")
            self._submodule_import_signal(f"{module}.{alias.name}", node.lineno)
        self._import_signal(module.split(".")[0], node.lineno, from_import=True)

    def _import_signal(self, top: str, line: int, *, from_import: bool) -> None:
        if top and top not in self.imported:
            self.imported.add(top)
            self.sink.emit("import", line, top, data={"from": flag(from_import)})

    def _submodule_import_signal(self, module: str, line: int) -> None:
        """``google.generativeai``, ``aiohttp.web``: the top name alone does not say it."""
        top, dot, _ = module.partition(".")
        if dot and top in SUBMODULE_TOPS and module not in self.imported:
            self.imported.add(module)
            self.sink.emit("submodule-import", line, module)

    def _try(self, node: ast.Try | ast.TryStar) -> None:
        if not node.handlers:
            return  # try/finally catches nothing: cleanup, not error handling
        names: list[str] = []
        for handler in node.handlers:
            caught = handler.type
            if isinstance(caught, ast.Tuple):
                names.extend(safe_unparse(item) for item in caught.elts)
            else:
                names.append(safe_unparse(caught))
        bare = any(handler.type is None for handler in node.handlers)
        # ``except Exception: pass`` hides errors (MB106): no evidence of handling them.
        swallows = all(
            self._catches_all(handler) and swallows_error(handler) for handler in node.handlers
        )
        data = {"handlers": ",".join(names), "bare": flag(bare), "swallows": flag(swallows)}
        self.sink.emit("try-except", node.lineno, data=data)

    def _catches_all(self, handler: ast.ExceptHandler) -> bool:
        """A bare ``except:`` or one of ``Exception``/``BaseException``, as imported here."""
        if handler.type is None:
            return True
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            head, dot, rest = dotted(kind).partition(".")
            module, member = self.state.imports.get(head, ("", head))
            target = ".".join(part for part in (module, member) if part)
            if f"{target}{dot}{rest}" in BROAD:
                return True
        return False

    def _finish(self, tree: ast.Module, module_seq: int) -> None:
        for frame in self.frames:
            finish_function(frame, self.sink)
        state = self.state
        if state.alembic_op_imported:
            for line, operation, table in state.alembic_ops:
                self.sink.emit(
                    "alembic-op", line, operation, data={"table": table} if table else {}
                )
        if state.checkpointer_connections:
            self.sink.drop("db-client", state.checkpointer_connections)
        helpers_of_views(state, self.sink)
        if state.environ_copies:
            environ_copy_reads(tree, state, self.sink)
        graphql_facts(tree, state, self.sink)
        ui_streaming(tree, state, self.sink)
        socket_facts(tree, state, self.sink)
        if state.logging_at is not None:
            line, library = state.logging_at
            self.sink.emit("logging", line, detail=library)
        tests = [*doctest_signals(tree, state.path), *nox_run_signals(tree, state.path)]
        for test in tests:
            self.sink.emit(test.kind, test.line, test.name, data=test.data)
        revision = _alembic_revision(tree)
        if revision:
            _emit_revision(tree, self.sink)
        data = {
            "functions": str(state.functions),
            "annotated_functions": str(state.annotated_functions),
            "classes": str(state.classes),
            # An Alembic revision's docstring is Alembic's template, not the learner's words.
            "docstring": flag(ast.get_docstring(tree) is not None and not revision),
        }
        self.sink.emit("module", 1, data=data, seq=module_seq)


def _alembic_revision(tree: ast.Module) -> bool:
    """A migration script Alembic generated: it binds ``revision`` and ``down_revision``."""
    bound = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    return {"revision", "down_revision"} <= bound


def _emit_revision(tree: ast.Module, sink: SignalSink) -> None:
    """An Alembic revision, at its ``upgrade``, and whether that does nothing: what
    ``alembic revision`` writes without ``--autogenerate``, or autogenerate finding no change."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "upgrade":
            empty = all(_does_nothing(statement) for statement in node.body)
            sink.emit("alembic-revision", node.lineno, "upgrade", data={"empty": flag(empty)})
            return


def _does_nothing(statement: ast.stmt) -> bool:
    """``pass``, ``...`` or a docstring."""
    if isinstance(statement, ast.Pass):
        return True
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _django_databases(value: ast.expr) -> bool:
    """``{"default": {"ENGINE": "django.db.backends.postgresql", ...}}``, or one
    ``dj_database_url.config(...)`` makes."""
    if not isinstance(value, ast.Dict):
        return False
    for key, entry in zip(value.keys, value.values, strict=False):
        if str_literal(key) != "default":
            continue
        if isinstance(entry, ast.Call):
            return True
        if isinstance(entry, ast.Dict):
            return any(str_literal(k) == "ENGINE" for k in entry.keys)
    return False
