"""The sync clients MB101 knows, by kind: the classes and factories that make one, and the
methods of each that wait on the server (or, for a model or an image, on the CPU)."""

from __future__ import annotations

from mentorbot.analysis.python_facts_storage import PEEWEE_DATABASES

REDIS = "redis"
MONGO = "mongo"
GRIDFS = "gridfs"
AWS = "aws"
MINIO = "minio"
PEEWEE = "peewee"
HTTP = "http"
DBAPI = "dbapi"
CHROMA = "chroma"
QDRANT = "qdrant"
PINECONE = "pinecone"
MILVUS = "milvus"
ENCODER = "encoder"
IMAGE = "image"
LOADER = "loader"
DATAFRAME = "dataframe"
PDF = "pdf"
GCS = "gcs"
VISION = "vision"
AZURE_BLOB = "azure-blob"
PEEWEE_DATABASE = "peewee-database"
SMTP = "smtp"
SPEECH = "speech"
SUPABASE = "supabase"
KAFKA = "kafka"
YFINANCE = "yfinance"
YTDLP = "yt-dlp"
RQ_QUEUE = "rq-queue"
RQ_JOB = "rq-job"
JWKS = "jwks"
PIKA = "pika"
CLIENT_CLASSES = {
    "redis.Redis": REDIS,
    "redis.StrictRedis": REDIS,
    "redis.from_url": REDIS,
    "redis.Redis.from_url": REDIS,
    "redis.client.Redis": REDIS,
    "pymongo.MongoClient": MONGO,
    "pymongo.mongo_client.MongoClient": MONGO,
    "pymongo.database.Database": MONGO,
    "pymongo.collection.Collection": MONGO,
    "gridfs.GridFS": GRIDFS,
    "gridfs.GridFSBucket": GRIDFS,
    "boto3.client": AWS,
    "boto3.resource": AWS,
    "boto3.Session": AWS,
    "boto3.session.Session": AWS,
    "minio.Minio": MINIO,
    "minio.api.Minio": MINIO,
    "requests.Session": HTTP,
    "requests.session": HTTP,
    "requests.sessions.Session": HTTP,
    "sqlite3.connect": DBAPI,
    "sqlite3.Connection": DBAPI,
    "sqlite3.Cursor": DBAPI,
    "psycopg2.connect": DBAPI,
    "psycopg2.extensions.connection": DBAPI,
    "psycopg2.extensions.cursor": DBAPI,
    "psycopg.connect": DBAPI,
    "psycopg.Connection": DBAPI,
    "psycopg.Cursor": DBAPI,
    "pymysql.connect": DBAPI,
    "pymysql.connections.Connection": DBAPI,
    "mysql.connector.connect": DBAPI,
    "MySQLdb.connect": DBAPI,
    "mysql.connector.pooling.MySQLConnectionPool": DBAPI,
    "mysql.connector.pooling.PooledMySQLConnection": DBAPI,
    "mysql.connector.MySQLConnection": DBAPI,
    "mysql.connector.connection.MySQLConnection": DBAPI,
    "mysql.connector.cursor.MySQLCursor": DBAPI,
    "psycopg2.pool.SimpleConnectionPool": DBAPI,
    "psycopg2.pool.ThreadedConnectionPool": DBAPI,
    "psycopg_pool.ConnectionPool": DBAPI,
    "chromadb.PersistentClient": CHROMA,
    "chromadb.HttpClient": CHROMA,
    "chromadb.Client": CHROMA,
    "chromadb.EphemeralClient": CHROMA,
    "qdrant_client.QdrantClient": QDRANT,
    "pinecone.Pinecone": PINECONE,
    "pymilvus.MilvusClient": MILVUS,
    "pymilvus.Collection": MILVUS,
    "sentence_transformers.SentenceTransformer": ENCODER,
    "sentence_transformers.CrossEncoder": ENCODER,
    "PIL.Image.open": IMAGE,
    "PIL.Image.new": IMAGE,
    "PIL.Image.Image": IMAGE,
    "pandas.DataFrame": DATAFRAME,
    **{f"pandas.read_{kind}": DATAFRAME for kind in ("csv", "excel", "json", "parquet", "sql")},
    "reportlab.pdfgen.canvas.Canvas": PDF,
    "reportlab.platypus.SimpleDocTemplate": PDF,
    "google.cloud.storage.Client": GCS,
    "google.cloud.storage.client.Client": GCS,
    "google.cloud.storage.Blob": GCS,
    "google.cloud.storage.blob.Blob": GCS,
    "google.cloud.vision.ImageAnnotatorClient": VISION,
    "google.cloud.vision_v1.ImageAnnotatorClient": VISION,
    **{
        f"{package}.{name}": PEEWEE_DATABASE
        for package in (
            "peewee",
            "playhouse.pool",
            "playhouse.postgres_ext",
            "playhouse.sqlite_ext",
        )
        for name in PEEWEE_DATABASES
    },
    "smtplib.SMTP": SMTP,
    "smtplib.SMTP_SSL": SMTP,
    "google.cloud.speech.SpeechClient": SPEECH,
    "google.cloud.speech_v1.SpeechClient": SPEECH,
    "google.cloud.speech_v2.SpeechClient": SPEECH,
    **{
        f"azure.storage.blob.{name}{factory}": AZURE_BLOB
        for name in ("BlobServiceClient", "ContainerClient", "BlobClient")
        for factory in ("", ".from_connection_string")
    },
    "supabase.create_client": SUPABASE,
    "supabase.Client": SUPABASE,
    "supabase.client.create_client": SUPABASE,
    "supabase.client.Client": SUPABASE,
    "confluent_kafka.Consumer": KAFKA,
    "confluent_kafka.Producer": KAFKA,
    "confluent_kafka.cimpl.Consumer": KAFKA,
    "confluent_kafka.cimpl.Producer": KAFKA,
    "kafka.KafkaConsumer": KAFKA,
    "kafka.KafkaProducer": KAFKA,
    "yfinance.Ticker": YFINANCE,
    "yfinance.Tickers": YFINANCE,
    "yt_dlp.YoutubeDL": YTDLP,
    "rq.Queue": RQ_QUEUE,
    "rq.queue.Queue": RQ_QUEUE,
    "rq.job.Job.fetch": RQ_JOB,
    "rq.Job.fetch": RQ_JOB,
    "youtube_dl.YoutubeDL": YTDLP,
    "jwt.PyJWKClient": JWKS,
    "jwt.jwks_client.PyJWKClient": JWKS,
    "pika.BlockingConnection": PIKA,
    "pika.adapters.blocking_connection.BlockingConnection": PIKA,
}
"""A class or factory (or a parameter's annotation) -> the kind of client it gives. A DB-API
connection pool counts as the connections it hands out (``pool.get_connection()``)."""
LOADER_MODULES = ("langchain_community.document_loaders.", "langchain.document_loaders.")
"""Where LangChain's document loaders live (``TextLoader``, ``PyPDFLoader``, ``WebBaseLoader``...):
``load()`` reads the file, or fetches the page, on the calling thread."""


