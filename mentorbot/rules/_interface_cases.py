"""MB101's cases of a layered app typed with interfaces: a blog service keeps the repository it
is handed as ``self._posts``, typed with an abstract ``PostRepository``; only the factory in the
dependencies module knows it gets the SQLAlchemy one, whose methods query a sync session. The
tests' in-memory fake implements the interface too and changes nothing. With a second
implementation in the app itself, which one a call reaches is not assumed."""

from __future__ import annotations

from mentorbot.rules.base import Case

INTERFACES = """\
from abc import ABC, abstractmethod


class PostRepository(ABC):
    @abstractmethod
    def list_recent(self, limit: int) -> list[dict]:
        raise NotImplementedError

    @abstractmethod
    def add(self, title: str) -> dict:
        raise NotImplementedError
"""

SQL_REPOSITORY = """\
from sqlalchemy.orm import Session

from app.domain.interfaces import PostRepository
from app.infrastructure.models import PostModel


class SqlAlchemyPostRepository(PostRepository):
    def __init__(self, db: Session) -> None:
        self._db = db

    def list_recent(self, limit: int) -> list[dict]:
        rows = self._db.query(PostModel).order_by(PostModel.id.desc()).limit(limit).all()
        return [{"id": row.id, "title": row.title} for row in rows]

    def add(self, title: str) -> dict:
        post = PostModel(title=title)
        self._db.add(post)
        self._db.commit()
        return {"id": post.id, "title": post.title}
"""

MEMORY_REPOSITORY = """\
from app.domain.interfaces import PostRepository


class InMemoryPostRepository(PostRepository):
    def __init__(self) -> None:
        self._posts: list[dict] = []

    def list_recent(self, limit: int) -> list[dict]:
        return self._posts[-limit:]

    def add(self, title: str) -> dict:
        post = {"id": len(self._posts) + 1, "title": title}
        self._posts.append(post)
        return post
"""

SERVICE = """\
from app.domain.interfaces import PostRepository


class BlogService:
    def __init__(self, posts: PostRepository) -> None:
        self._posts = posts

    def recent(self, limit: int = 20) -> list[dict]:
        return self._posts.list_recent(limit)

    def publish(self, title: str) -> dict:
        return self._posts.add(title.strip())
"""

DEPENDENCIES = """\
from fastapi import Depends
from sqlalchemy.orm import Session

from app.domain.interfaces import PostRepository
from app.infrastructure.db import SessionLocal
from app.infrastructure.repositories import SqlAlchemyPostRepository
from app.services.blog import BlogService


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def get_post_repo(db: Session = Depends(get_db)) -> PostRepository:
    return SqlAlchemyPostRepository(db)


def get_blog_service(posts: PostRepository = Depends(get_post_repo)) -> BlogService:
    return BlogService(posts=posts)
"""

ROUTES = """\
from fastapi import APIRouter, Depends

from app.api.dependencies import get_blog_service
from app.services.blog import BlogService

router = APIRouter()


@router.get("/posts")
async def recent_posts(service: BlogService = Depends(get_blog_service)) -> list[dict]:
    return service.recent(limit=10)


@router.post("/posts")
async def publish(title: str, service: BlogService = Depends(get_blog_service)) -> dict:
    return service.publish(title)
"""
ROUTES_HITS = (11, 16)

FAKE_TEST = """\
from app.domain.interfaces import PostRepository
from app.services.blog import BlogService


class FakePostRepository(PostRepository):
    def list_recent(self, limit: int) -> list[dict]:
        return []

    def add(self, title: str) -> dict:
        return {"id": 1, "title": title}


def test_publish_strips_the_title() -> None:
    assert BlogService(FakePostRepository()).publish(" hi ")["title"] == "hi"
"""


def project(*, fake_in_app: bool = False) -> dict[str, str]:
    files = {
        "app/domain/interfaces.py": INTERFACES,
        "app/infrastructure/repositories.py": SQL_REPOSITORY,
        "app/services/blog.py": SERVICE,
        "app/api/dependencies.py": DEPENDENCIES,
        "app/api/posts.py": ROUTES,
        "tests/test_blog.py": FAKE_TEST,
    }
    if fake_in_app:
        files["app/infrastructure/memory.py"] = MEMORY_REPOSITORY
    return files


BAD = (
    Case(
        files=project(),
        hits=tuple(("app/api/posts.py", line) for line in ROUTES_HITS),
        note="an interface-typed repository whose one implementation queries a sync session",
    ),
)
GOOD = (
    Case(
        files=project(fake_in_app=True),
        note="two implementations in the app: which one the service holds is not assumed",
    ),
    Case(files={**project(), "app/api/posts.py": ROUTES.replace("async def", "def")}),
)
