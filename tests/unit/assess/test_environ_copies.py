"""Settings a small config wrapper reads from its copy of the environment are configuration:
``load_dotenv()`` then ``self._env = dict(os.environ)``, read as ``config.env.get("KEY")``
(blind check c1: "no config or secret handling" in the log that credited the commit moving
the JWT secret there)."""

from __future__ import annotations

from mentorbot.achievements import find_achievements
from mentorbot.domain import SkillArea
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills

CONFIG = b"""\
import os
from pathlib import Path

from dotenv import load_dotenv


class Config:
    def __init__(self):
        load_dotenv(dotenv_path=Path(__file__).parent.parent / ".env")
        self._env = dict(os.environ)

    @property
    def env(self):
        return self._env


config = Config()
"""
CONSTANT = b"""\
from common.config import config

HOST = config.env.get("HOST")
JWT_SECRET = config.env.get("JWT_SECRET")
"""
RUNNER = b"""\
import os
import subprocess

from dotenv import load_dotenv

load_dotenv()
env = os.environ.copy()
env["LANG"] = "C"
subprocess.run(["git", "status"], env=env, check=True)
"""


def _areas(sources: dict[str, bytes]) -> dict[str, SkillArea]:
    findings = review_sources(sources, with_ruff=False)
    matrix = assess_skills(analyze_sources(sources), findings, [], sorted(sources), [])
    return {area.key: area for area in matrix.areas}


def test_a_config_wrapper_over_a_copy_of_the_environment_reads_configuration() -> None:
    areas = _areas({"common/config.py": CONFIG, "common/constant.py": CONSTANT})
    security, config = areas["security"], areas["config-containers"]

    assert security.understanding.rubric == "security.understanding.good"
    assert ("common/config.py:10", "env-config os.environ") in [
        (e.cite(), e.note) for e in security.understanding.evidence
    ]
    assert config.understanding.rubric == "config-containers.understanding.partial"


def test_a_copy_of_the_environment_is_no_count_of_settings_read() -> None:
    """The copy names no setting: "1 setting read from the environment" would count it as one."""
    sources = {"common/config.py": CONFIG}
    achievements = find_achievements(analyze_sources(sources), [], sorted(sources), [])

    assert "settings" not in [achievement.kind for achievement in achievements]


def test_a_copy_of_the_environment_handed_to_a_process_reads_no_configuration() -> None:
    areas = _areas({"tools/run.py": RUNNER})

    assert areas["security"].understanding.rubric == "security.understanding.unseen"
    assert areas["config-containers"].understanding.rubric == (
        "config-containers.understanding.unseen"
    )
