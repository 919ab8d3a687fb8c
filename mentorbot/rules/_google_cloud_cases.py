"""MB101's cases for Google Cloud's Python clients: Cloud Storage's ``Client`` and the blobs its
buckets hand out, and Vision's ``ImageAnnotatorClient``, wait on Google's API in every request;
building a bucket or a blob, and signing a URL, are local."""

from __future__ import annotations

from mentorbot.rules.base import Case

STORAGE = """\
from uuid import uuid4

from google.cloud.storage import Client

client = Client()


def upload_image(data: bytes) -> str:
    name = f"{uuid4()}.webp"
    bucket = client.get_bucket("pets")
    bucket.blob(name).upload_from_string(data, content_type="image/webp")
    return name


def signed_url(name: str) -> str:
    return client.bucket("pets").blob(name).generate_signed_url(version="v4", expiration=3600)
"""
VISION = """\
from google.cloud.vision import Image, ImageAnnotatorClient


def is_safe(image: Image, client: ImageAnnotatorClient) -> bool:
    verdict = client.safe_search_detection(image=image).safe_search_annotation
    return verdict.adult < 3 and verdict.violence < 3


def shows_a_cat(data: bytes) -> bool:
    client = ImageAnnotatorClient()
    image = Image(content=data)
    labels = client.label_detection(image=image).label_annotations
    return is_safe(image, client) and any(label.description == "Cat" for label in labels)
"""
BAD_ROUTES = """\
from fastapi import APIRouter, HTTPException, UploadFile

from app.storage import client, upload_image
from app.vision import shows_a_cat

router = APIRouter()


@router.post("/images")
async def post_image(file: UploadFile) -> dict[str, str]:
    data = await file.read()
    if not shows_a_cat(data):
        raise HTTPException(status_code=400, detail="not a cat")
    return {"name": upload_image(data)}


@router.delete("/images/{name}")
async def delete_image(name: str) -> None:
    client.bucket("pets").blob(name).delete()
"""
BAD_HITS = (12, 14, 19)
GOOD_ROUTES = """\
import asyncio

from fastapi import APIRouter, UploadFile

from app.storage import signed_url, upload_image
from app.vision import shows_a_cat

router = APIRouter()


@router.post("/images")
async def post_image(file: UploadFile) -> dict[str, str]:
    data = await file.read()
    if not await asyncio.to_thread(shows_a_cat, data):
        return {"error": "not a cat"}
    return {"name": await asyncio.to_thread(upload_image, data)}


@router.get("/images/{name}/url")
async def image_url(name: str) -> dict[str, str]:
    return {"url": signed_url(name)}
"""
_FILES = {"app/storage.py": STORAGE, "app/vision.py": VISION}
BAD = (
    Case(
        files={**_FILES, "app/routes/images.py": BAD_ROUTES},
        hits=tuple(("app/routes/images.py", line) for line in BAD_HITS),
        note="Vision's detections and Cloud Storage's uploads and deletes, through helpers too",
    ),
)
GOOD = (
    Case(
        files={**_FILES, "app/routes/images.py": GOOD_ROUTES},
        note="the requests run in a thread; signing a URL asks nothing of Google",
    ),
)
