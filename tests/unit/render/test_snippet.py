"""Reading code around a cited line for the log: confined to the repo, redacted, never raising."""

from __future__ import annotations

import os
from pathlib import Path

from mentorbot.repo_snippets import read_snippet
from mentorbot.rules.secret_patterns import MARK


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(
        "".join(f"line {number}\n" for number in range(1, 11)), encoding="utf-8"
    )
    return root


def test_returns_the_cited_line_with_two_lines_of_context(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert read_snippet(root, "app/main.py", 5) == "line 3\nline 4\nline 5\nline 6\nline 7"
    assert read_snippet(root, "app/main.py", 1) == "line 1\nline 2\nline 3"
    assert read_snippet(root, "app/main.py", 10, context=1) == "line 9\nline 10"


def test_missing_files_and_lines_out_of_range_give_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert read_snippet(root, "app/nope.py", 1) == ""
    assert read_snippet(root, "app/main.py", 11) == ""
    assert read_snippet(root, "app/main.py", 0) == ""
    assert read_snippet(root, "app", 1) == ""
    assert read_snippet(tmp_path / "absent", "app/main.py", 1) == ""


def test_never_reads_outside_the_repository(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    outside = tmp_path / "private.txt"
    outside.write_text("do not show\n", encoding="utf-8")
    os.symlink(outside, root / "app" / "link.py")
    assert read_snippet(root, "../private.txt", 1) == ""
    assert read_snippet(root, str(outside), 1) == ""
    assert read_snippet(root, "app/link.py", 1) == ""


def test_symlink_inside_the_repository_is_read(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    os.symlink(root / "app" / "main.py", root / "app" / "alias.py")
    assert read_snippet(root, "app/alias.py", 2, context=0) == "line 2"


def test_bytes_that_are_not_utf8_are_read_as_the_rules_read_them_not_fatal(
    tmp_path: Path,
) -> None:
    """The rules read such a file as latin-1 (or GBK, where it is Chinese): the quote too."""
    root = _repo(tmp_path)
    (root / "app" / "latin.py").write_bytes(b"name = 'caf\xe9'\n")
    assert read_snippet(root, "app/latin.py", 1) == "name = 'caf\xe9'"


def test_secrets_in_the_cited_lines_are_redacted(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    key = "sk-proj-" + "Q7x9Lm2Kp4Rt8Vw3Zy6Nb1Hc5"
    (root / "app" / "config.py").write_text(
        f'MODEL = "gpt-4o-mini"\nOPENAI_API_KEY = "{key}"\n', encoding="utf-8"
    )
    snippet = read_snippet(root, "app/config.py", 2)
    assert snippet.startswith('MODEL = "gpt-4o-mini"\nOPENAI_API_KEY = ')
    assert key not in snippet
    assert "Q7x9Lm2Kp4" not in snippet


def test_a_line_the_review_found_a_secret_on_is_hidden_even_without_its_name(
    tmp_path: Path,
) -> None:
    """A value wrapped far below its name matches no pattern: the finding's line says it."""
    root = _repo(tmp_path)
    (root / "app" / "settings.py").write_text(
        'SIGNING_KEY = (\n    # rotated in March\n    # see the wiki\n    "Wr4pped-Key-0x91c"\n)\n'
        'LABEL = "shown"\n',
        encoding="utf-8",
    )
    assert "Wr4pped-Key-0x91c" in read_snippet(root, "app/settings.py", 5)
    snippet = read_snippet(root, "app/settings.py", 5, secret_lines={4})
    assert snippet == '    # see the wiki\n    "«redacted»"\n)\nLABEL = "shown"'


def test_every_value_of_a_dotenv_file_is_hidden_in_its_snippet(tmp_path: Path) -> None:
    """A reported secret's neighbours were shown in clear, a database URL among them (blind
    check corpus 71); flags and small numbers may show."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / ".env").write_text(
        "# local settings\n"
        "DATABASE_URL = postgresql://user.Rasp9921@5432/library_db\n"
        "SECRET_KEY=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n"
        "DEBUG=true\n"
        "PORT=8000\n",
        encoding="utf-8",
    )

    shown = read_snippet(tmp_path, "app/.env", 3, secret_lines={3})

    assert shown == (
        f"# local settings\nDATABASE_URL = {MARK}\nSECRET_KEY={MARK}\nDEBUG=true\nPORT=8000"
    )


def test_a_secret_value_is_hidden_in_every_snippet_of_its_file(tmp_path: Path) -> None:
    """Two snippets of one file: the one with the password's fallback line hid "postgres"
    everywhere, the one just above it showed it as the database's name and user, which told
    what the hidden fallback was (blind check corpus 87)."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "config.py").write_text(
        "import os\n"
        "\n"
        "\n"
        "def db_params() -> dict:\n"
        '    DB_HOST = os.getenv("DB_HOST", "localhost")\n'
        '    DB_NAME = os.getenv("DB_NAME", "postgres")\n'
        '    DB_USER = os.getenv("DB_USER", "postgres")\n'
        '    DB_PASS = os.getenv("DB_PASS", "postgres")\n'
        '    return {"host": DB_HOST, "dbname": DB_NAME, "user": DB_USER, "password": DB_PASS}\n',
        encoding="utf-8",
    )

    above = read_snippet(tmp_path, "app/config.py", 5, context=1, secret_lines={8})
    around = read_snippet(tmp_path, "app/config.py", 7, context=1, secret_lines={8})

    assert "postgres" not in above
    assert "postgres" not in around
    assert 'os.getenv("DB_HOST", "localhost")' in above
