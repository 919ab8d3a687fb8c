"""A model's output streamed to a Gradio or Streamlit page as it comes: a generator handler
handed to ``gr.ChatInterface`` (or ``gr.Interface``, a Blocks event) that yields inside a loop
over a streamed model call, ``st.write_stream`` of one, or an ``st.empty()`` placeholder
rewritten in such a loop. These are the UI's ``StreamingResponse``: a Gradio chat that streamed
its tokens had been "only one of: output streamed to the client; ..." (blind check l1).

A stream is a call with ``stream=True`` (OpenAI's, Ollama's, ...), a LangChain ``.stream()`` /
``.astream()``, or a name bound to one (also by ``with ... as stream``). A generator that yields
a finished answer word by word streams nothing from the model and is not counted.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mentorbot.analysis.python_facts_support import (
    FileState,
    SignalSink,
    dotted,
    keyword,
    last_name,
)

STREAMING_METHODS = frozenset({"stream", "astream"})
"""LangChain's runnables' methods that yield a model's output in chunks."""
GRADIO_TAKERS = frozenset(
    {"ChatInterface", "Interface", "on", "click", "submit", "change", "input", "then"}
    | {"success", "load", "select", "upload", "like", "retry", "edit"}
)
"""Gradio's calls that take a handler: the interfaces, ``gr.on`` and the Blocks events."""
STREAMLIT_WRITES = frozenset({"markdown", "write", "text", "code", "caption", "info"})
"""What a placeholder is rewritten with (``placeholder.markdown(answer + "▌")``)."""
_LOOPS = (ast.For, ast.AsyncFor)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def ui_streaming(tree: ast.Module, state: FileState, sink: SignalSink) -> None:
    """Emit a ``streaming-response`` for each way this Gradio or Streamlit module streams."""
    gradio = state.imports_library("gradio")
    streamlit = _aliases(state, "streamlit")
    if not gradio and not streamlit:
        return
    nodes = list(ast.walk(tree))
    streams = _stream_names(nodes)
    generators = {
        node.name: node
        for node in nodes
        if isinstance(node, _FUNCTIONS) and _yields_from_a_stream(node, streams)
    }
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        callee = dotted(node.func) or last_name(node.func)
        if gradio and last_name(node.func) in GRADIO_TAKERS:
            for handler in _handlers(node, generators):
                # At the handler, named by the call that hands it to Gradio: ``chat
                # (gr.ChatInterface)``, ``respond (msg.submit)``.
                sink.emit("streaming-response", handler.lineno, handler.name, detail=callee)
        elif streamlit and callee in {f"{alias}.write_stream" for alias in streamlit}:
            if _streamed(_first(node), streams, generators):
                sink.emit("streaming-response", node.lineno, "st.write_stream")
    if streamlit:
        _placeholder_loops(nodes, streams, streamlit, sink)


def _aliases(state: FileState, library: str) -> set[str]:
    """The names a module is imported as (``import streamlit as st``: ``st``)."""
    imported = state.imports.items()
    return {local for local, (module, original) in imported if (module, original) == (library, "")}


def _is_stream_call(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Await):
        node = node.value
    if not isinstance(node, ast.Call):
        return False
    flagged = keyword(node, "stream")
    if isinstance(flagged, ast.Constant) and flagged.value is True:
        return True
    return isinstance(node.func, ast.Attribute) and node.func.attr in STREAMING_METHODS


def _stream_names(nodes: list[ast.AST]) -> set[str]:
    """Names bound to a stream: ``stream = client.chat.completions.create(..., stream=True)``,
    ``with client.messages.stream(...) as stream``."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign) and _is_stream_call(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.withitem) and _is_stream_call(node.context_expr):
            if isinstance(node.optional_vars, ast.Name):
                names.add(node.optional_vars.id)
    return names


def _over_a_stream(loop: ast.For | ast.AsyncFor, streams: set[str]) -> bool:
    """A loop over a stream, or over a name bound to one (``stream.text_stream`` too)."""
    if _is_stream_call(loop.iter):
        return True
    root = dotted(loop.iter).split(".")[0]
    return bool(root) and root in streams


def _own_nodes(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """The function's nodes, not those of the functions and classes it defines."""
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _yields_from_a_stream(
    function: ast.FunctionDef | ast.AsyncFunctionDef, streams: set[str]
) -> bool:
    """A generator that yields inside a loop over a stream: each chunk goes out as it comes."""
    return any(
        isinstance(node, _LOOPS)
        and _over_a_stream(node, streams)
        and any(isinstance(inner, ast.Yield | ast.YieldFrom) for inner in _walk_body(node))
        for node in _own_nodes(function)
    )


def _walk_body(loop: ast.For | ast.AsyncFor) -> Iterator[ast.AST]:
    for statement in loop.body:
        yield from ast.walk(statement)


def _first(call: ast.Call) -> ast.expr | None:
    return call.args[0] if call.args else None


def _handlers(
    call: ast.Call, generators: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The streaming generators of this module a Gradio call is handed (``fn=`` or as an
    argument)."""
    given = [*call.args, *(item.value for item in call.keywords if item.arg == "fn")]
    named = [arg.id for arg in given if isinstance(arg, ast.Name)]
    return [generators[name] for name in named if name in generators]


def _streamed(
    given: ast.expr | None,
    streams: set[str],
    generators: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
) -> bool:
    """``st.write_stream``'s argument is a stream, a name bound to one, or a call of a
    generator of this module that yields from one (``st.write_stream(answer(prompt))``)."""
    if _is_stream_call(given) or (isinstance(given, ast.Name) and given.id in streams):
        return True
    return (
        isinstance(given, ast.Call)
        and isinstance(given.func, ast.Name)
        and given.func.id in generators
    )


def _placeholder_loops(
    nodes: list[ast.AST], streams: set[str], streamlit: set[str], sink: SignalSink
) -> None:
    """``placeholder = st.empty()`` rewritten inside a loop over a stream."""
    empties = {f"{alias}.empty" for alias in streamlit}
    placeholders = {
        target.id
        for node in nodes
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and dotted(node.value.func) in empties
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for loop in nodes:
        if not (isinstance(loop, _LOOPS) and placeholders and _over_a_stream(loop, streams)):
            continue
        written = next(
            (
                dotted(inner.func.value)
                for inner in _walk_body(loop)
                if isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr in STREAMLIT_WRITES
                and dotted(inner.func.value) in placeholders
            ),
            "",
        )
        if written:
            sink.emit("streaming-response", loop.lineno, written, detail="st.empty")
