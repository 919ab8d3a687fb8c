"""Runs the ruff binary on the learner's files and maps its codes onto our rules.

Ruff runs ``--isolated`` (the learner's own config must not change what the mentor reports),
with a cache directory outside the repository (a review never writes into it), and only the
codes the catalogue maps. A missing binary, a crash or unreadable output means no ruff findings
and a note — never a failed review.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mentorbot.analysis.file_text import decode_source
from mentorbot.analysis.test_paths import is_test_source
from mentorbot.domain import Finding, Text
from mentorbot.rules.base import RUFF_NAME, RuffReport, line_code
from mentorbot.rules.engine import make_finding
from mentorbot.rules.redact import redact_text
from mentorbot.rules.registry import ruff_codes, rule_for_ruff_code
from mentorbot.rules.secret_patterns import MARK

log = logging.getLogger(__name__)

BATCH_SIZE = 400
_CODE_SUFFIX = re.compile(r"\(ruff ([A-Z]+[0-9]+)\)$")
TIMEOUT_S = 300


@dataclass(frozen=True)
class RuffRun:
    """Findings by repo-relative path, and a note when ruff could not run."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    note: Text | None = None


def ruff_binary() -> str | None:
    """The ruff executable shipped with the ``ruff`` package, else one on PATH."""
    try:
        from ruff import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("ruff")


def _cache_dir() -> Path:
    directory = Path(tempfile.gettempdir()) / "mentorbot-ruff-cache"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _failure(reason: str) -> Text:
    log.warning("ruff did not run: %s", reason)
    return Text(
        zh=f"ruff 没有运行成功（{reason}），本次结果不含 ruff 的检查项。",
        en=f"ruff could not run ({reason}); this review has no ruff findings.",
    )


def ruff_code_of(message: str) -> str:
    """The ruff code a finding's English message ends with ("... (ruff F401)"), else ""."""
    found = _CODE_SUFFIX.search(message)
    return found.group(1) if found else ""


def _invoke(
    binary: str, root: Path, paths: Sequence[str], *, cache: bool = True
) -> list[dict[str, object]]:
    command = [
        binary,
        "check",
        "--isolated",
        "--output-format",
        "json",
        "--no-fix",
        "--exit-zero",
        "--select",
        ",".join(ruff_codes()),
        "--target-version",
        "py311",
        *(() if cache else ("--no-cache",)),
        *paths,
    ]
    environment = {**os.environ, "RUFF_CACHE_DIR": str(_cache_dir())}
    completed = subprocess.run(
        command, cwd=root, env=environment, capture_output=True, timeout=TIMEOUT_S, check=False
    )
    if completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(stderr[-1] if stderr else f"exit status {completed.returncode}")
    output = json.loads(completed.stdout or b"[]")
    return output if isinstance(output, list) else []


def _relative(filename: str, root: Path) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _row(item: Mapping[str, object]) -> int:
    location = item.get("location")
    return int(location.get("row") or 1) if isinstance(location, Mapping) else 0


def _named(template: str, names: Sequence[str], separator: str) -> str:
    """A text with ``{names}`` filled with ruff's names, back-quoted, joined by ``separator``."""
    listed = separator.join(f"`{name}`" for name in dict.fromkeys(names))
    return template.replace("{names}", listed)


def _to_finding(
    items: Sequence[Mapping[str, object]], path: str, line: int, lines: Sequence[str]
) -> Finding | None:
    """One finding for ruff's reports of one code on one line (``import a, b``: both named)."""
    code = str(items[0].get("code") or "")
    rule = rule_for_ruff_code(code)
    if rule is None or line < 1:
        return None
    source_line = line_code(lines, line)
    messages = [str(item.get("message") or "") for item in items]
    if rule.keep_ruff is not None:
        keep = rule.keep_ruff
        messages = [m for m in messages if keep(RuffReport(code, path, m, line, lines))]
    if not messages:
        return None
    names = [found.group(1) for m in messages if (found := RUFF_NAME.search(m))]
    hidden = _hidden_names(names, source_line)
    if hidden:
        # ``DB_PASSWORD=Qm4821vt`` pasted into a module: "undefined name `Qm4821vt`".
        names = [MARK if name in hidden else name for name in names]
        messages = [_without(m, hidden) for m in messages]
    text = rule.ruff_texts.get(code)
    if text is not None and "{names}" in text.en and not names:
        text = None
    message = Text(
        zh=f"{_named(text.zh, names, '、') if text else rule.title.zh}（ruff {code}）",
        en=f"{_named(text.en, names, ', ') if text else messages[0]} (ruff {code})",
    )
    return make_finding(
        rule,
        path,
        line,
        {},
        source_line,
        severity=rule.ruff_severity.get(code),
        source="ruff",
        message=message,
        in_tests=is_test_source(path, "\n".join(lines)) if rule.test_severity else None,
    )


