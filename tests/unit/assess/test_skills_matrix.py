"""The skill matrix of the hand-built scans: levels, citations, labels and rubric lines."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from mentorbot.render import area_level
from mentorbot.skills import assess_skills, level_label, rubric_line, rubric_lines
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    assess,
    cites,
    covered_api,
    finding,
    module,
    plan_files,
    sig,
    task_api,
)

DIMENSIONS = ("understanding", "practice", "code_quality", "best_practice")


def test_task_api_fastapi_cells_cite_the_routes() -> None:
    fastapi = assess(task_api())["fastapi"]

    assert fastapi.understanding.level == "good"
    assert fastapi.understanding.rubric == "fastapi.understanding.good"
    assert cites(fastapi.understanding) == ["app/main.py:38", "app/main.py:20", "app/main.py:30"]
    assert fastapi.practice.rubric == "fastapi.practice.good"
    assert cites(fastapi.practice) == ["app/main.py:20", "app/main.py:30", "app/main.py:38"]
    assert fastapi.practice.evidence[0].note == "route POST /tasks"
    assert fastapi.best_practice.level == "missing"
    assert fastapi.best_practice.rubric == "fastapi.best_practice.missing"
    assert fastapi.code_quality.rubric == "fastapi.code_quality.good"
    assert fastapi.score == 6
    # The legend's word for ✅, in Chinese as in English (it was 掌握 beside 扎实, blind check z2).
    assert fastapi.overall.zh == "扎实"
    assert fastapi.overall.en == "solid"


def test_task_api_findings_decide_code_quality() -> None:
    areas = assess(task_api())

    injection = areas["dependency-injection"]
    assert injection.code_quality.level == "partial"
    assert injection.code_quality.rubric == "dependency-injection.code_quality.partial"
    assert cites(injection.code_quality) == ["app/crud.py:9"]
    assert injection.code_quality.evidence[0].note == "MB103 session-per-function (medium)"
    assert injection.best_practice.rubric == "dependency-injection.best_practice.good"
    assert cites(injection.best_practice) == ["app/main.py:21", "app/main.py:31", "app/main.py:39"]

    errors = areas["error-handling"]
    assert [getattr(errors, d).level for d in DIMENSIONS] == [
        "partial",
        "partial",
        "partial",
        "partial",
    ]
    assert cites(errors.understanding) == ["app/main.py:42", "app/crud.py:14"]
    assert cites(errors.code_quality) == ["app/crud.py:15"]
    assert errors.overall.en == "basic"


def test_task_api_database_and_async_cells() -> None:
    areas = assess(task_api())

    database = areas["database"]
    assert database.understanding.rubric == "database.understanding.good"
    assert cites(database.understanding) == [
        "app/models.py:10",
        "app/database.py:6",
        "app/models.py:22",
    ]
    assert cites(database.practice) == ["app/models.py:10", "app/models.py:22", "app/models.py:35"]
    assert database.best_practice.rubric == "database.best_practice.good"
    assert cites(database.best_practice) == ["app/database.py:6", "app/database.py:7"]
    assert database.score == 8
    assert database.overall.zh == "熟练"

    asynchronous = areas["async"]
    assert asynchronous.understanding.rubric == "async.understanding.good"
    assert cites(asynchronous.understanding) == [
        "app/crud.py:8",
        "app/main.py:20",
        "app/main.py:30",
    ]
    assert asynchronous.best_practice.rubric == "async.best_practice.good"

    validation = areas["validation"]
    assert validation.understanding.rubric == "validation.understanding.good"
    assert cites(validation.understanding) == ["app/schemas.py:5", "app/schemas.py:12"]
    assert validation.practice.rubric == "validation.practice.partial"
    assert validation.score == 7


def test_task_api_absent_areas_are_not_seen_without_evidence() -> None:
    areas = assess(task_api())

    migrations = areas["migrations"]
    assert migrations.understanding.level == "missing"
    assert migrations.understanding.rubric == "migrations.understanding.unseen"
    assert migrations.understanding.evidence == ()
    assert migrations.code_quality.rubric == "migrations.code_quality.partial"
    assert cites(migrations.code_quality) == ["app/models.py:10"]
    assert migrations.overall.en == "beginning"

    testing = areas["testing"]
    assert testing.practice.rubric == "testing.practice.unseen"
    assert cites(testing.code_quality) == ["app/main.py:1"]

    for key in ("background-jobs", "llm-agents", "config-containers"):
        assert areas[key].score == 0
        assert areas[key].overall.zh == "未开始"
        assert all(getattr(areas[key], d).evidence == () for d in DIMENSIONS)


def test_task_api_matrix_overall_averages_relevant_areas() -> None:
    scan = task_api()
    matrix = assess_skills(scan.analyses, scan.findings, scan.stack, scan.paths, scan.commits)

    assert matrix.overall.zh == "基础（11 个相关领域平均 4.5/8 分）"
    assert matrix.overall.en == "basic (average 4.5/8 over 11 relevant areas)"


def test_fixtures_that_no_test_uses_are_a_start_not_a_best_practice() -> None:
    scan = task_api()
    scan.analyses.append(
        analysis(
            "tests/conftest.py",
            sig("fixture", 9, "client", scope="function"),
            sig("test-client", 11, "TestClient"),
        )
    )
    scan.paths.append("tests/conftest.py")

    testing = assess(scan)["testing"]

    assert [getattr(testing, d).rubric for d in ("understanding", "practice", "best_practice")] == [
        "testing.understanding.partial",
        "testing.practice.unseen",
        "testing.best_practice.unseen",
    ]
    assert cites(testing.understanding) == ["tests/conftest.py:9"]
    line = rubric_line(testing.understanding.rubric)
    assert (
        line.en
        == "Testing has started: test functions without fixtures, or fixtures no test uses yet"
    )


def test_covered_api_testing_and_migrations_are_proficient() -> None:
    areas = assess(covered_api())

    testing = areas["testing"]
    assert [getattr(testing, d).level for d in DIMENSIONS] == ["good"] * 4
    assert cites(testing.understanding) == [
        "tests/conftest.py:9",
        "tests/test_tasks.py:5",
        "tests/test_tasks.py:11",
    ]
    assert testing.best_practice.rubric == "testing.best_practice.good"
    assert cites(testing.best_practice) == ["tests/conftest.py:9", "tests/conftest.py:11"]

    migrations = areas["migrations"]
    assert migrations.understanding.rubric == "migrations.understanding.good"
    assert cites(migrations.understanding) == [
        "alembic/versions/0002_index_status.py:12",
        "alembic/versions/0002_index_status.py:13",
    ]
    assert cites(migrations.practice) == [
        "alembic/versions/0001_create_tasks.py:14",
        "alembic/versions/0002_index_status.py:12",
    ]
    assert migrations.best_practice.rubric == "migrations.best_practice.good"
    assert migrations.score == 8


def test_covered_api_idioms_files_and_high_finding() -> None:
    areas = assess(covered_api())

    fastapi = areas["fastapi"]
    assert fastapi.best_practice.rubric == "fastapi.best_practice.good"
    assert cites(fastapi.best_practice) == ["app/routes.py:6", "app/main.py:12", "app/main.py:20"]

    config = areas["config-containers"]
    assert config.practice.rubric == "config-containers.practice.good"
    assert cites(config.practice) == ["Dockerfile", ".github/workflows/ci.yml"]
    assert config.best_practice.rubric == "config-containers.best_practice.good"
    assert cites(config.best_practice) == ["app/config.py:8", ".env.example"]

    errors = areas["error-handling"]
    assert errors.understanding.rubric == "error-handling.understanding.held"
    assert cites(errors.understanding) == ["app/errors.py:4"]
    assert errors.best_practice.rubric == "error-handling.best_practice.good"
    assert errors.code_quality.level == "missing"
    assert errors.code_quality.rubric == "error-handling.code_quality.missing"
    assert cites(errors.code_quality) == ["app/routes.py:30"]


def test_a_high_finding_of_its_own_holds_an_area_below_solid() -> None:
    """A bot awaited in every handler and had dozens of async functions, and 31 calls that block
    the event loop: its Async Python was "solid". Understanding and practice now count as
    partial while such a finding is open; another area's finding in the same files holds
    nothing."""
    scan = task_api()
    before = assess(scan)["async"]
    assert (before.understanding.level, before.practice.level) == ("good", "good")
    blocking = finding("MB101", "blocking-call-in-async", "high", "app/main.py", 21)
    secret = finding("MB107", "hardcoded-secret", "high", "app/main.py", 3)

    areas = assess(replace(scan, findings=[*scan.findings, blocking, secret]))

    asynchronous = areas["async"]
    assert asynchronous.understanding.rubric == "async.understanding.held"
    assert asynchronous.understanding.level == "partial"
    assert cites(asynchronous.understanding) == cites(before.understanding)
    assert asynchronous.practice.rubric == "async.practice.held"
    assert asynchronous.best_practice == before.best_practice
    assert asynchronous.score <= 4
    assert asynchronous.overall.en == "basic"
    assert areas["fastapi"].understanding.rubric == "fastapi.understanding.good"
    held = rubric_line("async.understanding.held")
    assert held.level == "partial"
    assert "high severity" in held.en


def test_one_good_cell_beside_three_partial_ones_is_basic_not_solid(tmp_path: Path) -> None:
    """A single async route that awaits once scores 5 (three partial cells, one good): the
    log called Async Python "✅ solid" (blind check b1). Solid needs half the cells good."""
    sources = {
        "requirements.txt": b"fastapi==0.115.0\n",
        "main.py": (
            b"import asyncio\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
            b'@app.get("/")\nasync def home() -> dict[str, str]:\n'
            b'    await asyncio.sleep(0.05)\n    return {"status": "ok"}\n'
        ),
    }

    asynchronous = next(a for a in plan_files(tmp_path, sources).skills.areas if a.key == "async")

    assert [getattr(asynchronous, d).level for d in DIMENSIONS].count("good") == 1
    assert asynchronous.score == 5
    assert asynchronous.overall.en == "basic"
    assert area_level(asynchronous) == "partial"


def test_queries_built_from_strings_count_in_the_database_code_quality(tmp_path: Path) -> None:
    """A contact book whose only two queries were injections had "ORM and data model design:
    code quality ✅" and was the one thing that went well (blind check b1)."""
    sources = {
        "contacts.py": (
            b'import sqlite3\n\nconn = sqlite3.connect("contacts.db")\ncursor = conn.cursor()\n\n\n'
            b"def add_contact(name: str) -> None:\n"
            b"    cursor.execute(f\"INSERT INTO contacts VALUES ('{name}')\")\n"
            b"    conn.commit()\n"
        ),
    }

    planned = plan_files(tmp_path, sources)
    database = next(a for a in planned.skills.areas if a.key == "database")

    assert database.code_quality.rubric == "database.code_quality.missing"
    assert cites(database.code_quality) == ["contacts.py:8"]
    assert "sql-string-formatting" in rubric_line("database.code_quality.missing").en
    assert not any("ORM" in strength.en for strength in planned.plan.strengths)


