"""The curriculum as data: stages, checklists and the evidence queries that tick them.

The built-in curriculum ships as ``builtin.toml``; a learner's own study plan is mapped into the
same ``Curriculum`` type by the document ingestion, where checklist items usually have no query
(they are shown, but only code evidence can tick an item).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from mentorbot.domain import Frozen, Text
from mentorbot.errors import ConfigError

CURRICULUM_DIR = Path(__file__).parent
BUILTIN_CURRICULUM = CURRICULUM_DIR / "builtin.toml"
BUILTIN_PRACTICES = CURRICULUM_DIR / "practices.toml"


def _as_tuple(value: Any) -> Any:
    """TOML lets an author write one string where a list is meant; accept both."""
    return (value,) if isinstance(value, str) else value


class EvidenceQuery(Frozen):
    """A small declarative condition over the scan; every given part must hold.

    - ``signal`` with ``min``: at least ``min`` signals of that kind, optionally filtered by
      ``name`` (a glob on the signal name) and ``data`` (``"*"`` = present and not false,
      anything else a case-insensitive glob on the value);
    - ``path_glob``: at least one walked file matches one of the globs;
    - ``stack``: one of these packages is in the stack (a manifest declares it, or the code
      imports it);
    - ``skill`` with ``level``: the skill matrix's cell (``code-quality.understanding``) is at
      least at that level, so an item says what the rubric says (one annotated function in a
      repo where most have none does not tick "signatures carry type hints");
    - ``any_of``: at least one of the nested queries holds.
    """

    signal: str | None = None
    name: str | None = None
    data: dict[str, str] = Field(default_factory=dict)
    min: int = Field(default=1, ge=1)
    path_glob: tuple[str, ...] = ()
    stack: tuple[str, ...] = ()
    skill: str | None = None
    level: Literal["partial", "good"] = "good"
    any_of: tuple[EvidenceQuery, ...] = ()

    @field_validator("path_glob", "stack", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_tuple(value)

    @field_validator("skill")
    @classmethod
    def _known_cell(cls, value: str | None) -> str | None:
        """``<area key>.<dimension>`` of the skill matrix (``code-quality.understanding``)."""
        from mentorbot.skills_rubric import AREA_KEYS, DIMENSIONS

        if value is None:
            return value
        area, _, dimension = value.partition(".")
        if area not in AREA_KEYS:
            raise ValueError(f"no skill area {area!r}; areas: {AREA_KEYS}")
        if dimension not in DIMENSIONS:
            raise ValueError(f"no dimension {dimension!r} of a skill area; {DIMENSIONS}")
        return value

    def is_empty(self) -> bool:
        return not (self.signal or self.path_glob or self.stack or self.skill or self.any_of)


class ChecklistItem(Frozen):
    text: Text
    query: EvidenceQuery | None = Field(
        default=None, description="None when code cannot show it; such items are never ticked"
    )
    found_only: bool = Field(
        default=False,
        description="the code can show it but not its absence (a decorator of your own): "
        "ticked when the query holds, else left to the learner like an item without a query",
    )

    def judged(self, done: bool) -> bool:
        """Whether the item counts towards its stage's share: it has a query, and the code
        showed it or can show its absence."""
        return self.query is not None and (done or not self.found_only)


class Stage(Frozen):
    id: str
    title: Text
    goal: Text
    topics: tuple[Text, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()


class Curriculum(Frozen):
    source: str = Field(description='"builtin", or where the learner\'s plan came from')
    stages: tuple[Stage, ...]


VERSION_CONDITION = re.compile(r"^([a-z][a-z0-9_-]*)(>=|<)(\d+)$")
"""A practice's ``version``: a package, ``>=`` or ``<``, and a major release."""


class Practice(Text):
    """One habit; ``needs`` names a module the code must import for it to apply (a session
    "from a dependency" is FastAPI's idea, not a Flask app's or a Telegram bot's); ``version``
    a package's major release it is for (``sqlalchemy>=2``: not for SQLAlchemy 1.3 pinned,
    where ``Mapped[]`` does not exist; ``sqlalchemy<2``: only for it)."""

    needs: str = ""
    version: str = Field(default="", pattern=rf"^$|{VERSION_CONDITION.pattern}")
    unless: tuple[str, ...] = ()
    """Compose settings that, all in use, show the habit followed already (``env_file``)."""


class PracticeSet(Frozen):
    """Short best practices for one stack item, found by its name or an alias."""

    key: str
    aliases: tuple[str, ...] = ()
    practices: tuple[Practice, ...]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read {path.name}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from exc


def _stage(raw: dict[str, Any]) -> Stage:
    checklist = tuple(
        ChecklistItem(
            text=Text(zh=item["zh"], en=item["en"]),
            query=item.get("query"),
            found_only=item.get("found_only", False),
        )
        for item in raw.get("checklist", ())
    )
    return Stage.model_validate({**raw, "checklist": checklist})


def load_curriculum(path: Path | None = None) -> Curriculum:
    """Load a curriculum file (default: the built-in one) into the generic ``Curriculum``."""
    source = path or BUILTIN_CURRICULUM
    raw = _read_toml(source)
    try:
        stages = tuple(_stage(stage) for stage in raw.get("stage", ()))
        curriculum = Curriculum(source="builtin" if path is None else source.name, stages=stages)
    except (ValidationError, KeyError, TypeError) as exc:
        raise ConfigError(f"{source.name}: invalid curriculum: {exc}") from exc
    if not curriculum.stages:
        raise ConfigError(f"{source.name}: a curriculum needs at least one [[stage]]")
    ids = [stage.id for stage in curriculum.stages]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{source.name}: stage ids must be unique, got {ids}")
    return curriculum


def load_practices(path: Path | None = None) -> tuple[PracticeSet, ...]:
    """Load the best practices per stack item (default: the built-in ``practices.toml``)."""
    source = path or BUILTIN_PRACTICES
    raw = _read_toml(source)
    try:
        return tuple(
            PracticeSet.model_validate({"key": key, **table}) for key, table in raw.items()
        )
    except (ValidationError, TypeError) as exc:
        raise ConfigError(f"{source.name}: invalid practices: {exc}") from exc
