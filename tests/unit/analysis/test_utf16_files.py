"""Files Windows tools write in UTF-16 with a byte-order mark (PowerShell's ``pip freeze >
requirements.txt``, ``echo ... > .env``) are text to every reader of the review: the walk, the
stack, the secret scan, the log's snippets and the manifests of an older commit (blind check
s1). A file that really is binary stays skipped."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.analysis.walk import walk_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import ScanResult
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.repo_snippets import read_snippet
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo

MAIN = """\
from fastapi import FastAPI
from pydantic import BaseModel, BaseSettings


class Settings(BaseSettings):
    database_url: str

    class Config:
        env_file = ".env"


class Item(BaseModel):
    name: str


app = FastAPI()


@app.post("/items")
def create(item: Item) -> dict:
    return item.dict()
"""
ENV = """\
# local settings
DEBUG=true
OPENAI_API_KEY=sk-proj-4fT9xQ2mL8vR1nB6cZ3kW7yH0dJ5sA9e
"""


def windows_text(text: str) -> bytes:
    """``text`` as Windows PowerShell's ``>`` writes it: UTF-16 LE, a byte-order mark, CRLF."""
    return "\ufeff".encode("utf-16-le") + text.replace("\n", "\r\n").encode("utf-16-le")


def _scan(repo: GitRepo, tmp_path: Path) -> ScanResult:
    cache = AnalysisCache(tmp_path / "cache")
    return scan_repository(open_repo(str(repo.path)), since=None, cache=cache)


def test_a_pip_freeze_from_powershell_declares_the_stack(tmp_path: Path) -> None:
    """The requirements were skipped as binary: fastapi and pydantic were "declared in no
    dependency manifest", and pydantic 2.6.1 was taken for pydantic 1, so ``BaseSettings``
    imported from pydantic (an ImportError on v2) and ``.dict()`` went unreported."""
    repo = GitRepo(tmp_path / "items").init()
    freeze = "fastapi==0.109.2\npydantic==2.6.1\nSQLAlchemy==2.0.25\n"
    repo.write("requirements.txt", windows_text(freeze))
    repo.write("main.py", MAIN)
    repo.commit("init")

    scan = _scan(repo, tmp_path)

    assert [(item.name, item.version, item.source) for item in scan.stack] == [
        ("fastapi", "0.109.2", "requirements.txt"),
        ("pydantic", "2.6.1", "requirements.txt"),
        ("sqlalchemy", "2.0.25", "requirements.txt"),
    ]
    assert scan.skipped.binary == 0
    assert {(f.path, f.line) for f in scan.findings if f.rule == "MB104"} == {
        ("main.py", 2),
        ("main.py", 8),
        ("main.py", 21),
    }


def test_a_key_in_a_utf16_env_is_reported_on_its_line_and_hidden(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "bot").init()
    repo.write(".env", windows_text(ENV))
    repo.write("bot.py", "import os\n\nKEY = os.environ['OPENAI_API_KEY']\n")
    repo.commit("init")

    scan = _scan(repo, tmp_path)

    assert [(f.rule, f.path, f.line) for f in scan.findings] == [("MB107", ".env", 3)]
    assert [(f.path, f.loc) for f in scan.files if f.path == ".env"] == [(".env", 3)]
    assert read_snippet(repo.path, ".env", 3, secret_lines={3}) == (
        "# local settings\nDEBUG=true\nOPENAI_API_KEY=«redacted»"
    )


SCHEMAS = """\
from pydantic import BaseModel


class TodoOut(BaseModel):
    id: int
    title: str

    class Config:
        orm_mode = True
"""


def test_pydantic_v1_code_is_dated_by_the_utf16_manifest_that_moved_to_pydantic_2(
    tmp_path: Path,
) -> None:
    """The manifests of an older commit are read like today's: ``orm_mode`` was right while
    the (UTF-16) requirements pinned pydantic 1, and became a problem with the upgrade."""
    repo = GitRepo(tmp_path / "todos").init()
    repo.write("requirements.txt", windows_text("fastapi==0.75.2\npydantic==1.9.0\n"))
    repo.write("app/schemas.py", SCHEMAS)
    repo.commit("feat: todo schemas", date="2024-03-01T10:00:00+00:00")
    repo.write("requirements.txt", windows_text("fastapi==0.110.0\npydantic==2.6.0\n"))
    upgrade = repo.commit("update requirements", date="2025-05-01T10:00:00+00:00")
    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)
    miner = LessonMiner(Path(scan.root), scan, cache)

    [lesson] = [x for x in miner.dated(open_lessons(scan.findings)) if x.rule == "MB104"]

    assert (lesson.path, lesson.line, lesson.introduced_in) == ("app/schemas.py", 8, upgrade)


def test_a_utf16_python_file_is_the_error_python_calls_it_and_is_read_all_the_same(
    tmp_path: Path,
) -> None:
    """``echo ... > main.py`` in PowerShell: Python refuses the file (its mark is no UTF-8),
    which the learner must fix; what it holds is still reviewed, on its own lines."""
    repo = GitRepo(tmp_path / "ticks").init()
    repo.write(
        "main.py", windows_text("import time\n\n\nasync def tick() -> None:\n    time.sleep(1)\n")
    )
    repo.commit("init")

    scan = _scan(repo, tmp_path)

    assert [(f.rule, f.line, f.message.en) for f in scan.findings] == [
        (
            "MB001",
            1,
            "The file is not saved as UTF-8 and declares no encoding: Python refuses it at "
            "byte '\\xff' on line 1",
        ),
        ("MB101", 5, "`time.sleep` blocks the event loop inside async function `tick`"),
    ]


def test_bytes_that_only_start_like_utf16_are_still_binary(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(windows_text("shopping list\n"))
    (tmp_path / "dump.dat").write_bytes(b"\xff\xfe" + bytes(range(256)) * 4)
    (tmp_path / "export.txt").write_bytes(windows_text("id\x00name\n"))

    result = walk_repo(tmp_path)

    assert [(f.path, f.loc) for f in result.files] == [("notes.txt", 1)]
    assert result.skipped.binary == 2
