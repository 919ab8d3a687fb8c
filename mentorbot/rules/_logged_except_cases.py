"""MB106's cases for broad handlers that log the failure without its traceback: the error is
in the logs as a warning or an error, so it is not hidden (ruff's BLE001 asks for
``logging.exception`` or ``exc_info=True``), also in a route whose optional side steps (a
cache, an audit log) fail without failing the request; and for a background job that records
its error in the job's status, which the app shows, and a helper that answers its caller with
the error; and for a websocket handler that closes the connection with an error code, against
one that closes it as if nothing happened."""

from __future__ import annotations

from mentorbot.rules.base import Case

LOGGED_FALLBACKS = """\
import logging

from sqlalchemy.orm import Session

from app.models import Category

logger = logging.getLogger(__name__)


def delete_category(db: Session, category_id: int) -> bool:
    try:
        db.query(Category).filter(Category.id == category_id).delete()
        db.commit()
        return True
    except Exception as error:
        db.rollback()
        logging.warning("could not delete category %s: %s", category_id, error)
        return False


def category_names(db: Session) -> list[str]:
    try:
        return [category.name for category in db.query(Category).all()]
    except Exception as error:
        logger.error(f"listing categories failed: {error}")
        return []


class CategoryCache:
    def __init__(self) -> None:
        self.logger = logging.getLogger("cache")
        self.names: list[str] = []

    def refresh(self, db: Session) -> None:
        try:
            self.names = category_names(db)
        except Exception:
            self.logger.warning("category cache not refreshed")
"""

RECORDED_JOBS = """\
from fastapi import APIRouter, BackgroundTasks

from app import jobs
from app.catalogue import rebuild_index

router = APIRouter()


def run_rebuild(job_id: str) -> None:
    try:
        jobs.start_job(job_id)
        rebuild_index()
        jobs.finish_job(job_id)
    except Exception as exc:
        jobs.fail_job(job_id, str(exc))


def run_silent_rebuild(job_id: str) -> None:
    try:
        rebuild_index()
    except Exception:
        jobs.fail_job(job_id, "rebuild failed")


@router.post("/rebuild")
def rebuild(tasks: BackgroundTasks) -> dict[str, str]:
    job_id = jobs.new_job()
    tasks.add_task(run_rebuild, job_id)
    return {"job": job_id}
"""
"""``GET /jobs/{id}`` shows the first job's error; the second records that it failed, not why."""
RECORDED_JOBS_HITS = (21,)
CHAT_SOCKET = """\
from fastapi import APIRouter, WebSocket, WebSocketDisconnect, status

from app.chat import rooms

router = APIRouter()


@router.websocket("/ws/{room}")
async def chat(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await rooms.broadcast(room, text)
    except WebSocketDisconnect:
        rooms.leave(room, websocket)
    except Exception as error:
        print(f"websocket error: {error}")
        await websocket.close(code=status.WS_1011_INTERNAL_ERROR)


@router.websocket("/ws/{room}/typing")
async def typing(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    try:
        await rooms.typing(room, await websocket.receive_text())
    except Exception:
        await websocket.close(code=1000)
"""
CHAT_SOCKET_HITS = (27,)
QUERY_ROUTE = """\
import logging

from fastapi import APIRouter

from app import audit, cache, rag
from app.schemas import Answer, Question

router = APIRouter()
logger = logging.getLogger(__name__)


@router.post("/query", response_model=Answer)
async def query(question: Question) -> Answer:
    answer = await rag.answer(question.text)
    try:
        await cache.store(question.text, answer)
    except Exception as e:
        logger.warning("answer not cached (non-fatal): %s", e)
    try:
        await audit.record(question.user_id, question.text)
    except Exception as e:
        logger.warning("audit log failed (non-fatal): %s", e)
    return Answer(text=answer)
"""

JOB_ROWS = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Job
from app.worker import process_job

router = APIRouter()


@router.post("/jobs", status_code=202)
def create_job(db: Session = Depends(get_db)) -> dict[str, object]:
    job = Job(status="pending")
    db.add(job)
    db.commit()
    try:
        process_job.delay(job.id)
    except Exception as exc:
        job.status = "failed"
        job.error_message = f"could not queue the job: {exc}"
        db.commit()
    return {"id": job.id, "status": job.status}
"""

INDEX_STATUS = """\
from pinecone import Pinecone


class VectorIndex:
    def __init__(self, client: Pinecone, name: str) -> None:
        self.index = client.Index(name)

    def status(self) -> dict[str, object]:
        try:
            stats = self.index.describe_index_stats()
            return {"status": "healthy", "vectors": stats.get("total_vector_count", 0)}
        except Exception as e:
            return {"status": "degraded", "message": f"stats query failed: {e}"}

    def vector_count(self) -> int:
        try:
            return int(self.index.describe_index_stats()["total_vector_count"])
        except Exception as error:
            return -1
"""
INDEX_STATUS_HITS = (18,)

INFO_LOGGED = """\
import logging

logger = logging.getLogger(__name__)


