"""A commit's file versions judged beside each other, not beside today's files.

The miner puts each old file version into the project as it is now: right for the files the
commit did not touch, wrong for the ones it did when they depend on each other. Routes that
opened a connection through ``get_conn()`` and moved to a pool in the same commit as the helper
look fine beside today's helper, so the commit that fixed them would go uncredited.

So when a commit changed two or more Python files and one of its versions tells the rules
something its file's current version does not (a factory, a coroutine, a session type), each
version of that commit is judged again beside the commit's other versions of the same side:
the files before it beside each other, the files after it beside each other. Commits whose
files agree with today's, most of them, cost nothing more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from mentorbot.domain import FileAnalysis, Finding
from mentorbot.lesson_versions import FileChange
from mentorbot.rules.project import CODE_SIGNAL, ProjectView

Offers = Counter[tuple[object, ...]]
Judge = Callable[[ProjectView, str], list[Finding]]
"""The findings in the file of a version (named by its spec) in a view where it is swapped in."""


def offers(analysis: FileAnalysis) -> Offers:
    """What a file version tells the rules, its line positions aside: two versions that offer
    the same cannot change another file's findings."""
    return Counter(
        (signal.kind, signal.name, signal.detail, *sorted(signal.data.items()))
        for signal in analysis.signals
        if signal.kind != CODE_SIGNAL
    )


class SiblingJudge:
    """Re-judges the versions of commits whose changed files disagree with today's."""

    def __init__(self, context: ProjectView, judge: Judge) -> None:
        self.context = context
        self.judge = judge
        self._now = {analysis.path: analysis for analysis in context.analyses}
        self._offers_now: dict[str, Offers] = {}

    def findings(
        self, changes: Sequence[FileChange], analyses: Mapping[str, FileAnalysis]
    ) -> dict[str, list[Finding]]:
        """Findings by spec for the versions whose verdict may differ beside their siblings;
        the other versions keep the ones made beside today's files."""
        judged: dict[str, list[Finding]] = {}
        for side in (
            [change.before_spec for change in changes],
            [change.after_spec for change in changes],
        ):
            versions = {spec: analyses[spec] for spec in side if spec in analyses}
            if len(versions) < 2:
                continue
            differing = [spec for spec, version in versions.items() if self._differs(version)]
            for spec, version in versions.items():
                view = self.context
                for other in differing:
                    if other != spec:
                        view = view.with_file(versions[other])
                if view is not self.context:
                    judged[spec] = self.judge(view.with_file(version), spec)
        return judged

    def _differs(self, version: FileAnalysis) -> bool:
        now = self._now.get(version.path)
        if now is None:
            return True
        if now.blob_sha == version.blob_sha:
            return False
        known = self._offers_now.get(version.path)
        if known is None:
            known = self._offers_now[version.path] = offers(now)
        return offers(version) != known
