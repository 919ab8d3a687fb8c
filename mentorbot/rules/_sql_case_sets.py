"""MB108's cases: SQL built from input in each way the rule knows, and SQL that only looks
built (``sql_string_formatting``)."""

from __future__ import annotations

from mentorbot.rules import _sql_cases as cases
from mentorbot.rules import _sql_identifier_cases as names
from mentorbot.rules.base import Case

QUOTED_IN_LIST = """\
import sqlite3


def notes_for(con: sqlite3.Connection, names: list[str]) -> list[tuple]:
    cur = con.cursor()
    quoted = ",".join(f"'{name}'" for name in names)
    cur.execute(f"SELECT id FROM note WHERE name IN ({quoted})")
    return cur.fetchall()
"""

BAD: tuple[Case, ...] = (
    Case(
        files={"main.py": QUOTED_IN_LIST},
        hits=(("main.py", 7),),
        note="an IN list of the values themselves, quoted in (blind check m2)",
    ),
    Case(
        files={"app/db/classes.py": cases.DYNAMIC_INSERTS},
        hits=(("app/db/classes.py", 15), ("app/db/classes.py", 21)),
        note="a model's field names and numbered placeholders are no input; a dict's keys "
        "and quoted names are",
    ),
    Case(
        files={"app/routes/users.py": cases.BAD},
        hits=(
            ("app/routes/users.py", 14),
            ("app/routes/users.py", 19),
            ("app/routes/users.py", 26),
            ("app/routes/users.py", 30),
            ("app/routes/users.py", 31),
            ("app/routes/users.py", 42),
        ),
    ),
    Case(
        files={"app/routes/workers.py": cases.BAD_FRAGMENTS},
        hits=(
            ("app/routes/workers.py", 22),
            ("app/routes/workers.py", 24),
            ("app/routes/workers.py", 26),
            ("app/routes/workers.py", 43),
            ("app/routes/workers.py", 45),
            ("app/routes/workers.py", 55),
            ("app/routes/workers.py", 63),
            ("app/routes/workers.py", 65),
        ),
        note="fragments of a condition list (or of a query grown by +=) that carry input",
    ),
    Case(
        files={"app/web.py": cases.DEFAULTED_PARAMETER},
        hits=(("app/web.py", 13),),
        note="a parameter given a default is input all the same",
    ),
    Case(
        files={"board/db.py": cases.TEMPLATES},
        hits=tuple(("board/db.py", line) for line in cases.TEMPLATES_HITS),
        note="SQL templates kept as class attributes, filled with .format()",
    ),
    Case(
        files={"etl/load.py": names.IDENTIFIER_LOADS},
        hits=tuple(("etl/load.py", line) for line in (*names.IDENTIFIER_LINES, names.VALUE_LINE)),
        note="only a table or column name formatted in, from a parameter: reported, with the "
        "advice to check it (blind check s2)",
    ),
)
IN_LIST = """\
import sqlite3


def notes_for(con: sqlite3.Connection, project_ids: list[int]) -> list[tuple]:
    cur = con.cursor()
    q_marks = ",".join("?" for _ in project_ids)
    cur.execute(f"SELECT id, body FROM note WHERE project_id IN ({q_marks})", project_ids)
    marks = ", ".join(["%s" for _ in project_ids])
    cur.execute("DELETE FROM note WHERE project_id IN (" + marks + ")", project_ids)
    return cur.fetchall()
"""
"""The usual safe IN list: its placeholders joined, its values bound."""

GOOD: tuple[Case, ...] = (
    Case(files={"app/routes/users.py": cases.GOOD}),
    Case(
        files={"app/routes/profile.py": cases.GOOD_FRAGMENTS},
        note="lists of literal conditions joined into the statement, values bound",
    ),
    Case(
        files={"app/store.py": cases.COUNTED_PATHS},
        note="a range or enumerate counter formatted in, the values bound (corpus 74)",
    ),
    Case(
        files={"board/archive.py": cases.NO_SQL_TEMPLATES},
        note="a class's SQL template filled with a constant, and one that holds no SQL",
    ),
    Case(
        files={"main.py": IN_LIST},
        note="an IN list of one placeholder per value, the values bound (blind check m2)",
    ),
    Case(
        files={"etl/tables.py": names.CHECKED_NAMES},
        note="names checked against a constant whitelist first; constant columns and "
        "placeholders joined (blind check s2)",
    ),
)
