"""What a database driver's call makes: a server connection, a local file's, a pool, or a
MongoDB, Redis or vector store client. MB103 tells a function that opens one per call by the
call that made it, and names what it made in its message."""

from __future__ import annotations

import ast

from mentorbot.rules._names import qualified

SERVER_CONNECTS = frozenset(
    {"psycopg2.connect", "psycopg.connect", "psycopg.Connection.connect"}
    | {"psycopg.AsyncConnection.connect", "asyncpg.connect", "aiopg.connect"}
    | {"pymysql.connect", "pymysql.connections.Connection", "MySQLdb.connect", "aiomysql.connect"}
    | {"mysql.connector.connect", "mariadb.connect", "pyodbc.connect", "pymssql.connect"}
    | {"aioodbc.connect"}
    | {"oracledb.connect", "cx_Oracle.connect"}
)
"""The drivers' calls that log in to a database server."""
FILE_CONNECTS = frozenset({"sqlite3.connect", "sqlite3.dbapi2.connect", "aiosqlite.connect"})
"""The drivers' calls that open a local database file: ``aiosqlite.connect`` opens one as
``sqlite3.connect`` does (on a thread of its own), so moving to it keeps the opening per call."""
POOL_CREATORS = frozenset(
    {"asyncpg.create_pool", "aiomysql.create_pool", "aiopg.create_pool", "aioodbc.create_pool"}
    | {"psycopg_pool.ConnectionPool", "psycopg_pool.AsyncConnectionPool"}
    | {"psycopg2.pool.SimpleConnectionPool", "psycopg2.pool.ThreadedConnectionPool"}
    | {"databases.Database", "databases.core.Database"}
)
"""The drivers' calls that make a pool of server connections: once per app, not per request
(the ``databases`` package's ``Database`` opens its pool on ``connect()``)."""
CLIENT_CREATORS = frozenset(
    {"pymongo.MongoClient", "pymongo.mongo_client.MongoClient", "pymongo.AsyncMongoClient"}
    | {"motor.motor_asyncio.AsyncIOMotorClient", "motor.motor_tornado.MotorClient"}
)
"""MongoDB's clients, each with a pool of its own: made once per app, like a pool."""
REDIS_CREATORS = frozenset(
    {"redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url"}
    | {"redis.client.Redis", "redis.asyncio.Redis", "redis.asyncio.from_url"}
    | {"redis.asyncio.Redis.from_url", "aioredis.from_url", "aioredis.Redis"}
)
"""Redis clients, sync and asyncio: each makes a connection pool of its own."""
VECTOR_CREATORS = frozenset(
    {"chromadb.PersistentClient", "chromadb.HttpClient", "chromadb.AsyncHttpClient"}
    | {"qdrant_client.QdrantClient", "qdrant_client.AsyncQdrantClient"}
    | {"pymilvus.MilvusClient", "pinecone.Pinecone", "weaviate.Client"}
)
"""Vector databases' clients: each opens its store (a server connection, or the files of a
persistent one) when made, so a RAG route that makes one per question pays that every time."""
MADE_ORDER = ("connection", "file-connection", "pool", "client", "redis-client", "vector-client")
"""What a factory makes, the first one named where it makes several."""
DRIVER_MODULES = frozenset(
    name.split(".", 1)[0]
    for name in SERVER_CONNECTS
    | FILE_CONNECTS
    | POOL_CREATORS
    | CLIENT_CREATORS
    | REDIS_CREATORS
    | VECTOR_CREATORS
)


def server_connect(node: ast.AST | None, imports: dict[str, str]) -> str:
    """``psycopg2.connect`` when ``node`` calls a server driver's connect, else ""."""
    if not isinstance(node, ast.Call):
        return ""
    name = qualified(node.func, imports)
    return name if name in SERVER_CONNECTS else ""


def file_connect(node: ast.AST | None, imports: dict[str, str]) -> str:
    """``sqlite3.connect`` when ``node`` opens a local database file with the sync driver."""
    if not isinstance(node, ast.Call):
        return ""
    name = qualified(node.func, imports)
    return name if name in FILE_CONNECTS else ""


def connect_call(node: ast.AST | None, imports: dict[str, str]) -> str:
    """The driver's call when ``node`` opens one connection, to a server or a file, else ""."""
    return server_connect(node, imports) or file_connect(node, imports)


def pool_create(node: ast.AST | None, imports: dict[str, str]) -> str:
    """``asyncpg.create_pool`` when ``node`` makes a driver's connection pool, a MongoDB client
    or a Redis client, else ""."""
    if not isinstance(node, ast.Call):
        return ""
    name = qualified(node.func, imports)
    made_pool = any(
        name in creators
        for creators in (POOL_CREATORS, CLIENT_CREATORS, REDIS_CREATORS, VECTOR_CREATORS)
    )
    return name if made_pool else ""


def driver_call(node: ast.AST | None, imports: dict[str, str]) -> str:
    """The driver's call ``node`` makes, when it connects or makes a pool or a client, else ""."""
    return connect_call(node, imports) or pool_create(node, imports)


def made_kind(node: ast.AST | None, imports: dict[str, str]) -> str:
    """What ``node`` makes: "client" (MongoDB), "redis-client", "vector-client", "pool",
    "connection", or ""."""
    name = driver_call(node, imports)
    return driver_made(name) if name else ""


def driver_made(name: str) -> str:
    """What a driver's call named ``name`` makes: "client", "redis-client", "vector-client",
    "pool", "file-connection" or "connection"."""
    if name in FILE_CONNECTS:
        return "file-connection"
    if name in CLIENT_CREATORS:
        return "client"
    if name in REDIS_CREATORS:
        return "redis-client"
    if name in VECTOR_CREATORS:
        return "vector-client"
    return "pool" if name in POOL_CREATORS else "connection"
