"""The built-in curriculum and practices load, in both languages, with evidence queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorbot.curriculum.loader import EvidenceQuery, load_curriculum, load_practices
from mentorbot.errors import ConfigError

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_builtin_curriculum_has_seven_bilingual_stages() -> None:
    curriculum = load_curriculum()

    assert curriculum.source == "builtin"
    assert [stage.id for stage in curriculum.stages] == [
        "python-foundations",
        "fastapi-core",
        "databases",
        "jobs-and-caching",
        "ai-agents-rag",
        "production-practice",
        "deployment",
    ]
    for stage in curriculum.stages:
        assert CJK.search(stage.title.zh) and stage.title.en.isascii()
        assert CJK.search(stage.goal.zh) and stage.goal.en
        assert len(stage.topics) >= 4
        assert all(CJK.search(topic.zh) and topic.en for topic in stage.topics)
        assert len(stage.checklist) >= 4
        assert sum(item.query is not None for item in stage.checklist) >= 3
        assert all(item.text.zh and item.text.en for item in stage.checklist)


def test_builtin_checklist_queries_are_declarative() -> None:
    stages = {stage.id: stage for stage in load_curriculum().stages}

    fastapi_queries = [item.query for item in stages["fastapi-core"].checklist]
    assert fastapi_queries[0] == EvidenceQuery(signal="route", min=3)
    assert fastapi_queries[1] == EvidenceQuery(signal="route", data={"response_model": "*"})
    migrations = stages["databases"].checklist[3].query
    assert migrations is not None
    assert migrations.any_of[1].path_glob == (
        "alembic/versions/*.py",
        "migrations/versions/*.py",
        "migrations/models/[0-9]*_*.py",
    )
    assert stages["jobs-and-caching"].checklist[2].query == EvidenceQuery(stack=("redis",))
    decorator = stages["python-foundations"].checklist[4]
    assert (decorator.query, decorator.found_only) == (EvidenceQuery(signal="decorator-def"), True)
    assert stages["python-foundations"].checklist[0].query == EvidenceQuery(
        skill="code-quality.understanding", level="partial"
    )


def test_a_learner_plan_loads_with_items_that_have_no_query(tmp_path: Path) -> None:
    plan = tmp_path / "my_plan.toml"
    plan.write_text(
        """
[[stage]]
id = "week-1"
title = { zh = "第一周", en = "Week 1" }
goal = { zh = "搭好接口", en = "Get the API up" }

[[stage.checklist]]
zh = "读完官方教程"
en = "Read the official tutorial"

[[stage.checklist]]
zh = "有 Dockerfile"
en = "A Dockerfile"
query = { path_glob = "Dockerfile" }
""",
        encoding="utf-8",
    )
    curriculum = load_curriculum(plan)

    assert curriculum.source == "my_plan.toml"
    stage = curriculum.stages[0]
    assert stage.topics == ()
    assert stage.checklist[0].query is None
    assert stage.checklist[1].query == EvidenceQuery(path_glob=("Dockerfile",))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[stage]\nid=", "not valid TOML"),
        ("title = 'no stages'\n", "at least one [[stage]]"),
        ("[[stage]]\nid = 'a'\n", "invalid curriculum"),
        (
            "[[stage]]\nid='a'\ntitle={zh='一',en='One'}\ngoal={zh='一',en='One'}\n"
            "[[stage]]\nid='a'\ntitle={zh='二',en='Two'}\ngoal={zh='二',en='Two'}\n",
            "stage ids must be unique",
        ),
        (
            "[[stage]]\nid='a'\ntitle={zh='一',en='One'}\ngoal={zh='一',en='One'}\n"
            "[[stage.checklist]]\nzh='类型'\nen='Types'\nquery={skill='typing.practice'}\n",
            "no skill area 'typing'",
        ),
        (
            "[[stage]]\nid='a'\ntitle={zh='一',en='One'}\ngoal={zh='一',en='One'}\n"
            "[[stage.checklist]]\nzh='类型'\nen='Types'\nquery={skill='code-quality.typing'}\n",
            "invalid curriculum",
        ),
    ],
)
def test_broken_curriculum_files_raise_config_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(content, encoding="utf-8")

    with pytest.raises(ConfigError, match=re.escape(message)):
        load_curriculum(plan)


def test_missing_curriculum_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape("cannot read nowhere.toml")):
        load_curriculum(tmp_path / "nowhere.toml")


def test_practices_cover_the_common_stack() -> None:
    practices = {practice_set.key: practice_set for practice_set in load_practices()}

    for key in (
        "fastapi",
        "sqlalchemy",
        "sqlmodel",
        "pydantic",
        "pydantic-v1",
        "alembic",
        "pytest",
        "celery",
        "redis",
        "docker",
        "langgraph",
        "langchain",
        "postgres",
    ):
        # What one project is told: a practice for an old pinned release replaces another.
        told = [p for p in practices[key].practices if "<" not in p.version]
        assert 2 <= len(told) <= 4, key
        assert all(CJK.search(p.zh) and p.en for p in practices[key].practices)
    assert "asyncpg" in practices["postgres"].aliases
