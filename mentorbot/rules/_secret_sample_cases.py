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
        hits=(("app/__init__.py", 6), ("app/__init__.py", 10), ("app/__init__.py", 11)),
        note="the bytes key of Flask's quickstart, a key with a space in it, an admin key: all "
        "committed (blind check f1)",
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
