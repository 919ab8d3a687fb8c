"""MB107's cases: credentials in a settings module, a test, a ``.env`` file, a Dockerfile, a
notebook and pip's requirement files, and the placeholders, labels and examples that are none."""

from __future__ import annotations

from mentorbot.rules import _secret_auth_cases as auth_pairs
from mentorbot.rules import _secret_aws_cases as aws_keys
from mentorbot.rules import _secret_encoded_cases as encoded
from mentorbot.rules import _secret_file_cases as config_files
from mentorbot.rules import _secret_file_name_cases as file_names
from mentorbot.rules import _secret_sample_cases as samples
from mentorbot.rules import _secret_session_cases as sessions
from mentorbot.rules import _secret_shape_cases as shapes
from mentorbot.rules import _stand_in_key_cases as stand_ins
from mentorbot.rules.base import Case

BAD_CONFIG = """\
import os

from pydantic_settings import BaseSettings

DATABASE_URL = "postgresql+asyncpg://shop:Pr0d-Passw0rd!@db.internal:5432/shop"
OPENAI_API_KEY = "sk-proj-4fQx9TmZk2LrVb7NcW1yHs8DgJ3ePaU6"


class Settings(BaseSettings):
    secret_key: str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    jwt_algorithm: str = "HS256"
    access_token_expire_minutes: int = 30


def smtp_password() -> str:
    return os.getenv("SMTP_PASSWORD", "mailpass2024")


MAIL = {"MAIL_USERNAME": "shop.orders@gmail.com", "MAIL_PASSWORD": "vqnt rpwx kdsa zmle"}
"""

BAD_NOTEBOOK = """\
{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "source": [
    "from openai import OpenAI\\n",
    "client = OpenAI(api_key=\\"sk-proj-Xb81LqTz5WmR2vKc9NdYh4GsJ7fPaE3u\\")\\n"
   ],
   "outputs": []
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"""

BAD_NOTEBOOK_DOUBLE_QUOTES = """\
{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "source": [
    "import requests\\n",
    "NEWS_API_KEY = \\"5c1e9a07d3b84f62a9e0c7d15b3f8a24\\"\\n",
    "params = {\\"q\\": \\"Tesla\\", \\"apiKey\\": NEWS_API_KEY}\\n"
   ],
   "outputs": []
  }
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5
}
"""
"""A key in a cell's double quotes, which the notebook's JSON escapes (blind check x1)."""

GOOD_NOTEBOOK_DOUBLE_QUOTES = BAD_NOTEBOOK_DOUBLE_QUOTES.replace(
    '\\"5c1e9a07d3b84f62a9e0c7d15b3f8a24\\"', 'os.environ[\\"NEWS_API_KEY\\"]'
).replace("import requests", "import os")

BAD_ENV = """\
# local settings
DEBUG=true
SECRET_KEY=u8Qw2Lr9Zx4Kp7Tn3Vb6Yc1Hs5Fg0Jd
DATABASE_URL=postgresql://app:postgres@localhost:5432/app
MONGODB_URI=mongodb+srv://shop-user:<Magic%40#123>@shop-db.5e4kjil.mongodb.net/?retryWrites=true
SERPAPI_KEY = 7c1e9a04b2d85f3e6a9c0d1b4f7e2a5c8d3b6e9f0a1c4d7b2e5f8a3c6d9b0e1f
"""

BAD_TEST = """\
from openai import OpenAI


def test_the_summary_prompt_fits_the_model() -> None:
    client = OpenAI(api_key="sk-proj-4fQ9xT2mLk8ZpR7vW3nB6cY1dH5jS0aE")
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])
    assert reply.choices
"""
BAD_DOTENV_DEFAULT = """\
from dotenv import dotenv_values

configure_env = dotenv_values(".env")
SECRET_KEY = configure_env.get("SECRET_KEY", "b7Qx2mZt9Lw4Rk8Pv3Nd6Hs1")
ALGORITHM = configure_env.get("ALGORITHM", "HS256")
"""

