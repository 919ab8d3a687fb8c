"""MB102: a route answers with an ORM model: declared as its response model (``response_model=``
or ``->``), or returned from a route that declares none (``return db.query(User).first()``), which
FastAPI then serialises column by column, password hashes included.

Cross-file: the route and the model usually live in different files, so the per-file pass
records each response type with its fully qualified reference, and the project pass matches it
against the ORM models of the whole project (``schemas.Task`` is not ``models.Task``). A name
that came in through ``from x import *`` matches an ORM model only if no schema shares its name.
A route returning what a CRUD or repository function returns is followed into that function
(``_model_returns``). MongoDB documents count as ORM models. SQLModel ``table=True`` classes and
Beanie or ODMantic documents are pydantic models too: answering with one works, so it is
reported at low severity (every field the table gains reaches clients), unless the class
declares a field no client should see (``hashed_password``, ``api_token``): SQLModel's own
tutorial moves those tables behind a ``HeroPublic`` schema.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import keyword as keyword_value
from mentorbot.domain import Signal, Text
from mentorbot.rules import _await_value_cases as value_cases
from mentorbot.rules import _dependency_response_cases as dependency_cases
from mentorbot.rules import _document_response_cases as document_cases
from mentorbot.rules import _entered_session_cases as entered_cases
from mentorbot.rules import _orm_response_cases as cases
from mentorbot.rules import _service_layer_cases as service_cases
from mentorbot.rules import _tortoise_response_cases as tortoise_cases
from mentorbot.rules import _wrapped_response_cases as wrapped_cases
from mentorbot.rules._model_returns import (
    RETURNED_CALL_SIGNAL,
    class_bindings,
    model_returned_by,
    model_sources,
    returned_calls,
    returned_values,
)
from mentorbot.rules._model_sources import (
    annotation_names,
    bound_value,
    model_source,
    query_bindings,
)
from mentorbot.rules._names import (
    FunctionNode,
    dotted,
    last_part,
    module_level_names,
    module_matches,
    module_of,
    positional_params,
    qualified,
    star_imported,
)
from mentorbot.rules._response_wrappers import answers_with, response_wrappers, wrapped_calls
from mentorbot.rules._routes import route_decorator, route_handlers
from mentorbot.rules._stored_models import (
    answer_hit,
    model_kinds,
    stored_model_signals,
    stored_models,
)
from mentorbot.rules.base import Case, FileContext, FixHints, ProjectHit, Rule
from mentorbot.rules.project import ProjectView

RESPONSE_SIGNAL = "rule:response-type"
UNKNOWN_MODULE = "*"
"""Module part of a reference hidden behind ``from x import *``."""


def _returned_models(handler: FunctionNode) -> Iterator[tuple[int, ast.expr]]:
    """(line, model reference) of each ORM-looking value the handler returns as is, or as a
    value of the dict it returns: FastAPI serialises ``{"user": user}`` column by column too.
    A parameter is the class it is annotated with (``def create(hero: Hero): ... return hero``,
    a table model taken as the body and answered with)."""
    assigned = query_bindings(handler)
    annotated = {
        param.arg: declared
        for param in positional_params(handler)
        if (declared := _declared_class(param.annotation)) is not None
        and last_part(dotted(declared))[:1].isupper()
    }
    for line, value, _ in returned_values(handler):
        if isinstance(value, ast.Name) and value.id in annotated and value.id not in assigned:
            yield line, annotated[value.id]
            continue
        bound = bound_value(assigned, value) if isinstance(value, ast.Name) else value
        source = model_source(bound, assigned) if bound is not None else None
        if source is not None:
            yield line, source


def _declared_class(annotation: ast.expr | None) -> ast.Name | ast.Attribute | None:
    """The class a parameter is annotated with, through ``Annotated[User, Depends(...)]``."""
    if (
        isinstance(annotation, ast.Subscript)
        and last_part(dotted(annotation.value)) == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
        and annotation.slice.elts
    ):
        annotation = annotation.slice.elts[0]
    return annotation if isinstance(annotation, ast.Name | ast.Attribute) else None


def _collect(ctx: FileContext) -> Iterator[Signal]:
    own_module = module_of(ctx.path)
    unknown = star_imported(ctx.tree)
    local = module_level_names(ctx.tree)

    def qualify(reference: ast.expr) -> str:
        name = dotted(reference)
        if name.partition(".")[0] not in ctx.star_imports:
            name = qualified(reference, ctx.imports)
        if "." not in name:
            hidden = unknown and name not in local
            name = f"{UNKNOWN_MODULE if hidden else own_module}.{name}"
        return name

    yield from stored_model_signals(ctx)
    for handler in route_handlers(ctx.tree, ctx.imports):
        decorator = route_decorator(handler)
        declared = keyword_value(decorator, "response_model") if decorator else None
        if isinstance(declared, ast.Constant) and declared.value is None:
            continue
        expression = declared if declared is not None else handler.returns
        via = "response_model" if declared is not None else "return"
        found = [(reference.lineno, reference) for reference in annotation_names(expression)]
        in_dicts: set[int] = set()
        if expression is None:
            found, via = list(_returned_models(handler)), "returned"
            in_dicts = {line for line, _, in_dict in returned_values(handler) if in_dict}
            yield from returned_calls(handler, ctx, own_module)
            yield from wrapped_calls(handler, ctx, own_module)
        else:
            yield from wrapped_calls(handler, ctx, own_module, declared=True)
        for line, reference in found:
            name = qualify(reference)
            data = {"ref": name, "via": via}
            if line in in_dicts:
                data["in_dict"] = "1"
            yield Signal(
                kind=RESPONSE_SIGNAL,
                line=line,
                name=last_part(name),
                detail=handler.name,
                data=data,
            )
    yield from model_sources(ctx, _returned_models, qualify)
    yield from class_bindings(ctx, qualify)
    yield from response_wrappers(ctx)


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    orm_models = project.lookup(stored_models)
    schemas = project.names("pydantic-model")

    def is_orm(reference: str) -> bool:
        """A model of that name defined in the module named, or in a module of the package
        named (``from models import Category`` re-exported by ``models/__init__.py``) when no
        schema shares the name."""
        module, _, name = reference.rpartition(".")
        model_paths = orm_models.get(name)
        if module == UNKNOWN_MODULE:
            return bool(model_paths) and name not in schemas
        if any(module_matches(module, model_path) for model_path in model_paths):
            return True
        return name not in schemas and any(
            f".{module_of(model_path)}".find(f".{module}.") >= 0 for model_path in model_paths
        )

    kind_of = model_kinds(project)
    for path, signal in project.targets(RESPONSE_SIGNAL):
        if is_orm(signal.data.get("ref", "")):
            in_dict = signal.data.get("in_dict") == "1"
            yield answer_hit(
                path, signal.line, [signal.name], signal.detail, kind_of, in_dict=in_dict
            )
    for path, signal in project.targets(RETURNED_CALL_SIGNAL):
        if not answers_with(project, signal):
            continue
        models = [last_part(ref) for ref in model_returned_by(project, signal) if is_orm(ref)]
        if models:
            helper = last_part(signal.data.get("wrapper", ""))
            in_dict = signal.data.get("in_dict") == "1"
            unique = list(dict.fromkeys(models))
            yield answer_hit(
                path, signal.line, unique, signal.detail, kind_of, helper, in_dict=in_dict
            )


FIX_HINTS = FixHints(
    removed=(
        r"\bresponse_model\s*=",
        r"^@\w+\.(?:get|post|put|patch|delete|api_route)\(",
        r"->\s*(?:list\[)?(?!\w*(?:Read|Out|Schema|Response|Public|DTO)\b)[A-Z]\w*\]?\s*:\s*$",
    ),
    header=True,
)
"""Its fixes name a schema in the decorator (a route's decorator rewritten, often only to add
``response_model=``) or in the return annotation (``-> Task`` becomes ``-> TaskRead``)."""

RULE = Rule(
    id="MB102",
    name="orm-as-response-model",
    category="orm-as-response-model",
    severity="high",
    area="fastapi",
    title=Text(zh="把 ORM 模型当成了响应模型", en="ORM model used as the response model"),
    explanation=Text(
        zh="FastAPI 用响应模型来校验和序列化返回值，它需要的是 Pydantic 模型。把 ORM 类写成"
        "响应模型、直接返回 ORM 对象，或者把它放进返回的 dict 里，轻则启动或序列化时报错，"
        "重则把数据库里的每个字段（包括密码哈希、内部标记）原样暴露出去，"
        "而且表结构一改，API 的契约也跟着悄悄变了。",
        en="FastAPI validates and serialises the return value with the response model, which must "
        "be a pydantic model. Naming an ORM class there, returning an ORM object, or putting one "
        "in the dict a route returns either fails (at start-up or when serialising) or exposes "
        "every column (password hashes, internal flags) as-is, and ties your API contract to "
        "the table layout so a schema change silently changes the API.",
    ),
    fix=Text(
        zh="在 schemas 里为输出单独定义一个 Pydantic 模型（如 `TaskRead`），加上 "
        "`model_config = ConfigDict(from_attributes=True)`，然后在路由里写 "
        "`response_model=TaskRead` 或 `-> TaskRead`。",
        en="Define a pydantic output schema (e.g. `TaskRead`) with "
        "`model_config = ConfigDict(from_attributes=True)` and use it in the route: "
        "`response_model=TaskRead` or `-> TaskRead`.",
    ),
    lesson=Text(
        zh="数据库模型描述“怎么存”，API 模型描述“给别人看什么”。把两者分开，"
        "是后端分层最早也最有用的一步。",
        en="The database model says how data is stored; the API model says what others get to see. "
        "Keeping them apart is the first, most useful layering step in a backend.",
    ),
    message=Text(zh="路由 `{handler}` {how_zh}", en="route `{handler}` {how_en}"),
    check_project=_check_project,
    collect_signals=_collect,
    bad=(
        *entered_cases.RESPONSE_BAD,
        Case(
            files={"app/models.py": cases.MODELS, "app/routes/tasks.py": cases.BAD_ROUTES},
            hits=(("app/routes/tasks.py", 11), ("app/routes/tasks.py", 17)),
        ),
        Case(
            files={"app/models.py": cases.MODELS, "app/main.py": cases.STAR_IMPORT},
            hits=(("app/main.py", 9),),
        ),
        Case(
            files={"app/models.py": cases.MODELS, "app/main.py": cases.BAD_RETURNED},
            hits=(
                ("app/main.py", 17),
                ("app/main.py", 25),
                ("app/main.py", 35),
                ("app/main.py", 45),
                ("app/main.py", 50),
            ),
            note="ORM objects returned, alone or in a dict, from routes that declare no response "
            "model; one built empty and filled in field by field; a query run in a thread",
        ),
        Case(
            files={
                "app/models/__init__.py": cases.MODELS_PACKAGE,
                "app/models/user.py": cases.USER_MODELS,
                "app/repositories/users.py": cases.USER_REPOSITORY,
                "app/routes/users.py": cases.BAD_THROUGH_CALLS,
            },
            hits=tuple(("app/routes/users.py", line) for line in cases.THROUGH_CALLS_HITS),
            note="ORM users returned through a repository function and a DAO's class method",
        ),
        Case(
            files={"app/main.py": cases.SQLMODEL_USERS},
            hits=(("app/main.py", 17),),
            note="a SQLModel table whose base class holds a password hash, answered as it is",
        ),
        *wrapped_cases.BAD,
        *service_cases.BAD,
        *tortoise_cases.BAD,
        *tortoise_cases.DAO_BAD,
        *document_cases.BAD,
        *dependency_cases.BAD,
    ),
    good=(
        Case(
            files={
                "app/crud.py": value_cases.IMAGE_CRUD,
                "app/models.py": value_cases.IMAGE_MODELS,
                "app/routes.py": value_cases.IMAGE_ROUTES.replace("    return await", "    return"),
            },
            note="a route returning a coroutine function's call without await answers with "
            "a coroutine, not the model it would return (MB109 reports it)",
        ),
        Case(
            files={
                "app/models.py": cases.MODELS,
                "app/schemas.py": cases.SCHEMAS,
                "app/routes/tasks.py": cases.GOOD_ROUTES,
            }
        ),
        *document_cases.GOOD,
        Case(
            files={
                "app/models/__init__.py": cases.MODELS_PACKAGE,
                "app/models/user.py": cases.USER_MODELS,
                "app/repositories/users.py": cases.USER_REPOSITORY,
                "app/routes/users.py": cases.GOOD_THROUGH_CALLS,
            }
        ),
        Case(
            files={
                "app/models.py": cases.MODELS,
                "app/schemas.py": cases.SCHEMAS,
                "app/main.py": cases.GOOD_RETURNED,
            }
        ),
        *tortoise_cases.GOOD,
    ),
    fix_hints=FIX_HINTS,
)
