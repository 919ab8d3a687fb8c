"""MB101's cases for vector stores' sync clients (``_sync_clients``): a RAG app whose async
routes query a Chroma collection another module opens, search a Qdrant client they make and
query a Pinecone index; a hybrid-search app whose async route encodes the question with a
sentence-transformers model, searches Milvus and reranks with a cross-encoder; LangChain
loaders loading on the loop; a legacy RetrievalQA chain another module builds, called as a
function; beside the same searches from plain ``def`` routes and in a thread."""

from mentorbot.rules.base import Case

STORE = """\
import chromadb

chroma = chromadb.PersistentClient(path="./storage/chroma")
docs = chroma.get_or_create_collection("docs")
"""

CONNECTER = """\
import chromadb


class ChromaDBConnecter:
    def __init__(self, path: str) -> None:
        self.client = chromadb.PersistentClient(path=path)

    def create_collection(self, name: str):
        return self.client.get_or_create_collection(name=name)
"""
CONNECTER_ROUTES = """\
from fastapi import APIRouter

from app.utils.chroma import ChromaDBConnecter

router = APIRouter()


@router.post("/vectordb/init")
async def init_vectordb(session_id: str) -> dict[str, str]:
    connecter = ChromaDBConnecter(f"./data/{session_id}")
    connecter.create_collection(name="documents")
    return {"status": "success"}
"""
CONNECTER_HITS = (11,)
"""A wrapper's method asking its Chroma client for a collection, which reads the store on disk
(or asks the server) before it answers (corpus 80)."""

BAD_SEARCH_ROUTES = """\
from fastapi import APIRouter
from pinecone import Pinecone
from qdrant_client import QdrantClient

from app.store import docs

router = APIRouter()
pinecone_index = Pinecone(api_key="").Index("notes")


@router.get("/search")
async def search(q: str, vector: list[float]) -> dict:
    found = docs.query(query_embeddings=[vector], n_results=5)
    return {"ids": found["ids"][0]}


@router.get("/search/qdrant")
async def search_qdrant(vector: list[float]) -> list:
    client = QdrantClient(url="http://localhost:6333")
    return client.search(collection_name="docs", query_vector=vector, limit=5)


@router.get("/search/pinecone")
async def search_pinecone(vector: list[float]) -> dict:
    return pinecone_index.query(vector=vector, top_k=5).to_dict()


@router.get("/collections")
async def collections() -> list[str]:
    client = QdrantClient(url="http://localhost:6333")
    return [found.name for found in client.get_collections().collections]
"""
BAD_SEARCH_HITS = (13, 20, 25, 31)

GOOD_SEARCH_ROUTES = (
    BAD_SEARCH_ROUTES.replace("async def search(", "def search(")
    .replace("async def search_qdrant(", "def search_qdrant(")
    .replace("async def collections(", "def collections(")
    .replace(
        "    return pinecone_index.query(vector=vector, top_k=5).to_dict()",
        "    found = await asyncio.to_thread(pinecone_index.query, vector=vector, top_k=5)\n"
        "    return found.to_dict()",
    )
    .replace("from fastapi", "import asyncio\n\nfrom fastapi")
)

MILVUS_RETRIEVER = """\
from fastapi import APIRouter
from pymilvus import MilvusClient
from sentence_transformers import CrossEncoder, SentenceTransformer

router = APIRouter()
milvus = MilvusClient("./storage/milvus.db")
encoder = SentenceTransformer("BAAI/bge-small-en-v1.5")
reranker = CrossEncoder("BAAI/bge-reranker-base")


@router.get("/ask")
async def ask(q: str) -> list[str]:
    vector = encoder.encode(q).tolist()
    hits = milvus.search("docs", data=[vector], limit=20, output_fields=["text"])
    texts = [hit["entity"]["text"] for hit in hits[0]]
    scores = reranker.predict([(q, text) for text in texts])
    ranked = sorted(zip(scores, texts, strict=True), reverse=True)
    return [text for _, text in ranked[:5]]
"""
MILVUS_HITS = (13, 14, 16)

GOOD_MILVUS_RETRIEVER = MILVUS_RETRIEVER.replace("async def ask", "def ask")
"""The same route as a plain ``def``: FastAPI runs it in its thread pool."""

