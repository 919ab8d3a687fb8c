"""A secret taken out of a config file the repository keeps: the growth section names the
commit that took it out, and the lesson is about that file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mentorbot.jsonout import report_json
from tests.gitrepo import GitRepo
from tests.integration.grounding import assert_grounded

STRIPE_KEY = "sk_live_51Hx9aQ2mLr8NcD1" + "hJf6sEaUoPz3kW7y"
MAIN = (
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\n'
    'def root() -> dict:\n    return {"ok": True}\n'
)


async def test_a_secret_line_taken_out_of_a_kept_env_file_was_fixed_in_that_commit(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """The log said "fixed in changes not committed yet" of a key the learner had committed
    the removal of, in a clean tree (blind check m1)."""
    repo = GitRepo(tmp_path / "shop").init()
    repo.write("main.py", MAIN)
    repo.write(
        "web/.env",
        f"VITE_API_URL=http://localhost:8000\nVITE_STRIPE_SECRET={STRIPE_KEY}\nVITE_TITLE=demo\n",
    )
    repo.commit("init", date="2026-02-02T10:00:00+00:00")
    await review(repo_path=str(repo.path), learner=learner)
    repo.write("web/.env", "VITE_API_URL=http://localhost:8000\nVITE_TITLE=demo\n")
    fix = repo.commit("fix: remove stripe key from the repo", date="2026-02-09T10:00:00+00:00")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")

    fixed = [f for f in run["report"].fixed_findings if f.rule == "MB107"]
    assert [(f.path, f.fixed_by) for f in fixed] == [("web/.env", fix)]
    [lesson] = [x for x in run["report"].lessons if x.rule == "MB107"]
    assert (lesson.commit, lesson.path) == (fix, "web/.env")
    log = Path(run["log_path"]).read_text(encoding="utf-8")
    assert f"`web/.env`, fixed in commit `{fix[:8]}`" in log
    assert "not committed yet" not in log
    assert STRIPE_KEY not in log
    assert_grounded(repo.path, log)
    assert_grounded(repo.path, json.dumps(report_json(run["report"], "en", log_path=None)))


async def test_a_secrets_file_deleted_as_the_fix_counts_as_fixed_not_gone(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A settings file holding a token, deleted by the commit credited with solving it, read
    "0 fixed, 1 gone with deleted code" above that solved problem (blind check a1)."""
    token = "ghp_bKaAZijba5eF7Benwx2KK8Lj9SIqvj7MWGHb"
    repo = GitRepo(tmp_path / "snake").init()
    repo.write("main.py", MAIN)
    repo.write("settings.json", json.dumps({"player": "elmar", "github_token": token}, indent=4))
    repo.commit("init", date="2026-02-02T10:00:00+00:00")
    await review(repo_path=str(repo.path), learner=learner)
    repo.delete("settings.json")
    repo.write(".gitignore", "settings.json\n")
    fix = repo.commit("fix: stop committing the github token", date="2026-02-09T10:00:00+00:00")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")

    assert [(x.commit, x.rule) for x in run["report"].lessons if x.status == "solved"] == [
        (fix, "MB107")
    ]
    log = Path(run["log_path"]).read_text(encoding="utf-8")
    assert "1 fixed," in log and "gone with deleted code" not in log
    assert f"`settings.json`, fixed in commit `{fix[:8]}`" in log
    assert token not in log
    assert_grounded(repo.path, log)


@pytest.mark.parametrize("untracked", [True, False])
async def test_a_secrets_file_taken_out_of_git_is_not_called_deleted(
    tmp_path: Path, review: Any, learner: str, untracked: bool
) -> None:
    """``git rm --cached .env``: the follow-up of "Stop committing .env" said "its file was
    deleted" of a file still on the learner's disk (blind check t1). Deleted, it is."""
    repo = GitRepo(tmp_path / "bot").init()
    repo.write("main.py", MAIN)
    repo.write(".env", f"STRIPE_SECRET={STRIPE_KEY}\n")
    repo.commit("init", date="2026-02-02T10:00:00+00:00")
    await review(repo_path=str(repo.path), learner=learner)
    if untracked:
        repo.git("rm", "-q", "--cached", ".env")
    else:
        repo.delete(".env")
    repo.write(".gitignore", ".env\n")
    repo.commit("chore: stop committing .env", date="2026-02-09T10:00:00+00:00")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")

    log = Path(run["log_path"]).read_text(encoding="utf-8")
    # Rotating the secrets it held, which the task asks too, shows in no repository: not
    # ticked off (blind check w1).
    [task] = [line for line in log.splitlines() if line.startswith("- [ ] Stop committing .env")]
    taken_out = ": its file was taken out of git (it is still on your disk, untracked)"
    unseen = "; its rotation cannot be seen from the repository (check it yourself)"
    assert task.endswith((taken_out if untracked else ": its file was deleted") + unseen)
