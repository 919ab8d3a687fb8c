"""MB102 through calls: a route that declares no response model and returns what a CRUD,
repository or DAO function returns (``return crud.get_user(db, user_id)``,
``return await CategoryRepo.find_all()``), where that function returns ORM objects.

Each file records the functions that return ORM-looking values (the model's qualified
reference, as MB102 records a route's) and, for each route without a response model, the
functions whose result it returns. The project check pairs the two by the callee's name and
where it lives: the module it was imported from, the class it was called on, or the route's own
file for a bare name defined there.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping

from mentorbot.domain import Signal
from mentorbot.rules._derived_classes import in_package
from mentorbot.rules._held_objects import INSTANCE_SIGNAL, instances
from mentorbot.rules._model_sources import annotation_names, class_attribute, returns_a_row
from mentorbot.rules._names import (
    FunctionNode,
    assigned_locals,
    dotted,
    functions,
    last_part,
    local_bindings,
    module_matches,
    module_of,
    own_nodes_of,
    param_defaults,
    positional_params,
    qualified,
    qualified_in,
    unawaited,
)
from mentorbot.rules._provided_classes import depends_target, param_dependency
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

MODEL_SOURCE_SIGNAL = "rule:returns-model"
"""A function (``name``; ``detail``: its class, if a method) that returns instances of a model
(``data.ref``: the model's qualified reference)."""
RETURNED_CALL_SIGNAL = "rule:returns-call"
"""A route without a response model (``detail``) returning a call's result (``name``: the
callee; ``data.ref``: its qualified name as the route's file imports it)."""

PASSED_ON_SIGNAL = "rule:returns-call-of"
"""A function (``name``; ``detail``: its class) that returns what another returns (``data.ref``:
the callee, qualified; ``data.awaited``; ``data.async``: whether itself is a coroutine)."""
CLASS_BINDING_SIGNAL = "rule:class-binding"
"""A class (``name``) setting a class attribute to a class (``data.attr``; ``data.ref``: the
class, qualified), with its bases (``data.bases``: qualified, comma-separated): a DAO's
``model = Users`` for the ``select(cls.model)`` its base class runs."""
CLASS_ATTRIBUTE = "@class."
"""A model reference read from the class at run time: ``@class.model`` for ``cls.model``."""
PASSED_ON_DEPTH = 3
"""Functions handing on another's result followed at most (a router, a service, a repository)."""

Qualify = Callable[[ast.expr], str]
"""The model reference's qualified name, as MB102 records a route's response type."""
Returned = Callable[[FunctionNode], Iterator[tuple[int, ast.expr]]]
"""MB102's own reading of what a function returns: (line, model reference) pairs."""


def model_sources(ctx: FileContext, returned: Returned, qualify: Qualify) -> Iterator[Signal]:
    """The file's functions and methods that return an ORM-looking value, with its model; and
    those that return what another function returns (a service method handing on its
    repository's result), with that function (``PASSED_ON_SIGNAL``)."""
    owners = {
        id(item): node.name
        for node in ctx.tree.body
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    own_module = module_of(ctx.path)
    for function in functions(ctx.tree):
        is_async = "1" if isinstance(function, ast.AsyncFunctionDef) else ""
        owner = owners.get(id(function), "")
        references = list(
            dict.fromkeys(_reference(reference, qualify) for _, reference in returned(function))
        )
        if not references and function.returns is not None and returns_a_row(function):
            # ``async def create_booking(...) -> Bookings``: what it says it returns.
            references = [
                qualify(reference)
                for reference in annotation_names(function.returns)
                if last_part(dotted(reference))[:1].isupper()
            ]
        if references:
            for reference in references:
                yield Signal(
                    kind=MODEL_SOURCE_SIGNAL,
                    line=function.lineno,
                    name=function.name,
                    detail=owner,
                    data={"ref": reference, "async": is_async},
                )
            continue
        for call in returned_calls(function, ctx, own_module, owner):
            yield Signal(
                kind=PASSED_ON_SIGNAL,
                line=function.lineno,
                name=function.name,
                detail=owner,
                data={**call.data, "async": is_async},
            )


def _reference(reference: ast.expr, qualify: Qualify) -> str:
    attribute = class_attribute(reference)
    return CLASS_ATTRIBUTE + attribute if attribute else qualify(reference)


def class_bindings(ctx: FileContext, qualify: Qualify) -> Iterator[Signal]:
    """The file's classes on a base that set a class attribute to a class (``model = Users``)."""
    own_module = module_of(ctx.path)
    for node in ctx.tree.body:
        if not isinstance(node, ast.ClassDef) or not node.bases:
            continue
        bases = [qualified_in(base, ctx.imports, own_module) for base in node.bases]
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and len(item.targets) == 1
                and isinstance(item.targets[0], ast.Name)
                and isinstance(item.value, ast.Name | ast.Attribute)
                and last_part(dotted(item.value))[:1].isupper()
            ):
                yield Signal(
                    kind=CLASS_BINDING_SIGNAL,
                    line=item.lineno,
                    name=node.name,
                    data={
                        "attr": item.targets[0].id,
                        "ref": qualify(item.value),
                        "bases": ",".join(bases),
                    },
                )


def returned_calls(
    handler: FunctionNode, ctx: FileContext, own_module: str, owner: str = ""
) -> Iterator[Signal]:
    """The calls whose result a route (or a method of class ``owner``) returns as it is
    (``return crud.get(db, 1)``, ``item = await repo.find(1)`` then ``return item``,
    ``return await PostService().create(...)``), or as a value of the dict it returns
    (``return {"post": post}``), each with the callee's qualified name."""
    assigned = {**_provided_values(handler, ctx), **assigned_locals(handler)}
    returned: list[tuple[int, ast.expr | None, ast.Call, bool]] = []
    for line, item, in_dict in returned_values(handler):
        raw = assigned.get(item.id) if isinstance(item, ast.Name) else item
        value = unawaited(raw)
        if isinstance(value, ast.Call) and call_path(value):
            returned.append((line, raw, value, in_dict))
    if not returned:
        return
    injected = known_classes(handler, ctx, owner)
    for line, raw, value, in_dict in returned:
        name = callee_name(value, ctx, injected, own_module)
        marked = {"in_dict": "1"} if in_dict else {}
        yield returned_call(line, handler.name, name, raw, **marked)


def returned_values(handler: FunctionNode) -> Iterator[tuple[int, ast.expr, bool]]:
    """``(line, value, in_dict)`` of what each ``return`` of the handler answers with: its value,
    or each value of the dict it returns (``return {"post": post}``, ``in_dict``)."""
    for node in own_nodes_of(handler, ast.Return):
        if isinstance(node.value, ast.Dict):
            for item in node.value.values:
                yield item.lineno, item, True
        elif node.value is not None:
            yield node.lineno, node.value, False


def _provided_values(handler: FunctionNode, ctx: FileContext) -> dict[str, ast.expr]:
    """Parameters a dependency provides, as the call FastAPI makes of it: ``get_me(user=
    Depends(get_current_user))`` returning ``user`` answers with what ``get_current_user()``
    returns."""
    defaults = param_defaults(handler.args)
    provided: dict[str, ast.expr] = {}
    for param in positional_params(handler):
        target = depends_target(param_dependency(param, defaults, ctx.imports))
        if target is not None:
            call = ast.Call(func=target, args=[], keywords=[])
            provided[param.arg] = ast.copy_location(call, target)
    return provided


def returned_call(
    line: int, handler: str, callee: str, raw: ast.expr | None, **data: str
) -> Signal:
    """A ``RETURNED_CALL_SIGNAL``: ``handler`` answers at ``line`` with what ``callee`` returns
    (``raw``: the call as written, awaited or not)."""
    awaited = "1" if isinstance(raw, ast.Await) else ""
    return Signal(
        kind=RETURNED_CALL_SIGNAL,
        line=line,
        name=last_part(callee),
        detail=handler,
        data={"ref": callee, "awaited": awaited, **data},
    )


def known_classes(function: FunctionNode, ctx: FileContext, owner: str = "") -> dict[str, str]:
    """Name -> class of the objects a function calls methods on: the module's instances
    (``review_service = ReviewService()``), injected parameters, locals made from a class
    (``repo = Repo()``, or entered: ``with Database() as db``), and ``self`` in a method of
    class ``owner``."""
    entered = {
        target.id: value
        for target, value, _ in local_bindings(function)
        if isinstance(target, ast.Name)
    }
    known = {
        **instances(ctx.tree.body),
        **_injected_classes(function, ctx),
        **_local_instances({**entered, **assigned_locals(function)}),
    }
    if owner:
        known["self"] = owner
    return known


def call_path(call: ast.Call) -> str:
    """``a.b.c`` of ``a.b.c(...)``; ``Repo.get`` of ``Repo().get(...)``, a method called on an
    instance made on the spot; "" for anything else."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and last_part(made := dotted(func.value.func))[:1].isupper()
    ):
        return f"{made}.{func.attr}"
    return dotted(func)


def _local_instances(assigned: Mapping[str, ast.expr]) -> dict[str, str]:
    """Locals holding an instance of a class made here: ``repo = UserRepository()``."""
    return {
        name: made
        for name, value in assigned.items()
        if isinstance(value, ast.Call) and last_part(made := dotted(value.func))[:1].isupper()
    }


def callee_name(call: ast.Call, ctx: FileContext, injected: dict[str, str], own_module: str) -> str:
    """The qualified name of the function ``call`` calls, as the route's file sees it: through
    its imports, the class injected into a parameter (or made into a local, or ``self``'s
    class), or its own module."""
    callee = call_path(call)
    head, _, rest = callee.partition(".")
    if rest and head in injected:
        callee = f"{injected[head]}.{rest}"  # repo.find(...) on a UserRepository
        head, _, rest = callee.partition(".")
    imported = ctx.imports.get(head)
    return f"{imported}.{rest}" if imported and rest else imported or f"{own_module}.{callee}"


def _injected_classes(handler: FunctionNode, ctx: FileContext) -> dict[str, str]:
    """Parameter -> the class of the object FastAPI injects into it: ``repo: UserRepository =
    Depends(UserRepository)``, ``repo: Annotated[UserRepository, Depends()]``."""
    defaults = param_defaults(handler.args)
    classes: dict[str, str] = {}
    for param in positional_params(handler):
        annotation = param.annotation
        if isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple):
            if last_part(qualified(annotation.value, ctx.imports)) == "Annotated":
                annotation = annotation.slice.elts[0]
        for candidate in (annotation, depends_target(defaults.get(param.arg))):
            name = dotted(candidate) if candidate is not None else ""
            if name and last_part(name)[:1].isupper():
                classes[param.arg] = name
                break
    return classes


def model_returned_by(
    project: ProjectView, call: Signal, depth: int = PASSED_ON_DEPTH
) -> list[str]:
    """The model references the function a ``RETURNED_CALL_SIGNAL`` names returns (each value of
    a dict it returns: ``{"room": room, "target_user": user}``), also through functions that
    hand on another's result (``depth`` of them at most). A coroutine function called without
    ``await`` returns a coroutine, not its model (MB109)."""
    owner = call.data.get("ref", "").rsplit(".", 1)[0]
    module, _, cls = owner.rpartition(".")
    if cls[:1].islower():  # ``from service import svc`` then ``svc.get(...)``: its class's
        cls = _instance_class(project, module, cls) or cls

    def called(path: str, source: Signal) -> bool:
        if source.name != call.name or (source.data.get("async") and not call.data.get("awaited")):
            return False
        # ``from app.repositories import PostRepository``: a package's ``__init__`` re-exports it.
        return (not source.detail and _module_or_package(owner, path)) or (
            source.detail == cls and _module_or_package(module, path)
        )

    found = [
        source.data.get("ref", "")
        for path, source in project.signals(MODEL_SOURCE_SIGNAL)
        if called(path, source)
    ]
    if not found and cls:
        found = _inherited(project, call, module, cls)
    if found:
        bound = _bindings(project, module, cls) if cls else {}
        refs: list[str] = []
        for ref in found:
            attribute = ref.removeprefix(CLASS_ATTRIBUTE)
            if attribute == ref:
                refs.append(ref)
            elif attribute in bound:
                refs.append(bound[attribute])
            elif depth and cls:
                # ``todo = await self.get_todo(...)``: what another method of the class returns.
                data = {**call.data, "ref": f"{owner}.{attribute}", "awaited": "1"}
                sibling = Signal(kind=RETURNED_CALL_SIGNAL, line=0, name=attribute, data=data)
                refs.extend(model_returned_by(project, sibling, depth - 1))
        return list(dict.fromkeys(ref for ref in refs if ref))
    if depth:
        for path, source in project.signals(PASSED_ON_SIGNAL):
            if called(path, source):
                callee = last_part(source.data.get("ref", ""))
                onward = Signal(kind=RETURNED_CALL_SIGNAL, line=0, name=callee, data=source.data)
                passed = model_returned_by(project, onward, depth - 1)
                if passed:
                    return passed
    return []


def _instance_class(project: ProjectView, module: str, name: str) -> str:
    """The class of the instance a module binds ``name`` to at its top level, "" if none."""
    return next(
        (
            last_part(signal.detail)
            for path, signal in project.signals(INSTANCE_SIGNAL)
            if signal.name == name and _module_or_package(module, path)
        ),
        "",
    )


def _module_or_package(module: str, path: str) -> bool:
    return module_matches(module, path) or in_package(module, path)


def _bindings(project: ProjectView, module: str, cls: str) -> dict[str, str]:
    """The class attributes ``cls`` of ``module`` sets to classes: ``{"model": "app.Users"}``."""
    return {
        signal.data.get("attr", ""): signal.data.get("ref", "")
        for path, signal in project.signals(CLASS_BINDING_SIGNAL)
        if signal.name == cls and module_matches(module, path)
    }


def _inherited(project: ProjectView, call: Signal, module: str, cls: str) -> list[str]:
    """What ``UsersDao.get_all_data()`` returns when its base class defines the method: the
    base's model references (``@class.model`` resolved by the caller through ``UsersDao``)."""
    bases = {
        base
        for path, signal in project.signals(CLASS_BINDING_SIGNAL)
        if signal.name == cls and module_matches(module, path)
        for base in signal.data.get("bases", "").split(",")
        if base
    }
    found: list[str] = []
    for base in bases:
        base_module, _, base_cls = base.rpartition(".")
        for path, source in project.signals(MODEL_SOURCE_SIGNAL):
            if (
                source.name == call.name
                and source.detail == base_cls
                and module_matches(base_module, path)
                and not (source.data.get("async") and not call.data.get("awaited"))
            ):
                found.append(source.data.get("ref", ""))
    return found
