"""A package the code imports that a declared one installs is in the stack at the version a lock
file pins it to (blind check e1): pydantic under FastAPI in a uv.lock, pytest under
pytest-asyncio in a poetry.lock."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.scanning import scan_repository

UV_PYPROJECT = """\
[project]
name = "web-backend"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["fastapi[standard]>=0.128.0", "sqlalchemy>=2.0.45"]
"""
UV_LOCK = """\
version = 1
requires-python = ">=3.12"

[[package]]
name = "fastapi"
version = "0.128.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "pydantic" },
    { name = "starlette" },
]

[[package]]
name = "pydantic"
version = "2.12.5"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "sqlalchemy"
version = "2.0.45"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "starlette"
version = "0.50.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "web-backend"
version = "0.1.0"
source = { editable = "." }
"""
POETRY_PYPROJECT = """\
[tool.poetry]
name = "blog"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.104.1"

[tool.poetry.group.dev.dependencies]
pytest-asyncio = "^0.21.1"
"""
POETRY_LOCK = """\
[[package]]
name = "fastapi"
version = "0.104.1"
description = "FastAPI framework, high performance, easy to learn, fast to code"
optional = false
python-versions = ">=3.8"

[[package]]
name = "pytest"
version = "7.4.3"
description = "pytest: simple powerful testing with Python"
optional = false
python-versions = ">=3.7"

[[package]]
name = "pytest-asyncio"
version = "0.21.1"
description = "Pytest support for asyncio"
optional = false
python-versions = ">=3.7"
"""
MODELS = "from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    name: str\n"
TEST = (
    "import asyncio\n\nimport pytest\n\n\n@pytest.mark.asyncio\nasync def test_sleep() -> None:\n"
    "    assert await asyncio.sleep(0, result=1) == 1\n"
)
"""A learner's async test: what the scan reads of it is its ``import pytest``."""


def _stack(root: Path, files: dict[str, str]) -> dict[str, tuple[str | None, str, str]]:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    scan = scan_repository(open_repo(str(root)), since=None, cache=AnalysisCache(None))
    return {item.name: (item.version, item.category, item.source) for item in scan.stack}


def test_a_package_fastapi_installs_and_the_code_imports_has_the_uv_locks_version(
    tmp_path: Path,
) -> None:
    """The models import pydantic, which uv.lock pins at 2.12.5: the stack had no pydantic.
    starlette, pinned too but imported nowhere, stays out."""
    stack = _stack(
        tmp_path,
        {"pyproject.toml": UV_PYPROJECT, "uv.lock": UV_LOCK, "app/models.py": MODELS},
    )

    assert stack == {
        "fastapi": ("0.128.0", "framework", "pyproject.toml"),
        "sqlalchemy": ("2.0.45", "orm", "pyproject.toml"),
        "pydantic": ("2.12.5", "validation", "uv.lock"),
    }


def test_a_test_tool_a_plugin_installs_has_the_poetry_locks_version(tmp_path: Path) -> None:
    """The tests import pytest, which pytest-asyncio installs and poetry.lock pins at 7.4.3:
    the stack had pytest with no version, "declared in no dependency manifest"."""
    stack = _stack(
        tmp_path,
        {"pyproject.toml": POETRY_PYPROJECT, "poetry.lock": POETRY_LOCK, "tests/test_app.py": TEST},
    )

    assert stack == {
        "fastapi": ("0.104.1", "framework", "pyproject.toml"),
        "pytest-asyncio": ("0.21.1", "testing", "pyproject.toml"),
        "pytest": ("7.4.3", "testing", "poetry.lock"),
    }


def test_a_lock_speaks_only_for_the_code_below_its_folder(tmp_path: Path) -> None:
    """A backend's lock says nothing of a script beside it: the script's pytest is declared
    nowhere, and its pydantic, which the backend's FastAPI brings, is not listed."""
    stack = _stack(
        tmp_path,
        {
            "backend/pyproject.toml": UV_PYPROJECT,
            "backend/uv.lock": UV_LOCK.replace('name = "sqlalchemy"', 'name = "pytest"'),
            "scripts/check.py": f"{MODELS}\n\n{TEST}",
        },
    )

    assert stack == {
        "fastapi": ("0.128.0", "framework", "backend/pyproject.toml"),
        "sqlalchemy": (">=2.0.45", "orm", "backend/pyproject.toml"),
        "pytest": (None, "testing", "scripts/check.py"),
    }
