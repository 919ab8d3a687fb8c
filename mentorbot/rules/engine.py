"""Runs the catalogue: one parse per file (cacheable by content), then the cross-file rules.

``analyze_python_file`` / ``analyze_text_file`` depend only on a file's path and bytes, so the
scan can cache their ``FileAnalysis`` by blob sha. ``review_findings`` then combines cached
analyses, the stack and ruff's findings into the final, de-duplicated, sorted list.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence

from mentorbot.analysis.compose_facts import compose_signals, dockerfile_signals
from mentorbot.analysis.doctests import pytest_config_signals
from mentorbot.analysis.file_text import (
    UNDECLARED,
    UTF16,
    decode_source,
    first_not_utf8,
    undeclared_encoding,
)
from mentorbot.analysis.newer_fstrings import older_fstrings
from mentorbot.analysis.pytest_runs import pytest_run_signals
from mentorbot.analysis.test_paths import CODE_NAMED_LIKE_TESTS_SIGNAL
from mentorbot.analysis.walk import git_blob_sha
from mentorbot.domain import (
    SEVERITY_RANK,
    FileAnalysis,
    Finding,
    FindingSource,
    Severity,
    Signal,
    StackItem,
    Text,
)
from mentorbot.rules._cycle_pause import without_cycle_collection
from mentorbot.rules._names import forget_walk, is_test_path
from mentorbot.rules._reexports import without_reexported
from mentorbot.rules.base import UNPARSED_TESTS_SIGNAL, FileContext, Rule, TextContext, line_code
from mentorbot.rules.project import CODE_SIGNAL, RUFF_OK_SIGNAL, ProjectView
from mentorbot.rules.redact import redact_text
from mentorbot.rules.registry import all_rules, get_rule
from mentorbot.rules.secret_lines import redact_lines
from mentorbot.rules.secret_paths import is_secret_scan_candidate
from mentorbot.rules.syntax_error import newer_syntax, not_utf8

log = logging.getLogger(__name__)
RULE_FAILED_SIGNAL = "rule:failed"
"""A rule that raised on a file (``name``: its id): the log says what it found there is missing."""

SYNTAX_ERROR_RULE = "MB001"
NEWER_PYTHON_SIGNAL = "rule:newer-python"
"""A file in syntax only a newer Python than the review's reads (``name``: that Python, ``data``:
the feature in words): no finding, and the scan's note names it."""
ENCODING_SIGNAL = "rule:encoding"
"""Private signal noting a file was neither UTF-8 nor declared otherwise, and read in the
encoding its ``name`` says (GBK or latin-1)."""
UNPARSED_TEST_DEF = re.compile(r"\s*(?:async\s+)?def\s+test\w*\s*\(")
_REFUSED_BY_PYTHON = frozenset({UNDECLARED, UTF16})
"""Encodings ``decode_source`` read a file in that Python does not: it reads source as UTF-8
unless a coding cookie says otherwise, and a UTF-16 mark is no cookie (PowerShell's
``echo ... > main.py`` writes one)."""
TEXT_SCAN_LIMIT = 512 * 1024


def fingerprint(rule_id: str, path: str, code: str) -> str:
    """Identity of a finding that survives the line moving: rule, file and the code itself."""
    normalised = " ".join(code.split())
    return hashlib.sha1(
        f"{rule_id}\0{path}\0{normalised}".encode(), usedforsecurity=False
    ).hexdigest()


def make_finding(
    rule: Rule,
    path: str,
    line: int,
    args: Mapping[str, str],
    code: str,
    *,
    severity: Severity | None = None,
    source: FindingSource = "mentor",
    message: Text | None = None,
    in_tests: bool | None = None,
) -> Finding:
    """A redacted finding of ``rule``; test code (``in_tests``, where the file's content is
    known, else its path) gets the rule's test severity if it has one."""
    if rule.test_severity is not None and (is_test_path(path) if in_tests is None else in_tests):
        severity = rule.test_severity
    shown = message or rule.render(args)
    stripped = code.strip()
    if rule.category == "hardcoded-secret":
        snippet = redact_lines([stripped], line, {line})
    else:
        snippet = redact_text(stripped)
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=severity or rule.severity,
        path=path,
        line=max(line, 1),
        message=Text(zh=redact_text(shown.zh), en=redact_text(shown.en)),
        source=source,
        snippet=snippet,
        fingerprint=fingerprint(rule.id, path, snippet),
    )


