"""Stack items the code shows but no manifest declares: well-known packages the learner imports.

Many learner repos have no requirements file, or one that has fallen behind the code. The log
should then still name FastAPI when every route imports it, rather than "no framework". An item
found this way has no version (nothing pins it) and cites the first file that imports it.
Only distributions we know by their import name count, so a local module is never mistaken for
one; nor is a package that a declared one installs with it (SQLAlchemy under SQLModel). Where a
lock file beside the code pins the package, a declared one installs it all the same: the item
has the lock's version and cites the lock (pydantic under FastAPI, pytest under pytest-asyncio).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePosixPath

from mentorbot.analysis.stack_categories import category_of
from mentorbot.analysis.stack_locks import Locks, Pinned, pinned_in
from mentorbot.analysis.stack_text import normalize_name
from mentorbot.analysis.test_paths import analysis_in_tests
from mentorbot.domain import FileAnalysis, Signal, StackItem

RENAMED_IMPORTS: dict[str, str] = {
    "pydantic_settings": "pydantic-settings",
    "tortoise": "tortoise-orm",
    "MySQLdb": "mysqlclient",
    "faiss": "faiss-cpu",
    "qdrant_client": "qdrant-client",
    "sentence_transformers": "sentence-transformers",
    "rest_framework": "djangorestframework",
    "llama_index": "llama-index",
    "pytest_asyncio": "pytest-asyncio",
    "jose": "python-jose",
    "jwt": "pyjwt",
    "dotenv": "python-dotenv",
    "decouple": "python-decouple",
    "multipart": "python-multipart",
    "yaml": "pyyaml",
    "bs4": "beautifulsoup4",
    "sklearn": "scikit-learn",
    "PIL": "pillow",
    "telebot": "pytelegrambotapi",
    "telegram": "python-telegram-bot",
    "discord": "discord-py",
    "flask_sqlalchemy": "flask-sqlalchemy",
    "flask_login": "flask-login",
    "flask_migrate": "flask-migrate",
    "flask_wtf": "flask-wtf",
    "flask_cors": "flask-cors",
    "flask_jwt_extended": "flask-jwt-extended",
    "flask_restful": "flask-restful",
    "flask_bcrypt": "flask-bcrypt",
    "flask_mail": "flask-mail",
    "fastapi_cache": "fastapi-cache2",
    "Crypto": "pycryptodome",
    "mysql": "mysql-connector-python",
    "voicevox": "voicevox-client",
    "docx": "python-docx",
    "pptx": "python-pptx",
    "fitz": "pymupdf",
    "magic": "python-magic",
    "strawberry": "strawberry-graphql",
    "cv2": "opencv-python",
    "PyQt5": "pyqt5",
    "PyQt6": "pyqt6",
    "PySide2": "pyside2",
    "PySide6": "pyside6",
    "wx": "wxpython",
    "paho": "paho-mqtt",
    "airflow": "apache-airflow",
    "dateutil": "python-dateutil",
    "skimage": "scikit-image",
    "googleapiclient": "google-api-python-client",
    "zmq": "pyzmq",
    "slugify": "python-slugify",
    "socketio": "python-socketio",
    "speech_recognition": "speechrecognition",
    "corsheaders": "django-cors-headers",
    "rest_framework_simplejwt": "djangorestframework-simplejwt",
    "django_filters": "django-filter",
    "crispy_forms": "django-crispy-forms",
    "debug_toolbar": "django-debug-toolbar",
    "grpc": "grpcio",
}
"""Import name -> distribution, where they differ: also how a declared distribution is known to
be imported (apache-airflow by ``from airflow import DAG``)."""
COMMON_IMPORTS = frozenset(
    {"requests", "passlib", "bcrypt", "jinja2", "beanie", "numpy", "pandas", "boto3", "stripe"}
    | {"loguru", "sentry_sdk", "prometheus_client", "aiofiles", "websockets", "slowapi"}
    | {"apscheduler", "cloudinary", "minio", "sendgrid", "twilio", "schedule", "supabase"}
    | {"odmantic", "click", "torch", "joblib", "pyotp", "qrcode", "bleach", "scipy", "yfinance"}
    | {"instaloader", "selenium", "environs", "paypalrestsdk"}
    | {"pygame", "arcade", "pyglet", "kivy", "customtkinter", "matplotlib", "seaborn"}
    | {"networkx", "plotly", "scrapy", "itemadapter", "lxml", "tqdm", "nltk", "spacy", "sympy"}
    | {"tensorflow", "keras", "statsmodels", "xgboost", "lightgbm", "polars", "pyarrow", "duckdb"}
    | {"openpyxl", "tweepy", "psutil", "paramiko", "playwright", "gspread", "folium", "pika"}
)
"""Packages outside the category table that learners' repos import often, named as imported."""
BROUGHT_IN_BY: dict[str, frozenset[str]] = {
    "fastapi": frozenset({"starlette", "pydantic"}),
    "sqlmodel": frozenset({"sqlalchemy", "pydantic"}),
    "alembic": frozenset({"sqlalchemy"}),
    "pydantic-settings": frozenset({"pydantic", "python-dotenv"}),
    "langgraph": frozenset({"langchain-core"}),
    "flask": frozenset({"jinja2"}),
    "djangorestframework": frozenset({"django"}),
    "beanie": frozenset({"motor", "pydantic"}),
    "dotenv": frozenset({"python-dotenv"}),
    "bs4": frozenset({"beautifulsoup4"}),
    "mysql-connector": frozenset({"mysql-connector-python"}),
    "py-cord": frozenset({"discord-py"}),
    "nextcord": frozenset({"discord-py"}),
}
"""Packages a declared one installs with it: importing them needs no declaration of their own.
PyPI's ``dotenv`` is a stand-in that installs ``python-dotenv``, and its ``bs4`` one that
installs ``beautifulsoup4`` (blind check h1); ``mysql-connector``, the connector's old name on
PyPI, is itself what ``import mysql.connector`` loads (blind check c2)."""


