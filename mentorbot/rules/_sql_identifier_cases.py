"""MB108's cases where only table or column names are formatted into the SQL
(``sql_string_formatting``, ``_sql_identifiers``): reported with the advice to check the names,
for no driver binds a name; silent once the names are checked against a constant whitelist.
"""

IDENTIFIER_LOADS = """\
import sqlite3

import mysql.connector

COLUMNS = ["created_date", "job_title", "company"]


def load(rows: list[tuple], table: str) -> None:
    conn = mysql.connector.connect(option_files="/etc/mysql/etl.cnf")
    cursor = conn.cursor()
    cursor.execute(f"TRUNCATE TABLE {table}")
    cursor.executemany(
        f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
        rows,
    )
    cursor.execute(f"SELECT COUNT(*) FROM {table}")
    conn.commit()


def rows_since(conn: sqlite3.Connection, schema: str, table: str, column: str, day: str):
    return conn.execute(
        "SELECT * FROM %s.%s WHERE %s >= ? ORDER BY id" % (schema, table, column), (day,)
    ).fetchall()


def purge(conn: sqlite3.Connection, table: str, allowed: set[str]) -> None:
    if table not in allowed:
        raise ValueError(table)
    conn.execute(f"DELETE FROM {table}")


def latest(conn: sqlite3.Connection, table: str, day: str) -> list:
    return conn.execute(f"SELECT * FROM {table} WHERE day = '{day}'").fetchall()
"""
IDENTIFIER_LINES = (11, 13, 16, 22, 29)
"""Lines where only a name is formatted in (a function's parameter: still a risk); the last
statement of the module also formats a value in (line 33)."""
VALUE_LINE = 33

CHECKED_NAMES = """\
import sqlite3

TABLES = {"jobs", "companies"}
SORTABLE = ("created", "title")
EXPORT_TABLE = "jobs_export"
EXPORT_COLUMNS = ["id", "title", "company"]


def count_rows(conn: sqlite3.Connection, table: str) -> int:
    if table not in TABLES:
        raise ValueError(f"unknown table {table}")
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def sorted_jobs(conn: sqlite3.Connection, column: str) -> list:
    assert column in SORTABLE
    return conn.execute(f"SELECT id FROM jobs ORDER BY {column}").fetchall()


def drop(conn: sqlite3.Connection, table: str) -> None:
    if table in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def export(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(
        f"INSERT INTO {EXPORT_TABLE} ({', '.join(EXPORT_COLUMNS)}) "
        f"VALUES ({', '.join(['?'] * len(EXPORT_COLUMNS))})",
        rows,
    )
"""
"""Names checked against a module's constant collection before the statement, and an insert
whose table, columns and placeholders are all constants joined."""
