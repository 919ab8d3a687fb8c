"""MB107's cases of secrets known by their shape or by where they sit: a password with a ``<``
among its characters, a dotenv file named with a hyphen, a Telegram bot's tokens and a Google
app password kept in an example file, a generated value under any ``*_KEY``; and the test
suite's dotenv file (``.env.test``), whose values are throwaway ones unless they have a real
key's shape."""

from __future__ import annotations

from mentorbot.rules.base import Case

TEMPLATE_ENV = """\
SECRET_KEY=change-me
DATABASE_URL=postgresql+asyncpg://postgres:postgres@localhost:5432/app
"""
BAD_ENV_EXAMPLE = """\
SECRET_KEY=change-me
MAIL_SERVER=smtp.gmail.com
SMTP_USER=shop.notifications@example.com
SMTP_PASSWORD=qwer tyui opas dfgh
"""
"""An example file that kept the real Gmail app password it was copied from."""

BAD_TELEGRAM_BOT = """\
from aiogram import Bot, Dispatcher

PROW_TEST = "381764678:TEST:83920fa7b2c4d5e6f7a8"
bot = Bot(token="7123456789:AAH4kq9Zx-3Lw8PqR2tYv6Nb1Mc5Jd0Ks7U")
dp = Dispatcher()
"""
"""A bot's token and its payment provider's test token, known by their shapes (blind check
corpus 49): neither name says "secret"."""

BAD_DISCORD_BOT = """\
import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
bot.run("NzMzNDU2Nzg5MDEyMzQ1Njc4.GhT2kQ.p8Zx3Lw9QrT2yV6nB1mC5jD0kS7uA4eF")
"""
"""A Discord bot's token passed straight to ``run``: known by its shape alone (corpus 65)."""

SCRAPER_HEADERS = """\
import requests

HEADERS = {
    "User-Agent": "Mozilla/5.0 scraper/0.1",
    "Cookie": "sessionid=7d1f0c9e4b2a48f6a0e3c5d7; csrftoken=Qm9vS3RvU2NyYXBlQ3Ny",
}
API_HEADERS = {"Authorization": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"}
COOKIES = {"sessionid": "4b2a48f6a0e3c5d7"}
"""
"""A browser's logged-in session and an API's bearer key pasted into a scraper's headers
(blind check p1): the names say cookie and authorization, not secret."""

GOOD_SCRAPER_HEADERS = """\
import os

import requests

SESSION_COOKIE_SAMESITE = "Strict"
REMEMBER_COOKIE = "remember_token"
HEADERS = {"Cookie": "lang=en; theme=dark", "Accept": "text/html"}


def fetch(url: str) -> str:
    token = os.environ["API_TOKEN"]
    auth = {"Authorization": f"Bearer {token}"}
    plain = {"Authorization": "Bearer " + token}
    return requests.get(url, headers=auth | plain | HEADERS, timeout=10).text
"""

DOCKER_ENV = """\
DB_HOST=db
DB_PASS=postgres
SECRET_AUTH=9f2c4e8a1b7d3f6e0a5c2b8d4e1f7a3c9b6d0e2f5a8c1b4d7e3f6a9c2b5d8e1f4
"""
"""The environment a compose file hands its app container, committed beside the app."""

BAD_DB_DEFAULT = """\
import os

import psycopg2

db_password = os.environ.get("DATABASE_PASSWORD", "Xy7#kLm<abc")
connection = psycopg2.connect(host="db", user="shop", password=db_password)
"""
"""A real password that has a ``<`` in it, which read as the start of a ``<your password>``
slot (blind check corpus 50)."""

SIGNING_IN_CALLS = """\
import jwt
import pymysql
from itsdangerous import URLSafeTimedSerializer

serializer = URLSafeTimedSerializer("s4lt-and-pepper-2024")


def make_token(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, "secret_key", algorithm="HS256")


def read_token(token: str, key: str) -> dict:
    jwt.decode(token, key, algorithms=["HS256"])
    return jwt.decode(token, key="k3y-2024!", algorithms=["HS256"])


def connect(password: str):
    pymysql.connect("localhost", "root", password, "mobile")
    return pymysql.connect("localhost", "root", "root", "mobile")
"""
"""Keys written into the calls that sign with them: no variable names them (blind check corpus
53)."""
CAPITAL_WORD_KEY = """\
import jwt


class AuthHandler:
    secret = "SECRETWAY"
    label = "SECRET_KEY"

    def encode(self, user_id: int) -> str:
        return jwt.encode({"sub": user_id}, self.secret, algorithm="HS256")
"""
"""A key in capitals that is a word of the learner's, not a constant's name (blind check corpus
55); the name beside it only says what belongs there."""

