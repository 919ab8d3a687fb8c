"""One JSON shape for every failure: ``{"error": {"code", "message", "details"}}``.

Clients branch on ``code`` (stable, kebab-case) and show ``message``; ``details`` lists the bad
fields of a 422. Handlers cover our own errors, FastAPI's validation, Starlette's 404/405 and
anything unexpected, so no route ever answers with another shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import ErrorBody, ErrorDetail, ErrorResponse
from mentorbot.errors import MentorError
from mentorbot.runs import describe_failure

logger = logging.getLogger(__name__)

STATUS_OF_CODE = {
    "bad-repo": 400,
    "usage": 400,
    "config": 500,
    "log-conflict": 409,
    "database": 503,
    "migrations": 503,
    "bad-input": 400,
    "embeddings": 503,
    "embedding-mismatch": 409,
}
CODE_OF_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "validation",
    503: "unavailable",
}


class ApiError(Exception):
    """An expected failure of a request: its status, stable code and a message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    details: list[ErrorDetail] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details or []))
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, headers=dict(headers or {})
    )


def mentor_error_status(error: MentorError) -> int:
    return STATUS_OF_CODE.get(error.code, 400)


async def _api_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.code, error.message, headers=error.headers)


async def _mentor_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, MentorError)
    return error_response(mentor_error_status(error), error.code, str(error))


async def _http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = CODE_OF_STATUS.get(error.status_code, "error")
    return error_response(error.status_code, code, str(error.detail), headers=error.headers)


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location)


async def _validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = [
        ErrorDetail(field=_field(item.get("loc", ())), message=str(item.get("msg", "")))
        for item in error.errors()
    ]
    fields = ", ".join(detail.field for detail in details) or "the request"
    return error_response(422, "validation", f"invalid request: check {fields}", details=details)


async def _unexpected(_: Request, error: Exception) -> JSONResponse:
    code, message = describe_failure(error)
    if code == "internal":
        logger.exception("unexpected error", exc_info=error)
        return error_response(500, code, "unexpected server error; see the server log")
    return error_response(STATUS_OF_CODE.get(code, 500), code, message)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(MentorError, _mentor_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
