"""Retrieval benchmark: quality on a written evaluation set, latency and ingestion at scale.

1. Quality. ``bench/retrieval_eval/`` holds 24 short documents (Chinese, English, a study plan and
   a past log) and 66 questions in Chinese, English and mixed form, each naming the section that
   answers it. The documents are ingested for one learner and every question is asked in three
   modes — vector only, full text only, hybrid (RRF) — giving recall@5 and MRR (a hit is a chunk
   of the named document under the named heading).
2. Scale. The same documents plus generated filler notes (Chinese words drawn from jieba's
   dictionary by frequency, English words from the embedding model's vocabulary, a sprinkle of
   technical terms; about 420 characters a chunk) are loaded for another learner up to 1k, 10k
   and 100k chunks. Each step is one ``ingest_sources`` call (the real path: chunking, jieba,
   embedding, COPY, index), so the 10k → 100k step takes the bulk path (HNSW dropped and rebuilt).
   At each size every question is searched three times per mode: p50 / p95 latency of
   ``KnowledgeStore.search`` end to end (query embedding included), hybrid and vector-only
   recall@5 with the filler as distractors, and how many of the exact 40 nearest chunks the
   HNSW index returns (recall of the approximate search itself, which a search's vector side
   uses only for a learner with more than ``EXACT_MAX`` chunks: in the 1k and 10k rows the
   searches are exact).
3. Index strategy. 20k chunks loaded into an empty table with the HNSW and full-text (GIN) indexes
   maintained row by row versus dropped and rebuilt after the COPY.

Goals (issue text): hybrid recall@5 ≥ 0.9; p95 search latency < 20 ms at 100k chunks; ingestion
≥ 2,000 chunks/s with the default embedder.

Run from the repo root with the venv active: ``python bench/retrieval.py [--sizes 1k,10k]``.
A private embedded PostgreSQL is started under a temp dir (or set ``DATABASE_URL``).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from mentorbot.knowledge.db import Database
from mentorbot.knowledge.indexes import BULK_REBUILD_MIN
from mentorbot.knowledge.ingest import SourceText
from mentorbot.knowledge.retrieval import (
    MIN_CANDIDATES,
    SEARCH_SETTINGS,
    SearchHit,
    SearchMode,
    vector_literal,
)
from mentorbot.knowledge.store import KnowledgeStore
from mentorbot.settings import load_settings

EVAL_DIR = Path(__file__).resolve().parent / "retrieval_eval"
MODES: tuple[SearchMode, ...] = ("vector", "text", "hybrid")
SIZE_WORDS = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
CHUNKS_PER_FILLER_DOC = 20
REPEATS = 3
TECH_TERMS = (
    "async await FastAPI Depends SQLAlchemy session Alembic migration pytest fixture Docker "
    "Redis cache JWT token Pydantic model_dump LangGraph pgvector HNSW middleware CORS logging "
    "BackgroundTasks Celery StreamingResponse HTTPException mypy git rebase TTL index query"
).split()


@dataclass(frozen=True)
class Question:
    q: str
    doc: str
    heading: str
    lang: str


def load_questions() -> list[Question]:
    raw = tomllib.loads((EVAL_DIR / "questions.toml").read_text(encoding="utf-8"))
    return [Question(**item) for item in raw["question"]]


def eval_sources() -> list[SourceText]:
    return [
        SourceText(
            source=f"eval/{path.name}",
            text=path.read_text(encoding="utf-8"),
            kind="plan" if "plan" in path.name else "log" if "log" in path.name else "note",
        )
        for path in sorted((EVAL_DIR / "docs").glob("*.md"))
    ]


class FillerWriter:
    """Deterministic notes that look like a learner's: mixed Chinese and English prose."""

    def __init__(self, seed: int = 20) -> None:
        import jieba
        import wordllama

        self.rng = random.Random(seed)
        dict_path = Path(jieba.__file__).parent / "dict.txt"
        zh: list[tuple[str, int]] = []
        for line in dict_path.read_text(encoding="utf-8").splitlines():
            word, freq, *_ = line.split(" ")
            if 2 <= len(word) <= 4 and "\u4e00" <= word[0] <= "\u9fff" and int(freq) >= 50:
                zh.append((word, int(freq)))
        self.zh_words = [word for word, _ in zh]
        self.zh_weights = list(accumulate(math.sqrt(freq) for _, freq in zh))
        model = wordllama.WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True
        )
        vocab = sorted(model.tokenizer.get_vocab().items(), key=lambda item: item[1])
        self.en_words = [
            token[1:] for token, _ in vocab if token.startswith("▁") and token[1:].isalpha()
        ][:12_000]
        self.en_weights = list(accumulate(1 / (rank + 10) for rank in range(len(self.en_words))))

    def _sentence(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            words = rng.choices(self.zh_words, cum_weights=self.zh_weights, k=rng.randint(6, 14))
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), f" {rng.choice(TECH_TERMS)} ")
            return "".join(words) + "。"
        words = rng.choices(self.en_words, cum_weights=self.en_weights, k=rng.randint(8, 18))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(TECH_TERMS))
        return " ".join(words).capitalize() + "."

    def document(self, index: int) -> str:
        parts = [f"# 笔记 {index}"]
        for section in range(CHUNKS_PER_FILLER_DOC):
            parts.append(f"## {section + 1}. {self._sentence()[:18].strip('。.')}")
            body, size = [], 0
            while size < 380:
                sentence = self._sentence()
                body.append(sentence)
                size += len(sentence)
            parts.append(" ".join(body))
        return "\n\n".join(parts)


