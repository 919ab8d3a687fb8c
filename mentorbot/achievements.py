"""What the learner has built, each item with the signals, files or commits that show it.

Only what exists is reported: an achievement with nothing to cite is never produced.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from mentorbot.achievement_parts import MAX_ACHIEVEMENT_EVIDENCE
from mentorbot.achievement_parts import cite as _cite
from mentorbot.achievement_parts import names as _names
from mentorbot.achievement_parts import plural as _plural
from mentorbot.achievement_parts import uncited as _uncited
from mentorbot.achievements_jobs import background_jobs, queue_consumers
from mentorbot.analysis.languages import PROSE_LANGUAGES, language_of
from mentorbot.analysis.python_facts_env import DOTENV_LOAD, ENVIRON_COPY
from mentorbot.domain import Achievement, Commit, FileAnalysis, StackItem, Text
from mentorbot.served_routes import served, unmounted_routers
from mentorbot.skills_areas_ops import (
    CI_FILES,
    COMPOSE_FILES,
    DOCKERFILES,
)
from mentorbot.skills_facts import Facts, Located, commit_evidence, file_evidence

MAX_FEATURE_COMMITS = 5
"""Feature commits cited; the log counts the rest ("and 1 more")."""
README_FILES = ("README", "README.md", "README.rst", "README.txt", "readme.md")
DOC_FILES = ("docs/*.md", "docs/*.rst", "doc/*.md")


def _routes(facts: Facts, kind: str, zh: str, en: str) -> Achievement | None:
    """Routes counted by view (``Facts.views``); ``zh`` and ``en`` name them (``API 端点``,
    ``API endpoint``). A test's stand-in app (a route in ``conftest.py``) serves no one."""
    unmounted = unmounted_routers(facts) if kind == "route" else set()
    routes = facts.views(
        kind, where=lambda item: not facts.in_tests(item.path) and served(item, unmounted)
    )
    if not routes:
        return None
    files = sorted({r.path for r in routes})
    left_out = facts.views(kind, where=lambda item: not served(item, unmounted))
    unserved_zh, unserved_en = "", ""
    if left_out:
        left_files = sorted({r.path for r in left_out})
        where = ", ".join(left_files)
        unserved_zh = f"（另有 {len(left_out)} 个在没有被任何应用 include 的路由里：{where}）"
        sits = "sits" if len(left_out) == 1 else "sit"
        routers = "a router" if len(left_files) == 1 else "routers"
        unserved_en = f" ({len(left_out)} more {sits} in {routers} no app includes: {where})"
    return Achievement(
        kind="endpoints" if kind == "route" else f"{kind}s",
        title=Text(
            zh=f"{len(routes)} 个{zh}，分布在 {len(files)} 个文件里{unserved_zh}",
            en=f"{_plural(len(routes), en)} across {_plural(len(files), 'file')}{unserved_en}",
        ),
        evidence=_cite(routes),
        uncited=_uncited(routes),
    )


GRAPHQL_OPERATIONS = (
    ("query", "个查询", "query", "queries"),
    ("mutation", "个变更", "mutation", "mutations"),
    ("subscription", "个订阅", "subscription", "subscriptions"),
)


def _graphql(facts: Facts) -> Achievement | None:
    """A GraphQL API: where it is served, and its operations by kind, each named ("GraphQL API
    at /graphql: 2 queries (books, quote), 1 mutation (add_book)"). A schema whose endpoint is
    not found is called a schema, not an API."""

    def built(item: Located) -> bool:
        return not facts.in_tests(item.path)

    endpoints = facts.signals("graphql-endpoint", where=built)
    operations = facts.signals("graphql-operation", where=built)
    if not endpoints and not operations:
        return None
    parts_zh: list[str] = []
    parts_en: list[str] = []
    for operation, zh, singular, plural in GRAPHQL_OPERATIONS:
        found = [item for item in operations if item.get("operation") == operation]
        if found:
            names = _names(found, limit=3)
            parts_zh.append(f"{len(found)} {zh}（{names.replace(', ', '、')}）")
            parts_en.append(f"{_plural(len(found), singular, plural)} ({names})")
    paths = list(dict.fromkeys(item.get("path") for item in endpoints if item.get("path")))
    served_zh = f" {'、'.join(paths)}" if paths else ""
    served_en = f" at {', '.join(paths)}" if paths else ""
    head_zh, head_en = (
        ("GraphQL 接口", "GraphQL API") if endpoints else ("GraphQL schema", "GraphQL schema")
    )
    zh = f"{head_zh}{served_zh}" + (f"：{'、'.join(parts_zh)}" if parts_zh else "")
    en = f"{head_en}{served_en}" + (f": {', '.join(parts_en)}" if parts_en else "")
    cited = [*endpoints, *operations]
    return Achievement(
        kind="graphql-api",
        title=Text(zh=zh, en=en),
        evidence=_cite(cited),
        uncited=_uncited(cited),
    )


