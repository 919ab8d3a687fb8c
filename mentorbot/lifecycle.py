"""Finding lifecycle across reviews: new, still open since step N, or fixed by a commit.

Findings are matched by fingerprint (rule + path + normalised code), so a finding whose lines
moved is still the same finding. So is one whose line was edited but that its rule still reports
in the same file with the same message, where that message names the function or variable. A
finding of the previous review that is gone now is fixed; the fixing commit is the first commit
in range, oldest first, after which the file no longer shows it. Unless the rules changed rather
than the code: a gone finding that today's rules do not report on the file as it was at the
previous review's commit, although its code was there, was retired by a newer Mentor Bot, and
the learner is not told they fixed it. That is asked of the whole project as it was then: a
finding other files decide ("no tests" at the app's line, a route calling a helper that blocked)
went because those files changed; it is fixed by changes elsewhere, by the commit a solved
lesson of its rule names when one cites its file, else with no commit claimed. A finding that
moved to another file, with its code or with its file, is neither (``finding_pairs``); one whose
file a commit deleted was fixed by that commit, and one whose file moved was fixed where the
moved file lost it (``moved_fixes``).
Likewise a finding the last review did not show, in code its commit already had, is open since
then rather than new, if the project as it was then shows it too (tests deleted since make "no
tests" new, although the app's line is old). A folder without git has no commit to read: there,
a file not modified since the last review finished is taken as unchanged, and what came in it,
or went while its line stayed, is the rules' doing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from mentorbot.analysis import git, git_worktree
from mentorbot.analysis.file_text import source_text
from mentorbot.deleted_code import deleted_with_code
from mentorbot.domain import Commit, Finding, Lesson, PreviousReview
from mentorbot.finding_counts import fewer_after, still_shown, still_told, told_apart
from mentorbot.finding_pairs import (
    outnumbering,
    pair_moved,
    pair_reworded,
    pair_unattributed,
    same_problem,
)
from mentorbot.in_place import rewritten_in_place
from mentorbot.lesson_origins import PROJECT_WIDE_RULES
from mentorbot.lesson_versions import blob_text
from mentorbot.lessons import LessonMiner
from mentorbot.moved_fixes import FixedBy, MovedFixes, moved_together
from mentorbot.rules.engine import review_findings
from mentorbot.untouched import still_in, untouched_since


def track_findings(
    findings: Sequence[Finding],
    previous: PreviousReview | None,
    already_there: Collection[str] = (),
    reworded: Mapping[str, int] | None = None,
    carried: Collection[tuple[str, int]] = (),
    kept: Collection[tuple[str, int]] = (),
) -> list[Finding]:
    """Marks each current finding new or open (with the step it was first seen).

    ``already_there``: fingerprints of findings whose code the previous review's commit had
    (``rules_change``); they are open since that step, not new. ``reworded``: fingerprints of
    findings that are an earlier one whose line was edited, with the step it was first seen.
    ``carried``: where the lines of old findings that now share their fingerprint with more
    went (``carried_findings``); ``kept``: where edited lines stand (``RulesChange.kept_places``).
    """
    if previous is None:
        return list(findings)
    first_seen = {fingerprint: previous.step for fingerprint in already_there}
    first_seen |= reworded or {}
    first_seen |= {
        f.fingerprint: f.since_step or previous.step
        for f in previous.findings
        if f.status != "fixed"
    }
    arrived = outnumbering(findings, previous, carried)
    arrived -= {id(f) for f in findings if (f.path, f.line) in kept}
    tracked: list[Finding] = []
    for finding in findings:
        since = first_seen.get(finding.fingerprint)
        if since is None or id(finding) in arrived:
            tracked.append(finding.model_copy(update={"status": "new"}))
        else:
            tracked.append(finding.model_copy(update={"status": "open", "since_step": since}))
    return tracked


def gone_findings(findings: Sequence[Finding], previous: PreviousReview | None) -> list[Finding]:
    """Findings of the previous review that the code no longer shows, one by one: of five
    ``db.commit()`` lines that blocked five routes (one fingerprint: rule, file, code), the two
    fixed are two gone. Those whose message (naming the route) is still shown stay first."""
    if previous is None:
        return []
    left = Counter(f.fingerprint for f in findings)
    told = Counter((f.fingerprint, f.message.en) for f in findings)
    earlier = [f for f in previous.findings if f.status != "fixed"]
    stays: set[int] = set()
    for index, finding in enumerate(earlier):
        key = (finding.fingerprint, finding.message.en)
        if told[key] > 0:
            told[key] -= 1
            left[finding.fingerprint] -= 1
            stays.add(index)
    gone: list[Finding] = []
    for index, finding in enumerate(earlier):
        if index in stays:
            continue
        if left[finding.fingerprint] > 0:
            left[finding.fingerprint] -= 1
        else:
            gone.append(finding)
    return gone


def fixed_findings(
    gone: Sequence[Finding],
    commits: Sequence[Commit],
    miner: LessonMiner,
    elsewhere: Collection[str] = (),
    solved: Sequence[Lesson] = (),
) -> list[Finding]:
    """The gone findings marked fixed, each with the commit that removed it when one did.

    ``elsewhere``: fingerprints of findings that other files' changes removed (``rules_change``);
    the versions of their own file cannot say which commit did. One is named when a solved
    lesson of ``solved`` (newest first) cites the finding's file for the same rule: a fix of a
    helper in another module, whose lesson names the route it freed.
    """
    oldest_first = list(reversed(commits))
    candidates = {
        finding.fingerprint: (
            []
            if finding.fingerprint in elsewhere
            else [c for c in oldest_first if finding.path in c.files]
        )
        for finding in gone
    }
    versions = sorted(
        {
            (f"{rev}:{finding.path}", finding.path)
            for finding in gone
            for commit in candidates[finding.fingerprint]
            for rev in (commit.sha, commit.parent)
            if rev
        }
    )
    blobs = git.read_blobs(miner.root, [spec for spec, _ in versions]) if versions else {}
    analysed = miner.findings_at(versions, blobs)
    moved = MovedFixes(miner, commits) if commits else None
    fixed: list[Finding] = []
    ordered = sorted(gone, key=lambda f: (f.path, f.line))
    allowed = dict(zip(map(id, ordered), still_shown(ordered, miner.scan.findings), strict=True))
    for finding in gone:
        fixed_by = FixedBy(None)
        for commit in candidates[finding.fingerprint]:
            spec = f"{commit.sha}:{finding.path}"
            if blobs.get(spec) is None:
                # A file renamed with much changed is no rename to git: its code went along.
                carried = moved.renamed_loosely(finding, commit) if moved is not None else None
                fixed_by = carried or FixedBy(commit.sha, deleted=True)
                break
            still = analysed.get(spec)
            parent_spec = f"{commit.parent}:{finding.path}"
            before = analysed.get(parent_spec) if commit.parent else None
            named = before is not None and told_apart(finding, before)
            if still is not None and named and still_told(finding, still):
                continue
            shown = sum(map(partial(same_problem, finding), still)) if still is not None else 0
            if (
                still is not None
                and (named or shown <= allowed[id(finding)])
                and (
                    fewer_after(finding, before, still, by_name=True)
                    or rewritten_in_place(miner.root, commit.sha, finding, before, still, blobs)
                )
            ):
                carried = moved.carried_from(finding, commit) if moved is not None else None
                texts = (blob_text(blobs, parent_spec), blob_text(blobs, spec))
                code_gone = before is not None and deleted_with_code(
                    finding,
                    before,
                    texts,
                    partial(git.diff_hunks, miner.root, commit.sha, finding.path),
                )
                fixed_by = carried or FixedBy(commit.sha, code_deleted=code_gone)
                break
        if finding.fingerprint in elsewhere:
            fixed_by = FixedBy(_fixed_elsewhere_by(finding, solved))
        elif fixed_by.commit is None and moved is not None:
            fixed_by = moved.fixed_by(finding)
        if fixed_by.commit is None and candidates[finding.fingerprint]:
            touched = {commit.sha for commit in candidates[finding.fingerprint]}
            fixed_by = FixedBy(_solved_in_its_file(finding, solved, touched))
        update = {
            "status": "fixed",
            "fixed_by": fixed_by.commit,
            "fixed_elsewhere": finding.fingerprint in elsewhere,
            "removed_with_file": fixed_by.deleted,
            "removed_with_code": fixed_by.code_deleted,
        }
        done = finding.model_copy(update=update)
        if fixed_by.commit is not None and fixed_by.where is not None:
            # Fixed after its code moved: cited where the fixing commit's parent held it.
            done = done.model_copy(
                update={"path": fixed_by.where.path, "line": fixed_by.where.line}
            )
        fixed.append(done)
    return fixed


def _solved_in_its_file(
    finding: Finding, solved: Sequence[Lesson], touched: Collection[str]
) -> str | None:
    """The oldest solved lesson's commit, of the finding's rule, among the commits that changed
    its file, citing that file: a secret taken out of a ``.env`` that stays, which no Python
    analysis reads, had been "fixed in changes not committed yet" (blind check m1)."""
    commits = [
        lesson.commit
        for lesson in solved
        if lesson.rule == finding.rule
        and lesson.commit in touched
        and (lesson.path == finding.path or any(e.path == finding.path for e in lesson.evidence))
    ]
    return commits[-1] if commits else None


def _fixed_elsewhere_by(finding: Finding, solved: Sequence[Lesson]) -> str | None:
    """The oldest solved lesson's commit, of the finding's rule, that is about its file or cites
    a line of it: a route that awaits the helper another module made async was fixed in both.
    A project-wide problem ("no migrations" at the ``create_all`` line) is solved by the
    commit that added what it lacked, whichever files that lesson names (blind check t1)."""
    commits = [
        lesson.commit
        for lesson in solved
        if lesson.rule == finding.rule
        and lesson.commit
        and (
            finding.rule in PROJECT_WIDE_RULES
            or lesson.path == finding.path
            or any(e.path == finding.path and e.line for e in lesson.evidence)
        )
    ]
    return commits[-1] if commits else None


def _as_of(
    findings: Sequence[Finding], head: str, miner: LessonMiner
) -> dict[str, tuple[str | None, set[str] | None]]:
    """Per path of ``findings``: the file's text at ``head`` (None when it did not exist) and
    the fingerprints today's rules report on it (None when it is not analysed: not Python)."""
    versions = sorted({(f"{head}:{finding.path}", finding.path) for finding in findings})
    blobs = git.read_blobs(miner.root, [spec for spec, _ in versions])
    analysed = miner.findings_at(versions, blobs)
    found: dict[str, tuple[str | None, set[str] | None]] = {}
    for spec, path in versions:
        data = blobs.get(spec)
        reported = analysed.get(spec)
        found[path] = (
            source_text(data) if data is not None else None,
            {f.fingerprint for f in reported} if reported is not None else None,
        )
    return found


