"""MB107's cases from blind checks b1 and f1: the key of Flask's quickstart and its kin,
committed; and sample values that are no credentials (a route's response body, the tests'
settings)."""

from mentorbot.rules.base import Case

BAD_FLASK_QUICKSTART = """\
import os

from flask import Flask

app = Flask(__name__)
app.secret_key = b'_5#y2L"F4Q8z\\n\\xec]/'


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "Zx81 kq0PLmn2vB7"
    ADMIN_KEY = os.environ.get("ADMIN_KEY") or "pp-admin-3403-key"
    WELCOME = "you will never guess"
    CSRF_SECRET = os.environ.get("CSRF_SECRET") or "q\\xe9J\\xf1\\x8e K\\x9dw\\x05A\\x9b"
"""

GOOD_RESPONSE_DEMO = """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class UserResponse(BaseModel):
    id: int
    name: str


@app.get("/users", response_model=UserResponse)
def get_user():
    return {"id": 1, "name": "John Doe", "password": "secret"}  # filtered out by the model
"""

GOOD_TESTING_CONFIG = """\
import os


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing"
    WTF_CSRF_ENABLED = False
"""

BAD = (
    Case(
        files={"app/__init__.py": BAD_FLASK_QUICKSTART},
        hits=tuple(("app/__init__.py", line) for line in (6, 10, 11, 13)),
        note="the bytes key of Flask's quickstart, keys with a space in them (one of random "
        "bytes), an admin key: all committed (blind check f1)",
    ),
)
GOOD = (
    Case(
        files={"app/config.py": GOOD_TESTING_CONFIG},
        note="the settings class of the tests signs nothing real (blind check f1)",
    ),
    Case(
        files={"app/main.py": GOOD_RESPONSE_DEMO},
        note="a route's response body is data for the client, not a credential (blind check b1)",
    ),
)
