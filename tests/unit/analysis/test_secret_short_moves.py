"""A short secret (a database password under 16 characters) moved by a "fix" into another
committed file is dated by the first commit that held it as a secret in any file (blind
check c2)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson
from mentorbot.lessons import LessonMiner
from mentorbot.lessons_open import open_lessons
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo

PASSWORD = "wb_Mysql#2021x"
"""Made up; 14 characters, too short to be looked for in every file as it stands."""
WEB = """\
import mysql.connector
from flask import Flask

conn = mysql.connector.connect(user="root", password="{password}", database="web")
app = Flask(__name__)
"""
CONFIG = """\
DB_USER = "root"
DB_PASSWORD = "{password}"
"""


def _open_secret(repo: GitRepo, tmp_path: Path) -> Lesson:
    cache = AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=None, cache=cache)
    miner = LessonMiner(Path(scan.root), scan, cache)
    [lesson] = [x for x in miner.dated(open_lessons(scan.findings)) if x.rule == "MB107"]
    return lesson


def test_a_short_password_moved_into_a_config_module_was_written_where_it_first_came(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "weibo").init()
    repo.write("Web.py", WEB.format(password=PASSWORD))
    first = repo.commit("留言板初版", date="2021-05-10T20:00:00+08:00")
    repo.write("db_config.py", CONFIG.format(password=PASSWORD))
    repo.write("Web.py", WEB.replace('"{password}"', "DB_PASSWORD"))
    repo.commit("修复：数据库密码泄露问题", date="2021-05-15T19:45:00+08:00")

    lesson = _open_secret(repo, tmp_path)
    assert (lesson.path, lesson.line) == ("db_config.py", 2)
    assert lesson.introduced_in == first


def test_a_short_password_once_a_word_of_another_file_is_dated_by_its_own_file(
    tmp_path: Path,
) -> None:
    """The same characters in a note, not as a secret, do not date it."""
    repo = GitRepo(tmp_path / "weibo").init()
    repo.write("notes.md", f"实验记录：数据库口令规则见 {PASSWORD} 一节。\n")
    repo.commit("实验记录", date="2021-05-01T20:00:00+08:00")
    repo.write("db_config.py", CONFIG.format(password=PASSWORD))
    written = repo.commit("数据库配置", date="2021-05-15T19:45:00+08:00")

    lesson = _open_secret(repo, tmp_path)
    assert (lesson.path, lesson.introduced_in) == ("db_config.py", written)