def project_fingerprints_at(miner: LessonMiner, rev: str) -> set[str]:
    """What today's rules report on the whole project as it was at commit ``rev``: the files
    that changed since (or came since) are taken at that commit, the rest as they are now.

    ``miner.findings_at`` keeps the rest of the project as it is now: that tells whether a rule
    still reports a file's old version, but not a finding other files decide ("no tests" at
    ``app/main.py`` left because tests were added, not because the rule changed).
    """
    at_rev = git_worktree.tree_paths(miner.root, rev)
    changed = git_worktree.uncommitted_paths(miner.root, rev)
    current = {analysis.path: analysis for analysis in miner.scan.analyses}
    kept = [current[path] for path in at_rev if path in current and path not in changed]
    versions = [
        (f"{rev}:{path}", path)
        for path in at_rev
        if path.endswith(".py") and (path in changed or path not in current)
    ]
    blobs = git.read_blobs(miner.root, [spec for spec, _ in versions]) if versions else {}
    then = miner.analyses_at(versions, blobs)
    return {f.fingerprint for f in review_findings([*kept, *then], miner.scan.stack, at_rev)}


@dataclass(frozen=True)
class RulesChange:
    """The last review's findings measured against today's rules on that review's commit."""

    gone: list[Finding]
    """Findings of the last review that are gone and that the code explains (fixed, or not)."""
    retired: list[Finding]
    """Gone because today's rules no longer report them on code that is still there."""
    already_there: set[str]
    """Fingerprints of findings the last review did not show, in code its commit already had."""
    reworded: dict[str, int] = field(default_factory=dict)
    """Findings whose line was edited but whose problem stayed: the new fingerprint and the step
    the problem was first seen. Their old fingerprints are in neither ``gone`` nor ``retired``."""
    elsewhere: set[str] = field(default_factory=set)
    """Fingerprints of ``gone`` findings that changes to other files removed: today's rules
    report them on the project as it was, but not on their file's old version in today's."""
    kept_places: set[tuple[str, int]] = field(default_factory=set)
    """Where findings stand that share an open one's fingerprint but are another's edited line."""


