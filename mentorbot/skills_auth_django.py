"""Which Django views auth guards, as ``skills_auth`` tells for FastAPI's and Flask's routes: a
view is guarded by its own decorator, mixin or ``permission_classes``, by ``login_required(...)``
wrapping it in a URLconf, by a view class it derives from (in another module too), or
project-wide: REST framework's ``DEFAULT_PERMISSION_CLASSES`` guards its views that set no
permissions of their own, ``LoginRequiredMiddleware`` every view not marked
``@login_not_required``. Sign-up, login and the like are public by design (blind check d2)."""

from __future__ import annotations

import re

from mentorbot.analysis.python_facts_django_writes import snake_case
from mentorbot.skills_facts import Facts, Located

DEFAULT_PERMISSIONS = "DEFAULT_PERMISSION_CLASSES"
LOGIN_MIDDLEWARE = "LoginRequiredMiddleware"
PROJECT_WIDE = frozenset({DEFAULT_PERMISSIONS, LOGIN_MIDDLEWARE})
ACCOUNT_WORDS = frozenset({"user", "users", "account", "accounts"})
PLAIN_WORDS = frozenset({"list", "create", "view", "api", "apiview"})
"""Words that add nothing to what a view is for: ``UserListAPIView`` is about users."""
PUBLIC_VIEW = re.compile(
    r"(?:^|_)(?:log_?in|log_?out|sign_?up|sign_?in|register|registration|token|refresh|auth"
    r"|password|forgot|reset|verif\w*|confirm|activat\w*|webhook|callback|health|otp"
    r"|(?:create|new|add)_(?:user|account)|(?:user|account)_(?:create|registration))(?:_|$)"
)
"""Views public by design, word by word of the snake-cased name (``SignUpView``,
``UserRegistrationView``): ``skills_auth``'s routes' pattern, where ``auth`` would have made the
tutorial's ``AuthorDelete`` public."""


def django_views_by_guard(facts: Facts) -> tuple[list[Located], list[Located]]:
    """The guarded Django views (each citing its guard), then the settings that guard them all,
    and the views that change data with no guard, not counting those public by design."""
    views = facts.signals("django-view")
    if not views:
        return [], []
    settings = facts.signals("auth", where=lambda item: item.name in PROJECT_WIDE)
    project_wide = {item.name for item in settings}
    wrapped = {item.get("view"): item.name for item in facts.signals("auth") if item.get("view")}
    guards = {
        view.name: view.get("guard") or wrapped[view.name]
        for view in views
        if view.get("guard") or view.name in wrapped
    }
    # The project's own guarding classes: a mixin on UserPassesTestMixin (blind check d3).
    guards |= {
        item.get("class"): item.name
        for item in facts.signals("auth")
        if item.get("class") and item.get("class") not in guards
    }
    while True:
        inherited = {
            view.name: guards[base]
            for view in views
            if view.name not in guards and not view.get("open")
            for base in view.get("bases").split(",")
            if base in guards
        }
        if not inherited:
            break
        guards |= inherited
    # A view class others derive from is their base, routed through them (blind check d3).
    based_on = {base for view in views for base in view.get("bases").split(",") if base}
    guarded: list[Located] = []
    open_views: list[Located] = []
    for view in views:
        guard = view.get("guard") or wrapped.get(view.name, "")
        guard = guard or _inherited_guard(view, guards, project_wide)
        if guard:
            signal = view.signal.model_copy(update={"detail": guard})
            guarded.append(Located(view.path, signal))
        elif view.flag("writes") and not _public_by_design(view) and view.name not in based_on:
            open_views.append(view)
    # The guards on views that change data first: those are what the best practice asks for.
    guarded.sort(key=lambda view: not view.flag("writes"))
    return [*guarded, *settings], open_views


def _inherited_guard(view: Located, guards: dict[str, str], project_wide: set[str]) -> str:
    """A guard from a base view class, or from the settings of the whole project."""
    bases = [base for base in view.get("bases").split(",") if base in guards]
    if bases and not view.get("open"):
        return guards[bases[0]]
    if view.flag("drf") and not view.get("open") and DEFAULT_PERMISSIONS in project_wide:
        return DEFAULT_PERMISSIONS
    if LOGIN_MIDDLEWARE in project_wide and view.get("open") != "login_not_required":
        return LOGIN_MIDDLEWARE
    return ""


def _public_by_design(view: Located) -> bool:
    """``signup``, ``SignUpView``, ``LoginView``, ``UserRegistrationView``: for visitors; so is
    REST framework's tutorial ``UserList`` whose only change is a ``post`` that makes a user,
    as Flask's ``POST /users`` is."""
    words = snake_case(view.name)
    if PUBLIC_VIEW.search(words):
        return True
    first, *rest = words.split("_")
    return view.flag("creates") and first in ACCOUNT_WORDS and set(rest) <= PLAIN_WORDS
