"""Git history through the CLI: commits, blobs, diffs, blame, and commit classification."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis import git, git_blame
from mentorbot.analysis.git import ChangedPath, Hunk
from mentorbot.analysis.git_batch import commit_diffs
from mentorbot.domain import CommitKind
from mentorbot.errors import RepoError
from tests.gitrepo import GitRepo

CLASSIFIED: list[tuple[str, CommitKind]] = [
    ("fix: add missing await in get_task", "fix"),
    ("fix(api): return 404 when the task does not exist", "fix"),
    ("feat!: switch responses to the new envelope", "feat"),
    ("feat(auth): add JWT login", "feat"),
    ("refactor: split routes into routers", "refactor"),
    ("perf: batch inserts in the import job", "refactor"),
    ("test: cover create and 404", "test"),
    ("docs: explain how to run migrations", "docs"),
    ("chore: bump fastapi to 0.115", "chore"),
    ("ci: run pytest on pull requests", "chore"),
    ("build: pin python 3.12 in Dockerfile", "chore"),
    ("style: format with ruff", "chore"),
    ("Fix N+1 query in task list", "fix"),
    ("Fixed crash when title is empty", "fix"),
    ("fixes #12: session leak", "fix"),
    ("Hotfix for login redirect", "fix"),
    ("Resolve merge conflict in models.py", "other"),
    ("Correct the status code of DELETE /tasks", "fix"),
    ("Handle bug in pagination", "fix"),
    ("Add PATCH /tasks/{id} endpoint", "feat"),
    ("Implement search by title", "feat"),
    ("Create user model", "feat"),
    ("Introduce settings class", "feat"),
    ("Add tests for the task service", "test"),
    ("Refactor database session handling and add tests", "refactor"),
    ("Rename get_db to get_session", "refactor"),
    ("Move schemas into their own module", "refactor"),
    ("Update README with setup steps", "docs"),
    ("Add .gitignore", "chore"),
    ("WIP", "other"),
    ("Merge pull request #7 from learner/fix-login", "other"),
    ("Merge branch 'feature/search'", "other"),
    ("Resolve merge conflicts", "other"),
    ("fix conflicts in main.py", "other"),
    ("fix: resolved conflicts after rebase", "other"),
    ("解决冲突", "other"),
    ("解决合并冲突", "other"),
    ("Fix route conflict: /tasks/search was shadowed by /tasks/{id}", "fix"),
    ("fix: resolve conflict between the two /tasks routes", "fix"),
    ("解决路由冲突", "fix"),
    ("resolved conflicts with main", "other"),
    ("修复：数据库会话改为通过 Depends 注入", "fix"),
    ("修正创建任务时的状态码", "fix"),
    ("修改bug：分页越界", "fix"),
    ("解决 async 里调用 time.sleep 的问题", "fix"),
    ("纠正响应模型", "fix"),
    ("新增任务搜索接口", "feat"),
    ("添加用户注册功能", "feat"),
    ("实现 JWT 登录", "feat"),
    ("完成第一版任务 API", "feat"),
    ("重构路由结构", "refactor"),
    ("整理项目目录", "refactor"),
    ("增加测试用例", "test"),
    ("补充单元测试", "test"),
    ("更新文档", "docs"),
    ("添加注释和使用说明", "docs"),
    ("修复测试中的 bug 并新增接口", "fix"),
    ("升级依赖", "chore"),
    ("调整", "other"),
    ("fix：修复登录后 token 不刷新", "fix"),
    ("feat(任务): 支持按状态筛选", "feat"),
    ("修复了 N+1 查询", "fix"),
    ("解决跨域报错", "fix"),
    ("修bug", "fix"),
    ("处理空列表时的问题", "fix"),
    ("新增 Alembic 迁移脚本", "feat"),
    ("增加分页参数", "feat"),
    ("实现后台任务发送邮件", "feat"),
    ("完成用户模块", "feat"),
    ("初始化项目", "feat"),
    ("拆分 main.py 为多个路由文件", "refactor"),
    ("重命名数据库会话函数", "refactor"),
    ("优化结构：把配置放进 settings", "refactor"),
    ("为任务接口写测试", "test"),
    ("补充 README 说明", "docs"),
    ("完善接口文档", "docs"),
    ("格式化代码", "chore"),
    ("今天的学习进度", "other"),
]


@pytest.mark.parametrize(("subject", "kind"), CLASSIFIED)
def test_classify_commit(subject: str, kind: CommitKind) -> None:
    assert git.classify_commit(subject) == kind


def test_classify_commit_reads_the_body_when_the_subject_is_silent() -> None:
    assert git.classify_commit("Handle empty lists", "Fixes a crash on GET /tasks") == "fix"
    assert git.classify_commit("Add search", "Also fixes typos") == "feat"
    assert git.classify_commit("调整分页", "解决了 offset 越界的问题") == "fix"


FIXED_MAIN = "import asyncio\n\n\nasync def list_tasks():\n    await asyncio.sleep(1)\n"


@pytest.fixture
def history(tmp_path: Path) -> GitRepo:
    """Three commits on main: add app, fix it (with a rename), add tests."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/main.py", "import time\n\n\nasync def list_tasks():\n    time.sleep(1)\n")
    repo.write("app/util.py", "def helper():\n    return 1\n")
    repo.commit("feat: add app", date="2026-01-05T10:00:00+00:00")
    repo.write("app/main.py", FIXED_MAIN)
    repo.delete("app/util.py")
    repo.write("app/helpers.py", "def helper():\n    return 1\n")
    repo.commit(
        "修复：不要在 async 函数里阻塞事件循环\n\n用 asyncio.sleep 代替 time.sleep",
        date="2026-01-12T09:30:00+08:00",
        author="小明 <xiaoming@example.com>",
    )
    repo.write("tests/test_main.py", "def test_ok():\n    assert True\n")
    repo.commit("test: cover list_tasks", date="2026-01-19T10:00:00+00:00")
    return repo


