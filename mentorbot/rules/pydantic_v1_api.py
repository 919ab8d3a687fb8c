"""MB104: pydantic v1 APIs in a project on pydantic v2 (deprecated, or removed outright).

Version-aware: when the manifests pin pydantic 1 (or a FastAPI/SQLModel old enough to imply it)
the v1 API is the right one and nothing is reported. ``.dict()`` / ``.json()`` / ``.copy()`` are
only reported on values known to be pydantic models — a parameter annotated with, or a local
built from, a pydantic class of the project — which needs the project's class list, or called
with options only pydantic's take (``.dict(exclude_unset=True)``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from mentorbot.analysis.python_facts_bases import FASTAPI_USERS_SCHEMAS
from mentorbot.domain import Signal, Text
from mentorbot.rules import _pydantic_cases as cases
from mentorbot.rules._derived_classes import (
    DERIVED_CLASS_SIGNAL,
    Paths,
    defined_in,
    resolve_derived,
)
from mentorbot.rules._model_receivers import instance_method_calls, type_at, typed_locals
from mentorbot.rules._names import (
    functions,
    last_part,
    last_parts,
    may_resolve_to,
    methods_of,
    module_of,
    qualified,
    qualified_in,
    walk_of,
)
from mentorbot.rules._pydantic_v1_names import (
    V1_ATTRIBUTES,
    V1_CLASS_METHODS,
    V1_CONFIG_KEYS,
    V1_FIELD_KEYWORDS,
    V1_FUNCTIONS,
    V1_INSTANCE_METHODS,
    V1_TYPE_HOOKS,
)
from mentorbot.rules._versions import declares_pydantic, pydantic_major
from mentorbot.rules.base import FileContext, FixHints, Hit, ProjectHit, Rule
from mentorbot.rules.project import PathsIndex, ProjectView

MODEL_METHOD_SIGNAL = "rule:model-method"
PYDANTIC_BASE_MODELS = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel"})
"""A value typed as pydantic's own ``BaseModel`` (``body: BaseModel`` of a generic helper) is a
model whatever its class: its ``.dict()`` is v1 API too."""
PYDANTIC_BASES = frozenset(
    {"pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.BaseSettings"}
    | {"pydantic_settings.BaseSettings", "sqlmodel.SQLModel", "pydantic.generics.GenericModel"}
    | {"beanie.Document", "beanie.odm.documents.Document", "odmantic.Model"}
    | {f"fastapi_users.schemas.{name}" for name in FASTAPI_USERS_SCHEMAS}
)
"""Pydantic's own bases and the models built on them (a beanie ``Document``, fastapi-users'
user schemas)."""
V1_DECORATORS = {
    "pydantic.validator": "@field_validator",
    "pydantic.root_validator": "@model_validator",
    "pydantic.class_validators.validator": "@field_validator",
}
V1_SHIMS = ("pydantic.v1", "langchain.pydantic_v1", "langchain_core.pydantic_v1")
"""Modules that hand out pydantic 1's API under pydantic 2: its validators there only work on
its own ``BaseModel``, and do nothing on pydantic 2's."""
V2_MODEL_BASES = frozenset({"pydantic.BaseModel", "pydantic.main.BaseModel"})
SETTINGS_BASES = frozenset({"pydantic.BaseSettings", "pydantic_settings.BaseSettings"})
V1_IMPORTS = {"pydantic.BaseSettings": "pydantic_settings.BaseSettings"}
CONFIG_CALLS = frozenset({"pydantic.ConfigDict", "pydantic_settings.SettingsConfigDict"})
FIELD_CALLS = frozenset(
    {"pydantic.Field", "pydantic.constr", "pydantic.conlist", "pydantic.conset"}
)
_CONFIG_CALL_ENDINGS = last_parts(CONFIG_CALLS)
_CALL_ENDINGS = last_parts(V1_FUNCTIONS) | last_parts(FIELD_CALLS) | frozenset(V1_CLASS_METHODS)


def _pydantic_classes(ctx: FileContext, roots: frozenset[str] = PYDANTIC_BASES) -> set[str]:
    """Classes of this file deriving, directly or through each other, from a pydantic base
    (or from one of ``roots``)."""
    classes = walk_of(ctx.tree, ast.ClassDef)
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node in classes:
            if node.name in found:
                continue
            bases = {qualified(base, ctx.imports) for base in node.bases}
            if bases & roots or bases & found:
                found.add(node.name)
                changed = True
    return found