def _simple(
    kind: str, items: Sequence[Located], zh: str, en: tuple[str, str]
) -> Achievement | None:
    """A count plus the names: ``{n}`` and ``{names}`` in the texts; ``en`` is (one, many)."""
    if not items:
        return None
    names = _names(items)
    english = en[0] if len(items) == 1 else en[1]
    return Achievement(
        kind=kind,
        title=Text(
            zh=zh.format(n=len(items), names=names), en=english.format(n=len(items), names=names)
        ),
        evidence=_cite(items),
        uncited=_uncited(items),
    )


def _migrations(facts: Facts) -> Achievement | None:
    revisions = facts.revision_files()
    if not revisions:
        return None
    first_op: dict[str, Located] = {}
    for op in facts.signals("alembic-op"):
        first_op.setdefault(op.path, op)
    evidence = tuple(
        first_op[path].evidence() if path in first_op else file_evidence(path, "revision")
        for path in revisions[:MAX_ACHIEVEMENT_EVIDENCE]
    )
    return Achievement(
        kind="migrations",
        title=Text(
            zh=f"{len(revisions)} 个数据库迁移版本",
            en=f"{_plural(len(revisions), 'database migration revision')}",
        ),
        evidence=evidence,
    )


def _tests(facts: Facts) -> Achievement | None:
    tests = facts.signals("test-function")
    if not tests:
        return None
    fixtures = facts.signals("fixture")
    files = sorted({t.path for t in tests})
    evidence = (*_cite(tests[:8]), *_cite(fixtures[:4]))
    fixtures_zh = f"、{len(fixtures)} 个 fixture" if fixtures else ""
    fixtures_en = f" and {_plural(len(fixtures), 'fixture')}" if fixtures else ""
    return Achievement(
        kind="tests",
        title=Text(
            zh=f"{len(tests)} 个测试函数{fixtures_zh}，分布在 {len(files)} 个测试文件",
            en=(
                f"{_plural(len(tests), 'test function')}{fixtures_en}"
                f" in {_plural(len(files), 'test file')}"
            ),
        ),
        evidence=evidence,
    )


def _is_document(path: str) -> bool:
    return language_of(path) in PROSE_LANGUAGES or path.rsplit("/", 1)[-1] in README_FILES


def _docs(facts: Facts) -> Achievement | None:
    readmes = [p for p in facts.paths if "/" not in p and p in README_FILES]
    pages = facts.paths_matching(*DOC_FILES)
    if not readmes and not pages:
        return None
    # A "docs" message that changed no document ("documents: read stats off the loop", the
    # documents API) is no evidence of documentation.
    doc_commits = [
        c for c in facts.commits if c.kind == "docs" and any(map(_is_document, c.files))
    ][:3]
    parts_zh = (["README"] if readmes else []) + ([f"{len(pages)} 篇 docs 文档"] if pages else [])
    parts_en = (["a README"] if readmes else []) + (
        [_plural(len(pages), "document") + " under docs/"] if pages else []
    )
    evidence = (
        *(file_evidence(p) for p in (readmes + pages)[:MAX_ACHIEVEMENT_EVIDENCE]),
        *(commit_evidence(c) for c in doc_commits),
    )
    return Achievement(
        kind="docs",
        title=Text(
            zh="文档：" + "、".join(parts_zh), en="Documentation: " + " and ".join(parts_en)
        ),
        evidence=evidence,
    )


def _containers(facts: Facts) -> Achievement | None:
    dockerfiles = facts.paths_matching(*DOCKERFILES)
    files = dockerfiles + facts.paths_matching(*COMPOSE_FILES)
    if not files:
        return None
    names = "、".join(p.rsplit("/", 1)[-1] for p in files[:4])
    # A compose file alone runs the services the app needs (a database, a cache); the app is
    # containerised only with a Dockerfile that builds it.
    title = (
        Text(zh=f"容器化：{names}", en=f"Containerised: {names.replace('、', ', ')}")
        if dockerfiles
        else Text(
            zh=f"用 Docker Compose 运行服务：{names}",
            en=f"Services run with Docker Compose: {names.replace('、', ', ')}",
        )
    )
    return Achievement(
        kind="containers",
        title=title,
        evidence=tuple(file_evidence(p) for p in files[:MAX_ACHIEVEMENT_EVIDENCE]),
    )


def _ci(facts: Facts) -> Achievement | None:
    workflows = facts.paths_matching(*CI_FILES)
    if not workflows:
        return None
    return Achievement(
        kind="ci",
        title=Text(
            zh=f"{len(workflows)} 条 CI 工作流", en=f"{_plural(len(workflows), 'CI workflow')}"
        ),
        evidence=tuple(file_evidence(p) for p in workflows[:MAX_ACHIEVEMENT_EVIDENCE]),
    )


