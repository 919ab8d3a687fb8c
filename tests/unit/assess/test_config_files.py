"""Settings read from an INI file with configparser are configuration code: an ETL reading
its database settings from ``config.ini`` had "Config: not seen, no configuration code"
(blind check s2)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import SkillArea
from tests.unit.assess.scenarios import cites, plan_files

ETL = b"""\
import configparser

import pandas as pd
from sqlalchemy import create_engine

config = configparser.ConfigParser()
config.read("config.ini")
db = config["mysql"]
engine = create_engine(
    f"mysql+pymysql://{db['user']}:{db['password']}@{db['host']}/{db['database']}"
)


def load(frame: pd.DataFrame, table: str) -> None:
    frame.to_sql(table, engine, if_exists="append", index=False)
"""


def _areas(root: Path, sources: dict[str, bytes]) -> dict[str, SkillArea]:
    return {area.key: area for area in plan_files(root, sources).skills.areas}


def test_an_ini_file_read_with_configparser_is_configuration(tmp_path: Path) -> None:
    areas = _areas(tmp_path / "a", {"etl/load.py": ETL})
    config = areas["config-containers"].understanding

    assert (config.rubric, cites(config)) == (
        "config-containers.understanding.partial",
        ["etl/load.py:6"],
    )
    from_import = ETL.replace(b"import configparser\n", b"from configparser import ConfigParser\n")
    from_import = from_import.replace(b"configparser.ConfigParser()", b"ConfigParser()")
    again = _areas(tmp_path / "b", {"etl/load.py": from_import})
    assert cites(again["config-containers"].understanding) == ["etl/load.py:6"]


def test_a_parser_class_of_another_library_is_no_configuration(tmp_path: Path) -> None:
    source = b"from argparse import ArgumentParser as ConfigParser\n\nparser = ConfigParser()\n"
    areas = _areas(tmp_path, {"cli.py": source})

    assert areas["config-containers"].understanding.rubric == (
        "config-containers.understanding.unseen"
    )
