"""Django views as facts: function views (``def note_create(request)``) and class-based views on
Django's or REST framework's view bases, each with the auth that guards it and whether it changes
data. The security area judges a Django project by its views as it judges a Flask app by its
routes: every Django project was "partial", its ``@login_required`` views or all (blind check d2).

Also the settings that guard every view at once: REST framework's
``DEFAULT_PERMISSION_CLASSES`` and Django 5.1's ``LoginRequiredMiddleware``.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from mentorbot.analysis.python_facts_auth import (
    DJANGO_AUTH_BASES,
    DJANGO_AUTH_DECORATORS,
    OPEN_PERMISSIONS,
    opens_to_anyone,
    permission_names,
)
from mentorbot.analysis.python_facts_django_writes import (
    WRITE_METHODS,
    WRITE_NAME,
    WRITING_BASES,
    WRITING_HANDLERS,
    body_writes,
    only_creates,
    snake_case,
)
from mentorbot.analysis.python_facts_flask import FLASK_GUARD
from mentorbot.analysis.python_facts_support import (
    FileState,
    FunctionNode,
    Scope,
    SignalSink,
    dotted,
    first_arg,
    flag,
    keyword,
    last_name,
    str_literal,
)

VIEW_LIBRARIES = ("django", "rest_framework")
DJANGO_VIEW_BASES = frozenset(
    {"View", "TemplateView", "RedirectView", "ListView", "DetailView", "FormView"}
    | {"CreateView", "UpdateView", "DeleteView"}
)
DRF_VIEW_BASES = frozenset(
    {"APIView", "GenericAPIView", "ListAPIView", "RetrieveAPIView", "CreateAPIView"}
    | {"UpdateAPIView", "DestroyAPIView", "ListCreateAPIView", "RetrieveUpdateAPIView"}
    | {"RetrieveDestroyAPIView", "RetrieveUpdateDestroyAPIView"}
    | {"ViewSet", "GenericViewSet", "ModelViewSet", "ReadOnlyModelViewSet"}
)
DISPATCHING = WRITING_HANDLERS | {"dispatch"}
"""Where ``method_decorator(..., name=...)`` guards the requests that change data."""
GUARD_MIXIN = re.compile(r"Required\w*Mixin$|Permission\w*Mixin$|PassesTest\w*Mixin$")
"""A mixin that lets only allowed users in: Django's, django-braces' ``StaffuserRequiredMixin``,
a learner's ``OwnerRequiredMixin``."""
RESPONSES = frozenset({"render", "redirect", "render_to_response"})
OPENERS = frozenset({"login_not_required"})
"""Django 5.1's decorator that exempts a view from ``LoginRequiredMiddleware``."""


DRF_SUFFIXES = ("ViewSet", "APIView")
EXTENSION_PREFIXES = ("rest_framework_", "drf_")
"""REST framework's extensions ship views of their own on its bases: djangorestframework-bulk's
``BulkModelViewSet``, drf-nested's ``NestedViewSetMixin`` views (blind check m2)."""


def _library_view_base(last: str, library: str) -> bool:
    """A view base of Django, REST framework or one of REST framework's extensions."""
    if last in DJANGO_VIEW_BASES | DRF_VIEW_BASES:
        return library in VIEW_LIBRARIES
    return last.endswith(DRF_SUFFIXES) and library.startswith(EXTENSION_PREFIXES)


def django_file(state: FileState) -> bool:
    """A module of the app (not its tests) that imports Django or REST framework; not one of
    django-ninja's, whose routes take their auth as ``auth=``."""
    return (
        not state.in_tests
        and any(map(state.imports_library, VIEW_LIBRARIES))
        and not state.imports_library("ninja")
    )


