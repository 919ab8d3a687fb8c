"""What the readers of manifests and of lock files share: a manifest's text, a package's
PEP 503 name and the version text a requirement gives."""

from __future__ import annotations

import configparser
import re
import tomllib
from pathlib import Path
from typing import Any

from mentorbot.analysis.file_text import decode_text

MANIFEST_ERRORS = (
    *(OSError, ValueError, TypeError, AttributeError, KeyError, configparser.Error),
    *(SyntaxError, RecursionError),
)
"""What reading a manifest that is not as it should be raises (a ``setup.py`` Python cannot
parse: ``SyntaxError``): it is skipped, never fatal."""
BARE_VERSION = re.compile(r"^v?\d+(?:\.\d+)*(?:[-.]?[A-Za-z]+\.?\d*)?$")
_PINNED = re.compile(r"^===?\s*([^\s,;=<>!~*]+)$")


def normalize_name(name: str) -> str:
    """PEP 503: lower case, runs of ``-``, ``_`` and ``.`` become one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def version_text(spec: str) -> str | None:
    """The exact version of ``==2.0``, the specifier itself otherwise; None for none or ``*``."""
    spec = spec.strip()
    if not spec or spec == "*":
        return None
    pinned = _PINNED.match(spec)
    if pinned is not None:
        return pinned.group(1)
    return spec


def manifest_text(root: Path, rel: str, errors: str = "replace") -> str:
    """A manifest's text, UTF-16 with its mark too (pip reads a Windows ``pip freeze`` so);
    ``strict`` for the formats whose parsers refuse what is no UTF-8 (TOML, JSON, setup.cfg)."""
    return decode_text((root / rel).read_bytes(), errors)


def read_toml(root: Path, rel: str) -> dict[str, Any]:
    return tomllib.loads(manifest_text(root, rel, "strict"))
