"""MB101's bad cases, assembled from the case modules: each a small project whose blocking
calls the rule must report at exactly these lines (the good ones: ``_blocking_good_cases``)."""

from __future__ import annotations

from mentorbot.rules import _app_client_cases as app_client_cases
from mentorbot.rules import _awaited_llm_cases as awaited_llm_cases
from mentorbot.rules import _azure_blob_cases as azure_cases
from mentorbot.rules import _blocking_cases as cases
from mentorbot.rules import _bot_file_cases as bot_file_cases
from mentorbot.rules import _chain_cases as chain_cases
from mentorbot.rules import _client_cases as client_cases
from mentorbot.rules import _core_connection_cases as core_cases
from mentorbot.rules import _dbapi_cases as dbapi_cases
from mentorbot.rules import _django_orm_cases as django_cases
from mentorbot.rules import _document_cases as document_cases
from mentorbot.rules import _drawn_session_cases as drawn_cases
from mentorbot.rules import _entered_session_cases as entered_cases
from mentorbot.rules import _extraction_cases as extraction_cases
from mentorbot.rules import _factory_annotation_cases as factory_cases
from mentorbot.rules import _factory_client_cases as factory_client_cases
from mentorbot.rules import _file_cases as file_cases
from mentorbot.rules import _gemini_cases as gemini_cases
from mentorbot.rules import _google_cloud_cases as google_cases
from mentorbot.rules import _gridfs_cases as gridfs_cases
from mentorbot.rules import _held_blocking_cases as held_blocking_cases
from mentorbot.rules import _interface_cases as interface_cases
from mentorbot.rules import _kafka_cases as kafka_cases
from mentorbot.rules import _layered_cases as layered_cases
from mentorbot.rules import _llm_cases as llm_cases
from mentorbot.rules import _local_factory_cases as local_factory_cases
from mentorbot.rules import _mail_speech_cases as mail_cases
from mentorbot.rules import _market_data_cases as market_cases
from mentorbot.rules import _media_upload_cases as media_cases
from mentorbot.rules import _module_collection_cases as collection_cases
from mentorbot.rules import _module_session_cases as module_cases
from mentorbot.rules import _ollama_cases as ollama_cases
from mentorbot.rules import _payment_cases as payment_cases
from mentorbot.rules import _peewee_cases as peewee_cases
from mentorbot.rules import _pika_cases as pika_cases
from mentorbot.rules import _prompt_cases as prompt_cases
from mentorbot.rules import _pubsub_cases as pubsub_cases
from mentorbot.rules import _query_cases as query_cases
from mentorbot.rules import _reexported_client_cases as reexported_cases
from mentorbot.rules import _report_file_cases as report_cases
from mentorbot.rules import _returned_session_cases as returned_cases
from mentorbot.rules import _rq_cases as rq_cases
from mentorbot.rules import _star_session_cases as star_cases
from mentorbot.rules import _strawberry_cases as strawberry_cases
from mentorbot.rules import _supabase_cases as supabase_cases
from mentorbot.rules import _vector_cases as vector_cases
from mentorbot.rules.base import Case

