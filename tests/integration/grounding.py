"""Checks that every citation a review makes exists in the reviewed repository.

Markdown: every ``path:line`` (cited in text or inline code) names an existing file with at least
that many lines, and every inline-code sha is a commit. JSON: every object with ``path`` and
``line`` is checked the same way (a *fixed* finding against the code just before its fixing
commit, ``fixed_by^``, where it stood), every ``commit`` resolves, and a ``path`` cited with a
commit exists at that commit; string values are scanned like Markdown.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

CITATION = re.compile(r"(?<![\w/.:-])((?:[\w.-]+/)*[\w-]+\.[A-Za-z0-9]+):(\d+)\b")
INLINE_SHA = re.compile(r"`([0-9a-f]{8,40})`")
MAX_SPACES = 4


def _git_ok(root: Path, *args: str) -> bool:
    return (
        subprocess.run(["git", *args], cwd=root, capture_output=True, check=False).returncode == 0
    )


def _check_line(root: Path, path: str, line: int, where: str) -> None:
    file = root / path
    assert file.is_file(), f"{where}: cites {path}:{line} but {path} does not exist"
    count = len(file.read_bytes().splitlines())
    assert 1 <= line <= count, f"{where}: cites {path}:{line} but the file has {count} lines"


def _check_line_at(root: Path, rev: str, path: str, line: int, where: str) -> None:
    shown = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, check=False
    )
    assert shown.returncode == 0, f"{where}: cites {path} at {rev}, which has no such file"
    count = len(shown.stdout.splitlines())
    assert 1 <= line <= count, f"{where}: cites {path}:{line} at {rev} ({count} lines)"


def _check_commit(root: Path, sha: str, path: str | None, where: str) -> None:
    assert _git_ok(root, "cat-file", "-e", f"{sha}^{{commit}}"), f"{where}: no commit {sha}"
    if path is not None:
        assert _git_ok(root, "cat-file", "-e", f"{sha}:{path}"), f"{where}: {path} not at {sha}"


def _with_spaces(root: Path, text: str, start: int, path: str) -> str:
    """A cited path whose name has spaces (``app/my routes.py:7``): the pattern stops at the
    last space, so the words before it are joined back while that names an existing file."""
    words = text[:start].rstrip(" ").split(" ") if text[start - 1 : start] == " " else []
    candidate = path
    for word in reversed(words[-MAX_SPACES:]):
        candidate = f"{word.lstrip('`(')} {candidate}"
        if (root / candidate).is_file():
            return candidate
    return path


def _check_text(root: Path, text: str, where: str) -> int:
    checked = 0
    for match in CITATION.finditer(text):
        path, line = match.group(1), match.group(2)
        if not (root / path).is_file():
            path = _with_spaces(root, text, match.start(1), path)
        _check_line(root, path, int(line), where)
        checked += 1
    for sha in INLINE_SHA.findall(text):
        _check_commit(root, sha, None, where)
        checked += 1
    return checked


def _check_json(root: Path, value: Any, where: str) -> int:
    checked = 0
    if isinstance(value, dict):
        path, line, commit = value.get("path"), value.get("line"), value.get("commit")
        if value.get("status") == "fixed" and isinstance(path, str) and isinstance(line, int):
            fixed_by = value.get("fixed_by")
            if isinstance(fixed_by, str):
                _check_commit(root, fixed_by, None, where)
            rev = f"{fixed_by}^" if isinstance(fixed_by, str) else "HEAD"
            _check_line_at(root, rev, path, line, where)
            checked += 1
        elif isinstance(commit, str):
            _check_commit(root, commit, path if isinstance(path, str) else None, where)
            checked += 1
        elif isinstance(path, str) and isinstance(line, int):
            _check_line(root, path, line, where)
            checked += 1
        for key, item in value.items():
            if key in ("before", "after", "snippet"):
                continue
            checked += _check_json(root, item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            checked += _check_json(root, item, f"{where}[{index}]")
    elif isinstance(value, str):
        checked += _check_text(root, value, where)
    return checked


def assert_grounded(root: Path, text: str) -> int:
    """Asserts every citation in ``text`` (Markdown or JSON) exists; returns how many it checked."""
    try:
        document = json.loads(text)
    except ValueError:
        checked = _check_text(root, text, "log")
    else:
        checked = _check_json(root, document, "json")
    assert checked > 0, "no citation found: the grounding check would prove nothing"
    return checked
