"""The stack also names well-known packages the code imports that no manifest declares: a
learner's repo without a requirements file still runs on FastAPI."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.repo import open_repo
from mentorbot.analysis.stack_categories import overview_stack
from mentorbot.analysis.stack_imports import distribution_of
from mentorbot.cache import AnalysisCache
from mentorbot.scanning import scan_repository

MAIN = """\
import jwt
from fastapi import FastAPI
from sqlmodel import Session, select
from sqlalchemy import func

import models
from dotenv import load_dotenv

app = FastAPI()
"""


def _stack(root: Path, tmp_path: Path) -> dict[str, tuple[str | None, str, str]]:
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )
    return {item.name: (item.version, item.category, item.source) for item in scan.stack}


def test_imports_fill_in_what_no_manifest_declares(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(MAIN)
    (root / "app" / "models.py").write_text("from sqlmodel import SQLModel\n")
    (root / "requirements.txt").write_text("sqlmodel==0.0.22\n")

    stack = _stack(root, tmp_path)

    assert stack == {
        "sqlmodel": ("0.0.22", "orm", "requirements.txt"),
        "fastapi": (None, "framework", "app/main.py"),
        "pyjwt": (None, "other", "app/main.py"),
        "python-dotenv": (None, "other", "app/main.py"),
    }


def test_a_scheduler_and_a_media_host_imported_but_undeclared_are_named(tmp_path: Path) -> None:
    """A carbon-emissions API ran an APScheduler job and its log named only redis as
    "imported by the code but declared in no dependency manifest"."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "scheduler.py").write_text(
        "from apscheduler.schedulers.background import BackgroundScheduler\n"
        "import cloudinary.uploader\nimport redis\n\nscheduler = BackgroundScheduler()\n"
    )
    (root / "requirements.txt").write_text("fastapi==0.111.0\n")

    stack = _stack(root, tmp_path)

    assert {name: source for name, (_, _, source) in stack.items()} == {
        "fastapi": "requirements.txt",
        "apscheduler": "app/scheduler.py",
        "cloudinary": "app/scheduler.py",
        "redis": "app/scheduler.py",
    }


def test_a_local_module_is_not_a_package() -> None:
    assert distribution_of("models") is None
    assert distribution_of("app") is None
    assert distribution_of("yaml") == "pyyaml"
    assert distribution_of("langchain_openai") == "langchain-openai"
    assert distribution_of("fastapi_cache") == "fastapi-cache2"
    assert distribution_of("odmantic") == "odmantic"
    # A LangChainApp's own LangChain/ folder (blind check corpus 55); PIL is Pillow's name.
    assert distribution_of("LangChain") is None
    assert distribution_of("PIL") == "pillow"
    # Imported, declared nowhere, and left out of the log's list (corpus 82, 83).
    assert distribution_of("torch") == "torch"
    assert distribution_of("joblib") == "joblib"
    assert distribution_of("pyotp") == "pyotp"
    assert distribution_of("Crypto") == "pycryptodome"