def _encoding_signals(encoding: str | None, data: bytes) -> tuple[Signal, ...]:
    """A note only for a guessed encoding; a declared coding cookie is valid Python."""
    if encoding != UNDECLARED:
        return ()
    guess = undeclared_encoding(data)
    return (Signal(kind=ENCODING_SIGNAL, line=1, name=guess, detail="not valid UTF-8"),)


def _syntax_error(path: str, error: SyntaxError | ValueError, lines: Sequence[str]) -> Finding:
    line = getattr(error, "lineno", None) or 1
    detail = getattr(error, "msg", None) or str(error)
    return make_finding(
        get_rule(SYNTAX_ERROR_RULE), path, line, {"error": detail}, line_code(lines, line)
    )


def _newer_python(error: SyntaxError | ValueError, lines: Sequence[str]) -> Signal | None:
    """Where a file uses syntax only a newer Python than the review's reads, and which Python
    (``name``): valid code where the learner runs it, so no MB001 (an unbracketed ``except A,
    B:`` under ``requires-python = ">=3.14"`` had made Code quality partial, blind check p1)."""
    line = getattr(error, "lineno", None) or 1
    feature = newer_syntax(getattr(error, "msg", None) or str(error), line_code(lines, line))
    if feature is None:
        return None
    needs = "{}.{}".format(*feature.needs)
    return Signal(
        kind=NEWER_PYTHON_SIGNAL, line=line, name=needs, data={"en": feature.en, "zh": feature.zh}
    )


def _undecodable(path: str, data: bytes, lines: Sequence[str]) -> Finding:
    """Bytes that are not UTF-8 in a file that declares no encoding: Python refuses to read
    it, whatever the rest holds (the review reads it as GBK or latin-1, or as the UTF-16 its
    mark names, to analyse it all the same). Told as the encoding it is, not as Python's
    untranslated error with a syntax error's causes (blind check c1)."""
    number, byte = first_not_utf8(data)
    return make_finding(
        get_rule(SYNTAX_ERROR_RULE),
        path,
        number,
        {},
        line_code(lines, number),
        message=not_utf8(number, byte),
    )


def _parsed_as_older(text: str, path: str, error: SyntaxError | ValueError) -> ast.Module | None:
    """The tree of a file only a newer Python reads, where the difference can be bridged: a
    3.12 f-string with its own quote inside (``f'{d['k']}'``) parsed with that quote swapped,
    lines and columns unchanged. None: the file is as unparsable as it looked."""
    if not (getattr(error, "msg", None) or str(error)).startswith("f-string"):
        return None
    rewritten = older_fstrings(text)
    if rewritten is None:
        return None
    try:
        return ast.parse(rewritten, filename=path)
    except (SyntaxError, ValueError):
        return None


def _unparsable(
    path: str,
    blob_sha: str,
    noted: tuple[Signal, ...],
    error: SyntaxError | ValueError,
    lines: Sequence[str],
    undecodable: Finding | None = None,
) -> FileAnalysis:
    """A file the review cannot parse: its MB001 finding (``undecodable``'s, when Python
    refuses its bytes before its syntax), or none when only a newer Python reads it."""
    newer = _newer_python(error, lines) if undecodable is None else None
    if newer is not None:
        return FileAnalysis(
            path=path,
            blob_sha=blob_sha,
            parse_error=getattr(error, "msg", None) or str(error),
            signals=(newer, *_unparsed_tests(lines)),
        )
    failure = undecodable or _syntax_error(path, error, lines)
    return FileAnalysis(
        path=path,
        blob_sha=blob_sha,
        parse_error=failure.message.en,
        signals=noted + _unparsed_tests(lines),
        findings=(failure,),
    )


