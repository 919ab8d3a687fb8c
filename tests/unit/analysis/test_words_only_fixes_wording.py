"""Fixes that changed only words, comments, layout, messages or names solved no problem."""

from __future__ import annotations

from pathlib import Path

from tests.mining import solved_lessons
from tests.unit.analysis._helpers import PAGES, _fixed, _repo


def test_fixes_of_words_and_layout_are_not_solved_problems(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("README.md", "# Shop API\n\nRun it with uvicorn.\n")
    repo.commit("fix typo in README")
    commented = PAGES.replace(
        '"""First and last index of a page (pages start at 1)."""',
        '"""First index and the index past the last of a page; pages start at 1."""',
    ).replace(
        "    start = (page - 1) * size\n",
        "    # pages are 1-based\n    start = (page - 1) * size\n",
    )
    repo.write("app/pages.py", commented)
    repo.commit("fix: 修正注释")
    repo.write("app/pages.py", commented.replace("(page - 1) * size", "(page-1)*size"))
    repo.commit("fix: formatting")

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_that_changes_the_code_is_still_a_solved_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("README.md", "# Shop API\n\nRun it with uvicorn.\n")
    repo.write("app/pages.py", PAGES.replace("(page - 1) * size", "max(page - 1, 0) * size"))
    sha = repo.commit("fix: page 0 returned a negative start index")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.commit == sha
    assert lesson.path == "app/pages.py"
    assert "max(page - 1, 0)" in lesson.after


TODOS = """\
from fastapi import HTTPException

from app.db import cursor


def add_todo(title: str) -> dict:
    try:
        cursor.execute("INSERT INTO todo (title) VALUES (%s) RETURNING id", (title,))
        return cursor.fetchone()
    except Exception:
        raise HTTPException(status_code=500, detail="Server error")
"""


def test_a_fix_that_only_rewords_the_error_a_broad_handler_hides_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("app/db.py", "cursor = None\n")
    repo.write("app/todos.py", TODOS)
    repo.commit("feat: add todos")
    repo.write("app/todos.py", TODOS.replace('"Server error"', '"Could not add the todo"'))
    repo.commit("fix: handle errors in add todo service")

    assert solved_lessons(repo, tmp_path) == []


CREATE_USER = """\
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.db import cursor

router = APIRouter()


@router.post("/users")
def create_user(name: str):
    try:
        cursor.execute("INSERT INTO users (name) VALUES (%s)", (name,))
    except Exception as error:
        return JSONResponse(status_code=500, content={"error": str(error)})
    return {"ok": True}
"""


def test_a_fix_of_error_handling_that_only_rewords_an_answer_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo, _ = _fixed(
        tmp_path,
        {"app/db.py": "cursor = None\n", "app/users.py": CREATE_USER},
        "app/users.py",
        CREATE_USER.replace('{"error": str(error)}', '{"detail": str(error)}'),
        "fix: handle db error in create_user",
    )

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_of_error_handling_that_drops_the_cause_from_the_answer_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo, _ = _fixed(
        tmp_path,
        {"app/db.py": "cursor = None\n", "app/users.py": CREATE_USER},
        "app/users.py",
        CREATE_USER.replace('{"error": str(error)}', '{"error": "Internal server error"}'),
        "fix: handle db error in create_user",
    )

    assert solved_lessons(repo, tmp_path) == []


ROLES = """\
import logging

from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)


def ensure_role(session, role):
    try:
        session.add(role)
        session.commit()
    except IntegrityError as e:
        session.rollback()
        log.warning("role %s exists: %s", role, e)
"""


def test_renaming_a_variable_throughout_is_no_fix(tmp_path: Path) -> None:
    """ "fix: handle duplicate role errors" that only renamed ``e`` to ``err`` handles no error
    differently (blind check history 11 credited it as a solved broad-except problem)."""
    renamed = ROLES.replace("as e:", "as err:").replace("role, e)", "role, err)")
    repo, _ = _fixed(
        tmp_path,
        {"app/roles.py": ROLES},
        "app/roles.py",
        renamed,
        "fix: handle duplicate role errors",
    )

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_that_swaps_which_function_is_called_is_still_a_fix(tmp_path: Path) -> None:
    """Only the names the file binds are taken for words: ``log.warning`` -> ``log.error``
    changes an attribute, and a builtin called instead of another changes the program."""
    fixed = ROLES.replace(
        "    except IntegrityError as e:\n", "    except IntegrityError as err:\n"
    )
    fixed = fixed.replace(
        'log.warning("role %s exists: %s", role, e)',
        'log.error("role %s exists: %s", role, str(err))',
    )
    repo, sha = _fixed(
        tmp_path,
        {"app/roles.py": ROLES},
        "app/roles.py",
        fixed,
        "fix: handle duplicate role errors",
    )

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [sha]


def test_a_typo_fix_that_also_drops_a_debug_print_is_no_solved_problem(tmp_path: Path) -> None:
    """ "fix typo" that corrected a comment and took out a ``print(result)`` was listed as a
    solved problem (blind check history 53)."""
    repo = _repo(tmp_path)
    debugging = PAGES.replace(
        "    return start, start + size\n",
        "    # check's the bounds\n"
        "    print(start, start + size)\n"
        "    return start, start + size\n",
    )
    repo.write("app/pages.py", debugging)
    repo.commit("feat: log the page bounds")
    repo.write(
        "app/pages.py",
        debugging.replace("    print(start, start + size)\n", "").replace("check's", "checks"),
    )
    repo.commit("fix typo")

    assert solved_lessons(repo, tmp_path) == []


LOGIN = """\
from flask import flash, request

from blog.db import get_db


def login():
    username = request.form["username"]
    user = get_db().execute(f"SELECT * FROM user WHERE username = '{username}'").fetchone()
    if user is None:
        flash("Wrong username or password")
    return user
"""
HELP = """\
from aiogram.types import Message


async def cmd_help(message: Message) -> None:
    await message.answer("/note <text> - save a note\\n/notes - list your notes")
"""


def test_a_fix_that_only_rewords_a_message_is_no_solved_problem(tmp_path: Path) -> None:
    """ "fix login bug" that rephrased a flash message was a solved problem quoting the SQL
    still built from input beside it as fixed; a bot's help text grown by a line fixed no code
    either (history 60)."""
    repo = _repo(tmp_path)
    repo.write("blog/db.py", "def get_db():\n    return None\n")
    repo.write("blog/auth.py", LOGIN)
    repo.write("bot/help.py", HELP)
    repo.commit("feat: login and help")
    repo.write("blog/auth.py", LOGIN.replace("Wrong username", "Incorrect username"))
    repo.commit("fix login bug")
    repo.write("bot/help.py", HELP.replace('notes")', 'notes\\n/weather <city> - the weather")'))
    repo.commit("fix bug")
    repo.write("blog/auth.py", LOGIN.replace('"Wrong username or password"', '"用户名或密码错误"'))
    repo.commit("fix: 登录提示")

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_of_a_key_a_placeholder_or_a_query_in_a_string_is_a_solved_problem(
    tmp_path: Path,
) -> None:
    """Strings that are code, not prose: a form key, a placeholder the code fills, SQL."""
    repo = _repo(tmp_path)
    repo.write("blog/db.py", "def get_db():\n    return None\n")
    repo.write("blog/auth.py", LOGIN.replace('form["username"]', 'form["user_name"]'))
    repo.write(
        "blog/greet.py",
        'def greet(user):\n    return "Hello {nme}, welcome back".format(nme=user)\n',
    )
    repo.write("blog/count.py", 'COUNT = "SELECT count(*) FORM user WHERE active = 1"\n')
    repo.commit("feat: login")
    fixes = [
        ("blog/auth.py", LOGIN, "fix: login read the wrong form field"),
        (
            "blog/greet.py",
            'def greet(user):\n    return "Hello {name}, welcome back".format(name=user)\n',
            "fix: greeting",
        ),
        (
            "blog/count.py",
            'COUNT = "SELECT count(*) FROM user WHERE active = 1"\n',
            "fix: count query",
        ),
    ]
    shas = []
    for path, text, message in fixes:
        repo.write(path, text)
        shas.append(repo.commit(message))

    lessons = solved_lessons(repo, tmp_path)

    assert sorted((lesson.commit, lesson.path) for lesson in lessons) == sorted(
        (sha, path) for sha, (path, _, _) in zip(shas, fixes, strict=True)
    )


LOGIN_ROUTE = """\
from fastapi import FastAPI, HTTPException

from app.users import check_password

app = FastAPI()


@app.post("/login")
def login(email: str, password: str) -> dict[str, bool]:
    if not check_password(email, password):
        raise HTTPException(status_code=403, detail="Invalid Credentials")
    return {"ok": True}
"""

SIGNUP_LETTER = """\
def confirmation_letter(username: str, code: str) -> str:
    return f"Hello, {username}\\n" f"Your confirmation code: {code}"
"""


def test_a_fix_of_a_message_text_however_short_is_no_solved_problem(tmp_path: Path) -> None:
    """ "fix: login error message" made a two-word detail singular, and "fix: email
    confirmation text" split an f-string's wording around the same values anew: both were
    solved problems (blind checks s1, d2)."""
    repo = _repo(tmp_path)
    repo.write(
        "app/users.py", "def check_password(email: str, password: str) -> bool:\n    return False\n"
    )
    repo.write("app/main.py", LOGIN_ROUTE)
    repo.write("app/mail.py", SIGNUP_LETTER)
    repo.commit("feat: login and sign-up mail")
    repo.write("app/main.py", LOGIN_ROUTE.replace("Invalid Credentials", "Invalid Credential"))
    repo.commit("fix: login error message")
    repo.write(
        "app/mail.py",
        SIGNUP_LETTER.replace("{username}\\n", "{username}!\\n").replace(
            ': {code}"', ' is {code}. It expires in 2 minutes."'
        ),
    )
    repo.commit("fix: email confirmation text")

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_that_changes_what_a_message_fills_in_is_still_solved(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("app/mail.py", SIGNUP_LETTER)
    repo.commit("feat: sign-up mail")
    repo.write("app/mail.py", SIGNUP_LETTER.replace("{code}", "{code.upper()}"))
    sha = repo.commit("fix: confirmation code text")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [sha]


def test_a_fix_of_text_handling_that_changes_a_separator_is_solved(tmp_path: Path) -> None:
    """ "fix: split text" is about code that handles text, not a message shown to users: its
    new separator is a change of the program."""
    repo = _repo(tmp_path)
    tags = 'def tags(text: str) -> list[str]:\n    return [t.strip() for t in text.split(",")]\n'
    repo.write("app/tags.py", tags)
    repo.commit("feat: tags")
    repo.write("app/tags.py", tags.replace('split(",")', 'split(";")'))
    sha = repo.commit("fix: split text")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path)] == [sha]


