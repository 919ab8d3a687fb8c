"""MB101 and MB111 cases where routes annotate their session with the project's own factory
(``Session = sessionmaker(bind=engine)``, then ``db_session: Session = Depends(get_db_session)``):
what ``Depends`` yields is the session, a sync one of a sync engine."""

from __future__ import annotations

from mentorbot.rules.base import Case

MODEL = """\
from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker


class Base(DeclarativeBase):
    pass


engine = create_engine("mysql+pymysql://app:app@localhost/school")
Session = sessionmaker(bind=engine)


def get_db_session():
    session = Session()
    try:
        yield session
    finally:
        session.close()
"""
MODEL_ENGINE_LINE = 9

SERVICE = """\
from sqlalchemy import select

from model.course import Course


class CourseService:
    @staticmethod
    def select_all(db_session) -> list:
        return list(db_session.scalars(select(Course)))
"""

ROUTES = """\
from fastapi import APIRouter, Depends

from model import Session, get_db_session
from service.course_service import CourseService

router = APIRouter(prefix="/course")


@router.get("/all")
async def all_courses(db_session: Session = Depends(get_db_session)):
    courses = CourseService.select_all(db_session)
    db_session.commit()
    return {"count": len(courses)}
"""
ROUTES_HITS = (11, 12)


def project(routes: str = ROUTES) -> dict[str, str]:
    return {
        "model/__init__.py": MODEL,
        "model/course.py": "from model import Base\n",
        "service/course_service.py": SERVICE,
        "api/course_api.py": routes,
    }


BLOCKING_BAD = (
    Case(
        files=project(),
        hits=tuple(("api/course_api.py", line) for line in ROUTES_HITS),
        note="a session annotated with the project's own sessionmaker, given by Depends",
    ),
)
