"""Which base makes a class an ORM model, a pydantic model, settings or an exception: by the
bases' names as this file imports or declares them; and what a class body tells beside its
bases (a nested ``class Config``, a body of ``class Meta`` only, the names it assigns)."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from mentorbot.analysis.python_facts_storage import PEEWEE_LIBRARIES
from mentorbot.analysis.python_facts_support import FileState, dotted, last_name

DECLARATIVE_BASES = frozenset({"DeclarativeBase", "DeclarativeBaseNoMeta"})
DECLARING_DECORATORS = frozenset({"as_declarative"})
"""SQLAlchemy's class decorator that makes a plain class the declarative base of the models."""
ORM_MODEL_BASES = frozenset({"db.Model", "models.Model"})
NOT_ORM_LIBRARIES = frozenset({"keras", "tensorflow", "torch", "cassandra"})
"""Libraries with a ``Model`` class that maps no relational table (cqlengine's is Cassandra's)."""
PYDANTIC_BASES = frozenset({"BaseModel", "RootModel", "GenericModel"})
FASTAPI_USERS_SCHEMAS = frozenset({"BaseUser", "BaseUserCreate", "BaseUserUpdate"})
"""fastapi-users' user schemas (``schemas.BaseUser[uuid.UUID]``): pydantic models."""


TABLE_NAMES = frozenset({"__tablename__", "__table__", "__table_args__", "__abstract__"})
COLUMN_CALLS = frozenset(
    {"Column", "mapped_column", "relationship", "column_property", "synonym", "composite"}
)
"""What declares a mapped attribute in a SQLAlchemy class body (``db.Column`` included)."""


def orm_base_of(
    node: ast.ClassDef, texts: list[str], lasts: list[str], table: bool, state: FileState
) -> str | None:
    for text, last in zip(texts, lasts, strict=True):
        if table and (last == "SQLModel" or text in state.sqlmodel_classes):
            return text
        if text in state.orm_bases or text in ORM_MODEL_BASES:
            return text
        if text in state.orm_models and text not in state.sqlmodel_classes:
            return text
        if text == "Base" and text not in state.declared_classes and _maps_a_table(node):
            return text
        if (
            text == "Model"
            and text not in state.declared_classes
            and state.library_of("Model") not in NOT_ORM_LIBRARIES
            and (_maps_a_table(node) or meta_only(node))
        ):
            return text
    return None


def _maps_a_table(node: ast.ClassDef) -> bool:
    """Whether a class on a base known only by its name (``Base``, ``Model`` imported from the
    project) declares a table: a table name, a column, a relationship, a ``Mapped[...]``
    annotation or ORM field calls. A password generator on the project's own plain ``class
    Base:`` declares none (blind check b1)."""
    for item in node.body:
        if isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            if any(isinstance(t, ast.Name) and t.id in TABLE_NAMES for t in targets):
                return True
            if isinstance(item, ast.AnnAssign) and "Mapped" in ast.unparse(item.annotation):
                return True
            value = item.value
            if isinstance(value, ast.Call) and last_name(value.func) in COLUMN_CALLS:
                return True
    return _orm_fields(node)


DOCUMENT_BASES = {
    "beanie": frozenset({"Document"}),
    "bunnet": frozenset({"Document"}),
    "mongoengine": frozenset({"Document", "DynamicDocument"}),
    "odmantic": frozenset({"Model"}),
}
"""MongoDB object-document mappers and the base classes of their stored documents."""


EXTENSION_DOCUMENTS = frozenset({"Document", "DynamicDocument", "EmbeddedDocument"})
"""Flask-MongoEngine's bases, reached through the extension's object: ``db.Document``."""


def document_base_of(
    node: ast.ClassDef, texts: list[str], lasts: list[str], state: FileState
) -> tuple[str, str] | None:
    """``(base, library)`` of a MongoDB document class (a Beanie ``Document``, an ODMantic
    ``Model``, or a class of this file on one), else None. A ``db.Document`` whose fields are
    MongoEngine's field calls (``db.StringField()``) is Flask-MongoEngine's, wherever ``db``
    was made."""
    for text, last in zip(texts, lasts, strict=True):
        if text in state.document_classes:
            return text, state.document_classes[text]
        library = state.library_of(text)
        if last in DOCUMENT_BASES.get(library, ()):
            return text, library
        if last in EXTENSION_DOCUMENTS and "." in text and _orm_fields(node):
            return text, "mongoengine"
    return None


def settings_base_of(texts: list[str], lasts: list[str], state: FileState) -> str | None:
    for text, last in zip(texts, lasts, strict=True):
        if last == "BaseSettings" or text in state.settings_classes:
            return text
    return None


CONFIG_CLASS_NAME = re.compile(r"(?:Config|Configuration|Settings)$")
UPPER_NAME = re.compile(r"[A-Z][A-Z0-9_]*$")


def plain_config_base_of(
    name: str, texts: list[str], assigned: Mapping[str, object], state: FileState
) -> str | None:
    """A plain class of UPPER_CASE settings, as Flask loads one with ``app.config.from_object``
    (``class Config: SECRET_KEY = os.environ.get(...)``), or one that extends such a class in
    this file: the project's settings class, untyped. Its base, ``""`` for none or ``object``;
    None when the class is something else."""
    if not CONFIG_CLASS_NAME.search(name):
        return None
    settings = sum(1 for key in assigned if UPPER_NAME.match(key))
    if not texts or texts == ["object"]:
        return (texts[0] if texts else "") if settings >= 2 else None
    if len(texts) == 1 and texts[0] in state.config_classes and settings >= 1:
        return texts[0]
    return None


