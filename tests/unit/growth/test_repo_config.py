"""The learner's .mentor.toml / [tool.mentor]: what it sets, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.domain import Finding, Text
from mentorbot.errors import ConfigError
from mentorbot.repo_config import RepoConfig, apply_disabled, load_repo_config


def write(root: Path, name: str, content: str) -> None:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")


def config_error(root: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_repo_config(root)
    assert caught.value.exit_code == 2
    return str(caught.value)


def test_a_repo_without_config_gets_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "shop"\n')

    config = load_repo_config(tmp_path)

    assert config == RepoConfig()
    assert (config.learner, config.language, config.ignore, config.disable) == (None, None, (), ())
    assert (config.study_plan, config.max_open_problems, config.source) == (None, None, None)
    assert config.is_default


def test_mentor_toml_sets_every_key(tmp_path: Path) -> None:
    write(tmp_path, "notes/plan.md", "# Week 1\n- [ ] routes\n")
    write(
        tmp_path,
        ".mentor.toml",
        'learner = "ana"\nlanguage = "en"\nignore = ["vendor/", "*.generated.py"]\n'
        'disable = ["MB106", "missing-tests"]\nstudy_plan = "notes/plan.md"\n'
        "max_open_problems = 5\n",
    )

    config = load_repo_config(tmp_path)

    assert config.learner == "ana"
    assert config.language == "en"
    assert config.ignore == ("vendor/", "*.generated.py")
    assert config.disable == ("MB106", "missing-tests")
    assert config.study_plan == "notes/plan.md"
    assert config.max_open_problems == 5
    assert (config.source, config.shadowed, config.note()) == (".mentor.toml", None, None)


def test_tool_mentor_in_pyproject_is_read_when_there_is_no_mentor_toml(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[project]\nname = "shop"\n\n[tool.mentor]\nlearner = "bo"\nlanguage = "zh"\n',
    )

    config = load_repo_config(tmp_path)

    assert (config.learner, config.language, config.source) == ("bo", "zh", "pyproject.toml")


def test_mentor_toml_wins_over_pyproject_and_says_so(tmp_path: Path) -> None:
    write(tmp_path, ".mentor.toml", 'learner = "ana"\n')
    write(tmp_path, "pyproject.toml", '[tool.mentor]\nlearner = "bo"\ndisable = ["MB101"]\n')

    config = load_repo_config(tmp_path)

    assert (config.learner, config.disable) == ("ana", ())
    assert (config.source, config.shadowed) == (".mentor.toml", "pyproject.toml")
    note = config.note()
    assert note is not None
    assert note.en == (
        "The repo has both .mentor.toml and [tool.mentor] in pyproject.toml; this review used "
        ".mentor.toml and ignored the other."
    )
    assert ".mentor.toml" in note.zh and "被忽略" in note.zh


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('lang = "en"\n', ".mentor.toml: lang: unknown key (did you mean 'language'?)"),
        (
            'disable = ["MB106", "MB999"]\n',
            ".mentor.toml: disable[1]: unknown rule or category 'MB999'",
        ),
        (
            'disable = ["bare-or-broad-exept"]\n',
            ".mentor.toml: disable[0]: unknown rule or category 'bare-or-broad-exept' "
            "(did you mean 'bare-or-broad-except'?)",
        ),
        (
            'disable = ["mb106"]\n',
            ".mentor.toml: disable[0]: unknown rule or category 'mb106' (did you mean 'MB106'?)",
        ),
        ('disable = "MB106"\n', ".mentor.toml: disable: input should be a list (got 'MB106')"),
        ('language = "fr"\n', ".mentor.toml: language: input should be 'zh' or 'en' (got 'fr')"),
        (
            "max_open_problems = 0\n",
            ".mentor.toml: max_open_problems: input should be greater than or equal to 1",
        ),
        (
            'max_open_problems = "3"\n',
            ".mentor.toml: max_open_problems: input should be a valid integer (got '3')",
        ),
        ('learner = "   "\n', ".mentor.toml: learner: must not be blank"),
        ('ignore = ["build/", ""]\n', ".mentor.toml: ignore[1]: empty pattern"),
        (
            'study_plan = "../plan.md"\n',
            ".mentor.toml: study_plan: '../plan.md' points outside the repository",
        ),
        (
            'study_plan = "docs/plan.md"\n',
            ".mentor.toml: study_plan: 'docs/plan.md' does not exist in the repository",
        ),
        (
            'study_plan = "/etc/hostname"\n',
            ".mentor.toml: study_plan: must be a path relative to the repo, not '/etc/hostname'",
        ),
    ],
)
def test_invalid_values_name_the_file_and_the_key(
    tmp_path: Path, content: str, message: str
) -> None:
    write(tmp_path, ".mentor.toml", content)

    assert config_error(tmp_path).startswith(message)


def test_pyproject_errors_name_the_table_key(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.mentor]\ndisabel = ["MB106"]\n')
    assert config_error(tmp_path) == (
        "pyproject.toml: tool.mentor.disabel: unknown key (did you mean 'disable'?)"
    )

    write(tmp_path, "pyproject.toml", '[tool.mentor]\ndisable = ["MB106", "nope"]\n')
    assert config_error(tmp_path) == (
        "pyproject.toml: tool.mentor.disable[1]: unknown rule or category 'nope'"
    )

    write(tmp_path, "pyproject.toml", '[tool]\nmentor = "en"\n')
    assert config_error(tmp_path) == "pyproject.toml: tool.mentor: must be a table, not 'en'"


def test_invalid_toml_is_an_error_but_a_broken_unrelated_pyproject_is_not(tmp_path: Path) -> None:
    write(tmp_path, ".mentor.toml", 'learner = "ana\n')
    assert config_error(tmp_path).startswith(".mentor.toml: invalid TOML: ")

    (tmp_path / ".mentor.toml").unlink()
    write(tmp_path, "pyproject.toml", "[project\nname = 'shop'\n")
    assert load_repo_config(tmp_path) == RepoConfig()

    write(tmp_path, "pyproject.toml", "[tool.mentor\nlearner = 'ana'\n")
    assert config_error(tmp_path).startswith("pyproject.toml: invalid TOML: ")


def test_a_study_plan_symlinked_out_of_the_repo_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write(tmp_path, "outside.md", "# secret plan\n")
    repo.mkdir()
    (repo / "plan.md").symlink_to(tmp_path / "outside.md")
    write(repo, ".mentor.toml", 'study_plan = "plan.md"\n')

    assert config_error(repo) == (
        ".mentor.toml: study_plan: 'plan.md' points outside the repository"
    )


def finding(rule: str, category: str, path: str, line: int) -> Finding:
    return Finding(
        rule=rule,
        category=category,  # type: ignore[arg-type]
        severity="medium",
        path=path,
        line=line,
        message=Text(zh="问题", en="problem"),
        source="mentor",
    )


def test_apply_disabled_drops_by_rule_id_and_by_category(tmp_path: Path) -> None:
    findings = [
        finding("MB106", "bare-or-broad-except", "app/crud.py", 15),
        finding("MB105", "missing-tests", "app/main.py", 1),
        finding("MB101", "blocking-call-in-async", "app/main.py", 22),
        finding("MB201", "other", "app/util.py", 3),
    ]
    write(tmp_path, ".mentor.toml", 'disable = ["MB106", "missing-tests"]\n')

    kept = apply_disabled(findings, load_repo_config(tmp_path))

    assert [(f.rule, f.path, f.line) for f in kept] == [
        ("MB101", "app/main.py", 22),
        ("MB201", "app/util.py", 3),
    ]
    assert apply_disabled(findings, RepoConfig()) == findings
