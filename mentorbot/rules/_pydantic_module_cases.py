"""MB104's cases across modules: a schema or an ORM model whose base class lives in another
module, which decides whether its ``class Config`` and ``.dict()`` are pydantic's; and a
validator imported from a pydantic-1 shim, which works on the shim's model only."""

from __future__ import annotations

from mentorbot.rules.base import Case

PERSON_BASE = """\
from pydantic import BaseModel


class PersonBase(BaseModel):
    first_name: str
    last_name: str
"""

STUDENT_SCHEMAS = """\
from schemas.person import PersonBase


class StudentCreate(PersonBase):
    birthday: str


class Student(StudentCreate):
    id: int

    class Config:
        orm_mode = True
"""

ORM_PERSON = """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
"""

ORM_STUDENT = """\
from models.person import Person


class Student(Person):
    class Config:
        comment = "a SQLAlchemy model's own Config is no pydantic API"
"""

STUDENT_SERVICE = """\
from model.student import Student
from schemas.person import PersonBase


class StudentCreate(PersonBase):
    number: str


def add_student(student: StudentCreate, db_session) -> Student:
    student = Student(**student.dict())
    db_session.add(student)
    return student
"""

SHIM_VALIDATOR = """\
from langchain_core.pydantic_v1 import validator
from pydantic import BaseModel, Field


class EventDetails(BaseModel):
    time_span: str = Field(description="how long before or after the event")

    @validator("time_span")
    def span_in_days(cls, value: str) -> str:
        return value.strip()
"""

SHIM_MODEL = SHIM_VALIDATOR.replace(
    "from langchain_core.pydantic_v1 import validator\nfrom pydantic import BaseModel, Field",
    "from langchain_core.pydantic_v1 import BaseModel, Field, validator",
)

V1_SETTINGS = """\
from pydantic import BaseSettings


class Settings(BaseSettings):
    database_url: str

    class Config:
        env_file = ".env"
"""

V1_SCHEMA = """\
from pydantic import BaseModel


class OrderRead(BaseModel):
    id: int

    class Config:
        orm_mode = True
"""

BAD = (
    Case(
        files={
            "requirements.txt": "fastapi\n",
            "app/config.py": V1_SETTINGS,
            "app/schemas.py": V1_SCHEMA,
        },
        hits=(("app/config.py", 1), ("app/config.py", 7), ("app/schemas.py", 7)),
        note="pydantic 1 code where an unpinned FastAPI installs pydantic 2",
    ),
    Case(
        files={"requirements.txt": "pydantic==2.9.2\n", "app/extract.py": SHIM_VALIDATOR},
        hits=(("app/extract.py", 8),),
        note="a shim's v1 validator on a pydantic 2 model, which never runs it",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "schemas/person.py": PERSON_BASE,
            "model/student.py": ORM_PERSON.replace("Person", "Student"),
            "service/student_service.py": STUDENT_SERVICE,
        },
        hits=(("service/student_service.py", 10),),
        note="the parameter's .dict() in the line that rebinds its name",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "schemas/person.py": PERSON_BASE,
            "schemas/student.py": STUDENT_SCHEMAS,
        },
        hits=(("schemas/student.py", 11),),
        note="class Config of a schema whose pydantic base lives in another module",
    ),
)
GOOD = (
    Case(
        files={"app/config.py": V1_SETTINGS, "app/schemas.py": V1_SCHEMA},
        note="no manifest, and a settings class from pydantic itself: written for pydantic 1 "
        "(blind check corpus 99)",
    ),
    Case(
        files={"requirements.txt": "pydantic==2.9.2\n", "app/extract.py": SHIM_MODEL},
        note="the shim's validator on the shim's own model",
    ),
    Case(
        files={
            "requirements.txt": "fastapi==0.115.0\npydantic==2.9.2\n",
            "models/person.py": ORM_PERSON,
            "models/student.py": ORM_STUDENT,
        },
        note="an ORM model on a model of another module keeps a Config of its own",
    ),
)
