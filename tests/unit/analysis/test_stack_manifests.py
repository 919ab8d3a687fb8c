"""The stack from manifests beyond pip's and the packaging tools': a conda environment.yml
(blind check a1), pip's file named ``requirements`` without ``.txt`` (blind check g1) and a
``setup.py`` (blind check p1); a manifest's install of the project itself is no dependency."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.manifests import manifest_paths
from mentorbot.analysis.repo import open_repo
from mentorbot.analysis.stack import detect_stack
from mentorbot.cache import AnalysisCache
from mentorbot.scanning import scan_repository

ENVIRONMENT = """\
name: pytorch-tutorial
channels:
  - pytorch
  - defaults
dependencies:
  - numpy=1.26
  - python=3.11
  - pytorch=2.1.0
  - torchvision=0.16.0
  - pytest
  - pip
  - pip:
    - wandb==0.16.2
"""

MAIN = """\
import torch
import wandb


def model() -> torch.nn.Module:
    wandb.init(project="mnist")
    return torch.nn.Linear(784, 10)
"""


def _write(root: Path, files: dict[str, str]) -> list[str]:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return sorted(files)


def test_a_conda_environment_declares_the_stack_with_its_versions(tmp_path: Path) -> None:
    """torch and pytest, pinned in environment.yml, were "declared in no dependency manifest",
    and the learner was told to declare them."""
    root = tmp_path / "repo"
    root.mkdir()
    _write(root, {"environment.yml": ENVIRONMENT, "main.py": MAIN})

    scan = scan_repository(open_repo(str(root)), since=None, cache=AnalysisCache(None))

    assert [(item.name, item.version, item.source) for item in scan.stack] == [
        ("numpy", "1.26", "environment.yml"),
        ("torch", "2.1.0", "environment.yml"),
        ("torchvision", "0.16.0", "environment.yml"),
        ("pytest", None, "environment.yml"),
        ("wandb", "0.16.2", "environment.yml"),
    ]
    assert not any(item.from_imports for item in scan.stack)
    assert [item.name for item in scan.stack if item.imported] == ["torch", "wandb"]


def test_conda_match_specs_and_the_pip_list_give_names_and_versions(tmp_path: Path) -> None:
    paths = _write(
        tmp_path,
        {
            "envs/environment-dev.yaml": (
                "name: lab  # the course's environment\n"
                "dependencies:\n"
                "- conda-forge::pandas>=2.1\n"
                "- 'scipy 1.11.*'\n"
                "- numpy=1.26.4=py311h64a7726_0  # a build after the version\n"
                "- fastapi==0.110.0\n"
                "- matplotlib-base\n"
                "- pip:\n"
                "  - -r ../requirements-extra.txt\n"
                "  - httpx>=0.27\n"
                "variables:\n"
                "  - not_a_package\n"
            ),
            "requirements-extra.txt": "openai==1.51.0\n",
        },
    )

    stack = detect_stack(tmp_path, paths)

    assert [(item.name, item.version, item.source) for item in stack] == [
        ("pandas", ">=2.1", "envs/environment-dev.yaml"),
        ("scipy", "1.11", "envs/environment-dev.yaml"),
        ("numpy", "1.26.4", "envs/environment-dev.yaml"),
        ("fastapi", "0.110.0", "envs/environment-dev.yaml"),
        ("matplotlib", None, "envs/environment-dev.yaml"),
        ("openai", "1.51.0", "requirements-extra.txt"),
        ("httpx", ">=0.27", "envs/environment-dev.yaml"),
    ]


def test_a_yaml_file_named_environment_without_dependencies_declares_nothing(
    tmp_path: Path,
) -> None:
    paths = _write(
        tmp_path,
        {"environment.yml": "production:\n  debug: false\n  hosts:\n    - api.example.com\n"},
    )

    assert detect_stack(tmp_path, paths) == []
    assert manifest_paths(["environment.yml", "app/main.py", "config.yml"]) == ["environment.yml"]


def test_pips_file_named_requirements_without_txt_gives_the_stack(tmp_path: Path) -> None:
    """A Strawberry API's only manifest was ``requirements``: FastAPI and strawberry-graphql
    were "declared in no dependency manifest"."""
    paths = _write(
        tmp_path,
        {"requirements": "fastapi\nuvicorn[standard]==0.30.6  # server\n-e .\n"},
    )

    assert [(item.name, item.version, item.source) for item in detect_stack(tmp_path, paths)] == [
        ("fastapi", None, "requirements"),
        ("uvicorn", "0.30.6", "requirements"),
    ]
    assert manifest_paths(["requirements", "app/main.py"]) == ["requirements"]


def test_a_requirements_file_in_prose_is_no_manifest(tmp_path: Path) -> None:
    paths = _write(tmp_path, {"docs/requirements": "Python 3.11\nA PostgreSQL database\n"})

    assert detect_stack(tmp_path, paths) == []


SETUP_PY = """\
from setuptools import find_packages, setup