def function_view(node: FunctionNode, scope: Scope, state: FileState, sink: SignalSink) -> None:
    """A module-level function taking ``request`` first, in a views module or decorated or
    answering as a view does (``return render(...)``); a helper or context processor that
    takes the request elsewhere is no view."""
    params = [*node.args.posonlyargs, *node.args.args]
    if not scope.at_module_level or not params or params[0].arg != "request":
        return
    if node.name.startswith("_") or not django_file(state):
        return
    decorators = [_decorated(decorator) for decorator in node.decorator_list]
    api_methods = _api_view_methods(node.decorator_list)
    if not (
        node.decorator_list
        or _views_module(state.path)
        or _answers_request(node)
        or api_methods is not None
    ):
        return
    guard, opener = "", ""
    for decorator in node.decorator_list:
        name = last_name(_decorated(decorator))
        if name == "permission_classes" and isinstance(decorator, ast.Call):
            granted, opener = _permissions(first_arg(decorator))
            guard = guard or granted
            if granted:
                sink.emit("auth", node.lineno, "permission_classes")
        elif name in OPENERS:
            opener = name
        else:
            guard = guard or _guard_name(name)
    guard = guard or _checks_sign_in(node)
    declared = _declared_methods(node.decorator_list) | (api_methods or set())
    writes = (
        bool(declared & WRITE_METHODS)
        or "require_POST" in map(last_name, decorators)
        or body_writes([node])
        or WRITE_NAME.search(snake_case(node.name)) is not None
    )
    data = _view_data(guard, opener, writes=writes, drf=api_methods is not None, bases="")
    if not node.decorator_list:
        state.plain_function_views.add(node.name)
    sink.emit("django-view", node.lineno, node.name, detail=guard, data=data)


def helpers_of_views(state: FileState, sink: SignalSink) -> None:
    """Take back the function "views" another function of the module calls: a helper that
    takes the request (``remember_color(request, note)`` in ``views.py``, blind check d3);
    a view is reached through the URLconf, not called."""
    called = state.plain_function_views & state.called_functions
    if called:
        sink.drop("django-view", called)


def class_view(
    node: ast.ClassDef,
    texts: list[str],
    lasts: list[str],
    assigned: dict[str, ast.expr | None],
    state: FileState,
    sink: SignalSink,
) -> None:
    """A class on Django's or REST framework's view bases, or on a view class of this file."""
    if not django_file(state):
        return
    library_bases = [
        last
        for text, last in zip(texts, lasts, strict=True)
        if _library_view_base(last, state.library_of(text))
    ]
    inherited = [state.django_views[last] for last in lasts if last in state.django_views]
    # A guard mixin before a base of another module's (``TaskNotificationCreateView(
    # LoginRequiredMixin, NotificationBaseCreateView)``): such mixins are for views only.
    mixed_in = len(lasts) > 1 and any(map(_guard_mixin, lasts[:-1]))
    if not library_bases and not inherited and not mixed_in:
        return
    guard = next((last for last in lasts if _guard_mixin(last)), "")
    opener = ""
    if "permission_classes" in assigned:
        granted, opener = _permissions(assigned["permission_classes"])
        guard = guard or granted
    applied = _class_decorators(node)
    guard = guard or next(filter(None, map(_guard_name, applied)), "") or _method_guard(node)
    opener = opener or next((name for name in applied if name in OPENERS and not guard), "")
    for base in inherited:
        guard = guard or ("" if opener else base.get("guard", ""))
        opener = opener or ("" if guard else base.get("open", ""))
    writes = (
        any(last in WRITING_BASES for last in lasts)
        or bool(_handlers(node) & WRITING_HANDLERS)
        or body_writes(node.body)
        or WRITE_NAME.search(snake_case(node.name)) is not None
        or any(base["writes"] == flag(True) for base in inherited)
    )
    drf = any(
        base in DRF_VIEW_BASES or base.endswith(DRF_SUFFIXES) for base in library_bases
    ) or any(base["drf"] == flag(True) for base in inherited)
    data = _view_data(guard, opener, writes=writes, drf=drf, bases=",".join(lasts))
    if writes and only_creates(lasts, _handlers(node)):
        data["creates"] = flag(True)
    state.django_views[node.name] = data
    sink.emit("django-view", node.lineno, node.name, detail=guard, data=data)


