"""A learner's own study plan (Markdown) read as a ``Curriculum``.

Stages are the headings of the shallowest level at which at least two headings hold list items
(one heading is enough when the plan has a single stage); the list items and checkboxes under a
stage, at any depth, are its checklist — except those under a sub-heading that names topics
("主题", "知识点", "Topics", …), which become its topics. A stage's goal is the line that starts
with "目标" / "Goal", else its first paragraph, else its title.

An item gets an ``EvidenceQuery`` only when it clearly names something the scan can see (routes,
tests, Depends, Alembic migrations, Docker, CI, …); the rest are shown but never ticked, as the
curriculum loader expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mentorbot.curriculum.loader import ChecklistItem, Curriculum, EvidenceQuery, Stage
from mentorbot.domain import Text

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s+)?(.+?)\s*$")
_GOAL = re.compile(
    r"^\s*(?:\*\*)?(?:目标|学习目标|goal|objective)s?(?:\*\*)?\s*[:：]\s*(.+)$", re.I
)
_TOPICS = re.compile(r"主题|知识点|学习内容|内容|topics?|concepts?|what to learn", re.I)
_COUNT = re.compile(r"(\d+)\s*(?:个|条|项|\+)?")
_MARKUP = re.compile(r"\*\*|__|`")

_ROUTE_SIGNAL: dict[str, Any] = {"signal": "route"}

# (pattern over the item text, the query it clearly asks for); the first match wins.
_EVIDENCE_RULES: tuple[tuple[re.Pattern[str], dict[str, Any]], ...] = tuple(
    (re.compile(pattern, re.I), query)
    for pattern, query in (
        (r"response_model|响应模型", {"signal": "route", "data": {"response_model": "*"}}),
        (r"\bdepends\b|依赖注入|dependency injection", {"signal": "depends"}),
        (
            r"alembic|数据库迁移|迁移脚本|\bmigrations?\b",
            {
                "any_of": [
                    {"signal": "alembic-op"},
                    {"path_glob": ["alembic/versions/*.py", "migrations/versions/*.py"]},
                ]
            },
        ),
        (
            r"docker[- ]?compose|compose\.ya?ml",
            {
                "path_glob": [
                    "docker-compose.yml",
                    "docker-compose.yaml",
                    "compose.yml",
                    "compose.yaml",
                ]
            },
        ),
        (
            r"docker|容器化|容器",
            {"path_glob": ["Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile"]},
        ),
        (
            r"github actions|\bci\b|持续集成",
            {
                "path_glob": [
                    ".github/workflows/*.yml",
                    ".github/workflows/*.yaml",
                    ".gitlab-ci.yml",
                ]
            },
        ),
        (r"fixture", {"signal": "fixture"}),
        (r"testclient|测试客户端", {"signal": "test-client"}),
        (r"pytest|单元测试|测试用例|写测试|\btests?\b", {"signal": "test-function"}),
        (
            r"httpexception|异常处理器|exception handler",
            {
                "any_of": [
                    {"signal": "http-exception"},
                    {"signal": "error-response"},
                    {"signal": "exception-handler"},
                ]
            },
        ),
        (r"backgroundtasks|后台任务|background task|celery|arq\b", {"signal": "background-task"}),
        (
            r"streamingresponse|流式响应|streaming|websocket",
            {"any_of": [{"signal": "streaming-response"}, {"signal": "websocket"}]},
        ),
        (r"langgraph|智能体|\bagents?\b", {"signal": "agent-graph"}),
        (r"pgvector|向量检索|向量数据库|vector store|\brag\b", {"signal": "vector-store"}),
        (r"openai|langchain|大模型|\bllm\b", {"signal": "llm-call"}),
        (r"middleware|中间件", {"signal": "middleware"}),
        (r"\bjwt\b|oauth|认证|登录|鉴权|authentication", {"signal": "auth"}),
        (r"lifespan", {"signal": "lifespan"}),
        (r"pydantic-settings|basesettings|环境变量|\.env\b", {"signal": "settings"}),
        (r"\blogging\b|日志记录|记录日志", {"signal": "logging"}),
        (r"sqlalchemy|\borm\b|数据模型|数据表", {"signal": "orm-model"}),
        (r"pydantic|basemodel", {"signal": "pydantic-model"}),
        (
            r"类型注解|type hints?|type annotations?",
            {"skill": "code-quality.understanding", "level": "partial"},
        ),
        (r"docstring|文档字符串", {"signal": "module", "data": {"docstring": "*"}}),
        (r"\bawait\b|async def|异步函数|协程", {"signal": "async-def", "data": {"awaits": "*"}}),
        (r"路由|接口|端点|endpoints?|\broutes?\b|\bapis?\b", _ROUTE_SIGNAL),
    )
)


def evidence_query(item: str) -> EvidenceQuery | None:
    """The scan condition an item clearly names, with a count when it gives one ("3 个路由")."""
    for pattern, query in _EVIDENCE_RULES:
        if pattern.search(item):
            built = dict(query)
            count = _COUNT.search(item)
            if "signal" in built and count and 1 < int(count.group(1)) <= 100:
                built["min"] = int(count.group(1))
            return EvidenceQuery.model_validate(built)
    return None


@dataclass
class _Section:
    level: int
    title: str
    parent: _Section | None
    items: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)

    def all_items(self) -> Iterator[tuple[_Section, str]]:
        for item in self.items:
            yield self, item
        for child in self.children:
            yield from child.all_items()

    def depth_sections(self) -> Iterator[_Section]:
        yield self
        for child in self.children:
            yield from child.depth_sections()


def _outline(content: str) -> _Section:
    root = _Section(level=0, title="", parent=None)
    current = root
    fence: str | None = None
    for line in content.replace("\r\n", "\n").split("\n"):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            parent = current
            while parent.level >= level and parent.parent is not None:
                parent = parent.parent
            current = _Section(level=level, title=_clean(heading.group(2)), parent=parent)
            parent.children.append(current)
            continue
        item = _ITEM.match(line)
        if item:
            current.items.append(_clean(item.group(2)))
        elif line.strip() and not line.lstrip().startswith(("<!--", "|", ">")):
            current.paragraphs.append(line.strip())
    return root


def _clean(value: str) -> str:
    return _MARKUP.sub("", value).strip()


def _stage_sections(root: _Section) -> list[_Section]:
    """The headings of the shallowest level where at least two hold items (else where one does)."""
    sections = [s for s in root.depth_sections() if s.level > 0]
    by_level: dict[int, list[_Section]] = {}
    for section in sections:
        if any(True for _ in section.all_items()):
            by_level.setdefault(section.level, []).append(section)
    for minimum in (2, 1):
        for level in sorted(by_level):
            if len(by_level[level]) >= minimum:
                return by_level[level]
    return []


def _goal(section: _Section) -> str:
    for paragraph in section.paragraphs:
        goal = _GOAL.match(paragraph)
        if goal:
            return _clean(goal.group(1))
    return _clean(section.paragraphs[0]) if section.paragraphs else section.title


def _same(text: str) -> Text:
    """The learner wrote the plan in one language; it is shown as written in both."""
    return Text(zh=text, en=text)


def _stage(index: int, section: _Section) -> Stage:
    topics: list[Text] = []
    checklist: list[ChecklistItem] = []
    for owner, item in section.all_items():
        if owner is not section and _TOPICS.search(owner.title):
            topics.append(_same(item))
        else:
            checklist.append(ChecklistItem(text=_same(item), query=evidence_query(item)))
    return Stage(
        id=f"plan-stage-{index}",
        title=_same(section.title),
        goal=_same(_goal(section)),
        topics=tuple(topics),
        checklist=tuple(checklist),
    )


def parse_study_plan(content: str, source: str) -> Curriculum | None:
    """The plan as a ``Curriculum``; None when it has no heading with list items under it."""
    stages = _stage_sections(_outline(content))
    if not stages:
        return None
    return Curriculum(
        source=source,
        stages=tuple(_stage(index, section) for index, section in enumerate(stages, start=1)),
    )
