"""Which modules are command-line scripts, whose user reads what they print (MB106), and which
are code a server runs for its users: a Gradio UI, a Streamlit page, a web app, a server the
module starts itself (``websockets.serve``, ``asyncio.start_server``).

A served module may end in ``if __name__ == "__main__": demo.launch()``, but it is no
command-line script: what its functions ``print`` goes to the server's console, which the
person using the app never sees (a Gradio chat's client helper printing the error it caught
and returning None, blind check l1). MB106 reads the prints of a script's handlers as shown
to its user, and of these modules' handlers as hidden.
"""

from __future__ import annotations

import ast

from mentorbot.rules._names import dotted, qualified, walk_of
from mentorbot.rules._routes import LOOP_RUNNERS, route_handlers
from mentorbot.rules.base import FileContext

SERVED_APPS = frozenset(
    {"gradio.Blocks", "gradio.Interface", "gradio.ChatInterface", "gradio.TabbedInterface"}
    | {"fastapi.FastAPI", "flask.Flask", "quart.Quart", "starlette.applications.Starlette"}
    | {"aiohttp.web.Application", "sanic.Sanic", "dash.Dash", "litestar.Litestar"}
)
"""The classes of the apps a server runs, Gradio's UIs among them."""
WEBSOCKETS_MODULES = ("", ".server", ".asyncio.server", ".legacy.server")
WEBSOCKETS_SERVES = ("serve", "unix_serve")
SERVER_STARTERS = frozenset(
    {f"websockets{module}.{serve}" for module in WEBSOCKETS_MODULES for serve in WEBSOCKETS_SERVES}
    | {"asyncio.start_server", "asyncio.start_unix_server"}
    | {"aiohttp.web.run_app", "aiohttp.web.AppRunner", "aiohttp.web.Application"}
    | {"uvicorn.run", "uvicorn.Server", "hypercorn.asyncio.serve"}
)
"""Calls that start a server in the module's own loop: the coroutines it runs serve every
client connected to it, whichever loop runner starts them."""
PAGE_LIBRARIES = frozenset({"streamlit", "chainlit", "nicegui"})
"""Libraries whose server runs the module itself for each visitor (``streamlit run app.py``)."""


def serves_an_app(ctx: FileContext) -> bool:
    """Whether the module makes, at its top level, an app a server runs (``demo =
    gr.Blocks()``, ``with gr.Blocks() as demo:``, ``app = Flask(__name__)``), or is a page
    of a UI library that runs it (it imports Streamlit)."""
    if any(target.split(".")[0] in PAGE_LIBRARIES for target in ctx.imports.values()):
        return True
    for node in ctx.tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            made = [node.value]
        elif isinstance(node, ast.With):
            made = [item.context_expr for item in node.items]
        else:
            continue
        if any(
            isinstance(value, ast.Call) and qualified(value.func, ctx.imports) in SERVED_APPS
            for value in made
        ):
            return True
    return False


def starts_a_server(ctx: FileContext) -> bool:
    """Whether the module starts a server (``SERVER_STARTERS``) anywhere: ``async with
    websockets.serve(handler, "0.0.0.0", 8765)`` inside the ``main`` that ``asyncio.run`` runs
    serves every browser tab connected to it, as a FastAPI app does (blind check w1)."""
    return any(
        qualified(call.func, ctx.imports) in SERVER_STARTERS for call in walk_of(ctx.tree, ast.Call)
    )


def command_line_script(ctx: FileContext) -> bool:
    """A module run as a program (``if __name__ == "__main__":``, or an event loop started at
    import, ``asyncio.run(main())``) that serves no routes nor app (``_served_apps``): its user
    reads what it prints."""
    return (
        not serves_an_app(ctx)
        and any(
            (
                isinstance(node, ast.If)
                and isinstance(node.test, ast.Compare)
                and dotted(node.test.left) == "__name__"
            )
            or (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Call)
                and qualified(node.value.func, ctx.imports) in LOOP_RUNNERS
            )
            for node in ctx.tree.body
        )
        and not route_handlers(ctx.tree, ctx.imports)
    )