def test_a_binary_build_and_an_extra_declare_what_they_install(tmp_path: Path) -> None:
    """A RAG app pinned psycopg2-binary and langchain[google-genai]: the log said psycopg2 and
    langchain-google-genai were declared in no manifest."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app" / "chat.py").write_text(
        "import bcrypt\nimport psycopg2\n"
        "from langchain_google_genai import ChatGoogleGenerativeAI\n"
        "from langchain_openai import ChatOpenAI\n"
    )
    (root / "requirements.txt").write_text(
        "psycopg2-binary\nlangchain[google-genai]\npasslib[bcrypt]\n"
    )

    stack = _stack(root, tmp_path)

    assert stack["psycopg2-binary"][2] == "requirements.txt"
    assert stack["langchain-google-genai"][2] == "requirements.txt"
    assert stack["bcrypt"][2] == "requirements.txt"  # passlib[bcrypt] installs it
    assert "psycopg2" not in stack
    # Not installed by what is declared: still named, from the file that imports it.
    assert stack["langchain-openai"][2] == "app/chat.py"


def test_a_tool_seen_by_its_config_file_and_imported_is_declared_nowhere(tmp_path: Path) -> None:
    """A repo with no manifest at all was told fastapi, pytest and sqlmodel were undeclared, but
    not alembic: its alembic.ini counted as a declaration."""
    root = tmp_path / "repo"
    (root / "backend" / "alembic").mkdir(parents=True)
    (root / "backend" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    (root / "backend" / "alembic.ini").write_text("[alembic]\nscript_location = alembic\n")
    (root / "backend" / "alembic" / "env.py").write_text("from alembic import context\n")
    (root / "tools").mkdir()
    (root / "tools" / "alembic.ini").write_text("[alembic]\n")

    stack = _stack(root, tmp_path)

    assert stack == {
        "alembic": (None, "migrations", "backend/alembic/env.py"),
        "fastapi": (None, "framework", "backend/main.py"),
    }


def test_httpx_the_app_calls_services_with_is_an_http_client_not_a_test_tool(
    tmp_path: Path,
) -> None:
    """A weather service calling its upstream API with httpx had httpx filed under "testing"."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "app" / "client.py").write_text(
        "import httpx\n\n\nasync def weather(city: str) -> dict:\n"
        "    async with httpx.AsyncClient() as client:\n"
        '        return (await client.get("https://wttr.in", params={"q": city})).json()\n'
    )
    (root / "requirements.txt").write_text("fastapi==0.111.0\nhttpx==0.27.0\n")
    assert _stack(root, tmp_path)["httpx"] == ("0.27.0", "http-client", "requirements.txt")

    (root / "app" / "client.py").write_text("def weather(city: str) -> dict:\n    return {}\n")
    (root / "tests" / "test_api.py").write_text("import httpx\n")
    assert _stack(root, tmp_path / "again")["httpx"] == ("0.27.0", "testing", "requirements.txt")


def test_a_hosted_database_and_llm_sdks_imported_but_undeclared_are_named(tmp_path: Path) -> None:
    """A route planner queried Supabase and asked Groq; its log listed only pytest, python-dotenv
    and requests as imported but undeclared (blind check corpus 41)."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.py").write_text(
        "from groq import Groq\nfrom supabase import Client, create_client\n\n"
        "supabase: Client = create_client('https://x.supabase.co', 'key')\nllm = Groq()\n"
    )

    stack = _stack(root, tmp_path)

    assert stack["supabase"] == (None, "other", "main.py")
    assert stack["groq"] == (None, "ai", "main.py")


def test_each_item_says_whether_the_code_outside_tests_imports_it(tmp_path: Path) -> None:
    """A pip freeze lists what the code never imports; the log names what it does first. A
    test tool is used where the tests import it (two blind checks read pytest's "not imported"
    as wrong)."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "app" / "main.py").write_text(MAIN + "import psycopg2\n")
    (root / "tests" / "test_main.py").write_text("import pytest\nimport httpx\n")
    (root / "requirements.txt").write_text(
        "sqlmodel==0.0.22\ndjango==5.1.6\npsycopg2-binary==2.9.9\npython-jose==3.3.0\n"
        "pytest==8.3.5\nhttpx==0.28.1\n"
    )
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )

    imported = {item.name: item.imported for item in scan.stack}
    assert imported == {
        "sqlmodel": True,
        "django": False,
        "psycopg2-binary": True,
        "python-jose": False,
        "pytest": True,
        "httpx": True,
        "fastapi": True,
        "pyjwt": True,
        "python-dotenv": True,
    }


