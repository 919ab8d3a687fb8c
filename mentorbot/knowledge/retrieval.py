"""Hybrid retrieval in one SQL statement: vector top-k and full-text top-k fused by RRF.

- Vector side: cosine distance, exact for a learner with up to ``EXACT_MAX`` chunks, through
  the HNSW index beyond. A learner's notes and logs are mostly about one subject and the bundled
  static model's vectors of them crowd together, which is where HNSW misses true neighbours: on
  the retrieval bench's 10k chunks it found 0.3 of the exact 40 nearest and the right answer in
  the top 5 for 1.5% of the questions, against 74% for the exact scan (5 ms at 10k chunks, with
  the vectors kept in the row, migration 0004). The chunk count comes from ``documents`` in the
  same statement, and only the chosen branch runs. The index branch uses pgvector's iterative
  scan so a learner / kind filter still yields enough neighbours. A search sets that, its effort
  (``ef_search``), custom planning (``plan_cache_mode``) and no parallel workers for the session
  before its statement: the store searches in autocommit mode (no BEGIN and COMMIT round trips),
  where a transaction-local setting would not hold, and only searches scan the HNSW index, each
  setting what it needs.
- Full-text side: the question cut into words the same way the chunks were (jieba); any word may
  match. A chunk scores the summed IDF of the question's words it contains (rare words count
  more — ``ts_rank_cd`` alone has no notion of rarity), ties broken by ``ts_rank_cd`` (words
  closer together rank higher). IDF comes free from the per-word match lists.
- Weighted reciprocal rank fusion: ``score = Σ weight / (RRF_K + rank)`` over the rankings a
  chunk appears in, so neither scale (distance, rank score) has to be calibrated against the
  other. With the bundled static-embedding model the full-text ranking weighs twice as much: on
  the evaluation set (``bench/retrieval.py``) its vectors find 82% of the answers in the top 5
  against 94% for the full text, and among 10k notes of mixed Chinese only 23% against 79%;
  equal weights let the weaker ranking push right answers out (hybrid 0.88), text x2 with
  ``RRF_K = 10`` (top ranks count more) keeps them (0.92, MRR 0.80 -> 0.85; at 10k 0.79 -> 0.80,
  MRR 0.61 -> 0.75). An endpoint model is fused with equal weights.

Every query is filtered on ``chunks.learner`` inside each ranking, before fusion: another
learner's chunk can never be a candidate, let alone a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection

from mentorbot.knowledge.chunking import or_query
from mentorbot.knowledge.embedders import Matrix
from mentorbot.knowledge.store_models import DocumentKind

SearchMode = Literal["hybrid", "vector", "text"]
RRF_K = 10
# Up to this many chunks of a learner, vectors are compared one by one: ~10 ms at most.
EXACT_MAX = 20_000
MIN_CANDIDATES = 40
# Full text: each word of the question fetches at most TERM_CAP of the learner's chunks. A word
# that common says little about which chunk answers (its matches are only a sample then), and
# the cap bounds a search's cost whatever the corpus size: fetching a match is a heap visit, the
# main cost at 100k chunks. Measured (bench/retrieval.py filler) from 2000 down to 100: hybrid
# p95 at 100k 91 -> 30 ms, recall@5 0.82 -> 0.91 (10k: 0.80 -> 0.88), the evaluation set
# unchanged. The best RERANK by summed IDF are then ordered with ts_rank_cd as tie-break.
TERM_CAP = 100
RERANK = 80


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk: its text, fused score, document (source path) and heading."""

    text: str
    score: float
    document: str
    heading: str
    heading_path: tuple[str, ...]
    kind: DocumentKind
    chunk_id: int
    document_id: int
    ordinal: int
    vector_rank: int | None = None
    text_rank: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "score": round(self.score, 6),
            "document": self.document,
            "heading": self.heading,
            "heading_path": list(self.heading_path),
            "kind": self.kind,
        }


def vector_literal(vector: Matrix) -> str:
    """pgvector's text form; a text parameter needs no codec on pooled connections."""
    return "[" + ",".join(f"{float(x):.7g}" for x in vector) + "]"


def _filters(with_kinds: bool) -> str:
    clause = "c.learner = :learner"
    if with_kinds:
        clause += " AND c.kind = ANY(:kinds)"
    return clause


