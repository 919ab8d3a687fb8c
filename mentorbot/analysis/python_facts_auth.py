"""Call facts about authentication: auth schemes and password contexts, fastapi-users' backend,
password hashing by bcrypt, Werkzeug, argon2 or passlib, JWTs, and a password hashed with a fast
hash."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import FileState, SignalSink, dotted, last_name

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

FASTAPI_USERS_AUTH = frozenset(
    {"AuthenticationBackend", "BearerTransport", "CookieTransport", "JWTStrategy"}
)
"""fastapi-users' pieces of an auth backend: its transport, its token strategy, the backend."""
PASSWORD_HASHING: dict[str, str] = {
    "hashpw": "bcrypt",
    "checkpw": "bcrypt",
    "generate_password_hash": "werkzeug",
    "check_password_hash": "werkzeug",
    "PasswordHasher": "argon2",
}
"""Password hashing outside passlib: bcrypt's own functions, Werkzeug's helpers (Flask), argon2."""
_PASSWORD_WORDS = re.compile(r"pass(?:word|wd)?|pwd|senha|contrase|mot_de_passe|parol", re.I)
FAST_HASHES = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512"})


def auth(site: CallSite) -> None:
    site.sink.emit("auth", site.line, site.callee)


def from_library(site: CallSite, library: str) -> bool:
    """Whether the called name (or the head of the called chain) comes from ``library``."""
    func = site.call.func
    head = func.id if isinstance(func, ast.Name) else site.func_path.split(".")[0]
    return site.state.imported_from(head).split(".")[0] == library


DJANGO_AUTH_CALLS = frozenset({"authenticate", "login"})
"""``django.contrib.auth``'s ``authenticate(request, username=..., password=...)`` and
``login(request, user)``: the app signs its users in."""
DJANGO_AUTH_DECORATORS = frozenset(
    {"login_required", "permission_required", "user_passes_test", "staff_member_required"}
)
DJANGO_AUTH_BASES = frozenset(
    {"LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin"}
)
DRF_AUTH_ATTRIBUTES = frozenset({"permission_classes", "authentication_classes"})
"""A Django REST framework view's ``permission_classes = [IsAuthenticated]``."""
OPEN_PERMISSIONS = frozenset({"AllowAny"})
"""REST framework's permission that lets anyone in: no authentication (blind check d2)."""


def permission_names(listed: ast.expr | None) -> list[str]:
    """``[IsAuthenticated, IsOwner]`` or ``("rest_framework.permissions.AllowAny",)`` as the
    classes' names; ``IsAuthenticated | IsAdminUser`` names both."""
    if not isinstance(listed, ast.List | ast.Tuple | ast.Set):
        return []
    names: list[str] = []
    for item in listed.elts:
        text = item.value if isinstance(item, ast.Constant) and isinstance(item.value, str) else ""
        if text:
            names.append(text.rsplit(".", 1)[-1])
            continue
        named = (n for n in ast.walk(item) if isinstance(n, ast.Name | ast.Attribute))
        names.extend(map(last_name, named))
    return [name for name in dict.fromkeys(names) if name and name[0].isupper()]


def opens_to_anyone(listed: ast.expr | None) -> bool:
    """``[AllowAny]`` or ``()``: a view's classes that let anyone in. A name bound elsewhere
    (``permission_classes = OWNER_ONLY``) may hold anything."""
    return isinstance(listed, ast.List | ast.Tuple | ast.Set) and not (
        set(permission_names(listed)) - OPEN_PERMISSIONS
    )


def django_auth(site: CallSite) -> None:
    if from_library(site, "django"):
        auth(site)


def django_wrapped_view(site: CallSite) -> None:
    """``login_required(views.note_create)`` or ``login_required(NoteCreate.as_view())`` in a
    URLconf: the view it wraps is guarded as under the decorator (blind check d2)."""
    wrapped = site.call.args[0] if site.call.args else None
    if isinstance(wrapped, ast.Call) and last_name(wrapped.func) == "as_view":
        wrapped = wrapped.func.value if isinstance(wrapped.func, ast.Attribute) else None
    view = last_name(wrapped)
    if view and from_library(site, "django"):
        site.sink.emit("auth", site.line, site.callee, data={"view": view})


def password_hashing(site: CallSite) -> None:
    """``bcrypt.hashpw(...)``, ``check_password_hash(...)``: the app stores and checks passwords."""
    if from_library(site, PASSWORD_HASHING[site.callee]):
        auth(site)


def fastapi_users_auth(site: CallSite) -> None:
    """An auth piece of fastapi-users (not Starlette's ``AuthenticationBackend`` base class)."""
    if from_library(site, "fastapi_users"):
        auth(site)


def streamlit_login(site: CallSite) -> None:
    """``stauth.Authenticate(credentials, ...)`` of streamlit-authenticator: a login page."""
    if from_library(site, "streamlit_authenticator"):
        auth(site)


AIOHTTP_AUTH_CALLS = {
    "new_session": "aiohttp_session",
    **dict.fromkeys(("remember", "forget", "authorized_userid"), "aiohttp_security"),
    **dict.fromkeys(("check_authorized", "check_permission", "permits"), "aiohttp_security"),
}
"""An aiohttp app's sign-in: aiohttp-session's ``new_session(request)``, which its docs have a
login make (a fresh session, so a session id set before cannot be taken over), and
aiohttp-security's identity and permission calls. A session read (``get_session``) is no
login: a cart keeps one too. A session-cookie login had been "no authentication" (blind check
l1)."""