def test_flask_extensions_and_bot_libraries_are_named_by_their_distributions(
    tmp_path: Path,
) -> None:
    """A Flask app with no manifest imported Flask-SQLAlchemy and Flask-Login, and its stack
    line named only flask; a telebot bot's pinned pyTelegramBotAPI read as never imported
    (blind check corpus 54)."""
    root = tmp_path / "repo"
    (root / "site").mkdir(parents=True)
    (root / "bot").mkdir()
    (root / "site" / "__init__.py").write_text(
        "from flask import Flask\nfrom flask_login import LoginManager\n"
        "from flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\n"
    )
    (root / "bot" / "main.py").write_text("import telebot\nfrom telegram import Update\n")
    (root / "bot" / "requirements.txt").write_text("pyTelegramBotAPI==4.14.0\n")

    stack = _stack(root, tmp_path)
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "again")
    )

    assert stack["flask-sqlalchemy"] == (None, "other", "site/__init__.py")
    assert stack["flask-login"] == (None, "other", "site/__init__.py")
    assert stack["python-telegram-bot"] == (None, "bot", "bot/main.py")
    assert stack["pytelegrambotapi"] == ("4.14.0", "bot", "bot/requirements.txt")
    assert {item.name: item.imported for item in scan.stack}["pytelegrambotapi"] is True


def test_a_bots_scrapers_payments_and_drivers_are_named_and_seen_imported(tmp_path: Path) -> None:
    """A bot's stack line named three libraries "all seen in the code's imports" and left out
    instaloader, paypalrestsdk, environs and selenium; a pinned mysql-connector-python and
    voicevox-client read as never imported (blind check corpus 89)."""
    root = tmp_path / "repo"
    (root / "bot").mkdir(parents=True)
    (root / "bot" / "main.py").write_text(
        "import instaloader\nimport paypalrestsdk\nimport mysql.connector\n"
        "from environs import Env\nfrom selenium import webdriver\nfrom voicevox import Client\n"
    )
    (root / "requirements.txt").write_text(
        "mysql-connector-python==8.2.0\nvoicevox-client==0.1.0\n"
    )
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )

    imported = {item.name: item.imported for item in scan.stack}
    assert imported == {
        "mysql-connector-python": True,
        "voicevox-client": True,
        "instaloader": True,
        "paypalrestsdk": True,
        "environs": True,
        "selenium": True,
    }


def test_a_distribution_under_a_namespace_package_is_seen_imported(tmp_path: Path) -> None:
    """A Gemini chatbot's stack said ``google-generativeai`` was not imported: its code imports
    ``google.generativeai``, whose top name ``google`` many distributions share."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "bot.py").write_text(
        "import google.generativeai as genai\nfrom google.cloud import storage\n"
        "from azure.storage.blob import BlobServiceClient\n"
    )
    (root / "requirements.txt").write_text(
        "google-generativeai==0.8.3\ngoogle-cloud-storage==2.18.0\nazure-storage-blob==12.23.0\n"
        "google-cloud-firestore==2.19.0\n"
    )
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )

    imported = {item.name: item.imported for item in scan.stack}
    assert imported == {
        "google-generativeai": True,
        "google-cloud-storage": True,
        "azure-storage-blob": True,
        "google-cloud-firestore": False,
    }


def test_aiohttp_is_a_framework_only_where_the_app_serves_with_aiohttp_web(
    tmp_path: Path,
) -> None:
    """A bot calling an API with ``aiohttp.ClientSession`` had aiohttp named as its framework."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "weather.py").write_text(
        "import aiohttp\n\n\nasync def forecast(city: str) -> dict:\n"
        "    async with aiohttp.ClientSession() as session:\n"
        '        async with session.get("https://wttr.in", params={"q": city}) as reply:\n'
        "            return await reply.json()\n"
    )
    (root / "requirements.txt").write_text("aiogram==3.13.0\naiohttp==3.10.10\n")
    assert _stack(root, tmp_path)["aiohttp"] == ("3.10.10", "http-client", "requirements.txt")

    (root / "server.py").write_text(
        "from aiohttp import web\n\napp = web.Application()\n\nweb.run_app(app)\n"
    )
    assert _stack(root, tmp_path / "again")["aiohttp"] == (
        "3.10.10",
        "framework",
        "requirements.txt",
    )


def test_a_test_tool_imported_by_the_tests_and_python_docx_are_seen_imported(
    tmp_path: Path,
) -> None:
    """pytest read as never imported though every test imported it, and python-docx though
    ``import docx`` read the uploads (blind check c1)."""
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "app" / "files.py").write_text("import docx\n\n\ndef text(path):\n    return path\n")
    (root / "tests" / "test_files.py").write_text("import pytest\n\n\ndef test_x():\n    pass\n")
    (root / "requirements.txt").write_text("python-docx==1.1.2\npytest==8.3.0\nhttpx==0.27.0\n")
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )

    imported = {item.name: item.imported for item in scan.stack}
    assert imported == {"python-docx": True, "pytest": True, "httpx": False}


