"""The scan: everything the review knows about a repository, gathered without running it.

Files are walked once; each Python file is parsed once, and only when its content is not in the
analysis cache; ruff runs once over the files the cache has not seen.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mentorbot.analysis import git, git_worktree
from mentorbot.analysis.doctests import with_configured_doctests
from mentorbot.analysis.inherited_tests import with_inherited_tests
from mentorbot.analysis.repo import RepoInfo
from mentorbot.analysis.stack import detect_stack
from mentorbot.analysis.stack_imports import with_imported_stack
from mentorbot.analysis.stack_locks import read_locks
from mentorbot.analysis.walk import WalkedFile, walk_repo
from mentorbot.analysis_pool import SERIAL, AnalysisJob, AnalysisPool
from mentorbot.cache import AnalysisCache, CachedFile
from mentorbot.cancel import NEVER, StopFlag
from mentorbot.domain import (
    Commit,
    FileAnalysis,
    Finding,
    ScanResult,
    Signal,
    SourceFile,
    Text,
)
from mentorbot.errors import RepoError
from mentorbot.rules.engine import (
    NEWER_PYTHON_SIGNAL,
    RULE_FAILED_SIGNAL,
    is_text_analysed,
    review_findings,
)
from mentorbot.rules.ruff import run_ruff
from mentorbot.wording import count

Progress = Callable[[str, dict[str, Any]], None]

OWN_OUTPUT = ("docs/learning_log_step*.md",)
"""The mentor's own logs are not the learner's work: never counted, cited or analysed."""


def _no_progress(kind: str, data: dict[str, Any]) -> None:
    return None


def analyze_files(
    root: Path,
    files: Sequence[WalkedFile],
    cache: AnalysisCache,
    *,
    run_ruff_checks: bool = True,
    pool: AnalysisPool = SERIAL,
    stop: StopFlag = NEVER,
    progress: Progress = _no_progress,
) -> tuple[list[FileAnalysis], dict[str, list[Finding]]]:
    """Analyse every Python and config file, from the cache where the content is known.

    Reports ``analysing`` before analysing files the cache does not know, and only then.
    """
    slots: list[FileAnalysis | None] = []
    ruff_by_path: dict[str, list[Finding]] = {}
    jobs: list[AnalysisJob] = []
    for walked in files:
        stop.check()
        if walked.language != "python" and not is_text_analysed(walked.path):
            continue
        cached = cache.get(walked.path, walked.blob_sha)
        if cached is not None and (cached.ruff is not None or not run_ruff_checks):
            slots.append(cached.analysis)
            ruff_by_path[walked.path] = list(cached.ruff or ())
            continue
        data = walked.data if walked.data is not None else _read(root / walked.path)
        if data is not None:
            jobs.append((walked.path, walked.language == "python", data))
            slots.append(None)
    if jobs:
        progress("analysing", {"files": len(jobs), "cache_hits": len(slots) - len(jobs)})
    python_jobs = [path for path, _, _ in jobs if path.endswith(".py")] if run_ruff_checks else []
    fresh_list, ruff_found = pool.analyse_beside(
        jobs, lambda: run_ruff(root, python_jobs) if python_jobs else {}, stop
    )
    fresh = iter(fresh_list)
    analyses = [slot if slot is not None else next(fresh) for slot in slots]
    fresh_analyses = [analyses[i] for i, slot in enumerate(slots) if slot is None]
    unparsable = {a.path for a in fresh_analyses if a.parse_error is not None}
    ruff_by_path.update(
        (path, found) for path, found in ruff_found.items() if path not in unparsable
    )
    for analysis in fresh_analyses:
        ruff = tuple(ruff_by_path.get(analysis.path, ())) if run_ruff_checks else None
        cache.put(CachedFile(analysis=analysis, ruff=ruff))
    return analyses, ruff_by_path


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def resolve_since(
    repo: RepoInfo, requested: str | None, last_head: str | None
) -> tuple[str | None, list[Text]]:
    """Pick the start of the history range and say why when the obvious choice is unusable."""
    notes: list[Text] = []
    if not repo.has_git or repo.head is None:
        return None, notes
    if requested:
        if not git.commit_exists(repo.root, requested):
            raise RepoError(f"--since {requested}: no such commit in {repo.root}", code="bad-since")
        since = git.rev_parse(repo.root, requested)
        if since != repo.head and not git.is_ancestor(repo.root, since, repo.head):
            notes.append(_off_branch_note(requested))
        return since, notes
    if last_head is None:
        return None, notes
    if last_head == repo.head or (
        git.commit_exists(repo.root, last_head) and git.is_ancestor(repo.root, last_head, repo.head)
    ):
        return last_head, notes
    notes.append(
        Text(
            zh=f"上次回顾停在提交 {last_head[:8]}，但它已不在当前历史中"
            "（可能经过 rebase 或强制推送），"
            "因此这次回顾了完整历史。",
            en=f"The last review stopped at commit {last_head[:8]}, which is no longer in the "
            "current history (a rebase or force-push?), so this review covers the whole history.",
        )
    )
    return None, notes


def _off_branch_note(requested: str) -> Text:
    """``--since`` a commit HEAD does not descend from: git's range is then HEAD's commits that
    one lacks, from where their histories part, which "everything after it" does not say."""
    return Text(
        zh=f"`--since {requested}` 不是当前提交的祖先（它在另一条分支上）：本次回顾的是当前分支上"
        "它没有包含的提交，也就是两条分支分叉之后的提交。",
        en=f"`--since {requested}` is not an ancestor of the reviewed commit (it is on another "
        "branch): the review covers the commits of this branch that it does not contain, those "
        "after the point where the two branches part.",
    )


MAX_NAMED_FILES = 5


def _unreadable_manifest_note(path: str, why: str) -> Text:
    """A manifest that does not parse declares nothing: its packages are missing from the stack,
    and the learner's own tools would stumble on it too."""
    return Text(
        zh=f"依赖清单 `{path}` 无法读取（{why}），其中声明的包没有计入技术栈；"
        "pip 等工具读它时也会出错，值得先修好。",
        en=f"The dependency manifest `{path}` could not be read ({why}), so the packages it "
        "declares are missing from the stack; pip and other tools will stumble on it too.",
    )


