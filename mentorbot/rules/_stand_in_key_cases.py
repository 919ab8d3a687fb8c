"""MB107's cases of stand-in signing keys: a JWT helper, a Flask config class and a bare
``SECRET`` that sign with placeholders (blind checks corpus 66, 67 and 68); against a settings
class's default, an OAuth client's stand-in and a variable's fallback, which the environment
overrides or which signs nothing; and a fallback the code tests for and stops on."""

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

from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    secret_key: str = "change-me"
    google_client_secret: str = "your-client-secret"


CLIENT_SECRET = "your-client-secret"
SESSION_SECRET = os.getenv("SESSION_SECRET", "dev")
"""
BAD = (
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
