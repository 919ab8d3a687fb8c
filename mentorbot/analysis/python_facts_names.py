"""The names the call pass recognises, by what they make: chat models, agents, vector stores,
authentication helpers, streaming responses, session factories and loggers. Kept apart from the
handlers so the lists can grow (a new provider's chat model) without touching the dispatch."""

from __future__ import annotations

LLM_LIBRARIES: dict[str, str] = {
    "ChatOpenAI": "langchain",
    "AzureChatOpenAI": "langchain",
    "ChatAnthropic": "langchain",
    "init_chat_model": "langchain",
    "OpenAI": "openai",
    "AsyncOpenAI": "openai",
    "AzureOpenAI": "openai",
    "AsyncAzureOpenAI": "openai",
    "Anthropic": "anthropic",
    "AsyncAnthropic": "anthropic",
    **dict.fromkeys(
        (
            "ChatGroq",
            "ChatOllama",
            "OllamaLLM",
            "ChatGoogleGenerativeAI",
            "ChatVertexAI",
            "ChatMistralAI",
            "ChatCohere",
            "ChatHuggingFace",
            "HuggingFaceEndpoint",
            "ChatBedrock",
            "ChatBedrockConverse",
            "ChatDeepSeek",
            "ChatFireworks",
            "ChatTogether",
            "ChatLiteLLM",
            # Providers of China's clouds, in langchain_community (blind check c2).
            "ChatTongyi",
            "Tongyi",
            "ChatZhipuAI",
            "QianfanChatEndpoint",
            "ChatBaichuan",
            "ChatSparkLLM",
            "MoonshotChat",
            "ChatHunyuan",
            "ChatYi",
        ),
        "langchain",
    ),
    "ZhipuAI": "zhipuai",
    "Groq": "groq",
    "AsyncGroq": "groq",
    "GenerativeModel": "google-generativeai",
}
"""Chat models by class: LangChain's for each provider a learner may pick, and the SDKs'."""
KEYLESS_CLIENTS = frozenset(
    {"ChatOllama", "OllamaLLM", "ChatHuggingFace", "ChatVertexAI", "ChatBedrock"}
    | {"ChatBedrockConverse", "GenerativeModel"}
)
"""Chat models that read no API key of their own from the environment: a local Ollama model, a
wrapper of another model, Google Cloud's and AWS's credentials, and Gemini's model, whose key
``genai.configure`` sets."""
AGENT_LIBRARIES: dict[str, str] = {
    "StateGraph": "langgraph",
    "create_react_agent": "langgraph",
    "create_agent": "langchain",
    "AgentExecutor": "langchain",
    "create_tool_calling_agent": "langchain",
    "create_openai_tools_agent": "langchain",
    "create_openai_functions_agent": "langchain",
    "initialize_agent": "langchain",
    "Crew": "crewai",
}
VECTOR_LIBRARIES: dict[str, str] = {
    "PGVector": "langchain",
    "Chroma": "langchain",
    "FAISS": "langchain",
    "QdrantClient": "qdrant",
    "QdrantVectorStore": "langchain",
    "PineconeVectorStore": "langchain",
    "InMemoryVectorStore": "langchain",
    "Milvus": "langchain",
    "WeaviateVectorStore": "langchain",
    "LanceDB": "langchain",
    "ElasticsearchStore": "langchain",
    "MongoDBAtlasVectorSearch": "langchain",
    "PersistentClient": "chromadb",
    "EphemeralClient": "chromadb",
}
AUTH_CALLABLES = frozenset(
    {
        "OAuth2PasswordBearer",
        "OAuth2AuthorizationCodeBearer",
        "HTTPBearer",
        "HTTPBasic",
        "APIKeyHeader",
        "APIKeyQuery",
        "APIKeyCookie",
        "CryptContext",
        "Security",
    }
)
STREAMING_RESPONSES = frozenset({"StreamingResponse", "EventSourceResponse"})
SESSION_FACTORIES = frozenset(
    {"sessionmaker", "async_sessionmaker", "scoped_session", "async_scoped_session"}
)
ALEMBIC_HELPERS = frozenset(
    {"f", "get_bind", "get_context", "inline_literal", "implementation_for", "register_operation"}
)
LOG_LEVELS = ("debug", "info", "warning", "warn", "error", "exception", "critical", "log")
"""A logger's methods that write a record (``logger.warning(...)``, ``logging.error(...)``)."""
LOGGING_CALLS: dict[str, str] = {
    "logging.getLogger": "logging",
    "logging.basicConfig": "logging",
    "logging.config.dictConfig": "logging",
    "structlog.get_logger": "structlog",
    "structlog.getLogger": "structlog",
    "structlog.configure": "structlog",
    "structlog.stdlib.get_logger": "structlog",
}
