"""Whether two versions of a Python file are the same program: a commit that changed only
comments, docstrings, layout or (when its message says so) words solved no problem."""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Collection, Iterable, Iterator, Sequence


def same_program(
    before: str, after: str, *, strings_are_words: bool = False, names_are_words: bool = False
) -> bool:
    """Whether two versions of a Python file differ only in comments, docstrings, layout and
    the wording of prose strings (``_prose_text``), or in the names of their own variables,
    renamed throughout (``except IntegrityError as e`` -> ``as err``): a commit that changed
    only those solved no problem in the code. With ``strings_are_words`` the text of every
    string literal is a word. With ``names_are_words`` (a commit that says it fixes a typo) a
    name respelled (``udate_category`` -> ``update_category``) is a word too, and so is a
    ``print(...)`` put in or taken out: "fix typo" that also drops a debug print solved nothing
    (history 53)."""
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
    """The same tree but for names the file defines each respelled alike, consistently (one new
    spelling each). A name it only uses is code: ``r.encodeing = "utf-8"`` set a new attribute
    on a requests ``Response``, and ``r.encoding`` decodes the page (blind check c1); so is a
    keyword, an import or a call respelled to one that exists."""
    words = (strings_are_words, prints_are_words)
    trees = (_stripped(before, *words), _stripped(after, *words))
    own = {name for tree in trees for name in (*_defined_names(tree), *_own_attributes(tree))}
    spelled = _renaming([trees])
    return (
        spelled is not None
        and any(old != new for old, new in spelled.items())
        and all(
            old == new
            or (
                old in own
                and difflib.SequenceMatcher(None, old, new).ratio() >= RESPELLED_MIN_RATIO
            )
            for old, new in spelled.items()
        )
    )


def _own_attributes(tree: ast.Module) -> Iterator[str]:
    """The attributes a file's classes set on their instances (``self.name = ...``)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        ):
            yield node.attr


def _renaming(
    trees: Iterable[tuple[ast.Module, ast.Module]], only: Collection[str] | None = None
) -> dict[str, str] | None:
    """Each identifier's one new name (of those in ``only``, if given) across every pair of old
    and new trees; None when the trees differ in anything else, or a name gets two new names."""
    renamed: dict[str, str] = {}
    for old_tree, new_tree in trees:
        old_names, new_names = _take_names(old_tree, only), _take_names(new_tree, only)
        if len(old_names) != len(new_names) or ast.dump(old_tree) != ast.dump(new_tree):
            return None
        for old, new in zip(old_names, new_names, strict=True):
            if renamed.setdefault(old, new) != new:
                return None
    return renamed


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


def _take_names(tree: ast.Module, only: Collection[str] | None = None) -> list[str]:
    """The tree's identifiers (those in ``only``, if given) in walk order, each blanked in the
    tree."""
    names: list[str] = []
    for node in ast.walk(tree):
        field = _NAMED_FIELDS.get(type(node))
        value = getattr(node, field, None) if field else None
        if isinstance(value, str) and (only is None or value in only):
            names.append(value)
            setattr(node, field or "", "")
    return names


def renamed_only(versions: Sequence[tuple[str, str]], *, strings_are_words: bool = False) -> bool:
    """Whether the new versions of a commit's Python files differ from the old ones only in
    names the files themselves define (functions, classes, parameters, variables), each given
    one new name wherever it is used, across all of them: "fix naming" that made ``get_db``
    ``get_conn`` in every module solved no problem (history h2). A name the files only use
    (``int`` made ``float``, ``time`` made ``asyncio``) is code, and so is any other change."""
    try:
        trees = [
            (_stripped(before, strings_are_words), _stripped(after, strings_are_words))
            for before, after in versions
        ]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    own = {name for pair in trees for tree in pair for name in _defined_names(tree)}
    renamed = _renaming(trees, own)
    return renamed is not None and any(old != new for old, new in renamed.items())


def _defined_names(tree: ast.Module) -> Iterator[str]:
    """The names a file defines: its functions and classes, their parameters, the variables
    it assigns and the errors it catches ``as``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id
        elif isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name


def _meaning(text: str, strings_are_words: bool, prints_are_words: bool) -> str:
    tree = _stripped(text, strings_are_words, prints_are_words)
    _number_own_names(tree)
    return ast.dump(tree)