def django_settings(name: str, value: ast.expr, sink: SignalSink) -> None:
    """``REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": [...IsAuthenticated]}`` and a
    ``MIDDLEWARE`` with ``LoginRequiredMiddleware``: auth every view of the project gets, at
    the line that sets it. ``AllowAny`` there, REST framework's own default, guards nothing."""
    if name == "REST_FRAMEWORK" and isinstance(value, ast.Dict):
        for key, entry in zip(value.keys, value.values, strict=True):
            if key is not None and str_literal(key) == "DEFAULT_PERMISSION_CLASSES":
                listed = permission_names(entry)
                if any(p not in OPEN_PERMISSIONS for p in listed):
                    sink.emit("auth", key.lineno, "DEFAULT_PERMISSION_CLASSES")
    elif name == "MIDDLEWARE" and isinstance(value, ast.List | ast.Tuple):
        for item in value.elts:
            text = str_literal(item) or ""
            if text.startswith("django.") and text.endswith(".LoginRequiredMiddleware"):
                sink.emit("auth", item.lineno, "LoginRequiredMiddleware")


def _permissions(listed: ast.expr | None) -> tuple[str, str]:
    """REST framework's ``permission_classes``: the guard they make (their names), or
    ``AllowAny`` when they let anyone in; a name bound elsewhere guards as itself."""
    if opens_to_anyone(listed):
        return "", "AllowAny"
    names = [name for name in permission_names(listed) if name not in OPEN_PERMISSIONS]
    return ",".join(names) or "permission_classes", ""


def _view_data(guard: str, opener: str, *, writes: bool, drf: bool, bases: str) -> dict[str, str]:
    data = {"writes": flag(writes), "drf": flag(drf)}
    for key, value in (("guard", guard), ("open", opener), ("bases", bases)):
        if value:
            data[key] = value
    return data


def _decorated(decorator: ast.expr) -> ast.expr:
    return decorator.func if isinstance(decorator, ast.Call) else decorator


def _guard_name(name: str) -> str:
    """``login_required``, ``permission_required``, a learner's ``admin_required``; else ""
    (``login_not_required`` is the opposite)."""
    if name in OPENERS:
        return ""
    return name if name in DJANGO_AUTH_DECORATORS or FLASK_GUARD.search(name) else ""


def _guard_mixin(base: str) -> bool:
    return base in DJANGO_AUTH_BASES or GUARD_MIXIN.search(base) is not None


def _views_module(path: str) -> bool:
    """``views.py``, ``note_views.py``, a ``views/`` package's modules, ``api.py``."""
    pure = PurePosixPath(path)
    stem = pure.stem
    named = stem in {"views", "api", "viewsets"} or stem.endswith("_views")
    return named or "views" in pure.parts[:-1]


def _answers_request(node: FunctionNode) -> bool:
    """``return render(...)``, ``return redirect(...)``, ``return JsonResponse(...)``."""
    for child in ast.walk(node):
        if isinstance(child, ast.Return) and isinstance(child.value, ast.Call):
            called = last_name(child.value.func)
            if called in RESPONSES or called.endswith("Response"):
                return True
    return False


def _api_view_methods(decorators: list[ast.expr]) -> set[str] | None:
    """REST framework's ``@api_view(["GET", "POST"])`` methods (GET when none are listed);
    None for a function that is no REST framework view."""
    for decorator in decorators:
        if last_name(_decorated(decorator)) == "api_view":
            listed = _methods(first_arg(decorator)) if isinstance(decorator, ast.Call) else set()
            return listed or {"GET"}
    return None


def _declared_methods(decorators: list[ast.expr]) -> set[str]:
    """``@require_http_methods(["GET", "POST"])``: the methods a view answers."""
    return {
        method
        for decorator in decorators
        if isinstance(decorator, ast.Call) and last_name(decorator.func) == "require_http_methods"
        for method in _methods(first_arg(decorator))
    }


def _methods(listed: ast.expr | None) -> set[str]:
    if not isinstance(listed, ast.List | ast.Tuple | ast.Set):
        return set()
    return {str(text).upper() for item in listed.elts if (text := str_literal(item))}


