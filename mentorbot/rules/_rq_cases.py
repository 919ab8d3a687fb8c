"""MB101's cases of RQ in async routes: ``queue.enqueue`` writes the job to Redis with the sync
client the queue was given, and ``Job.fetch`` and a job's ``get_status`` read it back, each a
round trip on the event loop's thread (corpus 90). Handed to a thread, or from a plain ``def``
route, they wait on a worker's."""

from __future__ import annotations

from mentorbot.rules.base import Case

PREDICTIONS = """\
import asyncio

from fastapi import APIRouter
from redis import Redis
from rq import Queue
from rq.job import Job

from app.tasks import model_predict

router = APIRouter()
redis_conn = Redis(host="redis", port=6379)
queue = Queue(connection=redis_conn)


@router.post("/predict")
async def predict(model: str, data: list[float]) -> dict:
    job = queue.enqueue(model_predict, model, data)
    return {"job_id": job.id}


@router.get("/jobs/{job_id}")
async def job_status(job_id: str) -> dict:
    job = Job.fetch(job_id, connection=redis_conn)
    return {"status": job.get_status()}


@router.post("/predict/threaded")
async def predict_threaded(model: str, data: list[float]) -> dict:
    job = await asyncio.to_thread(queue.enqueue, model_predict, model, data)
    return {"job_id": job.id}


@router.get("/jobs/{job_id}/plain")
def job_status_plain(job_id: str) -> dict:
    return {"status": Job.fetch(job_id, connection=redis_conn).get_status()}
"""
PREDICTIONS_HITS = (17, 23, 24)

BAD = (
    Case(
        files={"app/routes.py": PREDICTIONS},
        hits=tuple(("app/routes.py", line) for line in PREDICTIONS_HITS),
        note="RQ's enqueue, Job.fetch and get_status in async routes; a thread or a def is fine",
    ),
)