GOOD_TEST_ENV = """\
SECRET_KEY=test-secret-key-for-pytest
DATABASE_URL=postgresql+asyncpg://todo:todo_test_pw@localhost:5433/todo_test
ACCESS_TOKEN_EXPIRE_MINUTES=5
"""
BAD_TEST_ENV = """\
SECRET_KEY=test-secret-key-for-pytest
OPENAI_API_KEY=sk-proj-Hq7Zt2Lw9Xk4Rm8Pv3Nd6Bs1Jf5Gc0Ty
"""

FLASK_CONFIG_FALLBACK = """\
import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "you-will-never-guess"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite:///app.db"
"""
"""The Flask tutorial's fallback key: what every app left without the variable signs with."""

WEATHER_SETTINGS = """\
import os

OPENWEATHERMAP_API_KEY = os.getenv("OPENWEATHERMAP_KEY", "ad0ad2ac179bf0b21d34052cc212bf1e")
CACHE_KEY = "weather:current"
SORT_KEY = "created_at_desc_order_by"
"""
"""A generated value under a name ending in KEY, as an environment read's fallback; a cache's
or a sort's key names no secret (history 52)."""

STAT_TABLES = """\
PLAYER_TABLES = {
    "pass": "div_player_offense",
    "rush": "div_player_rushing",
}
LOGIN = {"user": "coach", "pass": "Tds4life!"}
"""
"""A scraper's table ids under a football pass's key; a password under the same key is one
(corpus 87)."""

AIRFLOW_COMPOSE = """\
services:
  airflow-init:
    image: apache/airflow:2.9.2
    entrypoint: >
      bash -c "airflow db migrate &&
      airflow users create --role Admin --username admin --email admin@example.com
      --firstname Ada --lastname Admin --password Tr0ub4dor"
  airflow-web:
    image: apache/airflow:2.9.2
    command: airflow users create --username viewer --password "$VIEWER_PASSWORD"
"""
"""A password passed on a command line in a compose file's entrypoint; one read from the
environment there is none (corpus 87)."""

REDIS_COMPOSE = """\
services:
  redis:
    image: redis:7
    command: ["redis-server", "--appendonly", "yes", "--requirepass", "Xk9pQz2LmW7vRt4sNb3c"]
  cache:
    image: redis:7
    command: redis-server --requirepass Xk9pQz2LmW7vRt4sNb3c
  worker:
    environment:
      CELERY_BROKER_URL: redis://:Xk9pQz2LmW7vRt4sNb3c@redis:6379/0
"""
"""Redis's password given to the server as a command's argument, in list and string form,
beside the broker URL that holds it too (blind check k1)."""
REDIS_COMPOSE_FROM_ENV = """\
services:
  redis:
    image: redis:7
    command: ["redis-server", "--appendonly", "yes", "--requirepass", "${REDIS_PASSWORD}"]
  cache:
    image: redis:7
    command: redis-server --requirepass ${REDIS_PASSWORD}
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: password
  sessions:
    image: redis:7
    command: redis-server --requirepass password
"""
"""Redis's password read from the environment, and the word "password" where one goes: a
label, as ``POSTGRES_PASSWORD: password`` beside it is (regression of blind check k1's fix)."""

FORM_MARKERS = """\
from flask import Flask, request

app = Flask(__name__)
settings = {"smtp_password": "m41l-Relay!"}


@app.post("/users/<int:user_id>")
def update_user(user_id: int):
    # a value of [HIDDEN] means the password is left as it is
    password = request.form.get("password", "[HIDDEN]")
    if password == "[HIDDEN]":
        password = None
    return {"changed": password is not None}


@app.post("/signup")
def sign_up():
    password = request.json.get("password", "123456")
    relay = settings.get("smtp_password", "F4llback-Relay?")
    if password == "Adm1n-Pa55!":
        return {"admin": True, "password": password, "relay": relay}
    return {"admin": False}
"""
"""A form's "left as it was" marker and a request body's default are no secrets of the app; a
config mapping's default and a code compared with are (corpus 94)."""
FORM_MARKERS_HITS = (4, 19, 20)

PASTED_ENV = """\
import os

from app.config import SECRET

DB_PASSWORD=Qm4821vt
JWT_SECRET = SECRET
API_KEY = os
"""
"""A dotenv line pasted into a module (history 57); a name imported or bound is no value."""

SHORT_PASSWORD = """\
from psycopg2 import connect


def get_connection():
    return connect(dbname="school", user="postgres", host="localhost", password="123", port="543")
"""
"""Three digits are a short password, and a password; as a port they are a port (history 57)."""