def _checks_sign_in(node: FunctionNode) -> str:
    """``if not request.user.is_authenticated: return redirect("login")``: a check by hand. A
    login page's ``if request.user.is_authenticated: return redirect("home")`` turns no one
    away who has not signed in."""
    for child in ast.walk(node):
        if not isinstance(child, ast.If):
            continue
        negated = {
            id(part.operand)
            for part in ast.walk(child.test)
            if isinstance(part, ast.UnaryOp) and isinstance(part.op, ast.Not)
        }
        for part in ast.walk(child.test):
            if not isinstance(part, ast.Attribute) or not dotted(part.value).endswith(
                "request.user"
            ):
                continue
            turned_away = {"is_authenticated": True, "is_anonymous": False}.get(part.attr)
            if turned_away is not None and turned_away == (id(part) in negated):
                return "is_authenticated"
            if turned_away is not None and _does_then_turns_away(child):
                return "is_authenticated"
    return ""


TURNING_AWAY = frozenset(
    {"redirect", "HttpResponseRedirect", "HttpResponseForbidden", "redirect_to_login"}
)


def _does_then_turns_away(check: ast.If) -> bool:
    """``if request.user.is_authenticated: <the view's work> else: return redirect("login")``:
    the same check, the other way round (blind check d3); not a login page's ``if ...:
    return redirect("home")``, which lets the visitor through."""
    body, other = check.body, check.orelse
    only_redirects = len(body) == 1 and _turns_away(body)
    return bool(other) and _turns_away(other) and not only_redirects


def _turns_away(statements: list[ast.stmt]) -> bool:
    return any(
        isinstance(statement, ast.Raise)
        or (
            isinstance(statement, ast.Return)
            and isinstance(statement.value, ast.Call)
            and last_name(statement.value.func) in TURNING_AWAY
        )
        for statement in statements
    )


def _class_decorators(node: ast.ClassDef) -> list[str]:
    """What ``@method_decorator(login_required, name="dispatch")`` over the class applies to
    its requests (to those that change data, at least)."""
    return [
        name
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        and (str_literal(keyword(decorator, "name")) or "dispatch") in DISPATCHING
        for name in _applied(decorator)
    ]


def _method_guard(node: ast.ClassDef) -> str:
    """``@method_decorator(login_required)`` on ``dispatch``, or on every handler that changes
    data; or a ``dispatch`` or ``get_permissions`` that checks the user itself."""
    methods = {
        item.name: item
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    guards = {
        name: next(filter(None, map(_method_decorator_guard, method.decorator_list)), "")
        for name, method in methods.items()
    }
    if guards.get("dispatch"):
        return guards["dispatch"]
    writing = [name for name in methods if name in WRITING_HANDLERS]
    if writing and all(guards[name] for name in writing):
        return guards[writing[0]]
    if "dispatch" in methods and _checks_sign_in(methods["dispatch"]):
        return "is_authenticated"
    permissions = methods.get("get_permissions")
    if permissions is not None and any(
        last_name(child) not in OPEN_PERMISSIONS
        and (last_name(child).startswith("Is") or "Permission" in last_name(child))
        for child in ast.walk(permissions)
        if isinstance(child, ast.Name | ast.Attribute)
    ):
        return "get_permissions"
    return ""


def _applied(decorator: ast.expr) -> list[str]:
    """The decorators ``method_decorator(...)`` applies (one or a list); [] for any other."""
    if not isinstance(decorator, ast.Call) or last_name(decorator.func) != "method_decorator":
        return []
    applied = first_arg(decorator)
    listed = applied.elts if isinstance(applied, ast.List | ast.Tuple) else [applied]
    return [last_name(_decorated(item)) for item in listed if item is not None]


def _method_decorator_guard(decorator: ast.expr) -> str:
    """The auth decorator ``method_decorator(...)`` applies, else ""."""
    return next(filter(None, map(_guard_name, _applied(decorator))), "")


def _handlers(node: ast.ClassDef) -> set[str]:
    """The names of the methods a class defines."""
    return {
        item.name for item in node.body if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