def _unparsed_tests(lines: Sequence[str]) -> tuple[Signal, ...]:
    """Where a file that does not parse defines a test function (MB105 counts it as a test
    file, broken as it is); none: a scratch script under ``tests/`` is no test."""
    for number, line in enumerate(lines, start=1):
        if UNPARSED_TEST_DEF.match(line):
            return (Signal(kind=UNPARSED_TESTS_SIGNAL, line=number),)
    return ()


def _code_signal(ctx: FileContext, signals: Iterable[Signal]) -> Signal:
    """Remember the code of every signalled line so project findings can quote it."""
    cited = {signal.line for signal in signals if signal.line > 0}
    return Signal(
        kind=CODE_SIGNAL,
        line=0,
        data={str(line): redact_text(ctx.code(line)) for line in sorted(cited) if ctx.code(line)},
    )


def analyze_python_file(path: str, data: bytes) -> FileAnalysis:
    """Parse once; extract signals and run every per-file rule on that same tree.

    Never raises on file content: a syntax error is a finding, and a detector that fails on
    unusual code is logged and skipped so one rule cannot sink the whole review.
    """
    with without_cycle_collection():
        return _analyze_python_file(path, data)


def _analyze_python_file(path: str, data: bytes) -> FileAnalysis:
    from mentorbot.analysis.python_facts import extract_signals

    blob_sha = git_blob_sha(data)
    text, encoding = decode_source(data)
    lines = tuple(text.splitlines())
    undecodable = _undecodable(path, data, lines) if encoding in _REFUSED_BY_PYTHON else None
    noted = _encoding_signals(encoding, data)
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError) as error:
        newer = _parsed_as_older(text, path, error)
        if newer is None:
            return _unparsable(path, blob_sha, noted, error, lines, undecodable)
        tree = newer
    except (RecursionError, MemoryError):
        too_deep = ValueError("the code is nested too deeply to parse")
        return _unparsable(path, blob_sha, noted, too_deep, lines)
    ctx = FileContext(path=path, source=text, lines=lines, tree=tree)
    signals: list[Signal] = list(noted)
    if not ctx.in_tests and is_test_path(path):
        signals.append(Signal(kind=CODE_NAMED_LIKE_TESTS_SIGNAL, line=0))
    try:
        signals.extend(extract_signals(tree, path))
    except Exception:
        log.exception("signal extraction failed on %s; continuing without its signals", path)
    findings: list[Finding] = [undecodable] if undecodable is not None else []
    for rule in all_rules():
        try:
            if rule.collect_signals is not None:
                signals.extend(rule.collect_signals(ctx))
            if rule.check_file is not None:
                for hit in rule.check_file(ctx):
                    findings.append(
                        make_finding(
                            rule,
                            path,
                            hit.line,
                            hit.args,
                            ctx.code(hit.line),
                            severity=hit.severity,
                            in_tests=ctx.in_tests,
                        )
                    )
        except Exception:
            log.exception("rule %s failed on %s; its findings there are skipped", rule.id, path)
            signals.append(Signal(kind=RULE_FAILED_SIGNAL, line=1, name=rule.id))
    signals.append(_code_signal(ctx, signals))
    forget_walk(tree)
    return FileAnalysis(
        path=path, blob_sha=blob_sha, signals=tuple(signals), findings=tuple(findings)
    )


def is_text_analysed(path: str) -> bool:
    """Text files the scan analyses: the secret scan's, Makefiles among them, whose recipes
    may also run the tests (``pytest --doctest-modules src``)."""
    return is_secret_scan_candidate(path)