def hit_rank(hits: list[SearchHit], question: Question) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if hit.document.endswith(question.doc) and hit.heading == question.heading:
            return rank
    return None


@dataclass
class Quality:
    recall: float
    mrr: float
    by_lang: dict[str, float]


async def quality(
    store: KnowledgeStore, learner: str, questions: list[Question], mode: SearchMode
) -> Quality:
    ranks: list[tuple[Question, int | None]] = []
    for question in questions:
        hits = await store.search(learner, question.q, k=5, mode=mode)
        ranks.append((question, hit_rank(hits, question)))
    found = [rank for _, rank in ranks if rank is not None]
    by_lang: dict[str, float] = {}
    for lang in ("zh", "en", "mixed"):
        subset = [rank for question, rank in ranks if question.lang == lang]
        by_lang[lang] = sum(rank is not None for rank in subset) / max(1, len(subset))
    return Quality(
        recall=len(found) / len(questions),
        mrr=sum(1 / rank for rank in found) / len(questions),
        by_lang=by_lang,
    )


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


async def latency(
    store: KnowledgeStore, learner: str, questions: list[Question], mode: SearchMode
) -> tuple[float, float]:
    for question in questions[:5]:
        await store.search(learner, question.q, k=5, mode=mode)
    samples: list[float] = []
    for _ in range(REPEATS):
        for question in questions:
            started = time.perf_counter()
            await store.search(learner, question.q, k=5, mode=mode)
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


NEAREST = text(
    "SELECT id FROM chunks WHERE learner = :learner "
    "ORDER BY embedding <=> CAST(CAST(:vector AS text) AS halfvec) LIMIT :n"
)


async def ann_recall(store: KnowledgeStore, learner: str, questions: list[Question]) -> float:
    """Share of the exact nearest chunks that the HNSW index returns when asked for a search's
    candidates (with the store's own search settings), averaged over questions."""
    total = 0.0
    for question in questions:
        literal = vector_literal(await store.embedder.embed_query(question.q))
        found: list[set[int]] = []
        for exact in (True, False):
            async with store.db.engine.begin() as conn:
                if exact:
                    await conn.execute(text("SET LOCAL enable_indexscan = off"))
                else:
                    await conn.execute(SEARCH_SETTINGS, {"ef_search": str(MIN_CANDIDATES)})
                rows = await conn.execute(
                    NEAREST, {"learner": learner, "vector": literal, "n": MIN_CANDIDATES}
                )
                found.append({int(row.id) for row in rows})
        total += len(found[0] & found[1]) / max(1, len(found[0]))
    return total / len(questions)


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    print(line.format(*header))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line.format(*row))
    print()


