"""A fix no rule recognises, described by its commit's message and the change that shows it.

Not every commit that says "fix" solved a problem worth a lesson: one that changed only prose,
comments, docstrings or layout ("fix typo in README", "修正注释"), or only the text of strings
when it says it fixes a typo, earns none; nor does one whose message names a problem the rules
still see as often in the files it changed ("fix: blocking file write" that adds an
``encoding``, "fix: unused import" that only moved it), nor "fix sql injection" where every
query was already a constant with its values bound, nor "fix: move the key into .env" where
the ``.env`` it commits holds the same key. Of the others, the before/after snippet
comes from the first hunk that replaced code other than imports: "fix: return a schema" usually
starts by importing the schema, which shows nothing of the fix.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from mentorbot.analysis import git
from mentorbot.analysis.languages import PROSE_LANGUAGES, language_of
from mentorbot.domain import Evidence, Finding, Lesson
from mentorbot.fix_messages import fix_title, message_category
from mentorbot.lesson_versions import (
    BlameRequest,
    CommitVersions,
    FileChange,
    Mined,
    blob_text,
    citable,
    hunk_snippets,
)
from mentorbot.lessons_secrets import secrets_still_held, still_committed
from mentorbot.rules._names import dotted
from mentorbot.rules.ruff import ruff_code_of
from mentorbot.rules.ruff_general import codes_named_in
from mentorbot.rules.secret_lines import secret_lines
from mentorbot.same_program import renamed_only, same_program
from mentorbot.secret_messages import mentions_secrets, says_secrets_left

_TYPO = re.compile(r"\btypos?\b|spelling|misspel|wording|错别字|拼写|笔误", re.IGNORECASE)
"""A message that says the fix is one of words, wherever they are."""
_TEXT_FIX = re.compile(
    r"\b(?:messages?|msgs?|wording)\W*$"
    r"|\b(?:error|success|welcome|confirmation|email|help|button|reply|greeting|notification"
    r"|alert|flash|page|prompt)\s+texts?\W*$|(?:文案|提示语?)\W*$",
    re.IGNORECASE,
)
"""A message whose object, its last words, is a text shown to users: "fix: login error
message", "fix vote messages", "fix: email confirmation text" reword strings, however short
(blind checks s1, d2); "fix: split text" or "fix labels" may change code that strings are."""
_IMPORT_OR_BLANK = re.compile(r"^\s*(?:(?:from\s+\S+\s+)?import\s|$|#)")


def message_lesson(root: Path, mining: CommitVersions) -> Mined:
    """The solved problem a fix commit's message names, cited by the hunk that shows it best;
    none when the commit changed only words."""
    commit, diff, blobs = mining.commit, mining.diff, mining.blobs
    category = message_category(commit.subject)
    if category == "hardcoded-secret" and _no_value_removed(root, mining):
        # It names a password but took no value out of the code: a fix of something else
        # ("deposit never checked the password": ``self.authenticate`` never called).
        category = "other"
    if (
        _words_only(mining)
        or _lint_still_reported(mining)
        or _left_flagged(root, mining)
        or (
            category != "other"
            and (_still_reported(mining, category) or _refuted(mining, category))
        )
        or _secret_stays(root, mining, category)
    ):
        return []
    before = after = ""
    path: str | None = None
    blame: BlameRequest | None = None
    shown = _showing_hunk(root, mining)
    if shown is not None:
        change, hunk = shown
        before, after = hunk_snippets(
            hunk,
            blob_text(blobs, change.before_spec),
            blob_text(blobs, change.after_spec),
            (
                secret_lines(mining.analysed.get(change.before_spec)),
                secret_lines(mining.analysed.get(change.after_spec)),
            ),
        )
        path = change.new_path
        if hunk.old_count and commit.parent:
            blame = (commit.parent, change.old_path, hunk.old_start)
    else:
        # A file the commit left in place: one it deleted is not there to be cited.
        path = next(
            (c.new_path for c in diff.changes if c.status != "D" and citable(c.new_path)), None
        )
    evidence = (Evidence(commit=commit.sha, path=path),) if path else (Evidence(commit=commit.sha),)
    lesson = Lesson(
        title=fix_title(commit.subject),
        category=category,
        status="solved",
        commit=commit.sha,
        commit_date=commit.date,
        path=path,
        before=before,
        after=after,
        evidence=evidence,
    )
    return [(lesson, blame)]


def _secret_stays(root: Path, mining: CommitVersions, category: str) -> bool:
    """A message about a secret whose secret is still committed: named a secret fix, or saying
    it left the repository ("move NYT key out of the code" names no rule's words, yet says what
    it did), or only mentioning one ("fix: hide token", "load credentials from .env"), while the
    values it took out are still in some file (or, for the second, every secret its config
    files held is)."""
    says_left = says_secrets_left(mining.commit.subject)
    if (
        category != "hardcoded-secret"
        and not says_left
        and not mentions_secrets(mining.commit.subject)
    ):
        return False
    return still_committed(root, mining) or (says_left and secrets_still_held(root, mining))


def _showing_hunk(root: Path, mining: CommitVersions) -> tuple[FileChange, git.Hunk] | None:
    """The change and hunk to quote: code before prose and before a notebook's outputs; a hunk
    that replaced lines (it shows before and after) before one that only added or removed some;
    imports last."""
    best: tuple[tuple[bool, bool, bool, bool], FileChange, git.Hunk] | None = None
    for change in mining.changes:
        hunks = mining.diff.hunks_of(root, change.new_path)
        if not hunks:
            continue
        old_lines = blob_text(mining.blobs, change.before_spec).splitlines()
        new_lines = blob_text(mining.blobs, change.after_spec).splitlines()
        for hunk in hunks:
            replaced = bool(hunk.old_count and hunk.new_count)
            rank = (
                _prose(change.new_path),
                change.new_path.endswith(".ipynb")
                and not _notebook_code(old_lines, hunk.old_start, hunk.old_count)
                and not _notebook_code(new_lines, hunk.new_start, hunk.new_count),
                not replaced,
                _imports_only(old_lines, hunk.old_start, hunk.old_count)
                and _imports_only(new_lines, hunk.new_start, hunk.new_count),
            )
            if best is None or rank < best[0]:
                best = (rank, change, hunk)
    return None if best is None else (best[1], best[2])


_CELL_SOURCE = re.compile(r'\s*"source":\s*\[\s*')
_CELL_SOURCE_LINE = re.compile(r'\s*"source":\s*(?:"|\[.*\])')


def _notebook_code(lines: Sequence[str], start: int, count: int) -> bool:
    """Whether a hunk of a notebook (its JSON lines) touches a cell's source, not only the
    outputs: a fix shows in the code, not in a plot's base64 image (blind check a1)."""
    inside = False
    for number, line in enumerate(lines[: start - 1 + count], start=1):
        if inside and line.lstrip().startswith("]"):
            inside = False
        elif _CELL_SOURCE.fullmatch(line):
            inside = True
        elif (inside or _CELL_SOURCE_LINE.match(line)) and number >= start:
            return True
    return False


