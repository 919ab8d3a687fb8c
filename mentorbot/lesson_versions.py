"""One mined commit's file versions: their specs, text, snippets and the findings they lost.

Shared by the lessons a commit earns in the files it changed (``mentorbot.lessons``) and in the
files it did not touch (``mentorbot.lessons_elsewhere``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeGuard

from mentorbot.analysis import git
from mentorbot.analysis.file_text import source_text
from mentorbot.analysis.git_batch import CommitDiff
from mentorbot.domain import Commit, Evidence, FileAnalysis, Finding, Lesson
from mentorbot.finding_counts import counted_as, formatted_alike
from mentorbot.rules.registry import get_rule
from mentorbot.rules.secret_lines import redact_lines

SNIPPET_CONTEXT = 2
MAX_SNIPPET_LINES = 14

BlameRequest = tuple[str, str, int]
"""(revision, path, line) of a fixed line, to find the commit that introduced it."""
Mined = list[tuple[Lesson, BlameRequest | None]]


@dataclass(frozen=True)
class FileChange:
    commit: Commit
    old_path: str
    new_path: str

    @property
    def before_spec(self) -> str:
        return f"{self.commit.parent}:{self.old_path}"

    @property
    def after_spec(self) -> str:
        return f"{self.commit.sha}:{self.new_path}"


@dataclass(frozen=True)
class CommitVersions:
    """One commit being mined: its diff, the files it changed, and their versions' bytes and
    findings (keyed by ``rev:path`` spec).

    ``analysed`` holds each version's findings (beside the commit's other versions where they
    matter, see ``mentorbot.lesson_siblings``), ``analyses`` its analysis (the project rules
    ask it about the other files, see ``mentorbot.lessons_elsewhere``).
    """

    commit: Commit
    diff: CommitDiff
    changes: Sequence[FileChange]
    blobs: dict[str, bytes | None]
    analysed: Mapping[str, list[Finding]]
    analyses: dict[str, FileAnalysis]


def citable(path: str | None) -> TypeGuard[str]:
    """Whether a path git reported can be cited: a name that is not UTF-8 arrives with
    replacement characters and names no file, and one with a line break cannot be cited on a
    line (the walk skips both)."""
    return bool(path) and not any(mark in (path or "") for mark in ("\ufffd", "\n", "\r"))


def blob_text(blobs: dict[str, bytes | None], spec: str) -> str:
    """A file version's text as read from git and as the rules read it ("" when it is missing),
    for snippets and matching."""
    return source_text(blobs.get(spec) or b"")


def snippet(text: str, first: int, last: int, secret_lines: Collection[int] = ()) -> str:
    """Lines ``first``..``last`` with a little context; blank lines at either end are context
    that shows nothing, so they go. ``secret_lines``: where that version holds a secret."""
    lines = text.splitlines()
    start = max(first - 1 - SNIPPET_CONTEXT, 0)
    end = min(last + SNIPPET_CONTEXT, len(lines), start + MAX_SNIPPET_LINES)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return redact_lines(lines[start:end], start + 1, secret_lines, lines)


def hunk_snippets(
    hunk: git.Hunk,
    before_text: str,
    after_text: str,
    secrets: tuple[Collection[int], Collection[int]] = ((), ()),
) -> tuple[str, str]:
    """The lines a hunk replaced and the lines that replaced them, with a little context;
    ``secrets``: the secret lines of the two versions."""
    old_last = hunk.old_start + max(hunk.old_count - 1, 0)
    new_last = hunk.new_start + max(hunk.new_count - 1, 0)
    before = snippet(before_text, hunk.old_start, old_last, secrets[0]) if hunk.old_count else ""
    after = snippet(after_text, hunk.new_start, new_last, secrets[1]) if hunk.new_count else ""
    return before, after


def changes(hunks: Sequence[git.Hunk], before_line: int) -> bool:
    """Whether a hunk replaced or deleted old line ``before_line``."""
    return any(_holds(hunk, before_line) for hunk in hunks)


def rewrites(hunks: Sequence[git.Hunk], before_line: int) -> bool:
    """Whether a hunk replaced old line ``before_line`` with new text (not only deleted it)."""
    return rewriting_hunk(hunks, before_line) is not None


def rewriting_hunk(hunks: Sequence[git.Hunk], before_line: int) -> git.Hunk | None:
    """The hunk that replaced old line ``before_line`` with new text, if one did."""
    return next((h for h in hunks if _holds(h, before_line) and h.new_count > 0), None)


REWRITE_GAP = 2
"""Unchanged lines allowed between a deleted block and the new text git put in a hunk beside it."""


def rewritten_nearby(hunks: Sequence[git.Hunk], before_line: int) -> bool:
    """Whether old line ``before_line`` was deleted by a hunk that adds nothing beside a hunk
    that adds the new text: git's ``-U0`` diff may split a rewritten block so (``engine =
    create_engine(...)`` deleted two lines below the hunk writing ``create_async_engine``)."""
    deleting = next((hunk for hunk in hunks if _holds(hunk, before_line)), None)
    if deleting is None or deleting.new_count > 0:
        return False
    first, last = deleting.old_start, deleting.old_start + deleting.old_count - 1
    for hunk in hunks:
        if hunk is deleting or hunk.new_count == 0:
            continue
        start, end = hunk.old_start, hunk.old_start + max(hunk.old_count, 1) - 1
        if first - end - 1 <= REWRITE_GAP and start - last - 1 <= REWRITE_GAP:
            return True
    return False


def _holds(hunk: git.Hunk, before_line: int) -> bool:
    return hunk.old_start <= before_line < hunk.old_start + hunk.old_count


def _nearest_hunk(hunks: Sequence[git.Hunk], before_line: int) -> git.Hunk | None:
    """The hunk that replaced ``before_line``, else the one that starts nearest to it."""
    best: git.Hunk | None = None
    for hunk in hunks:
        if hunk.old_start <= before_line <= hunk.old_start + max(hunk.old_count - 1, 0):
            return hunk
        if best is None or abs(hunk.old_start - before_line) < abs(best.old_start - before_line):
            best = hunk
    return best


def enclosing_def(lines: Sequence[str], line: int) -> int | None:
    """The line of the ``def`` (or ``async def``) whose body holds line ``line``."""
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    indent = len(text) - len(text.lstrip())
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        stripped = above.lstrip()
        if stripped and len(above) - len(stripped) < indent:
            if stripped.startswith(("def ", "async def ")):
                return number
            if stripped[0] in ")]}":
                continue  # the close of a signature spread over lines: ``):`` ``) -> dict:``
            indent = len(above) - len(stripped)
    return None


def decorators_above(lines: Sequence[str], def_line: int) -> int:
    """The first line of the decorators right above the ``def`` at ``def_line`` (itself if
    none): a route's ``@router.post(..., response_model=...)`` belongs to its function."""
    first = def_line
    indent = len(lines[def_line - 1]) - len(lines[def_line - 1].lstrip())
    for number in range(def_line - 1, 0, -1):
        above = lines[number - 1]
        stripped = above.lstrip()
        if stripped.startswith("@") and len(above) - len(stripped) == indent:
            first = number
        elif not stripped or (len(above) - len(stripped) <= indent and stripped[0] != ")"):
            break
    return first


