"""MB102 through a response helper: a route answering ``return success_response("ok",
data=user)``, where the project's ``success_response`` puts ``data`` into the JSON it sends
(``JSONResponse(content=jsonable_encoder({"code": 200, "data": data}))``) and ``user`` is what a
CRUD function returns. ``jsonable_encoder`` turns an ORM object into all of its columns, the
password hash included, as FastAPI does with an ORM object returned as it is.

Each file records its helpers that answer with a parameter (and which), and, for each route
without a response model, the calls whose result it hands to a helper (as a
``RETURNED_CALL_SIGNAL`` naming the helper and the argument's place). The project check keeps
those whose helper answers with that argument.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from mentorbot.domain import Signal
from mentorbot.rules._model_returns import (
    call_path,
    callee_name,
    known_classes,
    returned_call,
)
from mentorbot.rules._names import (
    FunctionNode,
    assigned_locals,
    dotted,
    last_part,
    module_matches,
    own_nodes_of,
    unawaited,
)
from mentorbot.rules.base import FileContext
from mentorbot.rules.project import ProjectView

RESPONSE_WRAPPER_SIGNAL = "rule:wraps-response"
"""A module-level function (``name``) whose answer holds some of its parameters: ``data.params``
its positional parameters in order, ``data.wrapped`` those its answer holds."""
RESPONSES = frozenset({"JSONResponse", "ORJSONResponse", "UJSONResponse"})
"""Responses a route may return as they are: FastAPI then applies no response model."""
SERIALISERS = RESPONSES | {"jsonable_encoder"}
"""Calls that turn what they are given into the JSON sent (an ORM object: all its columns)."""
_STEPS = 3
"""Locals followed back from the returned value at most (``content = {...}``)."""


def response_wrappers(ctx: FileContext) -> Iterator[Signal]:
    """The file's module-level functions that answer with one of their parameters."""
    for node in ctx.tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [arg.arg for arg in (*node.args.posonlyargs, *node.args.args)]
        if not params:
            continue
        assigned = assigned_locals(node)
        keyed = _keyed_in(node, frozenset(params))
        wrapped: set[str] = set()
        response = False
        for returned in own_nodes_of(node, ast.Return):
            wrapped |= _answered(returned.value, assigned, frozenset(params), _STEPS, keyed)
            value = unawaited(returned.value) if returned.value is not None else None
            response |= isinstance(value, ast.Call) and last_part(dotted(value.func)) in RESPONSES
        if wrapped:
            data = {"params": ",".join(params), "wrapped": ",".join(sorted(wrapped))}
            if response:
                data["response"] = "1"
            yield Signal(kind=RESPONSE_WRAPPER_SIGNAL, line=node.lineno, name=node.name, data=data)


def _keyed_in(function: FunctionNode, params: frozenset[str]) -> dict[str, set[str]]:
    """Dicts the function fills key by key (``payload["data"] = data``): each local's
    parameters so put in."""
    keyed: dict[str, set[str]] = {}
    for assign in own_nodes_of(function, ast.Assign):
        for target in assign.targets:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and isinstance(assign.value, ast.Name)
                and assign.value.id in params
            ):
                keyed.setdefault(target.value.id, set()).add(assign.value.id)
    return keyed


def _answered(
    value: ast.expr | None,
    assigned: Mapping[str, ast.expr],
    params: frozenset[str],
    steps: int,
    keyed: Mapping[str, set[str]],
) -> set[str]:
    """The parameters whose values ``value`` sends: itself, a value of a dict literal (or one
    the function put in by key), or what a serialiser (``JSONResponse(content=...)``,
    ``jsonable_encoder(...)``) is given."""
    value = unawaited(value) if value is not None else None
    if isinstance(value, ast.Name):
        if value.id in params:
            return {value.id}
        found = set(keyed.get(value.id, ()))
        if value.id in assigned and steps:
            found |= _answered(assigned[value.id], assigned, params, steps - 1, keyed)
        return found
    if isinstance(value, ast.Dict):
        return {v.id for v in value.values if isinstance(v, ast.Name) and v.id in params}
    if isinstance(value, ast.Call) and last_part(dotted(value.func)) in SERIALISERS:
        given = value.args[0] if value.args else None
        for keyword in value.keywords:
            if keyword.arg in ("content", "obj"):
                given = keyword.value
        return _answered(given, assigned, params, steps, keyed)
    return set()


def wrapped_calls(
    handler: FunctionNode, ctx: FileContext, own_module: str, *, declared: bool = False
) -> Iterator[Signal]:
    """``return success_response("ok", data=user)`` with ``user = await crud.get_user(...)``:
    the CRUD call, named as ``returned_calls`` names a returned one, with the helper
    (``data.wrapper``) and the argument's place (``data.slot``: its position or keyword); also
    one a dict argument holds (``data={"user": user}``). ``declared``: the route declares a
    response model, which only a helper's own response (``JSONResponse``) gets past
    (``data.bypass``)."""
    assigned = assigned_locals(handler)
    injected: dict[str, str] | None = None
    extra = {"bypass": "1"} if declared else {}
    for node in own_nodes_of(handler, ast.Return):
        wrapper = unawaited(node.value) if node.value is not None else None
        if not isinstance(wrapper, ast.Call) or not dotted(wrapper.func):
            continue
        places = [(str(index), arg) for index, arg in enumerate(wrapper.args)]
        places += [(keyword.arg, keyword.value) for keyword in wrapper.keywords if keyword.arg]
        for slot, argument in places:
            held = argument.values if isinstance(argument, ast.Dict) else [argument]
            for item in held:
                raw = assigned.get(item.id) if isinstance(item, ast.Name) else item
                value = unawaited(raw)
                if not isinstance(value, ast.Call) or not call_path(value):
                    continue
                injected = known_classes(handler, ctx) if injected is None else injected
                name = callee_name(value, ctx, injected, own_module)
                helper = callee_name(wrapper, ctx, injected, own_module)
                yield returned_call(
                    node.lineno, handler.name, name, raw, wrapper=helper, slot=slot, **extra
                )


def answers_with(project: ProjectView, call: Signal) -> bool:
    """Whether the helper a wrapped ``RETURNED_CALL_SIGNAL`` names puts that argument into its
    answer; a returned call without a helper is answered as it is."""
    wrapper = call.data.get("wrapper")
    if not wrapper:
        return True
    module, _, name = wrapper.rpartition(".")
    slot = call.data.get("slot", "")
    for path, signal in project.signals(RESPONSE_WRAPPER_SIGNAL):
        if signal.name != name or not module_matches(module, path):
            continue
        if call.data.get("bypass") and not signal.data.get("response"):
            return False  # the route's response model filters what the helper answers
        params = signal.data.get("params", "").split(",")
        param = params[int(slot)] if slot.isdigit() and int(slot) < len(params) else slot
        return param in signal.data.get("wrapped", "").split(",")
    return False
