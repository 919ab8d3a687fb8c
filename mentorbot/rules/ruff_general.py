"""MB201: the general ruff checks worth a learner's attention (category ``other``).

Chosen for being real bugs or habits that bite, and quiet on idiomatic FastAPI/SQLAlchemy code:
F821 undefined name, F811 redefinition, F841 unused variable, F401 unused import, F632 ``is``
with a literal, PLR0124 a name compared with itself (``where(username == username)`` in a login
query is always true: it returns the first user, whoever logs in), B006 mutable default,
RUF006 un-kept ``create_task``, S307 ``eval``, S113 a
``requests`` call without a timeout (a scraper or a bot hangs on the first server that stalls).
Left out on purpose: B008 (``Depends(...)`` defaults are FastAPI's design), E711/E712
(``Model.deleted_at == None`` is how SQLAlchemy spells ``IS NULL``), B904 (``raise
HTTPException`` in ``except`` is idiomatic FastAPI; chaining is a nicety, not a lesson worth the
noise), S101 (asserts are what pytest tests are made of). F401/F811 are ignored in tests (pytest
fixtures are imported to be injected) and in ``__init__.py`` (re-exports; not an unused
well-known library there, which a package that holds its app imports to use), S113 in tests too (a
test's requests go to a stub); F401 also in a
migration's ``env.py`` (model imports there register the tables for autogenerate), in its revision
scripts (Alembic's template imports ``op`` and ``sa`` into each, used or not), in a module
``django-admin startapp`` wrote that nobody filled in (``admin.py``'s ``from django.contrib import
admin`` above ``# Register your models here.``), for a model imported into a module that
creates the tables from the metadata (the import registers the table: ``from app.models import
User`` before ``SQLModel.metadata.create_all``), in a module of
nothing but imports of the project's own modules (``app/db/all_models.py``, which
``alembic/env.py`` imports so that every model registers its table; a Celery worker's
``main.py`` importing its tasks: the imports are the module's whole purpose, ``_reexports``),
for a module imported for what importing it registers (``import handlers`` in a bot's
``main.py``: the package's handlers decorate themselves with the dispatcher; a Qt resource
module, ``import icons_rc``, registers its images), in a module
another one imports ``*`` from (every name it imports comes along) and for an import
the file serves by name in a ``"module:attribute"`` string (``uvicorn.run("main:app")`` in
``main.py`` after ``from app.api import app``). F821 is ignored for a name used only inside a
quoted annotation of an ORM relationship (``Relationship`` or ``relationship()`` to ``"Order"``
of another module, Tortoise's ``fields.ReverseRelation["Post"]``): SQLAlchemy, SQLModel and
Tortoise resolve those by class name, so no NameError ever comes of it. A quoted name elsewhere
(a pydantic schema's field) stays reported: pydantic cannot use a model whose forward reference
it cannot resolve.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from mentorbot.analysis.stack_imports import distribution_of
from mentorbot.domain import Severity, Text
from mentorbot.fact_values import django_stub
from mentorbot.rules import _ruff_general_case_sets as case_sets
from mentorbot.rules._reexports import imported_names
from mentorbot.rules.base import RUFF_NAME, STRING_LITERAL, RuffReport, Rule

SEVERITIES: dict[str, Severity] = {
    "F821": "high",
    "PLR0124": "high",
    "F811": "medium",
    "F632": "medium",
    "B006": "medium",
    "RUF006": "medium",
    "S307": "medium",
    "S113": "medium",
    "F841": "low",
    "F401": "low",
}
TEXTS: dict[str, Text] = {
    "F821": Text(
        zh="使用了未定义的名字 {names}，运行到这里会抛 NameError",
        en="undefined name {names}: NameError at run time",
    ),
    "F811": Text(
        zh="{names} 的重新定义覆盖了前一个从未使用的定义",
        en="redefinition of {names} hides an unused earlier definition",
    ),
    "PLR0124": Text(
        zh="{names}：一个名字在和自己比较，结果恒为真：`if` 的分支总会执行，查询条件等于没有过滤",
        en="{names} compares a name with itself, which is always true: an `if` on it always "
        "runs, and a query filtered by it matches every row",
    ),
    "F632": Text(
        zh="用 `is` / `is not` 比较字面量，结果不可靠，请改用 `==` / `!=`",
        en="`is` or `is not` compared with a literal; use `==` or `!=`",
    ),
    "B006": Text(
        zh="可变对象作为默认参数，会在多次调用之间共享",
        en="mutable default argument is shared between calls",
    ),
    "RUF006": Text(
        zh="`create_task` 的返回值没有保存，任务可能被垃圾回收中途丢弃",
        en="task from `create_task` is not kept and may be garbage-collected mid-flight",
    ),
    "S307": Text(zh="使用了 `eval`，可能执行任意代码", en="`eval` can run arbitrary code"),
    "S113": Text(
        zh="{names} 请求没有设置 timeout，服务器不响应时会一直等下去",
        en="{names} request without a timeout waits forever when the server does not answer",
    ),
    "F841": Text(
        zh="变量 {names} 赋值后从未使用", en="variable {names} is assigned but never used"
    ),
    "F401": Text(zh="导入了 {names} 但没有使用", en="{names} imported but never used"),
}
"""Texts of the codes we map; ``{names}`` lists the names ruff reports on the line."""
_TOPICS: dict[str, str] = {
    "F401": r"unused (?:[\w`'.]+ )?imports?|imports? (?:not|never) used"
    r"|(?:unnecessary|redundant) imports?"
    r"|clean ?ups?\b|cleaning up|tid(?:y|ied|ying) up|整理代码|清理"
    r"|(?:clean|tidy)(?:ed|ing)? ?up (?:the )?imports|(?:remove|drop|delete)[ds]? (?:the )?imports"
    r"|(?:未使用|没用|没有用到|无用|多余|多餘|未用到)的?(?:导入|導入|匯入|引用|import)",
    "F841": r"unused (?:local )?variables?|(?:未使用|没用|无用|多余|多餘)的?(?:变量|變數)"
    r"|clean ?ups?\b|cleaning up|tid(?:y|ied|ying) up|整理代码|清理",
    "F821": r"undefined (?:name|variable)s?|NameError|未定义|未定義",
    "F811": r"redefin(?:ed|es|ition)|duplicate (?:definition|function|import)s?|重复定义|重複定義",
    "B006": r"mutable default|可变默认|可變預設",
    "RUF006": r"create_task|task references?|fire[- ]and[- ]forget",
    "S307": r"(?<![\w.])eval(?![\w])",
    "S113": r"time ?outs?|超时|超時|逾時",
    "F632": r"compar\w* (?:with|to) (?:a )?literals?|`is`",
    "PLR0124": r"compar\w* .{0,30}(?:itself|the same name)|always true|和自己比较|恒为真",
}
"""What a commit message says when it fixes the problem of a code ("remove unused imports"; a
"cleanup" is how most learners describe dropping unused imports and variables): such a commit is
mined, and credited with that code's findings, though it calls itself no fix."""
_TOPIC_PATTERNS = {code: re.compile(words, re.IGNORECASE) for code, words in _TOPICS.items()}


