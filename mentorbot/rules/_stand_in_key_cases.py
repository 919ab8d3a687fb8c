"""MB107's cases of stand-in signing keys: a JWT helper, a Flask config class and a bare
``SECRET`` that sign with placeholders (blind checks corpus 66, 67 and 68); against a settings
class's default, an OAuth client's stand-in and a variable's fallback, which the environment
overrides or which signs nothing; and a fallback the code tests for and stops on. Real values
as a settings class's defaults, a pydantic field's among them, are secrets all the same."""

from __future__ import annotations

from mentorbot.rules.base import Case

BAD_AUTH = """\
import jwt

SECRET_KEY = "your-secret-key"
ALGORITHM = "HS256"


def create_token(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, SECRET_KEY, algorithm=ALGORITHM)
"""
BAD_FLASK_CONFIG = """\
class Config:
    SECRET = 'secret'


class DevelopmentConfig(Config):
    JWT_SECRET_KEY = 'THIS IS A SECRET'
"""
GOOD_SETTINGS = """\
import os

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    secret_key: str = "change-me"
    google_client_secret: str = "your-client-secret"
    database_password: str = Field("TODO-set-in-env")


CLIENT_SECRET = "your-client-secret"
SESSION_SECRET = os.getenv("SESSION_SECRET", "dev")
"""
FIELD_SETTINGS = """\
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    AUTH_SECRET_KEY: str = Field("d3f1c6b29a7e4f0b8c5a1e9d2b7f4a6c")
    POSTGRES_PASSWORD: str = Field(default="Pg_todos_2025!x", min_length=8)
    DB_PASSWORD: str = "Pg_todos_2025!y"
    TOKEN_MINUTES: int = Field(30)
"""
"""Real values as a settings class's defaults, also as a pydantic field's, which the app runs
with wherever the environment does not set them; a todo app's name in a password is no "TODO"
(blind check history 58)."""

BAD = (
    Case(
        files={"app/core/config.py": FIELD_SETTINGS},
        hits=tuple(("app/core/config.py", line) for line in (6, 7, 8)),
        note="real values as a settings class's defaults, as fields' defaults too",
    ),
    Case(
        files={"app/auth.py": BAD_AUTH, "app/config.py": BAD_FLASK_CONFIG},
        hits=(("app/auth.py", 3), ("app/config.py", 2), ("app/config.py", 6)),
        note="placeholders the app signs its tokens and sessions with",
    ),
)
GOOD_SENTINEL = """\
import os
import sys

BOT_TOKEN = os.getenv("BOT_TOKEN", "no_token_found")
if BOT_TOKEN == "no_token_found":
    sys.exit("No bot token was found in the environment")
"""
"""A default the module then tests for and stops on: a sign the variable is unset, no token
(blind check history 50)."""

GOOD = (
    Case(files={"bot.py": GOOD_SENTINEL}, note="a fallback the code checks for is a sentinel"),
    Case(
        files={"app/settings.py": GOOD_SETTINGS},
        note="a settings default, a third party's client secret and a variable's fallback",
    ),
)
