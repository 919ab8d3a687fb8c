"""The bundled model loads offline; an OpenAI-compatible endpoint is used when configured."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from mentorbot.errors import ConfigError
from mentorbot.knowledge.embedders import EmbedderError, local_embedder, make_embedder
from mentorbot.settings import load_settings


async def test_bundled_model_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bundled model tried to download something")

    monkeypatch.setattr(requests, "get", no_network)
    embedder = local_embedder()

    vectors = await embedder.embed(
        ["事件循环被 time.sleep 阻塞", "time.sleep blocks the event loop", "Alembic 数据库迁移"]
    )

    assert embedder.name == "wordllama/l2_supercat-256"
    assert await embedder.dimension() == 256
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2]


class _FakeEmbeddings(BaseHTTPRequestHandler):
    """A tiny OpenAI-compatible /embeddings endpoint on 127.0.0.1: 4-dim vectors from lengths."""

    requests_seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests_seen.append({"path": self.path, "body": body})
        if body["model"] == "broken-model":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "model exploded"}}')
            return
        data = [
            {"object": "embedding", "index": i, "embedding": [float(len(text)), 1.0, 0.0, 2.0]}
            for i, text in enumerate(body["input"])
        ]
        payload = json.dumps({"object": "list", "data": data, "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeEmbeddings.requests_seen = []
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


async def test_openai_compatible_endpoint_by_settings(endpoint: str) -> None:
    settings = load_settings(
        mentor_embeddings="openai",
        openai_base_url=endpoint,
        openai_api_key="sk-test",
        mentor_embedding_model="bge-m3",
    )
    embedder = make_embedder(settings)

    vectors = await embedder.embed(["abc", "hello"])

    assert embedder.name == "openai/bge-m3"
    assert vectors.tolist() == [[3.0, 1.0, 0.0, 2.0], [5.0, 1.0, 0.0, 2.0]]
    assert await embedder.dimension() == 4
    seen = _FakeEmbeddings.requests_seen[0]
    assert seen["path"] == "/v1/embeddings"
    assert seen["body"]["input"] == ["abc", "hello"]


async def test_endpoint_failure_is_one_clear_line(endpoint: str) -> None:
    settings = load_settings(
        mentor_embeddings="openai", openai_base_url=endpoint, mentor_embedding_model="broken-model"
    )
    embedder = make_embedder(settings)

    with pytest.raises(EmbedderError) as error:
        await embedder.embed(["x"])

    message = str(error.value)
    assert message.startswith(
        f"the embeddings endpoint {endpoint} failed for model openai/broken-model: "
    )
    assert "\n" not in message


def test_openai_without_key_or_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as error:
        make_embedder(
            load_settings(mentor_embeddings="openai", openai_api_key=None, openai_base_url=None)
        )
    assert "MENTOR_EMBEDDINGS=openai needs OPENAI_API_KEY" in str(error.value)


def test_bundled_vectors_are_wordllamas_own_so_stored_vectors_stay_valid() -> None:
    # We pool token vectors ourselves (faster); stores embedded with WordLlama's own ``embed``
    # must stay comparable with new questions, so the vectors must be the same.
    import wordllama

    texts = [
        "事件循环被 time.sleep 阻塞，改用 await asyncio.sleep(1) 之后接口不再卡住。",
        "Move the database session into a FastAPI dependency with Depends(get_session).",
        "x",
        "# 第三周\n\n```python\nasync def main() -> None:\n    await run()\n```\n" * 20,
    ]
    reference = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    ).embed(texts, norm=True)

    ours = local_embedder().embeddings.embed_documents(texts)

    assert np.min(np.sum(np.asarray(ours) * reference, axis=1)) > 0.99999


def test_a_bundled_model_the_wheel_lacks_is_one_clear_line() -> None:
    """A wordllama wheel without the expected files (another version's layout) must say what
    to do, not end a review in a tokenizer's traceback."""
    from mentorbot.knowledge.embedders import WordLlamaEmbeddings

    with pytest.raises(EmbedderError) as error:
        WordLlamaEmbeddings(config="l2_missing").load()

    message = str(error.value)
    assert message.startswith(
        "the bundled embedding model wordllama/l2_missing-256 could not be loaded"
    )
    assert message.endswith("reinstall wordllama")
    assert "\n" not in message


def test_the_float32_copy_of_the_weights_is_written_once_then_mapped(tmp_path: Path) -> None:
    """The copy under the cache dir makes later loads cheap and is what every load maps (so only
    the rows in use stay resident); vectors stay exactly the same, and a damaged copy is rebuilt
    rather than failing the load."""
    from mentorbot.knowledge.embedders import WordLlamaEmbeddings

    texts = ["time.sleep blocks the event loop", "把数据库会话放进 Depends"]
    converted = WordLlamaEmbeddings().embed_array(texts)

    first = WordLlamaEmbeddings(matrix_dir=tmp_path / "models")
    assert np.array_equal(first.embed_array(texts), converted)
    (copy,) = (tmp_path / "models").glob("*.f32.npy")
    assert isinstance(first.load().matrix, np.memmap), "only the rows in use stay resident"

    mapped = WordLlamaEmbeddings(matrix_dir=tmp_path / "models")
    assert np.array_equal(mapped.embed_array(texts), converted)
    assert isinstance(mapped.load().matrix, np.memmap)

    copy.write_bytes(copy.read_bytes()[:1000])
    rebuilt = WordLlamaEmbeddings(matrix_dir=tmp_path / "models")
    assert np.array_equal(rebuilt.embed_array(texts), converted)
    assert copy.stat().st_size > 32_000_000
    assert isinstance(rebuilt.load().matrix, np.memmap)
    assert list((tmp_path / "models").glob("*.tmp")) == []
