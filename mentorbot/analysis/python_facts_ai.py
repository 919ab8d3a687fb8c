"""Call signals of AI apps: LLM requests (SDKs, plain HTTP to an LLM API, a local Ollama),
agent graphs and vector stores.

The handlers take the ``CallSite`` that ``python_facts_calls`` dispatches by the called name.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_names import (
    AGENT_LIBRARIES,
    KEYLESS_CLIENTS,
    LLM_LIBRARIES,
    VECTOR_LIBRARIES,
)
from mentorbot.analysis.python_facts_support import (
    FileState,
    dotted,
    first_arg,
    keyword,
    safe_unparse,
    str_literal,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


ENV_KEY_CLIENT = "env-key-client"
"""The signal of an LLM client made with no key of its own, which its SDK reads from the
environment (``OpenAI()``, ``ChatOpenAI(model=...)``, ``init_chat_model("openai:...")``)."""
_KEY_ARGUMENT = re.compile(r"key|token|secret|credential", re.IGNORECASE)


def llm_call(site: CallSite) -> None:
    library = LLM_LIBRARIES[site.callee]
    site.sink.emit("llm-call", site.line, site.callee, data={"library": library})
    if _reads_key_from_environment(site):
        site.sink.emit(ENV_KEY_CLIENT, site.line, site.callee, data={"library": library})


def _reads_key_from_environment(site: CallSite) -> bool:
    """No key passed (nor a ``**kwargs`` that may hold one) to a client whose SDK reads one from
    the environment: not a local Ollama model, nor a wrapper or a cloud's own credentials."""
    if site.callee in KEYLESS_CLIENTS:
        return False
    if any(item.arg is None or _KEY_ARGUMENT.search(item.arg) for item in site.call.keywords):
        return False
    if site.callee == "init_chat_model":
        model = str_literal(first_arg(site.call, "model")) or ""
        provider = str_literal(keyword(site.call, "model_provider")) or ""
        return not (model.startswith("ollama") or provider == "ollama")
    return True


def chat_completion(site: CallSite) -> None:
    called = safe_unparse(site.call.func)
    if called.endswith(".chat.completions.create"):
        name = "chat.completions.create"
        site.sink.emit("llm-call", site.line, name, data={"library": "openai"})
    elif site.func_path in OPENAI_V0_CALLS:
        # The pre-1.0 module API, ``openai.ChatCompletion.create(...)``.
        name = site.func_path.removeprefix("openai.")
        site.sink.emit("llm-call", site.line, name, data={"library": "openai"})


OPENAI_V0_CALLS = frozenset(
    {"openai.ChatCompletion.create", "openai.Completion.create", "openai.Embedding.create"}
)
DASHSCOPE_APIS = frozenset(
    {"Generation", "AioGeneration", "MultiModalConversation", "AioMultiModalConversation"}
    | {"TextEmbedding", "MultiModalEmbedding", "Application"}
)
"""DashScope's (Alibaba Cloud's, for Qwen) model APIs, each asked through its class's ``call``."""


def dashscope_call(site: CallSite) -> None:
    """``dashscope.Generation.call(...)``, or ``Generation.call(...)`` of ``from dashscope import
    Generation``: Qwen asked through DashScope's SDK. A Streamlit app doing nothing else was
    told it had "no LLM code" (blind check h1)."""
    func = site.call.func
    if not isinstance(func, ast.Attribute):
        return
    path = dotted(func.value)
    head, _, rest = path.partition(".")
    module, original = site.state.imports.get(head, ("", ""))
    api = rest.rsplit(".", 1)[-1] if rest else original or head
    if api in DASHSCOPE_APIS and module.split(".")[0] == "dashscope":
        name = f"dashscope.{api}.call"
        site.sink.emit("llm-call", site.line, name, data={"library": "dashscope"})


LLM_API_HOSTS = (
    "api.openai.com",
    "openrouter.ai/api",
    "api.anthropic.com",
    "generativelanguage.googleapis.com",
    "api.groq.com",
    "api.deepseek.com",
    "api.mistral.ai",
    "dashscope.aliyuncs.com",
    "llm.api.cloud.yandex.net",
    "api.together.xyz",
    "api.perplexity.ai",
    "api.cohere.com",
    "api-inference.huggingface.co",
    ":11434/api/",
)
"""Hosts of LLM APIs a learner may call over plain HTTP instead of through an SDK (and a local
Ollama server's API, on its port)."""


def llm_http(site: CallSite) -> None:
    """``requests.post("https://openrouter.ai/api/v1/completions", ...)``: an LLM called over
    HTTP (the URL a literal, an f-string with the host in its text, or a name bound to either
    in the function or the module)."""
    if site.func_path.split(".")[0] not in {"requests", "httpx"} and not isinstance(
        site.call.func, ast.Attribute
    ):
        return
    url = first_arg(site.call, "url")
    text = safe_unparse(url) if url is not None else ""
    if isinstance(url, ast.Name):  # ``url = "https://api.groq.com/..."`` first
        state = site.state
        text = state.local_strings.get((site.owner, url.id)) or state.module_strings.get(url.id, "")
    host = next((host for host in LLM_API_HOSTS if host in text), None)
    if host is not None:
        site.sink.emit("llm-call", site.line, f"POST {host}", data={"library": "http"})


def agent_graph(site: CallSite) -> None:
    library = AGENT_LIBRARIES[site.callee]
    name = site.target or site.callee
    site.sink.emit("agent-graph", site.line, name, detail=site.callee, data={"library": library})


def vector_store(site: CallSite) -> None:
    library = VECTOR_LIBRARIES[site.callee]
    site.sink.emit("vector-store", site.line, site.callee, data={"library": library})


def pgvector_column(site: CallSite) -> None:
    origin = site.func_path if "." in site.func_path else site.state.imported_from("Vector")
    if origin.startswith("pgvector"):
        site.sink.emit("vector-store", site.line, "Vector", data={"library": "pgvector"})


_BY_LIBRARY: dict[str, frozenset[str]] = {
    "Client": frozenset({"ollama", "chromadb"}),
    **dict.fromkeys(("AsyncClient", "chat", "generate"), frozenset({"ollama"})),
    **dict.fromkeys(("IndexFlatL2", "IndexFlatIP", "read_index"), frozenset({"faiss"})),
    **dict.fromkeys(("HttpClient", "AsyncHttpClient", "CloudClient"), frozenset({"chromadb"})),
}
"""Calls that say what they are only with the library they come from: an Ollama client or
request (``ollama.chat``, ``Client(host=...)``) reaches a model; FAISS's own index and a
Chroma client (``chromadb.Client(settings)``, ``chromadb.HttpClient(...)``, blind check c1) are
vector stores."""


def library_of_call(func: ast.expr, callee: str, state: FileState) -> str:
    """The library of ``_BY_LIBRARY`` a call belongs to (``OllamaClient(...)`` of ``from ollama
    import Client as OllamaClient``), "" for any other call."""
    if isinstance(func, ast.Name):
        module, original = state.imports.get(func.id, ("", ""))
        name, library = original or func.id, module.split(".")[0]
    else:
        name, library = callee, state.library_of(dotted(func))
    return library if library in _BY_LIBRARY.get(name, ()) else ""
