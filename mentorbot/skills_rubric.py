"""The skill rubric as data: one line per (area, dimension, level) that says what decides it.

The texts live in ``curriculum/rubric.toml`` so the log's appendix can print exactly the rules
the evaluator applied. The code-quality lines are generated here because they follow one pattern
for every area: the findings of that area decide the level.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from mentorbot.domain import Frozen, Level, SkillCell, SkillMatrix, Text
from mentorbot.errors import ConfigError
from mentorbot.skills_categories import CATEGORY_AREA, SHARED_FILE_CATEGORIES, area_categories

Dimension = Literal["understanding", "practice", "code_quality", "best_practice"]
RubricKey = Literal[
    "good",
    "partial",
    "missing",
    "unseen",
    "held",
    "bot-missing",
    "local-good",
    "local-partial",
    "only-problems",
]

DIMENSIONS: tuple[Dimension, ...] = ("understanding", "practice", "code_quality", "best_practice")
JUDGED_DIMENSIONS: tuple[Dimension, ...] = ("understanding", "practice", "best_practice")
KEY_LEVEL: dict[RubricKey, Level] = {
    "good": "good",
    "partial": "partial",
    "missing": "missing",
    "unseen": "missing",
    "held": "partial",
    "bot-missing": "missing",
    "local-good": "good",
    "local-partial": "partial",
    "only-problems": "missing",
}
"""``bot-missing`` is ``missing`` in a chat bot's words: a bot answers messages, not HTTP
requests (blind check t1). ``local-good`` and ``local-partial`` are ``good`` and ``partial`` in
the words of a program that answers no HTTP request (a game, a script, a socket server): its
criterion alone, not the web app's beside it (blind checks x1, w1). ``only-problems``: code
quality of an area whose only code is what its medium or low findings report; nothing in it
counts yet (blind check c1)."""
HELD_DIMENSIONS: tuple[Dimension, ...] = ("understanding", "practice")
"""What a high-severity problem of an area's own holds at partial: 31 loop-blocking calls had
left Async Python "solid" on its awaits and its count of async functions."""
AREA_KEYS: tuple[str, ...] = (
    "async",
    "fastapi",
    "validation",
    "database",
    "migrations",
    "dependency-injection",
    "error-handling",
    "testing",
    "security",
    "background-jobs",
    "config-containers",
    "llm-agents",
    "code-quality",
)
LEVEL_POINTS: dict[Level, int] = {"good": 2, "partial": 1, "missing": 0}
"""What a level adds to an area's score, and its rank: good above partial above missing."""
RUBRIC_FILE = Path(__file__).parent / "curriculum" / "rubric.toml"


def skill_cell(matrix: SkillMatrix, key: str) -> SkillCell | None:
    """The cell ``<area key>.<dimension>`` (``security.best_practice``); None if unknown."""
    area_key, _, dimension = key.partition(".")
    area = next((area for area in matrix.areas if area.key == area_key), None)
    if area is None or dimension not in DIMENSIONS:
        return None
    cell: SkillCell = getattr(area, dimension)
    return cell


def reaches(matrix: SkillMatrix, key: str, level: Level) -> bool:
    """Whether the cell ``key`` is at ``level`` or better: a checklist item that names a cell
    is ticked by exactly what the rubric decided there."""
    cell = skill_cell(matrix, key)
    return cell is not None and cell_reaches(cell, level)


def cell_reaches(cell: SkillCell, level: Level) -> bool:
    return LEVEL_POINTS[cell.level] >= LEVEL_POINTS[level]


class RubricLine(Frozen):
    """One rule of the rubric; ``id`` is ``<area>.<dimension>.<key>``."""

    id: str
    area: str
    dimension: Dimension
    level: Level
    zh: str
    en: str

    @property
    def text(self) -> Text:
        return Text(zh=self.zh, en=self.en)


def rubric_id(area: str, dimension: Dimension, key: RubricKey) -> str:
    return f"{area}.{dimension}.{key}"