def test_a_database_client_with_no_data_model_is_not_a_solid_data_model(tmp_path: Path) -> None:
    """A Streamlit page's one ``MongoClient``, its documents read as dicts, was "ORM and data
    model design ✅ solid", the first concept shown and the one thing that went well: the
    client's best practice and its line's lack of findings were two good cells of an area
    with no model in it (blind check p1)."""
    sources = {
        "page.py": (
            b"import pandas as pd\nimport streamlit as st\nfrom pymongo import MongoClient\n\n\n"
            b"@st.cache_data\ndef load_data() -> pd.DataFrame:\n"
            b'    client = MongoClient(st.secrets["mongo"]["uri"])\n'
            b'    rows = list(client["energy"]["production"].find())\n'
            b'    return pd.DataFrame(rows).drop(columns=["_id"])\n\n\n'
            b"st.dataframe(load_data())\n"
        ),
    }

    planned = plan_files(tmp_path, sources)
    database = next(a for a in planned.skills.areas if a.key == "database")

    assert database.best_practice.rubric == "database.best_practice.partial"
    assert cites(database.best_practice) == ["page.py:8"]
    assert database.overall.en == "basic"
    assert not any("ORM" in strength.en for strength in planned.plan.strengths)


def test_empty_repo_is_not_started_everywhere() -> None:
    matrix = assess_skills([], [], [], [], [])

    assert all(area.score == 0 for area in matrix.areas)
    assert matrix.overall.en.startswith("not started")
    assert matrix.overall.zh.startswith("未开始")