BOOK = """\
from fastapi import FastAPI, HTTPException

app = FastAPI()
BOOKS = {1: {"id": 1, "title": "Ulysses"}}


@app.get("/books/{book_id}")
async def get_book(book_id: int) -> dict:
    book = BOOKS.get(book_id)
    if book is None:
        raise HTTPException(status_code=404, detail="Forbidden")
    return book
"""

GAME_OVER = """\
import pygame

FONT_COLOR = (56, 74, 12)


class Interface:
    def __init__(self, screen) -> None:
        self.big_font = pygame.font.Font(None, 60)
        self.screen = screen

    def draw_game_over(self) -> None:
        surface = self.big_font.render("GAME OVER", True, FONT_COLOR)
        self.screen.blit(surface, surface.get_rect(center=(400, 370)))
"""


def test_a_fix_that_rewords_a_short_message_where_messages_stand_is_no_solved_problem(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    repo.write("app/books.py", BOOK)
    repo.write("game/interface.py", GAME_OVER)
    repo.commit("feat: books and the game over screen")
    repo.write("app/books.py", BOOK.replace('detail="Forbidden"', 'detail="Book not found"'))
    repo.commit("fix: handle websocket disconnect errors")
    repo.write("game/interface.py", GAME_OVER.replace('"GAME OVER"', '"Game Over!"'))
    repo.commit("fix: game over text")

    assert solved_lessons(repo, tmp_path) == []


def test_a_fix_of_a_short_string_that_is_code_is_still_a_solved_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write(
        "app/books.py", BOOK.replace("BOOKS.get(book_id)", 'BOOKS.get(book_id, {}).get("Book")')
    )
    repo.commit("feat: books")
    repo.write(
        "app/books.py", BOOK.replace("BOOKS.get(book_id)", 'BOOKS.get(book_id, {}).get("book")')
    )
    sha = repo.commit("fix: the book key is lower case")

    [lesson] = solved_lessons(repo, tmp_path)

    assert lesson.commit == sha