def before_range(
    hunks: Sequence[git.Hunk], before_line: int, before_lines: Sequence[str] = ()
) -> tuple[int, int]:
    """The old version's lines to show for a finding at ``before_line``: the finding, and the
    lines the nearest hunk replaced when they are close enough to fit one snippet. A fix that
    turned ``async def`` into ``def`` changed a line above the blocking call the rule found;
    the before snippet shows both, as the after snippet shows the new ``def``. A hunk that
    changed the ``def`` of the function holding the finding, or its decorators (``before_lines``:
    the old text), goes before a nearer one in the next function; when it is too far above a
    line the commit left as it was, the snippets show that hunk, where the fix is (a route
    given a ``response_model``), rather than the same unchanged line twice."""
    best = _nearest_hunk(hunks, before_line)
    enclosing = enclosing_def(before_lines, before_line) or 0
    header = decorators_above(before_lines, enclosing) if enclosing else 0
    in_header = False
    for hunk in hunks:
        # A line only added to the header (``response_model=...``) sits below old line
        # ``old_start``: that line stands for it.
        if (
            (hunk.old_count or hunk.old_start)
            and hunk.old_start <= enclosing
            and header < hunk.old_start + max(hunk.old_count, 1)
        ):
            best, in_header = hunk, True
            break
    if best is None or not (best.old_count or in_header):
        return before_line, before_line
    end = best.old_start + max(best.old_count, 1) - 1
    first = min(before_line, best.old_start)
    last = max(before_line, end)
    if last - first + 1 > MAX_SNIPPET_LINES - 2 * SNIPPET_CONTEXT:
        if in_header and not rewrites(hunks, before_line):
            return best.old_start, max(end, enclosing)
        return before_line, before_line
    return _with_hunks_beside(hunks, first, last)


