"""MB108: SQL built with f-strings, ``%``, ``.format()`` or ``+`` and handed to the database.

Reported at the line where the string is built (as ruff's S608 is), when that string reaches
``execute`` / ``executemany`` / ``exec_driver_sql`` / ``text()`` / asyncpg's ``fetch*`` /
Django's ``raw`` / ``pandas.read_sql`` directly or through a variable of the same function.
A string built only from constants (literals, module-level names bound to literals, imported
UPPER_CASE names, items of those) is not reported, and ruff's S608 on it is dropped: no input
reaches it, and the identifiers of DDL (``CREATE INDEX {INDEX_NAME}``) cannot be bound anyway.
Nor is S608 kept on prose that quotes SQL (an LLM prompt showing an example query), nor on a
message handed to a log call, ``print`` or an exception ("Failed to delete from Redis: {e}"):
it never reaches a database. The example projects of the bad and good cases live in
``_sql_cases``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from mentorbot.analysis.python_facts_support import last_name
from mentorbot.domain import Signal, Text
from mentorbot.rules import _sql_cases as cases
from mentorbot.rules._names import (
    functions,
    last_parts,
    may_resolve_to,
    own_nodes,
    own_nodes_of,
    qualified,
    single_binding,
    walk_of,
)
from mentorbot.rules.base import Case, FileContext, FixHints, Hit, Rule
from mentorbot.rules.project import RUFF_OK_SIGNAL

SQL_METHODS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "raw", "fetch", "fetchrow"}
    | {"fetchval", "read_sql", "read_sql_query"}
)
SQL_FUNCTIONS = frozenset(
    {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text"}
    | {"pandas.read_sql", "pandas.read_sql_query"}
)
SQL_WORDS = re.compile(
    r"\b(select|insert|update|delete|where|from|drop|create|alter|truncate|values|join"
    r"|order\s+by|group\s+by|limit|pragma)\b",
    re.IGNORECASE,
)
_SQL_FUNCTION_ENDINGS = last_parts(SQL_FUNCTIONS)
_MESSAGE_CALLS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
    | {"print", "echo", "secho"}
)
"""Calls whose string argument is a message for a person: logging's, loguru's, ``print``,
click's ``echo``."""


