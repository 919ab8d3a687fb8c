"""A learner's Markdown study plan becomes a Curriculum with evidence queries where clear."""

from __future__ import annotations

from mentorbot.knowledge.study_plan import evidence_query, parse_study_plan

PLAN = """\
# Alice 的学习计划

## 第一阶段：FastAPI 入门

目标：能独立写出一个带数据库的 CRUD 接口。

### 主题

- 路由与路径参数
- Pydantic 校验

### 检查清单

- [ ] 写出至少 3 个路由
- [x] 用 Depends 注入数据库会话
- [ ] 读完官方教程

## 第二阶段：数据库与部署

- [ ] 用 Alembic 管理数据库迁移
- [ ] 为每个接口写 pytest 测试
- [ ] 用 Docker 打包应用

```bash
# 这不是标题
- 这也不是清单项
```
"""


def test_stages_come_from_headings_with_items_and_keep_the_learners_words() -> None:
    curriculum = parse_study_plan(PLAN, "/notes/plan.md")

    assert curriculum is not None
    assert curriculum.source == "/notes/plan.md"
    assert [(s.id, s.title.zh, s.goal.zh) for s in curriculum.stages] == [
        ("plan-stage-1", "第一阶段：FastAPI 入门", "能独立写出一个带数据库的 CRUD 接口。"),
        ("plan-stage-2", "第二阶段：数据库与部署", "第二阶段：数据库与部署"),
    ]
    first, second = curriculum.stages
    assert [t.zh for t in first.topics] == ["路由与路径参数", "Pydantic 校验"]
    assert first.title.en == first.title.zh
    assert [item.text.zh for item in first.checklist] == [
        "写出至少 3 个路由",
        "用 Depends 注入数据库会话",
        "读完官方教程",
    ]
    assert [item.text.zh for item in second.checklist] == [
        "用 Alembic 管理数据库迁移",
        "为每个接口写 pytest 测试",
        "用 Docker 打包应用",
    ]


def test_items_that_name_code_get_queries_and_the_rest_none() -> None:
    curriculum = parse_study_plan(PLAN, "plan.md")
    assert curriculum is not None
    queries = [
        item.query.model_dump(exclude_defaults=True) if item.query else None
        for stage in curriculum.stages
        for item in stage.checklist
    ]

    assert queries == [
        {"signal": "route", "min": 3},
        {"signal": "depends"},
        None,
        {
            "any_of": (
                {"signal": "alembic-op"},
                {"path_glob": ("alembic/versions/*.py", "migrations/versions/*.py")},
            )
        },
        {"signal": "test-function"},
        {"path_glob": ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile")},
    ]


def test_english_items_map_too() -> None:
    query = evidence_query("Add a GitHub Actions workflow that runs the tests")
    assert query is not None
    assert query.path_glob == (
        ".github/workflows/*.yml",
        ".github/workflows/*.yaml",
        ".gitlab-ci.yml",
    )
    assert evidence_query("Declare a response_model on every route") is not None
    assert evidence_query("Read two chapters of Fluent Python") is None


def test_a_single_stage_plan_and_a_plan_without_items() -> None:
    single = parse_study_plan("# Week 1\n\n- [ ] write 5 tests with pytest\n", "w.md")
    assert single is not None
    assert [(s.title.en, len(s.checklist)) for s in single.stages] == [("Week 1", 1)]
    assert single.stages[0].checklist[0].query is not None
    assert single.stages[0].checklist[0].query.min == 5

    assert parse_study_plan("# Just prose\n\nNo lists here.\n", "p.md") is None
