"""Where MB107 finds values bound to names: assignments, keyword arguments, defaults, dict
entries, comparisons and the fallbacks of environment reads, and which fallbacks are sentinels."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import NamedTuple

from mentorbot.rules._names import (
    dotted,
    last_part,
    last_parts,
    may_resolve_to,
    param_defaults,
    qualified,
    walk_of,
)
from mentorbot.rules.base import FileContext
from mentorbot.rules.secret_auth import AUTH_PASSWORD, auth_password
from mentorbot.rules.secret_encoded import DECODERS, MIN_DECODED_LITERAL, decoded_text

ENV_READERS = frozenset({"os.getenv", "os.environ.get", "decouple.config", "environ.get"})
_ENV_READER_ENDINGS = last_parts(ENV_READERS)


def literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def decoded_literal(node: ast.AST) -> tuple[ast.Constant, str] | None:
    """``base64.b64decode("c2st...").decode()``, ``bytes.fromhex("...")``: the literal a value is
    written in and the text it decodes to. Encoding a key hides it from no one (blind check
    h1): the program runs with the key, and so can anyone who reads the repository."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "decode":
            node = node.func.value  # the bytes decoded to text: ``....decode("utf-8")``
    if not (isinstance(node, ast.Call) and node.args and last_part(dotted(node.func)) in DECODERS):
        return None
    given = node.args[0]
    if not isinstance(given, ast.Constant) or not isinstance(given.value, str | bytes):
        return None
    text = given.value if isinstance(given.value, str) else given.value.decode("latin-1")
    decoded = decoded_text(text, least=MIN_DECODED_LITERAL)
    return (given, decoded) if decoded is not None else None


def target_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return literal(node.slice) or ""
    return ""


HEADER_SETTERS = frozenset({"add_header", "add_unredirected_header", "putheader", "setRawHeader"})
"""Methods that set one request header by name and value (urllib's, http.client's, Qt's)."""


class Binding(NamedTuple):
    name: str
    value: ast.expr
    fallback: bool = False
    """The default of an environment reader (``os.getenv("KEY", "x")``), which is read from
    the environment already."""


def named_literals(node: ast.AST, imports: dict[str, str]) -> Iterator[Binding]:
    """Where a value (a literal, when it matters) is bound to a name."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield Binding(target_name(target), _field_default(node.value, imports))
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        yield Binding(target_name(node.target), _field_default(node.value, imports))
    elif isinstance(node, ast.Call):
        for keyword in node.keywords:
            if keyword.arg:
                yield Binding(keyword.arg, keyword.value)
            if (password := auth_password(node, keyword)) is not None:
                yield Binding(AUTH_PASSWORD, password)  # ``auth=("admin", "...")``
        if (password := auth_password(node)) is not None:
            yield Binding(AUTH_PASSWORD, password)  # ``HTTPBasicAuth("admin", "...")``
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in HEADER_SETTERS and len(node.args) == 2:
            # ``req.add_header("X-Naver-Client-Secret", "...")``: a header named, then its value.
            yield Binding(literal(node.args[0]) or "", node.args[1])
        if node.args and (_env_reader(node.func, imports) or _read_from_mapping(node)):
            variable = literal(node.args[0]) or ""
            default = node.args[1] if len(node.args) > 1 else None
            for keyword in node.keywords:
                if keyword.arg == "default":
                    default = keyword.value
            if default is not None:
                yield Binding(variable, default, fallback=True)
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=False):
            yield Binding(literal(key) or "", value)
    elif isinstance(node, ast.arguments):
        for name, default in param_defaults(node).items():
            yield Binding(name, default)
    elif isinstance(node, ast.Compare) and len(node.comparators) == 1:
        yield Binding(target_name(node.left), node.comparators[0])
    elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
        read, default = node.values
        # ``os.environ.get("SECRET_KEY") or "you-will-never-guess"``: the same fallback.
        if isinstance(read, ast.Call) and len(read.args) == 1 and _env_read(read, imports):
            yield Binding(literal(read.args[0]) or "", default, fallback=True)


def _field_default(value: ast.expr, imports: dict[str, str]) -> ast.expr:
    """The default of a pydantic field (``Field("value")``, ``Field(default="value")``), which
    the field holds when the environment does not set it; else ``value`` itself."""
    if not (isinstance(value, ast.Call) and last_part(qualified(value.func, imports)) == "Field"):
        return value
    if value.args:
        return value.args[0]
    return next((k.value for k in value.keywords if k.arg == "default"), value)


def _env_reader(func: ast.expr, imports: dict[str, str]) -> bool:
    """``os.getenv``, ``os.environ.get``, decouple's ``config``: what reads one variable."""
    return may_resolve_to(func, _ENV_READER_ENDINGS) and qualified(func, imports) in ENV_READERS


def _env_read(call: ast.Call, imports: dict[str, str]) -> bool:
    """A call reading one variable from the environment (or a key from a mapping)."""
    if _env_reader(call.func, imports):
        return True
    return isinstance(call.func, ast.Attribute) and call.func.attr == "get" and bool(call.args)


def _read_from_mapping(call: ast.Call) -> bool:
    """``values.get("SECRET_KEY", "...")``: a key read from a mapping (``dotenv_values(...)``,
    a config dict) with a literal default, which is what the app runs with when the key is
    missing. Not a request's body or form (``request.json.get("password", "123456")``): that
    default is the client's input left out, no secret of the app."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "get"
        and len(call.args) == 2
        and literal(call.args[0]) is not None
        and not _request_input(func.value)
    )


_REQUEST_PARTS = frozenset({"json", "form", "args", "values", "cookies", "query_params"})


def _request_input(receiver: ast.expr) -> bool:
    """``request.json``, ``request.form``, ``request.get_json()``, ``req.args``: what a client
    sent."""
    node = receiver.func if isinstance(receiver, ast.Call) else receiver
    parts = dotted(node).split(".")
    return parts[0] in {"request", "req"} or (len(parts) > 1 and parts[-1] in _REQUEST_PARTS)


def sentinels(ctx: FileContext) -> frozenset[str]:
    """Fallbacks of environment reads that the module then compares a value with:
    ``os.getenv("BOT_TOKEN", "no_token_found")`` and ``if BOT_TOKEN == "no_token_found":
    sys.exit(...)`` mark the variable unset; no app runs with them. Kept on the tree: MB107's
    check and its collection of ruff's false alarms both ask."""
    found: frozenset[str] | None = ctx.tree.__dict__.get(_SENTINELS)
    if found is None:
        found = _sentinels(ctx)
        ctx.tree.__dict__[_SENTINELS] = found
    return found


_SENTINELS = "_mentor_secret_sentinels"


def _sentinels(ctx: FileContext) -> frozenset[str]:
    compared = {
        value
        for node in walk_of(ctx.tree, ast.Compare)
        if len(node.comparators) == 1 and isinstance(node.ops[0], ast.Eq | ast.NotEq)
        if (value := literal(node.comparators[0])) is not None
    }
    if not compared:
        return frozenset()
    return frozenset(
        value
        for node in walk_of(ctx.tree, ast.Call, ast.BoolOp)
        for binding in named_literals(node, ctx.imports)
        if binding.fallback and (value := literal(binding.value)) in compared
    )