async def index_strategy(
    store: KnowledgeStore, writer: FillerWriter, chunks: int
) -> list[list[str]]:
    rows = []
    docs = [
        SourceText(source=f"index/{i}.md", text=writer.document(i), kind="note")
        for i in range(chunks // CHUNKS_PER_FILLER_DOC)
    ]
    for label, threshold in (("maintained", 10**9), ("drop + rebuild", 1)):
        store.bulk_rebuild_min = threshold
        report = await store.ingest_sources("index-strategy", docs)
        rows.append(
            [
                label,
                f"{report.chunks:,}",
                f"{report.seconds:.1f}",
                f"{report.chunks / report.seconds:,.0f}",
            ]
        )
        async with store.db.engine.begin() as conn:
            await conn.execute(text("DELETE FROM documents WHERE learner = 'index-strategy'"))
        # Its dead rows would otherwise slow the scale section's first searches and rebuilds.
        async with store.db.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM (ANALYZE) chunks"))
    store.bulk_rebuild_min = BULK_REBUILD_MIN
    return rows


async def run(database_url: str, sizes: list[int], index_chunks: int) -> None:
    db = await Database.connect(load_settings(database_url=database_url))
    store = KnowledgeStore.from_settings(db, load_settings(database_url=database_url))
    questions = load_questions()
    sources = eval_sources()
    print(
        f"evaluation set: {len(questions)} questions over {len(sources)} documents; "
        f"embedder {store.embedder.name}\n"
    )
    await store.ingest_sources("eval", sources)
    rows = []
    for mode in MODES:
        result = await quality(store, "eval", questions, mode)
        rows.append(
            [mode, f"{result.recall:.3f}", f"{result.mrr:.3f}"]
            + [f"{result.by_lang[lang]:.2f}" for lang in ("zh", "en", "mixed")]
        )
    print("Retrieval quality (recall@5, MRR; recall@5 per question language)")
    table(["mode", "recall@5", "MRR", "zh", "en", "mixed"], rows)

    writer = FillerWriter()
    if index_chunks:
        print(
            f"Index strategy (HNSW and GIN) for {index_chunks:,} chunks loaded into an empty table"
        )
        table(
            ["index", "chunks", "seconds", "chunks/s"],
            await index_strategy(store, writer, index_chunks),
        )

    await store.ingest_sources("scale", sources)
    async with db.engine.connect() as conn:
        loaded = int(
            await conn.scalar(text("SELECT count(*) FROM chunks WHERE learner = 'scale'")) or 0
        )
    next_doc = 0
    rows = []
    for size in sizes:
        missing = max(0, size - loaded) // CHUNKS_PER_FILLER_DOC
        docs = [
            SourceText(source=f"filler/{i}.md", text=writer.document(i), kind="note")
            for i in range(next_doc, next_doc + missing)
        ]
        next_doc += missing
        report = await store.ingest_sources("scale", docs)
        loaded += report.chunks
        rate = f"{report.chunks / report.seconds:,.0f}" if report.chunks else "-"
        cells = [f"{loaded:,}", f"{report.chunks:,}", f"{report.seconds:.1f}", rate]
        for mode in MODES:
            p50, p95 = await latency(store, "scale", questions, mode)
            cells += [f"{p50:.1f}", f"{p95:.1f}"]
        cells.append(f"{(await quality(store, 'scale', questions, 'hybrid')).recall:.3f}")
        cells.append(f"{(await quality(store, 'scale', questions, 'vector')).recall:.3f}")
        cells.append(f"{await ann_recall(store, 'scale', questions):.3f}")
        rows.append(cells)
        print(f"  {loaded:,} chunks done", file=sys.stderr)
    print("Scale (latency in ms of KnowledgeStore.search, k=5; ingestion of the step's new chunks)")
    table(
        [
            "chunks",
            "added",
            "ingest s",
            "chunks/s",
            "vec p50",
            "vec p95",
            "fts p50",
            "fts p95",
            "hyb p50",
            "hyb p95",
            "hyb recall@5",
            "vec recall@5",
            f"HNSW recall@{MIN_CANDIDATES}",
        ],
        rows,
    )
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="comma-separated chunk counts")
    parser.add_argument("--index-chunks", type=int, default=20_000, help="0 skips that section")
    args = parser.parse_args()
    sizes = [SIZE_WORDS.get(word, None) or int(word) for word in args.sizes.split(",")]
    url = os.environ.get("DATABASE_URL")
    home = None
    if not url:
        from mentorbot.knowledge.embedded import ensure_embedded_server, release_embedded_server

        home = Path(tempfile.mkdtemp(prefix="mentor-bench-retrieval-"))
        url = ensure_embedded_server(home)
    try:
        asyncio.run(run(url, sizes, args.index_chunks))
    finally:
        if home is not None:
            release_embedded_server(home)
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
