"""The learner's own settings for reviews of their repo: ``.mentor.toml`` or ``[tool.mentor]``.

The config lives in the reviewed repository, so the learner (not whoever runs the bot) decides
their name, the log language, what to skip and which rules they do not want. A config that is
wrong in any way stops the review with a :class:`ConfigError` naming the file and the key: a
typo that silently did nothing would make the learner trust a setting that is not applied.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pathspec import GitIgnoreSpec
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from mentorbot.analysis.file_text import decode_text
from mentorbot.domain import CATEGORIES, Finding, Language, Text
from mentorbot.errors import ConfigError
from mentorbot.rules.registry import all_rules

ConfigSource = Literal[".mentor.toml", "pyproject.toml"]
MENTOR_TOML: Final = ".mentor.toml"
PYPROJECT: Final = "pyproject.toml"
PYPROJECT_TABLE = "tool.mentor"
MAX_LEARNER_CHARS = 200
_TOOL_MENTOR_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*mentor\b", re.MULTILINE)


def known_disable_names() -> tuple[str, ...]:
    """What ``disable`` accepts: every rule id and every finding category."""
    return (*(rule.id for rule in all_rules()), *CATEGORIES)


def _known_pattern(pattern: str) -> str:
    if not pattern.strip():
        raise ValueError("empty pattern")
    try:
        GitIgnoreSpec.from_lines([pattern])
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a gitignore pattern {pattern!r}: {error}") from None
    return pattern


def _known_rule_or_category(name: str) -> str:
    known = known_disable_names()
    if name in known:
        return name
    by_case = {k.lower(): k for k in known}.get(name.lower())
    guess = by_case or next(iter(difflib.get_close_matches(name, known, n=1)), None)
    hint = f" (did you mean {guess!r}?)" if guess else ""
    raise ValueError(f"unknown rule or category {name!r}{hint}")


IgnorePattern = Annotated[StrictStr, AfterValidator(_known_pattern)]
DisableName = Annotated[StrictStr, AfterValidator(_known_rule_or_category)]


class RepoConfig(BaseModel):
    """A repo's review settings; every field is optional and the defaults change nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    learner: Annotated[StrictStr, Field(min_length=1, max_length=MAX_LEARNER_CHARS)] | None = None
    language: Language | None = None
    ignore: tuple[IgnorePattern, ...] = Field(
        default=(), description="gitignore-style patterns the walk skips, repo-relative"
    )
    disable: tuple[DisableName, ...] = Field(
        default=(), description="rule ids (MB106) or categories (bare-or-broad-except) to drop"
    )
    study_plan: StrictStr | None = Field(
        default=None, description="repo-relative path of the learner's study plan"
    )
    max_open_problems: Annotated[StrictInt, Field(ge=1)] | None = None
    source: ConfigSource | None = Field(
        default=None, description="the file the settings came from; None without a config"
    )
    shadowed: ConfigSource | None = Field(
        default=None, description="a config that exists but lost to ``source`` (pyproject)"
    )

    @field_validator("learner")
    @classmethod
    def _learner_is_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return value.strip() if value is not None else None

    @field_validator("study_plan")
    @classmethod
    def _plan_is_in_the_repo(cls, value: str | None, info: ValidationInfo) -> str | None:
        root = (info.context or {}).get("root")
        if value is None or root is None:
            return value
        return _repo_relative_file(Path(root), value)

    @property
    def is_default(self) -> bool:
        """True when the repo has no config, so nothing about the review changes."""
        return self.source is None

    def note(self) -> Text | None:
        """What the log should say when a pyproject table was ignored in favour of .mentor.toml."""
        if self.shadowed is None:
            return None
        return Text(
            zh=(
                f"仓库里同时有 {MENTOR_TOML} 和 {PYPROJECT} 的 [{PYPROJECT_TABLE}]，"
                f"本次只按 {MENTOR_TOML} 的设置来，后者被忽略了。"
            ),
            en=(
                f"The repo has both {MENTOR_TOML} and [{PYPROJECT_TABLE}] in {PYPROJECT}; "
                f"this review used {MENTOR_TOML} and ignored the other."
            ),
        )


def _repo_relative_file(root: Path, value: str) -> str:
    """The study plan must be a file inside the repo: the review reads nothing outside it."""
    if not value.strip():
        raise ValueError("must not be empty")
    relative = Path(value)
    if relative.is_absolute() or re.match(r"^[A-Za-z]:[\\/]", value):
        raise ValueError(f"must be a path relative to the repo, not {value!r}")
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"{value!r} points outside the repository")
    if not target.exists():
        raise ValueError(f"{value!r} does not exist in the repository")
    if not target.is_file():
        raise ValueError(f"{value!r} is not a file")
    return target.relative_to(base).as_posix()