def _imports_only(lines: Sequence[str], start: int, count: int) -> bool:
    return all(_IMPORT_OR_BLANK.match(line) for line in lines[start - 1 : start - 1 + count])


def _prose(path: str) -> bool:
    """Docs and notes: a fix shows best in the code it changed."""
    return language_of(path) in PROSE_LANGUAGES


def _still_reported(mining: CommitVersions, category: str) -> bool:
    """The rules see the problem the message names in the files the commit changed after it,
    and as much of it as before ("fix: blocking file write" that only adds an ``encoding``; "fix:
    handle db error" that makes a handler hide the error): whatever the commit did, it did not
    fix that."""
    before, after = _counts(mining, lambda f: f.category == category)
    return after > 0 and after >= before


def _left_flagged(root: Path, mining: CommitVersions) -> bool:
    """ "fix: summary endpoint timeout" that only added an argument to a flagged
    ``requests.get``: a line the commit changed is still flagged after it, and the files it
    changed have no fewer of the named rules' findings (ruff's general ones aside) than before.
    A fix of something the rules do not see changes lines they do not flag."""
    before, after = _counts(mining, _named_rule)
    return after >= before and any(
        h.new_start <= f.line < h.new_start + h.new_count
        for change in mining.changes
        if (flagged := [f for f in mining.analysed.get(change.after_spec, ()) if _named_rule(f)])
        for h in mining.diff.hunks_of(root, change.new_path)
        for f in flagged
    )