def _code_quality_lines(area: str) -> list[RubricLine]:
    categories = area_categories(area)
    if categories and area == "testing":
        # The tests' own code is judged too (``skills._code_quality``): a secret in a test file
        # was told as "missing-tests" (blind check e1).
        scope_zh = "、".join(categories) + "，以及测试文件里的任何发现"
        scope_en = ", ".join(categories) + ", and any finding in the test files"
    elif categories:
        scope_zh = "、".join(categories)
        scope_en = ", ".join(categories)
    elif area in SHARED_FILE_CATEGORIES:
        claimed = SHARED_FILE_CATEGORIES[area]
        scope_zh = (
            f"该领域自己的文件里的任何发现，以及与其他代码同在一个文件里的 {'、'.join(claimed)}"
        )
        scope_en = (
            "any finding in the files that are this area's own, and "
            f"{', '.join(claimed)} where its code shares a file with other code"
        )
    else:
        scope_zh = "该领域代码所在文件里的任何发现"
        scope_en = "any finding in the files that hold this area's code"
    texts: dict[RubricKey, tuple[str, str]] = {
        "good": (
            f"该领域的代码没有发现问题（检查范围：{scope_zh}）",
            f"This area's code has no findings (checked: {scope_en})",
        ),
        "partial": (
            f"有中 / 低严重度的发现（{scope_zh}）",
            f"Medium or low severity findings only ({scope_en})",
        ),
        "missing": (
            f"至少有一个高严重度的发现（{scope_zh}）",
            f"At least one high severity finding ({scope_en})",
        ),
        "only-problems": (
            f"该领域只看到有问题的代码：有中 / 低严重度的发现（{scope_zh}），还没有做对的地方",
            f"Only problems seen in this area: medium or low severity findings ({scope_en}), "
            "nothing done right yet",
        ),
        "unseen": (
            "仓库里还没有这方面的代码，也没有相关发现，无从评价",
            "Not seen in this repo yet: no code and no findings in this area",
        ),
    }
    return [
        RubricLine(
            id=rubric_id(area, "code_quality", key),
            area=area,
            dimension="code_quality",
            level=KEY_LEVEL[key],
            zh=zh,
            en=en,
        )
        for key, (zh, en) in texts.items()
    ]


def _held_lines(area: str) -> list[RubricLine]:
    """The lines for a dimension held at partial: the same for every area with categories."""
    if area not in CATEGORY_AREA.values():
        return []
    return [
        RubricLine(
            id=rubric_id(area, dimension, "held"),
            area=area,
            dimension=dimension,
            level=KEY_LEVEL["held"],
            zh="本来够得上“达标”，但该领域还有高严重度的发现没有解决（见代码质量），修好之前只算部分掌握",
            en="Would be good, but a high severity finding of this area is still open (see code "
            "quality): partial until it is fixed",
        )
        for dimension in HELD_DIMENSIONS
    ]


def _parse(raw: dict[str, object]) -> tuple[dict[str, Text], list[RubricLine]]:
    titles: dict[str, Text] = {}
    lines: list[RubricLine] = []
    for area in AREA_KEYS:
        table = raw.get(area)
        if not isinstance(table, dict):
            raise ConfigError(f"rubric.toml: area [{area}] is missing")
        titles[area] = Text.model_validate(table["title"])
        for dimension in DIMENSIONS:
            if dimension == "code_quality":
                lines.extend(_code_quality_lines(area))
                continue
            entries = table.get(dimension)
            if not isinstance(entries, dict):
                raise ConfigError(f"rubric.toml: [{area}] has no {dimension} lines")
            for key, text in entries.items():
                if key not in KEY_LEVEL:
                    raise ConfigError(f"rubric.toml: unknown level key {area}.{dimension}.{key}")
                level_key: RubricKey = key
                lines.append(
                    RubricLine(
                        id=rubric_id(area, dimension, level_key),
                        area=area,
                        dimension=dimension,
                        level=KEY_LEVEL[level_key],
                        zh=text["zh"],
                        en=text["en"],
                    )
                )
        lines.extend(_held_lines(area))
    return titles, lines


@cache
def _load() -> tuple[dict[str, Text], dict[str, RubricLine]]:
    with RUBRIC_FILE.open("rb") as handle:
        titles, lines = _parse(tomllib.load(handle))
    return titles, {line.id: line for line in lines}


def rubric_lines() -> list[RubricLine]:
    """Every rubric line, in area order then dimension order: what the appendix prints."""
    return list(_load()[1].values())


def rubric_line(line_id: str) -> RubricLine:
    try:
        return _load()[1][line_id]
    except KeyError as exc:
        raise KeyError(f"no rubric line {line_id!r}") from exc


def area_title(area: str) -> Text:
    return _load()[0][area]
