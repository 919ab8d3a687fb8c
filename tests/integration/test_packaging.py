"""A wheel built from the project holds everything the installed ``mentor`` reads.

An editable install reads the source tree, so the test suite cannot notice a subpackage or a
template the packaging leaves out; ``pip install .``, ``pipx`` and any built wheel would fail at
import time instead. The wheel is built offline from a copy of the tree, so the checkout gets
no ``build/`` folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLED_ROOTS = ("mentorbot", "graph", "nodes", "api", "prompts", "migrations")
NOT_SHIPPED = shutil.ignore_patterns("__pycache__", "*.pyc")


def _shipped_files() -> set[str]:
    """Every file of the installed packages in the source tree, as wheel paths."""
    found: set[str] = set()
    for root in INSTALLED_ROOTS:
        for path in (ROOT / root).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(path.relative_to(ROOT).as_posix())
    return found


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for root in INSTALLED_ROOTS:
        shutil.copytree(ROOT / root, source / root, ignore=NOT_SHIPPED)
    out = tmp_path / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--quiet", "--wheel-dir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = out.glob("*.whl")
    return wheel


def test_the_wheel_ships_every_module_template_and_data_file(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(name for name in names if name.endswith("entry_points.txt"))
        console_scripts = archive.read(entry_points).decode()
    expected = _shipped_files()
    assert "mentorbot/domain/__init__.py" in expected
    assert "prompts/log.zh.md.j2" in expected
    assert sorted(expected - names) == []
    assert "mentor = mentorbot.entry:main" in console_scripts
