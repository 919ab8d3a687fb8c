"""Last log's plan, checked against the code as it is now: done, not yet, or cannot tell.

A learner who did the work should see it acknowledged with a citation before being handed new
tasks; one who did not should see exactly what is still there. Only the evidence a task's
``TaskCheck`` names decides it — a task without a check is reported as undecided, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from mentorbot.analysis import git_worktree
from mentorbot.domain import (
    Evidence,
    FileAnalysis,
    Finding,
    Plan,
    PlanTask,
    ScanResult,
    Signal,
    SkillMatrix,
    StackItem,
    TaskCheck,
    TaskFollowUp,
    Text,
)
from mentorbot.fact_values import data_matches, normalise_package
from mentorbot.skills_facts import signal_index
from mentorbot.skills_rubric import cell_reaches, skill_cell

MAX_EVIDENCE = 5


def _finding_matches(check: TaskCheck, finding: Finding) -> bool:
    return (
        (check.rule is None or finding.rule == check.rule)
        and (check.category is None or finding.category == check.category)
        and (check.path is None or finding.path == check.path)
    )


def _finding_label(check: TaskCheck) -> str:
    return check.rule or check.category or "finding"


def _check_findings(
    task: PlanTask,
    check: TaskCheck,
    findings: Sequence[Finding],
    paths: Sequence[str],
    fixed: Sequence[Finding] = (),
    kept_untracked: Collection[str] = (),
) -> TaskFollowUp:
    """Done when nothing the task was about still fires; else cite what is left. ``fixed``:
    the findings fixed since the last review, which tell a file fixed and then renamed from
    one deleted with its problem; ``kept_untracked``: files git no longer tracks that are still
    on disk, taken out of git rather than deleted. Done too when every place the last review
    saw was fixed and only new ones of its kind fire: the task named those places
    (``fetch_weather`` made async), and a ``time.sleep`` written since is a new problem, told
    as such (blind check t1)."""
    label = _finding_label(check)
    remaining = sorted(
        {(f.path, f.line): f for f in findings if _finding_matches(check, f)}.values(),
        key=lambda f: (f.path, f.line),
    )
    if remaining:
        evidence = tuple(
            Evidence(path=f.path, line=f.line, note=f"{f.rule} {f.category}")
            for f in remaining[:MAX_EVIDENCE]
        )
        # Six of seven queries given parameters is progress the log should name (history 53).
        fixed_since = sum(1 for f in fixed if _finding_matches(check, f))
        still_open = sum(1 for f in remaining if f.status != "new")
        return TaskFollowUp(
            task=task,
            # A file to take out of git that still holds a secret is still in git.
            done=bool(fixed_since) and not still_open and not check.file_out,
            evidence=evidence,
            fixed_since=fixed_since,
            still_open=still_open,
            new_since=len(remaining) - still_open,
        )
    where = (check.path,) if check.path is not None else task.files
    present = set(paths)
    if check.file_out and check.path in present:
        note = f"no {label} left, but the file is still in the repository"
        return TaskFollowUp(task=task, done=False, evidence=(Evidence(path=check.path, note=note),))
    removed = check.path is not None and check.path not in present
    # Its code moved out of a file that is still there (``git mv`` and a stub left behind):
    # nothing there was fixed, and the problem went with the code (blind check h4).
    moved = (
        check.path is not None
        and not removed
        and not any(_finding_matches(check, f) for f in fixed)
    )
    if removed or moved:
        # The problem may have gone with its code to another file.
        anywhere = check.model_copy(update={"path": None})
        elsewhere = sorted(
            (f for f in findings if _finding_matches(anywhere, f)), key=lambda f: (f.path, f.line)
        )
        # One the review tracked as the last review's problem, moved with its code, is open
        # still: not yet. A new one elsewhere may or may not be it: the code cannot tell.
        carried = [f for f in elsewhere if f.status == "open"]
        why = "file removed" if removed else "moved"
        if carried or (removed and elsewhere):
            evidence = tuple(
                Evidence(path=f.path, line=f.line, note=f"{why}; {f.rule} {f.category}")
                for f in (carried or elsewhere)[:MAX_EVIDENCE]
            )
            return TaskFollowUp(task=task, done=False if carried else None, evidence=evidence)
    # A deleted file is not cited: the log's citations name what exists.
    evidence = tuple(
        Evidence(path=path, note=f"no {label} left") for path in _still_there(where, paths)
    )
    deleted = check.path is not None and check.path not in present
    if deleted and any(
        _finding_matches(check, f) and f.fixed_by and not f.removed_with_file for f in fixed
    ):
        deleted = False  # fixed in a commit of its own, the file renamed or moved after
    # ``git rm --cached .env``: out of git, but still on the learner's disk (blind check t1).
    untracked = deleted and check.path in kept_untracked
    return TaskFollowUp(
        task=task,
        done=True,
        evidence=evidence,
        file_deleted=deleted and not untracked,
        file_untracked=untracked,
    )


def _signal_matches(check: TaskCheck, signal: Signal) -> bool:
    return (check.name is None or data_matches(signal.name, check.name)) and all(
        data_matches(signal.data.get(key), expected) for key, expected in check.data.items()
    )


def _check_signals(
    task: PlanTask, check: TaskCheck, analyses: Sequence[FileAnalysis], paths: Sequence[str]
) -> TaskFollowUp:
    """Done when some accepted signal kind shows up at least ``min_count`` times."""
    kinds = (check.signal, *check.also_signals)
    found: dict[str, list[Evidence]] = {kind: [] for kind in kinds if kind}
    index = signal_index(analyses)
    for kind, evidence in found.items():
        for _, item in index.by_kind.get(kind, ()):
            signal = item.signal
            if (check.path is None or item.path == check.path) and _signal_matches(check, signal):
                note = f"{signal.kind} {signal.name}".strip()
                evidence.append(Evidence(path=item.path, line=signal.line, note=note))
    best = max(found, key=lambda kind: len(found[kind]))
    done = len(found[best]) >= check.min_count
    cited = tuple(found[best][:MAX_EVIDENCE])
    if not cited:
        wanted = " / ".join(found)
        where = (check.path,) if check.path is not None else task.files
        cited = tuple(
            Evidence(path=path, note=f"no {wanted} yet (needs {check.min_count})")
            for path in _still_there(where, paths)
        )
    return TaskFollowUp(task=task, done=done, evidence=cited)


def _check_stack(
    task: PlanTask,
    check: TaskCheck,
    stack: Sequence[StackItem],
    signals: TaskFollowUp | None,
    paths: Sequence[str],
) -> TaskFollowUp:
    """Done when one of the packages is a dependency (and the signal part, if any, is done):
    "background work goes through a queue library" needs a task and Celery or its peers."""
    wanted = {normalise_package(name) for name in check.stack}
    declared = [item for item in stack if normalise_package(item.name) in wanted]
    cited = tuple(
        Evidence(path=item.source, note=f"dependency {item.name}") for item in declared[:1]
    )
    if signals is None:
        if declared:
            return TaskFollowUp(task=task, done=True, evidence=cited)
        missing = " / ".join(check.stack)
        evidence = tuple(
            Evidence(path=path, note=f"no {missing} yet")
            for path in _still_there(task.files, paths)
        )
        return TaskFollowUp(task=task, done=False, evidence=evidence)
    if signals.done and declared:
        return signals.model_copy(update={"evidence": (*signals.evidence, *cited)[:MAX_EVIDENCE]})
    return signals.model_copy(update={"done": False})


def _still_there(files: Sequence[str], paths: Sequence[str]) -> list[str]:
    """The task's files that are still in the repo: one renamed since is no citation."""
    present = set(paths)
    return [path for path in files if path in present][:MAX_EVIDENCE]


