"""Problems and solutions, mined from the learner's own history and code.

A fix-like commit is analysed with the same rules on the files before and after it: a finding
that disappears is a solved problem, cited by the commit sha. A fix commit whose problem no rule
knows is still a solved problem, described by its message and diff. A commit whose message only
hints at a fix ("replace time.sleep with asyncio.sleep") or names a topic the rules know is mined
for rule findings alone, guarded against code that merely moved; so is a commit whose message
says nothing ("update") but whose diff shows a hint of a fix (``quiet_fixes``). A fix commit
whose own files show no rule's finding leaving is judged again with the modules it imports as
they were then (``lesson_context``), and may have solved a problem in another file
(``lessons_elsewhere``). Open findings are grouped in ``lessons_open``.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.git_batch import commit_diffs
from mentorbot.analysis.walk import git_blob_sha
from mentorbot.analysis_pool import SERIAL, AnalysisJob, AnalysisPool
from mentorbot.cache import AnalysisCache, CachedFile
from mentorbot.cancel import NEVER, StopFlag
from mentorbot.domain import FileAnalysis, Finding, Lesson, ScanResult
from mentorbot.fix_messages import claims, worth_mining
from mentorbot.lesson_context import judged_then, then_views
from mentorbot.lesson_files import file_lessons
from mentorbot.lesson_messages import message_lesson
from mentorbot.lesson_origins import Origins, secret_in_config
from mentorbot.lesson_rules import solved_by
from mentorbot.lesson_siblings import SiblingJudge
from mentorbot.lesson_versions import (
    CommitVersions,
    FileChange,
    Mined,
    blob_text,
    citable,
    with_moves,
)
from mentorbot.lessons_elsewhere import solved_elsewhere
from mentorbot.lessons_open import dating_places, led_by_oldest
from mentorbot.lessons_project import project_lessons
from mentorbot.lessons_secrets import secret_lessons
from mentorbot.quiet_fixes import credited, quiet_fixes, unused_finding, unused_name
from mentorbot.reverts import unmined_reverts
from mentorbot.rules.engine import fingerprint, review_findings
from mentorbot.rules.project import ProjectView
from mentorbot.rules.ruff import run_ruff_on_sources
from mentorbot.undone_fixes import without_undone

MINING_CHUNK = 25


def _makes_sync(mining: CommitVersions) -> bool:
    """Whether the commit turned an ``async def`` of a file it changed into a ``def``."""
    for change in mining.changes:
        before = mining.analyses.get(change.before_spec)
        after = mining.analyses.get(change.after_spec)
        if before is None or after is None:
            continue
        was_async = {s.name for s in before.signals if s.kind == "async-def"}
        now_sync = {s.name for s in after.signals if s.kind == "sync-def"}
        if was_async & now_sync:
            return True
    return False


class LessonMiner:
    """Finds solved problems in fix commits; one instance per review."""

    def __init__(
        self,
        root: Path,
        scan: ScanResult,
        cache: AnalysisCache,
        pool: AnalysisPool = SERIAL,
        stop: StopFlag = NEVER,
    ) -> None:
        self.root = root
        self.scan = scan
        self.cache = cache
        self.pool = pool
        self.stop = stop
        self.paths = [f.path for f in scan.files]
        self.still_open = {f.fingerprint for f in scan.findings}
        self.context = ProjectView(
            analyses=tuple(a.model_copy(update={"findings": ()}) for a in scan.analyses),
            stack=scan.stack,
            paths=tuple(self.paths),
        )
        self.siblings = SiblingJudge(self.context, self._judged)
        self.origins = Origins(root, cache, self._finds, shallow=scan.shallow, commits=scan.commits)
        self._ruff: dict[str, list[Finding]] = {}
        """Ruff's findings of the versions of the chunk being mined, by spec."""

    def solved(self) -> list[Lesson]:
        """A lesson for every fix commit in range, newest first.

        Commits are mined in chunks, so the file versions held in memory stay bounded however
        long the history is.
        """
        quiet = quiet_fixes(self.root, self.scan.commits, self.cache)
        # A fix a later commit reverted solved nothing that held: its problem is open again.
        reverted = unmined_reverts(self.scan.commits)
        # A merge's diff is its branch's commits, each mined on its own: "Merge branch
        # 'fix-sleep'" would count the branch's fix a second time.
        mined_commits = [
            c
            for c in self.scan.commits
            if c.parent
            and not c.merge
            and c.sha not in reverted
            and (worth_mining(c) or c.sha in quiet)
        ]
        lessons: list[Lesson] = []
        for start in range(0, len(mined_commits), MINING_CHUNK):
            self.stop.check()
            chunk = mined_commits[start : start + MINING_CHUNK]
            diffs = commit_diffs(self.root, [(c.sha, c.parent or "") for c in chunk])
            changes = [
                FileChange(commit, changed.old_path, changed.new_path)
                for commit in chunk
                for changed in with_moves(diffs[commit.sha].changes)
                if changed.status in ("M", "R")
                and citable(changed.old_path)
                and citable(changed.new_path)
            ]
            blobs = git.read_blobs(
                self.root, [s for ch in changes for s in (ch.before_spec, ch.after_spec)]
            )
            self._ruff.clear()
            analysed, analyses = self._analyse_versions(changes, blobs)
            mined: Mined = []
            for commit in chunk:
                self.stop.check()
                mine = [ch for ch in changes if ch.commit.sha == commit.sha]
                beside = self.siblings.findings(mine, analyses)
                found_in = ChainMap(beside, analysed) if beside else analysed
                mining = CommitVersions(commit, diffs[commit.sha], mine, blobs, found_in, analyses)
                found = self._rule_lessons(mining, quiet=commit.sha in quiet)
                # Nothing in "update" names a problem: what it rewrote, or the unused import it
                # deleted, is what it solved.
                found = [
                    pair
                    for pair in found
                    if claims(commit, pair[0]) or (commit.sha in quiet and unused_name(pair[0]))
                ]
                if commit.sha in quiet:
                    found = self._rewritten(mining, found)
                counts_as_fix = commit.sha in quiet or (found and commit.kind == "fix")
                if counts_as_fix and _makes_sync(mining):
                    # A fix (or an "update") that made a function sync may solve, beside its own
                    # files' problems, another rule's in a file it left alone (the engine a
                    # route made sync used is no longer MB111). Only then: it costs two project
                    # passes per file.
                    named = {lesson.rule for lesson, _ in found}
                    found = found + [
                        pair
                        for pair in solved_elsewhere(
                            self.root, mining, self.context, self.paths, self.still_open
                        )
                        if pair[0].rule not in named
                    ]
                elif not found and commit.kind == "fix":
                    # Other files' findings cost a project pass per version: asked only where
                    # the commit says it fixed something and its own files do not show what.
                    then = judged_then(
                        self.root, mining, self.context, self.paths, self._analyses_of, self._judged
                    )
                    found = (
                        (self._rule_lessons(then) if then is not None else [])
                        or solved_elsewhere(
                            self.root, mining, self.context, self.paths, self.still_open
                        )
                        or message_lesson(self.root, then or mining)
                    )
                mined.extend(found)
            lessons.extend(self.origins.of(mined))
        kept = [
            lesson
            for lesson in self._with_project_lessons(lessons)
            if lesson.commit not in reverted
        ]
        return without_undone(self.root, kept, self.scan.findings)

    def dated(self, lessons: Sequence[Lesson]) -> list[Lesson]:
        """Open problems with the commit that introduced each, led by the place of the group
        written first (``lessons_open.dating_places``): each place blamed at HEAD, past edits
        that only renamed or rewrapped it. A group with no place as at HEAD is left undated."""
        head, changed = self.scan.head, set(self.scan.uncommitted)
        if not head:
            return list(lessons)
        places = [dating_places(lesson, self.scan.findings, changed) for lesson in lessons]
        mined: Mined = []
        for lesson, group in zip(lessons, places, strict=True):
            for place in group:
                mined.append((lesson, (head, place.path, place.line)))
            if not group:
                mined.append((lesson, None))
        found = iter(self.origins.of(mined))
        return [
            led_by_oldest(lesson, group, [next(found) for _ in group]) if group else next(found)
            for lesson, group in zip(lessons, places, strict=True)
        ]

    def _with_project_lessons(self, lessons: list[Lesson]) -> list[Lesson]:
        """``lessons`` and the problems solved by adding files (project-wide ones) or by taking
        secrets out of config files, in commit order. A rule's lesson of the same commit gives
        way to a project-wide one (it judged the old file beside today's project, which has
        what the commit added), and to a config-file one when it is about a file outside
        Python, which that lesson covers. The lesson a commit's message alone tells, told only
        where no rule recognised the fix, gives way to either (one fix counted twice: "fix:
        remove committed .env", blind checks h3 and g1)."""
        commits, findings = self.scan.commits, self.scan.findings
        project = self.origins.of(
            project_lessons(self.root, commits, self.context, findings, self.analyses_at)
        )
        configs = secret_lessons(self.root, commits)
        found = [*project, *configs]
        if not found:
            return lessons
        replaced = {(lesson.commit, lesson.rule) for lesson in project}
        in_configs = {(lesson.commit, lesson.rule) for lesson in configs}
        recognised = {lesson.commit for lesson in found}

        def superseded(lesson: Lesson) -> bool:
            key = (lesson.commit, lesson.rule)
            outside_python = not (lesson.path or "").endswith(".py")
            return (
                key in replaced
                or (key in in_configs and outside_python)
                or (lesson.rule is None and lesson.commit in recognised)
            )

        kept = [lesson for lesson in lessons if not superseded(lesson)]
        order = {commit.sha: index for index, commit in enumerate(self.scan.commits)}
        return sorted([*kept, *found], key=lambda lesson: order.get(lesson.commit or "", 0))

    def _rewritten(self, mining: CommitVersions, found: Mined) -> Mined:
        """A quiet commit's lessons whose flagged line it rewrote (``quiet_fixes.credited``)."""
        texts = {
            change.new_path: (
                blob_text(mining.blobs, change.before_spec).splitlines(),
                blob_text(mining.blobs, change.after_spec).splitlines(),
            )
            for change in mining.changes
        }
        return [
            (lesson, blame)
            for lesson, blame in found
            if blame is not None
            and credited(
                lesson,
                mining.diff.hunks_of(self.root, lesson.path or ""),
                blame[2],
                texts.get(lesson.path or "", ((), ())),
            )
        ]

    def _finds(self, rule: str, rev: str, path: str, line: int) -> bool:
        """Whether ``rule`` finds its problem at ``path:line`` as of commit ``rev`` (judged
        among the modules it imported then)."""
        spec = f"{rev}:{path}"
        if not path.endswith(".py"):
            return secret_in_config(self.root, rule, spec, path, line)
        blobs = git.read_blobs(self.root, [spec])
        analysis = self._analyses_of([(spec, path)], blobs).get(spec) if blobs.get(spec) else None
        if analysis is None:
            return False
        sides = [(spec, rev, path)]
        views = then_views(self.root, sides, blobs, self.context, self.paths, self._analyses_of)
        found = self._judged(views.get(spec, self.context).with_file(analysis), spec)
        return any(finding.rule == rule and finding.line == line for finding in found)

    def _analyse_versions(
        self, changes: Sequence[FileChange], blobs: dict[str, bytes | None]
    ) -> tuple[dict[str, list[Finding]], dict[str, FileAnalysis]]:
        """Both sides of every change: each version's findings and its analysis."""
        versions = [
            (spec, change.new_path)
            for change in changes
            for spec in (change.before_spec, change.after_spec)
        ]
        analysed = self._analysed_at(versions, blobs)
        findings = {spec: found for spec, (_, found) in analysed.items()}
        return findings, {spec: analysis for spec, (analysis, _) in analysed.items()}

    def findings_at(
        self, versions: Sequence[tuple[str, str]], blobs: dict[str, bytes | None]
    ) -> dict[str, list[Finding]]:
        """Findings of each ``(rev:path spec, path)`` Python version, ruff and project rules
        included; the rest of the project is taken as it is now, for cross-file context."""
        return {spec: found for spec, (_, found) in self._analysed_at(versions, blobs).items()}

    def findings_beside(
        self, versions: Sequence[tuple[str, str]], blobs: dict[str, bytes | None]
    ) -> dict[str, list[Finding]]:
        """``findings_at``, with the versions judged beside one another: files a commit added
        call each other, as a helper moved to ``db.py`` and the handlers moved to
        ``handlers/`` that call it (history 59)."""
        by_spec = self._analyses_of(versions, blobs)
        view = self.context
        for analysis in by_spec.values():
            view = view.with_file(analysis)
        return {
            spec: self._judged(view.with_file(analysis), spec) for spec, analysis in by_spec.items()
        }

    def analyses_at(
        self, versions: Sequence[tuple[str, str]], blobs: dict[str, bytes | None]
    ) -> list[FileAnalysis]:
        """The analysis of each ``(rev:path spec, path)`` Python version (cached or made)."""
        return list(self._analyses_of(versions, blobs).values())

    def _analysed_at(
        self, versions: Sequence[tuple[str, str]], blobs: dict[str, bytes | None]
    ) -> dict[str, tuple[FileAnalysis, list[Finding]]]:
        """Each Python version's analysis and findings (see ``findings_at``)."""
        by_spec = self._analyses_of(versions, blobs)
        return {
            spec: (analysis, self._judged(self.context.with_file(analysis), spec))
            for spec, analysis in by_spec.items()
        }

    def _analyses_of(
        self, versions: Sequence[tuple[str, str]], blobs: dict[str, bytes | None]
    ) -> dict[str, FileAnalysis]:
        """Each Python version's analysis, from the cache or made (ruff's findings of the new
        ones kept for judging them)."""
        ruff_by_spec: dict[str, list[Finding]] = {}
        pending: dict[str, bytes] = {}
        pending_paths: dict[str, str] = {}
        order: dict[str, FileAnalysis | None] = {}
        jobs: list[AnalysisJob] = []
        for spec, path in versions:
            data = blobs.get(spec)
            if data is None or not path.endswith(".py") or spec in order:
                continue
            cached = self.cache.get(path, git_blob_sha(data))
            if cached is not None and cached.ruff is not None:
                order[spec] = cached.analysis
                ruff_by_spec[spec] = [_placed(finding, path) for finding in cached.ruff]
                continue
            order[spec] = None
            jobs.append((path, True, data))
            key = f"v{len(pending):05d}/{path}"
            pending[key] = data
            pending_paths[key] = spec
        fresh_list, ruff_found = self.pool.analyse_beside(
            jobs, lambda: run_ruff_on_sources(pending) if pending else {}, self.stop
        )
        fresh = iter(fresh_list)
        by_spec = {
            spec: known if known is not None else next(fresh) for spec, known in order.items()
        }
        if pending:
            for key, found in ruff_found.items():
                spec = pending_paths[key]
                real = by_spec[spec].path
                ruff_by_spec[spec] = [_placed(finding, real) for finding in found]
            for spec in pending_paths.values():
                ruff = tuple(ruff_by_spec.setdefault(spec, []))
                self.cache.put(CachedFile(analysis=by_spec[spec], ruff=ruff))
        self._ruff.update(ruff_by_spec)
        return by_spec

    def _judged(self, view: ProjectView, spec: str) -> list[Finding]:
        """The findings in the file of version ``spec``, swapped into ``view`` (ruff's too)."""
        assert view.replaced is not None
        path = view.replaced.path
        found = review_findings(
            view.analyses, self.scan.stack, self.paths, self._ruff.get(spec, []), project=view
        )
        return [f for f in found if f.path == path]

    def _rule_lessons(self, mining: CommitVersions, *, quiet: bool = False) -> Mined:
        """Lessons for the findings that left the commit's files, one per rule and file; of a
        ``quiet`` commit, its unused names apart (all it may be credited with of ruff's)."""
        solves = solved_by(self.root, mining, self.findings_beside)
        return file_lessons(self.root, mining, solves, unused_finding if quiet else None)


def _placed(finding: Finding, path: str) -> Finding:
    """A ruff finding of a version checked under a scratch name, at its real path: with the
    fingerprint of that path, or the same finding in the versions before and after a commit
    never matched, and any one of them counted as solved (earlier reviews cached such ones)."""
    identity = fingerprint(finding.rule, path, finding.snippet)
    if finding.path == path and finding.fingerprint == identity:
        return finding
    return finding.model_copy(update={"path": path, "fingerprint": identity})