def rules_change(
    findings: Sequence[Finding], previous: PreviousReview | None, miner: LessonMiner
) -> RulesChange:
    """Split what changed since ``previous`` into what the code did and what the rules did,
    reading and analysing each file at the previous review's commit once."""
    gone = gone_findings(findings, previous)
    if previous is None:
        return RulesChange(gone=gone, retired=[], already_there=set())
    known = {f.fingerprint for f in previous.findings}
    unseen = [f for f in findings if f.fingerprint not in known]
    if previous.head is None:  # no commit to read the files at: a folder without git
        untouched = untouched_since(
            {f.path for f in [*gone, *unseen]}, miner.root if miner else None, previous.date
        )
        retired = [f for f in gone if still_in(f, untouched)]
        already_there = {f.fingerprint for f in unseen if f.path in untouched}
        gone = [f for f in gone if f not in retired]
        unseen = [f for f in unseen if f.path not in untouched]
        gone, reworded = pair_reworded(gone, unseen, previous.step)
        return RulesChange(
            gone=gone, retired=retired, already_there=already_there, reworded=reworded
        )
    then = _as_of([*gone, *unseen], previous.head, miner) if gone or unseen else {}
    kept: list[Finding] = []
    unreported: list[Finding] = []
    for finding in gone:
        text, reported = then[finding.path]
        code = finding.snippet.strip()
        if text is not None and code and code in text and reported is not None:
            if finding.fingerprint not in reported:
                unreported.append(finding)
                continue
        kept.append(finding)
    already = [f for f in unseen if f.fingerprint in (then[f.path][1] or ())]
    # Ruff's checks see one file; ours may look at the others, which may have changed since:
    # the whole project as it was decides what its files' old versions alone cannot.
    ours = [f for f in [*unreported, *already] if f.source == "mentor"]
    whole = project_fingerprints_at(miner, previous.head) if ours else set()
    elsewhere = {
        f.fingerprint for f in unreported if f.source == "mentor" and f.fingerprint in whole
    }
    kept += [finding for finding in unreported if finding.fingerprint in elsewhere]
    retired = [finding for finding in unreported if finding.fingerprint not in elsewhere]
    already_there = {
        f.fingerprint for f in already if f.source != "mentor" or f.fingerprint in whole
    }
    arrived = [f for f in unseen if f.fingerprint not in already_there]
    kept, reworded = pair_reworded(kept, arrived, previous.step)
    present = {source.path for source in miner.scan.files}
    together = partial(moved_together, miner, present)
    kept, moved = pair_moved(kept, arrived, previous.step, present, set(reworded), together)
    reworded |= moved
    # A file deleted since took its project-wide findings with it: gone with the file, not
    # fixed by changes to other files.
    elsewhere = {
        f.fingerprint for f in unreported if f.fingerprint in elsewhere and f.path in present
    }
    return RulesChange(
        gone=kept,
        retired=retired,
        already_there=already_there,
        reworded=reworded,
        elsewhere=elsewhere,
    )


def still_there(
    fixed: list[Finding],
    findings: Sequence[Finding],
    previous: PreviousReview | None,
    change: RulesChange,
    uncommitted: Collection[str],
) -> tuple[list[Finding], RulesChange]:
    """``fixed`` without those whose problem the rule still reports in their file, and
    ``change`` with the findings that report it among the edited ones (``pair_unattributed``)."""
    if not fixed or previous is None:
        return fixed, change
    paired = change.reworded.keys() | change.already_there
    kept, carried, places = pair_unattributed(fixed, findings, previous, paired, uncommitted)
    return kept, replace(change, reworded={**change.reworded, **carried}, kept_places=places)