def _with_hunks_beside(hunks: Sequence[git.Hunk], first: int, last: int) -> tuple[int, int]:
    """``first``..``last`` grown over the hunks a few lines away, while one snippet holds them:
    a query made parameterised changes the line that opens its f-string, its ``WHERE`` line and
    its arguments, and the snippet of the first change alone showed only the ``f`` going."""
    for hunk in sorted(hunks, key=lambda hunk: hunk.old_start):
        if not hunk.old_count:
            continue
        start, end = hunk.old_start, hunk.old_start + hunk.old_count - 1
        near = start <= last + 2 * SNIPPET_CONTEXT and end >= first - 2 * SNIPPET_CONTEXT
        grown = max(last, end) - min(first, start) + 1
        if near and grown <= MAX_SNIPPET_LINES - 2 * SNIPPET_CONTEXT:
            first, last = min(first, start), max(last, end)
    return first, last


def after_range(hunks: Sequence[git.Hunk], first: int, last: int) -> tuple[int, int]:
    """The new version's lines where the old lines ``first``..``last`` (``before_range``) went:
    both snippets then show the same stretch of code, the ``async def`` the fix made ``def``
    included when the before snippet shows it."""
    start = new_line(hunks, first, end=False)
    return start, max(start, new_line(hunks, last, end=True))


def new_line(hunks: Sequence[git.Hunk], line: int, *, end: bool) -> int:
    """Where old line ``line`` is in the new version: moved by the hunks above it; inside a hunk
    that replaced it, that hunk's first new line (its last with ``end``)."""
    shift = 0
    for hunk in sorted(hunks, key=lambda hunk: hunk.old_start):
        old_last = hunk.old_start + hunk.old_count - 1
        if hunk.old_count and hunk.old_start <= line <= old_last:
            if not hunk.new_count:
                return max(hunk.new_start, 1)
            return hunk.new_start + (hunk.new_count - 1 if end else 0)
        if (hunk.old_count and old_last < line) or (not hunk.old_count and hunk.old_start < line):
            shift += hunk.new_count - hunk.old_count
    return max(line + shift, 1)


def disappeared(
    before: Sequence[Finding],
    after: Sequence[Finding],
    hunks: Sequence[git.Hunk] = (),
    in_place: Collection[int] = frozenset(),
) -> list[Finding]:
    """Findings of ``before`` with no match in ``after`` (the same rule on the same code, however
    a formatter laid it out), counting only the rules that found fewer problems after than
    before, or a line rewritten in place (the ids in ``in_place``: ``in_place.fixed_in_place``).

    Findings on identical lines share a fingerprint (two schemas' ``class Config:``); when only
    some of them went, the ones on lines the diff (``hunks``) changed are the ones gone, not
    simply the last: the lesson then shows the ``class Config`` that was rewritten."""
    remaining = Counter(_counted_alike(f) for f in after)
    untouched_first = sorted(before, key=lambda finding: changes(hunks, finding.line))
    gone_ids: set[int] = set()
    for finding in untouched_first:
        if id(finding) not in in_place and remaining[_counted_alike(finding)] > 0:
            remaining[_counted_alike(finding)] -= 1  # an untouched line is the one still there
        else:
            # A line rewritten in place is gone though the commit wrote its code anew
            # elsewhere (``except:`` narrowed in one function, added in another).
            gone_ids.add(id(finding))
    gone = [finding for finding in before if id(finding) in gone_ids]
    rules_after = Counter(counted_as(f) for f in after)
    rules_before = Counter(counted_as(f) for f in before)
    return [
        f
        for f in gone
        if rules_after[counted_as(f)] < rules_before[counted_as(f)] or id(f) in in_place
    ]


