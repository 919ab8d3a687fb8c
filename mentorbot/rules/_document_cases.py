"""MB101's cases for document parsers, templates and models: unstructured's ``partition_pdf``
(seconds of layout analysis per page), docxtpl's ``DocxTemplate`` (reads the .docx) and a
transformers model's ``from_pretrained`` (reads its weights) run on the calling thread."""

from __future__ import annotations

from mentorbot.rules.base import Case

PROCESSOR = """\
from docxtpl import DocxTemplate
from unstructured.partition.pdf import partition_pdf


class DocumentProcessor:
    def __init__(self, template_path: str) -> None:
        self.template_path = template_path
        self.chunks: list = []

    async def extract(self, file_path: str) -> int:
        self.chunks = partition_pdf(filename=file_path, strategy="hi_res")
        return len(self.chunks)

    async def report(self, context: dict, out_path: str) -> str:
        template = DocxTemplate(self.template_path)
        template.render(context)
        return out_path
"""
PROCESSOR_HITS = (11, 15)
THREADED_PROCESSOR = """\
import asyncio

from unstructured.partition.pdf import partition_pdf


class DocumentProcessor:
    def __init__(self) -> None:
        self.chunks: list = []

    async def extract(self, file_path: str) -> int:
        self.chunks = await asyncio.to_thread(partition_pdf, filename=file_path)
        return len(self.chunks)
"""
RERANKER = """\
import asyncio

from transformers import AutoModelForSequenceClassification, AutoTokenizer

_model = None


async def get_model():
    global _model
    if _model is None:
        _tokenizer = AutoTokenizer.from_pretrained("BAAI/bge-reranker-base")
        _model = AutoModelForSequenceClassification.from_pretrained("BAAI/bge-reranker-base")
    return _model


async def get_model_in_a_thread():
    return await asyncio.to_thread(AutoTokenizer.from_pretrained, "BAAI/bge-reranker-base")


def load_at_start_up():
    return AutoTokenizer.from_pretrained("BAAI/bge-reranker-base")
"""
RERANKER_HITS = (11, 12)
BAD = (
    Case(
        files={"app/services/processor.py": PROCESSOR},
        hits=tuple(("app/services/processor.py", line) for line in PROCESSOR_HITS),
        note="unstructured's partition_pdf and docxtpl's DocxTemplate in async methods",
    ),
    Case(
        files={"app/rag/rerank.py": RERANKER},
        hits=tuple(("app/rag/rerank.py", line) for line in RERANKER_HITS),
        note="a model's weights read inside async def, not in a thread or at start-up",
    ),
)
GOOD = (
    Case(
        files={"app/services/processor.py": THREADED_PROCESSOR},
        note="the partitioning runs in a thread",
    ),
)
