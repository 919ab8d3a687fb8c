"""MB101's cases for LLM clients and LangGraph graphs built in another module (``_llm_imports``):
a support bot whose agent module compiles a graph and whose client module makes an OpenAI client,
served by async routes that call them synchronously, directly, through the module, through
what the modules' factory functions return and through a service module's sync helper and
method; and the same routes awaiting the async methods, handing the sync ones to a thread, or
calling them from plain ``def`` routes. Also an OpenAI client a function makes on first use,
asked in one expression (``client().chat.completions.create(...)``) by the async helpers of its
own module and of another, beside the same on ``AsyncOpenAI``, awaited. And a service class
whose static method runs the graph, called on the class by async routes of another module and
of its own, beside the same calls handed to a thread. And a service that keeps the chat model a
function of another module returns, ``self.llm = get_llm()``, and asks it from an async method,
beside the same awaiting ``ainvoke``."""

AGENT = """\
from typing import Annotated, TypedDict

from langchain_core.messages import AnyMessage
from langchain_openai import ChatOpenAI
from langgraph.graph import StateGraph
from langgraph.graph.message import add_messages


class State(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]


llm = ChatOpenAI(model="gpt-4o-mini")


def respond(state: State) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}


def build_graph():
    builder = StateGraph(State)
    builder.add_node("respond", respond)
    builder.set_entry_point("respond")
    return builder.compile()


graph = build_graph()
"""

FACTORY = """\
from openai import OpenAI


def make_client() -> OpenAI:
    return OpenAI(timeout=30)
"""

CLIENTS = """\
from openai import AsyncOpenAI, OpenAI

client = OpenAI()
async_client = AsyncOpenAI()




class Runner:
    def invoke(self, text: str) -> str:
        return text.upper()


runner = Runner()
"""

SERVICES = """\
from app.agent import graph


def run_agent(question: str) -> str:
    result = graph.invoke({"messages": [("user", question)]})
    return str(result["messages"][-1].content)


class SupportService:
    def answer(self, question: str) -> str:
        return str(graph.invoke({"messages": [("user", question)]}))
"""

BAD_ROUTES = """\
from fastapi import FastAPI

from app import clients
from app.agent import build_graph, graph
from app.clients import client
from app.factory import make_client
from app.services import SupportService, run_agent

app = FastAPI()
support_graph = build_graph()
support = SupportService()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    result = graph.invoke({"messages": [("user", question)]})
    return {"answer": str(result["messages"][-1].content)}


@app.post("/support")
async def support_chat(question: str) -> dict[str, str]:
    for chunk in support_graph.stream({"messages": [("user", question)]}):
        print(chunk)
    return {"status": "done"}


@app.post("/complete")
async def complete(prompt: str) -> dict[str, str]:
    first = client.chat.completions.create(model="gpt-4o-mini", messages=[])
    second = clients.client.chat.completions.create(model="gpt-4o-mini", messages=[])
    return {"first": str(first), "second": str(second)}


@app.post("/fresh")
async def fresh(prompt: str) -> dict[str, str]:
    own = make_client()
    answer = own.chat.completions.create(model="gpt-4o-mini", messages=[])
    return {"answer": str(answer)}


@app.post("/agent")
async def agent(question: str) -> dict[str, str]:
    answer = run_agent(question)
    return {"answer": answer, "support": support.answer(question)}
"""
BAD_HITS = (16, 22, 29, 30, 37, 43, 44)

GOOD_ROUTES = """\
import asyncio

from fastapi import FastAPI

from app import clients
from app.agent import build_graph, graph
from app.clients import async_client, client, runner
from app.services import SupportService, run_agent

app = FastAPI()
support_graph = build_graph()
support = SupportService()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    result = await graph.ainvoke({"messages": [("user", question)]})
    return {"answer": str(result["messages"][-1].content)}


@app.post("/support")
async def support_chat(question: str) -> dict[str, str]:
    async for chunk in support_graph.astream({"messages": [("user", question)]}):
        print(chunk)
    result = await asyncio.to_thread(graph.invoke, {"messages": [("user", question)]})
    return {"status": str(result)}


@app.post("/complete")
async def complete(prompt: str) -> dict[str, str]:
    first = await async_client.chat.completions.create(model="gpt-4o-mini", messages=[])
    shout = runner.invoke(prompt)
    return {"first": str(first), "shout": shout, "graph": str(graph.get_graph())}


@app.post("/sync")
def sync_complete(prompt: str) -> dict[str, str]:
    answer = clients.client.chat.completions.create(model="gpt-4o-mini", messages=[])
    return {"answer": str(answer), "other": str(client), "graph": str(support_graph.invoke({}))}


@app.post("/agent")
async def agent(question: str) -> dict[str, str]:
    answer = await asyncio.to_thread(run_agent, question)
    return {"answer": answer, "support": await asyncio.to_thread(support.answer, question)}


@app.post("/agent/sync")
def agent_sync(question: str) -> dict[str, str]:
    return {"answer": run_agent(question), "support": support.answer(question)}
"""

