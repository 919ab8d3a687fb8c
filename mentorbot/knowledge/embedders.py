"""Embedders behind LangChain's ``Embeddings`` interface: the bundled default, or any endpoint.

The default is WordLlama's ``l2_supercat`` model (256 dimensions), whose weights and tokenizer
ship inside the ``wordllama`` wheel: it is loaded from the package directory with downloads
disabled, so nothing is fetched at run time, and it embeds thousands of chunks a second on a CPU.
Reading its two files takes about a tenth of a second, so a process shares one instance
(``bundled_embeddings``) and loads it on first use, not when a store is created.
``MENTOR_EMBEDDINGS=openai`` uses any OpenAI-compatible ``/embeddings`` endpoint
(``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``MENTOR_EMBEDDING_MODEL``).

Every embedder has a ``name`` that the store records with the dimension: vectors of two models
never share an index (see ``KnowledgeStore``).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
from langchain_core.embeddings import Embeddings
from pydantic import SecretStr
from safetensors import safe_open
from tokenizers import Tokenizer

from mentorbot.errors import ConfigError, MentorError
from mentorbot.settings import Settings

WORDLLAMA_CONFIG = "l2_supercat"
WORDLLAMA_DIM = 256
WORDLLAMA_TENSOR = "embedding.weight"
MATRIX_DIR = "models"
"""The cache folder (under ``Settings.cache_dir``) that holds the bundled model's float32 copy."""
DEFAULT_OPENAI_MODEL = "text-embedding-3-small"
# Up to this many texts the loaded bundled model embeds on the caller's thread: a question takes
# about 0.3 ms, less than handing it to a worker thread and back (which also queues behind other
# work when a server answers many chats at once).
INLINE_TEXTS = 4
# A static model is a weaker ranker than the full text, Chinese above all (``retrieval``).
BUNDLED_TEXT_WEIGHT = 2.0

Matrix = npt.NDArray[np.float32]


class EmbedderError(MentorError):
    """The embedding model could not be loaded or the endpoint failed."""

    code = "embeddings"
    exit_code = 5


class EmbeddingMismatchError(MentorError):
    """The store holds vectors of another model than the configured one."""

    code = "embedding-mismatch"
    exit_code = 5


