"""Classes on a base imported from the project, resolved across modules: ``class
Student(PersonBase)`` is a pydantic model where ``PersonBase`` is one, however long the chain.
MB104 records the classes (``DERIVED_CLASS_SIGNAL``); its project pass and the facts' count of
pydantic models resolve them alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mentorbot.domain import Signal
from mentorbot.rules._names import module_matches, module_of

DERIVED_CLASS_SIGNAL = "rule:derived-class"
"""A class on a base imported from the project (``class Student(PersonBase)``), which its file
cannot tell a pydantic model (``data.bases``: the bases, qualified; ``data.config``: set when it
has a ``class Config``, whose line is then the signal's)."""

Paths = Callable[[str], Sequence[str]]
"""The paths defining a class name."""


def defined_in(reference: str, paths: Paths) -> bool:
    """Whether ``app.schemas.Person`` names a class of ``paths`` defined in that module (or in
    a module of that package, when the name is defined once)."""
    module, _, name = reference.rpartition(".")
    defined = paths(name)
    return any(module_matches(module, path) for path in defined) or (
        len(defined) == 1 and in_package(module, defined[0])
    )


def in_package(module: str, path: str) -> bool:
    """``from app.model import User`` of a model defined in ``app/model/user.py``: the package
    re-exports it (its ``__init__`` imports it); taken so when the name is defined once."""
    package = module_of(path).rpartition(".")[0]
    return bool(package) and (package == module or package.endswith("." + module))


def resolve_derived(defined: Paths, derived: Iterable[tuple[str, Signal]]) -> dict[str, list[str]]:
    """Class name -> paths of the ``derived`` classes (``(path, signal)``) whose bases name a
    class ``defined`` knows, or another of them, however deep."""
    resolved: dict[str, list[str]] = {}

    def paths(name: str) -> Sequence[str]:
        return [*defined(name), *resolved.get(name, ())]

    pending = list(derived)
    grown = True
    while grown and pending:
        grown = False
        waiting: list[tuple[str, Signal]] = []
        for path, signal in pending:
            bases = [base for base in signal.data.get("bases", "").split(",") if base]
            if any(defined_in(base, paths) for base in bases):
                resolved.setdefault(signal.name, []).append(path)
                grown = True
            else:
                waiting.append((path, signal))
        pending = waiting
    return resolved
