"""Reviews: start one (streamed or not), follow it, list them, read one and its log."""

from __future__ import annotations

import asyncio
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from api.deps import CallerDep, ServiceDep, SettingsDep, allowed_repo
from api.errors import ApiError
from api.schemas import (
    ERROR_RESPONSES,
    MAX_ID,
    PATH_PATTERN,
    Learner,
    ReviewPage,
    ReviewRequest,
    ReviewStarted,
)
from api.sse import event_stream, run_events, single_event
from mentorbot.knowledge import reviews
from mentorbot.knowledge.models import ReviewStatus
from mentorbot.knowledge.review_records import ReviewDetail
from mentorbot.runs import CANCELLED_MESSAGE, ReviewService, RunEvent

router = APIRouter(tags=["reviews"], responses=ERROR_RESPONSES)

ReviewId = Annotated[int, Path(ge=1, le=MAX_ID, description="The review's id.")]
SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Server-sent events: node, progress, finding, token, then done or error.",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


@router.post(
    "/reviews",
    summary="Start a review; stream its events, or answer 202 with its id",
    response_class=Response,
    responses={
        **SSE_RESPONSE,
        202: {"model": ReviewStarted, "description": "Started (stream=false)"},
    },
)
async def start_review(
    body: ReviewRequest,
    caller: CallerDep,
    settings: SettingsDep,
    service: ServiceDep,
    stream: Annotated[
        bool, Query(description="Stream the events (default) or return at once.")
    ] = True,
) -> Response:
    learner = caller.acting_learner(body.learner)
    repo = await allowed_repo(body.repo_path, settings)
    inputs: dict[str, Any] = {"repo_path": str(repo), "learner": learner}
    for key in ("step", "language", "since"):
        value = getattr(body, key)
        if value is not None:
            inputs[key] = value
    run = await service.start(inputs)
    if stream:
        return event_stream(run_events(run, owner=True))
    await run.wait_started()
    failure = run.failure()
    if run.review_id is None:
        code = str(failure.data["code"]) if failure else "internal"
        message = str(failure.data["message"]) if failure else "the review did not start"
        raise ApiError(503 if code == "database" else 400, code, message)
    started = ReviewStarted(
        review_id=run.review_id,
        events=f"/reviews/{run.review_id}/events",
        review=f"/reviews/{run.review_id}",
    )
    return JSONResponse(started.model_dump(mode="json"), status_code=202)


async def _visible_review(
    service: ReviewService, caller: CallerDep, review_id: int
) -> ReviewDetail:
    """The review, or 404 — also when it belongs to a learner the caller may not see."""
    services, _ = await service.ensure()
    async with services.db.session() as session:
        detail = await reviews.get_review(session, review_id)
    if detail is None or not caller.sees(detail.learner):
        raise ApiError(404, "not-found", f"no review with id {review_id}")
    return detail


@router.get("/reviews", summary="List reviews, newest first")
async def list_reviews(
    caller: CallerDep,
    service: ServiceDep,
    learner: Annotated[Learner | None, Query()] = None,
    repo: Annotated[str | None, Query(max_length=4096, pattern=PATH_PATTERN)] = None,
    status: Annotated[ReviewStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReviewPage:
    only = caller.learner_filter(learner)
    services, _ = await service.ensure()
    async with services.db.session() as session:
        items = await reviews.list_reviews(
            session, learner=only, repo=repo, status=status, limit=limit, offset=offset
        )
    return ReviewPage(items=items, limit=limit, offset=offset)


@router.get("/reviews/{review_id}", summary="One review with its report")
async def get_review(review_id: ReviewId, caller: CallerDep, service: ServiceDep) -> ReviewDetail:
    return await _visible_review(service, caller, review_id)


@router.get(
    "/reviews/{review_id}/log",
    summary="The review's learning log (Markdown)",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
)
async def get_review_log(review_id: ReviewId, caller: CallerDep, service: ServiceDep) -> Response:
    detail = await _visible_review(service, caller, review_id)
    if detail.log_path is None:
        raise ApiError(
            404, "log-missing", f"review {review_id} has no log (status {detail.status})"
        )
    log_file = FilePath(detail.log_path)
    try:
        markdown = await asyncio.to_thread(log_file.read_text, encoding="utf-8")
    except OSError:
        raise ApiError(404, "log-missing", f"the log of review {review_id} is gone") from None
    return Response(markdown, media_type="text/markdown; charset=utf-8")


@router.get(
    "/reviews/{review_id}/events",
    summary="Follow a review: its events so far, then live ones; leaving does not cancel it",
    response_class=Response,
    responses=SSE_RESPONSE,
)
async def follow_review(review_id: ReviewId, caller: CallerDep, service: ServiceDep) -> Response:
    detail = await _visible_review(service, caller, review_id)
    run = service.live(review_id)
    if run is not None:
        return event_stream(run_events(run, owner=False))
    return event_stream(single_event(_final_event(detail)))


def _final_event(detail: ReviewDetail) -> RunEvent:
    if detail.status == "completed":
        return RunEvent(
            "done",
            {
                "review_id": detail.id,
                "log_path": detail.log_path,
                "step": detail.step,
                "findings": (detail.counts or {}).get("findings"),
            },
        )
    if detail.status == "cancelled":
        return RunEvent(
            "error", {"code": "cancelled", "message": detail.error or CANCELLED_MESSAGE}
        )
    message = detail.error or "the review stopped without finishing (the server restarted?)"
    return RunEvent("error", {"code": detail.status, "message": message, "review_id": detail.id})
