"""Where a solved problem was introduced, looking past commits that only renamed its names.

``git blame`` names the last commit that touched the flagged line: often a rename ("refactor:
rename get_db_connection to connect_db"), a comment taken off the line, an ``as e`` made
``as err``, or an argument added to the flagged call (``user.dict(exclude_unset=True,
exclude_none=True)``). Such a commit wrote the line's words, not its problem. When the blamed
commit replaced the line by one much like it (the same tokens, names aside, or most of them),
and the rule finds the same problem on the line as it was just before, the problem is older:
the line there is blamed in turn.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mentorbot.analysis import git, git_blame
from mentorbot.analysis.git_blame import LineOrigin
from mentorbot.analysis.git_cli import DIFF_FLAGS, run_git
from mentorbot.cache import NO_ORIGIN, AnalysisCache, BlameOrigin
from mentorbot.domain import Commit, Lesson
from mentorbot.lesson_versions import (
    BlameRequest,
    Mined,
    blob_text,
    file_name,
    statement_lines,
    with_moves,
)
from mentorbot.lessons_project import REMEDIES
from mentorbot.lessons_secrets import SECRET_RULE
from mentorbot.reformatted import reformatted_line
from mentorbot.rules.engine import analyze_text_file
from mentorbot.rules.secret_paths import is_secret_scan_candidate
from mentorbot.secret_origins import secret_added_since
from mentorbot.version_origins import (
    MISSING_TESTS_RULE,
    NO_MIGRATIONS_RULE,
    PYDANTIC_RULE,
    SYNC_DRIVER_RULE,
    async_arrived,
    declared_later,
    migrations_missing_since,
    tests_missing_since,
)

PROJECT_WIDE_RULES = frozenset(REMEDIES)
"""Rules whose problem is the project's, reported at a line that only anchors it (the app's
creation, the first model)."""
BLAME_THREADS = 4
"""``git blame`` of one line takes ~2 ms, mostly the process starting: a few run at a time."""
MAX_STEPS = 3
"""Edits looked past for one line; a line edited more often keeps the last one."""
SAME_LINE_RATIO = 0.75
"""How alike (difflib's ratio of their shapes) a line and its replacement must be to be one
line edited, not code rewritten one line for one."""
MAX_STATEMENT_LINES = 8
"""Lines a statement is followed over to compare it with its rewrapped self."""
MAX_LINES = 5_000
"""Files compared line by line to find the line before the commit (difflib is quadratic)."""
_TOKEN = re.compile(
    r"""[rbuRBUfF]{0,2}(?:"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')|[A-Za-z_]\w*|\d[\w.]*|#|\S"""
)
_KEYWORDS = frozenset(keyword.kwlist) | {"self", "cls"}

Blame = Callable[[str, str, int], LineOrigin | None]
"""``git blame`` of ``path:line`` as of a commit."""
Flags = Callable[[str, str, int], bool]
"""Whether the rule finds its problem at ``path:line`` as of a commit."""
Read = Callable[[str], str]
"""The text of a ``rev:path`` version ("" when there is none)."""
MovedFrom = Callable[[LineOrigin], tuple[str, str] | None]
"""The parent and old name of a file the origin's commit created by moving it."""
Finds = Callable[[str, str, str, int], bool]
"""Whether rule ``rule`` finds its problem at ``path:line`` as of commit ``rev``."""


def shape(line: str, *, values: bool = True) -> list[str]:
    """A line's tokens with every name made the same and the comment dropped: two lines of the
    same shape differ in their names, comments or spacing only (or, without ``values``, in
    their string literals too)."""
    tokens: list[str] = []
    for token in _TOKEN.findall(line):
        if token == "#":
            break
        if not values and token[-1:] in {"'", '"'}:
            tokens.append("<str>")
            continue
        is_name = token[:1].isalpha() or token[:1] == "_"
        tokens.append("<name>" if is_name and token not in _KEYWORDS else token)
    return tokens


def edited_alike(old_text: str, new_text: str, *, values: bool = True) -> bool:
    """Whether ``new_text`` is ``old_text`` edited (renamed, re-commented, an argument added),
    not another line written in its place: the same shape, or the old shape with tokens only
    added to it, or for an import only taken from it (``import SessionLocal, engine`` ->
    ``import engine``). Each such line costs a look at the version before, so edits that
    replace tokens, a changed value, are taken as written anew."""
    old, new = shape(old_text, values=values), shape(new_text, values=values)
    if old == new:
        return True
    kept = ("equal", "insert", "delete") if _IMPORT.match(old_text) else ("equal", "insert")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return matcher.ratio() >= SAME_LINE_RATIO and all(
        tag in kept for tag, *_ in matcher.get_opcodes()
    )


def commented_out(old_text: str, new_text: str) -> bool:
    """``new_text`` is ``old_text`` kept as a comment (``# sqlalchemy.url = ...``): a config
    line switched off still holds what it held, written where the line was first written."""
    stripped = new_text.strip()
    return stripped.startswith(("#", ";")) and stripped.lstrip("#;").strip() == old_text.strip()


_IMPORT = re.compile(r"\s*(?:from\s+\S+\s+)?import\s")
_TRAILING_COMMA = re.compile(r",(?=\s*[)\]}])")


def line_before(before: str, after: str, line: int, *, loose: bool = False) -> int | None:
    """The number the 1-based ``line`` of ``after`` had in ``before``, when the change replaced
    it one for one (a rename keeps the lines' count), or rewrapped its statement over more or
    fewer lines (``x = f(y)`` split into ``x = f(`` / ``y`` / ``)``); None when it was added or
    rewritten with other lines (``loose``: then the line that began the same way, ``app =
    FastAPI`` before its arguments, wherever it was)."""
    old, new = before.splitlines(), after.splitlines()
    if len(old) > MAX_LINES or len(new) > MAX_LINES or not 0 < line <= len(new):
        return None
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_first, old_last, new_first, new_last in matcher.get_opcodes():
        if new_first <= line - 1 < new_last:
            if tag in ("equal", "replace") and old_last - old_first == new_last - new_first:
                return old_first + (line - 1 - new_first) + 1
            found = None
            if tag == "replace":
                found = _rewrapped(old, range(old_first, old_last), new, line)
            return _same_head(old, new[line - 1]) if found is None and loose else found
    return None


def replaced_line(before: str, after: str, line: int) -> int | None:
    """The one line the change took out (deleted, or commented out) that began as ``after``'s
    ``line`` does: ``engine = create_engine(...)`` kept as a comment above its new version."""
    old, new = before.splitlines(), after.splitlines()
    if len(old) > MAX_LINES or len(new) > MAX_LINES or not 0 < line <= len(new):
        return None
    head = _head(new[line - 1])
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    gone = [
        number
        for tag, old_first, old_last, _, _ in matcher.get_opcodes()
        if tag in ("replace", "delete")
        for number in range(old_first + 1, old_last + 1)
        if head and _head(old[number - 1]) == head
    ]
    return gone[0] if len(gone) == 1 else None


def _head(text: str) -> str:
    """What a line begins with up to its arguments, a comment marker dropped: a line commented
    out (``# sqlalchemy.url = ...``) begins as it did."""
    return re.split(r"[(:]", text.strip().lstrip("#;").strip(), maxsplit=1)[0].strip()


def _same_head(old: Sequence[str], text: str) -> int | None:
    """The first line of ``old`` that begins as ``text`` does, up to its arguments."""
    head = _head(text)
    return next((n for n, line in enumerate(old, 1) if head and _head(line) == head), None)


def _rewrapped(old: Sequence[str], candidates: range, new: Sequence[str], line: int) -> int | None:
    """The line of ``candidates`` whose statement is the one at ``new``'s ``line`` wrapped
    anew (one of the two spans several lines), edited alike."""
    new_text, new_span = statement_at(new, line - 1)
    for index in candidates:
        old_text, old_span = statement_at(old, index)
        if max(new_span, old_span) > 1 and edited_alike(old_text, new_text):
            return index + 1
    return None


def statement_at(lines: Sequence[str], index: int) -> tuple[str, int]:
    """The statement that starts at ``lines[index]`` as one line, and how many lines it spans:
    up to where its brackets close (``MAX_STATEMENT_LINES`` at most). A wrapped statement
    drops the trailing comma a formatter adds before its closing bracket."""
    parts = [text.strip() for text in statement_lines(lines, index, MAX_STATEMENT_LINES)]
    joined = " ".join(parts)
    return (_TRAILING_COMMA.sub("", joined) if len(parts) > 1 else joined), len(parts)


def past_cosmetic(
    origin: LineOrigin,
    blame: Blame,
    flags: Flags,
    read: Read,
    *,
    values: bool = True,
    any_edit: bool = False,
    moved_from: MovedFrom | None = None,
) -> LineOrigin:
    """``origin``, or the commit before it that gave the line its problem when ``origin`` (and
    the ones after it, up to ``MAX_STEPS``) only edited a line that had the problem already;
    without ``values``, a new string literal is such an edit too (a secret's new value); with
    ``any_edit``, any edit is: a project-wide problem, only anchored at the line, was there
    all along before the commit that solved it. ``moved_from``: where a file the origin's
    commit created was before, when the commit moved it (see ``lesson_versions.with_moves``).
    A commit that only reformatted the line's statement (``reformatted``: an f-string query
    split in two, in brackets) wrote no problem either."""
    for _ in range(MAX_STEPS):
        previous = origin.previous
        if previous is None and moved_from is not None and not origin.boundary:
            previous = moved_from(origin)
        if previous is None:
            return origin
        parent, old_path = previous
        before = read(f"{parent}:{old_path}")
        after = read(f"{origin.sha}:{origin.path}")
        old_line = line_before(before, after, origin.line, loose=any_edit)
        reformatted = None
        if old_line is None and not any_edit:
            old_line = reformatted = reformatted_line(before, after, origin.line)
        replaced = old_line is None and not any_edit
        if replaced:
            old_line = replaced_line(before, after, origin.line)
        if old_line is None:
            return origin
        old_text, _ = statement_at(before.splitlines(), old_line - 1)
        new_text, _ = statement_at(after.splitlines(), origin.line - 1)
        alike = (
            reformatted is not None
            or replaced
            or commented_out(old_text, new_text)
            or edited_alike(old_text, new_text, values=values)
        )
        if not any_edit and not (alike and flags(parent, old_path, old_line)):
            return origin
        older = blame(parent, old_path, old_line)
        if older is None:
            return origin
        origin = older
    return origin


class Origins:
    """Finds where each solved problem was introduced; one per review."""

    def __init__(
        self,
        root: Path,
        cache: AnalysisCache,
        finds: Finds,
        *,
        shallow: bool,
        commits: Sequence[Commit] = (),
    ) -> None:
        self.root = root
        self.cache = cache
        self.finds = finds
        self.shallow = shallow
        self.commits = commits
        self._parents = {commit.sha: commit.parent for commit in commits if commit.parent}
        self._files = {commit.sha: commit.files for commit in commits}
        self._changes: dict[str, list[git.ChangedPath]] = {}
        self._texts: dict[str, str] = {}

    def of(self, mined: Mined) -> list[Lesson]:
        """The lessons with the commit that introduced each problem, blamed a few at a time
        (or remembered from an earlier review of the same history)."""
        requests = [request for _, request in mined if request is not None]
        with ThreadPoolExecutor(BLAME_THREADS) as threads:
            blamed = list(threads.map(self._blame, requests))
        self._prefetch([origin for origin in blamed if isinstance(origin, LineOrigin)])
        found = iter(blamed)
        lessons: list[Lesson] = []
        for lesson, request in mined:
            origin = next(found) if request is not None else None
            if request is not None and isinstance(origin, LineOrigin):
                origin = self._settled(origin, request, lesson.rule)
            if origin is not None:
                lesson = lesson.model_copy(
                    update={"introduced_in": origin[0], "introduced_date": origin[1]}
                )
            lessons.append(lesson)
        self._texts.clear()  # one chunk's versions at a time, however long the history
        return lessons

    def _blame(self, request: BlameRequest) -> BlameOrigin | LineOrigin | None:
        """A remembered origin, or the blamed one (a ``LineOrigin`` to settle and remember)."""
        if self.shallow:
            # A commit's lines have other origins in a full clone: nothing to share with one.
            return git_blame.blame_origin(self.root, *request, shallow=True)
        known = self.cache.origin(*request)
        if known is not None:
            return known if known != NO_ORIGIN else None
        found = git_blame.blame_line(self.root, *request)
        if found is None:
            self.cache.put_origin(*request, None)
        return found

    def _settled(self, origin: LineOrigin, request: BlameRequest, rule: str | None) -> BlameOrigin:
        if rule is not None:

            def flags(rev: str, path: str, line: int) -> bool:
                return self.finds(rule, rev, path, line)

            def blame(rev: str, path: str, line: int) -> LineOrigin | None:
                return git_blame.blame_line(self.root, rev, path, line)

            # A hard-coded secret is its literal: a new value is the same problem. "No tests"
            # is anchored at the app's creation, whatever later edits made of that line.
            values = rule != SECRET_RULE
            any_edit = rule in PROJECT_WIDE_RULES
            origin = past_cosmetic(
                origin,
                blame,
                flags,
                self._read,
                values=values,
                any_edit=any_edit,
                moved_from=self._moved_from,
            )
        settled = (origin.sha, origin.date)
        if rule == PYDANTIC_RULE:
            settled = declared_later(self.root, self.commits, settled, request[0])
        elif rule == SYNC_DRIVER_RULE:
            settled = async_arrived(self.root, self.commits, settled, request[0])
        elif rule == MISSING_TESTS_RULE:
            settled = tests_missing_since(self.root, self.commits, settled)
        elif rule == NO_MIGRATIONS_RULE:
            settled = migrations_missing_since(self.root, self.commits, settled, request[0])
        elif rule == SECRET_RULE:
            settled = secret_added_since(self.root, settled, request)
        self.cache.put_origin(*request, settled)
        return settled

    def _moved_from(self, origin: LineOrigin) -> tuple[str, str] | None:
        """The parent of the commit that created ``origin``'s file and the file's name there,
        when that commit moved it (deleted a file of the same name: a move git did not pair)."""
        parent = self._parents.get(origin.sha)
        name = file_name(origin.path)
        others = [p for p in self._files.get(origin.sha, ()) if p != origin.path]
        if parent is None or not any(file_name(p) == name for p in others):
            return None  # no other file of that name changed: nothing moved in
        if origin.sha not in self._changes:
            args = ["diff-tree", "-r", "-z", "-M", "--name-status", *DIFF_FLAGS, parent]
            listed = run_git(self.root, [*args, origin.sha]).stdout.decode("utf-8", "replace")
            self._changes[origin.sha] = git.parse_name_status(listed.split("\0"), 0)[0]
        for change in with_moves(self._changes[origin.sha]):
            if change.status == "R" and change.new_path == origin.path and change.old_path:
                return parent, change.old_path
        return None

    def _prefetch(self, origins: Sequence[LineOrigin]) -> None:
        """Both sides of each blamed change, read in one git process."""
        specs = [
            spec
            for origin in origins
            if origin.previous is not None
            for spec in (
                f"{origin.previous[0]}:{origin.previous[1]}",
                f"{origin.sha}:{origin.path}",
            )
        ]
        if specs:
            blobs = git.read_blobs(self.root, specs)
            self._texts.update((spec, blob_text(blobs, spec)) for spec in specs)

    def _read(self, spec: str) -> str:
        if spec not in self._texts:
            self._texts[spec] = blob_text(git.read_blobs(self.root, [spec]), spec)
        return self._texts[spec]


def secret_in_config(root: Path, rule: str, spec: str, path: str, line: int) -> bool:
    """Whether ``rule`` finds its problem at ``line`` of the config file version ``spec``
    (``alembic.ini``, ``.env``: the files the secret scan reads besides Python)."""
    if not is_secret_scan_candidate(path):
        return False
    data = git.read_blobs(root, [spec]).get(spec)
    if data is None:
        return False
    found = analyze_text_file(path, data).findings
    return any(finding.rule == rule and finding.line == line for finding in found)
