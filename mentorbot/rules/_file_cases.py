"""MB101's file cases: an upload API that writes and reads files through pathlib and ``shutil``
in async routes (its folder found from ``Path(__file__).resolve().parents[1]``), and the same
API doing that work with aiofiles, in a thread, or in a sync route."""

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
