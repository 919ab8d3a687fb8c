"""The learner's stack, read from dependency manifests, lock files, Dockerfiles and CI config.

Rules read versions from here (pydantic v1 APIs are fine in a repo pinned to pydantic 1), the
log shows the stack, and the best-practice section is chosen by it. So a version is the most exact
thing the repo says: a lock file's version beats a pin, a pin beats a specifier, a specifier beats
nothing. Only packages the learner declared are listed; a lock file's transitive packages are
used for versions, never added here (``stack_imports`` lists those the code imports). A manifest
we cannot parse is skipped, never fatal.
"""

from __future__ import annotations

import configparser
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from mentorbot.analysis.languages import language_of
from mentorbot.analysis.manifests import (
    is_bare_requirements,
    is_compose,
    is_conda_environment,
    is_requirements,
)
from mentorbot.analysis.stack_categories import Ecosystem, category_of
from mentorbot.analysis.stack_conda import read_environment
from mentorbot.analysis.stack_images import compose_images, dockerfile_images, image_name_and_tag
from mentorbot.analysis.stack_locks import Locks, pinned_in, read_locks
from mentorbot.analysis.stack_setup_py import setup_py_requirements
from mentorbot.analysis.stack_text import (
    BARE_VERSION,
    MANIFEST_ERRORS,
    manifest_text,
    normalize_name,
    read_toml,
    version_text,
)
from mentorbot.domain import StackItem

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$", re.DOTALL)
_NPM_EXACT = re.compile(r"^=?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_AFTER_NAME = re.compile(r"^(?:$|[<>=!~(@;])")
_INCLUDE = re.compile(r"^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=\S))(\S+)")


def major_version(item: StackItem) -> int | None:
    """The first integer in the version text: ``"^2.7"`` → 2, ``">=1.10,<2"`` → 1."""
    found = re.search(r"\d+", item.version or "")
    return int(found.group(0)) if found else None


def find_stack_item(stack: Iterable[StackItem], name: str) -> StackItem | None:
    """The first item with this name, compared PEP 503-normalised (``Pydantic_Settings`` works)."""
    wanted = normalize_name(name)
    return next((item for item in stack if normalize_name(item.name) == wanted), None)


# --- version text --------------------------------------------------------------------------


def _pep508(requirement: str) -> tuple[str, str | None] | None:
    """(normalised name, exact version or specifier text or None) from one PEP 508 line."""
    match = _REQUIREMENT.match(requirement)
    if match is None:
        return None
    rest = match.group(2).split(";", 1)[0].strip()
    if not _AFTER_NAME.match(rest):
        return None
    if rest.startswith("@"):
        return normalize_name(match.group(1)), None
    rest = rest.removeprefix("(").removesuffix(")").replace(" ", "")
    return normalize_name(match.group(1)), version_text(rest)


_EXTRAS = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*\[([^\]]*)\]")
PARTNER_EXTRAS = frozenset({"langchain"})
"""Packages whose extras install partner packages by the name ``<package>-<extra>``:
``langchain[google-genai]`` brings ``langchain-google-genai``."""


EXTRA_PACKAGES = {
    ("passlib", "bcrypt"): "bcrypt",
    ("passlib", "argon2"): "argon2-cffi",
    ("python-jose", "cryptography"): "cryptography",
    ("pydantic", "email"): "email-validator",
    ("celery", "redis"): "redis",
}
"""Extras that install one well-known package: ``passlib[bcrypt]`` brings ``bcrypt``."""


def _partners(requirement: str) -> list[str]:
    """The packages a requirement's extras install (see ``PARTNER_EXTRAS``, ``EXTRA_PACKAGES``)."""
    match = _EXTRAS.match(requirement)
    if match is None:
        return []
    package = normalize_name(match.group(1))
    extras = [normalize_name(extra) for extra in match.group(2).split(",") if extra.strip()]
    if package in PARTNER_EXTRAS:
        return [f"{package}-{extra}" for extra in extras]
    return [
        EXTRA_PACKAGES[package, extra] for extra in extras if (package, extra) in EXTRA_PACKAGES
    ]


def _add_requirement(stack: _Stack, requirement: str, source: str, own: str = "") -> None:
    """``requirement`` and the packages its extras bring; none when it names ``own``, the
    project itself (``myapp[dev]`` in myapp's optional dependencies gathers its own extras)."""
    parsed = _pep508(requirement)
    if parsed is not None and parsed[0] != own:
        stack.add("python", *parsed, source)
        for partner in _partners(requirement):
            stack.add("python", partner, None, source)


def _table_version(value: Any) -> str | None:
    """A Poetry / Pipfile value: ``"^2.0"``, ``"2.0.1"`` (exact in Poetry) or ``{version=...}``."""
    if isinstance(value, dict):
        value = value.get("version")
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if BARE_VERSION.match(value) else version_text(value)


def _installs_itself(root: Path, rel: str, value: Any) -> bool:
    """A Poetry / Pipfile table that installs the manifest's own folder (``{path = "."}``,
    ``{file = ".", editable = true}``): the project itself, no dependency of it."""
    if not isinstance(value, dict):
        return False
    local = value.get("path", value.get("file"))
    if not isinstance(local, str) or _URL.match(local):
        return False
    folder = (root / rel).parent
    return (folder / local).resolve() == folder.resolve()


def _rank(version: str | None) -> int:
    if version is None:
        return 0
    return 2 if BARE_VERSION.match(version) else 1


# --- collection ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    ecosystem: Ecosystem
    name: str
    version: str | None
    source: str


class _Stack:
    """Declared items keyed by (ecosystem, name); a more exact version replaces a vaguer one."""

    def __init__(self) -> None:
        self.entries: dict[tuple[Ecosystem, str], _Entry] = {}

    def add(self, ecosystem: Ecosystem, name: str, version: str | None, source: str) -> None:
        key = (ecosystem, name)
        known = self.entries.get(key)
        if known is None:
            self.entries[key] = _Entry(ecosystem, name, version, source)
        elif _rank(version) > _rank(known.version):
            known.version, known.source = version, source

    def apply_locks(self, locks: Locks) -> None:
        for entry in self.entries.values():
            pinned = pinned_in(locks, entry.ecosystem, entry.name, entry.source)
            if pinned is not None:
                entry.version = pinned.version

    def items(self) -> list[StackItem]:
        return [
            StackItem(
                name=entry.name,
                version=entry.version,
                category=category_of(entry.name, entry.ecosystem),
                source=entry.source,
            )
            for entry in self.entries.values()
        ]


# --- python manifests --------------------------------------------------------------------------


def _pyproject(root: Path, rel: str, stack: _Stack) -> None:
    data = read_toml(root, rel)
    project = data.get("project", {})
    lines: list[Any] = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        lines += group
    for group in data.get("dependency-groups", {}).values():
        lines += group
    tool = data.get("tool", {})
    lines += tool.get("uv", {}).get("dev-dependencies", [])
    for group in tool.get("pdm", {}).get("dev-dependencies", {}).values():
        lines += group
    own = normalize_name(str(project.get("name", "")))
    for line in lines:
        if isinstance(line, str):
            _add_requirement(stack, line, rel, own)
    poetry = tool.get("poetry", {})
    tables = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
    tables += [group.get("dependencies", {}) for group in poetry.get("group", {}).values()]
    for table in tables:
        for name, value in table.items():
            if name.lower() != "python" and not _installs_itself(root, rel, value):
                stack.add("python", normalize_name(name), _table_version(value), rel)


def _pipfile(root: Path, rel: str, stack: _Stack) -> None:
    data = read_toml(root, rel)
    for section in ("packages", "dev-packages"):
        for name, value in data.get(section, {}).items():
            if not _installs_itself(root, rel, value):
                stack.add("python", normalize_name(name), _table_version(value), rel)


def _setup_cfg(root: Path, rel: str, stack: _Stack) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(manifest_text(root, rel, "strict"))
    blocks = [parser.get("options", "install_requires", fallback="")]
    if parser.has_section("options.extras_require"):
        blocks += [value for _, value in parser.items("options.extras_require")]
    for block in blocks:
        for line in block.splitlines():
            if line.strip() and (parsed := _pep508(line)) is not None:
                stack.add("python", *parsed, rel)


def _setup_py(root: Path, rel: str, stack: _Stack) -> None:
    for requirement in setup_py_requirements(manifest_text(root, rel, "strict")):
        _add_requirement(stack, requirement, rel)


def _requirement_lines(root: Path, rel: str, seen: set[str]) -> Iterator[tuple[str, str]]:
    """(requirement, file it is written in), following ``-r`` includes inside the repo."""
    if rel in seen:
        return
    seen.add(rel)
    yield from _pip_lines(root, rel, manifest_text(root, rel), seen)


def _pip_lines(root: Path, rel: str, text: str, seen: set[str]) -> Iterator[tuple[str, str]]:
    """The requirements of pip's lines ``text``, written in ``rel`` (see ``_requirement_lines``)."""
    for raw in text.replace("\\\r\n", " ").replace("\\\n", " ").splitlines():
        line = _COMMENT.sub("", raw).strip()
        include = _INCLUDE.match(line)
        if include is not None:
            target = (root / rel).parent / include.group(1)
            try:
                inside = target.resolve().relative_to(root).as_posix()
            except ValueError:
                continue
            if (root / inside).is_file():
                yield from _requirement_lines(root, inside, seen)
            continue
        if not line or line.startswith(("-", ".", "/")) or _URL.match(line):
            continue
        requirement = " ".join(token for token in line.split() if not token.startswith("--"))
        yield requirement, rel


def _requirements(root: Path, rel: str, stack: _Stack) -> None:
    for requirement, source in _requirement_lines(root, rel, set()):
        _add_requirement(stack, requirement, source)


def _bare_requirements(root: Path, rel: str, stack: _Stack) -> None:
    """A ``requirements`` file with no ``.txt``, read when every line is one pip takes and one
    at least names a package (a note of prerequisites in prose is no manifest)."""
    lines = [_COMMENT.sub("", raw).strip() for raw in manifest_text(root, rel).splitlines()]
    lines = [line for line in lines if line]
    named = [
        line for line in lines if not line.startswith(("-", ".", "/")) and not _URL.match(line)
    ]
    if named and all(_pep508(line) is not None for line in named):
        _requirements(root, rel, stack)


def _conda_environment(root: Path, rel: str, stack: _Stack) -> None:
    """A conda ``environment.yml``: its conda packages, and the pip packages it lists."""
    environment = read_environment(manifest_text(root, rel))
    for name, version in environment.packages:
        stack.add("python", name, version, rel)
    for requirement, source in _pip_lines(root, rel, "\n".join(environment.pip), {rel}):
        _add_requirement(stack, requirement, source)


# --- javascript, containers, ci ----------------------------------------------------------------


def _package_json(root: Path, rel: str, stack: _Stack) -> None:
    data = json.loads(manifest_text(root, rel, "strict"))
    for section in ("dependencies", "devDependencies"):
        for name, spec in data.get(section, {}).items():
            text = str(spec).strip()
            exact = _NPM_EXACT.match(text)
            version = exact.group(1) if exact else (text if text and text != "*" else None)
            stack.add("npm", name, version, rel)


def _images(root: Path, rel: str, stack: _Stack) -> None:
    text = manifest_text(root, rel)
    found = dockerfile_images(text) if language_of(rel) == "dockerfile" else compose_images(text)
    for reference in found:
        image = image_name_and_tag(reference)
        if image is not None:
            stack.add("image", image[0], image[1], rel)


# --- dispatch --------------------------------------------------------------------------------


_SET_ASIDE = re.compile(r"(?:^|[-_.])(?:legacy|old|deprecated|backup|bak|archive|py2)(?:$|[-_.\d])")
"""Requirements files a project keeps beside the ones it runs on (``requirements-legacy.txt``)."""


def _requirements_order(rel: str) -> tuple[bool, bool, str]:
    """Requirements files by how much they say what the project runs on, as the first file to
    name a package gives its version: set-aside ones last, ``requirements.txt`` first."""
    stem = PurePosixPath(rel).stem.lower()
    return _SET_ASIDE.search(stem) is not None, stem != "requirements", rel


def detect_stack(
    root: Path, paths: Sequence[str], unreadable: list[tuple[str, str]] | None = None
) -> list[StackItem]:
    """Stack items declared by the manifests among ``paths`` (repo-relative POSIX paths).

    A dependency manifest that cannot be read adds nothing; ``unreadable`` gets its path and
    why, in one line, so the log can say its packages are missing for that reason.
    """
    root = Path(root).resolve()
    ordered = sorted(paths)
    stack = _Stack()

    def run(parser: Callable[[Path, str, _Stack], None], rel: str) -> None:
        try:
            parser(root, rel, stack)
        except MANIFEST_ERRORS as error:
            if unreadable is not None and parser is not _images:
                unreadable.append((rel, " ".join(str(error).split())[:160]))

    names = {rel: PurePosixPath(rel).name.lower() for rel in ordered}
    for rel in ordered:
        if names[rel] == "pyproject.toml":
            run(_pyproject, rel)
    for rel in ordered:
        if names[rel] == "setup.cfg":
            run(_setup_cfg, rel)
        elif names[rel] == "setup.py":
            run(_setup_py, rel)
        elif names[rel] == "pipfile":
            run(_pipfile, rel)
        elif is_conda_environment(names[rel]):
            run(_conda_environment, rel)
    for rel in sorted(filter(is_requirements, ordered), key=_requirements_order):
        run(_requirements, rel)
    for rel in filter(is_bare_requirements, ordered):
        run(_bare_requirements, rel)
    for rel in ordered:
        if names[rel] == "package.json":
            run(_package_json, rel)
    for rel in ordered:
        if language_of(rel) == "dockerfile" or is_compose(names[rel]):
            run(_images, rel)
    for rel in ordered:
        if names[rel] == "alembic.ini":
            stack.add("python", "alembic", None, rel)
        elif rel.startswith(".github/workflows/") and names[rel].endswith((".yml", ".yaml")):
            stack.add("tool", "github-actions", None, rel)
        elif rel == ".gitlab-ci.yml":
            stack.add("tool", "gitlab-ci", None, rel)
        elif rel == ".pre-commit-config.yaml":
            stack.add("python", "pre-commit", None, rel)
    stack.apply_locks(read_locks(root, ordered))
    return stack.items()
