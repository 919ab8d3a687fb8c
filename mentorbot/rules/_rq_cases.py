"""MB101's cases of RQ in async routes: ``queue.enqueue`` writes the job to Redis with the sync
client the queue was given, and ``Job.fetch`` and a job's ``get_status`` read it back, each a
round trip on the event loop's thread (corpus 90). Handed to a thread, or from a plain ``def``
route, they wait on a worker's. A job enqueued or fetched in a thread is still a job: its
``refresh`` and ``get_status`` on the loop read Redis again (blind check k1)."""

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

WAITING = """\
import asyncio

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from redis import Redis
from rq import Queue
from rq.job import Job

from app.tasks import model_predict

router = APIRouter()
redis_conn = Redis(host="redis", port=6379)
queue = Queue(connection=redis_conn)


@router.post("/predict/wait")
async def predict_and_wait(model: str, data: list[float]) -> dict:
    job = await run_in_threadpool(queue.enqueue, model_predict, model, data)
    while not job.is_finished:
        await asyncio.sleep(0.5)
        job.refresh()
    return {"result": job.result}


@router.get("/jobs/{job_id}")
async def job_status(job_id: str) -> dict:
    fetched = await asyncio.to_thread(Job.fetch, job_id, connection=redis_conn)
    return {"status": fetched.get_status()}


@router.get("/jobs/{job_id}/threaded")
async def job_status_threaded(job_id: str) -> dict:
    found = await asyncio.to_thread(Job.fetch, job_id, connection=redis_conn)
    await asyncio.to_thread(found.refresh)
    return {"status": await asyncio.to_thread(found.get_status)}
"""
WAITING_HITS = (21, 28)

BAD = (
    Case(
        files={"app/routes.py": WAITING},
        hits=tuple(("app/routes.py", line) for line in WAITING_HITS),
        note="a job enqueued or fetched in a thread, then refreshed or asked its status on "
        "the loop; asked in a thread too, it is fine",
    ),
    Case(
        files={"app/routes.py": PREDICTIONS},
        hits=tuple(("app/routes.py", line) for line in PREDICTIONS_HITS),
        note="RQ's enqueue, Job.fetch and get_status in async routes; a thread or a def is fine",
    ),
)
