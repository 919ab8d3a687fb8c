"""The knowledge store over HTTP: add a learner's documents, search them.

Both routes act for one learner: the caller's own (a learner token) or the one named (the
operator, or an open local server). The store never crosses learners, so neither does the API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CallerDep, ServiceDep
from api.schemas import (
    ERROR_RESPONSES,
    LEARNER_PATTERN,
    DocumentKindName,
    DocumentRequest,
    IngestedDocumentOut,
    IngestResult,
    Learner,
    SearchPage,
    SearchResult,
)
from mentorbot.knowledge.ingest import infer_kind
from mentorbot.knowledge.retrieval import SearchMode

router = APIRouter(tags=["knowledge"], responses=ERROR_RESPONSES)


@router.post("/documents", summary="Add or replace a document in a learner's knowledge store")
async def add_document(
    body: DocumentRequest, caller: CallerDep, service: ServiceDep
) -> IngestResult:
    """Unchanged content is skipped; changed content replaces the document's chunks."""
    learner = caller.acting_learner(body.learner)
    kind = body.kind or infer_kind(Path(body.source))
    store = await service.knowledge()
    report = await store.ingest_text(
        learner, body.source, body.content, kind, markdown=body.markdown
    )
    return IngestResult(
        learner=learner,
        documents=[
            IngestedDocumentOut(
                source=document.source,
                kind=document.kind,
                status=document.status,
                chunks=document.chunks,
                version=document.version,
            )
            for document in report.documents
        ],
        seconds=round(report.seconds, 4),
    )


@router.get("/search", summary="Search a learner's documents and logs (vector + full text)")
async def search(
    caller: CallerDep,
    service: ServiceDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=1000,
            pattern=LEARNER_PATTERN,
            description="A question or keywords, any language.",
        ),
    ],
    learner: Annotated[Learner | None, Query()] = None,
    k: Annotated[int, Query(ge=1, le=50, description="How many results.")] = 5,
    kind: Annotated[
        list[DocumentKindName] | None, Query(description="Only these kinds; repeatable.")
    ] = None,
    mode: Annotated[SearchMode, Query(description="Both rankings fused, or one.")] = "hybrid",
) -> SearchPage:
    who = caller.acting_learner(learner)
    store = await service.knowledge()
    hits = await store.search(who, q, k, kind or None, mode=mode)
    return SearchPage(
        learner=who,
        query=q,
        results=[
            SearchResult(
                text=hit.text,
                score=round(hit.score, 6),
                document=hit.document,
                heading=hit.heading,
                heading_path=list(hit.heading_path),
                kind=hit.kind,
            )
            for hit in hits
        ],
    )
