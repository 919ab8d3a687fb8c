"""The one class that implements an abstract base, for calls made through the base.

A layered app types what it holds with an interface and lets a factory elsewhere pick the
class: ``BlogService.__init__(self, post_repo: PostRepository)`` keeps ``self._post_repo``,
and only ``get_post_repo`` knows it is a ``SqlAlchemyPostRepository``. The base's methods only
raise ``NotImplementedError``; what runs is the implementation's. Where the project (its tests
aside: their fakes implement the base too) has exactly one class implementing an abstract
base, a call of the base's method is a call of that class's method (blind check corpus 96).
With two implementations nothing is assumed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.domain import Signal
from mentorbot.rules._names import last_part, qualified
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

IMPLEMENTS_SIGNAL = "rule:implements"
"""A module-level class (``name``) and one of its bases by its last name (``detail``)."""
INTERFACE_SIGNAL = "rule:interface"
"""A module-level abstract class (``name``): an ``ABC`` or ``Protocol``, a class with an
``@abstractmethod``, or one whose methods all only raise ``NotImplementedError``."""

_ABSTRACT_BASES = frozenset({"abc.ABC", "typing.Protocol", "typing_extensions.Protocol"})


def _abstract_body(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body of a docstring, ``...``, ``pass`` or ``raise NotImplementedError`` only."""
    for statement in function.body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Raise) and statement.exc is not None:
            raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
            if isinstance(raised, ast.Name) and raised.id == "NotImplementedError":
                continue
        return False
    return True


def _is_interface(cls: ast.ClassDef, imports: dict[str, str]) -> bool:
    if any(qualified(base, imports) in _ABSTRACT_BASES for base in cls.bases):
        return True
    if any(
        keyword.arg == "metaclass" and last_part(qualified(keyword.value, imports)) == "ABCMeta"
        for keyword in cls.keywords
    ):
        return True
    methods = [
        node for node in cls.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    if any(
        last_part(qualified(decorator, imports)) == "abstractmethod"
        for method in methods
        for decorator in method.decorator_list
    ):
        return True
    public = [method for method in methods if not method.name.startswith("__")]
    return bool(public) and all(_abstract_body(method) for method in public)


def implementation_signals(ctx: FileContext) -> Iterator[Signal]:
    """Each module-level class's bases, and whether it is abstract itself."""
    for node in ctx.tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if _is_interface(node, ctx.imports):
            yield Signal(kind=INTERFACE_SIGNAL, line=node.lineno, name=node.name)
        for base in node.bases:
            name = last_part(qualified(base, ctx.imports))
            if name[:1].isupper() and name != node.name:
                yield Signal(kind=IMPLEMENTS_SIGNAL, line=node.lineno, name=node.name, detail=name)


def single_implementations(project: ProjectView) -> dict[str, tuple[str, str]]:
    """Implementing class -> (the abstract base it is the project's only implementation of,
    the path of the base's module)."""
    interfaces = {signal.name: path for path, signal in project.signals(INTERFACE_SIGNAL)}
    implementers: dict[str, set[str]] = {}
    for _, signal in project.signals(IMPLEMENTS_SIGNAL):
        if signal.detail in interfaces and signal.name not in interfaces:
            implementers.setdefault(signal.detail, set()).add(signal.name)
    return {
        next(iter(classes)): (base, interfaces[base])
        for base, classes in implementers.items()
        if len(classes) == 1
    }
