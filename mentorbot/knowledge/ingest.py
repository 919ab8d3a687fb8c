"""Reading learner documents safely, chunking them, and writing them in bulk.

Every input is read and checked before anything is written: a missing, unreadable, binary,
empty, oversized or non-UTF-8 file stops the whole ingestion with one message naming each bad
file, and the database is left as it was. Writing is three statements per batch whatever its
size: one upsert of the documents (``unnest`` arrays), one delete of the chunks they replace,
one ``COPY`` of the new chunks through asyncpg — all in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pgvector.asyncpg import register_vector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from mentorbot.errors import MentorError
from mentorbot.knowledge.chunking import (
    TextChunk,
    chunk_markdown,
    chunk_plain,
    markdown_title,
)
from mentorbot.knowledge.embedders import Matrix
from mentorbot.knowledge.store_models import DOCUMENT_KINDS, DocumentKind

MAX_FILE_BYTES = 5 * 1024 * 1024
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = MARKDOWN_SUFFIXES | {".txt"}
_SNIFF_BYTES = 8192
_LOG_NAME = re.compile(r"learning_log_step\d+", re.I)
_PLAN_NAME = re.compile(r"plan|roadmap|syllabus|curriculum|计划|规划|路线|大纲", re.I)

IngestStatus = Literal["added", "updated", "unchanged"]

CHUNK_COLUMNS = (
    "document_id",
    "learner",
    "kind",
    "ordinal",
    "heading_path",
    "text",
    "search_text",
    "embedding",
)


class IngestError(MentorError):
    """A file given to ``mentor ingest`` cannot be indexed; nothing was written."""

    code = "bad-input"
    exit_code = 2


@dataclass(frozen=True)
class SourceText:
    """A document's text and how to treat it, before chunking."""

    source: str
    text: str
    kind: DocumentKind
    markdown: bool = True


@dataclass(frozen=True)
class PreparedDocument:
    """A document chunked and segmented, ready to be embedded and written."""

    source: str
    kind: DocumentKind
    title: str
    content: str
    content_hash: str
    chunks: tuple[TextChunk, ...]
    search_texts: tuple[str, ...]

    def embedding_inputs(self) -> list[str]:
        return [chunk.indexed_text() for chunk in self.chunks]


@dataclass(frozen=True)
class IngestedDocument:
    source: str
    kind: DocumentKind
    status: IngestStatus
    chunks: int
    version: int


@dataclass(frozen=True)
class IngestReport:
    """What one ingestion did, per document, and how long it took."""

    documents: tuple[IngestedDocument, ...]
    seconds: float = 0.0

    def count(self, status: IngestStatus) -> int:
        return sum(1 for document in self.documents if document.status == status)

    @property
    def chunks(self) -> int:
        """Chunks written (unchanged documents write none)."""
        return sum(d.chunks for d in self.documents if d.status != "unchanged")


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def infer_kind(path: Path) -> DocumentKind:
    """``learning_log_step<N>`` files are logs, study/roadmap plans are plans, the rest notes."""
    if _LOG_NAME.search(path.name):
        return "log"
    if _PLAN_NAME.search(path.name):
        return "plan"
    return "note"


def check_kind(kind: str) -> DocumentKind:
    if kind not in DOCUMENT_KINDS:
        raise IngestError(f"--kind must be one of {', '.join(DOCUMENT_KINDS)}, not {kind!r}")
    return kind  # type: ignore[return-value]


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named explicitly, plus the Markdown and text files under folders (recursively).

    Hidden entries and symlinks inside folders are passed over, as the review does.
    """
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    candidate = Path(folder) / name
                    if (
                        not name.startswith(".")
                        and candidate.suffix.lower() in TEXT_SUFFIXES
                        and not candidate.is_symlink()
                    ):
                        found.append(candidate)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    if problems:
        raise IngestError("nothing was ingested: " + "; ".join(problems))
    return list(dict.fromkeys(found))


def _utf8_problem(data: bytes, error: UnicodeDecodeError) -> str:
    hint = ""
    try:
        data.decode("gb18030")
        hint = " (it reads as GBK/GB18030: convert it with `iconv -f GB18030 -t UTF-8`)"
    except UnicodeDecodeError:
        pass
    return f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}){hint}"


def read_text_file(path: Path) -> str:
    """The file's text, or an IngestError saying exactly why it cannot be indexed."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"{path}: not a regular file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(
                f"{path}: {size / 1024 / 1024:.1f} MB is over the "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB limit for one document; split it"
            )
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot read it ({error.strerror or error})") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise IngestError(f"{path}: a binary file, not text")
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"{path}: {_utf8_problem(data, error)}") from None
    if not content.strip():
        raise IngestError(f"{path}: empty, nothing to index")
    return content