def aiohttp_auth(site: CallSite) -> None:
    if from_library(site, AIOHTTP_AUTH_CALLS[site.callee]):
        auth(site)


CHAINLIT_AUTH_CALLBACKS = frozenset(
    {"password_auth_callback", "oauth_callback", "header_auth_callback"}
)
"""Chainlit's decorators that make a function the app's login check."""


SLOW_HASH_LIBRARIES = ("passlib", "bcrypt", "argon2", "pwdlib")
"""Password hashers that are slow on purpose: a file that uses one hashes passwords with it
(corpus 88: ``hashlib.sha256`` shortened long passwords before passlib's bcrypt)."""


def fast_hash(site: CallSite) -> None:
    """``hashlib.sha256(password.encode())``: a password hashed with a fast general-purpose
    hash, which a leaked table gives up in no time (bcrypt and argon2 are slow on purpose)."""
    if not site.func_path.startswith("hashlib.") or not site.call.args:
        return
    if any(site.state.imports_library(library) for library in SLOW_HASH_LIBRARIES):
        return  # a pre-hash for bcrypt's 72-byte limit, in a file that hashes with bcrypt
    named = {node.id for node in ast.walk(site.call.args[0]) if isinstance(node, ast.Name)}
    named |= {node.attr for node in ast.walk(site.call.args[0]) if isinstance(node, ast.Attribute)}
    if any(_PASSWORD_WORDS.search(name) for name in named):
        site.sink.emit("fast-password-hash", site.line, site.func_path)


def jwt_call(site: CallSite) -> None:
    if site.func_path in {"jwt.encode", "jwt.decode"}:
        site.sink.emit("auth", site.line, site.func_path)


JWT_MODULES = frozenset({"jwt", "jose.jwt", "joserfc.jwt", "authlib.jose.jwt"})
"""Modules whose ``encode`` and ``decode`` sign and read a JWT: PyJWT, python-jose, joserfc and
Authlib."""
JWT_FUNCTIONS = frozenset({"encode", "decode"})
PASSLIB_HASHERS = "passlib.hash"
"""passlib's module of ready-made hashers: ``pbkdf2_sha256``, ``bcrypt``, ``argon2``, ..."""
PASSLIB_METHODS = frozenset({"hash", "verify", "encrypt"})
"""A passlib hasher's methods that hash a password or check one (``encrypt``: its old name)."""
_AUTH_METHODS = JWT_FUNCTIONS | PASSLIB_METHODS


def imported_path(func: ast.expr, state: FileState) -> str:
    """The full dotted name a called name stands for through the file's imports: ``decode`` of
    ``from jwt import decode`` is ``jwt.decode``, ``jwt.encode`` of ``from jose import jwt`` is
    ``jose.jwt.encode``; "" for a name the file did not import."""
    head, *rest = dotted(func).split(".")
    module, original = state.imports.get(head, ("", ""))
    if not module:
        return ""
    return ".".join([module, *([original] if original else []), *rest])


def library_auth(func: ast.expr, state: FileState) -> str:
    """The auth signal's name for a JWT library's ``encode``/``decode`` or a passlib hasher's
    ``hash``/``verify`` however the file imported them (``from jwt import decode``, ``from
    passlib.hash import pbkdf2_sha256``), which "no authentication" had missed (blind check
    e1); "" for any other call (``from codecs import decode`` is no JWT)."""
    if isinstance(func, ast.Attribute):
        if func.attr not in _AUTH_METHODS:
            return ""  # most calls: asked before their dotted name is spelled out
    elif not (isinstance(func, ast.Name) and func.id in state.imports):
        return ""
    path = imported_path(func, state)
    module, _, function = path.rpartition(".")
    if module in JWT_MODULES and function in JWT_FUNCTIONS:
        return f"jwt.{function}"
    hasher_module = module.rpartition(".")[0]
    if hasher_module == PASSLIB_HASHERS and function in PASSLIB_METHODS:
        return dotted(func)
    return ""


def django_guard(
    node: ast.ClassDef,
    lasts: list[str],
    assigned: dict[str, ast.expr | None],
    state: FileState,
    sink: SignalSink,
) -> None:
    """A Django view only signed-in users reach (``LoginRequiredMixin``), or a REST framework
    view with ``permission_classes``: authentication the security area had called "not seen"
    in every Django project (blind check d1). ``permission_classes = [AllowAny]`` is none."""
    guard = next((last for last in lasts if last in DJANGO_AUTH_BASES), "")
    if not guard and state.imports_library("rest_framework"):
        guard = next(
            (
                name
                for name in DRF_AUTH_ATTRIBUTES
                if name in assigned and not opens_to_anyone(assigned[name])
            ),
            "",
        )
    if guard and (state.imports_library("django") or state.imports_library("rest_framework")):
        # ``data.class``: the class a view may derive from to be guarded, in another module too
        # (a learner's ``UserIsTaskAuthorTestMixin(UserPassesTestMixin)``, blind check d3).
        sink.emit("auth", node.lineno, guard, data={"class": node.name})