def _check_skill(task: PlanTask, check: TaskCheck, skills: SkillMatrix | None) -> TaskFollowUp:
    """Done when the skill cell reached the level: cited by the evidence that decided it."""
    cell = skill_cell(skills, check.skill or "") if skills is not None else None
    if cell is None:
        return TaskFollowUp(task=task, done=None)
    done = cell_reaches(cell, check.level or "good")
    return TaskFollowUp(task=task, done=done, evidence=cell.evidence[:MAX_EVIDENCE])


def check_task(
    task: PlanTask,
    findings: Sequence[Finding],
    analyses: Sequence[FileAnalysis],
    paths: Sequence[str],
    stack: Sequence[StackItem] = (),
    skills: SkillMatrix | None = None,
    fixed: Sequence[Finding] = (),
    kept_untracked: Collection[str] = (),
) -> TaskFollowUp:
    """One task against the new scan (and skill matrix, for a check that names a cell)."""
    check = task.check
    if check is None:
        return TaskFollowUp(task=task, done=None)
    if check.skill is not None:
        return _check_skill(task, check, skills)
    if check.signal is not None:
        signals = _check_signals(task, check, analyses, paths)
        return _check_stack(task, check, stack, signals, paths) if check.stack else signals
    if check.stack:
        return _check_stack(task, check, stack, None, paths)
    if check.rule is not None or check.category is not None:
        result = _check_findings(task, check, findings, paths, fixed, kept_untracked)
        return _rotation_unseen(_another_way(result, analyses)) if result.done else result
    return TaskFollowUp(task=task, done=None)