_SUBFOLDER_NOTE = Text(
    zh="这个文件夹是一个更大的 git 仓库里的子文件夹：本次只回顾了它里面的文件，"
    "历史也只包括改动过它的提交；文件夹外面的代码和测试不在本次回顾之内。",
    en="This folder lies inside a bigger git repository: only the files in it were reviewed, "
    "and only the commits that touched it; code and tests outside it are not part of this "
    "review.",
)


def _shallow_note(oldest: str) -> Text:
    """A shallow clone's history stops early: say so, as its fixes and origins do too."""
    return Text(
        zh=f"这是一个浅克隆（git clone --depth），本次能看到的历史最早只到提交 `{oldest[:8]}`，"
        "更早的提交不在这个克隆里：那之前修好的问题不会出现在这里，"
        f"`{oldest[:8]}` 本身修了什么也看不出来（它的父提交不在克隆里，无从对比），"
        "代码早于它的问题也说不出是在哪次提交引入的。"
        "运行 `git fetch --unshallow` 可以取回完整历史。",
        en=f"This is a shallow clone (git clone --depth): the history it holds starts at commit "
        f"`{oldest[:8]}`, and the commits before it are not in it. Problems fixed earlier do "
        f"not show here, nor does what `{oldest[:8]}` itself fixed (its parent, to compare "
        "with, is not in the clone), and a problem whose code is older than that commit has no "
        "'introduced in'. `git fetch --unshallow` fetches the rest.",
    )


def _named_files(paths: Sequence[str]) -> Text:
    """The first few paths, in code style, and how many more."""
    shown = [f"`{path}`" for path in paths[:MAX_NAMED_FILES]]
    more = len(paths) > MAX_NAMED_FILES
    return Text(
        zh="、".join(shown) + (f" 等 {len(paths)} 个文件" if more else ""),
        en=", ".join(shown) + (f" and {len(paths) - MAX_NAMED_FILES} more" if more else ""),
    )