def distribution_of(module: str) -> str | None:
    """The distribution a top-level import name belongs to, if it is one we know."""
    if module in RENAMED_IMPORTS:
        return RENAMED_IMPORTS[module]
    if module != module.lower():
        return None  # a project's own LangChain/ package; distributions import in lower case
    name = normalize_name(module)
    if module in COMMON_IMPORTS or category_of(name) != "other":
        return name
    return None


def _brought_in_by(name: str) -> frozenset[str]:
    if (name.startswith("langchain-") and name != "langchain-core") or name == "langchain":
        return frozenset({"langchain-core"})
    return BROUGHT_IN_BY.get(name, frozenset())


USED_BY_CONFIG = frozenset({"alembic.ini"})
"""Files that show a tool is used without declaring it as a dependency."""


def with_imported_stack(
    found: Sequence[StackItem], analyses: Iterable[FileAnalysis], locks: Locks | None = None
) -> list[StackItem]:
    """``found`` and the known packages the code imports that no manifest declares, at the
    version ``locks`` pin them to; a package seen only through its config file (Alembic's
    ``alembic.ini``) and imported is declared nowhere either, and says where it is imported."""
    analyses = list(analyses)
    declared = [item for item in found if PurePosixPath(item.source).name not in USED_BY_CONFIG]
    imported = {item.name: item for item in imported_stack(declared, analyses, locks)}
    kept = [imported.pop(item.name, item) for item in found]
    in_code = _imported_distributions(analyses)
    in_tests = _imported_distributions(analyses, tests=True)
    used = [_as_used(item, analyses) for item in (*kept, *imported.values())]
    return [
        item.model_copy(
            update={
                "imported": _distribution(item.name) in in_code
                # A test tool's use is its tests' imports (``import pytest``).
                or (item.category == "testing" and _distribution(item.name) in in_tests)
            }
        )
        for item in used
    ]


SAME_IMPORT_AS: dict[str, str] = {
    "opencv-python-headless": "opencv-python",
    "opencv-contrib-python": "opencv-python",
    "opencv-contrib-python-headless": "opencv-python",
}
"""Builds of a distribution that install the same import (``cv2``) under another name."""


def _distribution(name: str) -> str:
    """A stack item's name as an import would give it (``psycopg2-binary``: ``psycopg2``;
    ``opencv-python-headless``: ``opencv-python``)."""
    normalized = normalize_name(name).removesuffix("-binary")
    return SAME_IMPORT_AS.get(normalized, normalized)


def _imported_distributions(analyses: Sequence[FileAnalysis], *, tests: bool = False) -> set[str]:
    """The distributions the code outside tests (or, ``tests``, the tests) imports, by every
    name they may go by."""
    found: set[str] = set()
    for analysis in analyses:
        if analysis_in_tests(analysis) != tests:
            continue
        for signal in analysis.signals:
            if signal.kind == "import":
                found.add(normalize_name(signal.name))
                found.add(distribution_of(signal.name) or "")
            elif signal.kind == "submodule-import":
                found.update(_namespace_distributions(signal.name))
    return found


def _namespace_distributions(module: str) -> list[str]:
    """The names a distribution under a namespace package may have, by the module imported:
    ``google.cloud.storage`` -> ``google-cloud``, ``google-cloud-storage``."""
    parts = normalize_name(module).split("-")
    return ["-".join(parts[:end]) for end in range(2, len(parts) + 1)]


