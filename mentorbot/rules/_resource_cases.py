"""MB103 cases of a flask-restful API (blind check corpus 94): its resources' methods serve the
requests, and the database helper they call opens a new connection for every query."""

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
BAD = (
    Case(
        files={"app/__init__.py": APP, "app/db.py": DATABASE, "app/students.py": STUDENTS},
        hits=tuple(("app/db.py", line) for line in DATABASE_HITS),
        note="a flask-restful resource's methods query through a helper that connects per query",
    ),
)