def build_search_sql(mode: SearchMode, with_kinds: bool) -> str:
    """The statement for a mode; kept as text so EXPLAIN in the bench sees exactly this."""
    where = _filters(with_kinds)
    distance = "c.embedding <=> CAST(CAST(:query_vector AS text) AS halfvec)"
    vector_cte = f"""
    learner_chunks AS MATERIALIZED (
        SELECT COALESCE(sum(d.chunk_count), 0) AS chunks
        FROM documents d WHERE d.learner = :learner
    ),
    vector_hits AS (
        SELECT id, row_number() OVER (ORDER BY distance, id) AS rank
        FROM (
            (SELECT c.id, {distance} AS distance
             FROM chunks c
             WHERE {where} AND (SELECT chunks FROM learner_chunks) <= :exact_max
             -- an order the HNSW index cannot serve: every vector is compared
             ORDER BY ({distance}) + 0
             LIMIT :candidates)
            UNION ALL
            (SELECT c.id, {distance} AS distance
             FROM chunks c
             WHERE {where} AND (SELECT chunks FROM learner_chunks) > :exact_max
             ORDER BY distance
             LIMIT :candidates)
        ) nearest
    )"""
    text_cte = f"""
    term_matches AS (
        SELECT t.term, m.id
        FROM unnest(CAST(:terms AS text[])) AS t(term)
        CROSS JOIN LATERAL (
            SELECT c.id FROM chunks c
            WHERE {where} AND c.search_vector @@ plainto_tsquery('simple', t.term)
            LIMIT :term_cap
        ) m
    ),
    term_weights AS (
        SELECT term, ln(greatest(
            (SELECT greatest(reltuples, 1000) FROM pg_class WHERE oid = 'chunks'::regclass)
                / count(*), 1.01)) AS weight
        FROM term_matches GROUP BY term
    ),
    text_scored AS (
        SELECT m.id, sum(w.weight) AS weight
        FROM term_matches m JOIN term_weights w ON w.term = m.term
        GROUP BY m.id
        ORDER BY weight DESC, m.id
        LIMIT :rerank
    ),
    text_hits AS (
        SELECT s.id, row_number() OVER (
            ORDER BY s.weight DESC,
                     ts_rank_cd(c.search_vector, to_tsquery('simple', :text_query)) DESC, s.id
        ) AS rank
        FROM text_scored s JOIN chunks c ON c.id = s.id
        ORDER BY rank
        LIMIT :candidates
    )"""
    if mode == "vector":
        ctes = [vector_cte]
        fused = "SELECT id, rank AS vector_rank, NULL::bigint AS text_rank, "
        fused += "1.0 / (:rrf_k + rank) AS score FROM vector_hits"
    elif mode == "text":
        ctes = [text_cte]
        fused = "SELECT id, NULL::bigint AS vector_rank, rank AS text_rank, "
        fused += "1.0 / (:rrf_k + rank) AS score FROM text_hits"
    else:
        ctes = [vector_cte, text_cte]
        fused = """
        SELECT COALESCE(v.id, t.id) AS id, v.rank AS vector_rank, t.rank AS text_rank,
               COALESCE(CAST(:vector_weight AS float8) / (:rrf_k + v.rank), 0)
                   + COALESCE(CAST(:text_weight AS float8) / (:rrf_k + t.rank), 0) AS score
        FROM vector_hits v FULL OUTER JOIN text_hits t ON v.id = t.id"""
    return f"""
    WITH {", ".join(ctes)},
    fused AS ({fused})
    SELECT f.id, f.score, f.vector_rank, f.text_rank, c.text, c.heading_path, c.kind,
           c.ordinal, c.document_id, d.source
    FROM fused f
    JOIN chunks c ON c.id = f.id
    JOIN documents d ON d.id = c.document_id
    ORDER BY f.score DESC, f.id
    LIMIT :k
    """


# Custom plans only: the search statement is prepared once per pooled connection, and after five
# runs PostgreSQL may switch to a generic plan made without the parameters' values. On 1k chunks
# that plan made hybrid searches 19 ms (p50) instead of 5.5 ms; planning each search costs ~0.2 ms.
# No parallel workers: starting them took ~4 ms of a 2 ms search, even for the exact branch that
# its one-time filter then skipped.
SEARCH_SETTINGS = text(
    "SELECT set_config('hnsw.iterative_scan', 'relaxed_order', false), "
    "set_config('hnsw.ef_search', :ef_search, false), "
    "set_config('plan_cache_mode', 'force_custom_plan', false), "
    "set_config('max_parallel_workers_per_gather', '0', false)"
)


@lru_cache(maxsize=16)
def _search_statement(mode: SearchMode, with_kinds: bool) -> TextClause:
    """Parsed once per shape: ``text()`` scans the SQL for bind parameters on every call."""
    return text(build_search_sql(mode, with_kinds))


async def hybrid_search(
    conn: AsyncConnection,
    learner: str,
    query: str,
    query_vector: Matrix | None,
    *,
    k: int = 5,
    kinds: Sequence[DocumentKind] | None = None,
    mode: SearchMode = "hybrid",
    text_weight: float = 1.0,
) -> list[SearchHit]:
    """Top ``k`` chunks of ``learner`` for ``query``, on an autocommit connection.

    ``text_weight`` is the full-text ranking's weight in the fusion (the vector one's is 1).
    """
    text_query = or_query(query)
    if mode == "hybrid" and not text_query:
        mode = "vector"  # a question of stopwords only: nothing for the full text to match
    if mode == "text" and not text_query:
        return []
    if mode != "text" and query_vector is None:
        raise ValueError(f"mode {mode!r} needs a query vector")
    candidates = max(MIN_CANDIDATES, 4 * k)
    # ef_search: keep walking the HNSW graph until enough neighbours pass the learner / kind
    # filter. Sent in every mode: a text-only search needs the planning setting too.
    await conn.execute(SEARCH_SETTINGS, {"ef_search": str(candidates)})
    params: dict[str, object] = {
        "learner": learner,
        "candidates": candidates,
        "rrf_k": RRF_K,
        "k": k,
    }
    if mode == "hybrid":
        params["vector_weight"] = 1.0
        params["text_weight"] = float(text_weight)
    if kinds:
        params["kinds"] = list(kinds)
    if mode != "text":
        assert query_vector is not None
        params["query_vector"] = vector_literal(query_vector)
        params["exact_max"] = EXACT_MAX
    if mode != "vector":
        params["text_query"] = text_query
        params["terms"] = text_query.split(" | ")
        params["term_cap"] = TERM_CAP
        params["rerank"] = RERANK
    rows = await conn.execute(_search_statement(mode, bool(kinds)), params)
    return [
        SearchHit(
            text=row.text,
            score=float(row.score),
            document=row.source,
            heading=row.heading_path[-1] if row.heading_path else "",
            heading_path=tuple(row.heading_path),
            kind=row.kind,
            chunk_id=int(row.id),
            document_id=int(row.document_id),
            ordinal=int(row.ordinal),
            vector_rank=row.vector_rank,
            text_rank=row.text_rank,
        )
        for row in rows
    ]