LEGACY_CHAIN_ROUTES = """\
from fastapi import FastAPI
from langchain.chains import RetrievalQA
from langchain_community.vectorstores import Chroma
from langchain_openai import ChatOpenAI, OpenAIEmbeddings

app = FastAPI()
store = Chroma(persist_directory="db", embedding_function=OpenAIEmbeddings())
qa = RetrievalQA.from_chain_type(llm=ChatOpenAI(), retriever=store.as_retriever())
llm = ChatOpenAI()


@app.post("/ask")
async def ask(question: str) -> dict[str, str]:
    answer = qa.run(question)
    return {"answer": answer}


@app.post("/ask/v2")
async def ask_v2(question: str) -> dict[str, str]:
    result = qa({"query": question})
    return {"answer": result["result"], "joke": llm("tell a joke")}


@app.delete("/documents/{doc_id}")
async def forget(doc_id: str) -> None:
    store.delete(ids=[doc_id])
"""
LEGACY_CHAIN_HITS = (14, 20, 21, 26)
"""Older tutorials' chains and LLMs: ``.run()``, and the chain or LLM called directly; the
store's ``delete`` asks the vector store as its searches do (blind check c1)."""

ASYNC_LEGACY_CHAIN_ROUTES = (
    LEGACY_CHAIN_ROUTES.replace("qa.run(question)", "await qa.arun(question)")
    .replace('qa({"query": question})', 'await qa.ainvoke({"query": question})')
    .replace('llm("tell a joke")', 'str(await llm.ainvoke("tell a joke"))')
    .replace("store.delete(ids=[doc_id])", "await store.adelete(ids=[doc_id])")
)


def support_bot(routes: str) -> dict[str, str]:
    """The support bot's modules, served by ``routes``."""
    return {
        "app/agent.py": AGENT,
        "app/clients.py": CLIENTS,
        "app/factory.py": FACTORY,
        "app/services.py": SERVICES,
        "app/routes.py": routes,
    }


LAZY_CLIENT = """\
import os

from openai import OpenAI

_client = None


def client() -> OpenAI:
    global _client
    if _client is None:
        _client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"))
    return _client


async def embed(texts: list[str]) -> list[list[float]]:
    response = client().embeddings.create(model="text-embedding-3-small", input=texts)
    return [item.embedding for item in response.data]


async def models() -> list[str]:
    return [model.id for model in client().models.list()]
"""
LAZY_CLIENT_HITS = (16, 21)

LAZY_CLIENT_USER = """\
from app.llm import client


async def summarize(text: str) -> str:
    response = client().chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": text}]
    )
    return response.choices[0].message.content or ""
"""
LAZY_CLIENT_USER_HITS = (5,)

ASYNC_LAZY_CLIENT = LAZY_CLIENT.replace("OpenAI", "AsyncOpenAI").replace(
    "response = client()", "response = await client()"
)
ASYNC_LAZY_CLIENT_USER = LAZY_CLIENT_USER.replace(
    "response = client()", "response = await client()"
)


GRAPH_SERVICE = """\
from app.agent import graph


class ReplyService:
    @staticmethod
    def reply(question: str) -> str:
        return str(graph.invoke({"messages": [("user", question)]})["messages"][-1].content)
"""

GRAPH_SERVICE_ROUTES = """\
from fastapi import APIRouter

from app.service import ReplyService

router = APIRouter()


class Summary:
    @classmethod
    def of(cls, question: str) -> str:
        return ReplyService.reply(f"Summarize: {question}")


@router.post("/reply")
async def reply(question: str) -> dict[str, str]:
    return {"answer": ReplyService.reply(question)}


@router.post("/summary")
async def summary(question: str) -> dict[str, str]:
    return {"summary": Summary.of(question)}
"""
GRAPH_SERVICE_HITS = (16, 21)

GOOD_GRAPH_SERVICE_ROUTES = (
    GRAPH_SERVICE_ROUTES.replace(
        "ReplyService.reply(question)", "await asyncio.to_thread(ReplyService.reply, question)"
    )
    .replace("Summary.of(question)", "await asyncio.to_thread(Summary.of, question)")
    .replace("from fastapi", "import asyncio\n\nfrom fastapi")
)


CHAT_MODEL_FACTORY = """\
from langchain_openai import ChatOpenAI


def get_llm() -> ChatOpenAI:
    return ChatOpenAI(model="gpt-4o-mini", temperature=0)
"""

MODEL_KEEPING_SERVICE = """\
from app.llm import get_llm


class AnswerService:
    def __init__(self) -> None:
        self.llm = get_llm()

    async def answer(self, question: str) -> str:
        return str(self.llm.invoke(question).content)
"""
MODEL_KEEPING_HITS = (9,)

ASYNC_MODEL_KEEPING_SERVICE = MODEL_KEEPING_SERVICE.replace(
    "self.llm.invoke(question)", "(await self.llm.ainvoke(question))"
)
