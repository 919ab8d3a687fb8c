"""Process-wide settings from the environment and ``MENTOR_HOME/.env``.

Read once, through :func:`get_settings`, by whoever owns the process (the CLI, the API lifespan, a
worker) — never at import time — so tests and embedding programs can set the environment first.

Never the working directory's ``.env``: a review is usually run from inside the learner's repo,
whose ``.env`` configures the learner's app. Its ``DATABASE_URL`` made Mentor Bot try to keep its
records in the learner's database, and print that URL in the error.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from mentorbot.errors import ConfigError

APP_NAME = "mentor-bot"


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


class Settings(BaseSettings):
    """Every knob Mentor Bot reads from its environment; each field's env name is its upper name."""

    model_config = SettingsConfigDict(
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    database_url: str | None = Field(
        default=None,
        description=(
            "PostgreSQL URL (needs pgvector). Unset: an embedded server under MENTOR_HOME/pgdata."
        ),
    )
    mentor_home: Path = Field(
        default_factory=_default_home,
        description="Where the embedded database, the caches and the logs live.",
    )
    database_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description=(
            "Seconds to wait for the database (to connect, or for a checkpoint write to get a "
            "connection) before the run fails with a clear error."
        ),
    )
    mentor_workers: int | None = Field(
        default=None,
        ge=1,
        description=(
            "Processes that analyse files when a scan finds many new ones; default: the cores."
        ),
    )
    openai_api_key: SecretStr | None = Field(
        default=None,
        description="Key for an OpenAI-compatible endpoint; unset means deterministic mode.",
    )
    openai_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible endpoint."
    )
    mentor_model: str | None = Field(
        default=None, description="Chat model name used when an LLM is configured."
    )
    mentor_llm_timeout: float = Field(
        default=60.0, gt=0, description="Seconds one LLM request may take before it is retried."
    )
    mentor_llm_max_retries: int = Field(
        default=2, ge=0, description="Retries (with backoff) after a timeout, 429 or 5xx."
    )
    mentor_llm_temperature: float = Field(
        default=0.3, ge=0, le=2, description="Sampling temperature of the chat model."
    )
    mentor_llm_budget: int = Field(
        default=2500,
        ge=200,
        description="Tokens of evidence one node may send to the LLM, whatever the repo size.",
    )
    mentor_embeddings: Literal["local", "openai"] = Field(
        default="local",
        description="'local' uses the bundled embedding model; 'openai' the configured endpoint.",
    )
    mentor_embedding_model: str | None = Field(
        default=None,
        description=(
            "Embedding model name for MENTOR_EMBEDDINGS=openai (default text-embedding-3-small)."
        ),
    )
    mentor_lang: Literal["zh", "en"] = Field(
        default="zh", description="Default language of the learning logs."
    )
    mentor_api_token: SecretStr | None = Field(
        default=None, description="Bearer token the API requires; unset disables auth."
    )
    mentor_repo_roots: Annotated[tuple[Path, ...], NoDecode] = Field(
        default=(),
        description="Directories the API may review repositories under (comma-separated).",
    )
    mentor_api_tokens: Annotated[dict[str, SecretStr], NoDecode] = Field(
        default_factory=dict,
        description=(
            "Per-learner API tokens as 'learner:token' pairs (comma-separated); a caller with one "
            "of these tokens sees only that learner's reviews."
        ),
    )
    mentor_max_body_bytes: int = Field(
        default=1_000_000, ge=1, description="Largest request body the API accepts, in bytes."
    )

    @field_validator("mentor_api_tokens", mode="before")
    @classmethod
    def _split_tokens(cls, value: object) -> object:
        """``alice:tok1,bob:tok2`` -> {"alice": "tok1", "bob": "tok2"}; a blank value is none."""
        if not isinstance(value, str):
            return value
        pairs: dict[str, str] = {}
        for part in value.split(","):
            if not part.strip():
                continue
            learner, separator, token = part.strip().partition(":")
            if not separator or not learner.strip() or not token.strip():
                raise ValueError("expected learner:token pairs separated by commas")
            pairs[learner.strip()] = token.strip()
        return pairs

    @field_validator("mentor_repo_roots", mode="before")
    @classmethod
    def _split_roots(cls, value: object) -> object:
        """Accept the comma-separated form environments use, besides a real list."""
        if isinstance(value, str):
            return tuple(Path(part.strip()) for part in value.split(",") if part.strip())
        return value

    @field_validator("mentor_home", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator(
        "database_url", "openai_base_url", "mentor_model", "mentor_embedding_model", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """``DATABASE_URL=`` in a .env file means "not set", not "an empty URL"."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @property
    def cache_dir(self) -> Path:
        return self.mentor_home / "cache"

    @property
    def analysis_workers(self) -> int:
        """MENTOR_WORKERS, else the cores this process may run on (at most 8)."""
        if self.mentor_workers is not None:
            return self.mentor_workers
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:
            cores = os.cpu_count() or 1
        return max(1, min(cores, 8))


def _describe(error: ValidationError) -> str:
    """One line per bad field, named by the environment variable the user actually set."""
    parts: list[str] = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "settings"
        got = item.get("input")
        shown = f" (got {got!r})" if isinstance(got, str | int | float) else ""
        parts.append(f"{field.upper()}: {item['msg']}{shown}")
    return "; ".join(parts)


def settings_file() -> Path:
    """Mentor Bot's own dotenv file: ``.env`` in MENTOR_HOME (the environment's, else the
    default one)."""
    home = os.environ.get("MENTOR_HOME")
    return (Path(home).expanduser() if home else _default_home()) / ".env"


def load_settings(**overrides: object) -> Settings:
    """Build settings now (no cache); a bad value becomes a ConfigError naming the variable."""
    try:
        return Settings(_env_file=settings_file(), **overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(f"invalid setting: {_describe(error)}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once; ``get_settings.cache_clear()`` re-reads them."""
    return load_settings()
