"""A client handed in through a module's `Annotated` alias is the client it names: a file store
deleted objects through `s3: S3Client` on the loop's thread unreported, where `s3: Minio =
Depends(get_s3_client)` was reported."""

from __future__ import annotations

from pathlib import Path

from tests.unit.rules import review_files

FILES = """\
from typing import Annotated

from fastapi import APIRouter, Depends
from minio import Minio

from app.dependencies import get_s3_client

router = APIRouter()
S3Client = Annotated[Minio, Depends(get_s3_client)]


@router.delete("/files/{name}")
async def delete_file(name: str, s3: S3Client) -> dict:
    s3.remove_object("files", name)
    return {"deleted": name}


@router.get("/files/{name}/link")
async def link(name: str, s3: S3Client) -> dict:
    return {"url": s3.presigned_get_object("files", name)}
"""

DEPENDENCIES = """\
from minio import Minio


def get_s3_client() -> Minio:
    return Minio("localhost:9000", access_key="minio", secret_key="minio123", secure=False)
"""


def test_a_client_behind_an_annotated_alias_blocks_where_its_requests_do(tmp_path: Path) -> None:
    files = {"app/routers/files.py": FILES, "app/dependencies.py": DEPENDENCIES}

    found = [f for f in review_files(tmp_path, files) if f.rule == "MB101"]

    assert [(f.path, f.line) for f in found] == [("app/routers/files.py", 14)]
    assert found[0].message.en.startswith("`s3.remove_object` blocks the event loop")