def _key_of(prefix: str, loc: Iterable[int | str]) -> str:
    key = prefix
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key = f"{key}.{part}" if key else str(part)
    return key


def _describe(file: str, prefix: str, error: ValidationError) -> str:
    """``file: key: message`` for the first problem (one line, as the CLI prints it)."""
    item = error.errors()[0]
    loc = list(item["loc"])
    message = str(item["msg"])
    if item["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    elif item["type"] not in ("greater_than_equal",):
        got = item.get("input")
        if isinstance(got, str | int | float | bool | list):
            message = f"{message} (got {got!r})"
    message = message.replace("a valid tuple", "a list")
    message = message[:1].lower() + message[1:]
    key = _key_of(prefix, loc)
    extra = f" and {len(error.errors()) - 1} more" if len(error.errors()) > 1 else ""
    return f"{file}: {key}: {message}{extra}"


_SETTABLE = ("learner", "language", "ignore", "disable", "study_plan", "max_open_problems")


def _check_keys(file: str, prefix: str, data: Mapping[str, Any]) -> None:
    for name in data:
        if name in _SETTABLE:
            continue
        guess = next(iter(difflib.get_close_matches(name, _SETTABLE, n=1, cutoff=0.5)), None)
        hint = f" (did you mean {guess!r}?)" if guess else f"; known keys: {', '.join(_SETTABLE)}"
        raise ConfigError(f"{file}: {_key_of(prefix, [name])}: unknown key{hint}")


def parse_repo_config(
    data: Mapping[str, Any],
    root: Path,
    *,
    file: str,
    prefix: str = "",
    source: ConfigSource | None = None,
    shadowed: ConfigSource | None = None,
) -> RepoConfig:
    """Validate settings already read from TOML; errors name ``file`` and the key."""
    _check_keys(file, prefix, data)
    try:
        return RepoConfig.model_validate(
            {**data, "source": source, "shadowed": shadowed}, context={"root": root}
        )
    except ValidationError as error:
        raise ConfigError(_describe(file, prefix, error)) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = decode_text(path.read_bytes(), "strict")
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name}: not valid UTF-8") from None
    except OSError as error:
        raise ConfigError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: invalid TOML: {error}") from None


def _pyproject_table(root: Path) -> dict[str, Any] | None:
    """``[tool.mentor]`` of pyproject.toml, or None when there is none.

    A pyproject.toml that does not parse is the learner's business (the review reports it) and
    is not an error here, unless it visibly holds a ``[tool.mentor]`` table we cannot read.
    """
    path = root / PYPROJECT
    if not path.is_file():
        return None
    try:
        document = _read_toml(path)
    except ConfigError:
        text = decode_text(path.read_bytes())
        if _TOOL_MENTOR_HEADER.search(text):
            raise
        return None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "mentor" not in tool:
        return None
    table = tool["mentor"]
    if not isinstance(table, dict):
        raise ConfigError(f"{PYPROJECT}: {PYPROJECT_TABLE}: must be a table, not {table!r}")
    return table


def _has_pyproject_table(root: Path) -> bool:
    """Whether pyproject.toml holds a ``[tool.mentor]`` table, readable or not."""
    try:
        return _pyproject_table(root) is not None
    except ConfigError:
        return True


def load_repo_config(root: Path) -> RepoConfig:
    """The repo's config: ``.mentor.toml`` first, else ``[tool.mentor]``, else all defaults."""
    mentor_toml = root / MENTOR_TOML
    if mentor_toml.exists():
        if not mentor_toml.is_file():
            raise ConfigError(f"{MENTOR_TOML}: is not a file")
        return parse_repo_config(
            _read_toml(mentor_toml),
            root,
            file=MENTOR_TOML,
            source=MENTOR_TOML,
            shadowed=PYPROJECT if _has_pyproject_table(root) else None,
        )
    table = _pyproject_table(root)
    if table is None:
        return RepoConfig()
    return parse_repo_config(table, root, file=PYPROJECT, prefix=PYPROJECT_TABLE, source=PYPROJECT)


def apply_disabled(findings: Sequence[Finding], config: RepoConfig) -> list[Finding]:
    """The findings the learner still wants: those whose rule and category are not disabled."""
    if not config.disable:
        return list(findings)
    disabled = set(config.disable)
    return [f for f in findings if f.rule not in disabled and f.category not in disabled]
