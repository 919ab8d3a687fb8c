"""Version awareness: pydantic v1 APIs are right in a project pinned to pydantic 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.domain import StackItem
from mentorbot.rules._versions import pinned_below, pydantic_major
from mentorbot.rules.registry import get_rule
from tests.unit.rules import review_files

SCHEMAS = """\
from pydantic import BaseModel, validator


class Signup(BaseModel):
    email: str

    @validator("email")
    def lower(cls, value: str) -> str:
        return value.lower()

    class Config:
        orm_mode = True
"""


def _pydantic_lines(tmp_path: Path, requirements: str | None) -> list[int]:
    files = {"app/schemas.py": SCHEMAS}
    if requirements is not None:
        files["requirements.txt"] = requirements
    return [f.line for f in review_files(tmp_path, files) if f.category == "pydantic-v1-api-in-v2"]


@pytest.mark.parametrize(
    "requirements",
    ["pydantic==1.10.13\n", "pydantic<2\nfastapi\n", "pydantic>=1.8,<2.0\n", "fastapi==0.95.2\n"],
)
def test_pinned_to_pydantic_1_reports_nothing(tmp_path: Path, requirements: str) -> None:
    assert _pydantic_lines(tmp_path, requirements) == []


@pytest.mark.parametrize(
    "requirements", ["pydantic==2.9.2\n", "pydantic>=2\n", "fastapi>=0.110\n", None]
)
def test_pydantic_2_or_unpinned_reports_the_v1_api(
    tmp_path: Path, requirements: str | None
) -> None:
    assert _pydantic_lines(tmp_path, requirements) == [7, 11]


@pytest.mark.parametrize(
    ("spec", "below_2"),
    [
        ("1.10.13", True),
        ("==1.10", True),
        ("<2", True),
        ("<2.0", True),
        ("^1.10", True),
        ("~=1.10", True),
        (">=1.8,<2", True),
        (">=1.10", False),
        ("2.5.0", False),
        (">=2.0,<3", False),
    ],
)
def test_version_specs_are_read_like_an_installer_would(spec: str, below_2: bool) -> None:
    assert pinned_below(spec, (2,)) is below_2


def test_pydantic_pin_wins_over_an_old_fastapi_pin() -> None:
    stack = [
        StackItem(
            name="fastapi", version="0.95.0", category="framework", source="requirements.txt"
        ),
        StackItem(name="Pydantic", version="2.7.1", category="validation", source="poetry.lock"),
    ]
    assert pydantic_major(stack) == 2
    assert pydantic_major(stack[:1]) == 1
    assert pydantic_major([]) == 2


def test_pydantic_settings_means_pydantic_2_whatever_a_pin_says() -> None:
    """pydantic-settings exists for pydantic 2 only: a stray `pydantic<2` elsewhere is stale."""
    old_pin = StackItem(name="pydantic", version="<2.0.0", category="validation", source="req.txt")
    settings = StackItem(
        name="pydantic_settings", version=">=2.1", category="config", source="requirements.txt"
    )

    assert pydantic_major([old_pin]) == 1
    assert pydantic_major([old_pin, settings]) == 2


def test_a_project_without_a_dependency_list_is_told_why_it_gets_pydantic_2(
    tmp_path: Path,
) -> None:
    """A project with no manifest is reported, and the rule's explanation, which the log
    prints under the finding, said "its dependencies say v2, or pin no older one", though it
    has no dependencies to say anything."""
    assert _pydantic_lines(tmp_path, None) == [7, 11]
    explanation = get_rule("MB104").explanation
    assert "there is no dependency list at all" in explanation.en
    assert "根本没有依赖清单" in explanation.zh


def test_the_explanation_names_a_pydantic_settings_import_as_a_reason_for_v2() -> None:
    """requirements.txt pinned pydantic 1.10.2 while the settings came from pydantic-settings,
    which needs v2 (``pydantic_major`` says 2, above): the explanation printed under the
    finding said the dependencies gave v2 (blind check corpus 87)."""
    explanation = get_rule("MB104").explanation
    assert "its code imports pydantic-settings, which exists for v2 only" in explanation.en
    assert "代码导入了只支持 v2 的 pydantic-settings" in explanation.zh


def test_a_settings_class_config_is_replaced_by_settings_config_dict(tmp_path: Path) -> None:
    """``ConfigDict`` has no ``env_file``: the log told a ``BaseSettings`` class to use it
    (blind check corpus 31)."""
    settings = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    groq_api_key: str = ""

    class Config:
        env_file = ".env"


class AppSettings(Settings):
    debug: bool = False

    class Config:
        env_prefix = "APP_"
"""
    files = {
        "app/config.py": settings,
        "app/schemas.py": SCHEMAS,
        "requirements.txt": "pydantic>=2\n",
    }
    found = [f for f in review_files(tmp_path, files) if f.rule == "MB104"]
    configs = {(f.path, f.line): f.message.en for f in found if "class Config" in f.message.en}

    assert "SettingsConfigDict(...)" in configs[("app/config.py", 7)]
    assert "SettingsConfigDict(...)" in configs[("app/config.py", 14)]
    assert "SettingsConfigDict" not in configs[("app/schemas.py", 11)]
    assert "model_config = ConfigDict(...)" in configs[("app/schemas.py", 11)]


def test_a_validator_applied_by_hand_is_pydantic_v1_api(tmp_path: Path) -> None:
    """v1 reused a validator across fields by calling the decorator: ``validator(...)(fn)``,
    unseen where only ``@validator`` was looked for (blind check corpus 35)."""
    schemas = """\
from pydantic import BaseModel, validator


def validate_url(value: str | None) -> str | None:
    return value.strip() if value else value


class Profile(BaseModel):
    picture_url: str | None = None
    _validate_urls = validator("picture_url", pre=True, allow_reuse=True)(validate_url)
"""
    files = {"app/schemas.py": schemas, "requirements.txt": "pydantic==2.6.4\n"}
    found = [f for f in review_files(tmp_path, files) if f.rule == "MB104"]

    assert [f.line for f in found] == [10]
    assert "validator" in found[0].message.en