SECRET_RULE = "MB107"


def _rotation_unseen(result: TaskFollowUp) -> TaskFollowUp:
    """A secret's task done in the code: every one of them also asks to rotate the secret,
    which no repository shows. "…and rotate it since it has been committed: done" had claimed
    it (blind check w1)."""
    check = result.task.check
    if check is None or (check.rule != SECRET_RULE and check.category != "hardcoded-secret"):
        return result
    return result.model_copy(update={"rotation_unseen": True})


SYNC_DRIVER_RULE = "MB111"


def _another_way(result: TaskFollowUp, analyses: Sequence[FileAnalysis]) -> TaskFollowUp:
    """ "Switch to an async driver", done because the routes became plain ``def``: the sync
    engine is still in its file, and the follow-up says the problem went another way rather
    than that the switch was made (blind check history 43)."""
    check = result.task.check
    if check is None or check.rule != SYNC_DRIVER_RULE or check.path is None or result.new_since:
        return result
    engines = [
        signal
        for analysis in analyses
        if analysis.path == check.path
        for signal in analysis.signals
        if signal.kind == "engine" and signal.data.get("async") != "1"
    ]
    if not engines:
        return result
    evidence = (Evidence(path=check.path, line=engines[0].line, note="sync engine still here"),)
    return result.model_copy(update={"another_way": True, "evidence": evidence})


LINE_REF = re.compile(r"((?:[\w.-]+/)*[\w-]+\.[A-Za-z0-9]+):\d+\b")


def drop_line_refs(text: str) -> str:
    """Text written about an older tree (last plan's tasks): keep the files, drop the lines,
    which may no longer exist or may hold other code now."""
    return LINE_REF.sub(r"\1", text)


def _in_today_s_words(task: PlanTask) -> PlanTask:
    """The task as the last log wrote it, without its line numbers: the report cites only
    lines of the reviewed tree (the JSON repeated ``users.py:57`` of a file now 56 lines
    long, blind check z1)."""
    text = Text(zh=drop_line_refs(task.text.zh), en=drop_line_refs(task.text.en))
    return task.model_copy(update={"text": text})


def follow_up(
    previous_plan: Plan | None,
    findings: Sequence[Finding],
    analyses: Sequence[FileAnalysis],
    paths: Sequence[str],
    stack: Sequence[StackItem] = (),
    skills: SkillMatrix | None = None,
    fixed: Sequence[Finding] = (),
    kept_untracked: Collection[str] = (),
) -> list[TaskFollowUp]:
    """Every task of the previous plan, in its order, with done / not yet / undecided.
    ``kept_untracked``: see ``untracked_on_disk``."""
    if previous_plan is None:
        return []
    return [
        check_task(
            _in_today_s_words(task),
            findings,
            analyses,
            paths,
            stack,
            skills,
            fixed,
            kept_untracked,
        )
        for task in previous_plan.tasks
    ]


def untracked_on_disk(previous_plan: Plan | None, scan: ScanResult) -> set[str]:
    """The files the last plan's tasks check that the review did not read, that git does not
    track at HEAD, and that are still on disk: a ``.env`` taken out of git with ``git rm
    --cached`` and ignored since, which the follow-up must not call deleted."""
    if previous_plan is None or not scan.has_git or scan.head is None:
        return set()
    read = {source.path for source in scan.files}
    wanted = {
        task.check.path
        for task in previous_plan.tasks
        if task.check is not None and task.check.path is not None and task.check.path not in read
    }
    on_disk = {path for path in wanted if (Path(scan.root) / path).is_file()}
    if not on_disk:
        return set()
    return on_disk - set(git_worktree.tree_paths(scan.root, scan.head))