def _hit(line: int, api: str, replacement: str) -> Hit:
    return Hit(line, {"api": api, "replacement": replacement})


def _config_hits(ctx: FileContext, pydantic_classes: set[str]) -> Iterator[Hit]:
    settings = _pydantic_classes(ctx, SETTINGS_BASES) if pydantic_classes else set()
    for node in walk_of(ctx.tree, ast.ClassDef, ast.Call):
        if isinstance(node, ast.ClassDef) and node.name in pydantic_classes:
            # A settings class's options (``env_file``) are keys of SettingsConfigDict only.
            config = "SettingsConfigDict" if node.name in settings else "ConfigDict"
            for item in node.body:
                if isinstance(item, ast.ClassDef) and item.name == "Config":
                    yield _hit(item.lineno, "class Config", f"model_config = {config}(...)")
        elif (
            isinstance(node, ast.Call)
            and may_resolve_to(node.func, _CONFIG_CALL_ENDINGS)
            and qualified(node.func, ctx.imports) in CONFIG_CALLS
        ):
            for keyword in node.keywords:
                if keyword.arg in V1_CONFIG_KEYS:
                    yield _hit(keyword.value.lineno, keyword.arg, V1_CONFIG_KEYS[keyword.arg])


def _call_hits(ctx: FileContext) -> Iterator[Hit]:
    kinds = (ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Attribute)
    for node in walk_of(ctx.tree, *kinds, ast.Call):
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic":
            for alias in node.names:
                replacement = V1_IMPORTS.get(f"pydantic.{alias.name}")
                if replacement:
                    yield _hit(node.lineno, f"pydantic.{alias.name}", replacement)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name in V1_TYPE_HOOKS and not isinstance(node, ast.ClassDef):
                yield _hit(node.lineno, node.name, V1_TYPE_HOOKS[node.name])
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = qualified(target, ctx.imports)
                if name in V1_DECORATORS:
                    yield _hit(decorator.lineno, f"@{last_part(name)}", V1_DECORATORS[name])
            if isinstance(node, ast.ClassDef):
                yield from _shim_validators(node, ctx)
        elif isinstance(node, ast.Attribute) and node.attr in V1_ATTRIBUTES:
            yield _hit(node.end_lineno or node.lineno, node.attr, V1_ATTRIBUTES[node.attr])
        elif isinstance(node, ast.Call):
            yield from _call_hit(node, ctx)


def _shim_validators(cls: ast.ClassDef, ctx: FileContext) -> Iterator[Hit]:
    """``@validator`` from a pydantic-1 shim (``from langchain.pydantic_v1 import validator``)
    on a model of pydantic 2's own ``BaseModel`` (blind check corpus 97)."""
    if not any(qualified(base, ctx.imports) in V2_MODEL_BASES for base in cls.bases):
        return
    for method in methods_of(cls):
        for decorator in method.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            module, _, name = qualified(target, ctx.imports).rpartition(".")
            if module in V1_SHIMS and f"pydantic.{name}" in V1_DECORATORS:
                yield _hit(decorator.lineno, f"@{name}", V1_DECORATORS[f"pydantic.{name}"])


def _call_hit(node: ast.Call, ctx: FileContext) -> Iterator[Hit]:
    func = node.func
    if isinstance(func, ast.Call):
        # A decorator applied by hand, v1's way of reusing a validator across fields:
        # ``_check_url = validator("url", allow_reuse=True)(check_url)``.
        name = qualified(func.func, ctx.imports)
        if name in V1_DECORATORS:
            yield _hit(node.lineno, f"{last_part(name)}(...)(...)", V1_DECORATORS[name])
        return
    if isinstance(func, ast.Attribute) and dumps_like_pydantic(node):
        line = func.end_lineno or node.lineno
        yield _hit(line, f".{func.attr}()", V1_INSTANCE_METHODS[func.attr])
        return
    if not may_resolve_to(func, _CALL_ENDINGS):
        return
    name = qualified(func, ctx.imports)
    if name in V1_FUNCTIONS:
        yield _hit(node.lineno, last_part(name), V1_FUNCTIONS[name])
    elif name in FIELD_CALLS:
        for keyword in node.keywords:
            if keyword.arg in V1_FIELD_KEYWORDS:
                yield _hit(keyword.value.lineno, f"{keyword.arg}=", V1_FIELD_KEYWORDS[keyword.arg])
    elif isinstance(func, ast.Attribute) and func.attr in V1_CLASS_METHODS:
        line = func.end_lineno or node.lineno
        yield _hit(line, f".{func.attr}()", V1_CLASS_METHODS[func.attr])