def _llm(facts: Facts) -> Achievement | None:
    # A test that builds a toy graph or a fake model exercises the app; it is not one more
    # thing the learner built.
    def built(item: Located) -> bool:
        return not facts.in_tests(item.path)

    calls = facts.signals("llm-call", where=built)
    graphs = facts.signals("agent-graph", where=built)
    stores = facts.signals("vector-store", where=built)
    if not (calls or graphs or stores):
        return None
    # A model built (``ChatOpenAI(...)``) counts as much as a request sent: "places that use
    # an LLM", not "calls".
    zh_labels = ((calls, "处使用 LLM 的代码"), (graphs, "个 agent 图"))
    zh_parts = [f"{len(items)} {label}" for items, label in zh_labels if items]
    en_parts = [
        _plural(len(items), singular, plural)
        for items, singular, plural in (
            (calls, "place that uses an LLM", "places that use an LLM"),
            (graphs, "agent graph", "agent graphs"),
        )
        if items
    ]
    # One Chroma store opened in three retrievers is one store: count them by kind.
    kinds = list(dict.fromkeys(store.name for store in stores if store.name))
    if stores:
        zh_named = f"（{'、'.join(kinds)}）" if kinds else ""
        en_named = f" ({', '.join(kinds)})" if kinds else ""
        zh_parts.append(f"{len(kinds) or 1} 种向量库{zh_named}")
        en_parts.append(_plural(len(kinds) or 1, "vector store") + en_named)
    return Achievement(
        kind="llm",
        title=Text(
            zh="LLM / Agent：" + "、".join(zh_parts), en="LLM / agents: " + ", ".join(en_parts)
        ),
        evidence=_cite(calls[:4] + graphs[:4] + stores[:4]),
    )


def _settings(facts: Facts) -> Achievement | None:
    settings = facts.signals("settings", "config-class")
    if settings:
        return _simple(
            "settings",
            settings,
            "配置集中在配置类里：{names}",
            ("Configuration in a settings class: {names}",) * 2,
        )
    # ``load_dotenv()`` fills the environment and a copy of it names no setting: no count. A
    # variable read in four places is one setting, and a test's reads are the test's. A read
    # whose fallback is a hard-coded password is a finding, not an achievement.
    secret_at = {(f.path, f.line) for f in facts.findings if f.category == "hardcoded-secret"}
    reads = facts.signals(
        "env-config",
        where=lambda item: (
            item.name not in (DOTENV_LOAD, ENVIRON_COPY)
            and not facts.in_tests(item.path)
            and (item.path, item.line) not in secret_at
        ),
    )
    first_reads = list({item.name or item.cite(): item for item in reversed(reads)}.values())
    return _simple(
        "settings",
        first_reads[::-1],
        "{n} 项配置从环境变量读取",
        ("1 setting read from the environment", "{n} settings read from the environment"),
    )


def _features(facts: Facts, fixes: Collection[str]) -> Achievement | None:
    """Commits that say they add something; one found to fix a problem ("add timeout to the
    api request", a lesson of the same log) is no feature (blind check t1)."""
    features = [c for c in facts.commits if c.kind == "feat" and c.sha not in fixes]
    if not features:
        return None
    return Achievement(
        kind="features",
        title=Text(
            zh=f"{len(features)} 次功能提交", en=f"{_plural(len(features), 'feature commit')}"
        ),
        evidence=tuple(commit_evidence(c) for c in features[:MAX_FEATURE_COMMITS]),
        uncited=max(len(features) - MAX_FEATURE_COMMITS, 0),
    )


def find_achievements(
    analyses: Sequence[FileAnalysis],
    stack: Sequence[StackItem],
    paths: Sequence[str],
    commits: Sequence[Commit],
    fixes: Collection[str] = (),
) -> list[Achievement]:
    """Everything the repo shows was built, in a fixed order, each with its citations;
    ``fixes``: the commits the log's solved problems name."""
    facts = Facts(analyses, [f for a in analyses for f in a.findings], stack, paths, commits)
    found = (
        _routes(facts, "route", " API 端点", "API endpoint"),
        _routes(facts, "flask-route", " Flask 路由", "Flask route"),
        _routes(facts, "sanic-route", " Sanic 路由", "Sanic route"),
        _routes(facts, "aiohttp-route", " aiohttp 路由", "aiohttp route"),
        _routes(facts, "socket-handler", "实时端点", "realtime endpoint"),
        _routes(facts, "bot-handler", "机器人处理函数", "bot handler"),
        _routes(facts, "django-view", " Django 视图", "Django view"),
        _graphql(facts),
        _simple(
            "data-model",
            facts.signals("orm-model"),
            "数据模型：{n} 个 ORM 模型（{names}）",
            ("Data model: 1 ORM model ({names})", "Data model: {n} ORM models ({names})"),
        ),
        _simple(
            "schemas",
            facts.signals("pydantic-model"),
            "{n} 个 Pydantic 模型（{names}）",
            ("1 Pydantic model ({names})", "{n} Pydantic models ({names})"),
        ),
        _migrations(facts),
        _tests(facts),
        _docs(facts),
        _containers(facts),
        _ci(facts),
        background_jobs(facts),
        queue_consumers(facts),
        _llm(facts),
        _settings(facts),
        _features(facts, fixes),
    )
    return [achievement for achievement in found if achievement is not None]