def read_sources(files: Sequence[Path], kind: DocumentKind | None) -> list[SourceText]:
    """Read every file first; report all bad ones together, before anything is written."""
    sources: list[SourceText] = []
    problems: list[str] = []
    for path in files:
        try:
            content = read_text_file(path)
        except IngestError as error:
            problems.append(str(error))
            continue
        sources.append(
            SourceText(
                source=str(path.resolve()),
                text=content,
                kind=kind or infer_kind(path),
                markdown=path.suffix.lower() in MARKDOWN_SUFFIXES or path.suffix == "",
            )
        )
    if problems:
        raise IngestError("nothing was ingested: " + "; ".join(problems))
    return sources


def chunk_source(source: SourceText) -> PreparedDocument:
    """Chunk one document; the ingestion pipeline adds the full-text words (``pipeline``)."""
    if source.markdown:
        chunks = chunk_markdown(source.text)
        title = markdown_title(source.text)
    else:
        chunks = chunk_plain(source.text)
        title = next((line.strip() for line in source.text.splitlines() if line.strip()), "")
    return PreparedDocument(
        source=source.source,
        kind=source.kind,
        title=title[:200],
        content=source.text,
        content_hash=content_hash(source.text),
        chunks=tuple(chunks),
        search_texts=(),
    )


async def stored_hashes(
    conn: AsyncConnection, learner: str, sources: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """source -> (content hash, kind) of this learner's documents among ``sources``."""
    rows = await conn.execute(
        text(
            "SELECT source, content_hash, kind FROM documents "
            "WHERE learner = :learner AND source = ANY(:sources)"
        ),
        {"learner": learner, "sources": list(sources)},
    )
    return {row.source: (row.content_hash, row.kind) for row in rows}


_UPSERT = text(
    """
    INSERT INTO documents AS d (learner, source, kind, title, content_hash, content, chunk_count)
    SELECT :learner, source, kind, title, content_hash, content, chunk_count
    FROM unnest(
        CAST(:sources AS text[]), CAST(:kinds AS text[]), CAST(:titles AS text[]),
        CAST(:hashes AS text[]), CAST(:contents AS text[]), CAST(:counts AS int[])
    ) AS batch(source, kind, title, content_hash, content, chunk_count)
    ON CONFLICT (learner, source) DO UPDATE SET
        kind = EXCLUDED.kind, title = EXCLUDED.title, content_hash = EXCLUDED.content_hash,
        content = EXCLUDED.content, chunk_count = EXCLUDED.chunk_count,
        version = d.version + 1, updated_at = now()
    WHERE d.content_hash <> EXCLUDED.content_hash OR d.kind <> EXCLUDED.kind
    RETURNING d.id, d.source, d.version
    """
)


async def write_documents(
    conn: AsyncConnection,
    learner: str,
    documents: Sequence[PreparedDocument],
    vectors: Sequence[Matrix],
) -> dict[str, tuple[int, int]]:
    """Upsert documents, replace their chunks; returns source -> (id, version) of those written.

    A document whose stored hash already matches (a concurrent ingestion got there first) is
    left alone and is missing from the result.
    """
    if not documents:
        return {}
    rows = await conn.execute(
        _UPSERT,
        {
            "learner": learner,
            "sources": [d.source for d in documents],
            "kinds": [d.kind for d in documents],
            "titles": [d.title for d in documents],
            "hashes": [d.content_hash for d in documents],
            "contents": [d.content for d in documents],
            "counts": [len(d.chunks) for d in documents],
        },
    )
    written = {row.source: (int(row.id), int(row.version)) for row in rows}
    if not written:
        return written
    ids = [document_id for document_id, _ in written.values()]
    await conn.execute(text("DELETE FROM chunks WHERE document_id = ANY(:ids)"), {"ids": ids})
    records = [
        (
            written[document.source][0],
            learner,
            document.kind,
            chunk.ordinal,
            list(chunk.heading_path),
            chunk.text,
            search_text,
            vector,
        )
        for document, matrix in zip(documents, vectors, strict=True)
        if document.source in written
        for chunk, search_text, vector in zip(
            document.chunks, document.search_texts, matrix, strict=True
        )
    ]
    await copy_records(conn, "chunks", CHUNK_COLUMNS, records)
    return written


async def copy_records(
    conn: AsyncConnection,
    table: str,
    columns: Sequence[str],
    records: Sequence[tuple[object, ...]],
) -> None:
    """Binary COPY on the connection's own asyncpg connection, inside its transaction."""
    if not records:
        return
    raw = await conn.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    await register_vector(driver)
    await driver.copy_records_to_table(table, records=records, columns=list(columns))
