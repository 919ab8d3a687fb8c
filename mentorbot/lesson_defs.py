"""Whether a fix rewrote the ``def`` of the function that held its problem: made an ``async def``
a plain ``def`` (FastAPI then runs it in a thread), or changed its decorators (a route given a
``response_model``). The rules whose fix sits there are credited by it (``FixHints``)."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from mentorbot.analysis import git
from mentorbot.lesson_versions import decorators_above, enclosing_def, new_line, rewrites


def made_sync(
    hunks: Sequence[git.Hunk], before_lines: Sequence[str], after_lines: Sequence[str], line: int
) -> bool:
    """Whether a hunk turned the ``async def`` whose body holds old line ``line`` into a plain
    ``def`` (the old and new texts given as lines)."""
    enclosing = enclosing_def(before_lines, line)
    if enclosing is None or not before_lines[enclosing - 1].lstrip().startswith("async def "):
        return False
    if not rewrites(hunks, enclosing):
        return False
    new_first = new_line(hunks, enclosing, end=False)
    new_last = new_line(hunks, enclosing, end=True)
    name, _, signature = before_lines[enclosing - 1].split("def ", 1)[1].partition("(")
    new_defs = [
        after_lines[number - 1].lstrip().removeprefix("def ").partition("(")
        for number in range(new_first, min(new_last, len(after_lines)) + 1)
        if after_lines[number - 1].lstrip().startswith("def ")
    ]
    # Renamed as well, its parameters kept: a duplicate ``root`` made ``def list_books()``
    # (blind check g1), maybe written anew over several lines (blind check r2).
    if any(
        sep and (new_name.strip() == name.strip() or rest == signature)
        for new_name, sep, rest in new_defs
    ):
        return True
    span = (new_first, new_last)
    return bool(new_defs) and _same_parameters(before_lines, enclosing, after_lines, *span)


def _same_parameters(
    before_lines: Sequence[str], line: int, after_lines: Sequence[str], first: int, last: int
) -> bool:
    """Whether the ``async def`` at old line ``line`` takes the parameters of a plain ``def``
    at new lines ``first``..``last``, however they are laid out."""
    try:
        old = ast.parse("\n".join(before_lines))
        new = ast.parse("\n".join(after_lines))
    except (SyntaxError, ValueError, RecursionError):
        return False
    was = next(
        (n for n in ast.walk(old) if isinstance(n, ast.AsyncFunctionDef) and n.lineno == line),
        None,
    )
    if was is None:
        return False
    parameters = ast.dump(was.args)
    return any(
        isinstance(node, ast.FunctionDef)
        and first <= node.lineno <= last
        and ast.dump(node.args) == parameters
        for node in ast.walk(new)
    )


def header_rewritten(hunks: Sequence[git.Hunk], before_lines: Sequence[str], line: int) -> bool:
    """Whether a hunk changed the decorators or the ``def`` line of the function holding old
    line ``line``, or added a line among them (a route given ``response_model=``)."""
    enclosing = enclosing_def(before_lines, line)
    if enclosing is None:
        return False
    header = decorators_above(before_lines, enclosing)
    for hunk in hunks:
        last = hunk.old_start + hunk.old_count - 1
        if hunk.old_count and hunk.new_count and hunk.old_start <= enclosing and last >= header:
            return True
        if not hunk.old_count and header <= hunk.old_start < enclosing:
            return True
    return False