def client_kind(class_name: str) -> str:
    """The kind of client a qualified class or factory gives, "" for anything else."""
    kind = CLIENT_CLASSES.get(class_name, "")
    if not kind and class_name.startswith(LOADER_MODULES):
        return LOADER if class_name.rsplit(".", 1)[-1][:1].isupper() else ""
    return kind


REQUESTS = {
    REDIS: frozenset(
        {"get", "set", "setex", "setnx", "getset", "mget", "mset", "delete", "exists", "expire"}
        | {"ttl", "incr", "incrby", "decr", "hget", "hset", "hmset", "hgetall", "hdel", "keys"}
        | {"lpush", "rpush", "lpop", "rpop", "lrange", "llen", "sadd", "srem", "smembers"}
        | {"sismember", "zadd", "zrange", "zrem", "publish", "scan", "ping", "flushdb"}
        | {"zcard", "zcount", "zscore", "zrangebyscore", "zremrangebyscore", "zrevrange"}
        | {"zincrby", "hincrby", "incrbyfloat", "pttl", "expireat", "getdel", "lindex"}
        | {"subscribe", "psubscribe", "unsubscribe", "punsubscribe", "get_message", "listen"}
    ),
    MONGO: frozenset(
        {"find", "find_one", "insert_one", "insert_many", "update_one", "update_many"}
        | {"replace_one", "delete_one", "delete_many", "count_documents", "aggregate"}
        | {"distinct", "find_one_and_update", "find_one_and_delete", "find_one_and_replace"}
        | {"bulk_write", "create_index", "estimated_document_count", "list_collection_names"}
        | {"find_and_modify", "insert", "update", "remove", "save", "count"}  # pymongo 3's
    ),
    GRIDFS: frozenset(
        {"put", "get", "get_version", "get_last_version", "find", "find_one", "delete", "exists"}
        | {"list", "upload_from_stream", "upload_from_stream_with_id", "download_to_stream"}
        | {"download_to_stream_by_name", "open_download_stream", "open_download_stream_by_name"}
        | {"rename", "read", "readline", "readchunk", "write"}
    ),
    AWS: frozenset(
        {"upload_file", "upload_fileobj", "download_file", "download_fileobj", "put_object"}
        | {"get_object", "delete_object", "delete_objects", "head_object", "copy_object"}
        | {"list_objects", "list_objects_v2", "list_buckets", "create_bucket", "put_item"}
        | {"get_item", "update_item", "delete_item", "query", "scan", "batch_write_item"}
        | {"send_message", "receive_message", "delete_message", "publish", "invoke"}
        | {"send_email", "detect_labels", "converse", "invoke_model"}
    ),
    PEEWEE: frozenset(
        {"select", "get", "get_or_none", "get_by_id", "get_or_create", "create", "insert"}
        | {"insert_many", "update", "delete", "delete_by_id", "bulk_create", "bulk_update"}
        | {"raw", "replace", "create_table", "drop_table", "table_exists"}
    ),
    SMTP: frozenset({"sendmail", "send_message"}),
    SPEECH: frozenset({"recognize", "streaming_recognize", "long_running_recognize"}),
    PEEWEE_DATABASE: frozenset(
        {"connect", "create_tables", "drop_tables", "execute_sql", "get_tables"}
    ),
    MINIO: frozenset(
        {"put_object", "get_object", "fput_object", "fget_object", "remove_object"}
        | {"remove_objects", "stat_object", "copy_object", "list_objects", "bucket_exists"}
        | {"make_bucket", "remove_bucket", "list_buckets", "set_bucket_policy"}
    ),
    HTTP: frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"}),
    DBAPI: frozenset({"execute", "executemany", "executescript", "commit", "rollback"}),
    CHROMA: frozenset(
        {"query", "add", "upsert", "get", "update", "delete", "count", "peek"}
        | {"get_or_create_collection", "create_collection", "get_collection", "list_collections"}
        | {"delete_collection", "heartbeat", "reset"}
    ),
    QDRANT: frozenset(
        {"search", "query_points", "upsert", "scroll", "retrieve", "delete", "count"}
        | {"create_collection", "recreate_collection", "get_collection", "upload_points"}
        | {"get_collections", "collection_exists", "delete_collection", "query"}
        | {"upload_records", "upload_collection", "search_batch", "query_batch_points"}
        | {"recommend", "create_payload_index", "set_payload", "update_collection"}
    ),
    PINECONE: frozenset({"query", "upsert", "fetch", "delete", "update", "describe_index_stats"}),
    MILVUS: frozenset(
        {"search", "hybrid_search", "query", "get", "insert", "upsert", "delete", "flush"}
        | {"create_collection", "drop_collection", "has_collection", "load_collection", "load"}
        | {"describe_collection", "list_collections", "create_index", "release_collection"}
    ),
    ENCODER: frozenset({"encode", "predict", "rank"}),
    IMAGE: frozenset(
        {"save", "thumbnail", "resize", "convert", "rotate", "transpose", "filter", "reduce"}
        | {"load", "verify", "quantize"}
    ),
    LOADER: frozenset({"load", "load_and_split"}),
    DATAFRAME: frozenset({"to_csv", "to_excel", "to_parquet", "to_feather", "to_pickle", "to_sql"}),
    PDF: frozenset({"save", "build"}),
    GCS: frozenset(
        {"get_bucket", "lookup_bucket", "create_bucket", "list_buckets", "list_blobs", "get_blob"}
        | {"upload_from_string", "upload_from_file", "upload_from_filename", "download_as_bytes"}
        | {"download_as_string", "download_as_text", "download_to_filename", "download_to_file"}
        | {"delete", "exists", "reload", "make_public", "patch", "compose", "rewrite"}
        | {"copy_blob", "delete_blob", "delete_blobs", "rename_blob"}
    ),
    VISION: frozenset(
        {"annotate_image", "batch_annotate_images", "safe_search_detection", "label_detection"}
        | {"text_detection", "document_text_detection", "face_detection", "logo_detection"}
        | {"landmark_detection", "object_localization", "image_properties", "web_detection"}
        | {"crop_hints"}
    ),
    AZURE_BLOB: frozenset(
        {"upload_blob", "download_blob", "delete_blob", "delete_blobs", "list_blobs"}
        | {"walk_blobs", "list_containers", "create_container", "delete_container", "exists"}
        | {"get_blob_properties", "get_container_properties", "set_blob_metadata"}
        | {"start_copy_from_url", "stage_block", "commit_block_list", "undelete_blob"}
    ),
    SUPABASE: frozenset(
        {"execute", "upload", "download", "remove", "sign_up", "sign_in_with_password"}
        | {"sign_out", "get_user", "refresh_session", "reset_password_email"}
    ),
    KAFKA: frozenset({"poll", "consume", "flush", "commit", "list_topics"}),
    YFINANCE: frozenset(
        {"history", "get_info", "get_fast_info", "get_news", "get_dividends", "get_splits"}
        | {"get_actions", "get_financials", "get_balance_sheet", "get_cashflow", "get_earnings"}
        | {"get_recommendations", "option_chain", "get_shares_full", "download"}
    ),
    YTDLP: frozenset({"extract_info", "download", "download_with_info_file"}),
    RQ_QUEUE: frozenset(
        {"enqueue", "enqueue_call", "enqueue_at", "enqueue_in", "enqueue_many", "fetch_job"}
        | {"get_jobs", "get_job_ids", "empty", "delete"}
    ),
    RQ_JOB: frozenset(
        {"get_status", "refresh", "return_value", "latest_result", "cancel", "delete", "save"}
        | {"get_meta", "save_meta", "requeue"}
    ),
    JWKS: frozenset(
        {"get_signing_key_from_jwt", "get_signing_key", "get_signing_keys", "get_jwk_set"}
        | {"fetch_data"}
    ),
    PIKA: frozenset(
        {"queue_declare", "queue_bind", "queue_purge", "queue_delete", "exchange_declare"}
        | {"basic_publish", "basic_get", "basic_qos", "confirm_delivery", "start_consuming"}
        | {"process_data_events"}
    ),
}
"""The methods of each kind that talk to the server (a GridFS file's ``read`` fetches its chunks;
not ``generate_presigned_url``, MinIO's ``presigned_get_object`` or a Cloud Storage blob's
``generate_signed_url``, which only sign a URL locally; an Azure container's or blob's client
is made locally too, ``download_blob`` is what fetches), or, for a sentence-transformers
model, run it on the CPU for as long as the texts take; a pandas frame's writers and a
reportlab document's ``save`` / ``build`` write a file (a frame written to no path only
makes a string: ``_sync_clients`` leaves that out). A cursor's ``fetchall`` after its
``execute`` is left out: the query's line is already reported, and psycopg2 has the rows by
then. An SMTP connection counts its sends only: its login and handshake go with the
``smtplib.SMTP(...)`` call that opens it, reported on its own where it is made. A Kafka
consumer's ``poll`` waits up to its timeout for a message and a producer's ``flush`` until the
broker has everything; ``produce`` and ``send`` only queue. A yfinance ``Ticker`` asks Yahoo's
servers for each price history or report; yt-dlp's ``extract_info`` asks the video site and
``download`` fetches the file. An RQ queue writes each job to Redis as it enqueues it, and a
job fetched from Redis (``Job.fetch``) reads its status from there each time it is asked.
PyJWT's ``PyJWKClient`` fetches the issuer's key set over HTTP (with ``urllib``) whenever its
cache lacks the token's key: on the first request, and on each key rotation (blind check e1).
A pika ``BlockingConnection``'s channel waits for the broker's reply to each declare, and a
publish on it writes to the socket on the calling thread (blind check k2); aio-pika's are
awaited."""