def test_strawberry_and_opencv_are_seen_imported_by_their_import_names(tmp_path: Path) -> None:
    """``import strawberry`` read as never importing strawberry-graphql (blind check r2), and
    ``import cv2`` its OpenCV build, whichever of them the requirements pin."""
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src" / "schema.py").write_text(
        'import strawberry\n\n\n@strawberry.type\nclass Query:\n    hello: str = "world"\n'
    )
    (root / "src" / "frames.py").write_text("import cv2\n\nframe = cv2.imread('a.png')\n")
    (root / "requirements.txt").write_text(
        "strawberry-graphql==0.219.2\nopencv-python-headless==4.10.0.84\nseaborn==0.13.2\n"
    )
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )

    imported = {item.name: item.imported for item in scan.stack}
    assert imported == {
        "strawberry-graphql": True,
        "opencv-python-headless": True,
        "seaborn": False,
    }
    assert distribution_of("strawberry") == "strawberry-graphql"
    assert distribution_of("cv2") == "opencv-python"


def test_a_game_and_a_desktop_app_with_no_manifest_name_what_they_import(tmp_path: Path) -> None:
    """A pygame game with a PyQt5 dialog read "no framework or library was recognised", and a
    PyQt5 dashboard talking MQTT named only pymysql and requests (blind check u1)."""
    root = tmp_path / "repo"
    (root / "windows").mkdir(parents=True)
    (root / "game.py").write_text(
        "import sys\n\nimport pygame\nfrom PyQt5.QtWidgets import QApplication, QDialog\n"
    )
    (root / "windows" / "dashboard.py").write_text(
        "import paho.mqtt.client as mqtt\nimport matplotlib.pyplot as plt\n"
        "from PySide6.QtWidgets import QMainWindow\n"
    )

    stack = _stack(root, tmp_path)

    assert stack == {
        "pygame": (None, "other", "game.py"),
        "pyqt5": (None, "other", "game.py"),
        "paho-mqtt": (None, "other", "windows/dashboard.py"),
        "matplotlib": (None, "other", "windows/dashboard.py"),
        "pyside6": (None, "other", "windows/dashboard.py"),
    }


def test_airflow_is_seen_imported_and_a_graph_library_is_named(tmp_path: Path) -> None:
    """An Airflow project's stack said apache-airflow was never imported (its DAGs import
    ``airflow``), and its log line hid it behind "and 2 more"; a wiki scraper's analysis
    imported networkx, which its stack line left out (blind check s1)."""
    root = tmp_path / "repo"
    (root / "dags").mkdir(parents=True)
    (root / "analysis").mkdir()
    (root / "dags" / "ratings.py").write_text(
        "from airflow import DAG\nfrom airflow.operators.python import PythonOperator\n"
    )
    (root / "analysis" / "graph.py").write_text(
        "import networkx as nx\nfrom dateutil import parser\n\ngraph = nx.DiGraph()\n"
    )
    (root / "requirements.txt").write_text(
        "apache-airflow==2.8.1\npandas==2.2.0\nSQLAlchemy==2.0.25\npsycopg2-binary==2.9.9\n"
        "python-dateutil\n"
    )
    scan = scan_repository(
        open_repo(str(root)), since=None, cache=AnalysisCache(tmp_path / "cache")
    )

    assert {item.name: (item.imported, item.source) for item in scan.stack} == {
        "apache-airflow": (True, "requirements.txt"),
        "pandas": (False, "requirements.txt"),
        "sqlalchemy": (False, "requirements.txt"),
        "psycopg2-binary": (False, "requirements.txt"),
        "python-dateutil": (True, "requirements.txt"),
        "networkx": (True, "analysis/graph.py"),
    }
    assert "apache-airflow" in [item.name for item in overview_stack(scan.stack)]