async def send_audio(update, url: str) -> None:
    try:
        audio = await fetch_audio(url)
    except Exception as e:
        logger.info(f"not found - {e}")
        await update.message.reply_text("Could not find that video")
        return
    await update.message.reply_audio(audio)


async def send_cover(update, url: str) -> None:
    try:
        cover = await fetch_cover(url)
    except Exception:
        logger.info("no cover")
        return
    await update.message.reply_photo(cover)
"""
"""The caught error logged at info is logged; an info line without it says nothing of it."""
INFO_LOGGED_HITS = (19,)
FILE_LOGGED = """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/years")
async def years(service) -> list[int] | None:
    try:
        return await service.years()
    except Exception as e:
        with open("utils.log", "a") as logfile:
            logfile.write(f"{e}")


@router.get("/months")
async def months(service) -> list[int] | None:
    try:
        return await service.months()
    except Exception:
        with open("utils.log", "a") as logfile:
            logfile.write("months failed")
"""
"""The caught error written into a log file of the app's own is in its logs; a line without
it says nothing of the error (corpus 83)."""
FILE_LOGGED_HITS = (19,)
PRINTED = """\
import traceback

from fastapi import APIRouter

router = APIRouter()


async def connect(client) -> None:
    try:
        await client.admin.command("ping")
    except Exception as e:
        print("MongoDB connection failed:", e)


def run(db, operation):
    try:
        return operation()
    except Exception as e:
        db.rollback()
        print(f"Unexpected error in {operation.__name__}: {e}")
        return None


@router.get("/shifts")
async def list_shifts():
    try:
        return load_shifts()
    except Exception as e:
        traceback.print_exc()
        return common_response(InternalServerError(error=str(e)))


@router.get("/users")
async def list_users():
    try:
        return load_users()
    except Exception as e:
        print(e)
        return {"users": []}
"""
"""Outside a route the printed error is reported; a route's printed traceback is in its logs;
a route that prints the error and answers an empty list still hides the failure from its
client (corpus 73, 75, 76)."""
PRINTED_HITS = (37,)
BATCH_UPLOADS = """\
from fastapi import APIRouter, UploadFile

from app.documents import extract_text, store_text

router = APIRouter()


@router.post("/upload")
async def upload(files: list[UploadFile]) -> dict[str, list]:
    results = []
    for file in files:
        try:
            text = extract_text(await file.read())
        except Exception as e:
            print(f"could not read {file.filename}: {e}")
            results.append({"status": "error", "filename": file.filename})
            continue
        try:
            store_text(text)
        except Exception as e:
            print(f"could not store {file.filename}: {e}")
            results.append({"filename": file.filename, "chunks": 0})
            continue
        results.append({"status": "success", "filename": file.filename})
    return {"results": results}
"""
"""A batch route whose handler adds the failed file to the answer as failed tells its client;
one that adds it as a normal-looking item hides it (corpus 93)."""
BATCH_UPLOADS_HITS = (20,)
BAD = (
    Case(
        files={"app/routes/uploads.py": BATCH_UPLOADS},
        hits=tuple(("app/routes/uploads.py", line) for line in BATCH_UPLOADS_HITS),
        note="a batch's failed item answered as failed, and one answered as a normal item",
    ),
    Case(
        files={"app/routes.py": PRINTED},
        hits=tuple(("app/routes.py", line) for line in PRINTED_HITS),
        note="printed errors: reported outside a route, hidden behind a 200 in one",
    ),
    Case(
        files={"app/routes/utils.py": FILE_LOGGED},
        hits=tuple(("app/routes/utils.py", line) for line in FILE_LOGGED_HITS),
        note="the caught error written into a log file is recorded (corpus 83)",
    ),
    Case(
        files={"handlers/media.py": INFO_LOGGED},
        hits=tuple(("handlers/media.py", line) for line in INFO_LOGGED_HITS),
        note="a handler logging the caught error at info is not hiding it (corpus 75)",
    ),
    Case(
        files={"app/routes/chat.py": CHAT_SOCKET},
        hits=tuple(("app/routes/chat.py", line) for line in CHAT_SOCKET_HITS),
        note="a socket closed as normal (1000) after a failure hides it; 1011 does not",
    ),
    Case(
        files={"app/routes/rebuild.py": RECORDED_JOBS},
        hits=tuple(("app/routes/rebuild.py", line) for line in RECORDED_JOBS_HITS),
        note="a job marked failed without its error",
    ),
    Case(
        files={"app/vector_index.py": INDEX_STATUS},
        hits=tuple(("app/vector_index.py", line) for line in INDEX_STATUS_HITS),
        note="a helper that answers its caller with the error is fine; one that answers -1 is not",
    ),
)
GOOD = (
    Case(
        files={"app/crud/category.py": LOGGED_FALLBACKS},
        note="helpers that record the failure as a warning or an error and return a fallback",
    ),
    Case(
        files={"app/routes/jobs.py": JOB_ROWS},
        note="a route that writes the failure on the job row it answers with",
    ),
    Case(
        files={"app/routes/query.py": QUERY_ROUTE},
        note="a route that logs its side steps' failures as warnings and answers all the same",
    ),
)