PYDANTIC_DUMP_KEYWORDS = frozenset(
    {"exclude_unset", "exclude_none", "exclude_defaults", "by_alias"}
)
"""Options only pydantic's ``.dict()`` and ``.json()`` take: whatever the receiver is typed as
(``update.dict(exclude_unset=True)`` of an unannotated parameter), it is a model."""


def dumps_like_pydantic(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("dict", "json")
        and any(keyword.arg in PYDANTIC_DUMP_KEYWORDS for keyword in call.keywords)
    )


def _check(ctx: FileContext) -> Iterator[Hit]:
    yield from _config_hits(ctx, _pydantic_classes(ctx))
    yield from _call_hits(ctx)


def _derived_classes(ctx: FileContext) -> Iterator[Signal]:
    own = _pydantic_classes(ctx)
    module = module_of(ctx.path)
    emitted: set[str] = set()
    for node in sorted(walk_of(ctx.tree, ast.ClassDef), key=lambda node: node.lineno):
        if node.name in own or not isinstance(node, ast.ClassDef):
            continue
        imported = [
            qualified_in(base, ctx.imports, module)
            for base in node.bases
            if (name := qualified(base, ctx.imports))
            and (("." in name and name not in PYDANTIC_BASES) or name in emitted)
        ]
        if not imported:
            continue
        emitted.add(node.name)
        config = next(
            (i.lineno for i in node.body if isinstance(i, ast.ClassDef) and i.name == "Config"),
            0,
        )
        data = {"bases": ",".join(imported), "config": "1" if config else ""}
        yield Signal(
            kind=DERIVED_CLASS_SIGNAL,
            line=config or node.lineno,
            name=node.name,
            data={key: value for key, value in data.items() if value},
        )


def _collect(ctx: FileContext) -> Iterator[Signal]:
    yield from _derived_classes(ctx)
    for function in functions(ctx.tree):
        calls = instance_method_calls(function, V1_INSTANCE_METHODS)
        typed = typed_locals(function, ctx) if calls else {}
        for method, receiver in calls:
            reference = type_at(typed.get(receiver, []), method.lineno)
            call = ctx.parents.get(id(method))
            if isinstance(call, ast.Call) and dumps_like_pydantic(call):
                continue  # reported by the file's own check, whatever its receiver
            if reference:
                yield Signal(
                    kind=MODEL_METHOD_SIGNAL,
                    line=method.end_lineno or method.lineno,
                    name=last_part(reference),
                    detail=method.attr,
                    data={"ref": reference},
                )


PYDANTIC_DOCUMENT_LIBRARIES = frozenset({"beanie", "bunnet", "odmantic"})
"""MongoDB mappers whose documents are pydantic models (mongoengine's are not)."""


def _models(project: ProjectView) -> PathsIndex:
    """Pydantic model and settings class name -> defining paths; a beanie ``Document`` is a
    pydantic model too (``user.dict()`` on one, corpus 83)."""
    models: PathsIndex = {}
    for kind in ("pydantic-model", "settings"):
        for path, signal in project.signals(kind):
            models.setdefault(signal.name, []).append(path)
    for path, signal in project.signals("document-model"):
        if signal.data.get("library") in PYDANTIC_DOCUMENT_LIBRARIES:
            models.setdefault(signal.name, []).append(path)
    return models


def derived_models(project: ProjectView) -> tuple[Paths, dict[str, list[str]]]:
    """The pydantic models and settings of the project, with the classes that derive from one
    across modules (``Student(PersonBase)``, ``PersonBase`` imported), however deep; and those
    derived ones alone."""
    own = project.lookup(_models)
    derived = resolve_derived(lambda name: own.get(name, ()), project.signals(DERIVED_CLASS_SIGNAL))

    def paths(name: str) -> Sequence[str]:
        return [*own.get(name, ()), *derived.get(name, ())]

    return paths, derived


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    own = project.lookup(_models)
    derived = project.targets(DERIVED_CLASS_SIGNAL)
    paths, resolved = derived_models(project) if derived else (lambda n: own.get(n, ()), {})
    for path, signal in derived:
        if signal.data.get("config") and path in resolved.get(signal.name, ()):
            api = {"api": "class Config", "replacement": "model_config = ConfigDict(...)"}
            yield ProjectHit(path, signal.line, api)
    for path, signal in project.targets(MODEL_METHOD_SIGNAL):
        reference = signal.data.get("ref", "")
        if reference in PYDANTIC_BASE_MODELS or defined_in(reference, paths):
            method = signal.detail
            yield ProjectHit(
                path,
                signal.line,
                {"api": f".{method}()", "replacement": V1_INSTANCE_METHODS[method]},
            )


