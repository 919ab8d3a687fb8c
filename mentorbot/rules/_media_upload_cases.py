"""MB101 cases on a media host's SDK: cloudinary's uploader and admin API send the file (or
the request) over HTTPS on the calling thread, here from a helper the avatar route calls and
from a route; a thread, or a sync route, is fine, and building an image's URL is local."""

from __future__ import annotations

from mentorbot.rules.base import Case

AVATARS = """\
import cloudinary
import cloudinary.api
import cloudinary.uploader

from app.config import settings

cloudinary.config(
    cloud_name=settings.cloudinary_name,
    api_key=settings.cloudinary_key,
    api_secret=settings.cloudinary_secret,
    secure=True,
)


def upload_avatar(file, username: str) -> str:
    response = cloudinary.uploader.upload(file, public_id=f"avatars/{username}", overwrite=True)
    return cloudinary.CloudinaryImage(f"avatars/{username}").build_url(
        width=250, height=250, crop="fill", version=response.get("version")
    )


def avatar_url(username: str) -> str:
    return cloudinary.CloudinaryImage(f"avatars/{username}").build_url(width=250)
"""

AVATAR_ROUTES = """\
import cloudinary.api
from cloudinary.uploader import destroy
from fastapi import APIRouter, UploadFile

from app.avatars import avatar_url, upload_avatar

router = APIRouter()


@router.patch("/me/avatar")
async def update_avatar(file: UploadFile, username: str) -> dict:
    return {"avatar": upload_avatar(file.file, username)}


@router.delete("/me/avatar")
async def delete_avatar(username: str) -> dict:
    destroy(f"avatars/{username}")
    return {"avatar": avatar_url("default")}


@router.get("/avatars")
async def avatars() -> dict:
    found = cloudinary.api.resources(prefix="avatars/", max_results=20)
    return {"count": len(found["resources"])}
"""
AVATAR_HITS = (12, 17, 23)

THREADED_ROUTES = """\
import asyncio

from cloudinary.uploader import destroy
from fastapi import APIRouter, UploadFile

from app.avatars import avatar_url, upload_avatar

router = APIRouter()


@router.patch("/me/avatar")
async def update_avatar(file: UploadFile, username: str) -> dict:
    return {"avatar": await asyncio.to_thread(upload_avatar, file.file, username)}


@router.delete("/me/avatar")
def delete_avatar(username: str) -> dict:
    destroy(f"avatars/{username}")
    return {"avatar": avatar_url("default")}


@router.get("/me/avatar")
async def read_avatar(username: str) -> dict:
    return {"avatar": avatar_url(username)}
"""

CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    cloudinary_name: str = ""
    cloudinary_key: str = ""
    cloudinary_secret: str = ""


settings = Settings()
"""

BAD = (
    Case(
        files={
            "app/config.py": CONFIG,
            "app/avatars.py": AVATARS,
            "app/routes/users.py": AVATAR_ROUTES,
        },
        hits=tuple(("app/routes/users.py", line) for line in AVATAR_HITS),
        note="cloudinary uploads, deletes and lists over HTTPS, through a helper and directly",
    ),
)
GOOD = (
    Case(
        files={
            "app/config.py": CONFIG,
            "app/avatars.py": AVATARS,
            "app/routes/users.py": THREADED_ROUTES,
        },
        note="the upload in a thread, the delete in a sync route; an image's URL is built locally",
    ),
)
