"""PyPI's stand-in names: ``dotenv`` installs ``python-dotenv`` and ``bs4`` installs
``beautifulsoup4``, so a manifest declaring the stand-in declared what the import needs; so does
``mysql-connector``, the old name of ``mysql-connector-python``."""

from __future__ import annotations

from pathlib import Path

from tests.unit.analysis.test_stack_imports import MAIN, _stack


def test_the_dotenv_stand_in_declares_python_dotenv(tmp_path: Path) -> None:
    """PyPI's ``dotenv`` installs ``python-dotenv``: a pyproject declaring it declared what
    ``from dotenv import load_dotenv`` needs (blind check history 11)."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(MAIN)
    (root / "requirements.txt").write_text("sqlmodel==0.0.22\ndotenv==0.9.9\n")

    stack = _stack(root, tmp_path)

    assert "python-dotenv" not in stack
    assert stack["dotenv"][0] == "0.9.9"


def test_the_bs4_stand_in_declares_beautifulsoup4(tmp_path: Path) -> None:
    """The overview listed both and called the one ``import bs4`` needs "declared in no
    dependency manifest" (blind check h1)."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "loader.py").write_text("import bs4\n\nstrainer = bs4.SoupStrainer(class_='post')\n")
    (root / "requirements.txt").write_text("langchain\nbs4\n")

    stack = _stack(root, tmp_path)

    assert "beautifulsoup4" not in stack
    assert stack["bs4"][2] == "requirements.txt"


def test_the_old_mysql_connector_declares_what_mysql_connector_imports_need(
    tmp_path: Path,
) -> None:
    """``mysql-connector==2.2.9`` in requirements.txt, and the stack still said the
    ``import mysql.connector`` it provides was declared in no manifest (blind check c2)."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "sql_work.py").write_text(
        'import mysql.connector\n\nconn = mysql.connector.connect(user="root", database="web")\n'
    )
    (root / "requirements.txt").write_text("Flask==0.10.1\nmysql-connector==2.2.9\n")

    stack = _stack(root, tmp_path)

    assert "mysql-connector-python" not in stack
    assert stack["mysql-connector"] == ("2.2.9", "database-driver", "requirements.txt")
