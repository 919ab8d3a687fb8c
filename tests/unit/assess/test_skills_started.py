"""An area whose only code is what its open findings report has started: it is "beginning",
not "not started", in Chinese as in English."""

from __future__ import annotations

from mentorbot.domain import SkillArea
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills

UPLOAD = b"""\
from qiniu import Auth

ACCESS_KEY = "kT3vQ9xLmP2wR7sZ4nB8cY1dF6gH0jKe"
SECRET_KEY = "Zp4Lq8Wn2Xr6Tv0Ys3Mb7Kc1Jd5Hf9Ga"


def token(bucket: str) -> str:
    return Auth(ACCESS_KEY, SECRET_KEY).upload_token(bucket)
"""


def _areas(sources: dict[str, bytes]) -> dict[str, SkillArea]:
    findings = review_sources(sources, with_ruff=False)
    matrix = assess_skills(analyze_sources(sources), findings, [], sorted(sources), [])
    return {area.key: area for area in matrix.areas}


def test_an_area_with_open_findings_only_is_beginning_not_unstarted() -> None:
    """Two hard-coded storage keys of a crawler left Security "未开始" (blind check c1)."""
    security = _areas({"crawler/upload.py": UPLOAD})["security"]

    assert security.score == 0
    assert security.code_quality.rubric == "security.code_quality.missing"
    assert [e.cite() for e in security.code_quality.evidence] == [
        "crawler/upload.py:3",
        "crawler/upload.py:4",
    ]
    assert (security.overall.zh, security.overall.en) == ("入门", "beginning")


def test_an_area_with_nothing_in_it_is_still_not_started() -> None:
    areas = _areas({"crawler/upload.py": UPLOAD})

    for key in ("testing", "error-handling", "background-jobs"):
        assert areas[key].score == 0
        assert (areas[key].overall.zh, areas[key].overall.en) == ("未开始", "not started")
