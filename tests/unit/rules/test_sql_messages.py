"""MB108's message names how the SQL was built in the log's language: the Chinese log said
"SQL 语句由 % formatting 拼接而成" (blind check c2)."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

QUERIES = """\
import sqlite3

conn = sqlite3.connect("books.db")
cursor = conn.cursor()


def by_title(word):
    cursor.execute("select * from book where title like '%%%s%%'" % (word,))


def by_type(name):
    cursor.execute("select * from book where type_name='" + name + "'")


def by_author(author):
    cursor.execute("select * from book where author='{}'".format(author))


def by_year(year):
    cursor.execute(f"select * from book where year={year}")
"""


def test_each_way_of_building_sql_is_named_in_chinese_and_english(tmp_path: Path) -> None:
    found = review_files(tmp_path, {"books.py": QUERIES})

    told = {f.line: (f.message.zh, f.message.en) for f in found if f.rule == "MB108"}
    assert {line: zh.split("，")[0] for line, (zh, _) in told.items()} == {
        8: "SQL 语句由 % 格式化 拼接而成",
        12: "SQL 语句由 + 号 拼接而成",
        16: "SQL 语句由 .format() 拼接而成",
        20: "SQL 语句由 f-string 拼接而成",
    }
    assert {line: en.split(";")[0] for line, (_, en) in told.items()} == {
        8: "SQL built with % formatting",
        12: "SQL built with string concatenation",
        16: "SQL built with .format()",
        20: "SQL built with f-string",
    }
