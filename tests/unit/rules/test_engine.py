"""The engine never crashes on what real repositories contain, and its results are stable."""

from __future__ import annotations

import gc
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from mentorbot.analysis.file_text import decode_source
from mentorbot.domain import Text
from mentorbot.rules import ruff as ruff_module
from mentorbot.rules.engine import (
    ENCODING_SIGNAL,
    NEWER_PYTHON_SIGNAL,
    analyze_python_file,
    analyze_text_file,
    review_findings,
)
from mentorbot.rules.review import review_sources
from mentorbot.rules.ruff import run_ruff, run_ruff_checked, run_ruff_on_sources
from mentorbot.rules.secret_paths import is_requirements_path, is_secret_scan_candidate

BLOCKING = b"import time\n\n\nasync def tick() -> None:\n    time.sleep(1)\n"


def test_blob_sha_is_the_one_git_computes(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(BLOCKING)
    git_sha = subprocess.run(
        ["git", "hash-object", "a.py"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert analyze_python_file("a.py", BLOCKING).blob_sha == git_sha


def test_syntax_error_becomes_a_finding_at_its_line() -> None:
    analysis = analyze_python_file("app/main.py", b"def ok():\n    return 1\n\nif True\n    pass\n")
    assert analysis.parse_error is not None
    assert [(f.rule, f.category, f.severity, f.line) for f in analysis.findings] == [
        ("MB001", "other", "high", 4)
    ]
    assert analysis.findings[0].message.en.startswith("Syntax error: ")
    assert analysis.findings[0].snippet == "if True"


def test_null_bytes_do_not_crash_the_parse() -> None:
    analysis = analyze_python_file("bad.py", b"x = 1\x00\n")
    assert [f.rule for f in analysis.findings] == ["MB001"]


def test_latin1_file_is_read_with_a_note_and_still_analysed() -> None:
    """Python refuses a file that is not UTF-8 and declares no encoding: that is a finding at
    the first such byte, and the rest is analysed as latin-1 all the same."""
    source = "# Größe\nimport time\n\n\nasync def wait() -> None:\n    time.sleep(2)\n"
    analysis = analyze_python_file("legacy.py", source.encode("latin-1"))
    assert analysis.parse_error is None
    assert [s.name for s in analysis.signals if s.kind == ENCODING_SIGNAL] == ["latin-1"]
    assert [(f.rule, f.line) for f in analysis.findings] == [("MB001", 1), ("MB101", 6)]
    assert analysis.findings[0].message.en == (
        "The file is not saved as UTF-8 and declares no encoding: Python refuses it at byte "
        "'\\xf6' on line 1"
    )
    assert analysis.findings[0].snippet == "# Größe"
    declared = analyze_python_file(
        "legacy.py", ("# -*- coding: latin-1 -*-\n" + source).encode("latin-1")
    )
    assert [(f.rule, f.line) for f in declared.findings] == [("MB101", 7)]
    assert [s for s in declared.signals if s.kind == ENCODING_SIGNAL] == []


def test_coding_cookie_and_bom_are_honoured() -> None:
    cp1251 = "# -*- coding: cp1251 -*-\nNAME = 'Привет'\n".encode("cp1251")
    assert decode_source(cp1251) == ("# -*- coding: cp1251 -*-\nNAME = 'Привет'\n", "cp1251")
    assert decode_source(b"\xef\xbb\xbfx = 1\n") == ("x = 1\n", None)
    analysis = analyze_python_file("bom.py", b"\xef\xbb\xbfimport time\n")
    assert analysis.findings == ()


def test_text_file_scan_and_candidates() -> None:
    assert is_secret_scan_candidate(".env")
    assert is_secret_scan_candidate("deploy/.env.production")
    assert is_secret_scan_candidate("config/settings.yaml")
    assert is_secret_scan_candidate(".env.example")
    assert not is_secret_scan_candidate("package-lock.json")
    assert not is_secret_scan_candidate("app/main.py")
    for requirements in ("requirements-dev.txt", "backend/requirements/base.txt", "constraints.in"):
        assert is_secret_scan_candidate(requirements)
    # A doc, not a pip file: scanned for values shaped like secrets only.
    assert is_secret_scan_candidate("docs/requirements.md")
    assert not is_requirements_path("docs/requirements.md")
    assert not is_secret_scan_candidate("notes/reading-list.txt")
    analysis = analyze_text_file(
        "docker-compose.yml",
        b"services:\n  db:\n    environment:\n"
        b"      POSTGRES_PASSWORD: postgres\n      API_TOKEN: tk_9f8e7d6c5b\n",
    )
    # The image's default password committed is a credential too (blind checks 57, 78).
    assert [(f.line, f.severity) for f in analysis.findings] == [(4, "high"), (5, "high")]


def test_fingerprint_survives_the_line_moving() -> None:
    moved = (
        b"import time\n\n# a comment pushed everything down\n\n\nasync def tick() -> None:\n"
        b"        time.sleep(1)\n"
    )
    before = analyze_python_file("app/jobs.py", BLOCKING).findings
    after = analyze_python_file("app/jobs.py", moved).findings
    assert [f.line for f in before] == [5] and [f.line for f in after] == [7]
    assert before[0].fingerprint == after[0].fingerprint
    assert (
        before[0].fingerprint
        != analyze_python_file("app/other.py", BLOCKING).findings[0].fingerprint
    )


def test_ruff_duplicate_of_our_finding_is_dropped() -> None:
    analysis = analyze_python_file("app/jobs.py", BLOCKING)
    ruff_findings = run_ruff_on_sources({"app/jobs.py": BLOCKING})
    assert [(f.rule, f.line, f.source) for f in ruff_findings["app/jobs.py"]] == [
        ("MB101", 5, "ruff")
    ]
    assert "(ruff ASYNC251)" in ruff_findings["app/jobs.py"][0].message.en
    merged = review_findings([analysis], [], ["app/jobs.py"], ruff_findings)
    assert [(f.rule, f.line, f.source) for f in merged] == [("MB101", 5, "mentor")]


def test_ruff_on_old_versions_leaves_nothing_behind_and_writes_only_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old versions go to a scratch tree that is gone afterwards, with no ruff cache of it (it
    is never seen again) and nothing written outside it by a path that climbs out."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(ruff_module, "SCRATCH_PARENTS", (str(scratch),))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    found = run_ruff_on_sources({"app/jobs.py": BLOCKING, "../escape.py": BLOCKING})
    assert [(f.rule, f.line) for f in found["app/jobs.py"]] == [("MB101", 5)]
    assert "../escape.py" not in found
    assert not (tmp_path / "escape.py").exists()
    assert list(scratch.iterdir()) == []
    assert not any(path.is_file() for path in (tmp_path / "tmp").rglob("*"))


def test_ruff_only_findings_are_kept_with_their_code() -> None:
    source = (
        b"def add(item: str, bucket: list[str] = []) -> list[str]:\n    bucket.append(item)\n"
        b"    return bucket\n"
    )
    findings = review_findings(
        [analyze_python_file("lib.py", source)],
        [],
        ["lib.py"],
        run_ruff_on_sources({"lib.py": source}),
    )
    assert [(f.rule, f.category, f.severity, f.line, f.source) for f in findings] == [
        ("MB201", "other", "medium", 1, "ruff")
    ]
    assert findings[0].message.en == "mutable default argument is shared between calls (ruff B006)"


def test_a_name_compared_with_itself_in_an_if_is_not_told_about_queries() -> None:
    """``if member == member:`` in a bot's command was said to make "a query filtered by it"
    match every row; there was no query (blind check corpus 58)."""
    source = b"def react(member: str) -> str:\n    if member == member:\n        return 'hug'\n"
    findings = review_findings(
        [analyze_python_file("cogs/fun.py", source)],
        [],
        ["cogs/fun.py"],
        run_ruff_on_sources({"cogs/fun.py": source}),
    )
    assert [(f.rule, f.line) for f in findings] == [("MB201", 2)]
    assert "an `if` on it always runs" in findings[0].message.en


def test_a_ruff_finding_names_what_it_is_about_once_per_line() -> None:
    """``from . import models, schemas, utils`` with two of them unused: one finding that
    names both, so the learner does not remove the import that is used."""
    source = (
        b"from fastapi import Depends, FastAPI, status\n"
        b"from . import models, schemas, utils\n\n"
        b"app = FastAPI()\nmodels.Base.metadata.create_all()\n\n\n"
        b"def handler() -> None:\n    total = 1\n"
    )
    findings = run_ruff_on_sources({"app/main.py": source})["app/main.py"]
    assert [(f.line, f.message.en) for f in findings] == [
        (1, "`fastapi.Depends`, `fastapi.status` imported but never used (ruff F401)"),
        (2, "`.schemas`, `.utils` imported but never used (ruff F401)"),
        (9, "variable `total` is assigned but never used (ruff F841)"),
    ]
    assert findings[1].message.zh == "导入了 `.schemas`、`.utils` 但没有使用（ruff F401）"


def test_ruff_writes_nothing_into_the_reviewed_repo(tmp_path: Path) -> None:
    (tmp_path / "jobs.py").write_bytes(BLOCKING)
    assert [f.line for f in run_ruff(tmp_path, ["jobs.py"])["jobs.py"]] == [5]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jobs.py"]


def test_missing_ruff_binary_gives_a_note_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "jobs.py").write_bytes(BLOCKING)
    monkeypatch.setattr(ruff_module, "ruff_binary", lambda: None)
    result = run_ruff_checked(tmp_path, ["jobs.py"])
    assert result.findings == {}
    assert result.note is not None and "ruff" in result.note.en


def test_crashing_ruff_gives_a_note_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "jobs.py").write_bytes(BLOCKING)
    fake = tmp_path / "fake-ruff"
    fake.write_text("#!/bin/sh\necho 'ruff: internal error' >&2\nexit 2\n")
    fake.chmod(0o755)
    monkeypatch.setattr(ruff_module, "ruff_binary", lambda: str(fake))
    result = run_ruff_checked(tmp_path, ["jobs.py"])
    assert result.findings == {}
    assert result.note == Text(
        zh="ruff 没有运行成功（ruff: internal error），本次结果不含 ruff 的检查项。",
        en="ruff could not run (ruff: internal error); this review has no ruff findings.",
    )


def test_same_rule_and_line_is_reported_once() -> None:
    lines = ["def parse(raw: str) -> int:", "    try:", "        return int(raw)", "    except:"]
    source = "\n".join([*lines, "        pass", ""]).encode()
    findings = review_findings(
        [analyze_python_file("p.py", source)], [], ["p.py"], run_ruff_on_sources({"p.py": source})
    )
    assert [(f.rule, f.line) for f in findings] == [("MB106", 4)]


def test_a_broad_except_at_module_level_is_placed_in_words_not_as_module() -> None:
    """A Streamlit page or a script catches at the top level; "in `<module>`" named Python's
    internal name for it."""
    source = (
        b"import streamlit as st\n\n"
        b"try:\n    st.write(answer())\nexcept:\n    st.error('failed')\n\n\n"
        b"def parse(raw):\n    try:\n        return float(raw)\n    except:\n        return 0.0\n"
    )
    messages = [f.message for f in analyze_python_file("app.py", source).findings]

    assert [m.en for m in messages] == [
        "`except:` at module level swallows the error instead of re-raising it",
        "`except:` in `parse` swallows the error instead of re-raising it",
    ]
    assert [m.zh for m in messages] == [
        "模块顶层的 `except:` 没有重新抛出，错误会被吞掉",
        "`parse` 中的 `except:` 没有重新抛出，错误会被吞掉",
    ]


def test_an_f_string_that_reuses_its_quotes_is_not_called_a_mistake_of_the_learner() -> None:
    """Python 3.12 reads f"{task.info.get("progress", 0)}%"; an older interpreter running the
    review cannot, which says nothing about the learner's code. A really broken f-string stays
    a syntax error."""
    reused = b'status = f"Status = {int(info.get("progress", 0))}%"\n'
    broken = b'status = f"Status = {int(progress}%"\n'

    reused_findings = analyze_python_file("main.py", reused).findings
    broken_findings = analyze_python_file("main.py", broken).findings

    assert reused_findings == ()
    assert [(f.rule, f.severity) for f in broken_findings] == [("MB001", "high")]
    assert broken_findings[0].message.en.startswith("Syntax error: f-string")


def test_a_file_with_3_12_f_strings_is_analysed_and_quoted_as_written() -> None:
    """``f'{data['name']}'`` made the whole admin module of a bot a syntax error on the
    Python running the review: its 12 handlers and findings were lost (blind check corpus
    65). The file is read with the inner quotes swapped; its lines are quoted as written."""
    source = (
        b"import time\n\n\n"
        b"async def profile(message, data: dict) -> None:\n"
        b"    time.sleep(1)\n"
        b"    await message.answer(f'{data['name']}\\n{data.get('age', '?')}')\n"
    )

    analysis = analyze_python_file("handlers/admin.py", source)

    assert analysis.parse_error is None
    assert [(f.rule, f.line, f.snippet) for f in analysis.findings] == [
        ("MB101", 5, "time.sleep(1)")
    ]


NEWER_SYNTAX_CASES = [
    pytest.param(
        b"type Vector = list[float]\n", 1, (3, 12), "this `type` alias statement", id="type"
    ),
    pytest.param(
        b"def first[T](items: list[T]) -> T:\n    return items[0]\n",
        1,
        (3, 12),
        "this type-parameter list",
        id="generic-def",
    ),
    pytest.param(
        b"class Box[T]:\n    item: T\n", 1, (3, 12), "this type-parameter list", id="class"
    ),
    pytest.param(
        b'def title(user: dict) -> str:\n    return f"{user["it\'s"]} {user[\'a"b\']}"\n',
        2,
        (3, 12),
        "this f-string",
        id="f-string-holding-both-quotes",
    ),
    pytest.param(
        b"try:\n    run()\nexcept ValueError, TypeError:\n    pass\n",
        3,
        (3, 14),
        "this `except` of several types without brackets",
        id="except",
    ),
]


@pytest.mark.parametrize(("source", "line", "needs", "feature"), NEWER_SYNTAX_CASES)
def test_syntax_of_a_newer_python_is_not_called_a_mistake_of_the_learner(
    source: bytes, line: int, needs: tuple[int, int], feature: str
) -> None:
    """PEP 695 aliases and type parameters (3.12) and an unbracketed ``except A, B:`` (3.14) are
    valid where the learner runs them; only the review's older parser refuses them. No finding
    (a low MB001 had still made Code quality partial, blind check p1): a signal says where and
    what Python it needs, for the scan's note."""
    analysis = analyze_python_file("app/types.py", source)

    newer = [s for s in analysis.signals if s.kind == NEWER_PYTHON_SIGNAL]
    if sys.version_info >= needs:
        assert [f.rule for f in analysis.findings if f.rule == "MB001"] == []
        assert newer == []
    else:
        assert analysis.findings == ()
        assert [(s.line, s.name, s.data["en"]) for s in newer] == [
            (line, f"{needs[0]}.{needs[1]}", feature)
        ]


def test_an_except_of_several_types_with_a_name_stays_a_syntax_error() -> None:
    """``except A, B as error:`` is an error on every Python: the brackets are needed with
    ``as``, so it is the learner's to fix."""
    source = b"try:\n    run()\nexcept ValueError, TypeError as error:\n    print(error)\n"

    findings = analyze_python_file("app/jobs.py", source).findings

    assert [(f.rule, f.severity, f.line) for f in findings] == [("MB001", "high", 3)]


def test_an_awaited_session_call_is_not_blocking_even_on_a_session_typed_sync() -> None:
    """A service typed ``db: Session`` that branches on ``isinstance(db, AsyncSession)``: the
    awaited calls of the async branch do not block; the sync branch's query does."""
    source = b"""\
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.models import User


async def get_user(db: Session, user_id: int) -> User | None:
    if isinstance(db, AsyncSession):
        result = await db.execute(select(User).where(User.id == user_id))
        return result.scalar_one_or_none()
    return db.query(User).filter(User.id == user_id).first()


async def rename(db: Session, user: User, name: str) -> None:
    user.name = name
    if isinstance(db, AsyncSession):
        await db.commit()
    else:
        db.commit()
"""
    findings = analyze_python_file("app/services/users.py", source).findings

    assert [(f.rule, f.line) for f in findings] == [("MB101", 12), ("MB101", 20)]
    assert "`db.query`" in findings[0].message.en
    assert "`db.commit`" in findings[1].message.en


def test_analysis_leaves_the_cycle_collector_as_it_found_it() -> None:
    """It pauses the collector per file; a server must not be left with it off (memory would
    only grow), nor a caller that had turned it off find it on."""
    assert gc.isenabled()
    analyze_python_file("app/jobs.py", BLOCKING)
    analyze_python_file("bad.py", b"def broken(:\n")
    assert gc.isenabled()
    gc.disable()
    try:
        analyze_python_file("app/jobs.py", BLOCKING)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_script_running_its_own_loop_blocks_nobody_but_itself() -> None:
    """A shop's seed script read its JSON file blocking inside ``async def run`` under
    ``asyncio.run``; the plan made it the learner's first task, ahead of a committed password
    (blind check corpus 20). It stays reported, at low severity; the same code served by an
    app is high."""
    from mentorbot.rules._file_cases import SEED_SCRIPT

    script = analyze_python_file("scripts/seed.py", SEED_SCRIPT.encode()).findings
    served = SEED_SCRIPT.replace('\n\nif __name__ == "__main__":\n    asyncio.run(seed())\n', "\n")
    module = analyze_python_file("app/seed.py", served.encode()).findings

    assert [(f.rule, f.severity, f.line) for f in script] == [("MB101", "low", 9)]
    assert [(f.rule, f.severity, f.line) for f in module] == [("MB101", "high", 9)]


def test_an_unused_import_line_names_only_the_names_no_other_module_takes_from_it() -> None:
    """A package's ``from flask_restful import fields, reqparse, Resource`` whose modules import
    the last two from it: all three were called unused, and removing them breaks those modules
    (blind check f1)."""
    from mentorbot.rules._ruff_general_cases import HELLO_RESOURCE, RESOURCES_PACKAGE

    findings = review_sources(
        {
            "project/resources/__init__.py": RESOURCES_PACKAGE.encode(),
            "project/resources/hello.py": HELLO_RESOURCE.encode(),
        }
    )

    [unused] = [f for f in findings if f.message.en.endswith("(ruff F401)")]
    assert unused.path == "project/resources/__init__.py"
    assert unused.message.en == "`flask_restful.fields` imported but never used (ruff F401)"
    assert unused.message.zh == "导入了 `flask_restful.fields` 但没有使用（ruff F401）"
