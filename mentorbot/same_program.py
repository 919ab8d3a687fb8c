"""Whether two versions of a Python file are the same program: a commit that changed only
comments, docstrings, layout or (when its message says so) words solved no problem."""

from __future__ import annotations

import ast
import difflib


def same_program(
    before: str, after: str, *, strings_are_words: bool = False, names_are_words: bool = False
) -> bool:
    """Whether two versions of a Python file differ only in comments, docstrings and layout
    (and, with ``strings_are_words``, the text of string literals), or in the names of their
    own variables, renamed throughout (``except IntegrityError as e`` -> ``as err``): a commit
    that changed only those solved no problem in the code. With ``names_are_words`` (a commit
    that says it fixes a typo) a name respelled (``udate_category`` -> ``update_category``) is
    a word too, and so is a ``print(...)`` put in or taken out: "fix typo" that also drops a
    debug print solved nothing (history 53)."""
    words = (strings_are_words, names_are_words)
    try:
        if _meaning(before, *words) == _meaning(after, *words):
            return True
        return names_are_words and _respelled_only(before, after, *words)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


RESPELLED_MIN_RATIO = 0.75
"""How alike a name and its new spelling are, at least, for the change to be a typo's fix."""


def _respelled_only(
    before: str, after: str, strings_are_words: bool, prints_are_words: bool
) -> bool:
    """The same tree but for names each respelled alike, consistently (one new spelling each)."""
    words = (strings_are_words, prints_are_words)
    old_tree, new_tree = _stripped(before, *words), _stripped(after, *words)
    old_names, new_names = _take_names(old_tree), _take_names(new_tree)
    if len(old_names) != len(new_names) or ast.dump(old_tree) != ast.dump(new_tree):
        return False
    spelled: dict[str, str] = {}
    for old, new in zip(old_names, new_names, strict=True):
        if spelled.setdefault(old, new) != new:
            return False
    return any(old != new for old, new in spelled.items()) and all(
        old == new or difflib.SequenceMatcher(None, old, new).ratio() >= RESPELLED_MIN_RATIO
        for old, new in spelled.items()
    )


_NAMED_FIELDS: dict[type[ast.AST], str] = {
    ast.Name: "id",
    ast.FunctionDef: "name",
    ast.AsyncFunctionDef: "name",
    ast.ClassDef: "name",
    ast.Attribute: "attr",
    ast.alias: "name",
    ast.arg: "arg",
    ast.keyword: "arg",
}


def _take_names(tree: ast.Module) -> list[str]:
    """The tree's identifiers in walk order, each blanked in the tree."""
    names: list[str] = []
    for node in ast.walk(tree):
        field = _NAMED_FIELDS.get(type(node))
        value = getattr(node, field, None) if field else None
        if isinstance(value, str):
            names.append(value)
            setattr(node, field or "", "")
    return names


def _meaning(text: str, strings_are_words: bool, prints_are_words: bool) -> str:
    tree = _stripped(text, strings_are_words, prints_are_words)
    _number_own_names(tree)
    return ast.dump(tree)


def _stripped(text: str, strings_are_words: bool, prints_are_words: bool = False) -> ast.Module:
    """The parsed file without docstrings (and, with ``strings_are_words``, string texts; with
    ``prints_are_words``, statements that only print)."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if strings_are_words and isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        body = getattr(node, "body", None)
        if prints_are_words and isinstance(body, list):
            body[:] = [statement for statement in body if not _prints(statement)]
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            del body[0]
    return tree


def _prints(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id == "print"
    )


def _number_own_names(tree: ast.Module) -> None:
    """Each name the file binds (assigns, catches ``as``) becomes its order of appearance, so
    renaming one throughout leaves the same tree. Names it only reads (builtins, imports) stay:
    ``int(x)`` -> ``float(x)`` changes the program."""
    bound = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    bound |= {
        node.name for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler) and node.name
    }
    numbers: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in bound:
            node.id = numbers.setdefault(node.id, f"_{len(numbers)}")
        elif isinstance(node, ast.ExceptHandler) and node.name in bound:
            node.name = numbers.setdefault(node.name, f"_{len(numbers)}")
