"""MB101's file cases: an upload API that writes and reads files through pathlib and ``shutil``
in async routes (its folder found from ``Path(__file__).resolve().parents[1]``), and the same
API doing that work with aiofiles, in a thread, or in a sync route."""

from mentorbot.rules.base import Case

BAD_UPLOADS = """\
import shutil
from pathlib import Path

from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOAD_DIR = Path(__file__).resolve().parents[1] / "uploads"


@app.post("/uploads")
async def upload(file: UploadFile) -> dict[str, str]:
    target = UPLOAD_DIR / file.filename
    with target.open("wb") as buffer:
        shutil.copyfileobj(file.file, buffer)
    return {"name": target.name}


@app.get("/notes/{name}")
async def read_note(name: str) -> str:
    note = UPLOAD_DIR.joinpath(name).with_suffix(".md")
    return note.read_text(encoding="utf-8")


async def export_notes(folder: Path) -> str:
    return shutil.make_archive(str(folder), "zip", folder)
"""
BAD_UPLOADS_HITS = (13, 14, 21, 25)

GOOD_UPLOADS = """\
import asyncio
import shutil
from pathlib import Path

import aiofiles
from fastapi import FastAPI, UploadFile

app = FastAPI()
UPLOAD_DIR = Path(__file__).resolve().parents[1] / "uploads"


@app.post("/uploads")
async def upload(file: UploadFile) -> dict[str, str]:
    target = UPLOAD_DIR / file.filename
    async with aiofiles.open(target, "wb") as buffer:
        await buffer.write(await file.read())
    return {"name": target.name}


@app.get("/notes/{name}")
async def read_note(name: str) -> str:
    note = UPLOAD_DIR.joinpath(name).with_suffix(".md")
    return await asyncio.to_thread(note.read_text, encoding="utf-8")


@app.post("/backups")
def backup() -> dict[str, str]:
    shutil.copytree(UPLOAD_DIR, "backup", dirs_exist_ok=True)
    (UPLOAD_DIR / "last-backup.txt").write_text("done")
    return {"status": "done"}
"""

RESUME_PARSER = """\
import pdfplumber


def extract_pdf_text(path: str) -> str:
    with pdfplumber.open(path) as pdf:
        return "\\n".join(page.extract_text() or "" for page in pdf.pages)


def parse_resume(path: str) -> dict[str, str]:
    text = extract_pdf_text(path)
    return {"text": text.strip()}
"""

BAD_RESUME_ROUTES = """\
from fastapi import FastAPI

from app.services.resume_parser import parse_resume

app = FastAPI()


@app.post("/resumes/{name}/parse")
async def parse(name: str) -> dict[str, str]:
    return parse_resume(f"uploads/{name}.pdf")
"""
BAD_RESUME_HITS = (10,)

GOOD_RESUME_ROUTES = """\
import asyncio

from fastapi import FastAPI

from app.services.resume_parser import parse_resume

app = FastAPI()


@app.post("/resumes/{name}/parse")
async def parse(name: str) -> dict[str, str]:
    return await asyncio.to_thread(parse_resume, f"uploads/{name}.pdf")
"""

UPLOADED_DOCUMENTS = """\
from fastapi import APIRouter, UploadFile

from app.services.documents import save_document

router = APIRouter()


@router.post("/documents")
async def upload_document(uploaded_file: UploadFile) -> dict[str, str]:
    content = uploaded_file.file.read()
    await save_document(uploaded_file.filename, content)
    return {"name": uploaded_file.filename}


@router.post("/documents/async")
async def upload_document_async(uploaded_file: UploadFile) -> dict[str, str]:
    await save_document(uploaded_file.filename, await uploaded_file.read())
    return {"name": uploaded_file.filename}
"""
UPLOADED_DOCUMENTS_HITS = (10,)
"""An upload's spooled file read whole on the loop's thread; ``await file.read()`` is how
(corpus 83)."""

ERROR_LOG = """\
from fastapi import APIRouter, HTTPException

from app.services.years import find_years

router = APIRouter()


@router.get("/years")
async def years() -> list[int]:
    try:
        return await find_years()
    except Exception as error:
        with open("utils.log", "a") as log:
            log.write(f"{error}\\n")
        raise HTTPException(status_code=500, detail="could not list the years") from error
"""
"""The error written down in a log file of its own on the rare path: a few bytes, no I/O of
real size (corpus 83)."""