BAD_COMMENTED_KEY = """\
import os

from langchain_openai import ChatOpenAI

# openai_api_key = "sk-proj-7hKq2LmN9xPzR4tV6wB8cD1fG3jS5aE0yU"
openai_api_key = os.environ["OPENAI_API_KEY"]
llm = ChatOpenAI(api_key=openai_api_key)  # the key lives in .env now
"""
BAD_COMMENTED_CONNECT = """\
import psycopg2

# while True:
#     conn = psycopg2.connect(host="localhost", user="postgres", password="password321")
#     break
# password = "just a note on the old password field"

# the old local settings:
# DB_PASSWORD = 'Zq8!vR2#pL'
"""
"""The first way of connecting, commented out whole, still holds its password (corpus 91)."""
BAD_SCRATCH_TEST = """\
import psycopg2

connection = psycopg2.connect(host="localhost", user="shop", password="Sh0p-db-2024!")
print(connection.server_version)
"""
"""A ``test.py`` that tries the database out: no test in it, its password is the database's."""
BAD_SMTP_SMOKE_SCRIPT = """\
import smtplib
import ssl

sender_email = "shop.alerts@example.com"
password = "Kx7mQ2vLp9Rt4wZs"

with smtplib.SMTP("smtp.gmail.com", 587) as server:
    server.starttls(context=ssl.create_default_context())
    server.login(sender_email, password)
    server.sendmail(sender_email, sender_email, "Subject: SMTP check")
"""

GOOD_TEST = """\
from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)
ADMIN = {"username": "admin", "password": "admin-pass-1"}


def test_login_rejects_a_wrong_password() -> None:
    response = client.post("/login", data={"username": "ada", "password": "n0t-her-password"})
    assert response.status_code == 401


def test_admin_can_log_in(password: str = "s3cret-for-tests") -> None:
    assert client.post("/login", data=ADMIN).status_code == 200
"""

GOOD_SEED = """\
from app.database import SessionLocal
from app.models import User
from app.security import hash_password

DEMO_USERS = [
    {"name": "Ada", "email": "ada@example.com", "password": "ada-demo-2024"},
    {"name": "Alan", "email": "alan@example.com", "password": "mockpassword2"},
]

with SessionLocal() as session:
    for user in DEMO_USERS:
        session.add(User(email=user["email"], hashed_password=hash_password(user["password"])))
    session.commit()
"""

GOOD_CONFIG = """\
from fastapi.security import OAuth2PasswordBearer
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")
TOKEN_TYPE = "bearer"
PASSWORD_MIN_LENGTH = 8
RESET_TOKEN_PURPOSE = "reset"
DEMO_ACCESS_TOKEN = "fake-token-for-the-demo"
DOCS_URL_EXAMPLE = "given https://ada:a%20secret@db.local/app, the password is 'a secret'"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    # mysql+aiomysql://계정:비밀번호@호스트:포트/DB이름

    database_url: str = "postgresql+asyncpg://user:password@localhost:5432/app"
    secret_key: str = Field(default="change-me", min_length=8)
    openai_api_key: str | None = None
    jwt_algorithm: str = "HS256"
"""

DEFAULT_LOGIN = """\
from psycopg2 import connect

conn = connect(host="localhost", user="postgres", password="postgres", dbname="fastapi")
"""

GOOD_SCHEMAS = """\
from pydantic import BaseModel, ConfigDict, Field


class UserCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "ada@example.org", "password": "s3cure-Passw0rd"}],
        }
    )

    email: str
    password: str = Field(min_length=8, examples=["another-Passw0rd"])
"""

GOOD_ENV_LABELS = """\
DATABASE_URL=postgresql://db_user:db_password@localhost:5432/db_name
DB_PASSWORD=db_password
SECRET_KEY=secret_key
PSQL_PASS=psql_password
REDIS_PWD=redis-password
MONGODB_URI=mongodb+srv://shop-user:<db_password>@shop-db.5e4kjil.mongodb.net/
OPENAI_API_KEY=<your openai key>
JWT_SECRET=a_very_secret_key_that_should_be_changed
"""

GOOD_ENV_EXAMPLE = """\
SECRET_KEY=change-me
OPENAI_API_KEY=your-openai-key-here
DATABASE_URL=postgresql+asyncpg://postgres:postgres@localhost:5432/app
SMTP_PASSWORD=
"""

BAD_FLASK = """\
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "f1ask-Sess10n-Key-77"
"""

BAD_SAYS_CHANGE = """\
from jose import jwt

SECRET_KEY = "supersecure_fixed_key_that_will_not_change"
ALGORITHM = "HS256"


def make_token(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, SECRET_KEY, algorithm=ALGORITHM)
"""
"""A real key that says "change" without asking to be changed (blind check history 12)."""

NOTED_PASSWORDS = """\
import mysql.connector

# MySQL user and pw
# pw: Root1234!
# Temp pw testing: Ia9kOVlT@g76eA_IKzT
# the password must have 8 characters or more


def connection():
    return mysql.connector.connect(host="localhost", user="root")
"""

