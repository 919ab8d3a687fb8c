"""MB101's cases for GridFS, MongoDB's file store: ``gridfs.GridFS`` and ``GridFSBucket`` over a
sync PyMongo database wait on the server in every call, and so does reading a file they hand
out (its chunks are fetched as it is read)."""

from __future__ import annotations

from mentorbot.rules.base import Case

PHOTO_STORE = """\
import gridfs
from pymongo import MongoClient

client = MongoClient("mongodb://localhost:27017")
db = client["photos"]
fs = gridfs.GridFS(db)
archive = gridfs.GridFSBucket(db, bucket_name="archive")
"""
PHOTO_ROUTES = """\
from bson import ObjectId
from fastapi import APIRouter, UploadFile
from fastapi.responses import Response

from app.db import archive, fs

router = APIRouter()


@router.post("/photos")
async def upload(file: UploadFile) -> dict:
    data = await file.read()
    photo_id = fs.put(data, filename=file.filename)
    return {"id": str(photo_id)}


@router.get("/photos/{photo_id}")
async def download(photo_id: str) -> Response:
    stored = fs.get(ObjectId(photo_id))
    return Response(content=stored.read(), media_type="image/jpeg")


@router.get("/archive/{name}")
async def archived(name: str) -> Response:
    return Response(content=archive.open_download_stream_by_name(name).read())


@router.get("/photos/{photo_id}/exists")
def exists(photo_id: str) -> dict:
    return {"exists": fs.exists(ObjectId(photo_id))}


@router.get("/photos")
async def listing() -> list[str]:
    return [stored.filename for stored in fs.find({"temporary": False})]
"""
PHOTO_HITS = (13, 19, 20, 25, 35)
MOTOR_PHOTO_STORE = """\
from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorGridFSBucket

client = AsyncIOMotorClient("mongodb://localhost:27017")
fs = AsyncIOMotorGridFSBucket(client["photos"])
"""
MOTOR_PHOTO_ROUTES = """\
from fastapi import APIRouter, UploadFile

from app.db import fs

router = APIRouter()


@router.post("/photos")
async def upload(file: UploadFile) -> dict:
    photo_id = await fs.upload_from_stream(file.filename, await file.read())
    stream = await fs.open_download_stream(photo_id)
    return {"id": str(photo_id), "size": len(await stream.read())}
"""
BAD = (
    Case(
        files={"app/db.py": PHOTO_STORE, "app/photos.py": PHOTO_ROUTES},
        hits=tuple(("app/photos.py", line) for line in PHOTO_HITS),
        note="GridFS over a sync PyMongo database, and a file read from it, in async routes",
    ),
)
GOOD = (
    Case(
        files={"app/db.py": MOTOR_PHOTO_STORE, "app/photos.py": MOTOR_PHOTO_ROUTES},
        note="Motor's GridFS bucket, awaited",
    ),
)
