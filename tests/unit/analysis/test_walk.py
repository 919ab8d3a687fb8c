"""The repository walk: what is read, what is skipped, and how each skip is counted."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from mentorbot.analysis.walk import WalkResult, git_blob_sha, walk_repo
from mentorbot.domain import SkippedFiles
from tests.gitrepo import GitRepo


def _write(root: Path, relpath: str, content: str | bytes) -> None:
    target = root / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode() if isinstance(content, str) else content)


def _paths(result: WalkResult) -> list[str]:
    return [walked.path for walked in result.files]


def test_nested_gitignore_with_negation_follows_git(tmp_path: Path) -> None:
    _write(tmp_path, ".gitignore", "*.log\n!keep.log\nsecrets/\n/local.py\n")
    _write(tmp_path, "app.log", "x\n")
    _write(tmp_path, "keep.log", "kept\n")
    _write(tmp_path, "local.py", "DEBUG = True\n")
    _write(tmp_path, "secrets/token.txt", "abc\n")
    _write(tmp_path, "pkg/local.py", "VALUE = 1\n")
    _write(tmp_path, "pkg/.gitignore", "*.tmp\n!debug.log\n")
    _write(tmp_path, "pkg/debug.log", "re-included by the deeper file\n")
    _write(tmp_path, "pkg/other.log", "still ignored\n")
    _write(tmp_path, "pkg/cache.tmp", "ignored here\n")
    _write(tmp_path, "cache.tmp", "not ignored at the top\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == [
        ".gitignore",
        "cache.tmp",
        "keep.log",
        "pkg/.gitignore",
        "pkg/debug.log",
        "pkg/local.py",
    ]
    # app.log, local.py, secrets/ (one folder), pkg/other.log, pkg/cache.tmp
    assert result.skipped.ignored == 5


def test_file_inside_ignored_folder_cannot_be_reincluded(tmp_path: Path) -> None:
    _write(tmp_path, ".gitignore", "data/\n!data/keep.txt\n")
    _write(tmp_path, "data/keep.txt", "git does not look inside an excluded folder\n")
    _write(tmp_path, "main.py", "print('hi')\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == [".gitignore", "main.py"]
    assert result.skipped.ignored == 1


def test_files_git_tracks_are_walked_whatever_the_ignore_rules_say(tmp_path: Path) -> None:
    """``config.json`` with a bot token was committed and then listed in ``.gitignore``: the
    log said "Skipped: 1 ignored file" and missed the token every clone has (corpus 85)."""
    repo = GitRepo(tmp_path / "bot").init()
    repo.write("config.json", '{"token": "x"}\n')
    repo.write("secrets/keys.env", "KEY=x\n")
    repo.write("bot.py", "print('hi')\n")
    repo.commit("first")
    repo.write(".gitignore", "config.json\nsecrets/\n*.log\n")
    repo.write("debug.log", "not tracked, still ignored\n")
    repo.write("secrets/local.env", "not tracked either\n")
    repo.commit("ignore local files")

    result = walk_repo(repo.path)

    assert _paths(result) == [".gitignore", "bot.py", "config.json", "secrets/keys.env"]
    assert result.skipped.ignored == 2


def test_info_exclude_and_extra_ignores(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write(".git/info/exclude", "scratch/\n")
    repo.write("scratch/try.py", "x = 1\n")
    repo.write("notebooks/a.md", "# notes\n")
    repo.write("src/app.py", "x = 1\n")
    repo.write("src/app_test_data.json", "{}\n")

    result = walk_repo(tmp_path, extra_ignores=["notebooks/", "*.json"])

    assert _paths(result) == ["src/app.py"]
    assert result.skipped.ignored == 3


def test_subfolder_of_a_repo_uses_the_parent_gitignore(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write(".gitignore", "*.sqlite3\nservice/build.txt\n")
    repo.write("service/app.py", "x = 1\n")
    repo.write("service/dev.sqlite3", "not binary by extension check, ignored first\n")
    repo.write("service/build.txt", "anchored to the parent folder\n")

    repo.write("service/.gitignore", "*.tmp\n")
    repo.write("service/api/routes.py", "x = 1\n")
    repo.write("service/api/cache.tmp", "ignored by the parent folder's file\n")

    result = walk_repo(tmp_path / "service")
    deeper = walk_repo(tmp_path / "service" / "api")

    assert _paths(result) == [".gitignore", "api/routes.py", "app.py"]
    assert result.skipped.ignored == 3
    assert _paths(deeper) == ["routes.py"]
    assert deeper.skipped.ignored == 1


def test_vendored_folders_are_counted_once_and_not_entered(tmp_path: Path) -> None:
    _write(tmp_path, "node_modules/react/index.js", "module.exports = {}\n")
    _write(tmp_path, "node_modules/react/package.json", "{}\n")
    _write(tmp_path, ".venv/lib/site.py", "x = 1\n")
    _write(tmp_path, "env/pyvenv.cfg", "home = /usr/bin\n")
    _write(tmp_path, "env/lib/os.py", "x = 1\n")
    _write(tmp_path, "app/__pycache__/main.cpython-311.pyc", b"\x00\x01")
    _write(tmp_path, "shop.egg-info/PKG-INFO", "Name: shop\n")
    _write(tmp_path, "config/env/settings.py", "DEBUG = False\n")
    _write(tmp_path, "app/main.py", "app = object()\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["app/main.py", "config/env/settings.py"]
    assert result.skipped.vendored == 5
    assert result.skipped.binary == 0


def test_a_committed_build_is_build_output_not_vendored_code(tmp_path: Path) -> None:
    """A committed Vite build (frontend/dist: an index.html and two bundles) was "1 vendored
    file" (blind check m1): it is a folder a build wrote, counted once and never entered."""
    _write(tmp_path, "frontend/dist/index.html", "<!doctype html><div id=root></div>\n")
    _write(tmp_path, "frontend/dist/assets/index-B7x9kQ2a.js", "var a=1;\n")
    _write(tmp_path, "frontend/dist/assets/index-Cm1w0d3F.css", "*{margin:0}\n")
    _write(tmp_path, "build/lib/shop/__init__.py", "")
    _write(tmp_path, "frontend/node_modules/react/index.js", "module.exports = {}\n")
    _write(tmp_path, "frontend/src/main.js", "export const hello = () => 'hi';\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["frontend/src/main.js"]
    assert (result.skipped.build_output, result.skipped.vendored) == (2, 1)


def test_a_committed_next_or_sveltekit_build_is_build_output(tmp_path: Path) -> None:
    """A committed ``.next`` made a Next.js app "javascript 1,470 lines", and SvelteKit's
    ``.svelte-kit`` ("this file is generated — do not edit it") counted as the learner's
    TypeScript (blind check m2)."""
    _write(tmp_path, "frontend/.next/server/app/page.js", "module.exports = 1;\n")
    _write(tmp_path, "web/.svelte-kit/ambient.d.ts", "declare module '$env/static/private' {}\n")
    _write(tmp_path, "web/.svelte-kit/generated/client/app.js", "export const nodes = [];\n")
    _write(tmp_path, "web/src/routes/+page.svelte", "<h1>Boards</h1>\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["web/src/routes/+page.svelte"]
    assert result.skipped.build_output == 2


def test_a_submodule_and_a_repository_cloned_inside_are_vendored(tmp_path: Path) -> None:
    """A submodule's ``time.sleep`` was reported at ``shared/lib/helper.py:5``, a path that
    is a gitlink in the learner's commits: no file to cite there (blind check g1)."""
    library = GitRepo(tmp_path / "library").init()
    library.write("helper.py", "import time\n\n\nasync def fetch():\n    time.sleep(1)\n")
    library.commit("helper")
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", "app = object()\n")
    repo.commit("app")
    add = ["git", "-c", "protocol.file.allow=always", "submodule", "add", "-q"]
    subprocess.run(
        [*add, str(library.path), "shared/lib"],
        cwd=repo.path,
        check=True,
        capture_output=True,
    )
    repo.commit("add the shared library as a submodule")
    subprocess.run(["git", "clone", "-q", str(library.path), str(repo.path / "course")], check=True)

    result = walk_repo(repo.path)

    assert _paths(result) == [".gitmodules", "app/main.py"]
    assert result.skipped.vendored == 2
    # A plain folder holding repositories, reviewed as a whole, reads them all.
    assert "repo/app/main.py" in _paths(walk_repo(tmp_path))


def test_binary_huge_generated_and_lock_files(tmp_path: Path) -> None:
    _write(tmp_path, "logo.png", "not even looked at\n")
    _write(tmp_path, "data.bin.txt", b"header\x00\x01\x02")
    _write(tmp_path, "dump.sql", "INSERT INTO t VALUES (1);\n" * 100)
    _write(tmp_path, "api_pb2.py", "DESCRIPTOR = None\n")
    _write(tmp_path, "static/app.min.js", "var a=1;\n")
    _write(tmp_path, "client.py", "# Code generated by openapi. DO NOT EDIT.\nx = 1\n")
    _write(tmp_path, "schema.ts", "// This file is Auto-Generated\nexport {}\n")
    _write(
        tmp_path,
        "ui_mainwindow.py",
        "# -*- coding: utf-8 -*-\n\n# Form implementation generated from reading ui file "
        "'mainwindow.ui'\n#\n# Created by: PyQt5 UI code generator 5.15.9\n"
        "from PyQt5 import QtCore, QtGui, QtWidgets\n",
    )
    _write(
        tmp_path,
        "dashboard_rc.py",
        "# -*- coding: utf-8 -*-\n\n# Resource object code\n#\n# Created by: The Resource "
        "Compiler for PyQt5 (Qt v5.15.2)\n#\n# WARNING! All changes made in this file will "
        "be lost!\n\nfrom PyQt5 import QtCore\n",
    )
    _write(tmp_path, "poetry.lock", "# This file is automatically @generated by Poetry\n")
    _write(tmp_path, "app.py", "# written by hand\n\nprint('ok')\n")

    result = walk_repo(tmp_path, max_bytes=1000)

    assert _paths(result) == ["app.py", "poetry.lock"]
    assert result.skipped.binary == 2
    assert result.skipped.too_large == 1
    assert result.skipped.generated == 6


def test_symlinks_are_counted_never_followed_even_in_a_loop(tmp_path: Path) -> None:
    _write(tmp_path, "pkg/real.py", "x = 1\n")
    os.symlink("..", tmp_path / "pkg" / "loop")
    os.symlink("real.py", tmp_path / "pkg" / "alias.py")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    _write(outside, "secret.py", "TOKEN = 'x'\n")
    os.symlink(outside, tmp_path / "escape")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["pkg/real.py"]
    assert result.skipped.symlinks == 3


def test_blob_sha_matches_git_hash_object(tmp_path: Path) -> None:
    _write(tmp_path, "app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    _write(tmp_path, "README.md", "# 任务 API\n\n学习记录\n")

    result = walk_repo(tmp_path)

    for walked in result.files:
        expected = subprocess.run(
            ["git", "hash-object", "--no-filters", walked.path],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert walked.blob_sha == expected
    assert git_blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def test_languages_loc_and_data_kept_only_for_read_languages(tmp_path: Path) -> None:
    source = "import os\n\n\ndef main():\n    return os.getcwd()\n"
    _write(tmp_path, "app/main.py", source)
    _write(tmp_path, "README.md", "# Title\n\nText\n")
    _write(tmp_path, "Dockerfile", "FROM python:3.12-slim\n")
    _write(tmp_path, "legacy.txt", "caf\xe9\n\nna\xefve\n".encode("latin-1"))

    result = walk_repo(tmp_path)
    by_path = {walked.path: walked for walked in result.files}

    assert by_path["app/main.py"].language == "python"
    assert by_path["app/main.py"].loc == 3
    assert by_path["app/main.py"].size == len(source)
    assert by_path["app/main.py"].data == source.encode()
    assert by_path["README.md"].language == "markdown"
    assert by_path["README.md"].loc == 2
    assert by_path["README.md"].data is None
    assert by_path["Dockerfile"].language == "dockerfile"
    assert by_path["legacy.txt"].language == "text"
    assert by_path["legacy.txt"].loc == 2

    with_markdown = walk_repo(tmp_path, read_languages=frozenset({"markdown"}))
    kept = {walked.path: walked.data for walked in with_markdown.files}
    assert kept["README.md"] == b"# Title\n\nText\n"
    assert kept["app/main.py"] is None


def test_git_folder_is_never_listed(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("main.py", "x = 1\n")
    repo.commit("feat: add main")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["main.py"]
    assert result.skipped.ignored == 0


def test_many_files_are_all_walked(tmp_path: Path) -> None:
    for package in range(20):
        for module in range(50):
            _write(tmp_path, f"pkg{package:02d}/mod{module:02d}.py", f"VALUE = {module}\n")

    result = walk_repo(tmp_path)

    assert len(result.files) == 1000
    assert result.files[0].path == "pkg00/mod00.py"
    assert result.files[-1].path == "pkg19/mod49.py"
    assert sum(walked.loc for walked in result.files) == 1000


def test_a_name_that_is_not_utf8_is_skipped_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("x = 1\n")
    latin1 = os.fsencode(tmp_path / "app") + b"/caf\xe9.py"
    with open(latin1, "wb") as handle:
        handle.write(b"import time\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["app/main.py"]
    assert result.skipped.unreadable == 1


def test_a_name_with_a_line_break_is_skipped_as_unreadable(tmp_path: Path) -> None:
    """``new\\nline.py`` was cited as ``new line.py:9``, a file that does not exist and
    may be another one (blind check g1)."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("x = 1\n")
    (tmp_path / "app" / "new\nline.py").write_text("import time\n")

    result = walk_repo(tmp_path)

    assert _paths(result) == ["app/main.py"]
    assert result.skipped.unreadable == 1


def test_the_mentors_own_logs_are_neither_reviewed_nor_counted_as_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "learning_log_step1.md").write_text("# Step 1\n")
    (tmp_path / "docs" / "notes.md").write_text("# mine\n")

    result = walk_repo(tmp_path, unseen=["docs/learning_log_step*.md"])

    assert _paths(result) == ["docs/notes.md"]
    assert result.skipped == SkippedFiles()


def test_a_notebook_counts_the_lines_of_its_code_cells(tmp_path: Path) -> None:
    """A notebook's JSON, its outputs and prose had been counted as its lines of code: 448 of a
    project's 562 (blind check s2). A file that is no notebook's JSON keeps its raw count."""
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Prices\n", "\n", "Load the listings.\n"]},
            {
                "cell_type": "code",
                "source": ["import pandas as pd\n", "\n", "df = pd.read_csv('listings.csv')\n"],
                "outputs": [{"output_type": "stream", "text": ["rows: 4021\n"] * 40}],
            },
            {"cell_type": "code", "source": "df.describe()"},
        ],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    _write(tmp_path, "notebooks/eda.ipynb", json.dumps(notebook, indent=1))
    _write(tmp_path, "broken.ipynb", "{\n  not json\n}\n")

    counted = {walked.path: walked.loc for walked in walk_repo(tmp_path).files}

    assert counted == {"notebooks/eda.ipynb": 3, "broken.ipynb": 3}
