"""Request dependencies: who the caller is, which repositories they may name, the review service.

Who is the caller? With no token configured the API is open (local use) and a caller may act for
any learner. ``MENTOR_API_TOKEN`` is the operator's token: it may act for any learner.
``MENTOR_API_TOKENS`` (``alice:tok1,bob:tok2``) gives each learner a token of their own; a caller
with one acts only as that learner — their reviews, nobody else's.
"""

from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.errors import ApiError
from mentorbot.runs import ReviewService
from mentorbot.settings import Settings, get_settings

bearer = HTTPBearer(auto_error=False, description="MENTOR_API_TOKEN or a learner's token")


def app_settings(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


def review_service(request: Request) -> ReviewService:
    service = getattr(request.app.state, "review_service", None)
    if not isinstance(service, ReviewService):
        raise ApiError(503, "unavailable", "the review service is not running in this server")
    return service


@dataclass(frozen=True)
class Caller:
    """The authenticated caller; ``learner`` None means "may act for any learner"."""

    learner: str | None

    def learner_filter(self, requested: str | None) -> str | None:
        """The learner a read is limited to; asking for someone else's is refused."""
        if self.learner is None:
            return requested
        if requested is not None and requested != self.learner:
            raise ApiError(403, "forbidden-learner", "this token only sees its own learner")
        return self.learner

    def acting_learner(self, requested: str | None) -> str:
        return self.learner_filter(requested) or "default"

    def sees(self, learner: str) -> bool:
        return self.learner is None or self.learner == learner


def _matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def current_caller(
    settings: Annotated[Settings, Depends(app_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """401 without a valid token whenever any token is configured."""
    operator = settings.mentor_api_token
    learners = settings.mentor_api_tokens
    if operator is None and not learners:
        return Caller(learner=None)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401,
            "unauthorized",
            "this server needs `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    given = credentials.credentials
    caller: Caller | None = None
    if operator is not None and _matches(given, operator.get_secret_value()):
        caller = Caller(learner=None)
    for learner, token in learners.items():
        if _matches(given, token.get_secret_value()) and caller is None:
            caller = Caller(learner=learner)
    if caller is None:
        raise ApiError(
            401,
            "unauthorized",
            "the bearer token is not valid",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return caller


def _resolve_under_roots(raw: str, roots: tuple[Path, ...], guarded: bool) -> Path:
    """The real path (symlinks resolved) if it lies under a root; ApiError otherwise."""
    try:
        resolved = Path(raw).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        raise ApiError(400, "bad-repo", f"cannot resolve the path {raw!r}") from None
    if roots:
        real_roots = [root.expanduser().resolve() for root in roots]
        if not any(resolved.is_relative_to(root) for root in real_roots):
            allowed = ", ".join(str(root) for root in real_roots)
            raise ApiError(
                403,
                "forbidden-path",
                f"{raw!r} is outside the allowed repository roots ({allowed})",
            )
    elif guarded:
        raise ApiError(
            403,
            "forbidden-path",
            "this server takes no repository paths: MENTOR_REPO_ROOTS is not set",
        )
    if not resolved.is_dir():
        raise ApiError(400, "bad-repo", f"{raw!r} is not a directory")
    return resolved


async def allowed_repo(raw: str, settings: Settings) -> Path:
    """Repo paths must resolve under MENTOR_REPO_ROOTS; with a token set but no roots, none does.

    Without any token and any root (a local, single-user server) every path is allowed.
    """
    guarded = settings.mentor_api_token is not None or bool(settings.mentor_api_tokens)
    return await asyncio.to_thread(_resolve_under_roots, raw, settings.mentor_repo_roots, guarded)


CallerDep = Annotated[Caller, Depends(current_caller)]
SettingsDep = Annotated[Settings, Depends(app_settings)]
ServiceDep = Annotated[ReviewService, Depends(review_service)]
