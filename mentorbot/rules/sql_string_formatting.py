"""MB108: SQL built with f-strings, ``%``, ``.format()`` or ``+`` and handed to the database.

Reported at the line where the string is built (as ruff's S608 is), when that string reaches
``execute`` / ``executemany`` / ``exec_driver_sql`` / ``text()`` / asyncpg's ``fetch*`` /
Django's ``raw`` / ``pandas.read_sql`` directly or through a variable of the same function.
A string built only from constants (literals, module-level names bound to literals, imported
UPPER_CASE names, items of those) is not reported, and ruff's S608 on it is dropped: no input
reaches it, and the identifiers of DDL (``CREATE INDEX {INDEX_NAME}``) cannot be bound anyway.
Nor is S608 kept on prose that quotes SQL (an LLM prompt showing an example query), nor on a
message handed to a log call, ``print`` or an exception ("Failed to delete from Redis: {e}"):
it never reaches a database. Nor is an insert built from a model's field names (``", ".join(
row.keys())`` of a ``model_dump()``) and numbered placeholders (``f"${i + 1}"`` over a
``range``), its values bound: no input chooses either.

A statement joined from a list of conditions (``query += " WHERE " + " AND ".join(filters)``)
is constant when the list only ever receives constants (``update_fields.append("name = %s")``);
when the items that are not are formatted fragments (``filters.append(f"city = '{city}'")``),
each such fragment is reported instead of the join, for that is where the input gets in. A
query variable that reads as SQL also has each formatted piece ``+=``-ed onto it reported
(``query += f" AND city = '{city}'"``), SQL words or not. What the strings are built from is
worked out in ``_sql_fragments``; where only a table or column name is formatted in, the
advice is to check it, not to bind it (``_sql_identifiers``). The bad and good cases are in
``_sql_case_sets``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from mentorbot.analysis.python_facts_support import last_name
from mentorbot.domain import Signal, Text
from mentorbot.rules import _sql_case_sets as case_sets
from mentorbot.rules._names import (
    functions,
    last_parts,
    may_resolve_to,
    own_nodes_of,
    qualified,
    walk_of,
)
from mentorbot.rules._sql_fragments import (
    Fragments,
    constant_names,
    constant_text,
    formatting,
    fragments,
    from_constants,
    module_constants,
)
from mentorbot.rules._sql_identifiers import advice, whitelisted
from mentorbot.rules._sql_locals import Locals, assigned
from mentorbot.rules.base import FileContext, FixHints, Hit, Rule
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


_PROMPT_NAME = re.compile(r"prompt|instruction", re.IGNORECASE)


def _named_as_prompt(node: ast.expr, parents: Mapping[int, ast.AST]) -> bool:
    """Whether ``node`` is assigned to a name that says it is a prompt (``user_prompt = f"..."``):
    text for a model, whatever SQL-like words it holds ("select two ... from the list")."""
    parent = parents.get(id(node))
    if isinstance(parent, ast.Assign):
        targets = parent.targets
    elif isinstance(parent, ast.AnnAssign):
        targets = [parent.target]
    else:
        return False
    return any(_PROMPT_NAME.search(last_name(target)) for target in targets)


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
    """SQL built only from constants, prose that quotes SQL (a prompt asking a model for a
    query), and SQL whose input the rule reports on the fragments it joins: ruff's S608 there
    is no injection, or not that line's."""
    built = [
        (node, literal)
        for node in walk_of(ctx.tree, ast.JoinedStr, ast.BinOp, ast.Call)
        if (literal := formatting(node, {})) is not None and SQL_WORDS.search(literal)
    ]
    if not built:
        return
    names = constant_names(ctx)
    constants = module_constants(ctx.tree)
    scopes = functions(ctx.tree)
    locals_of: dict[int, Locals] = {}
    moved: set[int] | None = None
    for node, literal in built:
        owner = _innermost(scopes, node)
        local = None
        if owner is not None:
            local = locals_of.get(id(owner))
            if local is None:
                local = locals_of[id(owner)] = Locals(owner, ctx.parents)
        ok = (
            reads_as_prose(literal)
            or from_constants(node, names, local)
            or _is_message(node, ctx.parents)
            or _named_as_prompt(node, ctx.parents)
            or whitelisted(node, owner, names, local, constants, ctx.tree)
        )
        if not ok and local is not None:
            if moved is None:
                moved = _findings(ctx)[1]
            ok = node.lineno in moved
        if ok:
            yield Signal(kind=RUFF_OK_SIGNAL, line=node.lineno, name="sql-string-formatting")


