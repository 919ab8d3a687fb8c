"""``mentor serve``: the HTTP API under uvicorn, with the embedded database by default.

Settings are read (and checked) before uvicorn starts, so a bad variable is one line and a
non-zero exit, like every other command. The database is opened by the app's lifespan; when it
cannot be reached the server still starts, answers ``/ready`` with 503, and connects once it is
back.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer
from rich.console import Console

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the main ``mentor`` app."""

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
        log_level: Annotated[
            str, typer.Option(help=f"uvicorn log level: {', '.join(LOG_LEVELS)}.")
        ] = "info",
    ) -> None:
        """Serve the API: reviews streamed as server-sent events, OpenAPI page at /docs."""
        import uvicorn

        from api.app import create_app
        from mentorbot.errors import MentorError
        from mentorbot.settings import get_settings

        if log_level not in LOG_LEVELS:
            raise MentorError(
                f"--log-level must be one of {', '.join(LOG_LEVELS)}, not {log_level!r}",
                code="usage",
            )
        settings = get_settings()
        guarded = settings.mentor_api_token is not None or bool(settings.mentor_api_tokens)
        if not guarded and not _is_loopback(host):
            Console(stderr=True, highlight=False).print(
                f"[yellow]warning:[/yellow] listening on {host} with no MENTOR_API_TOKEN: "
                "anyone who can reach this port can start reviews of paths on this machine"
            )
        uvicorn.run(
            create_app(settings, connect_on_startup=True),
            host=host,
            port=port,
            log_level=log_level,
        )