def _uncommitted_note(paths: Sequence[str], head: str) -> Text:
    """The review reads the files on disk: where they are not HEAD's, say so, since the log
    names that commit and cites lines of those files."""
    named = _named_files(paths)
    return Text(
        zh=f"{named.zh} 有尚未提交的改动（与提交 `{head[:8]}` 不同）："
        "本次回顾读取的是磁盘上的文件，所以这些文件里引用的行号对应工作区，而不是那个提交。",
        en=f"{count(len(paths), 'file')} on disk {'differs' if len(paths) == 1 else 'differ'} "
        f"from commit `{head[:8]}` (uncommitted changes: {named.en}). The review read "
        "the files on disk, so the lines it cites in them are the working tree's, not that "
        "commit's.",
    )


def _deleted_note(paths: Sequence[str], head: str) -> Text:
    """Files deleted on disk but not in the commit: the review did not read them, yet whatever
    they hold (a key, say) is still in the commit the log names, and in every clone of it."""
    named, one = _named_files(paths), len(paths) == 1
    it, holds = ("it", "it holds") if one else ("them", "they hold")
    return Text(
        zh=f"{named.zh} 已在磁盘上删除，但删除还没有提交（提交 `{head[:8]}` 里仍有这些文件）："
        "本次回顾没有读取它们；它们里面的内容（比如密钥）仍在这个提交里，也在每一份克隆里。",
        en=f"{count(len(paths), 'file')} of commit `{head[:8]}` {'is' if one else 'are'} "
        f"deleted on disk, not in a commit yet ({named.en}). The review did not read {it}; what "
        f"{holds} (a key, say) is still in that commit and in every clone of it.",
    )


def _newer_python_places(analyses: Sequence[FileAnalysis]) -> list[tuple[str, Signal]]:
    """The files in syntax only a newer Python than the review's reads, by path, each with
    where and what that syntax is."""
    return sorted(
        ((a.path, s) for a in analyses for s in a.signals if s.kind == NEWER_PYTHON_SIGNAL),
        key=lambda place: place[0],
    )


def _newer_python_note(places: Sequence[tuple[str, Signal]]) -> Text | None:
    """Files whose syntax only a newer Python reads were not reviewed at all: say which (the
    first with its line and what it needs), and how to have them reviewed, since the log shows
    no problem for them (they are no finding: blind check p1)."""
    if not places:
        return None
    named = _named_files([path for path, _ in places])
    path, first = places[0]
    one = len(places) == 1
    cited_zh = f"第 {first.line} 行" if one else f"`{path}:{first.line}`"
    cited = f"line {first.line}" if one else f"`{path}:{first.line}`"
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return Text(
        zh=f"{named.zh} 用到了较新 Python 版本的语法（{cited_zh}：{first.data.get('zh', '')}要 "
        f"Python {first.name} 及以上），运行本次回顾的 Python {version} "
        "读不了，所以没有检查它们。用项目所用的 Python 版本安装 mentor 再回顾一次，就能包括它们。",
        en=f"{named.en} {'uses' if one else 'use'} syntax of a newer Python "
        f"than the one running this review ({version}), which cannot read "
        f"{'it' if one else 'them'}, so no check looked inside ({cited}: "
        f"{first.data.get('en', '')} needs Python {first.name}). Install mentor "
        "under the project's Python and review again to include "
        f"{'it' if one else 'them'}.",
    )


def _failed_rules_note(analyses: Sequence[FileAnalysis]) -> Text | None:
    """A rule that raised on a file checked nothing there: say which, as the log would
    otherwise read as if those files had no such problem."""
    failed = sorted(
        {(a.path, s.name) for a in analyses for s in a.signals if s.kind == RULE_FAILED_SIGNAL}
    )
    if not failed:
        return None
    rules = ", ".join(sorted({rule for _, rule in failed}))
    named = _named_files(sorted({path for path, _ in failed}))
    return Text(
        zh=f"规则 {rules} 在检查 {named.zh} 时出了内部错误（是本工具的问题，不是你的代码的问题），"
        "所以这些文件里它能发现的问题没有列出来。",
        en=f"Rule {rules} failed with an internal error (a fault of this tool, not of your "
        f"code) on {named.en}, so what it would have found there is not listed.",
    )