BAD: tuple[Case, ...] = (
    *shapes.BAD,
    *stand_ins.BAD,
    *samples.BAD,
    *config_files.BAD,
    *file_names.BAD,
    *aws_keys.BAD,
    *sessions.BAD,
    *encoded.BAD,
    *auth_pairs.BAD,
    Case(
        files={"db_config.py": NOTED_PASSWORDS},
        hits=(("db_config.py", 4), ("db_config.py", 5)),
        note="passwords noted in comments (blind check corpus 98); a rule about them is none",
    ),
    Case(
        files={"app/config.py": BAD_CONFIG, ".env": BAD_ENV},
        hits=(
            ("app/config.py", 5),
            ("app/config.py", 6),
            ("app/config.py", 10),
            ("app/config.py", 16),
            ("app/config.py", 19),
            (".env", 3),
            (".env", 4),
            (".env", 5),
            (".env", 6),
        ),
        note="a .env with real keys (one named for the API it opens: SERPAPI_KEY) and two "
        "database passwords, one of them kept in the brackets of Atlas's template "
        "(<Magic%40#123>)",
    ),
    Case(files={"app/auth.py": BAD_SAYS_CHANGE}, hits=(("app/auth.py", 3),)),
    Case(
        files={"app/db.py": DEFAULT_LOGIN},
        hits=(("app/db.py", 3),),
        note="PostgreSQL's default login, committed, is a credential all the same (corpus 78)",
    ),
    Case(
        files={"app/core/authenticated.py": BAD_DOTENV_DEFAULT},
        hits=(("app/core/authenticated.py", 4),),
        note="the key read from dotenv_values with a real key as its default",
    ),
    Case(
        files={"app/llm.py": BAD_COMMENTED_KEY},
        hits=(("app/llm.py", 5),),
        note="a key left in a comment after the code moved to the environment",
    ),
    Case(
        files={"app/database.py": BAD_COMMENTED_CONNECT},
        hits=(("app/database.py", 4), ("app/database.py", 9)),
        note="a password in a connect call or an assignment commented out whole, not one named "
        "in prose",
    ),
    Case(
        files={"tests/test_summary.py": BAD_TEST},
        hits=(("tests/test_summary.py", 5),),
        note="a real key in a test is as leaked as anywhere (reported at low severity)",
    ),
    Case(
        files={"test.py": BAD_SCRATCH_TEST},
        hits=(("test.py", 3),),
        note="a test.py holding no test is a script, with the database's real password",
    ),
    Case(
        files={"app/email_test.py": BAD_SMTP_SMOKE_SCRIPT},
        hits=(("app/email_test.py", 5),),
        note="so is an email_test.py that sends one mail to see that SMTP works",
    ),
    Case(
        files={"notebooks/try_rag.ipynb": BAD_NOTEBOOK},
        hits=(("notebooks/try_rag.ipynb", 9),),
        note="a key pasted into a notebook cell",
    ),
    Case(
        files={"news.ipynb": BAD_NOTEBOOK_DOUBLE_QUOTES},
        hits=(("news.ipynb", 9),),
        note="a key in a cell's double quotes, escaped in the notebook's JSON",
    ),
    Case(
        files={"app/__init__.py": BAD_FLASK},
        hits=(("app/__init__.py", 4),),
        note="Flask's session key set on app.config",
    ),
)
GOOD: tuple[Case, ...] = (
    *shapes.GOOD,
    *stand_ins.GOOD,
    *samples.GOOD,
    *config_files.GOOD,
    *file_names.GOOD,
    *aws_keys.GOOD,
    *sessions.GOOD,
    *encoded.GOOD,
    *auth_pairs.GOOD,
    Case(
        files={"tests/test_auth.py": GOOD_TEST},
        note="passwords in a test's requests and fixtures are sample data",
    ),
    Case(files={"tests.py": GOOD_TEST}, note="also in a tests.py beside the app"),
    Case(
        files={"news.ipynb": GOOD_NOTEBOOK_DOUBLE_QUOTES},
        note="a notebook cell reading its key from the environment, in double quotes",
    ),
    Case(
        files={"app/scripts/seed.py": GOOD_SEED},
        note="the demo accounts a seed script creates are sample data too",
    ),
    Case(
        files={
            "app/config.py": GOOD_CONFIG,
            "app/schemas.py": GOOD_SCHEMAS,
            ".env.example": GOOD_ENV_EXAMPLE,
            "deploy/.env": GOOD_ENV_LABELS,
        }
    ),
)