def _is_message(node: ast.expr, parents: Mapping[int, ast.AST]) -> bool:
    """Whether ``node`` is an argument of a log call, ``print`` or an exception's constructor."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.keyword):
        parent = parents.get(id(parent))
    if not isinstance(parent, ast.Call) or parent.func is node:
        return False
    name = last_name(parent.func)
    return name in _MESSAGE_CALLS or name.endswith(("Error", "Exception"))


def _constant_text(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _formatting(node: ast.AST, constants: dict[str, str]) -> str | None:
    """The literal parts of a dynamically built string, or None if it is not one."""
    if isinstance(node, ast.JoinedStr):
        if not any(isinstance(value, ast.FormattedValue) for value in node.values):
            return None
        return "".join(
            value.value
            for value in node.values
            if isinstance(value, ast.Constant) and isinstance(value.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _constant_text(node.left, constants)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and (node.args or node.keywords)
    ):
        return _constant_text(node.func.value, constants)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = _concatenated(node)
        texts = [_constant_text(part, constants) for part in parts]
        if any(text is None for text in texts) and any(text is not None for text in texts):
            return "".join(text for text in texts if text)
    return None


def _interpolated(node: ast.AST) -> list[ast.expr]:
    """The expressions a dynamically built string takes its values from."""
    if isinstance(node, ast.JoinedStr):
        return [value.value for value in node.values if isinstance(value, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        right = node.right
        return list(right.elts) if isinstance(right, ast.Tuple) else [right]
    if isinstance(node, ast.Call):
        return [*node.args, *(keyword.value for keyword in node.keywords)]
    if isinstance(node, ast.BinOp):
        return _concatenated(node)
    return []


Locals = Mapping[str, list[ast.expr]]
_NUMBER_BUILTINS = frozenset({"int", "float", "len", "round", "abs", "bool"})
_MAX_DEPTH = 4


def _constant_like(
    node: ast.expr, names: frozenset[str], local: Locals | None = None, depth: int = 0
) -> bool:
    """A value no input can shape into SQL: a literal, a constant name (``names``), a local
    only ever bound to such values, a number made by ``int()`` and friends, an item of a dict
    literal of constants (whatever the key), an item or attribute of a constant, or a choice
    between constants (``" FOR UPDATE" if lock else ""``)."""
    if depth > _MAX_DEPTH:
        return False

    def constant(child: ast.expr) -> bool:
        return _constant_like(child, names, local, depth + 1)

    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        if node.id in names:
            return True
        values = local.get(node.id) if local is not None else None
        return bool(values) and all(constant(value) for value in values or ())
    if isinstance(node, ast.Call):
        func = node.func
        return isinstance(func, ast.Name) and func.id in _NUMBER_BUILTINS and func.id not in names
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Dict):
            return all(constant(value) for value in node.value.values)
        return constant(node.value) and constant(node.slice)
    if isinstance(node, ast.Attribute):
        return constant(node.value)
    if isinstance(node, ast.JoinedStr):
        return all(constant(value) for value in _interpolated(node))
    if isinstance(node, ast.Tuple | ast.List | ast.Dict):
        items = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
        return all(item is not None and constant(item) for item in items)
    if isinstance(node, ast.BinOp):
        return constant(node.left) and constant(node.right)
    if isinstance(node, ast.IfExp):
        return constant(node.body) and constant(node.orelse)
    return False


def _constant_names(ctx: FileContext) -> frozenset[str]:
    """Module-level names bound to constant values, and UPPER_CASE names imported (constants
    by convention: their values are out of sight, and no request's input is among them)."""
    names = {name for name in ctx.imports if name.isupper()}
    for node in ctx.tree.body:
        binding = single_binding(node)
        if binding is None:
            continue
        target, value = binding
        if isinstance(target, ast.Name):
            if _constant_like(value, frozenset(names)):
                names.add(target.id)
            else:
                names.discard(target.id)
    return frozenset(names)


def _from_constants(node: ast.AST, names: frozenset[str], local: Locals | None = None) -> bool:
    return all(_constant_like(value, names, local) for value in _interpolated(node))


_PROSE_WORDS = frozenset(
    {"the", "you", "your", "please", "following", "given", "answer", "question", "return"}
    | {"write", "only", "must", "should", "user", "assistant", "explain", "based", "using"}
)
PROSE_MIN_WORDS = 4
"""Distinct prose words that make a string text for a person or a model, not a statement: an
LLM prompt that shows an example query ("Given the following schema, write a SQL query ...")."""


def reads_as_prose(text: str) -> bool:
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
    return len(words & _PROSE_WORDS) >= PROSE_MIN_WORDS


def _collect(ctx: FileContext) -> Iterator[Signal]:
    """SQL built only from constants, and prose that quotes SQL (a prompt asking a model for a
    query): ruff's S608 there is no injection."""
    built = [
        (node, literal)
        for node in walk_of(ctx.tree, ast.JoinedStr, ast.BinOp, ast.Call)
        if (literal := _formatting(node, {})) is not None and SQL_WORDS.search(literal)
    ]
    if not built:
        return
    names = _constant_names(ctx)
    scopes = functions(ctx.tree)
    locals_of: dict[int, Locals] = {}
    for node, literal in built:
        owner = _innermost(scopes, node)
        local = None
        if owner is not None:
            local = locals_of.setdefault(id(owner), _assigned(owner))
        if (
            reads_as_prose(literal)
            or _from_constants(node, names, local)
            or _is_message(node, ctx.parents)
        ):
            yield Signal(kind=RUFF_OK_SIGNAL, line=node.lineno, name="sql-string-formatting")


def _innermost(scopes: Sequence[ast.AST], node: ast.expr) -> ast.AST | None:
    """The innermost function whose lines hold ``node``."""
    owner: ast.AST | None = None
    for scope in scopes:
        first, last = getattr(scope, "lineno", 0), getattr(scope, "end_lineno", None) or 0
        if first <= node.lineno <= last and (owner is None or first >= getattr(owner, "lineno", 0)):
            owner = scope
    return owner


def _concatenated(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_concatenated(node.left), *_concatenated(node.right)]
    return [node]


def _sql_argument(call: ast.Call, imports: dict[str, str]) -> ast.expr | None:
    func = call.func
    is_sql_call = (isinstance(func, ast.Attribute) and func.attr in SQL_METHODS) or (
        may_resolve_to(func, _SQL_FUNCTION_ENDINGS) and qualified(func, imports) in SQL_FUNCTIONS
    )
    if not is_sql_call:
        return None
    if call.args:
        return call.args[0]
    for keyword in call.keywords:
        if keyword.arg in {"sql", "statement", "query", "text"}:
            return keyword.value
    return None


def _module_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    return constants


def _assigned(scope: ast.AST) -> dict[str, list[ast.expr]]:
    """Variable -> every expression assigned (or ``+=``-ed) to it in this scope."""
    values: dict[str, list[ast.expr]] = {}
    nodes = own_nodes(scope) if not isinstance(scope, ast.Module) else iter(scope.body)
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            values.setdefault(target.id, []).append(value)
    return values


def _check(ctx: FileContext) -> Iterator[Hit]:
    constants = _module_constants(ctx.tree)
    constant_names: frozenset[str] | None = None  # only files that build SQL need them
    reported: set[int] = set()
    module_assigned = _assigned(ctx.tree)
    scopes: list[ast.AST] = [ctx.tree, *functions(ctx.tree)]
    for scope in scopes:
        local: Locals | None = None
        calls: Iterable[ast.AST] = (
            _module_calls(scope) if isinstance(scope, ast.Module) else own_nodes_of(scope, ast.Call)
        )
        for node in calls:
            if not isinstance(node, ast.Call):
                continue
            argument = _sql_argument(node, ctx.imports)
            if argument is None:
                continue
            if local is None and not isinstance(scope, ast.Module):
                local = _assigned(scope)
            candidates = [argument]
            if isinstance(argument, ast.Name):
                found = local.get(argument.id) if local is not None else None
                candidates = found or module_assigned.get(argument.id, [])
            for candidate in candidates:
                literal = _formatting(candidate, constants)
                if literal is None or not SQL_WORDS.search(literal):
                    continue
                if constant_names is None:
                    constant_names = _constant_names(ctx)
                if (
                    not _from_constants(candidate, constant_names, local)
                    and candidate.lineno not in reported
                ):
                    reported.add(candidate.lineno)
                    yield Hit(candidate.lineno, {"how": _how(candidate)})


def _module_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls outside every function's own code: module code and class bodies (from the walk
    index, minus what the functions' own-node indexes hold)."""
    inside = {id(call) for function in functions(tree) for call in own_nodes_of(function, ast.Call)}
    return [call for call in walk_of(tree, ast.Call) if id(call) not in inside]


def _how(node: ast.expr) -> str:
    if isinstance(node, ast.JoinedStr):
        return "f-string"
    if isinstance(node, ast.Call):
        return ".format()"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return "% formatting"
    return "string concatenation"


FIX_HINTS = FixHints(
    removed=(
        r"(?i:^(?=.*\b(?:select|insert\s+into|update|delete\s+from)\b)"
        r"(?=.*(?:\bf[\"']|%\s*[\w(]|\.format\(|[\"']\s*\+|\+\s*[\"'])))",
        r"\.execute\(\s*(?:f[\"']|\w+\s*[%+]|[\"'][^\"']*[\"']\s*[%+])",
    ),
)
"""Its fixes rewrite the query built from text, or the call that runs it."""

RULE = Rule(
    id="MB108",
    name="sql-string-formatting",
    category="sql-string-formatting",
    severity="high",
    area="security",
    title=Text(
        zh="用字符串拼接 SQL（SQL 注入风险）", en="SQL built by string formatting (SQL injection)"
    ),
    explanation=Text(
        zh="把用户输入直接拼进 SQL 字符串，输入里的引号和关键字就会被数据库当成语句的一部分执行。"
        "一个精心构造的参数就能读出整张表、绕过登录，甚至删库。这就是最经典的 SQL 注入。",
        en="When user input is pasted into the SQL text, quotes and keywords inside it become part "
        "of the statement the database runs. One crafted parameter can dump a table, bypass a "
        "login or drop data: the classic SQL injection.",
    ),
    fix=Text(
        zh="让驱动来传参：SQLAlchemy 用 `text('... WHERE name = :name')` 加参数字典，"
        "或者直接用 `select(User).where(User.name == name)`；"
        "sqlite3/psycopg 用 `?` / `%s` 占位符加参数元组。",
        en="Let the driver pass the values: in SQLAlchemy use `text('... WHERE name = :name')` "
        "with a parameter dict, or simply `select(User).where(User.name == name)`; with "
        "sqlite3/psycopg use `?` / `%s` placeholders and a tuple of parameters.",
    ),
    lesson=Text(
        zh="SQL 语句和数据要分开走：语句是代码，参数是数据。只要坚持用参数绑定，"
        "这一整类漏洞就不会出现。",
        en="Keep the statement and the data on separate paths: the statement is code, the "
        "parameters are data. Bind parameters every time and this whole class of bugs is gone.",
    ),
    message=Text(
        zh="SQL 语句由 {how} 拼接而成，请改用参数绑定",
        en="SQL built with {how}; use bound parameters instead",
    ),
    ruff_codes=("S608",),
    check_file=_check,
    collect_signals=_collect,
    bad=(
        Case(
            files={"app/routes/users.py": cases.BAD},
            hits=(
                ("app/routes/users.py", 14),
                ("app/routes/users.py", 19),
                ("app/routes/users.py", 26),
                ("app/routes/users.py", 30),
                ("app/routes/users.py", 31),
                ("app/routes/users.py", 42),
            ),
        ),
    ),
    good=(Case(files={"app/routes/users.py": cases.GOOD}),),
    fix_hints=FIX_HINTS,
)