def test_iter_commits_newest_first_with_numstat(history: GitRepo) -> None:
    commits = list(git.iter_commits(history.path))

    assert [commit.subject for commit in commits] == [
        "test: cover list_tasks",
        "修复：不要在 async 函数里阻塞事件循环",
        "feat: add app",
    ]
    assert [commit.kind for commit in commits] == ["test", "fix", "feat"]
    newest, fix, first = commits
    assert newest.files == ("tests/test_main.py",)
    assert (newest.insertions, newest.deletions) == (2, 0)
    assert fix.files == ("app/helpers.py", "app/main.py")
    assert (fix.insertions, fix.deletions) == (2, 2)
    assert fix.author == "小明"
    assert fix.date == "2026-01-12T09:30:00+08:00"
    assert fix.parent == first.sha
    assert fix.sha == history.sha_of("修复：不要在 async 函数里阻塞事件循环")
    assert first.parent is None
    assert first.files == ("app/main.py", "app/util.py")
    assert (first.insertions, first.deletions) == (7, 0)


def test_iter_commits_since_is_exclusive(history: GitRepo) -> None:
    first = history.sha_of("feat: add app")
    commits = list(git.iter_commits(history.path, since=first))
    assert [commit.subject for commit in commits] == [
        "test: cover list_tasks",
        "修复：不要在 async 函数里阻塞事件循环",
    ]
    assert list(git.iter_commits(history.path, since=history.rev("HEAD"))) == []


def test_iter_commits_can_stop_early(history: GitRepo) -> None:
    stream = git.iter_commits(history.path)
    assert next(stream).subject == "test: cover list_tasks"
    stream.close()


