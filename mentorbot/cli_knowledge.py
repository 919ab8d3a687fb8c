"""``mentor ingest``, ``mentor search`` and ``mentor reindex``: the knowledge store from the shell.

``register(app)`` adds the commands to the main app. Failures are ``MentorError``s, which the
main entry point prints as one line.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from mentorbot.errors import MentorError
from mentorbot.knowledge.ingest import IngestReport
from mentorbot.knowledge.retrieval import SearchHit
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.knowledge.store_models import DOCUMENT_KINDS, DocumentKind
from mentorbot.wording import count

T = TypeVar("T")
SNIPPET_CHARS = 160


async def _with_store(action: Callable[[KnowledgeStore], Awaitable[T]]) -> T:
    from mentorbot.services import open_services

    async with open_services() as services:
        return await action(services.knowledge)


def _kinds(values: list[str] | None) -> list[DocumentKind] | None:
    if not values:
        return None
    bad = [value for value in values if value not in DOCUMENT_KINDS]
    if bad:
        raise MentorError(
            f"--kind must be one of {', '.join(DOCUMENT_KINDS)}, not {bad[0]!r}", code="usage"
        )
    return [value for value in DOCUMENT_KINDS if value in values]


def _print_ingest(report: IngestReport) -> None:
    console = Console(soft_wrap=True, highlight=False)
    for document in report.documents:
        detail = f"{count(document.chunks, 'chunk')}, v{document.version}"
        if document.status == "unchanged":
            detail = "no change"
        console.print(f"{document.status:>9}  {document.kind:<4}  {document.source}  ({detail})")
    console.print(
        f"[bold]{count(len(report.documents), 'document')}[/bold]: {report.count('added')} added, "
        f"{report.count('updated')} updated, {report.count('unchanged')} unchanged · "
        f"{count(report.chunks, 'chunk')} written · {report.seconds:.2f}s"
    )


def _snippet(hit: SearchHit) -> str:
    flat = " ".join(hit.text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def _print_hits(hits: list[SearchHit]) -> None:
    console = Console(soft_wrap=True, highlight=False)
    if not hits:
        console.print("no results")
        return
    for rank, hit in enumerate(hits, start=1):
        where = hit.document + (f" › {' › '.join(hit.heading_path)}" if hit.heading_path else "")
        console.print(f"[bold]{rank}.[/bold] {escape(where)}  [dim]{hit.score:.4f}[/dim]")
        console.print(f"   {escape(_snippet(hit))}")


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``search`` and ``reindex`` to the main ``mentor`` app (once)."""
    registered = {
        command.name or command.callback.__name__
        for command in app.registered_commands
        if command.callback
    }
    if "ingest" in registered:
        return

    @app.command()
    def ingest(
        paths: Annotated[
            list[Path], typer.Argument(help="Markdown / text files, or folders (recursive).")
        ],
        learner: Annotated[str, typer.Option(help="Whose documents these are.")] = "default",
        kind: Annotated[
            str | None,
            typer.Option(help="plan, log or note (default: from the file name)."),
        ] = None,
    ) -> None:
        """Add study plans, notes and past logs to a learner's knowledge store."""
        kinds = _kinds([kind] if kind else None)
        chosen = kinds[0] if kinds else None
        report = asyncio.run(
            _with_store(lambda store: store.ingest_paths(learner, paths, kind=chosen))
        )
        _print_ingest(report)

    @app.command()
    def search(
        query: Annotated[str, typer.Argument(help="A question or keywords, any language.")],
        learner: Annotated[str, typer.Option(help="Whose documents to search.")] = "default",
        k: Annotated[int, typer.Option("--k", help="How many results.", min=1, max=100)] = 5,
        kind: Annotated[
            list[str] | None, typer.Option(help="Only these kinds (plan, log, note); repeatable.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Hybrid (vector + full-text) search over a learner's documents."""
        kinds = _kinds(kind)
        hits = asyncio.run(_with_store(lambda store: store.search(learner, query, k, kinds)))
        if as_json:
            json.dump([hit.as_json() for hit in hits], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return
        _print_hits(hits)

    @app.command()
    def reindex() -> None:
        """Re-embed every stored chunk with the configured embedding model."""

        async def run(store: KnowledgeStore) -> tuple[int, str, int]:
            chunks = await store.reindex()
            return chunks, store.embedder.name, await store.embedder.dimension()

        chunks, model, dimension = asyncio.run(_with_store(run))
        Console(highlight=False).print(
            f"re-embedded {count(chunks, 'chunk')} with {model} ({dimension} dimensions)"
        )