def _counted_alike(finding: Finding) -> tuple[str, str, str]:
    """``formatted_alike`` under the name the finding counts under (``counted_as``): a bare
    ``except:`` that stopped swallowing its error lost a problem while E722 stays on its line."""
    _, path, code = formatted_alike(finding)
    return counted_as(finding), path, code


def rule_lesson(
    finding: Finding,
    commit: Commit,
    path: str,
    before: str,
    after: str,
    places: Sequence[Evidence] = (),
    occurrences: int = 1,
    alike: Sequence[Finding] = (),
) -> Lesson:
    """The solved problem a rule's finding names: ``commit`` changed ``path`` and the finding
    went away (``occurrences``: how many of that rule's findings did, ``alike``: those findings,
    where known); ``places`` are where it showed, when that is another file."""
    rule = get_rule(finding.rule)
    return Lesson(
        title=rule.title,
        category=finding.category,
        status="solved",
        rule=finding.rule,
        commit=commit.sha,
        commit_date=commit.date,
        path=path,
        before=before,
        after=after,
        explanation=rule.lesson_for([finding, *alike]),
        found=finding.message,
        evidence=(Evidence(commit=commit.sha, path=path), *places),
        occurrences=occurrences,
    )


def with_moves(changes: Sequence[git.ChangedPath]) -> list[git.ChangedPath]:
    """``changes``, with a file deleted and a file added under the same name taken as a move
    (``app/routers/targets.py`` to ``backend/routers/targets.py``) when each is the only one
    of that name on its side: a move edited past git's rename threshold shows as a delete and
    an add, and what its edits fixed would go unseen."""
    deleted: dict[str, list[git.ChangedPath]] = {}
    added: dict[str, list[git.ChangedPath]] = {}
    for change in changes:
        if change.status == "D" and change.old_path:
            deleted.setdefault(file_name(change.old_path), []).append(change)
        elif change.status == "A" and change.new_path:
            added.setdefault(file_name(change.new_path), []).append(change)
    moves = [
        (deleted[name][0], added[name][0])
        for name in sorted(deleted.keys() & added.keys())
        if len(deleted[name]) == len(added[name]) == 1 and name != "__init__.py"
    ]
    if not moves:
        return list(changes)
    paired = {id(change) for pair in moves for change in pair}
    kept = [change for change in changes if id(change) not in paired]
    return kept + [git.ChangedPath("R", old.old_path, new.new_path) for old, new in moves]


def file_name(path: str) -> str:
    """The last part of a repo-relative path (``routers/targets.py`` -> ``targets.py``)."""
    return path.rsplit("/", 1)[-1]


def statement_lines(
    lines: Sequence[str], index: int, limit: int, *, backslash: bool = False
) -> list[str]:
    """The lines of the statement that starts at ``lines[index]``: on while brackets stay open
    (counted roughly, strings and all) and, with ``backslash``, after a line ending in one; at
    most ``limit``."""
    taken: list[str] = []
    depth = 0
    for text in lines[index : index + limit]:
        taken.append(text)
        depth += sum(map(text.count, "([{")) - sum(map(text.count, ")]}"))
        if depth <= 0 and not (backslash and text.rstrip().endswith("\\")):
            break
    return taken
