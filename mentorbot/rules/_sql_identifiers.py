"""Where MB108's formatted values sit in a statement (``sql_string_formatting``): a table or
column name (``f"INSERT INTO {table} (a, b) VALUES (%s, %s)"``, ``f"TRUNCATE TABLE {table}"``)
is no value a driver can bind, so "use bound parameters" cannot be followed there; such a name
is checked against the names the code knows, or quoted as an identifier (psycopg2's
``sql.Identifier``). A name the function checked against a constant collection before the
statement (``if table not in TABLES: raise ...``) is that check done.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Mapping, Sequence

from mentorbot.domain import Text
from mentorbot.rules._names import own_nodes_of, single_binding
from mentorbot.rules._sql_fragments import concatenated, constant_like, constant_text
from mentorbot.rules._sql_locals import Values

IS_IDENTIFIER = "only a table or column name is formatted in"
"""What an identifier finding's message says (the plan's task is told by it)."""
IDENTIFIER_ADVICE = Text(
    zh="拼进去的只是表名或列名，无法作为参数绑定：请用已知名字的白名单检查它"
    "（或按标识符引用它，如 psycopg2 的 sql.Identifier）",
    en=f"{IS_IDENTIFIER}, which cannot be bound: check it against a whitelist of known "
    "names (or quote it as an identifier, e.g. psycopg2's sql.Identifier)",
)
VALUE_ADVICE = Text(zh="请改用参数绑定", en="use bound parameters instead")

_MARK = "\x00{}\x00"
_NAME = r"(?:[\w$]+|\"[^\"]*\"|`[^`]*`|\[[^\]]*\]|\x00\d+\x00)"
_DOTTED = rf"{_NAME}(?:\s*\.\s*{_NAME})*"
_OPEN = r"[`\"\[]?"
_TABLE_BEFORE = re.compile(
    r"\b(?:from|into|update|join|truncate|rename\s+to|order\s+by|group\s+by"
    r"|(?:table|index|view)(?:\s+if\s+(?:not\s+)?exists)?"
    rf"|index\s+{_NAME}\s+on)\s+(?:{_NAME}\s*\.\s*)*(?:{_DOTTED}\s*,\s*)*{_OPEN}$"
    rf"|\bpragma\s+\w+\s*\(\s*{_OPEN}$",
    re.IGNORECASE,
)
"""A table's (or an ORDER BY column's) place: after FROM, INTO, UPDATE, JOIN, TABLE..."""
_INSERTED_BEFORE = re.compile(
    rf"\binto\s+{_DOTTED}\s*\(\s*(?:{_NAME}\s*,\s*)*{_OPEN}$", re.IGNORECASE
)
"""The column list of an insert: ``INSERT INTO jobs ({columns}) VALUES (%s, %s)``."""
_SELECTED_BEFORE = re.compile(
    rf"\bselect\s+(?:distinct\s+)?(?:{_DOTTED}\s*,\s*)*{_OPEN}$", re.IGNORECASE
)
_SELECTED_AFTER = re.compile(r"^[`\"\]]?\s*(?:,|\bfrom\b)", re.IGNORECASE)
_COMPARED_BEFORE = re.compile(r"(?:\b(?:where|and|or|set)\s+|,\s*)" + _OPEN + "$", re.IGNORECASE)
_COMPARED_AFTER = re.compile(
    r"^[`\"\]]?\s*(?:=|<>|!=|<=|>=|<|>|\blike\b|\bin\b)\s*\(?\s*"
    r"(?:%s|\?|:\w+|\$\d+|%\(\w+\)s)",
    re.IGNORECASE,
)
"""A column compared to a bound value: ``WHERE {column} = %s``, ``SET {column} = ?``."""
_PERCENT_FIELD = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdrifx]|%%")


def formatted_names(
    node: ast.expr, names: frozenset[str], local: Values | None, constants: Mapping[str, str]
) -> list[ast.expr] | None:
    """The values formatted into ``node`` that are not constants, when every one of them sits
    where a table or column name goes; None when one is a value (or the places are unknown)."""
    pieces = _pieces(node, constants)
    if pieces is None:
        return None
    texts: list[str] = []
    slots: list[ast.expr] = []
    for piece in pieces:
        if isinstance(piece, str):
            texts.append(piece)
        else:
            texts.append(_MARK.format(len(slots)))
            slots.append(piece)
    skeleton = "".join(texts)
    found: list[ast.expr] = []
    for index, value in enumerate(slots):
        if constant_like(value, names, local):
            continue
        mark = _MARK.format(index)
        before, after = skeleton.split(mark, 1)
        if not _names_a_table_or_column(before, after):
            return None
        found.append(value)
    return found or None


def _names_a_table_or_column(before: str, after: str) -> bool:
    return bool(
        _TABLE_BEFORE.search(before)
        or _INSERTED_BEFORE.search(before)
        or (_SELECTED_BEFORE.search(before) and _SELECTED_AFTER.match(after))
        or (_COMPARED_BEFORE.search(before) and _COMPARED_AFTER.match(after))
    )


def _pieces(node: ast.expr, constants: Mapping[str, str]) -> list[str | ast.expr] | None:
    """The literal text and the formatted values of a built string, in order."""
    if isinstance(node, ast.JoinedStr):
        pieces: list[str | ast.expr] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                pieces.append(value.value)
            elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                pieces.append(value.value)
        return pieces
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = concatenated(node)
        return [
            text if (text := constant_text(part, constants)) is not None else part for part in parts
        ]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        template = constant_text(node.left, constants)
        return None if template is None else _percent_pieces(template, node.right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        template = constant_text(node.func.value, constants)
        if template is None:
            return None
        return _format_pieces(template, node.args, node.keywords)
    return None


def _percent_pieces(template: str, values: ast.expr) -> list[str | ast.expr] | None:
    """``"... FROM %s" % table``: each ``%s`` given its value (by place or by key)."""
    given = list(values.elts) if isinstance(values, ast.Tuple) else [values]
    keyed: dict[str, ast.expr] = {}
    if isinstance(values, ast.Dict):
        keyed = {
            key.value: value
            for key, value in zip(values.keys, values.values, strict=True)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        }
    pieces: list[str | ast.expr] = []
    position = 0
    last = 0
    for field in _PERCENT_FIELD.finditer(template):
        pieces.append(template[last : field.start()])
        last = field.end()
        if field.group() == "%%":
            pieces.append("%")
            continue
        if field.group(1):
            value = keyed.get(field.group(1))
        else:
            value = given[position] if position < len(given) else None
            position += 1
        if value is None:
            return None
        pieces.append(value)
    pieces.append(template[last:])
    return pieces


def _format_pieces(
    template: str, args: Sequence[ast.expr], keywords: Sequence[ast.keyword]
) -> list[str | ast.expr] | None:
    """``"... FROM {}".format(table)``: each field given its argument."""
    keyed = {keyword.arg: keyword.value for keyword in keywords if keyword.arg is not None}
    pieces: list[str | ast.expr] = []
    position = 0
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, field, _, _ in fields:
        pieces.append(literal)
        if field is None:
            continue
        head = re.split(r"[.\[]", field, maxsplit=1)[0]
        value: ast.expr | None
        if not head:
            value = args[position] if position < len(args) else None
            position += 1
        elif head.isdigit():
            value = args[int(head)] if int(head) < len(args) else None
        else:
            value = keyed.get(head)
        if value is None or any(isinstance(arg, ast.Starred) for arg in args):
            return None
        pieces.append(value)
    return pieces


def checked_names(
    function: ast.AST, node: ast.expr, names: frozenset[str], tree: ast.Module
) -> frozenset[str]:
    """Names ``function`` checks against a constant collection before ``node``: ``if table
    not in TABLES: raise ...`` (or return), ``assert table in TABLES``, or an ``if table in
    TABLES:`` whose body holds ``node``."""
    known = _known_collections(tree, names)
    checked: set[str] = set()
    for test in own_nodes_of(function, ast.If, ast.Assert):
        if not isinstance(test, ast.If | ast.Assert) or test.lineno >= node.lineno:
            continue
        member = _membership(test.test, known, names)
        if member is None:
            continue
        name, inside = member
        if isinstance(test, ast.Assert) and inside:
            checked.add(name)
        elif isinstance(test, ast.If) and not inside and _leaves(test.body):
            checked.add(name)
        elif isinstance(test, ast.If) and inside and _holds(test.body, node):
            checked.add(name)
    return frozenset(checked)


def _membership(
    test: ast.expr, known: frozenset[str], names: frozenset[str]
) -> tuple[str, bool] | None:
    """``(name, True)`` of ``name in KNOWN``, ``(name, False)`` of ``name not in KNOWN``."""
    if not (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In | ast.NotIn)
    ):
        return None
    collection = test.comparators[0]
    if (
        isinstance(collection, ast.Call)
        and isinstance(collection.func, ast.Attribute)
        and collection.func.attr == "keys"
        and not collection.args
    ):
        collection = collection.func.value
    is_known = (isinstance(collection, ast.Name) and collection.id in known) or (
        isinstance(collection, ast.Set | ast.List | ast.Tuple | ast.Dict)
        and constant_like(_as_tuple(collection), names)
    )
    return (test.left.id, isinstance(test.ops[0], ast.In)) if is_known else None


def _as_tuple(collection: ast.expr) -> ast.expr:
    """A set literal seen as a tuple of its items (``constant_like`` knows tuples)."""
    if isinstance(collection, ast.Set):
        return ast.Tuple(elts=collection.elts, ctx=ast.Load())
    return collection


def _known_collections(tree: ast.Module, names: frozenset[str]) -> frozenset[str]:
    """Module-level names bound to a collection of constants: ``TABLES = {"jobs", "users"}``,
    a ``frozenset`` of one, or a dict of constants."""
    known: set[str] = set()
    for statement in tree.body:
        binding = single_binding(statement)
        if binding is None or not isinstance(binding[0], ast.Name):
            continue
        value = binding[1]
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"set", "frozenset", "tuple", "list"}
            and len(value.args) == 1
        ):
            value = value.args[0]
        if isinstance(value, ast.Set | ast.List | ast.Tuple | ast.Dict) and constant_like(
            _as_tuple(value), names
        ):
            known.add(binding[0].id)
    return frozenset(known)


def _leaves(body: Sequence[ast.stmt]) -> bool:
    """Whether a block ends by leaving: ``raise``, ``return``, ``continue``."""
    return bool(body) and isinstance(body[-1], ast.Raise | ast.Return | ast.Continue)


def _holds(body: Sequence[ast.stmt], node: ast.expr) -> bool:
    first, last = body[0].lineno, body[-1].end_lineno or body[-1].lineno
    return first <= node.lineno <= last


def advice(
    node: ast.expr, names: frozenset[str], local: Values | None, constants: Mapping[str, str]
) -> dict[str, str]:
    """The message's advice for a hit at ``node``: check the names against a whitelist where
    only names are formatted in, else bind the values."""
    told = IDENTIFIER_ADVICE if formatted_names(node, names, local, constants) else VALUE_ADVICE
    return {"advice_zh": told.zh, "advice_en": told.en}


def whitelisted(
    node: ast.expr,
    function: ast.AST | None,
    names: frozenset[str],
    local: Values | None,
    constants: Mapping[str, str],
    tree: ast.Module,
) -> bool:
    """Whether every non-constant value formatted into ``node`` is a table or column name that
    ``function`` checked against a constant collection first: the advice followed."""
    if function is None or isinstance(function, ast.Module):
        return False
    found = formatted_names(node, names, local, constants)
    if not found or not all(isinstance(value, ast.Name) for value in found):
        return False
    checked = checked_names(function, node, names, tree)
    return all(isinstance(value, ast.Name) and value.id in checked for value in found)