INGESTION = """\
import os

from fastapi import APIRouter, UploadFile
from langchain_community.document_loaders import PyPDFLoader, TextLoader, WebBaseLoader

router = APIRouter()


class DocumentIngestor:
    async def ingest_file(self, path: str) -> int:
        loader = PyPDFLoader(path) if path.endswith(".pdf") else TextLoader(path)
        pages = loader.load_and_split()
        return len(pages)


@router.post("/ingest/url")
async def ingest_url(url: str) -> dict:
    documents = WebBaseLoader(url).load()
    return {"documents": len(documents)}


@router.post("/ingest/file")
async def ingest_file(upload: UploadFile) -> dict:
    path = os.path.join("uploads", upload.filename or "upload.txt")
    count = await DocumentIngestor().ingest_file(path)
    return {"pages": count}
"""
INGESTION_HITS = (12, 18)
"""A LangChain loader reads the file, or fetches the page, in ``load``: the loop waits."""

GOOD_INGESTION = INGESTION.replace("loader.load_and_split()", "await loader.aload()").replace(
    "WebBaseLoader(url).load()", "await WebBaseLoader(url).aload()"
)

FAISS_INDEX = """\
import os

from langchain_community.embeddings import HuggingFaceEmbeddings
from langchain_community.vectorstores import FAISS

INDEX_PATH = "data/faiss_index"


class VectorIndex:
    def __init__(self) -> None:
        self.embeddings = HuggingFaceEmbeddings(model_name="all-MiniLM-L6-v2")
        self.db = None

    def build_or_load(self, texts: list[str]) -> None:
        if os.path.exists(INDEX_PATH):
            self.db = FAISS.load_local(INDEX_PATH, self.embeddings)
        else:
            self.db = FAISS.from_texts(texts, embedding=self.embeddings)


index = VectorIndex()
"""
"""A FAISS index built from the texts (each one embedded) or read from disk, in a sync method."""

FAISS_ROUTES = """\
from fastapi import APIRouter

from app.index import index

router = APIRouter()


@router.post("/reload")
async def reload(texts: list[str]) -> dict[str, str]:
    index.build_or_load(texts)
    return {"status": "rebuilt"}
"""
FAISS_HITS = (("app/routes.py", 10),)
GOOD_FAISS_ROUTES = FAISS_ROUTES.replace("async def reload", "def reload")
CHAIN_FACTORY = """\
from langchain.chains import RetrievalQA
from langchain_community.vectorstores import Chroma
from langchain_openai import ChatOpenAI, OpenAIEmbeddings


def get_rag_chain():
    store = Chroma(persist_directory="db", embedding_function=OpenAIEmbeddings())
    qa_chain = RetrievalQA.from_chain_type(llm=ChatOpenAI(), retriever=store.as_retriever())
    return qa_chain
"""
CHAIN_FACTORY_ROUTES = """\
from fastapi import APIRouter

from app.rag import get_rag_chain

router = APIRouter()


@router.post("/query")
async def query(question: str) -> dict:
    rag_chain = get_rag_chain()
    result = rag_chain({"query": question})
    return {"answer": result["result"]}
"""
CHAIN_FACTORY_HITS = (11,)

RAG_BAD = (
    Case(
        files={"app/index.py": FAISS_INDEX, "app/routes.py": FAISS_ROUTES},
        hits=FAISS_HITS,
        note="a FAISS index rebuilt by an async route through a service's method",
    ),
    Case(
        files={"app/ask.py": MILVUS_RETRIEVER},
        hits=tuple(("app/ask.py", line) for line in MILVUS_HITS),
        note="a Milvus search and a sentence-transformers model run from an async route",
    ),
    Case(
        files={"app/ingestion.py": INGESTION},
        hits=tuple(("app/ingestion.py", line) for line in INGESTION_HITS),
        note="LangChain document loaders loading on the loop",
    ),
    Case(
        files={"app/rag.py": CHAIN_FACTORY, "app/query.py": CHAIN_FACTORY_ROUTES},
        hits=tuple(("app/query.py", line) for line in CHAIN_FACTORY_HITS),
        note="a legacy chain another module's function builds, called as a function",
    ),
)
RAG_GOOD = (
    Case(files={"app/index.py": FAISS_INDEX, "app/routes.py": GOOD_FAISS_ROUTES}),
    Case(files={"app/ask.py": GOOD_MILVUS_RETRIEVER}),
    Case(files={"app/ingestion.py": GOOD_INGESTION}),
    Case(
        files={
            "app/rag.py": CHAIN_FACTORY,
            "app/query.py": CHAIN_FACTORY_ROUTES.replace(
                'rag_chain({"query": question})', 'await rag_chain.ainvoke({"query": question})'
            ),
        },
        note="the same chain awaited through ainvoke",
    ),
)
