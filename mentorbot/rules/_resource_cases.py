"""MB103 cases of a flask-restful API (blind check corpus 94): its resources' methods serve the
requests, and the database helper they call opens a new connection for every query; and of a
FastAPI app whose session dependency makes a new engine per request (corpus 95)."""

from __future__ import annotations

from mentorbot.rules.base import Case

DATABASE = """\
import os

import pymysql


class Database:
    def connection(self):
        return pymysql.connect(host="localhost", user="app", password=os.environ["DB_PASSWORD"])

    def get_data(self, sql, params=()):
        con = self.connection()
        try:
            with con.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        finally:
            con.close()

    def commit_data(self, sql, params=()):
        con = self.connection()
        try:
            with con.cursor() as cur:
                cur.execute(sql, params)
            con.commit()
        finally:
            con.close()
"""
DATABASE_HITS = (11, 20)
APP = """\
from flask import Flask
from flask_restful import Api

from app.db import Database

app = Flask(__name__)
api = Api(app)
db = Database()
"""
STUDENTS = """\
from flask import request
from flask_restful import Resource

from app import api, db


class Students(Resource):
    def get(self):
        return db.get_data("select * from students")

    def post(self):
        data = request.get_json()
        return db.commit_data("insert into students (name) values (%s)", [data["name"]])


api.add_resource(Students, "/students")
"""
ENGINE_PER_REQUEST = """\
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.settings import DATABASE_URL

app = FastAPI()
reports = create_engine(DATABASE_URL)


def get_db():
    engine = create_engine(DATABASE_URL)
    session_local = sessionmaker(bind=engine)
    db = session_local()
    try:
        yield db
    finally:
        db.close()


@app.get("/health")
def health() -> dict:
    engine = create_engine(DATABASE_URL, pool_pre_ping=True)
    with engine.connect():
        return {"ok": True}


def make_engine(url: str):
    return create_engine(url)


async def lifespan(app: FastAPI):
    app.state.engine = create_engine(DATABASE_URL)
    yield
    app.state.engine.dispose()
"""
ENGINE_PER_REQUEST_HITS = (12, 23)

BAD = (
    Case(
        files={"app/main.py": ENGINE_PER_REQUEST},
        hits=tuple(("app/main.py", line) for line in ENGINE_PER_REQUEST_HITS),
        note="an engine made in the session dependency and in a route, every request",
    ),
    Case(
        files={"app/__init__.py": APP, "app/db.py": DATABASE, "app/students.py": STUDENTS},
        hits=tuple(("app/db.py", line) for line in DATABASE_HITS),
        note="a flask-restful resource's methods query through a helper that connects per query",
    ),
)
