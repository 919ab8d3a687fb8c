"""Call facts about what a route answers with as it goes: a ``StreamingResponse`` of results
pushed as they come (a model's tokens, progress events), as opposed to a file sent in pieces."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import first_arg, keyword, last_name, str_literal

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
