"""MB101's cases for Azure Blob Storage's sync clients: a container's or a blob's client is made
locally, its downloads, uploads and listings wait on Azure. The ``aio`` clients are awaited."""

from __future__ import annotations

from mentorbot.rules.base import Case

STORAGE = """\
import csv
import os
from io import StringIO

from azure.storage.blob import BlobServiceClient


class ReportStorage:
    def __init__(self) -> None:
        self.container = os.environ["REPORTS_CONTAINER"]
        self.client = BlobServiceClient.from_connection_string(os.environ["STORAGE_URL"])

    def read_rows(self, name: str) -> list[list[str]]:
        blob = self.client.get_container_client(self.container).download_blob(name)
        return list(csv.reader(StringIO(blob.readall().decode("utf-8"))))

    def blob_url(self, name: str) -> str:
        return self.client.get_blob_client(self.container, name).url
"""
SERVICES = """\
from app.storage import ReportStorage


async def import_rows(storage: ReportStorage, name: str) -> int:
    rows = storage.read_rows(name)
    return len(rows)


async def link_to(storage: ReportStorage, name: str) -> str:
    return storage.blob_url(name)
"""
SERVICES_HITS = (5,)
ASYNC_STORAGE = """\
import os

from azure.storage.blob.aio import BlobServiceClient


class ReportStorage:
    def __init__(self) -> None:
        self.client = BlobServiceClient.from_connection_string(os.environ["STORAGE_URL"])

    async def read_bytes(self, name: str) -> bytes:
        downloader = await self.client.get_blob_client("reports", name).download_blob()
        return await downloader.readall()
"""
ASYNC_SERVICES = """\
from app.storage import ReportStorage


async def import_bytes(storage: ReportStorage, name: str) -> int:
    return len(await storage.read_bytes(name))
"""
BAD = (
    Case(
        files={"app/storage.py": STORAGE, "app/services.py": SERVICES},
        hits=tuple(("app/services.py", line) for line in SERVICES_HITS),
        note="a download from Azure Blob Storage through the project's own class",
    ),
)
GOOD = (
    Case(
        files={"app/storage.py": ASYNC_STORAGE, "app/services.py": ASYNC_SERVICES},
        note="the aio client is awaited; a blob client's URL is built locally",
    ),
)