def pydantic_base_of(
    node: ast.ClassDef, texts: list[str], lasts: list[str], state: FileState
) -> str | None:
    for text, last in zip(texts, lasts, strict=True):
        if (
            (last in PYDANTIC_BASES and not _other_base_model(node, text, state))
            or last == "SQLModel"
            or (last in FASTAPI_USERS_SCHEMAS and state.library_of(text) == "fastapi_users")
            or text in state.pydantic_classes
            or text in state.sqlmodel_classes
        ):
            return text
    return None


def fielded_project_base_of(
    node: ast.ClassDef, texts: list[str], lasts: list[str], state: FileState
) -> str | None:
    """The project's own ``BaseModel`` (peewee's, Tortoise's) under a class whose fields are
    ORM field calls: an ORM model, not a pydantic one."""
    for text, last in zip(texts, lasts, strict=True):
        if last in PYDANTIC_BASES and _other_base_model(node, text, state) and _orm_fields(node):
            return text
    return None


def _orm_fields(node: ast.ClassDef) -> bool:
    """Fields declared as ORM field calls (``name = CharField()``), none as annotations."""
    annotated = any(isinstance(item, ast.AnnAssign) for item in node.body)
    return not annotated and any(
        isinstance(item, ast.Assign)
        and isinstance(item.value, ast.Call)
        and last_name(item.value.func).endswith("Field")
        and last_name(item.value.func) != "Field"
        for item in node.body
    )


def _other_base_model(node: ast.ClassDef, text: str, state: FileState) -> bool:
    """A ``BaseModel`` that is not pydantic's: one declared in this file on another base (a
    peewee ``class BaseModel(Model)``), or the project's own imported one (``from
    app.config.database import BaseModel``, ``from .base import BaseModel``) when the class's
    fields are ORM field calls (``name = CharField()``), not annotations: a project's pydantic
    base is named so too."""
    if text in state.declared_classes and text not in state.pydantic_classes:
        return True
    source = state.imported_from(text)
    relative = text in state.imports and not source  # ``from .base import BaseModel``
    own = relative or (bool(source) and source.split(".")[0] not in PYDANTIC_HOMES)
    return own and _orm_fields(node)


PYDANTIC_HOMES = frozenset(
    {"pydantic", "pydantic_settings", "sqlmodel", "beanie", "odmantic", "langchain_core"}
    | {"langchain", "langchain_community", "typing_extensions", "bunnet", "fastapi"}
)
"""Packages a ``BaseModel`` can come from and be pydantic's (or a subclass of it)."""


def exception_base_of(texts: list[str], lasts: list[str], state: FileState) -> str | None:
    for text, last in zip(texts, lasts, strict=True):
        if (
            last in {"Exception", "BaseException"}
            or last.endswith(("Error", "Exception"))
            or text in state.exception_classes
        ):
            return text
    return None


def has_config_class(node: ast.ClassDef) -> bool:
    """Pydantic 1's way of configuring a model or settings: a nested ``class Config``."""
    return any(isinstance(item, ast.ClassDef) and item.name == "Config" for item in node.body)


def abstract_meta(node: ast.ClassDef) -> bool:
    """Django's ``class Meta: abstract = True``: a base its models share, no table of its own
    (it had been counted among the project's models, blind check d1)."""
    return any(
        isinstance(item, ast.ClassDef)
        and item.name == "Meta"
        and is_true(class_assignments(item).get("abstract"))
        for item in node.body
    )


def django_model_base(node: ast.ClassDef, texts: list[str], state: FileState) -> str | None:
    """The base of a class whose fields are Django's (``title = models.CharField(...)`` with
    ``models`` from ``django.db``) on a base of the project's (``class Post(Timestampable)``,
    the abstract base imported from another app): a Django model all the same."""
    if not texts or state.imported_from("models") != "django.db":
        return None
    fielded = any(
        isinstance(item, ast.Assign)
        and isinstance(item.value, ast.Call)
        and isinstance(item.value.func, ast.Attribute)
        and dotted(item.value.func.value) == "models"
        and item.value.func.attr.endswith(("Field", "Key"))
        for item in node.body
    )
    return texts[0] if fielded else None


def peewee_model_base(node: ast.ClassDef, texts: list[str], state: FileState) -> str | None:
    """The base of a class whose fields are peewee's (``message = TextField()`` with
    ``TextField`` from peewee) on a base of the project's, of any name (``class
    User(ModelBase)``, the base in this module or another): a peewee model all the same (blind
    check t1)."""
    if not texts:
        return None
    fielded = any(
        isinstance(item, ast.Assign)
        and isinstance(item.value, ast.Call)
        and state.library_of(dotted(item.value.func)) in PEEWEE_LIBRARIES
        and last_name(item.value.func).endswith("Field")
        for item in node.body
    )
    return texts[0] if fielded else None


def meta_only(node: ast.ClassDef) -> bool:
    """A body of nothing but ``class Meta`` (peewee's ``database = db``, Tortoise's ``abstract =
    True``): the project's base its models share, not a table of its own."""
    meta = False
    for item in node.body:
        if isinstance(item, ast.ClassDef) and item.name == "Meta":
            meta = True
        elif not (
            isinstance(item, ast.Pass)
            or (isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant))
        ):
            return False
    return meta


def class_assignments(node: ast.ClassDef) -> dict[str, ast.expr | None]:
    """Names assigned directly in the class body, with their value."""
    assigned: dict[str, ast.expr | None] = {}
    for item in node.body:
        if isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = item.value
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            assigned[item.target.id] = item.value
    return assigned


def is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True