def _applies(project: ProjectView) -> bool:
    """Under pydantic 2, unless no manifest decides and a settings class with no
    ``pydantic_settings`` anywhere shows code written for pydantic 1 (blind check corpus 99).
    The stack decides first: every project pass of the lesson miner asks."""
    if pydantic_major(project.stack) < 2:
        return False
    if declares_pydantic(project.stack) or not project.signals("settings"):
        return True
    return any(signal.name == "pydantic_settings" for _, signal in project.signals("import"))


FIX_HINTS = FixHints(
    removed=(
        r"\.(?:dict|json|copy|parse_obj|parse_raw|from_orm|schema_json|construct)\(",
        r"\.update_forward_refs\(|\borm_mode\b|^class\s+Config\b|@(?:root_)?validator\b",
        r"\bdef\s+__(?:get_validators|modify_schema)__\b",
        r"\b(?:regex|min_items|max_items|const|allow_mutation)\s*=",
    ),
    replaced_by=((r"^\s*class\s+Config\b", r"^\s*model_config\s*[:=]"),),
)
"""Its fixes replace the pydantic 1 call, option or decorator with its pydantic 2 name; a
``class Config`` may give way to a ``model_config`` written at the top of the class."""

RULE = Rule(
    id="MB104",
    name="pydantic-v1-api-in-v2",
    category="pydantic-v1-api-in-v2",
    severity="medium",
    test_severity="low",
    area="validation",
    title=Text(
        zh="在 Pydantic v2 项目里使用 v1 写法", en="Pydantic v1 API in a pydantic v2 project"
    ),
    explanation=Text(
        zh="这个项目用的是 Pydantic v2（依赖里写的是 v2，或者没有锁定旧版本，"
        "或者根本没有依赖清单，pip 装到的都是最新版，或者代码导入了只支持 v2 的 "
        "pydantic-settings），但代码还在用 v1 的写法。"
        "v1 的接口有的只打印弃用警告，有的（例如 "
        "`from pydantic import BaseSettings`、`Field(regex=...)`）在 v2 里直接报错；"
        "弃用的接口也会在下一个大版本里被删掉。",
        en="Pydantic v2 is what this project runs on (its dependencies say v2, or pin no older "
        "one, or there is no dependency list at all, so pip takes the latest, or its code "
        "imports pydantic-settings, which exists for v2 only), but the code uses the v1 API. "
        "Parts of that "
        "API only warn (deprecated); others fail outright in v2 (`from pydantic import "
        "BaseSettings`, `Field(regex=...)`), and the deprecated parts disappear in the next "
        "major release.",
    ),
    fix=Text(
        zh="按 v2 的名字替换：`@validator` → `@field_validator`，`class Config` → "
        "`model_config = ConfigDict(...)`，`orm_mode` → `from_attributes`，`.dict()` → "
        "`.model_dump()`，`.parse_obj()` → `.model_validate()`。"
        "官方的 bump-pydantic 工具能自动完成大部分。",
        en="Rename to the v2 API: `@validator` → `@field_validator`, `class Config` → "
        "`model_config = ConfigDict(...)`, `orm_mode` → `from_attributes`, `.dict()` → "
        "`.model_dump()`, `.parse_obj()` → `.model_validate()`. The official bump-pydantic "
        "tool does most of it for you.",
    ),
    lesson=Text(
        zh="看教程时先确认它对应的库版本。照抄旧教程很常见，养成对照官方迁移指南的习惯，能少踩很多坑。",
        en="Check which library version a tutorial was written for. Copying older tutorials is "
        "common; a habit of checking the official migration guide saves many surprises.",
    ),
    message=Text(
        zh="`{api}` 是 Pydantic v1 的写法，v2 中请改用 `{replacement}`",
        en="`{api}` is pydantic v1 API; in v2 use `{replacement}`",
    ),
    check_file=_check,
    check_project=_check_project,
    collect_signals=_collect,
    applies=_applies,
    bad=cases.BAD,
    good=cases.GOOD,
    fix_hints=FIX_HINTS,
)
