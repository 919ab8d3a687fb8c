"""Python files a Chinese Windows editor saved in GBK (blind check c1). With ``# -*- coding: gbk
-*-`` such a file is valid Python: the rules read it by its coding line, and every snippet the
log quotes of it (a solved problem's before and after from git, the excerpts beside a skill, an
open problem's code) reads it the same way, in Chinese, not in replacement characters. Without
that line Python refuses the file, and the review says why: it is not saved as UTF-8."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.file_text import undeclared_encoding
from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import ScanResult
from mentorbot.lessons_open import open_lessons
from mentorbot.repo_snippets import read_snippet
from mentorbot.rules.registry import get_rule
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

SPIDER = """\
# -*- coding: gbk -*-
# 豆瓣电影爬虫（课程练习）
import requests


def get_html(url):
    # 发送请求，获取网页源码
    try:
        r = requests.get(url, timeout=10)
        return r.text
    except:  # 网络出错时返回空字符串
        print('爬取失败！')
        return ""
"""


def _scan(repo: GitRepo, tmp_path: Path) -> ScanResult:
    cache = AnalysisCache(tmp_path / "cache")
    return scan_repository(open_repo(str(repo.path)), since=None, cache=cache)


def _spider_repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "spider").init()
    repo.write("requirements.txt", "requests==2.31.0\n")
    repo.write("spider.py", SPIDER.encode("gbk"))
    repo.commit("爬虫练习")
    return repo


def test_a_solved_problem_in_a_gbk_file_is_quoted_in_chinese(tmp_path: Path) -> None:
    repo = _spider_repo(tmp_path)
    fixed = SPIDER.replace("    except:  #", "    except requests.RequestException:  #")
    repo.write("spider.py", fixed.encode("gbk"))
    repo.commit("修复：except 不要裸写")

    [lesson] = solved_lessons(repo, tmp_path)

    assert (lesson.rule, lesson.path) == ("MB106", "spider.py")
    assert "    except:  # 网络出错时返回空字符串\n        print('爬取失败！')" in lesson.before
    assert "except requests.RequestException:  # 网络出错时返回空字符串" in lesson.after
    assert "\ufffd" not in lesson.before + lesson.after


def test_an_excerpt_of_a_gbk_file_is_quoted_in_chinese(tmp_path: Path) -> None:
    repo = _spider_repo(tmp_path)

    assert read_snippet(repo.path, "spider.py", 7) == (
        "def get_html(url):\n"
        "    # 发送请求，获取网页源码\n"
        "    try:\n"
        "        r = requests.get(url, timeout=10)"
    )


STUDENTS = """\
# 学生信息管理系统（控制台版）
students = []


def add_student(name, score):
    try:
        students.append({"name": name, "score": int(score)})
    except:  # 成绩不是数字就跳过
        print("添加失败：" + name)
"""


def test_a_gbk_file_without_a_coding_line_is_told_as_not_utf8_and_quoted_in_chinese(
    tmp_path: Path,
) -> None:
    """Python refuses it, so it is a finding; but its causes are no missing colon or merge
    marker, Python's English error stood untranslated in the Chinese log, and its lines were
    quoted as latin-1 (``# Ñ§ÉúÐÅÏ¢¹ÜÀíÏµÍ³``)."""
    repo = GitRepo(tmp_path / "students").init()
    repo.write("main.py", STUDENTS.encode("gbk"))
    repo.commit("学生信息管理系统")
    scan = _scan(repo, tmp_path)

    assert [(f.rule, f.line, f.snippet) for f in scan.findings] == [
        ("MB001", 1, "# 学生信息管理系统（控制台版）"),
        ("MB106", 8, "except:  # 成绩不是数字就跳过"),
    ]
    refused = scan.findings[0].message
    assert refused.zh == (
        "文件没有按 UTF-8 保存，开头也没有声明编码：Python 读到第 1 行的字节 '\\xc9' "
        "就拒绝了整个文件"
    )
    assert refused.en.startswith("The file is not saved as UTF-8 and declares no encoding")
    [lesson, _] = open_lessons(scan.findings)
    assert lesson.explanation is not None
    assert "`# -*- coding: gbk -*-`" in lesson.explanation.zh
    assert "UTF-8" in lesson.explanation.en and "merge-conflict" not in lesson.explanation.en
    assert "冒号" not in lesson.explanation.zh


def test_a_real_syntax_error_keeps_its_causes(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "broken").init()
    repo.write("main.py", "# 学生信息\ndef add(name)\n    pass\n")
    repo.commit("init")
    scan = _scan(repo, tmp_path)

    [lesson] = open_lessons(scan.findings)

    assert lesson.explanation == get_rule("MB001").explanation
    assert scan.findings[0].message.zh.startswith("语法错误：")


def test_only_bytes_that_read_as_chinese_words_are_taken_for_gbk() -> None:
    assert undeclared_encoding("# 学生信息管理\nNAME = '张三'\n".encode("gbk")) == "gbk"
    assert undeclared_encoding("# 学生信息管理".encode("gbk")[:-1]) == "gbk"
    assert undeclared_encoding("# Größe\nNAME = 'Müller'\n".encode("latin-1")) == "latin-1"
    assert undeclared_encoding("# café, déjà vu\n".encode("latin-1")) == "latin-1"