THUMBNAILS = """\
import io
from pathlib import Path

from fastapi import FastAPI, UploadFile
from fastapi.concurrency import run_in_threadpool
from PIL import Image

app = FastAPI()
MEDIA = Path("media")


async def make_thumbnail(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        image.thumbnail((200, 200))
        image.save(target)


@app.post("/avatars")
async def upload_avatar(file: UploadFile) -> dict:
    avatar = Image.open(file.file)
    avatar.convert("RGB").resize((64, 64)).save(MEDIA / "avatar.png")
    return {"saved": True}


def crop_square(source: Path, target: Path) -> None:
    with Image.open(source) as image:
        side = min(image.size)
        image.crop((0, 0, side, side)).save(target)


@app.post("/covers")
async def upload_cover(file: UploadFile) -> dict:
    target = MEDIA / "cover.png"
    await run_in_threadpool(crop_square, MEDIA / file.filename, target)
    return {"saved": True}


@app.post("/photos/size")
async def photo_size(file: UploadFile) -> dict:
    photo = Image.open(io.BytesIO(await file.read()))
    return {"width": photo.width, "height": photo.height}


@app.post("/photos/jpeg")
async def as_jpeg(file: UploadFile) -> bytes:
    photo = Image.open(io.BytesIO(await file.read()))
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG")
    return buffer.getvalue()
"""
"""Pillow in async code: opening, resampling and saving a photo on the loop's thread; the same
work handed to the threadpool is fine, and so is reading the size of a photo held in memory
(opening reads only its header) or saving it into a buffer in memory (corpus 86)."""
THUMBNAILS_HITS = (13, 14, 15, 20, 21)

EXPORTS = """\
import csv
import time

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

router = APIRouter()


def csv_rows(path: str):
    with open(path, newline="") as source:
        for row in csv.reader(source):
            yield ",".join(row) + "\\n"


def heartbeat(channel: str):
    while True:
        yield f"data: ping {channel}\\n\\n"
        time.sleep(5)


@router.get("/exports/{name}")
async def download(name: str) -> StreamingResponse:
    return StreamingResponse(csv_rows(f"exports/{name}.csv"), media_type="text/csv")


@router.get("/events/{channel}")
async def events(channel: str) -> StreamingResponse:
    stream = heartbeat(channel)
    return StreamingResponse(stream, media_type="text/event-stream")


@router.get("/exports/{name}/count")
async def count_rows(name: str) -> dict[str, int]:
    total = 0
    for _ in csv_rows(f"exports/{name}.csv"):
        total += 1
    return {"rows": total, "first": len(list(csv_rows(f"exports/{name}.csv"))[:1])}
"""
EXPORTS_HITS = (36, 38)
"""Calling a sync generator runs nothing: a StreamingResponse iterates it in a thread. Iterating
it in the route reads the file on the loop."""
LAZY_BAD = (
    Case(
        files={"app/exports.py": EXPORTS},
        hits=tuple(("app/exports.py", line) for line in EXPORTS_HITS),
        note="sync generators streamed by StreamingResponse, and one iterated in the route",
    ),
)

FRAMES = """\
import tempfile

import cv2
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/videos/frames")
async def count_frames(video: UploadFile) -> dict:
    data = await video.read()
    with tempfile.NamedTemporaryFile(suffix=".mp4") as scratch:
        scratch.write(data)
        capture = cv2.VideoCapture(scratch.name)
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
    return {"frames": frames}
"""
FRAMES_HITS = (12, 14)
"""A temporary file made, and a video opened with OpenCV, on the loop's thread."""
OBJECT_STORE = """\
from minio import Minio

from app.config import settings

_client = None


def get_minio_client() -> Minio:
    global _client
    if _client is None:
        _client = Minio(settings.minio_host, access_key=settings.key, secret_key=settings.secret)
    return _client


class Storage:
    @staticmethod
    async def upload(bucket: str, name: str, data, size: int) -> str:
        client = get_minio_client()
        if not client.bucket_exists(bucket):
            client.make_bucket(bucket)
        client.put_object(bucket, name, data, length=size)
        return client.presigned_get_object(bucket, name)
"""
OBJECT_STORE_HITS = (19, 20, 21)
"""A MinIO client from a cached factory declared ``-> Minio``: its requests wait on the server;
a presigned URL is only signed here."""
MEDIA_BAD = (
    Case(
        files={"app/videos.py": FRAMES},
        hits=tuple(("app/videos.py", line) for line in FRAMES_HITS),
        note="tempfile's files and OpenCV's readers do file I/O",
    ),
    Case(
        files={"app/storage.py": OBJECT_STORE},
        hits=tuple(("app/storage.py", line) for line in OBJECT_STORE_HITS),
        note="a sync MinIO client made by a cached factory",
    ),
)

SEED_SCRIPT = """\
import asyncio
import json
from pathlib import Path

from app.database import products


async def seed() -> None:
    data = json.loads(Path("products.json").read_text(encoding="utf-8"))
    await products.insert_many(data)


if __name__ == "__main__":
    asyncio.run(seed())
"""
"""A seed script running its own loop: its blocking read stalls no request (low severity)."""
SEED_SCRIPT_HITS = (9,)

SCRIPT_BAD = (
    Case(
        files={"scripts/seed.py": SEED_SCRIPT},
        hits=tuple(("scripts/seed.py", line) for line in SEED_SCRIPT_HITS),
        note="a seed script that runs its own loop: reported at low severity",
    ),
)
