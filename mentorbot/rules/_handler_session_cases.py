"""MB103 beyond FastAPI: a Flask view and a chat bot's handlers that open their own session or
connection for each request or message (blind checks corpus 72 and 74 counted them)."""

from __future__ import annotations

BOT = """\
import sqlite3

from aiogram import Dispatcher, types

dp = Dispatcher()


def save_note(user_id: int, text: str) -> None:
    conn = sqlite3.connect("notes.db")
    conn.execute("INSERT INTO notes VALUES (?, ?)", (user_id, text))
    conn.commit()
    conn.close()


@dp.message()
async def on_note(message: types.Message) -> None:
    save_note(message.from_user.id, message.text)
    await message.answer("saved")


@dp.message(commands=["list"])
async def on_list(message: types.Message) -> None:
    conn = sqlite3.connect("notes.db")
    rows = conn.execute("SELECT text FROM notes").fetchall()
    conn.close()
    await message.answer("\\n".join(row[0] for row in rows))
"""
BOT_HITS = (("bot.py", 9), ("bot.py", 23))

FLASK_VIEWS = """\
from flask import Flask, jsonify

from app.database import SessionLocal
from app.models import Book

app = Flask(__name__)


@app.route("/books")
def list_books():
    session = SessionLocal()
    books = session.query(Book).all()
    session.close()
    return jsonify([book.title for book in books])
"""
FLASK_HITS = (("app/views.py", 11),)

SHARED_BOT = """\
import sqlite3

from aiogram import Dispatcher, types

dp = Dispatcher()
conn = sqlite3.connect("notes.db")


@dp.message()
async def on_list(message: types.Message) -> None:
    rows = conn.execute("SELECT text FROM notes").fetchall()
    await message.answer("\\n".join(row[0] for row in rows))
"""
"""One connection made at start-up and shared: no connection per message."""

FLASK_G_DB = """\
import pymysql
from flask import Flask, g

app = Flask(__name__)


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = pymysql.connect(host="db", user="app", database="tour")
    return db


@app.teardown_appcontext
def close_connection(exception):
    db = getattr(g, "_database", None)
    if db is not None:
        db.close()


@app.route("/teams")
def teams():
    cursor = get_db().cursor()
    cursor.execute("SELECT name FROM teams")
    return {"teams": [row[0] for row in cursor.fetchall()]}
"""
"""Flask's own pattern: one connection per request context, kept on ``g`` (corpus 77)."""

REGISTERED_BOT = """\
import sqlite3

from aiogram import Dispatcher, types


async def start_button(message: types.Message) -> None:
    conn = sqlite3.connect("db.sqlite3")
    conn.execute("INSERT INTO users VALUES (?)", (message.from_user.id,))
    conn.commit()
    await message.answer("welcome")


def register_start(dp: Dispatcher) -> None:
    dp.register_message_handler(start_button, commands=["start"])
"""
"""aiogram 2's handlers registered by a call, not a decorator (corpus 79)."""
REGISTERED_BOT_HITS = (("handlers/start.py", 7),)

DATABASE_CLASS = """\
import sqlite3


class Database:
    def __init__(self) -> None:
        self.connection = sqlite3.connect("db.sqlite3")
        self.cursor = self.connection.cursor()

    def select_users(self) -> list[tuple]:
        return self.cursor.execute("SELECT * FROM users").fetchall()
"""
MADE_ON_THE_SPOT = """\
from aiogram import Dispatcher, types

from database.sql_commands import Database


async def list_users(message: types.Message) -> None:
    users = Database().select_users()
    await message.answer(str(len(users)))


def register(dp: Dispatcher) -> None:
    dp.register_message_handler(list_users, commands=["users"])
"""
"""A class that connects when made, made on the spot in each handler (corpus 79)."""
MADE_ON_THE_SPOT_HITS = (("handlers/users.py", 7),)

USER_LOADER = """\
import psycopg
from flask_login import UserMixin

from app import app, login_manager


class User(UserMixin):
    def __init__(self, username: str) -> None:
        self.username = username


@login_manager.user_loader
def load_user(username: str) -> User | None:
    with psycopg.connect(app.config["DATABASE_URL"]) as con:
        row = con.execute("SELECT username FROM users WHERE username = %s", (username,))
        found = row.fetchone()
    return User(found[0]) if found else None
"""
USER_LOADER_HITS = (("app/user.py", 14),)
"""Flask-Login calls the loader on every authenticated request: a connection each time, though
no view calls it by name (corpus 82)."""

CLIENT_BOT = """\
import sqlite3

import discord


class NotesClient(discord.Client):
    async def on_message(self, message: discord.Message) -> None:
        conn = sqlite3.connect("notes.db")
        conn.execute("INSERT INTO notes VALUES (?)", (message.content,))
        conn.commit()
        conn.close()

    def open_archive(self) -> sqlite3.Connection:
        return sqlite3.connect("archive.db")
"""
"""discord.py's quickstart shape: the client's subclass overrides ``on_message``, an event as
``@client.event`` makes one (blind check t1); its helper method is no handler."""
CLIENT_BOT_HITS = (("bot.py", 8),)

BUTTON_BOT = """\
import sqlite3

from telegram.ext import ApplicationBuilder, CallbackQueryHandler


async def on_button(update, context) -> None:
    conn = sqlite3.connect("votes.db")
    conn.execute("INSERT INTO votes VALUES (?)", (update.callback_query.data,))
    conn.commit()
    conn.close()


app = ApplicationBuilder().token("x").build()
app.add_handler(CallbackQueryHandler(on_button))
"""
"""python-telegram-bot's ``CallbackQueryHandler`` takes its callback as its first argument
(blind check t1)."""
BUTTON_BOT_HITS = (("bot.py", 7),)