def scan_repository(
    repo: RepoInfo,
    *,
    since: str | None,
    cache: AnalysisCache,
    run_ruff_checks: bool = True,
    extra_ignores: Sequence[str] = (),
    progress: Progress = _no_progress,
    pool: AnalysisPool = SERIAL,
    stop: StopFlag = NEVER,
) -> ScanResult:
    """Walk, analyse and read the history of ``repo``; the result is the evidence of the review."""
    root = repo.root
    walk = walk_repo(root, extra_ignores=extra_ignores, unseen=OWN_OUTPUT)
    progress("walk", {"files": len(walk.files)})
    paths = [f.path for f in walk.files]
    unreadable: list[tuple[str, str]] = []
    stack = detect_stack(root, paths, unreadable)
    analyses, ruff_by_path = analyze_files(
        root,
        walk.files,
        cache,
        run_ruff_checks=run_ruff_checks,
        pool=pool,
        stop=stop,
        progress=progress,
    )
    analyses = with_inherited_tests(with_configured_doctests(analyses))
    progress("analysis", {"files": len(analyses), "cache_hits": cache.hits})
    ruff_findings = [f for found in ruff_by_path.values() for f in found]
    stack = with_imported_stack(stack, analyses, read_locks(root, paths))
    findings = review_findings(analyses, stack, paths, ruff_findings)
    commits: list[Commit] = []
    uncommitted: list[str] = []
    deleted: list[str] = []
    if repo.has_git and repo.head is not None:
        for commit in git.iter_commits(root, since=since, until=repo.head):
            stop.check()
            commits.append(commit)
        changed = git_worktree.uncommitted_paths(root)
        on_disk = set(paths)
        uncommitted = [path for path in paths if path in changed]
        deleted = sorted(p for p in changed if p not in on_disk and not os.path.lexists(root / p))
    progress("history", {"commits": len(commits)})
    languages = Counter[str]()
    for walked in walk.files:
        languages[walked.language] += walked.loc
    notes: list[Text] = []
    if not repo.has_git:
        notes.append(
            Text(
                zh="这个文件夹不是 git 仓库：本次只回顾了代码本身，没有提交历史可供分析。",
                en="This folder is not a git repository: the code was reviewed, but there is no "
                "history to learn from.",
            )
        )
    elif repo.head is None:
        notes.append(
            Text(
                zh="仓库还没有任何提交：本次只回顾了工作区中的文件。",
                en="The repository has no commits yet: only the files in the working tree "
                "were reviewed.",
            )
        )
    if uncommitted and repo.head is not None:
        notes.append(_uncommitted_note(uncommitted, repo.head))
    if deleted and repo.head is not None:
        notes.append(_deleted_note(deleted, repo.head))
    if repo.shallow and commits:
        notes.append(_shallow_note(commits[-1].sha))
    if repo.is_subfolder:
        notes.append(_SUBFOLDER_NOTE)
    notes.extend(_unreadable_manifest_note(path, why) for path, why in unreadable)
    failed_rules = _failed_rules_note(analyses)
    if failed_rules is not None:
        notes.append(failed_rules)
    newer_python = _newer_python_places(analyses)
    newer_python_note = _newer_python_note(newer_python)
    if newer_python_note is not None:
        notes.append(newer_python_note)
    if not walk.files:
        notes.append(
            Text(
                zh="没有找到可以分析的文本文件（二进制、被忽略或过大的文件已跳过）。",
                en="No text files to analyse were found (binary, ignored and oversized files "
                "are skipped).",
            )
        )
    return ScanResult(
        root=str(root),
        head=repo.head,
        branch=repo.branch,
        has_git=repo.has_git,
        since=since,
        files=tuple(
            SourceFile(
                path=w.path, language=w.language, loc=w.loc, size=w.size, blob_sha=w.blob_sha
            )
            for w in walk.files
        ),
        skipped=walk.skipped.model_copy(update={"newer_python": len(newer_python)}),
        languages=dict(languages.most_common()),
        stack=tuple(stack),
        commits=tuple(commits),
        analyses=tuple(analyses),
        findings=tuple(findings),
        uncommitted=(*uncommitted, *deleted),
        shallow=repo.shallow,
        subfolder=repo.is_subfolder,
        notes=tuple(notes),
    )
