"""MB102's cases: a task API whose routes answer with the ORM ``Task`` (declared as the
response model, or returned from routes that declare none, or through a star import), the same
API on ``TaskRead`` schemas, a SQLModel table returned as SQLModel's tutorial does, and a SQLModel
``User`` table whose password hash, declared by its base class, goes out with it."""

MODELS = """\
from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
"""

SCHEMAS = """\
from pydantic import BaseModel, ConfigDict


class Task(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
"""

BAD_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.database import get_session
from app.models import Task

router = APIRouter(prefix="/tasks")


@router.get("/", response_model=list[Task])
async def list_tasks(session: AsyncSession = Depends(get_session)):
    return (await session.scalars(select(Task))).all()


@router.get("/{task_id}")
async def get_task(task_id: int, session: AsyncSession = Depends(get_session)) -> Task:
    return await session.get(Task, task_id)
"""

BAD_RETURNED = """\
from fastapi import Depends, FastAPI, HTTPException
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app import models
from app.database import get_db

app = FastAPI()


@app.post("/tasks")
def create_task(title: str, db: Session = Depends(get_db)):
    task = models.Task(title=title)
    db.add(task)
    db.commit()
    db.refresh(task)
    return task


@app.get("/tasks/{task_id}")
def read_task(task_id: int, db: Session = Depends(get_db)):
    task = db.query(models.Task).filter(models.Task.id == task_id).first()
    if task is None:
        raise HTTPException(status_code=404)
    return task


@app.put("/tasks/{task_id}/done")
def finish_task(task_id: int, db: Session = Depends(get_db)):
    task = db.get(models.Task, task_id)
    task.done = True
    db.commit()
    return {
        "message": "task finished",
        "task": task,
    }


@app.post("/tasks/blank")
def create_blank_task(title: str, db: Session = Depends(get_db)):
    task = models.Task()
    task.title = title
    db.add(task)
    db.commit()
    return task


@app.get("/tasks")
async def list_tasks(db: Session = Depends(get_db)):
    return await run_in_threadpool(lambda: db.query(models.Task).all())
"""

GOOD_RETURNED = """\
from fastapi import Depends, FastAPI, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from app import models, schemas
from app.database import get_db

app = FastAPI()
templates = Jinja2Templates(directory="templates")


@app.get("/tasks/{task_id}", response_model=schemas.Task)
def read_task(task_id: int, db: Session = Depends(get_db)):
    return db.query(models.Task).filter(models.Task.id == task_id).first()


@app.get("/tasks/count")
def count_tasks(db: Session = Depends(get_db)):
    return db.query(models.Task).count()


@app.put("/tasks/{task_id}/done")
def finish_task(task_id: int, db: Session = Depends(get_db)):
    task = db.get(models.Task, task_id)
    task.done = True
    db.commit()
    return {"message": "task finished", "task": schemas.Task.model_validate(task), "id": task.id}


@app.get("/board")
def board(request: Request, db: Session = Depends(get_db)):
    tasks = db.query(models.Task).all()
    return templates.TemplateResponse(request, "board.html", {"tasks": tasks})
"""

GOOD_ROUTES = """\
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import models, schemas
from app.database import get_session

router = APIRouter(prefix="/tasks")


@router.get("/", response_model=list[schemas.Task])
async def list_tasks(session: AsyncSession = Depends(get_session)):
    return (await session.scalars(select(models.Task))).all()


@router.get("/{task_id}")
async def get_task(task_id: int, session: AsyncSession = Depends(get_session)) -> schemas.Task:
    task = await session.get(models.Task, task_id)
    return schemas.Task.model_validate(task)
"""

STAR_IMPORT = """\
from fastapi import FastAPI

from app.database import SessionLocal
from app.models import *

app = FastAPI()


@app.get("/tasks/{task_id}", response_model=Task)
def read_task(task_id: int):
    with SessionLocal() as session:
        return session.get(Task, task_id)
"""

SQLMODEL_USERS = """\
from fastapi import FastAPI
from sqlmodel import Field, Session, SQLModel, create_engine

engine = create_engine("sqlite:///users.db")
app = FastAPI()


class UserBase(SQLModel):
    email: str
    hashed_password: str


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


@app.get("/users/{user_id}", response_model=User)
def read_user(user_id: int):
    with Session(engine) as session:
        return session.get(User, user_id)
"""

USER_MODELS = """\
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    hashed_password: Mapped[str] = mapped_column(String(200))
"""

MODELS_PACKAGE = """\
from app.models.user import Base, User

__all__ = ["Base", "User"]
"""

USER_REPOSITORY = """\
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def get_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


class UserRepository:
    def __init__(self, session=None):
        self.session = session

    async def find(self, user_id: int) -> User | None:
        result = await self.session.execute(select(User).where(User.id == user_id))
        return result.scalar_one_or_none()

    @classmethod
    async def find_all(cls, session) -> list[User]:
        statement = select(User).order_by(User.id)
        result = await session.execute(statement)
        return result.scalars().all()


def count_users(db: Session) -> int:
    return db.query(User).count()
"""

BAD_THROUGH_CALLS = """\
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.database import get_db, get_session
from app.repositories import users
from app.repositories.users import UserRepository

router = APIRouter()


@router.get("/users/{user_id}")
def read_user(user_id: int, db: Session = Depends(get_db)):
    return users.get_user(db, user_id)


@router.get("/users")
async def list_users(session=Depends(get_session)):
    found = await UserRepository.find_all(session)
    return found


@router.get("/users/count")
def user_count(db: Session = Depends(get_db)):
    return {"count": users.count_users(db)}


@router.get("/users/{user_id}/profile")
async def read_profile(user_id: int, repo: UserRepository = Depends(UserRepository)):
    return await repo.find(user_id)
"""
THROUGH_CALLS_HITS = (13, 19, 29)
"""The route returns what a repository function, a DAO's class method (a statement run in
steps) or a method of the repository FastAPI injects returns: ORM users with their password
hashes, their class re-exported by the models package. A count is no model."""

GOOD_THROUGH_CALLS = (
    BAD_THROUGH_CALLS.replace(
        '@router.get("/users/{user_id}")',
        '@router.get("/users/{user_id}", response_model=UserRead)',
    )
    .replace('@router.get("/users")', '@router.get("/users", response_model=list[UserRead])')
    .replace(
        '@router.get("/users/{user_id}/profile")',
        '@router.get("/users/{user_id}/profile", response_model=UserRead)',
    )
    .replace(
        "from app.repositories.users import UserRepository",
        "from app.repositories.users import UserRepository\nfrom app.schemas import UserRead",
    )
)