BASE = ["click>=8.1", "rich"]

setup(
    name="taskr",
    packages=find_packages(),
    install_requires=BASE + ["httpx==0.27.0"],
    extras_require={"dev": ["pytest>=8"], "docs": "mkdocs\\nmkdocs-material"},
    entry_points={"console_scripts": ["taskr=taskr.cli:cli"]},
)
"""


def test_setup_pys_install_requires_declares_the_stack_unrun(tmp_path: Path) -> None:
    """A click CLI packaged with setup.py alone was told click is "declared in no dependency
    manifest"; the file is read from its syntax, never run."""
    root = tmp_path / "repo"
    root.mkdir()
    _write(
        root,
        {
            "setup.py": SETUP_PY,
            "taskr/__init__.py": "",
            "taskr/cli.py": "import click\nimport rich\n\n\n@click.group()\ndef cli():\n"
            "    rich.print('tasks')\n",
        },
    )

    scan = scan_repository(open_repo(str(root)), since=None, cache=AnalysisCache(None))

    assert [(item.name, item.version, item.source) for item in scan.stack] == [
        ("click", ">=8.1", "setup.py"),
        ("rich", None, "setup.py"),
        ("httpx", "0.27.0", "setup.py"),
        ("pytest", ">=8", "setup.py"),
        ("mkdocs", None, "setup.py"),
        ("mkdocs-material", None, "setup.py"),
    ]
    assert not any(item.from_imports for item in scan.stack)
    assert manifest_paths(["setup.py", "taskr/cli.py"]) == ["setup.py"]


def test_a_setup_py_declares_only_what_it_writes_out(tmp_path: Path) -> None:
    """A list read at run time gives nothing (its requirements.txt is read on its own); a
    build script's import is no dependency of the code; one Python cannot parse is skipped."""
    root = tmp_path / "repo"
    root.mkdir()
    _write(
        root,
        {
            "setup.py": (
                "import numpy\nfrom setuptools import setup\n\n"
                "setup(name='fast', include_dirs=[numpy.get_include()],\n"
                "      install_requires=open('requirements.txt').read().splitlines())\n"
            ),
            "requirements.txt": "flask==3.0.3\n",
            "old/setup.py": "print 'python 2'\n",
            "app.py": "import flask\n\napp = flask.Flask(__name__)\n",
        },
    )
    unreadable: list[tuple[str, str]] = []

    scan = scan_repository(open_repo(str(root)), since=None, cache=AnalysisCache(None))
    detect_stack(root, ["old/setup.py"], unreadable)

    assert [(item.name, item.source) for item in scan.stack] == [("flask", "requirements.txt")]
    assert [path for path, _ in unreadable] == ["old/setup.py"]


def test_a_manifests_install_of_the_project_itself_is_no_dependency(tmp_path: Path) -> None:
    """Pipfile's ``shiv_cli = {file = ".", editable = true}`` listed the project shiv-cli in
    its own stack; so would Poetry's ``{path = ".", develop = true}`` and a pyproject's extra
    that gathers the project's other extras. A library in another folder stays."""
    paths = _write(
        tmp_path,
        {
            "Pipfile": (
                '[packages]\nclick = "*"\nshiv_cli = {file = ".", editable = true}\n'
                'helpers = {path = "./libs/helpers", editable = true}\n'
            ),
            "api/pyproject.toml": (
                '[project]\nname = "task-api"\ndependencies = ["fastapi"]\n'
                '[project.optional-dependencies]\ntest = ["pytest"]\n'
                'all = ["task_api[test]"]\n'
                "[tool.poetry.dependencies]\n"
                'task-api = {path = "./", develop = true}\nhttpx = "^0.27"\n'
            ),
            "requirements.txt": "-e .\nrequests\n",
        },
    )

    assert [(item.name, item.source) for item in detect_stack(tmp_path, paths)] == [
        ("fastapi", "api/pyproject.toml"),
        ("pytest", "api/pyproject.toml"),
        ("httpx", "api/pyproject.toml"),
        ("click", "Pipfile"),
        ("helpers", "Pipfile"),
        ("requests", "requirements.txt"),
    ]
