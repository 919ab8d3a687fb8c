"""Whether a Django view changes data: by its generic base (``DeleteView``, ``ModelViewSet``),
its handlers (``post``, a viewset's ``destroy``), its body (``request.POST`` read, a method
compared with POST, a row deleted, created or saved) or its name (``note_delete``). A view
counter saved on a detail page changes no one's data (blind check d2)."""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from mentorbot.analysis.python_facts_support import dotted, str_literal

WRITING_BASES = frozenset(
    {"CreateView", "UpdateView", "DeleteView", "CreateAPIView", "UpdateAPIView"}
    | {"DestroyAPIView", "ListCreateAPIView", "RetrieveUpdateAPIView", "RetrieveDestroyAPIView"}
    | {"RetrieveUpdateDestroyAPIView", "ModelViewSet"}
    | {"CreateModelMixin", "UpdateModelMixin", "DestroyModelMixin"}
)
"""Generic views and viewsets that create, change or delete the model they serve."""
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRITING_HANDLERS = frozenset(
    {"post", "put", "patch", "delete", "create", "update", "partial_update", "destroy"}
    | {"perform_create", "perform_update", "perform_destroy"}
)
"""A class-based view's handlers of a request that changes data (a viewset's actions too)."""
CREATING = frozenset(
    {"CreateView", "CreateAPIView", "ListCreateAPIView", "CreateModelMixin"}
    | {"post", "create", "perform_create"}
)
"""Bases and handlers of a view that only adds rows: a sign-up's, when it makes users."""
WRITE_NAME = re.compile(r"(?:^|_)(?:delete|remove|update|edit|create|add)(?:_|$)")
"""A view named for a change (``note_delete``, ``NoteUpdateView`` as ``note_update_view``)."""
REQUEST_BODY = frozenset({"POST", "FILES", "data"})
"""``request.POST``, ``request.FILES``, REST framework's ``request.data``: a submitted body."""
ORM_WRITES = frozenset({"get_or_create", "update_or_create", "bulk_create", "bulk_update"})


def only_creates(bases: list[str], handlers: set[str]) -> bool:
    """A view whose changes all add: on ``CreateAPIView``, or answering ``post`` alone."""
    changes = WRITING_BASES.intersection(bases) | (handlers & WRITING_HANDLERS)
    return bool(changes) and changes <= CREATING


def body_writes(nodes: Sequence[ast.AST]) -> bool:
    """A submitted body read, a method compared with POST, a row deleted or created, or saved
    beyond a counter (``post.views += 1; post.save()`` changes no one's data)."""
    saves = plain_stores = counter_stores = False
    for child in (inner for node in nodes for inner in ast.walk(node)):
        if isinstance(child, ast.Attribute) and child.attr in REQUEST_BODY:
            if dotted(child.value).endswith("request"):
                return True
        elif isinstance(child, ast.Compare) and _compares_write_method(child):
            return True
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            called, receiver = child.func.attr, dotted(child.func.value).split(".")
            if called in ORM_WRITES or (called == "delete" and not child.args):
                return True
            if called == "create" and ("objects" in receiver or "request" in receiver[:2]):
                return True
            saves |= called == "save"
        elif isinstance(child, ast.Assign):
            plain_stores |= any(isinstance(t, ast.Attribute) for t in child.targets)
        elif isinstance(child, ast.AugAssign):
            counter_stores |= isinstance(child.target, ast.Attribute)
    return saves and (plain_stores or not counter_stores)


def _compares_write_method(compare: ast.Compare) -> bool:
    """``request.method == "POST"``, ``request.method in ("PUT", "PATCH")``."""
    operands = [compare.left, *compare.comparators]
    if not any(dotted(item).endswith("request.method") for item in operands):
        return False
    texts = {str_literal(item) for item in operands} | {
        str_literal(element)
        for item in operands
        if isinstance(item, ast.List | ast.Tuple | ast.Set)
        for element in item.elts
    }
    return bool({str(text).upper() for text in texts if text} & WRITE_METHODS)


def snake_case(name: str) -> str:
    """``NoteDeleteView`` -> ``note_delete_view``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