BAD: tuple[Case, ...] = (
    *interface_cases.BAD,
    *star_cases.BLOCKING_BAD,
    *local_factory_cases.BAD,
    *reexported_cases.BAD,
    *cases.SCHEDULED_BAD,
    *entered_cases.BLOCKING_BAD,
    *supabase_cases.BAD,
    *core_cases.BAD,
    *collection_cases.BAD,
    *dbapi_cases.POOL_BAD,
    *drawn_cases.BAD,
    *file_cases.LAZY_BAD,
    *market_cases.BAD,
    *rq_cases.BAD,
    *file_cases.MEDIA_BAD,
    *file_cases.SCRIPT_BAD,
    *factory_cases.BLOCKING_BAD,
    *peewee_cases.BAD,
    *awaited_llm_cases.AWAITED_BAD,
    *prompt_cases.BAD,
    *vector_cases.RAG_BAD,
    *app_client_cases.BAD,
    *gridfs_cases.BAD,
    *google_cases.BAD,
    *azure_cases.BAD,
    *gemini_cases.BAD,
    *document_cases.BAD,
    *mail_cases.BAD,
    *bot_file_cases.BAD,
    *bot_file_cases.STAR_BAD,
    *bot_file_cases.AWAITED_BAD,
    *bot_file_cases.CAPITAL_BAD,
    *kafka_cases.BAD,
    *pika_cases.BAD,
    *pubsub_cases.BAD,
    *payment_cases.BAD,
    *media_cases.BAD,
    *ollama_cases.BAD,
    *chain_cases.BAD,
    *factory_client_cases.BAD,
    *django_cases.BAD,
    *report_cases.BAD,
    *returned_cases.BLOCKING_BAD,
    *held_blocking_cases.BAD,
    Case(
        files={"app/routes/documents.py": file_cases.UPLOADED_DOCUMENTS},
        hits=tuple(("app/routes/documents.py", n) for n in file_cases.UPLOADED_DOCUMENTS_HITS),
        note="an UploadFile's spooled file read in the route",
    ),
    Case(
        files={
            "app/utils/chroma.py": vector_cases.CONNECTER,
            "app/routes/vectordb.py": vector_cases.CONNECTER_ROUTES,
        },
        hits=tuple(("app/routes/vectordb.py", line) for line in vector_cases.CONNECTER_HITS),
        note="a Chroma client's collection asked for through a wrapper made in the route",
    ),
    Case(
        files={"main.py": module_cases.OWN_FACTORY_APP},
        hits=tuple(("main.py", line) for line in module_cases.OWN_FACTORY_HITS),
        note="a session of the module's own sessionmaker, queried by an async route",
    ),
    Case(
        files=module_cases.auth_project(module_cases.FACTORY_MODULE),
        hits=(("app/auth.py", module_cases.AUTH_WITH_MODULE_SESSION_LINE),),
        note="a session made at the top from another module's factory, in an async dependency",
    ),
    Case(
        files=module_cases.scoped_project(),
        hits=(("users/views.py", module_cases.SCOPED_VIEWS_LINE),),
        note="a scoped_session registry queried as the session in an async route",
    ),
    Case(
        files=module_cases.news_bot(module_cases.SYNC_LOADER),
        hits=(("handlers/news.py", module_cases.NEWS_HANDLER_LINE),),
        note="a helper querying the session another module made at import, called by an async "
        "handler",
    ),
    Case(
        files={
            "app/config.py": client_cases.CONFIG,
            "app/cache.py": client_cases.SYNC_CACHE,
            "app/db.py": client_cases.SYNC_DB,
            "app/routes.py": client_cases.SYNC_CLIENT_ROUTES,
            "app/services.py": client_cases.SYNC_SERVICE,
            "app/storage.py": client_cases.STORAGE,
            "app/tasks.py": client_cases.TASKS,
        },
        hits=(
            *(("app/routes.py", line) for line in client_cases.SYNC_CLIENT_HITS),
            ("app/services.py", 9),
        ),
    ),
    Case(
        files={
            "app/crud/weather.py": cases.WEATHER_CRUD,
            "app/routers/weather.py": cases.BAD_HELPER_ROUTES,
        },
        hits=(("app/routers/weather.py", 10),),
    ),
    Case(
        files={"app/routes/weather.py": cases.BAD_ROUTE},
        hits=(("app/routes/weather.py", 11), ("app/routes/weather.py", 12)),
    ),
    Case(
        files={"app/main.py": cases.BAD_SESSION},
        hits=(("app/main.py", 13), ("app/main.py", 19)),
    ),
    Case(
        files={"app/chat.py": cases.LLM_ROUTES},
        hits=(("app/chat.py", 16), ("app/chat.py", 22)),
        note="a synchronous OpenAI client called from async routes, directly and via a helper",
    ),
    Case(
        files={"app/ask.py": cases.LANGCHAIN_ROUTES},
        hits=(("app/ask.py", 13),),
        note="a LangChain chain's sync invoke in an async route; ainvoke is fine",
    ),
    Case(
        files={
            "app/database.py": cases.SESSION_DEP,
            "app/routers/posts.py": cases.BAD_ALIAS_ROUTES,
        },
        hits=(
            ("app/routers/posts.py", 12),
            ("app/routers/posts.py", 18),
            ("app/routers/posts.py", 19),
        ),
    ),
    Case(
        files={
            "app/database.py": cases.DATABASES,
            "app/routers/books.py": cases.BAD_DEPENDS_ROUTES,
        },
        hits=(("app/routers/books.py", 13), ("app/routers/books.py", 18)),
    ),
    Case(
        files={
            "app/services/chat_service.py": layered_cases.CHAT_SERVICE,
            "app/controllers/chat_controller.py": layered_cases.CHAT_CONTROLLER,
            "app/main.py": layered_cases.BAD_CHAT_ROUTES,
        },
        hits=(("app/main.py", 11),),
        note="a route calls a controller whose service calls a sync OpenAI client",
    ),
    Case(
        files=llm_cases.support_bot(llm_cases.BAD_ROUTES),
        hits=tuple(("app/routes.py", line) for line in llm_cases.BAD_HITS),
        note="a graph and an OpenAI client built in other modules, called from async routes "
        "directly and through a service's helper and method",
    ),
    Case(
        files={
            "app/http.py": client_cases.HTTP_SESSION,
            "app/weather.py": client_cases.BAD_SESSION_ROUTES,
        },
        hits=tuple(("app/weather.py", line) for line in client_cases.BAD_SESSION_HITS),
        note="a requests.Session from another module, and one opened in the route",
    ),
    Case(
        files={
            "app/db.py": dbapi_cases.NOTES_DB,
            "app/notes.py": dbapi_cases.BAD_DBAPI_ROUTES,
        },
        hits=tuple(("app/notes.py", line) for line in dbapi_cases.BAD_DBAPI_HITS),
        note="a sqlite3 connection from another module and its cursor, and a psycopg2 "
        "cursor a class keeps, used from async routes",
    ),
    Case(
        files={
            "app/db.py": dbapi_cases.SHOP_DATABASE,
            "app/routes.py": dbapi_cases.SHOP_ROUTES,
            "app/login.py": dbapi_cases.SHOP_LOGIN,
        },
        hits=dbapi_cases.SHOP_HITS,
        note="a database object another module makes, imported by name and by a star import",
    ),
    Case(
        files={
            "app/llm.py": llm_cases.LAZY_CLIENT,
            "app/summary.py": llm_cases.LAZY_CLIENT_USER,
        },
        hits=(
            *(("app/llm.py", line) for line in llm_cases.LAZY_CLIENT_HITS),
            *(("app/summary.py", line) for line in llm_cases.LAZY_CLIENT_USER_HITS),
        ),
        note="an OpenAI client a function makes on first use, asked in one expression",
    ),
    Case(
        files={
            "app/agent.py": llm_cases.AGENT,
            "app/service.py": llm_cases.GRAPH_SERVICE,
            "app/routes.py": llm_cases.GRAPH_SERVICE_ROUTES,
        },
        hits=tuple(("app/routes.py", line) for line in llm_cases.GRAPH_SERVICE_HITS),
        note="a static method that runs a graph, called on its class from async routes, "
        "imported and through a class method of the routes' own module",
    ),
    Case(
        files={
            "app/store.py": vector_cases.STORE,
            "app/search.py": vector_cases.BAD_SEARCH_ROUTES,
        },
        hits=tuple(("app/search.py", line) for line in vector_cases.BAD_SEARCH_HITS),
        note="a Chroma collection from another module, a Qdrant client and a Pinecone index "
        "searched from async routes",
    ),
    Case(
        files={
            "app/llm.py": llm_cases.CHAT_MODEL_FACTORY,
            "app/answers.py": llm_cases.MODEL_KEEPING_SERVICE,
        },
        hits=tuple(("app/answers.py", line) for line in llm_cases.MODEL_KEEPING_HITS),
        note="a chat model another module's function returns, kept on self and invoked",
    ),
    Case(
        files={"app/ask.py": llm_cases.LEGACY_CHAIN_ROUTES},
        hits=tuple(("app/ask.py", line) for line in llm_cases.LEGACY_CHAIN_HITS),
        note="a legacy LangChain chain run with .run() or called, and an LLM called",
    ),
    Case(
        files={
            "app/mailer.py": layered_cases.MAILER,
            "app/routes/mail.py": layered_cases.BAD_MAIL_ROUTES,
        },
        hits=(("app/routes/mail.py", 12), ("app/routes/mail.py", 18)),
        note="a mail sent with smtplib from async routes, through a helper and directly",
    ),
    Case(
        files={
            "app/tasks/__init__.py": "from .mailer import SMTP_HOST, send_welcome_mail, "
            "welcome_message\n",
            "app/tasks/mailer.py": layered_cases.MAILER,
            "app/routes/mail.py": layered_cases.BAD_MAIL_ROUTES.replace("app.mailer", "app.tasks"),
        },
        hits=(("app/routes/mail.py", 12), ("app/routes/mail.py", 18)),
        note="the helper imported from the package that re-exports it",
    ),
    Case(
        files={"app/media.py": file_cases.THUMBNAILS},
        hits=tuple(("app/media.py", line) for line in file_cases.THUMBNAILS_HITS),
        note="Pillow opening, resizing and saving photos in async code",
    ),
    Case(
        files={"app/uploads.py": file_cases.BAD_UPLOADS},
        hits=tuple(("app/uploads.py", line) for line in file_cases.BAD_UPLOADS_HITS),
        note="an upload written through a path a route builds and shutil, a note read through "
        "one, and a folder zipped",
    ),
    Case(
        files={
            "app/services/resume_parser.py": file_cases.RESUME_PARSER,
            "app/routes.py": file_cases.BAD_RESUME_ROUTES,
        },
        hits=tuple(("app/routes.py", line) for line in file_cases.BAD_RESUME_HITS),
        note="a PDF read by a helper of the helper the route calls",
    ),
    Case(
        files={"app/uploads.py": client_cases.S3_UPLOADS},
        hits=tuple(("app/uploads.py", line) for line in client_cases.S3_UPLOADS_HITS),
        note="a boto3 client returned by the module's get_client()",
    ),
    Case(
        files={"app/repositories.py": query_cases.KEPT_SESSION_REPOSITORY},
        hits=tuple(("app/repositories.py", line) for line in query_cases.KEPT_SESSION_HITS),
        note="a sync session kept on self by __init__ and queried from async methods",
    ),
    Case(
        files={
            "app/auth_utils.py": query_cases.OWN_SESSION_HELPERS,
            "app/routes.py": query_cases.LOGIN_ROUTES,
        },
        hits=tuple(("app/routes.py", line) for line in query_cases.LOGIN_HITS),
        note="an async route calling a sync helper that opens its own session, two calls deep",
    ),
    Case(
        files={"app/tasks.py": query_cases.KEPT_QUERY_ROUTES},
        hits=tuple(("app/tasks.py", line) for line in query_cases.KEPT_QUERY_HITS),
        note="a legacy query built in one statement and run in another, cited where it runs",
    ),
    *extraction_cases.BAD,
    *strawberry_cases.BLOCKING_BAD,
)