def test_level_labels_follow_the_score_bands() -> None:
    labels = [level_label(score).en for score in range(9)]

    assert labels == [
        "not started",
        "beginning",
        "beginning",
        "basic",
        "basic",
        "solid",
        "solid",
        "proficient",
        "proficient",
    ]
    assert level_label(7).zh == "熟练"
    assert level_label(3).zh == "基础"


def test_every_rubric_line_reads_on_its_own() -> None:
    """The appendix lists only the lines that decided a cell: "Only one of those two holds"
    (上面两条只满足一条) pointed at lines the log never showed (blind check z2)."""
    for line in rubric_lines():
        assert not re.search(r"\bth(?:ose|ese two|e above)\b(?!:)", line.en), line.id
        assert not re.search("上面|上述|以上", line.zh), line.id


def test_rubric_covers_every_area_and_every_decided_cell() -> None:
    lines = rubric_lines()
    ids = [line.id for line in lines]
    areas = sorted({line.area for line in lines})

    assert len(ids) == len(set(ids))
    assert len(areas) == 13
    assert {"async", "fastapi", "llm-agents", "background-jobs", "config-containers"} <= set(areas)
    for line in lines:
        assert line.id == f"{line.area}.{line.dimension}.{line.id.rsplit('.', 1)[1]}"
        assert line.zh.strip() and line.en.strip()
        if line.id.endswith(".unseen"):
            assert line.level == "missing"
            assert line.en.startswith("Not seen in this repo yet")
            assert "还没有" in line.zh
    for scan in (task_api(), covered_api()):
        for area in assess(scan).values():
            for dimension in DIMENSIONS:
                cell = getattr(area, dimension)
                assert rubric_line(cell.rubric).level == cell.level
                assert rubric_line(cell.rubric).dimension == dimension


