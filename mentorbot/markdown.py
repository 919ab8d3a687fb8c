"""Markdown the learning log writes: inline code and fences that survive backticks in the code
they quote, links, table cells, and the short forms of shas, dates, levels and counts. Jinja
filters of the log's templates (``mentorbot.render``)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath

LEVEL_ICONS: dict[str, str] = {"good": "✅", "partial": "⚠️", "missing": "❌"}
FENCE_LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".toml": "toml",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".sql": "sql",
    ".sh": "bash",
    ".ini": "ini",
    ".cfg": "ini",
    ".md": "markdown",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "jsx",
    ".ts": "typescript",
    ".tsx": "tsx",
    ".vue": "vue",
    ".svelte": "svelte",
    ".css": "css",
    ".scss": "scss",
    ".html": "html",
    ".ipynb": "python",
    ".bash": "bash",
    ".zsh": "bash",
}
"""Fence languages by suffix: a frontend fix's ``.tsx`` came in a bare fence (blind check m1),
and a notebook's snippet is its cell's Python."""
FENCE_NAMES = {"Dockerfile": "dockerfile", "Makefile": "makefile"}


def level_icon(level: str) -> str:
    return LEVEL_ICONS.get(level, "❔")


def short_sha(sha: str | None) -> str:
    return (sha or "")[:8]


def iso_day(value: str | None) -> str:
    """The calendar day of an ISO 8601 timestamp; the input unchanged if it is not one."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return value


def inline_code(value: object) -> str:
    """Inline code that survives backticks in the value."""
    text = str(value).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def table_cell(value: object) -> str:
    return str(value).replace("\r", "").replace("\n", " ").replace("|", "\\|")


def fenced(code: str, path: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside the code."""
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    name = PurePosixPath(path).name
    language = FENCE_NAMES.get(name) or FENCE_LANGUAGES.get(PurePosixPath(path).suffix.lower(), "")
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


def md_link(label: object, target: str) -> str:
    """``[label](target)``: brackets in the label escaped, an awkward target in ``<...>``;
    the label alone when there is no target."""
    text = re.sub(r"([\\\[\]])", r"\\\1", str(label).replace("\n", " "))
    if not target:
        return text
    if re.search(r"[\s()<>]", target):
        target = "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return f"[{text}]({target})"


def thousands(value: int) -> str:
    return f"{value:,}"
