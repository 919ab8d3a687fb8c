"""The catalogue is complete and documented, as the log's appendix and `--format json` need."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import mentorbot.rules
from mentorbot.domain import CATEGORIES
from mentorbot.rules.base import AREAS, Rule
from mentorbot.rules.registry import (
    all_rules,
    analyzer_fingerprint,
    analyzer_sources,
    get_rule,
    ruff_codes,
    rule_for_ruff_code,
)
from mentorbot.skills_categories import CATEGORY_AREA

TEXT_FIELDS = ("title", "explanation", "fix", "lesson", "message")


def _rules_defined_in_modules() -> dict[str, str]:
    """Rule id -> module, for every Rule object any module of mentorbot.rules defines."""
    defined: dict[str, str] = {}
    for module_info in pkgutil.iter_modules(mentorbot.rules.__path__):
        module = importlib.import_module(f"mentorbot.rules.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Rule) and value.__class__ is Rule:
                defined.setdefault(value.id, module.__name__)
    return defined


def test_every_rule_defined_in_a_module_is_registered() -> None:
    registered = {rule.id for rule in all_rules()}
    assert set(_rules_defined_in_modules()) == registered


def test_one_rule_per_module() -> None:
    modules = list(_rules_defined_in_modules().values())
    assert len(modules) == len(set(modules))


def test_ids_and_names_are_unique_and_well_formed() -> None:
    rules = all_rules()
    assert len({rule.id for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"MB\d{3}", rule.id), rule.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name


def test_every_category_has_a_rule() -> None:
    assert {rule.category for rule in all_rules()} == set(CATEGORIES)


def test_each_named_category_has_the_rule_of_the_same_name() -> None:
    by_name = {rule.name: rule for rule in all_rules()}
    for category in CATEGORIES:
        if category != "other":
            assert by_name[category].category == category


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_rule_is_documented_in_both_languages(rule: Rule) -> None:
    for field_name in TEXT_FIELDS:
        text = getattr(rule, field_name)
        assert text.zh.strip(), f"{rule.id}.{field_name}.zh is empty"
        assert text.en.strip(), f"{rule.id}.{field_name}.en is empty"
        assert re.search(r"[\u4e00-\u9fff]", text.zh), f"{rule.id}.{field_name}.zh is not Chinese"
    for text in rule.ruff_texts.values():
        assert text.zh.strip() and text.en.strip()
    assert rule.area in AREAS
    assert rule.severity in {"high", "medium", "low"}


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_rule_has_bad_and_good_cases_with_hits(rule: Rule) -> None:
    assert rule.bad and rule.good
    for case in rule.bad:
        assert case.hits, f"{rule.id} has a bad case without expected hits"
        for path, line in case.hits:
            assert path in case.files
            assert 1 <= line <= len(case.files[path].splitlines())
    assert all(not case.hits for case in rule.good)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_rule_has_a_detector(rule: Rule) -> None:
    detectors = (rule.check_file, rule.check_text, rule.check_project)
    assert any(detectors) or rule.ruff_codes or rule.id == "MB001"


def test_ruff_codes_map_to_exactly_one_rule() -> None:
    codes = [code for rule in all_rules() for code in rule.ruff_codes]
    assert len(codes) == len(set(codes))
    assert rule_for_ruff_code("ASYNC251") == get_rule("MB101")
    assert rule_for_ruff_code("E722") == get_rule("MB106")
    assert rule_for_ruff_code("S105") == get_rule("MB107")
    assert rule_for_ruff_code("S608") == get_rule("MB108")
    assert rule_for_ruff_code("F821") == get_rule("MB201")
    assert rule_for_ruff_code("B008") is None
    assert "B008" not in ruff_codes()


def test_unknown_rule_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        get_rule("MB999")


def test_analyzer_fingerprint_is_a_stable_short_hex() -> None:
    first = analyzer_fingerprint()
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert analyzer_fingerprint() == first


def test_the_cache_key_covers_the_modules_the_analysis_imports() -> None:
    """A changed detector outside the rules package (the Flask routes, the stack's categories)
    must not leave last week's cached analyses in use."""
    names = {
        source.relative_to(Path(mentorbot.rules.__file__).parents[2]).as_posix()
        for source in analyzer_sources()
    }
    assert {
        "mentorbot/rules/hardcoded_secret.py",
        "mentorbot/rules/redact.py",
        "mentorbot/analysis/python_facts.py",
        "mentorbot/analysis/python_facts_flask.py",
        "mentorbot/analysis/python_facts_django.py",
        "mentorbot/analysis/stack_categories.py",
        "mentorbot/analysis/languages.py",
    } <= names
    assert "mentorbot/cli.py" not in names


def test_rule_areas_agree_with_the_skill_matrix() -> None:
    for rule in all_rules():
        assert CATEGORY_AREA[rule.category] == rule.area, rule.id


def test_explanations_cover_every_form_their_findings_take() -> None:
    """A route putting its ORM user in the dict it returns was told about response models it
    never declared, and a Tortoise app's ``generate_schemas`` was explained as ``create_all``;
    each explanation names the forms its rule reports."""
    orm = get_rule("MB102").explanation
    migrations = get_rule("MB110").explanation
    assert "in the dict a route returns" in orm.en and "dict 里" in orm.zh
    assert "`generate_schemas`" in migrations.en and "`generate_schemas`" in migrations.zh
    assert "`create_tables`" in migrations.en and "`create_tables`" in migrations.zh
