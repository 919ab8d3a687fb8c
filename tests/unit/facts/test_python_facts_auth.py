"""Auth facts: schemes, JWTs, password hashing and login pages, however the file imports them."""

from __future__ import annotations

from tests.unit.facts.facts_helpers import of_kind, signals_of


def test_auth_helpers() -> None:
    signals = signals_of(
        """\
        from fastapi import Security
        from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
        from jose import jwt
        from passlib.context import CryptContext

        oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/token")
        api_key = APIKeyHeader(name="X-API-Key")
        pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")


        def make_token(sub: str) -> str:
            return jwt.encode({"sub": sub}, SECRET, algorithm="HS256")


        def current_user(token: str = Security(oauth2_scheme, scopes=["me"])) -> dict:
            return jwt.decode(token, SECRET, algorithms=["HS256"])
        """
    )

    assert of_kind(signals, "auth") == [
        (6, "OAuth2PasswordBearer", {}),
        (7, "APIKeyHeader", {}),
        (8, "CryptContext", {}),
        (12, "jwt.encode", {}),
        (15, "Security", {}),
        (16, "jwt.decode", {}),
    ]


def test_fastapi_users_auth_backend_is_auth() -> None:
    """A shop mounting fastapi-users' JWT backend was said to have no authentication (blind
    check corpus 50); Starlette's AuthenticationBackend base class is no backend of its own."""
    signals = signals_of(
        """\
        from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy
        from starlette.authentication import AuthenticationBackend as StarletteBackend

        bearer_transport = BearerTransport(tokenUrl="auth/jwt/login")


        def get_jwt_strategy() -> JWTStrategy:
            return JWTStrategy(secret=SECRET, lifetime_seconds=3600)


        auth_backend = AuthenticationBackend(
            name="jwt", transport=bearer_transport, get_strategy=get_jwt_strategy
        )
        base = StarletteBackend()
        """,
        "src/auth/base_config.py",
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (4, "BearerTransport"),
        (8, "JWTStrategy"),
        (11, "AuthenticationBackend"),
    ]


def test_password_hashing_by_bcrypt_or_werkzeug_is_auth() -> None:
    """A WebSocket chat that registers and logs in users with bcrypt was said to have no
    authentication (blind check corpus 51); a project helper of the same name is not bcrypt."""
    signals = signals_of(
        """\
        import bcrypt
        from werkzeug.security import check_password_hash

        from app.utils import hashpw


        def register(password: str) -> bytes:
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


        def login(password: str, stored: bytes, legacy: str) -> bool:
            if bcrypt.checkpw(password.encode(), stored):
                return True
            return check_password_hash(legacy, password)


        def rehash(password: str) -> str:
            return hashpw(password)
        """,
        "app/routers/user.py",
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (8, "hashpw"),
        (12, "checkpw"),
        (14, "check_password_hash"),
    ]


def test_a_streamlit_login_and_a_chainlit_password_callback_are_auth() -> None:
    """A Streamlit app behind streamlit-authenticator's login and a Chainlit app with a
    password callback were said to have "no authentication" (blind check corpus 74); another
    library's ``Authenticate`` is not a login page."""
    streamlit = signals_of(
        """\
        import streamlit_authenticator as stauth
        from app.ldap import Authenticate

        authenticator = stauth.Authenticate(config["credentials"], "cookie", "key", 30)
        directory = Authenticate("ldap://example")
        """,
        "app.py",
    )
    chainlit = signals_of(
        """\
        import chainlit as cl


        @cl.password_auth_callback
        def auth_callback(username: str, password: str):
            return cl.User(identifier=username) if check(username, password) else None
        """,
        "src/chainlit_app.py",
    )

    assert [(line, name) for line, name, _ in of_kind(streamlit, "auth")] == [(4, "Authenticate")]
    assert [(line, name) for line, name, _ in of_kind(chainlit, "auth")] == [
        (5, "password_auth_callback")
    ]


def test_jwt_and_passlib_functions_imported_by_name_are_auth() -> None:
    """A JWT login with ``from jwt import encode, decode`` and passwords hashed by ``from
    passlib.hash import pbkdf2_sha256`` was "no authentication", while ``jwt.encode(...)`` was
    seen (blind check e1)."""
    signals = signals_of(
        """\
        import jose.jwt
        from jose import jwt as jose_jwt
        from jose.jwt import decode as jose_decode
        from jwt import decode, encode as sign
        from passlib.hash import argon2, bcrypt as hasher, pbkdf2_sha256


        def token(email: str) -> str:
            return sign({"email": email}, KEY, algorithm="HS256")


        def read(token: str, t: str) -> dict:
            return decode(token, KEY, ["HS256"]) or jose_decode(token, KEY) or jose_jwt.decode(t)


        def store(password: str) -> str:
            return pbkdf2_sha256.hash(password) or hasher.hash(password) or argon2.encrypt(password)


        def check(password: str, hashed: str) -> bool:
            return pbkdf2_sha256.verify(password, hashed) or jose.jwt.encode({}, KEY)
        """
    )

    assert [(line, name) for line, name, _ in of_kind(signals, "auth")] == [
        (9, "jwt.encode"),
        (13, "jwt.decode"),
        (13, "jwt.decode"),
        (13, "jwt.decode"),
        (17, "pbkdf2_sha256.hash"),
        (17, "hasher.hash"),
        (17, "argon2.encrypt"),
        (21, "pbkdf2_sha256.verify"),
        (21, "jwt.encode"),
    ]


def test_encode_and_decode_of_other_libraries_are_no_auth() -> None:
    """``decode`` and ``encode`` name functions of many libraries: only a JWT library's sign in."""
    signals = signals_of(
        """\
        import bcrypt
        from base64 import b64decode, b64encode
        from codecs import decode, encode
        from json import decoder
        from passlib import hash as hashing
        from urllib.parse import quote as verify

        from app.tokens import decode as decode_token


        def convert(data: bytes, hashed: bytes) -> object:
            encode(data, "hex")
            decode(b64decode(b64encode(data)), "hex")
            decode_token(data)
            decoder.JSONDecoder().decode("{}")
            verify("a b")
            hashing.identify(hashed)
            hash(data)
            return bcrypt.hash(data)
        """
    )

    assert of_kind(signals, "auth") == []


def test_an_aiohttp_session_login_and_aiohttp_security_are_auth() -> None:
    """aiohttp-session's ``new_session`` at login and aiohttp-security's checks: an aiohttp
    admin panel's login had been "no authentication" (blind check l1). A session only read
    (``get_session``) and a ``remember`` of the learner's own are none."""
    signals = signals_of(
        """\
        import aiohttp_session
        from aiohttp_security import check_permission, remember
        from aiohttp_session import get_session


        async def login(request):
            session = await aiohttp_session.new_session(request)
            await remember(request, session, "alice")


        async def panel(request):
            await check_permission(request, "admin")
            return await get_session(request)
        """
    )
    cart = signals_of(
        """\
        from aiohttp_session import get_session

        from .memory import remember


        async def add_to_cart(request):
            session = await get_session(request)
            remember(session, "book")
        """
    )

    assert of_kind(signals, "auth") == [
        (7, "new_session", {}),
        (8, "remember", {}),
        (12, "check_permission", {}),
    ]
    assert of_kind(cart, "auth") == []