def _innermost(scopes: Sequence[ast.AST], node: ast.expr) -> ast.AST | None:
    """The innermost function whose lines hold ``node``."""
    owner: ast.AST | None = None
    for scope in scopes:
        first, last = getattr(scope, "lineno", 0), getattr(scope, "end_lineno", None) or 0
        if first <= node.lineno <= last and (owner is None or first >= getattr(owner, "lineno", 0)):
            owner = scope
    return owner


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


def _check(ctx: FileContext) -> Iterator[Hit]:
    return iter(_findings(ctx)[0])


def _findings(ctx: FileContext) -> tuple[list[Hit], set[int]]:
    """The hits, and the lines of built statements whose input is reported instead on the
    fragments they join (``query += " WHERE " + " AND ".join(filters)``)."""
    constants = module_constants(ctx.tree)
    names: frozenset[str] | None = None  # only files that build SQL need them
    hits: list[Hit] = []
    reported: set[int] = set()
    moved: set[int] = set()
    module_assigned = assigned(ctx.tree)
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
                local = Locals(scope, ctx.parents)
            candidates, statement = [argument], frozenset[str]()
            if isinstance(argument, ast.Name):
                found = local.get(argument.id) if local is not None else None
                candidates = found or module_assigned.get(argument.id, [])
                statement = frozenset({argument.id})
            says_sql = bool(statement) and any(_says_sql(value, constants) for value in candidates)
            for candidate in candidates:
                literal = formatting(candidate, constants)
                if literal is None:
                    continue
                grown = says_sql and isinstance(ctx.parents.get(id(candidate)), ast.AugAssign)
                if not (grown or SQL_WORDS.search(literal)):
                    continue
                if names is None:
                    names = constant_names(ctx)
                if from_constants(candidate, names, local) or whitelisted(
                    candidate, scope, names, local, constants, ctx.tree
                ):
                    continue
                pieces = Fragments(alone=False)
                if local is not None:
                    pieces = fragments(candidate, names, local, constants, statement)
                if pieces.alone and pieces.found:
                    moved.add(candidate.lineno)
                    at = list(pieces.found)
                else:
                    at = [candidate, *pieces.found]
                for each in at:
                    if each.lineno not in reported:
                        reported.add(each.lineno)
                        told = advice(each, names, local, constants)
                        hits.append(Hit(each.lineno, {**_how(each), **told}))
    return hits, moved - reported


def _module_calls(tree: ast.Module) -> list[ast.Call]:
    """Calls outside every function's own code: module code and class bodies (from the walk
    index, minus what the functions' own-node indexes hold)."""
    inside = {id(call) for function in functions(tree) for call in own_nodes_of(function, ast.Call)}
    return [call for call in walk_of(tree, ast.Call) if id(call) not in inside]


def _says_sql(node: ast.expr, constants: Mapping[str, str]) -> bool:
    """Whether a value of the statement's variable reads as SQL (built or literal)."""
    text = formatting(node, constants)
    if text is None:
        text = constant_text(node, constants)
    if text is None and isinstance(node, ast.JoinedStr):
        text = "".join(str(value.value) for value in node.values if isinstance(value, ast.Constant))
    return text is not None and SQL_WORDS.search(text) is not None


def _how(node: ast.expr) -> dict[str, str]:
    """How the statement was built, in each language's words (no English in the Chinese log)."""
    if isinstance(node, ast.JoinedStr):
        return {"how": "f-string", "how_zh": "f-string"}
    if isinstance(node, ast.Call):
        return {"how": ".format()", "how_zh": ".format()"}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return {"how": "% formatting", "how_zh": "% 格式化"}
    return {"how": "string concatenation", "how_zh": "+ 号"}


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
        zh="SQL 语句由 {how_zh} 拼接而成，{advice_zh}",
        en="SQL built with {how}; {advice_en}",
    ),
    ruff_codes=("S608",),
    check_file=_check,
    collect_signals=_collect,
    bad=case_sets.BAD,
    good=case_sets.GOOD,
    fix_hints=FIX_HINTS,
)
