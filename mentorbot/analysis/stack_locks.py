"""The versions lock files pin, by the folder they lie in: a lock speaks for the manifests of
its folder and the folders below it, and its version is the most exact a repo says."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from mentorbot.analysis.stack_categories import Ecosystem
from mentorbot.analysis.stack_text import (
    MANIFEST_ERRORS,
    manifest_text,
    normalize_name,
    read_toml,
    version_text,
)

PYTHON_LOCKS = frozenset({"poetry.lock", "uv.lock", "pdm.lock", "pipfile.lock"})


class Pinned(NamedTuple):
    version: str
    lock: str
    """The lock file's path."""


Locks = dict[tuple[Ecosystem, str], dict[str, Pinned]]
"""(ecosystem, folder) -> package name -> its version in the folder's lock files."""


def read_locks(root: Path, paths: Sequence[str]) -> Locks:
    """The versions the lock files among ``paths`` pin; a lock that does not parse pins none."""
    locks: Locks = {}
    for rel in sorted(paths):
        name = PurePosixPath(rel).name.lower()
        folder = PurePosixPath(rel).parent.as_posix()
        try:
            if name in PYTHON_LOCKS:
                versions = _python_lock(root, rel)
                ecosystem: Ecosystem = "python"
            elif name == "package-lock.json":
                versions, ecosystem = _npm_lock(root, rel), "npm"
            else:
                continue
        except MANIFEST_ERRORS:
            continue
        found = locks.setdefault((ecosystem, folder), {})
        found.update((package, Pinned(version, rel)) for package, version in versions.items())
    return locks


def pinned_in(locks: Locks, ecosystem: Ecosystem, name: str, path: str) -> Pinned | None:
    """What the lock nearest above ``path`` (a manifest, or a file that imports the package)
    pins ``name`` to, if any does."""
    folder = PurePosixPath(path).parent
    for candidate in (folder, *folder.parents):
        pinned = locks.get((ecosystem, candidate.as_posix()), {}).get(name)
        if pinned is not None:
            return pinned
    return None


def _python_lock(root: Path, rel: str) -> dict[str, str]:
    if PurePosixPath(rel).name.lower() == "pipfile.lock":
        data = json.loads(manifest_text(root, rel, "strict"))
        versions: dict[str, str] = {}
        for section in ("default", "develop"):
            for name, info in data.get(section, {}).items():
                version = version_text(str(info.get("version", "")))
                if version:
                    versions[normalize_name(name)] = version
        return versions
    packages = read_toml(root, rel).get("package", [])
    return {
        normalize_name(package["name"]): str(package["version"])
        for package in packages
        if "name" in package and "version" in package
    }


def _npm_lock(root: Path, rel: str) -> dict[str, str]:
    data = json.loads(manifest_text(root, rel, "strict"))
    versions: dict[str, str] = {}
    for key, info in data.get("packages", {}).items():
        name = key.removeprefix("node_modules/")
        if key.startswith("node_modules/") and "node_modules/" not in name and "version" in info:
            versions[name] = str(info["version"])
    for name, info in data.get("dependencies", {}).items():
        if isinstance(info, dict) and "version" in info:
            versions.setdefault(name, str(info["version"]))
    return versions
