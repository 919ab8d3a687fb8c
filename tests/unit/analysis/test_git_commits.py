"""Commits read through the git CLI: their kinds, order, files, refs and ancestry."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.analysis import git
from mentorbot.domain import CommitKind
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
    # A RAG app's documents are its data, not its documentation (blind check h2).
    ("add document storage", "feat"),
    ("Add documents upload endpoint", "feat"),
    ("Document the settings module", "docs"),
    ("Add documentation for deployment", "docs"),
    ("新增文档上传接口", "feat"),
    ("新增：文档列表接口", "feat"),
    ("feat(api): 文档删除接口", "feat"),
    ("补充接口文档", "docs"),
    ("更新文档", "docs"),
    ("add wait endpoint and a cleanup task for old reports", "feat"),
    ("initial project: FastAPI + Celery report service", "feat"),
    ("Move schemas and add a cleanup helper", "refactor"),
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
    # A name the message quotes is no verb: only removals here (blind check history 46).
    ("remove old create_app and insert_user route", "other"),
    ("delete add_user helper", "other"),
]


@pytest.mark.parametrize(("subject", "kind"), CLASSIFIED)
def test_classify_commit(subject: str, kind: CommitKind) -> None:
    assert git.classify_commit(subject) == kind


def test_classify_commit_reads_the_body_when_the_subject_is_silent() -> None:
    assert git.classify_commit("Handle empty lists", "Fixes a crash on GET /tasks") == "fix"
    assert git.classify_commit("Add search", "Also fixes typos") == "feat"
    assert git.classify_commit("调整分页", "解决了 offset 越界的问题") == "fix"


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


def test_a_message_in_a_legacy_commit_encoding_is_read_as_its_text(tmp_path: Path) -> None:
    """A repository set to ``i18n.commitEncoding=ISO-8859-1`` had "café" shown as "caf\ufffd"
    (blind check g1): git re-encodes the message when asked to."""
    repo = GitRepo(tmp_path).init()
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    repo.write("main.py", "x = 1\n")
    repo.write(".message", b"fix: ne bloque plus la boucle (caf\xe9)\n")
    repo.git("add", "main.py")
    repo.git("commit", "-q", "-F", ".message")

    [commit] = list(git.iter_commits(tmp_path))

    assert commit.subject == "fix: ne bloque plus la boucle (café)"


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


def test_gitrepo_builder_gives_the_same_shas_every_time(tmp_path: Path) -> None:
    def build(path: Path) -> tuple[str, str]:
        repo = GitRepo(path).init()
        repo.write("app.py", "x = 1\n")
        first = repo.commit("feat: app")
        repo.write("app.py", "x = 2\n")
        return first, repo.commit("修复：x 的值", date="2026-01-06T08:00:00+08:00")

    assert build(tmp_path / "one") == build(tmp_path / "two")