RUNTIME_CLIENTS = frozenset({"httpx"})
"""Test tools that are HTTP clients too: one the app's own code imports calls other services."""
SERVER_MODULES = {"aiohttp": "aiohttp.web"}
"""HTTP clients that also serve apps, through this module."""


def _as_used(item: StackItem, analyses: Sequence[FileAnalysis]) -> StackItem:
    """``item``, an HTTP client rather than a test tool where the app's code imports it, and a
    framework rather than a client where the app's code imports its server module."""
    if item.name in RUNTIME_CLIENTS and item.category == "testing":
        in_app = any(signal.name == item.name for signal in _app_signals(analyses, "import"))
        return item.model_copy(update={"category": "http-client"}) if in_app else item
    server = SERVER_MODULES.get(item.name)
    if server is not None and any(
        f"{signal.name}.".startswith(f"{server}.")
        for signal in _app_signals(analyses, "submodule-import")
    ):
        return item.model_copy(update={"category": "framework"})
    return item


def _app_signals(analyses: Sequence[FileAnalysis], kind: str) -> Iterator[Signal]:
    """The signals of ``kind`` in the code outside tests."""
    for analysis in analyses:
        if not analysis_in_tests(analysis):
            yield from (signal for signal in analysis.signals if signal.kind == kind)


def imported_stack(
    declared: Sequence[StackItem], analyses: Iterable[FileAnalysis], locks: Locks | None = None
) -> list[StackItem]:
    """Items for known packages the code imports that ``declared`` lacks, in name order: one a
    lock file above the importing file pins at its version, citing the lock (a package a
    declared one brings is listed only so); any other citing the first file importing it."""
    # psycopg2-binary is psycopg2 built ahead: the same import.
    have = {_distribution(item.name) for item in declared}
    brought = {name for item in declared for name in _brought_in_by(normalize_name(item.name))}
    first_seen: dict[str, str] = {}
    locked: dict[str, Pinned] = {}
    ordered = sorted(analyses, key=lambda a: a.path)
    local, plain = _top_level_modules(analysis.path for analysis in ordered)
    for analysis in ordered:
        if PurePosixPath(analysis.path).name == "setup.py":
            continue  # a build script's imports (numpy for its headers) are no dependency
        inside = _top_level_part(analysis.path)
        for signal in analysis.signals:
            top = signal.name.split(".")[0]
            if signal.kind != "import" or (top in local and not (top in plain and top == inside)):
                continue
            distribution = distribution_of(signal.name)
            if distribution is None or distribution in have:
                continue
            pinned = pinned_in(locks or {}, "python", distribution, analysis.path)
            if pinned is not None:
                locked.setdefault(distribution, pinned)
            elif distribution not in brought:
                first_seen.setdefault(distribution, analysis.path)
    items = {
        name: StackItem(name=name, version=None, category=category_of(name), source=path)
        for name, path in first_seen.items()
    }
    items.update(
        (
            name,
            StackItem(name=name, version=pin.version, category=category_of(name), source=pin.lock),
        )
        for name, pin in locked.items()
    )
    return [items[name] for name in sorted(items)]


def _top_level_modules(paths: Iterable[str]) -> tuple[set[str], set[str]]:
    """The project's own top-level modules and packages (``telegram`` of ``telegram/bot.py``,
    also under ``src/``): importing one is no sign of the distribution of that name
    (python-telegram-bot), since the project's own comes first. Only Python files count: a
    ``redis/`` folder of compose files is no package, and ``import redis`` finds the library.
    Also, apart, the folders among them without an ``__init__.py``: a script inside such a
    folder (``dash/app.py`` doing ``import dash``) imports the library, for the folder is not
    on the script's path, and a folder without ``__init__.py`` is a namespace package, which
    never hides an installed one (blind check s2)."""
    folders: set[str] = set()
    regular: set[str] = set()
    modules: set[str] = set()
    for path in paths:
        if not path.endswith(".py"):
            continue
        parts = _without_src(path)
        if len(parts) > 1:
            folders.add(parts[0])
            if parts[1:] == ("__init__.py",):
                regular.add(parts[0])
        elif parts:
            modules.add(parts[0].removesuffix(".py"))
    return folders | modules, folders - regular - modules


def _without_src(path: str) -> tuple[str, ...]:
    parts = PurePosixPath(path).parts
    return parts[1:] if parts and parts[0] == "src" else parts


def _top_level_part(path: str) -> str:
    """The top-level folder a file lives in (under ``src/`` too), "" for a top-level file."""
    parts = _without_src(path)
    return parts[0] if len(parts) > 1 else ""
