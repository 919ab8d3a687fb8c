"""Call facts about what a route answers with: a ``StreamingResponse`` of results pushed as they
come (a model's tokens, progress events), as opposed to a file sent in pieces, and an error
answered with its status (``JSONResponse(status_code=500, ...)``)."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import (
    first_arg,
    keyword,
    last_name,
    literal_or_text,
    str_literal,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite


def streaming_response(site: CallSite) -> None:
    if not _file_download(site.call):
        site.sink.emit("streaming-response", site.line, site.callee)


_FILE_SOURCES = frozenset({"BytesIO", "open", "iter_file", "iter_chunks"})
_DOWNLOAD_TYPES = ("application/octet-stream", "application/pdf", "application/zip")


def _file_download(call: ast.Call) -> bool:
    """``StreamingResponse(io.BytesIO(data), media_type="application/octet-stream", headers=
    {"Content-Disposition": ...})``: a file sent in pieces, not results pushed as they come
    (a model's tokens, progress events)."""
    content = first_arg(call) or keyword(call, "content")
    if isinstance(content, ast.Call) and last_name(content.func) in _FILE_SOURCES:
        return True
    media_type = str_literal(keyword(call, "media_type")) or ""
    if media_type.startswith(_DOWNLOAD_TYPES):
        return True
    headers = keyword(call, "headers")
    return isinstance(headers, ast.Dict) and any(
        (str_literal(key) or "").lower() == "content-disposition" for key in headers.keys
    )


ERROR_RESPONSES = (
    "JSONResponse",
    "ORJSONResponse",
    "UJSONResponse",
    "PlainTextResponse",
    "HTMLResponse",
    "Response",
)
_ERROR_STATUS = re.compile(r"(?:[45]\d\d|(?:\w+\.)*HTTP_[45]\d\d\w*)")


def error_response(site: CallSite) -> None:
    """``return JSONResponse(status_code=500, content=...)``: an error answered with its status,
    as a raised HTTPException would be."""
    call = site.call
    given = (
        keyword(call, "status_code")
        or keyword(call, "status")  # Django REST framework's ``Response(data, status=...)``
        or (call.args[1] if len(call.args) > 1 else None)
    )
    status = literal_or_text(given) if given is not None else ""
    if _ERROR_STATUS.fullmatch(status) and not site.state.in_tests:
        site.sink.emit("error-response", site.line, site.callee, data={"status": status})