API_WIDGETS = """\
import urllib.request

import requests


def news(query: str) -> bytes:
    req = urllib.request.Request("https://openapi.naver.com/v1/search/news?query=" + query)
    req.add_header("X-Naver-Client-Id", "Zq8Lw3Nc5Vb7Xm1Kj4Hg")
    req.add_header("X-Naver-Client-Secret", "pT4kQ9rLw2")
    return urllib.request.urlopen(req).read()


def weather(city: str) -> dict:
    params = {"q": city, "appid": "5c1d9e07ab43f2286e0b7d14a9c3f5e1", "units": "metric"}
    url = "https://api.openweathermap.org/data/2.5/weather"
    return requests.get(url, params=params, timeout=5).json()
"""
"""A secret set as a request header by name, and OpenWeatherMap's key under ``appid``; the
client id is an identifier (blind check u1)."""
API_WIDGETS_LINES = (9, 14)

BAD: tuple[Case, ...] = (
    Case(
        files={"widgets/api.py": API_WIDGETS},
        hits=tuple(("widgets/api.py", line) for line in API_WIDGETS_LINES),
        note="a header's secret set with add_header, and a key under appid",
    ),
    Case(
        files={"database.py": SHORT_PASSWORD},
        hits=(("database.py", 5),),
        note="a three-digit password handed to connect",
    ),
    Case(
        files={"app/env.py": PASTED_ENV},
        hits=(("app/env.py", 5),),
        note="a password pasted as code, its value an undefined name",
    ),
    Case(
        files={"app/views.py": FORM_MARKERS},
        hits=tuple(("app/views.py", line) for line in FORM_MARKERS_HITS),
        note="a form's [HIDDEN] marker and a request's default are not secrets; a config "
        "default and a compared code are",
    ),
    Case(
        files={"docker-compose.yml": AIRFLOW_COMPOSE},
        hits=(("docker-compose.yml", 7),),
        note="a password given to a command line's --password option",
    ),
    Case(
        files={"docker-compose.yml": REDIS_COMPOSE},
        hits=(("docker-compose.yml", 4), ("docker-compose.yml", 7), ("docker-compose.yml", 10)),
        note="Redis's password on its server's command line, as a list's item too",
    ),
    Case(
        files={"app/lib/scrape.py": STAT_TABLES},
        hits=(("app/lib/scrape.py", 5),),
        note="a password under a `pass` key, not the table id under another one",
    ),
    Case(
        files={"settings/local.py": WEATHER_SETTINGS},
        hits=(("settings/local.py", 3),),
        note="a generated value behind a KEY name no secret word is in",
    ),
    Case(
        files={"config.py": FLASK_CONFIG_FALLBACK},
        hits=(("config.py", 5),),
        note="a key written as the fallback after ``or``",
    ),
    Case(
        files={".env.test": BAD_TEST_ENV},
        hits=((".env.test", 2),),
        note="an OpenAI key in the test suite's dotenv file",
    ),
    Case(
        files={"app/auth.py": SIGNING_IN_CALLS},
        hits=(("app/auth.py", 5), ("app/auth.py", 9), ("app/auth.py", 14), ("app/auth.py", 19)),
        note="signing keys handed to jwt and itsdangerous in the call, and a password to "
        "pymysql by its place (corpus 94)",
    ),
    Case(
        files={"app/auth.py": CAPITAL_WORD_KEY},
        hits=(("app/auth.py", 5),),
        note="a key in capitals of the learner's own words",
    ),
    Case(
        files={"pyserver/db.py": BAD_DB_DEFAULT},
        hits=(("pyserver/db.py", 5),),
        note="a fallback password with a < among its characters",
    ),
    Case(
        files={".env-non-dev": DOCKER_ENV, ".env-example": TEMPLATE_ENV},
        hits=((".env-non-dev", 2), (".env-non-dev", 3)),
        note="a dotenv file named with a hyphen is the environment too, its -example a template",
    ),
    Case(
        files={"app/bot.py": BAD_TELEGRAM_BOT},
        hits=(("app/bot.py", 3), ("app/bot.py", 4)),
        note="Telegram's bot token and a payment provider token, by their shapes",
    ),
    Case(
        files={"bot.py": BAD_DISCORD_BOT},
        hits=(("bot.py", 5),),
        note="a Discord bot token passed to run(), by its shape",
    ),
    Case(
        files={".env.example": BAD_ENV_EXAMPLE},
        hits=((".env.example", 4),),
        note="a Google app password in an example file: no placeholder has its shape",
    ),
    Case(
        files={"scraper.py": SCRAPER_HEADERS},
        hits=(("scraper.py", 5), ("scraper.py", 7), ("scraper.py", 8)),
        note="a session cookie and a bearer key in a scraper's request headers",
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files={".env.test": GOOD_TEST_ENV},
        note="the test suite's dotenv file holds throwaway values, as a template holds slots",
    ),
    Case(
        files={"docker-compose.yml": REDIS_COMPOSE_FROM_ENV},
        note="Redis's password read from the environment, or only named, on its command line",
    ),
    Case(
        files={"scraper.py": GOOD_SCRAPER_HEADERS},
        note="cookie settings and preferences; a bearer key read from the environment",
    ),
)
