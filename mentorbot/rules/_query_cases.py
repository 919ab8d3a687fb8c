"""MB101's legacy-query cases: a query built in one statement and run in another is cited where
it runs, and the same routes as plain ``def`` (run in FastAPI's threadpool) block nothing."""

KEPT_QUERY_ROUTES = """\
from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Task

app = FastAPI()


@app.get("/tasks")
async def list_tasks(done: bool | None = None, db: Session = Depends(get_db)):
    query = db.query(Task)
    if done is not None:
        query = query.filter(Task.done == done)
    tasks = query.order_by(Task.id).all()
    return [{"title": task.title} for task in tasks]


@app.get("/tasks/count")
async def count_tasks(db: Session = Depends(get_db)):
    return {"count": db.query(Task).count()}
"""
KEPT_QUERY_HITS = (15, 21)

SYNC_QUERY_ROUTES = KEPT_QUERY_ROUTES.replace("async def", "def")