def _hidden_names(names: Sequence[str], source_line: str) -> set[str]:
    """The names ruff quotes that the line's redaction hides: a secret's value read as code."""
    redacted = redact_text(source_line)
    if redacted == source_line:
        return set()
    return {name for name in names if name in source_line and name not in redacted}


def _without(message: str, hidden: set[str]) -> str:
    for name in hidden:
        message = message.replace(name, MARK)
    return message


def run_ruff_checked(root: Path, paths: Sequence[str], *, cache: bool = True) -> RuffRun:
    """Ruff's findings on ``paths`` (relative to ``root``), with a note if it failed;
    ``cache=False`` for a tree ruff will never see again."""
    python_paths = sorted({path for path in paths if path.endswith((".py", ".pyi"))})
    if not python_paths:
        return RuffRun()
    binary = ruff_binary()
    if binary is None:
        return RuffRun(note=_failure("the ruff binary was not found"))
    raw: list[dict[str, object]] = []
    try:
        for start in range(0, len(python_paths), BATCH_SIZE):
            batch = python_paths[start : start + BATCH_SIZE]
            raw.extend(_invoke(binary, root, batch, cache=cache))
    except (OSError, subprocess.SubprocessError, RuntimeError, ValueError) as error:
        return RuffRun(note=_failure(str(error) or type(error).__name__))
    reports: dict[tuple[str, str, int], list[Mapping[str, object]]] = {}
    for item in raw:
        path = _relative(str(item.get("filename") or ""), root)
        reports.setdefault((path, str(item.get("code") or ""), _row(item)), []).append(item)
    findings: dict[str, list[Finding]] = {}
    lines_cache: dict[str, list[str]] = {}
    for (path, _, line), items in reports.items():
        if path not in lines_cache:
            try:
                data = (root / path).read_bytes()
            except OSError:
                data = b""
            lines_cache[path] = decode_source(data)[0].splitlines()
        finding = _to_finding(items, path, line, lines_cache[path])
        if finding is not None:
            findings.setdefault(path, []).append(finding)
    return RuffRun(findings=findings)


def run_ruff(root: Path, paths: Sequence[str]) -> dict[str, list[Finding]]:
    """Ruff's findings by path; failures are logged and give no findings."""
    return run_ruff_checked(root, paths).findings


SCRATCH_PARENTS = ("/dev/shm", None)
"""Where old versions are written for ruff: memory (tmpfs) where the system has it, as writing
a few hundred small files to disk took twice as long as ruff's run on them; else the temp dir."""


def run_ruff_on_sources(sources: Mapping[str, bytes]) -> dict[str, list[Finding]]:
    """Ruff on file contents that are not on disk (old versions from a fix commit).

    Paths must be relative and stay below the scratch tree (git's paths always do); others
    are skipped. Ruff keeps no cache of a tree it will never see again.
    """
    wanted = {path: data for path, data in sources.items() if _inside(path)}
    if not wanted:
        return {}
    for parent in SCRATCH_PARENTS:
        if parent is not None and not os.access(parent, os.W_OK | os.X_OK):
            continue
        try:
            with tempfile.TemporaryDirectory(prefix="mentorbot-ruff-", dir=parent) as directory:
                _write_tree(directory, wanted)
                return run_ruff_checked(Path(directory), list(wanted), cache=False).findings
        except OSError as error:
            log.debug("no scratch tree under %s (%s)", parent or "the temp dir", error)
    return {}


def _inside(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return bool(parts) and not relative.startswith("/") and ".." not in parts


def _write_tree(directory: str, sources: Mapping[str, bytes]) -> None:
    made: set[str] = set()
    for relative, data in sources.items():
        parts = PurePosixPath(relative).parts
        parent = os.path.join(directory, *parts[:-1])
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(os.path.join(directory, *parts), "wb") as handle:
            handle.write(data)