def codes_named_in(subject: str) -> frozenset[str]:
    """The codes whose problem a commit's subject names."""
    return frozenset(code for code, topic in _TOPIC_PATTERNS.items() if topic.search(subject))


_NOT_IN_TESTS = frozenset({"F401", "F811", "S113"})
_ORM_RELATIONSHIP = re.compile(r"\b(Relationship|relationship)\(|\bMapped\[|\b\w*Relation\[")
_CREATES_TABLES = re.compile(r"\bmetadata\.create_all\b|\btarget_metadata\b")
_MIGRATION_SCRIPT = re.compile(r"(^|/)(alembic|migrations)/(env\.py|versions/[^/]+\.py)$")


def _quoted_only(name: str, line: str) -> bool:
    """Whether ``name`` appears on ``line`` inside string literals and nowhere else."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    quoted = any(word.search(match.group(2)) for match in STRING_LITERAL.finditer(line))
    return quoted and not word.search(STRING_LITERAL.sub("", line))


def _served_by_name(name: str, report: RuffReport) -> bool:
    """Whether the file names this import in a ``"module:attribute"`` string for itself, as
    ``uvicorn.run("main:app")`` does for ``from app.api import app`` in ``main.py``."""
    module = re.escape(PurePosixPath(report.path).stem)
    attribute = re.escape(name.rsplit(".", 1)[-1])
    served = re.compile(rf"""["'](?:[\w.]+\.)?{module}:{attribute}["']""")
    return any(served.search(line) for line in report.lines)


def _registers_table(name: str, report: RuffReport) -> bool:
    """Whether the import comes from a models module (``app.models.user.User``, ``.models``)
    into a file that creates the tables from the metadata: importing it is what puts its table
    there, so it is used."""
    parts = name.lstrip(".").split(".")
    modules = parts if parts[-1][:1].islower() else parts[:-1]
    if not any("model" in part.lower() and part.lower() != "sqlmodel" for part in modules):
        return False
    return any(_CREATES_TABLES.search(line) for line in report.lines)


def _named_in_a_relationship(name: str, report: RuffReport) -> bool:
    """Whether a relationship of the file names the imported class in a string
    (``relationship("Post", back_populates="owner")``): the import puts the class in the ORM's
    registry before the string is looked up, so removing it as unused breaks the mapping."""
    attribute = name.rsplit(".", 1)[-1]
    if not attribute[:1].isupper():
        return False  # ``back_populates="category"`` names an attribute, not the class
    named = re.compile(rf"\[?{re.escape(attribute)}(?:[.\]].*)?")
    return any(
        _ORM_RELATIONSHIP.search(line)
        and any(named.fullmatch(match.group(2)) for match in STRING_LITERAL.finditer(line))
        for line in report.lines
    )


def _library_import(name: str) -> bool:
    """A well-known library's name (``psycopg``, ``fastapi.Body``), which a package's
    ``__init__`` that holds the app imports to use, not to re-export."""
    return not name.startswith(".") and distribution_of(name.split(".", 1)[0]) is not None


def _keep(report: RuffReport) -> bool:
    code, path = report.code, report.path
    names = RUFF_NAME.findall(report.message)
    if code in _NOT_IN_TESTS and report.in_tests:
        return False
    if code in _NOT_IN_TESTS and path.endswith("__init__.py"):
        if not (code == "F401" and names and _library_import(names[0])):
            return False
    if code == "F401":
        if _MIGRATION_SCRIPT.search(path) or (names and _served_by_name(names[0], report)):
            return False
        if django_stub(path, report.lines):
            return False
        if names and _QT_RESOURCES.search(names[0]):
            return False
        return not (
            names
            and (_registers_table(names[0], report) or _named_in_a_relationship(names[0], report))
        )
    if code == "F821":
        relationship = _ORM_RELATIONSHIP.search(report.source_line) is not None
        return not (relationship and names and _quoted_only(names[0], report.source_line))
    if code == "F811" and (earlier := _EARLIER_LINE.search(report.message)):
        registered = _decorators(report.lines, int(earlier[1]))
        return not registered or registered == _decorators(report.lines, report.line)
    return True


_QT_RESOURCES = re.compile(r"(?:^|\.)\w+_rc$")
"""A Qt resource module (pyrcc5's ``icons_rc.py``): importing it registers the ``:/icons``
the style sheets and forms name, though nothing uses the module by name (blind check u1)."""
_EARLIER_LINE = re.compile(r"\bfrom line (\d+)")
MAX_DECORATOR_LINES = 12


def _decorators(lines: Sequence[str], line: int) -> str:
    """The decorators above the module-level definition at ``line``, as one line of code (""
    if none, or in a class).

    A bot's ``@dp.message(F.text == "a")`` or a route's ``@router.get("/a")`` registers its
    function, so it is not unused when a later one takes its name; the same decorator twice
    (one path registered twice) still hides the second handler. In a class the later
    definition replaces the earlier attribute, whatever registers it: two
    ``@field_validator`` methods of one name leave one validator."""
    if not 1 < line <= len(lines):
        return ""
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    if indent:
        return ""  # a class's attribute: the later one replaces it (a validator, a cog command)
    above: list[str] = []
    for number in range(line - 1, max(line - 1 - MAX_DECORATOR_LINES, 0), -1):
        text = lines[number - 1]
        stripped = text.strip()
        deeper = len(text) - len(text.lstrip()) > indent
        if not stripped or not (deeper or stripped.startswith(("@", ")"))):
            break
        above.append(stripped)
    block = list(reversed(above))
    return " ".join(block) if block and block[0].startswith("@") else ""


RULE = Rule(
    id="MB201",
    name="ruff-general",
    category="other",
    severity="low",
    area="code-quality",
    title=Text(zh="ruff 发现的常见问题", en="Common problems found by ruff"),
    explanation=Text(
        zh="这些是 ruff 报出的通用问题：有的是运行时才会炸的 bug（未定义的名字），有的是隐蔽的陷阱"
        "（可变默认参数、没有保存的后台任务），还有一些是让代码变难读的残留（没用到的导入和变量）。",
        en="General problems ruff reports: some are bugs that only explode at run time (an "
        "undefined name), some are subtle traps (a mutable default, a background task nobody "
        "keeps), and some are leftovers that make code harder to read (unused imports and "
        "variables).",
    ),
    fix=Text(
        zh="按每条提示修改；在编辑器里接入 ruff，并在提交前运行 `ruff check --fix`，"
        "大部分问题会自动修好。",
        en="Fix each as the message says; wire ruff into your editor and run `ruff check --fix` "
        "before committing — most of these fix themselves.",
    ),
    lesson=Text(
        zh="把 linter 当成一位随时在线的审阅者：它不累、不漏看，把精力留给真正需要人思考的问题。",
        en="Treat the linter as a reviewer who never tires and never skims, so your own "
        "attention goes to the questions that need a human.",
    ),
    message=Text(zh="ruff 提示：{what_zh}", en="ruff: {what_en}"),
    ruff_codes=tuple(SEVERITIES),
    ruff_severity=SEVERITIES,
    ruff_texts=TEXTS,
    keep_ruff=_keep,
    collect_signals=imported_names,
    bad=case_sets.BAD,
    good=case_sets.GOOD,
)
