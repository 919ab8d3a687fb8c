"""MB106's cases of a broad handler answering with a 4xx: a users API whose handlers turn a
database that is down into the client's fault, and the same API where the handler records the
error or its ``try`` only parses what the client sent (blind check e1)."""

from mentorbot.rules.base import Case

BLAMED_CLIENT = """\
from os import getenv

from fastapi import APIRouter, Depends, Header, HTTPException, status
from fastapi.responses import JSONResponse
from jwt import decode
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import cursor, get_session
from app.models import User
from app.services import find_user

router = APIRouter()


@router.get("/users/validate")
async def validate(token: str = Header(), session: AsyncSession = Depends(get_session)) -> dict:
    try:
        data = decode(token, getenv("SECRET_KEY"), ["HS256"])
        user = (await session.execute(select(User).where(User.email == data["email"]))).scalar_one()
        return {"id": user.id, "email": user.email}
    except Exception:
        raise HTTPException(404, "token validation error")


@router.get("/users/{user_id}")
def read_user(user_id: int) -> dict:
    try:
        cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,))
        return cursor.fetchone()
    except:
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Bad user id")


@router.get("/users/by-email/{email}")
async def by_email(email: str) -> dict:
    try:
        return await find_user(email)
    except Exception:
        raise HTTPException(status_code=404, detail="User not found")


@router.get("/users/by-name/{name}")
def by_name(name: str, db=Depends(get_session)) -> JSONResponse:
    try:
        return JSONResponse(find_user(db, name))
    except Exception:
        return JSONResponse(status_code=404, content={"detail": "User not found"})
"""
BLAMED_CLIENT_HITS = (22, 31, 39, 47)
"""A 404 for a failed query, also through a bare ``except:``, a named status, an awaited
helper, or a response returned for a helper handed the session."""

TOLD_CLIENT = """\
import json
import logging
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from jwt import decode
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import User
from app.settings import SECRET_KEY

router = APIRouter()
logger = logging.getLogger(__name__)


def current_email(token: str = Header()) -> str:
    try:
        payload = decode(token, SECRET_KEY, ["HS256"])
        email = payload["email"]
        if not email:
            raise HTTPException(401, "no email in the token")
    except Exception:
        raise HTTPException(401, "invalid token")
    return email


@router.post("/users/import")
async def import_users(request: Request) -> dict:
    try:
        rows = json.loads(await request.body())
    except Exception:
        raise HTTPException(400, "the body is no JSON")
    return {"rows": len(rows)}


@router.get("/users/{user_id}")
async def read_user(user_id: str, session: AsyncSession = Depends(get_session)) -> dict:
    try:
        key = UUID(user_id)
    except Exception:
        raise HTTPException(400, "not a user id")
    try:
        user = await session.get(User, key)
    except Exception:
        logger.exception("reading user %s failed", key)
        raise HTTPException(404, "user not found")
    return {"email": user.email}


@router.delete("/users/{user_id}")
async def delete_user(user_id: int, session: AsyncSession = Depends(get_session)) -> None:
    try:
        await session.delete(await session.get(User, user_id))
        await session.commit()
    except Exception as error:
        raise HTTPException(409, f"could not delete the user: {error}")
"""
"""A ``try`` that only parses the token, the body or an id, and one whose handler logs the
traceback or tells the client what failed."""

PREBUILT_ERROR = """\
from fastapi import Depends, HTTPException, status
from fastapi.responses import JSONResponse
from jose import jwt
from sqlalchemy.orm import Session

from app.db import get_db, get_user_by_id
from app.models import Profile
from app.settings import SECRET_KEY

NOT_FOUND = JSONResponse(status_code=404, content={"detail": "not found"})


def get_current_user(token: str, db: Session = Depends(get_db)):
    credentials_exception = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
        user = get_user_by_id(db, user_id=int(payload["sub"]))
    except Exception:
        raise credentials_exception
    if user is None:
        raise credentials_exception
    return user


def read_profile(user_id: int, db: Session = Depends(get_db)):
    try:
        return db.query(Profile).filter(Profile.user_id == user_id).one()
    except Exception:
        return NOT_FOUND
"""
PREBUILT_ERROR_HITS = (22, 32)
"""The FastAPI tutorial's ``credentials_exception``, a 401 built before the ``try`` and raised
for any error of a database query, and a 404 response built at module level (blind check r2)."""

PREBUILT_TOLD_CLIENT = """\
from fastapi import Depends, HTTPException, status
from jose import JWTError, jwt
from sqlalchemy.orm import Session

from app.db import get_db, get_user_by_id
from app.settings import SECRET_KEY


def get_current_user(token: str, db: Session = Depends(get_db)):
    credentials_exception = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
        user_id = int(payload["sub"])
        if user_id is None:
            raise credentials_exception
    except JWTError:
        raise credentials_exception
    user = get_user_by_id(db, user_id=user_id)
    if user is None:
        raise credentials_exception
    return user


def token_subject(token: str) -> str:
    credentials_exception = HTTPException(status_code=401, detail="invalid token")
    try:
        return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])["sub"]
    except Exception:
        raise credentials_exception
"""
"""The tutorial's narrow ``except JWTError``, and a broad one around decoding the token only."""

BLAMED_CLIENT_CASES = (
    Case(
        files={"app/users.py": BLAMED_CLIENT},
        hits=tuple(("app/users.py", line) for line in BLAMED_CLIENT_HITS),
        note="every error of a database query answered with a bare 4xx, nothing logged",
    ),
    Case(
        files={"app/auth.py": PREBUILT_ERROR},
        hits=tuple(("app/auth.py", line) for line in PREBUILT_ERROR_HITS),
        note="a 4xx built before the try (credentials_exception), raised or returned for every "
        "error of a database query",
    ),
)
TOLD_CLIENT_CASES = (
    Case(
        files={"app/users.py": TOLD_CLIENT},
        note="a 4xx for a try that only parses the client's token, body or id, or for one whose "
        "handler logs the error or answers with it",
    ),
    Case(
        files={"app/auth.py": PREBUILT_TOLD_CLIENT},
        note="a prebuilt 401 raised for a token that does not decode, by a narrow handler or a "
        "broad one around decoding only",
    ),
)
