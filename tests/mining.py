"""Mining a test repository's history for solved problems as a review does, without the graph."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.cache import AnalysisCache
from mentorbot.domain import Lesson
from mentorbot.lessons import LessonMiner
from mentorbot.scanning import scan_repository
from tests.gitrepo import GitRepo


def solved_lessons(
    repo: GitRepo, tmp_path: Path, cache: AnalysisCache | None = None, since: str | None = None
) -> list[Lesson]:
    """The solved problems of ``repo``'s history (after ``since``, by default all of it),
    analysed into ``cache`` (by default a fresh one under ``tmp_path``)."""
    cache = cache or AnalysisCache(tmp_path / "cache")
    scan = scan_repository(open_repo(str(repo.path)), since=since, cache=cache)
    return LessonMiner(Path(scan.root), scan, cache).solved()