def test_rubric_states_the_fastapi_practice_threshold() -> None:
    line = rubric_line("fastapi.practice.good")

    assert line.en == "≥ 3 routes, at least one with a response_model"
    assert line.zh == "≥ 3 个路由，且至少一个声明了 response_model"


def test_code_quality_cites_the_best_typed_module_then_the_least_with_neutral_notes() -> None:
    """The notes are neutral in the JSON ("annotated-functions 0/3"); the log words them in its
    language (test_render), so a Chinese log does not read "0/3 functions fully annotated". A
    partial cell shows the skill first: "Concepts you have shown" cited a module with 0 of 10
    functions typed as the concept shown."""
    scan = Scan(
        analyses=[
            analysis("app/main.py", module(4, 4, False)),
            analysis("app/crud.py", module(3, 0, False)),
            analysis("app/jobs.py", module(4, 1, False)),
        ],
        findings=[],
        stack=[],
        paths=["app/main.py", "app/crud.py", "app/jobs.py"],
    )
    quality = assess(scan)["code-quality"]

    assert quality.understanding.rubric == "code-quality.understanding.partial"
    assert [(e.cite(), e.note) for e in quality.understanding.evidence] == [
        ("app/main.py", "annotated-functions 4/4"),
        ("app/crud.py", "annotated-functions 0/3"),
        ("app/jobs.py", "annotated-functions 1/4"),
    ]
    assert quality.practice.rubric == "code-quality.practice.missing"
    assert [e.note for e in quality.practice.evidence] == ["no-docstring"] * 3