@dataclass(frozen=True)
class _StaticModel:
    """WordLlama's two parts: its tokenizer (without padding) and its token embedding matrix."""

    tokenizer: Tokenizer
    matrix: Matrix

    def pooled(self, texts: Sequence[str]) -> Matrix:
        """Unit-length mean of each text's token vectors, as WordLlama computes them.

        WordLlama's own ``embed`` pads a batch to its longest text and gathers every padded
        position into one (batch × tokens × 256) array before pooling; a Chinese character is
        three byte tokens, so that array outgrows the CPU cache. Summing each text's rows on
        their own gives the same vectors (cosine ≥ 0.9999998 on the retrieval bench's chunks)
        three to four times faster, so stored vectors stay valid.
        """
        encodings = self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        last = self.matrix.shape[0] - 1
        sums = np.zeros((len(encodings), self.matrix.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids = np.asarray(encoding.ids, dtype=np.int64)
            if ids.size:
                np.clip(ids, 0, last, out=ids)
                self.matrix.take(ids, axis=0).sum(axis=0, out=sums[row])
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        np.divide(sums, norms, out=sums, where=norms > 0)
        return sums


class WordLlamaEmbeddings(Embeddings):
    """The bundled static-embedding model, loaded lazily and once, offline."""

    def __init__(
        self,
        config: str = WORDLLAMA_CONFIG,
        dim: int = WORDLLAMA_DIM,
        matrix_dir: Path | None = None,
    ) -> None:
        self.config = config
        self.dim = dim
        self.matrix_dir = matrix_dir  # the float32 copy's folder; None: convert at each load
        self._model: _StaticModel | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"wordllama/{self.config}-{self.dim}"

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> _StaticModel:
        """The model, loaded on the first call (thread-safe); later calls return it at once."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._read_model()
        return self._model

    def _read_model(self) -> _StaticModel:
        """The tokenizer and the weights, read from the files the ``wordllama`` wheel ships
        (the same files ``WordLlama.load`` reads, found without importing the package: the
        import alone took ~0.2 s of every review, more than reading both files)."""
        try:
            spec = importlib.util.find_spec("wordllama")
            if spec is None or not spec.submodule_search_locations:
                raise FileNotFoundError("the wordllama package is not installed")
            package_dir = Path(next(iter(spec.submodule_search_locations)))
            tokenizer = Tokenizer.from_file(
                str(package_dir / "tokenizers" / f"{self.config}_tokenizer_config.json")
            )
            weights = package_dir / "weights" / f"{self.config}_{self.dim}.safetensors"
            matrix = self._float32_matrix(weights)
        except Exception as error:  # tokenizers and safetensors raise bare or own errors
            raise EmbedderError(
                f"the bundled embedding model {self.name} could not be loaded "
                f"from the wordllama package ({error}); reinstall wordllama"
            ) from None
        tokenizer.no_padding()
        tokenizer.no_truncation()
        return _StaticModel(tokenizer, matrix)

    def _float32_matrix(self, weights: Path) -> Matrix:
        """The token matrix as float32, from a memory-mapped copy under ``matrix_dir``.

        The wheel stores float16; converting its 8M values took ~0.06 s of every load, and each
        process held its own 32 MB copy. The float32 copy is written once (named by the weights
        file's size and mtime, so a reinstalled wheel gets a new one) and mapped read-only: the
        load costs a millisecond and processes share its pages. An unreadable copy is rebuilt.
        """
        copy: Path | None = None
        if self.matrix_dir is not None:
            stat = weights.stat()
            copy = self.matrix_dir / f"{weights.stem}-{stat.st_size}-{stat.st_mtime_ns}.f32.npy"
            mapped = self._mapped(copy)
            if mapped is not None:
                return mapped
        with safe_open(str(weights), framework="np") as tensors:
            matrix = np.ascontiguousarray(tensors.get_tensor(WORDLLAMA_TENSOR), dtype=np.float32)
        if copy is not None:
            with contextlib.suppress(OSError):
                _write_atomically(copy, matrix)
            mapped = self._mapped(copy)  # mapped, only the rows in use stay resident
            if mapped is not None:
                return mapped
        return matrix

    def _mapped(self, copy: Path) -> Matrix | None:
        with contextlib.suppress(OSError, ValueError):
            mapped = np.load(copy, mmap_mode="r")
            if mapped.dtype == np.float32 and mapped.ndim == 2 and mapped.shape[1] == self.dim:
                return cast(Matrix, mapped)
        return None

    def embed_array(self, texts: Sequence[str]) -> Matrix:
        """Unit-length vectors as one float32 matrix: the bulk path, no Python float lists."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.load().pooled(texts)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self.embed_array(texts)]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


@dataclass(eq=False)
class Embedder:
    """An ``Embeddings`` with the name and dimension the store records for it."""

    embeddings: Embeddings
    name: str
    endpoint: str = "bundled"
    text_weight: float = 1.0
    """How much more hybrid search trusts the full text than this model (see ``retrieval``)."""
    _dimension: int | None = field(default=None, repr=False)

    async def dimension(self) -> int:
        """Known up front for the bundled model; probed once for an endpoint."""
        if self._dimension is None:
            self._dimension = int((await self.embed(["dimension probe"])).shape[1])
        return self._dimension

    async def embed(self, texts: Sequence[str]) -> Matrix:
        """Vectors for ``texts`` as a float32 matrix; endpoint failures become one line."""
        if isinstance(self.embeddings, WordLlamaEmbeddings):
            if self.embeddings.loaded and len(texts) <= INLINE_TEXTS:
                return self.embeddings.embed_array(texts)
            return await asyncio.to_thread(self.embeddings.embed_array, texts)
        try:
            rows = await self.embeddings.aembed_documents(list(texts))
        except Exception as error:  # the client raises its own hierarchy (httpx, openai, …)
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise EmbedderError(
                f"the embeddings endpoint {self.endpoint} failed for model {self.name}: "
                f"{type(error).__name__}{': ' + reason if reason else ''}"
            ) from None
        matrix = np.asarray(rows, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape[0] != len(texts):
            raise EmbedderError(
                f"the embeddings endpoint {self.endpoint} returned {matrix.shape[0]} vectors "
                f"for {len(texts)} texts"
            )
        return matrix

    async def embed_query(self, text: str) -> Matrix:
        return (await self.embed([text]))[0]

    def preload(self) -> None:
        """Load the bundled model now (blocking; call it off the event loop).

        Endpoints have nothing to load; a load failure is left for the first real use to report.
        """
        if isinstance(self.embeddings, WordLlamaEmbeddings):
            with contextlib.suppress(EmbedderError):
                self.embeddings.load()


_bundled: dict[tuple[str, int], WordLlamaEmbeddings] = {}
_bundled_lock = threading.Lock()


def _write_atomically(path: Path, matrix: Matrix) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with partial.open("wb") as file:
            np.save(file, matrix)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def bundled_embeddings(
    config: str = WORDLLAMA_CONFIG, dim: int = WORDLLAMA_DIM, matrix_dir: Path | None = None
) -> WordLlamaEmbeddings:
    """The process's one instance of the bundled model: however many stores, it loads once.

    ``matrix_dir``: where to keep the float32 weights; the first caller that names one sets it.
    """
    with _bundled_lock:
        embeddings = _bundled.setdefault((config, dim), WordLlamaEmbeddings(config, dim))
        if embeddings.matrix_dir is None:
            embeddings.matrix_dir = matrix_dir
        return embeddings


def local_embedder(matrix_dir: Path | None = None) -> Embedder:
    """The bundled WordLlama model (offline), shared by every embedder of the process."""
    embeddings = bundled_embeddings(matrix_dir=matrix_dir)
    return Embedder(
        embeddings=embeddings,
        name=embeddings.name,
        text_weight=BUNDLED_TEXT_WEIGHT,
        _dimension=embeddings.dim,
    )


def openai_embedder(settings: Settings) -> Embedder:
    """An OpenAI-compatible endpoint; a base URL alone is enough for keyless local servers."""
    from langchain_openai import OpenAIEmbeddings

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if key is None and settings.openai_base_url is None:
        raise ConfigError(
            "MENTOR_EMBEDDINGS=openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for a "
            "non-OpenAI endpoint)"
        )
    model = settings.mentor_embedding_model or DEFAULT_OPENAI_MODEL
    embeddings = OpenAIEmbeddings(
        model=model,
        openai_api_base=settings.openai_base_url,
        openai_api_key=SecretStr(key or "not-needed"),
        # Both would fetch tiktoken encodings from the network; the endpoint counts for us.
        check_embedding_ctx_length=False,
        tiktoken_enabled=False,
        max_retries=2,
        request_timeout=60,
    )
    return Embedder(
        embeddings=embeddings,
        name=f"openai/{model}",
        endpoint=settings.openai_base_url or "https://api.openai.com/v1",
    )


def make_embedder(settings: Settings) -> Embedder:
    """The embedder ``MENTOR_EMBEDDINGS`` selects."""
    if settings.mentor_embeddings == "openai":
        return openai_embedder(settings)
    return local_embedder(settings.cache_dir / MATRIX_DIR)