def test_iter_commits_includes_merges_with_first_parent_files(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("main.py", "x = 1\n")
    repo.commit("feat: start")
    repo.checkout("feature/search", create=True)
    repo.write("search.py", "def search():\n    return []\n")
    repo.commit("feat: add search", date="2026-01-06T10:00:00+00:00")
    repo.checkout("main")
    repo.write("README.md", "# App\n")
    repo.commit("docs: readme", date="2026-01-07T10:00:00+00:00")
    merge = repo.merge(
        "feature/search", "Merge branch 'feature/search'", date="2026-01-08T10:00:00+00:00"
    )

    commits = list(git.iter_commits(tmp_path))

    assert commits[0].sha == merge
    assert commits[0].kind == "other"
    assert commits[0].files == ("search.py",)
    assert commits[0].parent == repo.sha_of("docs: readme")
    assert sorted(commit.subject for commit in commits[1:]) == [
        "docs: readme",
        "feat: add search",
        "feat: start",
    ]


def test_binary_files_and_empty_commits(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("main.py", "x = 1\n")
    repo.commit("feat: start")
    repo.commit("chore: trigger CI", allow_empty=True, date="2026-01-06T10:00:00+00:00")
    repo.write("static/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    repo.write("main.py", "x = 2\ny = 3\n")
    repo.commit("Add logo", date="2026-01-07T10:00:00+00:00")

    logo, empty, start = list(git.iter_commits(tmp_path))

    assert (logo.kind, logo.files) == ("feat", ("main.py", "static/logo.png"))
    assert (logo.insertions, logo.deletions) == (2, 1)
    assert (empty.kind, empty.files, empty.insertions) == ("chore", (), 0)
    assert start.files == ("main.py",)


def test_read_blobs_outside_git_is_a_repo_error(tmp_path: Path) -> None:
    with pytest.raises(RepoError) as caught:
        git.read_blobs(tmp_path, ["HEAD:main.py"])
    assert caught.value.code == "not-a-git-repo"


def test_empty_repo_has_no_commits_and_no_head(tmp_path: Path) -> None:
    GitRepo(tmp_path).init()
    assert list(git.iter_commits(tmp_path)) == []
    assert git.head_sha(tmp_path) is None
    assert git.branch(tmp_path) == "main"


def test_refs_and_ancestry(history: GitRepo) -> None:
    first, head = history.sha_of("feat: add app"), history.rev("HEAD")
    assert git.head_sha(history.path) == head
    assert git.commit_exists(history.path, first[:10]) is True
    assert git.commit_exists(history.path, "0" * 40) is False
    assert git.commit_exists(history.path, "--all") is False
    assert git.is_ancestor(history.path, first, head) is True
    assert git.is_ancestor(history.path, head, first) is False


def test_git_errors_become_repo_errors(tmp_path: Path, history: GitRepo) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(RepoError) as not_repo:
        git.head_sha(plain)
    assert not_repo.value.code == "not-a-git-repo"
    assert str(not_repo.value) == f"Not a git repository: {plain}"
    with pytest.raises(RepoError) as bad_since:
        list(git.iter_commits(history.path, since="no-such-branch"))
    assert str(bad_since.value) == "Unknown revision: no-such-branch"
    with pytest.raises(RepoError) as option:
        git.is_ancestor(history.path, "--output=stolen.txt", "HEAD")
    assert option.value.code == "bad-revision"


def test_read_blobs_gives_none_for_missing_specs(history: GitRepo) -> None:
    first = history.sha_of("feat: add app")
    specs = [f"{first}:app/util.py", "HEAD:app/util.py", "HEAD:app/main.py", "HEAD:app", "nope:x"]

    blobs = git.read_blobs(history.path, specs)

    assert blobs == {
        f"{first}:app/util.py": b"def helper():\n    return 1\n",
        "HEAD:app/util.py": None,
        "HEAD:app/main.py": FIXED_MAIN.encode(),
        "HEAD:app": None,
        "nope:x": None,
    }


def test_commit_diffs_against_the_first_parent(history: GitRepo) -> None:
    fix = history.sha_of("修复：不要在 async 函数里阻塞事件循环")
    first = history.sha_of("feat: add app")
    assert commit_diffs(history.path, [(fix, first)])[fix].changes == [
        ChangedPath("R", "app/util.py", "app/helpers.py"),
        ChangedPath("M", "app/main.py", "app/main.py"),
    ]


def test_diff_hunks(history: GitRepo) -> None:
    fix = history.sha_of("修复：不要在 async 函数里阻塞事件循环")
    assert git.diff_hunks(history.path, fix, "app/main.py") == [
        Hunk(old_start=1, old_count=1, new_start=1, new_count=1),
        Hunk(old_start=5, old_count=1, new_start=5, new_count=1),
    ]
    root = history.sha_of("feat: add app")
    assert git.diff_hunks(history.path, root, "app/util.py") == [
        Hunk(old_start=0, old_count=0, new_start=1, new_count=2)
    ]
    assert git.diff_hunks(history.path, fix, "tests/test_main.py") == []


def test_blame_origin(history: GitRepo) -> None:
    first = history.sha_of("feat: add app")
    fix = history.sha_of("修复：不要在 async 函数里阻塞事件循环")

    assert git_blame.blame_origin(history.path, "HEAD", "app/main.py", 4) == (
        first,
        "2026-01-05T10:00:00+00:00",
    )
    assert git_blame.blame_origin(history.path, "HEAD", "app/main.py", 5) == (
        fix,
        "2026-01-12T09:30:00+08:00",
    )
    assert git_blame.blame_origin(history.path, first, "app/main.py", 5) == (
        first,
        "2026-01-05T10:00:00+00:00",
    )
    assert git_blame.blame_origin(history.path, "HEAD", "app/main.py", 99) is None
    assert git_blame.blame_origin(history.path, "HEAD", "app/util.py", 1) is None


def test_blame_follows_a_route_moved_into_a_router_module(tmp_path: Path) -> None:
    """Splitting main.py into routers does not make the moved lines new: their origin is the
    commit that wrote them in main.py, while a line the move did write is the move's."""
    repo = GitRepo(tmp_path / "moved").init()
    route = (
        "async def create_link(body, db):\n"
        "    link = Link(code=make_code(), target=body.target)\n"
        "    db.add(link)\n"
        "    db.commit()\n"
        "    db.refresh(link)\n"
        "    return link\n"
    )
    repo.write("app/main.py", "app = FastAPI()\n\n\n@app.post('/links')\n" + route)
    first = repo.commit("feat: links", date="2026-02-01T10:00:00+00:00")
    repo.write("app/main.py", "app = FastAPI()\napp.include_router(links.router)\n")
    repo.write("app/routes/links.py", "router = APIRouter()\n\n\n@router.post('/links')\n" + route)
    moved = repo.commit("refactor: routers", date="2026-02-03T10:00:00+00:00")

    assert git_blame.blame_origin(repo.path, moved, "app/routes/links.py", 8) == (
        first,
        "2026-02-01T10:00:00+00:00",
    )
    assert git_blame.blame_origin(repo.path, moved, "app/routes/links.py", 1) == (
        moved,
        "2026-02-03T10:00:00+00:00",
    )


def test_repo_config_cannot_make_git_run_programs(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "evil").init()
    repo.write(".gitattributes", "*.py diff=evil\n")
    repo.write("app.py", "x = 1\n")
    repo.commit("feat: app")
    repo.write("app.py", "x = 2\n")
    head = repo.commit("fix: value", date="2026-01-06T10:00:00+00:00")
    # The hostile config arrives with the repo, after its history was written.
    marker = tmp_path / "pwned"
    repo.git("config", "diff.evil.textconv", f"touch {marker}; cat")
    repo.git("config", "diff.evil.command", f"touch {marker}")
    repo.git("config", "diff.external", f"touch {marker}")
    repo.git("config", "core.fsmonitor", f"touch {marker}")
    repo.git("config", "core.pager", f"touch {marker}; cat")
    repo.write(".git/hooks/post-checkout", f"#!/bin/sh\ntouch {marker}\n")
    (repo.path / ".git/hooks/post-checkout").chmod(0o755)

    commits = list(git.iter_commits(repo.path))
    hunks = git.diff_hunks(repo.path, head, "app.py")
    origin = git_blame.blame_origin(repo.path, head, "app.py", 1)
    batched = commit_diffs(repo.path, [(head, commits[0].parent or "")])[head]

    assert not marker.exists()
    assert commits[0].files == ("app.py",)
    assert hunks == [Hunk(1, 1, 1, 1)]
    assert batched.hunks_of(repo.path, "app.py") == [Hunk(1, 1, 1, 1)]
    assert origin == (head, "2026-01-06T10:00:00+00:00")


def test_gitrepo_builder_gives_the_same_shas_every_time(tmp_path: Path) -> None:
    def build(path: Path) -> tuple[str, str]:
        repo = GitRepo(path).init()
        repo.write("app.py", "x = 1\n")
        first = repo.commit("feat: app")
        repo.write("app.py", "x = 2\n")
        return first, repo.commit("修复：x 的值", date="2026-01-06T08:00:00+08:00")

    assert build(tmp_path / "one") == build(tmp_path / "two")


def test_a_subfolder_review_sees_its_own_history_with_its_own_paths(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path).init()
    repo.write("backend/app/main.py", "x = 1\n")
    repo.write("frontend/index.js", "let x = 1\n")
    repo.commit("feat: both apps")
    repo.write("frontend/index.js", "let x = 2\n")
    repo.commit("fix: frontend value", date="2026-01-06T10:00:00+00:00")
    repo.write("backend/app/main.py", "x = 2\n")
    fix = repo.commit("fix: backend value", date="2026-01-07T10:00:00+00:00")
    backend = tmp_path / "backend"

    commits = list(git.iter_commits(backend))

    assert [(commit.subject, commit.files) for commit in commits] == [
        ("fix: backend value", ("app/main.py",)),
        ("feat: both apps", ("app/main.py",)),
    ]
    diff = commit_diffs(backend, [(fix, commits[0].parent or "")])[fix]
    assert diff.changes == [ChangedPath("M", "app/main.py", "app/main.py")]
    assert diff.hunks_of(backend, "app/main.py") == [Hunk(1, 1, 1, 1)]
    assert git.read_blobs(backend, [f"{fix}:app/main.py", f"{fix}:frontend/index.js"]) == {
        f"{fix}:app/main.py": b"x = 2\n",
        f"{fix}:frontend/index.js": None,
    }
    assert git.diff_hunks(backend, fix, "app/main.py") == [Hunk(1, 1, 1, 1)]
    assert git_blame.blame_origin(backend, fix, "app/main.py", 1) == (
        fix,
        "2026-01-07T10:00:00+00:00",
    )
