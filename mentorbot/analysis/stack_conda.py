"""A conda ``environment.yml``: the packages its ``dependencies`` list, and the pip
requirements of its nested ``- pip:`` list, read line by line (no YAML parser needed for the
one shape conda writes: ``conda env export`` and the files learners copy from tutorials)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mentorbot.analysis.stack_text import normalize_name, version_text

CONDA_NAMES = {
    "pytorch": "torch",
    "pytorch-cpu": "torch",
    "pytorch-gpu": "torch",
    "matplotlib-base": "matplotlib",
    "py-xgboost": "xgboost",
}
"""conda packages named otherwise on PyPI, where the import names the PyPI one (``import
torch`` comes from conda's ``pytorch``)."""
NOT_PACKAGES = frozenset({"python", "pip"})
"""The interpreter and its installer: no package of the project's stack."""

_DEPENDENCIES = re.compile(r"^dependencies\s*:\s*(?:#.*)?$")
_ITEM = re.compile(r"^(\s*)-\s*(.*)$")
_PIP_KEY = re.compile(r"^pip\s*:\s*(?:#.*)?$")
_SPEC = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*(.*)$")
_COMMENT = re.compile(r"\s+#.*$")


@dataclass
class CondaEnvironment:
    packages: list[tuple[str, str | None]] = field(default_factory=list)
    """(PyPI-style name, version text) of each conda package."""
    pip: list[str] = field(default_factory=list)
    """The lines of the ``- pip:`` list, as pip takes them (``-r requirements.txt`` too)."""


def read_environment(text: str) -> CondaEnvironment:
    """The packages of the top-level ``dependencies`` list; none when the file has none."""
    found = CondaEnvironment()
    lines = iter(text.splitlines())
    if not any(_DEPENDENCIES.match(line) for line in lines):
        return found
    item_indent: int | None = None
    in_pip = False
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item is None:
            if not line[:1].isspace():
                break  # the next top-level key
            continue
        indent, value = len(item.group(1)), _unquoted(item.group(2))
        if item_indent is None:
            item_indent = indent
        if indent < item_indent:
            break
        if indent == item_indent:
            in_pip = _PIP_KEY.match(value) is not None
            if not in_pip:
                package = conda_package(value)
                if package is not None:
                    found.packages.append(package)
        elif in_pip and value:
            found.pip.append(value)
    return found


def conda_package(spec: str) -> tuple[str, str | None] | None:
    """(name, version) of a conda match spec: ``pytorch=2.1.0`` (the 2.1.0 series),
    ``numpy==1.26.4``, ``conda-forge::pandas>=2``, ``scipy 1.11.*``, ``numpy=1.26=py311h0``
    (a build after the version); None for the interpreter and pip."""
    spec = spec.rsplit("::", 1)[-1].split("[", 1)[0].strip()
    match = _SPEC.match(spec)
    if match is None:
        return None
    name = normalize_name(match.group(1))
    if name in NOT_PACKAGES:
        return None
    rest = match.group(2).strip()
    if rest.startswith("=") and not rest.startswith("=="):
        rest = rest[1:].split("=", 1)[0]
    elif rest[:1].isdigit():
        rest = rest.split()[0]
    version = version_text(rest.replace(" ", ""))
    if version is not None:
        version = version.removesuffix("*").removesuffix(".") or None
    return CONDA_NAMES.get(name, name), version


def _unquoted(value: str) -> str:
    value = _COMMENT.sub("", value).strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value
