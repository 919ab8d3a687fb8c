"""Python files a Chinese Windows editor saved in GBK (blind check c1). With ``# -*- coding: gbk
-*-`` such a file is valid Python: the rules read it by its coding line, and every snippet the
log quotes of it (a solved problem's before and after from git, the excerpts beside a skill, an
open problem's code) reads it the same way, in Chinese, not in replacement characters."""

from __future__ import annotations

from pathlib import Path

from mentorbot.repo_snippets import read_snippet
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