def _stripped(text: str, strings_are_words: bool, prints_are_words: bool = False) -> ast.Module:
    """The parsed file without docstrings and the wording of prose strings (and, with
    ``strings_are_words``, every string's text; with ``prints_are_words``, statements that only
    print)."""
    tree = _AugmentedWrittenOut().visit(ast.parse(text))
    messages = _message_strings(tree)
    pieces = _fstring_pieces(tree, messages)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and any(
            pieces.get(id(v)) == _PROSE_MARK for v in node.values
        ):
            # Prose: only the values it fills in matter, however its wording splits around them.
            node.values = [
                ast.Constant(_PROSE_MARK),
                *(v for v in node.values if not isinstance(v, ast.Constant)),
            ]
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if strings_are_words:
                node.value = ""
            elif id(node) in messages:
                node.value = _PROSE_MARK + "".join(_PLACEHOLDER.findall(node.value))
            else:
                node.value = pieces.get(id(node)) or _prose_text(node.value)
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


class _AugmentedWrittenOut(ast.NodeTransformer):
    """``x op= y`` on a plain name as ``x = x op y``: "fix: xp level calculation" that made
    ``level *= 1`` ``level = level * 1`` changed nothing the program does (blind check t2).
    Redundant parentheses need nothing: the tree has none."""

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        if not isinstance(node.target, ast.Name):
            return node
        read = ast.Name(id=node.target.id, ctx=ast.Load())
        return ast.Assign(
            targets=[node.target], value=ast.BinOp(left=read, op=node.op, right=node.value)
        )


_PROSE_MARK = "\x00prose"
_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2}")
_PROSE_WORDS = 3
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
_NOT_PROSE = re.compile(
    r"</|=[\"']|\b(?:select\s.+\sfrom|insert\s+into|update\s+\w+\s+set|delete\s+from"
    r"|create\s+(?:table|index)|drop\s+table|alter\s+table)\b",
    re.IGNORECASE | re.DOTALL,
)


def _prose_text(value: str) -> str:
    """What is left of a string that reads as prose (``"Wrong username or password"``, a bot's
    help text, a Chinese message) once its wording is taken out: its placeholders, which the
    code fills. Rewording it fixes nothing in the code, while a key, a URL, a path, a format or
    a query (one word, no spaces, or SQL) is code and stays as it is."""
    if _NOT_PROSE.search(value) or (
        len(_WORD.findall(value)) < _PROSE_WORDS and not _CJK.search(value)
    ):
        return value
    return _PROSE_MARK + "".join(_PLACEHOLDER.findall(value))


MESSAGE_KEYWORDS = frozenset(
    {"detail", "message", "msg", "description", "help", "text", "title", "label"}
)
"""Keyword arguments whose string is text for a person (``HTTPException(detail=...)``, a
button's ``text=``, a plot's ``label=``)."""
MESSAGE_CALLS = frozenset({"print", "abort", "flash"})
MESSAGE_METHODS = frozenset(
    {
        *("debug", "info", "warning", "warn", "error", "exception", "critical"),
        *("echo", "secho", "render", "set_caption", "showinfo", "showwarning", "showerror"),
    }
)
"""Methods whose arguments are text for a person: logging's, click's, a pygame font's
``render`` and a window's caption, tkinter's message boxes."""


def _message_strings(tree: ast.Module) -> set[int]:
    """The strings (and f-strings) that are messages by where they stand, however short: an
    error's ``detail=`` and the like, the arguments of an exception raised and of the calls
    that show text. ``detail="Forbidden"`` -> ``"Invalid admin token"`` and a game's
    ``render("GAME OVER", ...)`` -> ``"Game Over!"`` reword a message, though one or two words
    read as a key elsewhere (blind checks g1, a1)."""
    calls: list[ast.Call] = []
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            calls.append(node.exc)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else ""
            method = func.attr if isinstance(func, ast.Attribute) else ""
            if name in MESSAGE_CALLS or method in MESSAGE_METHODS:
                calls.append(node)
            found.update(
                id(keyword.value) for keyword in node.keywords if keyword.arg in MESSAGE_KEYWORDS
            )
    for call in calls:
        found.update(id(argument) for argument in call.args)
    return found


def _fstring_pieces(tree: ast.Module, messages: set[int]) -> dict[int, str]:
    """The text each string piece of an f-string stands for, judged by the f-string as a whole:
    ``f"Hello {name}, welcome back"`` is prose in every piece, and each piece of
    ``f"SELECT * FROM t WHERE id = '{x}' AND name = '{y}'"`` is code, as the query is. An
    f-string that stands where a message does (``messages``) is prose."""
    texts: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            pieces = [v for v in node.values if isinstance(v, ast.Constant)]
            whole = "{}".join(str(piece.value) for piece in pieces)
            prose = id(node) in messages or _prose_text(whole) != whole
            for piece in pieces:
                texts[id(piece)] = _PROSE_MARK if prose else str(piece.value)
    return texts


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