CLIENT_SIGNALS = {
    REDIS: "rule:sync-redis-client",
    MONGO: "rule:sync-mongo-client",
    GRIDFS: "rule:sync-gridfs-client",
    AWS: "rule:sync-aws-client",
    MINIO: "rule:sync-minio-client",
    PEEWEE: "rule:sync-peewee-model",
    HTTP: "rule:sync-http-client",
    DBAPI: "rule:sync-dbapi-client",
    CHROMA: "rule:sync-chroma-client",
    QDRANT: "rule:sync-qdrant-client",
    PINECONE: "rule:sync-pinecone-client",
    MILVUS: "rule:sync-milvus-client",
    ENCODER: "rule:sync-encoder-model",
    IMAGE: "rule:sync-image",
    LOADER: "rule:sync-document-loader",
    GCS: "rule:sync-gcs-client",
    VISION: "rule:sync-vision-client",
    DATAFRAME: "rule:sync-dataframe",
    PDF: "rule:sync-pdf-document",
    AZURE_BLOB: "rule:sync-azure-blob-client",
    PEEWEE_DATABASE: "rule:sync-peewee-database",
    SMTP: "rule:sync-smtp-client",
    SPEECH: "rule:sync-speech-client",
    SUPABASE: "rule:sync-supabase-client",
    KAFKA: "rule:sync-kafka-client",
    YFINANCE: "rule:sync-yfinance-ticker",
    YTDLP: "rule:sync-yt-dlp",
    RQ_QUEUE: "rule:sync-rq-queue",
    RQ_JOB: "rule:sync-rq-job",
    JWKS: "rule:sync-jwks-client",
    PIKA: "rule:sync-pika-connection",
}
"""A module-level name bound to a sync client, for every kind ``_client_kinds`` knows."""