def _lint_still_reported(mining: CommitVersions) -> bool:
    """ "fix: unused import in vectordb" that only moved the import: ruff reports what the
    message names (``codes_named_in``) as often in the files it changed as before; or never
    reported it there ("fix: remove unused import dashboard_rc", a Qt resource module imported
    for the images it registers: deleting it blanked the icons, blind check u1)."""
    codes = codes_named_in(mining.commit.subject)
    if not codes:
        return False
    before, after = _counts(mining, lambda f: ruff_code_of(f.message.en) in codes)
    return before == 0 or after >= before


def _named_rule(finding: Finding) -> bool:
    return finding.category != "other"


def _counts(mining: CommitVersions, keep: Callable[[Finding], bool]) -> tuple[int, int]:
    """How many findings ``keep`` accepts in the files the commit changed, before and after."""
    before = after = 0
    for change in mining.changes:
        before += sum(map(keep, mining.analysed.get(change.before_spec, ())))
        after += sum(map(keep, mining.analysed.get(change.after_spec, ())))
    return before, after


def _words_only(mining: CommitVersions) -> bool:
    """Whether a commit changed nothing but prose, comments, docstrings and layout (and, when
    its message says it fixes a typo or the handling of errors, the text of strings), or only
    renamed what its files define: it says "fix", yet there is no problem in the code to learn
    from."""
    subject = mining.commit.subject
    # Rewording a message fixes a typo, or a handler's answer: it handles no error differently.
    strings_are_words = bool(_TYPO.search(subject) or _TEXT_FIX.search(subject)) or (
        message_category(subject) == "bare-or-broad-except"
    )
    respelled = bool(_TYPO.search(subject))
    versions = {change.new_path: change for change in mining.changes}
    python: list[tuple[str, str]] = []
    changed_code = False
    for changed in mining.diff.changes:
        path = changed.new_path or changed.old_path or ""
        if _prose(path):
            continue
        change = versions.get(changed.new_path or "")
        if changed.status not in ("M", "R") or change is None or not path.endswith(".py"):
            return False
        before = blob_text(mining.blobs, change.before_spec)
        after = blob_text(mining.blobs, change.after_spec)
        python.append((before, after))
        if not same_program(
            before, after, strings_are_words=strings_are_words, names_are_words=respelled
        ):
            changed_code = True
    if changed_code:
        # Names renamed throughout the commit's files are words too ("fix naming").
        return renamed_only(python, strings_are_words=strings_are_words)
    return bool(mining.diff.changes)


def _no_value_removed(root: Path, mining: CommitVersions) -> bool:
    """The message names a secret ("fix: import password helpers from utils"), but the commit
    changed Python files only and took no string off any line: no value left the code."""
    for change in mining.changes:
        if not change.old_path.endswith(".py"):
            return False
        lines = blob_text(mining.blobs, change.before_spec).splitlines()
        for hunk in mining.diff.hunks_of(root, change.new_path):
            removed = lines[hunk.old_start - 1 : hunk.old_start - 1 + hunk.old_count]
            if any('"' in line or "'" in line for line in removed):
                return False
    return bool(mining.changes)


_QUERY_CALLS = frozenset({"execute", "executemany", "executescript"})


def _refuted(mining: CommitVersions, category: str) -> bool:
    """The message names SQL injection where every query the commit's Python files ran before
    it was a constant string, its values bound as parameters: there was none to fix ("fix sql
    injection" that only turns a parameter list into a tuple)."""
    if category != "sql-string-formatting":
        return False
    queries = 0
    for change in mining.changes:
        if not change.old_path.endswith(".py"):
            continue
        try:
            tree = ast.parse(blob_text(mining.blobs, change.before_spec))
        except (SyntaxError, ValueError):
            return False
        constant = _constant_names(tree)
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr in _QUERY_CALLS
                and call.args
            ):
                queries += 1
                if not _constant_sql(call.args[0], constant):
                    return False
    return queries > 0


def _constant_names(tree: ast.Module) -> set[str]:
    """Names every assignment of the module (at any depth) binds to a string constant."""
    values: dict[str, bool] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            literal = not isinstance(node, ast.AugAssign) and _constant_sql(node.value, set())
            for target in targets:
                if isinstance(target, ast.Name):
                    values[target.id] = values.get(target.id, True) and literal
    return {name for name, literal in values.items() if literal}


def _constant_sql(node: ast.expr | None, constant: set[str]) -> bool:
    """A string constant, a name only ever bound to one, or SQLAlchemy's ``text()`` of one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constant
    if isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] == "text":
        return len(node.args) == 1 and _constant_sql(node.args[0], constant)
    return False
