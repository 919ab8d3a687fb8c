"""Which classes MB102 counts as stored models, which of them only tie the API to the table when
a route answers with them, and the words of its message.

SQLModel ``table=True`` classes and Beanie/ODMantic documents are pydantic models: FastAPI
serialises them, so answering with one is a design smell (the API is the table) rather than a
leak, unless the class holds a field no client should see (``hashed_password``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from mentorbot.domain import Severity, Signal
from mentorbot.rules._names import walk
from mentorbot.rules.base import FileContext, ProjectHit
from mentorbot.rules.project import IndexBuilder, PathsIndex, ProjectView

SQLMODEL_TABLE_SIGNAL = "rule:sqlmodel-table"
"""A SQLModel ``table=True`` class."""
PRIVATE_FIELD_SIGNAL = "rule:private-field"
"""A class declaring a field no client should see (``data["field"]``), or on a base that does."""
PRIVATE_FIELD = re.compile(r"passw|secret|token|hash|api_?key|private", re.IGNORECASE)
PYDANTIC_DOCUMENTS = frozenset({"beanie", "bunnet", "odmantic"})
"""MongoDB mappers whose documents are pydantic models (MongoEngine's are not)."""


def _private_field(node: ast.ClassDef, classes: dict[str, ast.ClassDef], depth: int = 3) -> str:
    """The first field no client should see that the class declares, or a base class of the
    same file does (``UserBase`` holding ``hashed_password`` for ``User(UserBase, table=True)``)."""
    for item in node.body:
        if (
            isinstance(item, ast.AnnAssign)
            and isinstance(item.target, ast.Name)
            and PRIVATE_FIELD.search(item.target.id)
        ):
            return item.target.id
    bases = [
        classes[base.id] for base in node.bases if isinstance(base, ast.Name) and base.id in classes
    ]
    for base in bases if depth else ():
        found = _private_field(base, classes, depth - 1)
        if found:
            return found
    return ""


def stored_model_signals(ctx: FileContext) -> Iterator[Signal]:
    """The file's SQLModel tables, and its classes holding a private field."""
    classes = {node.name: node for node in ctx.tree.body if isinstance(node, ast.ClassDef)}
    for node in walk(ctx.tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if any(
            item.arg == "table" and isinstance(item.value, ast.Constant) and item.value.value
            for item in node.keywords
        ):
            yield Signal(kind=SQLMODEL_TABLE_SIGNAL, line=node.lineno, name=node.name)
        private = _private_field(node, classes)
        if private:
            yield Signal(
                kind=PRIVATE_FIELD_SIGNAL, line=node.lineno, name=node.name, data={"field": private}
            )


def stored_models(project: ProjectView) -> PathsIndex:
    """Stored model class name -> defining paths: ORM models and MongoDB documents."""
    orm_models: PathsIndex = {}
    for path, signal in [*project.signals("orm-model"), *project.signals("document-model")]:
        orm_models.setdefault(signal.name, []).append(path)
    return orm_models


def _kind_index(kind: str, *, public: bool) -> IndexBuilder:
    """The builder of name -> paths of the SQLModel tables (``kind`` "table") or of the Beanie
    and ODMantic documents ("document"); with ``public``, of those holding no private field."""

    def build(project: ProjectView) -> PathsIndex:
        private = {(path, s.name) for path, s in project.signals(PRIVATE_FIELD_SIGNAL)}
        if kind == "table":
            found = project.signals(SQLMODEL_TABLE_SIGNAL)
        else:
            found = [
                (path, signal)
                for path, signal in project.signals("document-model")
                if signal.data.get("library") in PYDANTIC_DOCUMENTS
            ]
        index: PathsIndex = {}
        for path, signal in found:
            if not public or (path, signal.name) not in private:
                index.setdefault(signal.name, []).append(path)
        return index

    return build


_KIND_INDEXES = {
    (kind, public): _kind_index(kind, public=public)
    for kind in ("table", "document")
    for public in (False, True)
}

ModelKind = tuple[str, bool]
"""What a stored model is ("table", "document", or "" for an ORM model) and whether answering
with it is public: a pydantic model with no private field."""


def model_kinds(project: ProjectView) -> Callable[[str], ModelKind]:
    """The ``ModelKind`` of a name, when every stored model of that name is of one kind."""
    stored = project.lookup(stored_models)

    def kind_of(name: str) -> ModelKind:
        paths = set(stored.get(name))
        for kind in ("table", "document"):
            if paths and paths <= set(project.lookup(_KIND_INDEXES[kind, False]).get(name)):
                return kind, paths <= set(project.lookup(_KIND_INDEXES[kind, True]).get(name))
        return "", False

    return kind_of


_NOUNS = {
    "": (" ORM 模型", "ORM model", "column"),
    "table": ("表模型", "table model", "column"),
    "document": ("文档模型", "document model", "field"),
}
"""What the models answered with are called (zh, en, what they hold), by ``model_kinds``."""


IN_A_DICT = "inside the dict it returns"
"""How MB102's message says the model is a value of the dict a route returns."""


def answer_hit(
    path: str,
    line: int,
    models: list[str],
    handler: str,
    kind_of: Callable[[str], ModelKind],
    helper: str = "",
    *,
    in_dict: bool = False,
) -> ProjectHit:
    """Low severity when every model is a pydantic one with no private field (it serialises,
    the harm is an API tied to the table): the message says so. ``in_dict``: the route returns
    the model as a value of a dict (``{"book": book}``), not as the answer itself."""
    kinds = [kind_of(model) for model in models]
    nouns = {noun for noun, _ in kinds}
    noun = nouns.pop() if len(nouns) == 1 else ""
    public = all(is_public for _, is_public in kinds)
    severity: Severity | None = "low" if public else None
    args = _answers(models, handler, helper, noun, public, in_dict)
    return ProjectHit(path, line, args, severity=severity)


def _answers(
    models: list[str], handler: str, helper: str, kind: str, public: bool, in_dict: bool
) -> dict[str, str]:
    """The message's words: the route answers with the models (itself, or inside the dict it
    returns), or hands them to a helper of the project that sends them (where a
    ``response_model`` would change nothing)."""
    noun_zh, noun_en, holds = _NOUNS[kind]
    store_zh = "文档" if kind == "document" else "表"
    names = "`、`".join(models)
    noun = f"{noun_en}s `{'`, `'.join(models)}`" if len(models) > 1 else f"{noun_en} `{names}`"
    them = "them" if len(models) > 1 else "it"
    if in_dict:
        where_zh, where_en = "放进返回的 dict 里", IN_A_DICT
    else:
        where_zh, where_en = "直接作为响应", "themselves" if len(models) > 1 else "itself"
    if helper:
        return {
            "handler": handler,
            "how_zh": f"把{noun_zh} `{names}` 交给 `{helper}`，由它把所有字段原样发给客户端；"
            "请先转换成 Pydantic 输出模型再交给它",
            "how_en": f"hands {noun} to `{helper}`, which sends every {holds} of {them}; "
            "give it a pydantic schema instead",
        }
    if public:
        return {
            "handler": handler,
            "how_zh": f"把{noun_zh} `{names}` {where_zh}交给客户端：能序列化，"
            f"但以后加到{store_zh}里的每个字段都会原样发给客户端；请改用单独的 Pydantic 输出模型"
            f"（如 `{models[0]}Public`）",
            "how_en": f"answers with {noun} {where_en}: "
            f"{'they serialise' if len(models) > 1 else 'it serialises'}, but every {holds} "
            f"later added to the {kind} reaches clients too; return a pydantic schema "
            f"(e.g. `{models[0]}Public`) instead",
        }
    return {
        "handler": handler,
        "how_zh": f"把{noun_zh} `{names}` {where_zh}交给客户端，请改用 Pydantic 输出模型",
        "how_en": f"answers with {noun} {where_en}; return a pydantic schema instead",
    }