CLIENT_STEPS: dict[str, frozenset[str]] = {
    REDIS: frozenset({"pubsub"}),
    PIKA: frozenset({"channel"}),
    MONGO: frozenset({"get_database", "get_collection", "get_default_database"}),
    GRIDFS: frozenset(
        {"get", "get_version", "get_last_version", "find_one", "new_file", "open_upload_stream"}
        | {"open_download_stream", "open_download_stream_by_name"}
    ),
    AWS: frozenset({"client", "resource", "Bucket", "Table", "Object", "Queue", "Topic"}),
    DBAPI: frozenset({"cursor", "get_connection", "getconn", "connection"}),
    CHROMA: frozenset({"get_or_create_collection", "get_collection", "create_collection"}),
    PINECONE: frozenset({"Index"}),
    GCS: frozenset({"bucket", "get_bucket", "lookup_bucket", "blob", "get_blob"}),
    AZURE_BLOB: frozenset({"get_container_client", "get_blob_client"}),
    IMAGE: frozenset({"convert", "resize", "rotate", "transpose", "copy", "crop", "filter"}),
    SUPABASE: frozenset(
        {"table", "from_", "rpc", "select", "insert", "update", "upsert", "delete", "eq", "neq"}
        | {"gt", "gte", "lt", "lte", "like", "ilike", "is_", "in_", "contains", "order"}
        | {"limit", "range", "single", "maybe_single", "filter", "match", "or_", "not_"}
    ),
}
"""Kinds whose clients hand out more clients (Redis's pub/sub, a database, a collection, an
S3 bucket, a cursor, a pool's connection, a Cloud Storage bucket's blob), by subscript,
attribute or these calls."""

CLIENT_HANDOUTS: dict[str, dict[str, str]] = {
    RQ_QUEUE: dict.fromkeys(("enqueue", "enqueue_call", "enqueue_at", "enqueue_in"), RQ_JOB)
    | {"fetch_job": RQ_JOB},
}
"""Requests whose answer is a client of another kind: the job an RQ queue writes to Redis,
whose ``refresh`` and ``get_status`` read it back from there (blind check k1)."""
