"""A folder of the repo named like a library: the project's own package hides the library's
import, a folder of no Python or without ``__init__.py`` around the importing script does not."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.scanning import scan_repository

DASH_APP = """\
import dash
from dash import dcc, html
from dash.dependencies import Input, Output
import pandas as pd

app = dash.Dash(__name__)
app.layout = html.Div([dcc.Dropdown(id="station"), html.Div(id="out")])


@app.callback(Output("out", "children"), [Input("station", "value")])
def show(station):
    return f"Top destinations near {station}"
"""


def _stack(root: Path, tmp_path: Path) -> dict[str, tuple[str | None, str, str]]:
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )
    return {item.name: (item.version, item.category, item.source) for item in scan.stack}


def test_a_folder_of_the_repo_named_like_a_library_is_the_repos_own_code(tmp_path: Path) -> None:
    """Blind check b1: a bot kept in ``telegram/`` and imported as ``from telegram.bot import
    AppBot`` is no sign of python-telegram-bot, which the log then said no manifest declared."""
    root = tmp_path / "repo"
    (root / "telegram").mkdir(parents=True)
    (root / "telegram" / "__init__.py").write_text("")
    (root / "telegram" / "bot.py").write_text(
        "from aiogram import Bot\n\n\nclass AppBot(Bot):\n    pass\n"
    )
    (root / "app.py").write_text("from fastapi import FastAPI\n\nfrom telegram.bot import AppBot\n")
    (root / "requirements.txt").write_text("fastapi==0.115.0\naiogram==3.13.0\n")

    stack = _stack(root, tmp_path)

    assert "python-telegram-bot" not in stack
    assert {"fastapi", "aiogram"} <= set(stack)


def test_a_folder_without_python_named_like_a_library_hides_no_import(tmp_path: Path) -> None:
    """An ``openai/`` folder of prompt files is no package: ``import openai`` still finds the
    library, so the stack must name it (left alone in session 46's read)."""
    root = tmp_path / "repo"
    (root / "openai").mkdir(parents=True)
    (root / "openai" / "system_prompt.md").write_text("You are a helpful tutor.\n")
    (root / "app.py").write_text("import openai\n\nclient = openai.OpenAI()\n")
    (root / "requirements.txt").write_text("fastapi==0.115.0\n")

    stack = _stack(root, tmp_path)

    assert stack["openai"][2] == "app.py"


def test_a_script_in_a_folder_without_init_named_like_a_library_imports_the_library(
    tmp_path: Path,
) -> None:
    """A Dash app kept in ``dash/`` (no ``__init__.py``) lost Dash from the stack: the folder
    read as the project's own ``dash`` package (blind check s2). The script's folder is not on
    its path, and a folder without ``__init__.py`` never hides an installed package."""
    root = tmp_path / "repo"
    (root / "dash").mkdir(parents=True)
    (root / "dash" / "website.py").write_text(DASH_APP)

    assert set(_stack(root, tmp_path)) == {"dash", "pandas"}
    assert _stack(root, tmp_path / "again")["dash"][2] == "dash/website.py"


def test_a_script_in_a_real_package_named_like_a_library_imports_its_own_package(
    tmp_path: Path,
) -> None:
    """A ``dash/`` folder with an ``__init__.py`` is a regular package: run from the project's
    root it comes first, so ``import dash`` is no sign of the library."""
    root = tmp_path / "repo"
    (root / "dash").mkdir(parents=True)
    (root / "dash" / "__init__.py").write_text("")
    (root / "dash" / "website.py").write_text(DASH_APP)

    assert set(_stack(root, tmp_path)) == {"pandas"}
