"""How a review uses the learner's memory, in three calls the graph nodes make.

- ``follow_study_plan`` (scan): the plan the review follows. A ``study_plan`` named in the repo's
  ``.mentor.toml`` is ingested (kind ``plan``; unchanged content writes nothing) and followed;
  without one, the learner's newest ingested plan; without that, the built-in curriculum (None).
- ``mark_recurring`` (extract_lessons): open problems an earlier log of the learner already
  showed get ``recurring`` and a link to that log's section, relative to the new log.
- ``remember_log`` (render): the log just written is ingested for its learner (kind ``log``).

Memory adds to a review and must never sink it: when the store cannot embed (the endpoint is
down, or it holds another model's vectors until ``mentor reindex``), the review goes on without
memory and its notes say why. A configured study plan is still followed, read from the file.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from mentorbot.curriculum.loader import Curriculum
from mentorbot.domain import Finding, Lesson, RecurringSource, Text
from mentorbot.errors import ConfigError
from mentorbot.knowledge.embedders import EmbedderError, EmbeddingMismatchError
from mentorbot.knowledge.ingest import IngestError, SourceText, read_text_file
from mentorbot.knowledge.memory import learner_curriculum, recurring_problems, remember_review_log
from mentorbot.knowledge.reviews import logs_not_earlier, repos_of_logs
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.knowledge.study_plan import parse_study_plan
from mentorbot.logfile import log_path

logger = logging.getLogger(__name__)

# Failures of the memory itself; anything else (the database gone) fails the review as before.
MEMORY_ERRORS: tuple[type[Exception], ...] = (EmbedderError, EmbeddingMismatchError)


def _unavailable(error: Exception) -> Text:
    logger.warning("review memory unavailable: %s", error)
    return Text(
        zh=f"这次回顾没有用上你的学习记忆（以前的日志、学习计划）：{error}",
        en=f"This review ran without your memory (earlier logs, study plan): {error}",
    )


def plan_label(source: str, root: Path) -> str:
    """How the log names a study plan: repo-relative when it lives in the repo."""
    path = Path(source)
    if path.is_absolute() and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return source


def _with_label(curriculum: Curriculum, root: Path) -> Curriculum:
    return curriculum.model_copy(update={"source": plan_label(curriculum.source, root)})


async def _configured_plan(
    store: KnowledgeStore, learner: str, root: Path, relative: str, *, ingest: bool
) -> tuple[Curriculum | None, list[Text]]:
    path = (root / relative).resolve()
    try:
        content = await asyncio.to_thread(read_text_file, path)
    except IngestError as error:
        raise ConfigError(f".mentor.toml: study_plan: {error}") from None
    notes: list[Text] = []
    if ingest:
        try:
            await store.ingest_sources(learner, [SourceText(str(path), content, "plan")])
        except MEMORY_ERRORS as error:
            notes.append(_unavailable(error))
    curriculum = parse_study_plan(content, relative)
    if curriculum is None:
        notes.append(
            Text(
                zh=(
                    f"学习计划 {relative} 里没有找到“标题 + 列表项”形式的阶段，"
                    "所以这次没有按它来安排；给每个阶段写一个标题，下面列出要做的事即可。"
                ),
                en=(
                    f"The study plan {relative} has no stages (a heading with list items under "
                    "it), so this review did not follow it; give each stage a heading and list "
                    "its items below."
                ),
            )
        )
    return curriculum, notes


async def follow_study_plan(
    store: KnowledgeStore, learner: str, root: Path, configured: str | None
) -> tuple[Curriculum | None, list[Text]]:
    """The learner's plan to follow (None: the built-in curriculum) and notes for the log.

    ``configured`` is the repo config's repo-relative ``study_plan``; it wins over plans
    ingested by hand, because the repo says so explicitly. This runs first in a review, so it
    is also where an unusable store (another model's vectors) is noted, once.
    """
    notes: list[Text] = []
    try:
        await store.check_space()
    except MEMORY_ERRORS as error:
        notes.append(_unavailable(error))
    if configured is not None:
        curriculum, more = await _configured_plan(
            store, learner, root, configured, ingest=not notes
        )
        notes.extend(more)
        if curriculum is not None:
            return curriculum, notes
    ingested = await learner_curriculum(store, learner)
    return (_with_label(ingested, root) if ingested else None), notes


def upcoming_log(root: Path, step: int, output: str | None, write_log: bool) -> Path | None:
    """Where render will write this review's log (as ``write_review_log`` decides); None when
    the run writes no file."""
    if not write_log:
        return None
    return Path(output) if output else log_path(root, step)


def _other_repository(log: Path, root: Path | None, written_for: dict[str, str]) -> str | None:
    """The folder name of the repository ``log`` is about, when that is not ``root`` (the
    reviewed one); None for a log of this repository. The git work tree the log is in tells;
    for a log written elsewhere (``--output``), the review that wrote it."""
    if root is None or log.is_relative_to(root):
        return None
    for folder in log.parents:
        if (folder / ".git").exists():
            return None if folder == root else folder.name
    repo = written_for.get(str(log))
    return Path(repo).name if repo is not None and Path(repo) != root else None


async def _repos_of_logs(store: KnowledgeStore, logs: Sequence[str]) -> dict[str, str]:
    if not logs:
        return {}
    async with store.db.session() as session:
        return await repos_of_logs(session, logs)


async def mark_recurring(
    store: KnowledgeStore,
    learner: str,
    lessons: Sequence[Lesson],
    new_log: Path | None,
    root: Path | None = None,
    step: int | None = None,
    head: str | None = None,
    findings: Sequence[Finding] = (),
) -> tuple[list[Lesson], list[Text]]:
    """``lessons`` with the open ones an earlier log showed marked recurring, and notes.

    ``new_log`` is where this review's log goes: it is not "earlier" (a re-run of the same
    step), and links are made relative to its folder. None: absolute links. ``root`` is the
    reviewed repository: an earlier log in another one is named by that repository, so "step 1"
    is not read as this project's. Nor is a log of this repository's later steps, or of this
    ``step`` at the same ``head``, whatever its name (step 1 in English, then again in Chinese
    to another ``--output``). ``findings`` tell which of ruff's problems a catch-all lesson is.
    """
    marked = list(lessons)
    try:
        excluded: list[str | Path] = [new_log] if new_log is not None else []
        if root is not None and step is not None:
            async with store.db.session() as session:
                excluded += await logs_not_earlier(session, str(root), learner, step, head)
        hits = await recurring_problems(store, learner, marked, exclude=excluded, findings=findings)
    except MEMORY_ERRORS as error:
        return marked, [_unavailable(error)]
    folder = new_log.parent if new_log is not None else None
    on_disk = await asyncio.to_thread(
        lambda: {hit.source for hit in hits.values() if Path(hit.source).is_file()}
    )
    written_for = await _repos_of_logs(store, [hit.source for hit in hits.values()])
    repositories = await asyncio.to_thread(
        lambda: {
            hit.source: _other_repository(Path(hit.source), root, written_for)
            for hit in hits.values()
        }
    )
    for index, hit in hits.items():
        # A log deleted or moved since is still memory, but a link to it would lead nowhere.
        link = hit.link(folder) if hit.source in on_disk else ""
        marked[index] = marked[index].model_copy(
            update={
                "recurring": True,
                "recurring_source": link,
                "recurring_from": RecurringSource(
                    log=hit.source,
                    repo=repositories[hit.source],
                    step=hit.step,
                    heading=hit.heading,
                    link=link,
                ),
            }
        )
    return marked, []


async def remember_log(
    store: KnowledgeStore, learner: str, path: Path, known: Sequence[Text] = ()
) -> list[Text]:
    """Ingest the log as it is on disk (with what the learner wrote).

    Returns a note when memory failed, unless ``known`` (the review's notes) already has it.
    """
    content = await asyncio.to_thread(path.read_text, encoding="utf-8")
    try:
        await remember_review_log(store, learner, path, content)
    except MEMORY_ERRORS as error:
        note = _unavailable(error)
        return [] if note in known else [note]
    return []