def analyze_text_file(path: str, data: bytes) -> FileAnalysis:
    """Run the text-file detectors (the secret scan) on a config-like file, and read the
    signals of a compose file, a Dockerfile, pytest's config and the commands that run it."""
    blob_sha = git_blob_sha(data)
    scanned = data[:TEXT_SCAN_LIMIT]
    text, encoding = decode_source(scanned)
    ctx = TextContext(path=path, source=text, lines=tuple(text.splitlines()))
    findings = [
        make_finding(rule, path, hit.line, hit.args, ctx.code(hit.line), severity=hit.severity)
        for rule in all_rules()
        if rule.check_text is not None
        for hit in rule.check_text(ctx)
    ]
    signals = _encoding_signals(encoding, scanned) + compose_signals(path, ctx.lines)
    signals += dockerfile_signals(path, ctx.lines)
    signals += pytest_config_signals(path, text) + pytest_run_signals(path, text)
    return FileAnalysis(path=path, blob_sha=blob_sha, signals=signals, findings=tuple(findings))


def run_project_rules(project: ProjectView) -> list[Finding]:
    """Cross-file findings plus the per-file findings of rules that apply to this project.

    Per-file findings were computed without knowing the stack; a rule whose ``applies`` is false
    for this project (pydantic v1 APIs in a repo pinned to pydantic 1) has them dropped here.
    """
    applicable = {rule.id for rule in all_rules() if rule.is_applicable(project)}
    findings = [
        finding
        for analysis in project.analyses
        for finding in analysis.findings
        if finding.rule in applicable
    ]
    for rule in all_rules():
        if rule.check_project is None or rule.id not in applicable:
            continue
        for hit in rule.check_project(project):
            code = project.code_at(hit.path, hit.line)
            findings.append(
                make_finding(
                    rule,
                    hit.path,
                    hit.line,
                    hit.args,
                    code,
                    severity=hit.severity,
                    message=hit.message,
                    in_tests=project.in_tests(hit.path),
                )
            )
    return findings


def _flatten(ruff_findings: Mapping[str, Sequence[Finding]] | Iterable[Finding]) -> list[Finding]:
    if isinstance(ruff_findings, Mapping):
        return [finding for group in ruff_findings.values() for finding in group]
    return list(ruff_findings)


def review_findings(
    analyses: Sequence[FileAnalysis],
    stack: Sequence[StackItem],
    paths: Sequence[str],
    ruff_findings: Mapping[str, Sequence[Finding]] | Iterable[Finding] = (),
    *,
    project: ProjectView | None = None,
) -> list[Finding]:
    """All findings of a review: ours (per-file and cross-file) and ruff's, merged.

    ``project`` may be given instead of building a view of ``analyses`` (the lesson miner passes
    one derived with ``ProjectView.with_file``: a file version costs no re-indexing, and the
    cross-file rules look for findings in that file only).

    A ruff finding at the same path, line and category as one of ours is dropped (ours carries
    the mentor's explanation), and so is one our analysis marked as a false alarm; findings of
    one rule at one line are kept once.
    """
    if project is None:
        project = ProjectView(analyses=tuple(analyses), stack=tuple(stack), paths=tuple(paths))
    applicable = {rule.id for rule in all_rules() if rule.is_applicable(project)}
    ours = run_project_rules(project)
    theirs = [finding for finding in _flatten(ruff_findings) if finding.rule in applicable]
    theirs = without_reexported(theirs, project)
    taken: set[tuple[str, int, str]] = {(f.path, f.line, f.category) for f in ours}
    taken |= {(path, signal.line, signal.name) for path, signal in project.targets(RUFF_OK_SIGNAL)}
    merged: list[Finding] = []
    seen: set[tuple[str, str, int]] = set()
    for finding in [*ours, *theirs]:
        key = (finding.rule, finding.path, finding.line)
        if key in seen:
            continue
        if finding.source == "ruff" and (finding.path, finding.line, finding.category) in taken:
            continue
        seen.add(key)
        if not finding.fingerprint:
            finding = finding.model_copy(
                update={"fingerprint": fingerprint(finding.rule, finding.path, finding.snippet)}
            )
        merged.append(finding)
    merged.sort(key=lambda item: (SEVERITY_RANK[item.severity], item.path, item.line, item.rule))
    return merged
