"""A bare ``except:`` that stopped swallowing its error is a solved problem of its rule, though
the bare ``except:`` itself is still reported (history 53: the fix was credited to no rule)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.rules._console_except_cases import GRADIO_CHAT
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

CURRENT_USER = """\
import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer

app = FastAPI()
oauth_schema = OAuth2PasswordBearer(tokenUrl="token")
SECRET = "from-the-environment"


async def get_current_user(token: str = Depends(oauth_schema)):
    try:
        payload = jwt.decode(token, SECRET, algorithms=["HS256"])
        return payload["sub"]
    except:
        return None


@app.get("/me")
async def me(user: str = Depends(get_current_user)):
    return {"user": user}
"""


def test_a_bare_except_that_now_raises_solves_the_swallowed_error(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "jwt-api").init()
    repo.write("main.py", CURRENT_USER)
    repo.commit("first version", date="2026-01-05T10:00:00+00:00")
    repo.write(
        "main.py",
        CURRENT_USER.replace(
            "        return None\n",
            "        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)\n",
        ),
    )
    fix = repo.commit(
        "修复: token 校验失败时返回 401 而不是 None", date="2026-01-06T10:00:00+00:00"
    )

    lessons = solved_lessons(repo, tmp_path)

    assert all(lesson.rule is not None for lesson in lessons)
    [lesson] = [lesson for lesson in lessons if lesson.rule == "MB106"]
    assert (lesson.commit, lesson.path) == (fix, "main.py")
    assert lesson.found is not None
    assert "swallows the error" in lesson.found.en
    assert "return None" in lesson.before
    assert "HTTP_401_UNAUTHORIZED" in lesson.after


PARSER = """\
def parse_age(text: str) -> int | None:
    try:
        return int(text)
    except:
        return None
"""


def test_a_bare_except_narrowed_in_place_is_solved_beside_a_new_one_elsewhere(
    tmp_path: Path,
) -> None:
    """``except:`` made ``except ValueError:`` in one function while the commit wrote a new
    bare ``except:`` in another: the file keeps one, yet the first was fixed (history 54)."""
    repo = GitRepo(tmp_path / "forms").init()
    repo.write("forms.py", PARSER)
    repo.commit("first version", date="2026-01-05T10:00:00+00:00")
    height = (
        "def parse_height(text: str) -> float | None:\n"
        "    try:\n        return float(text)\n    except:\n        return None\n\n\n"
    )
    repo.write("forms.py", height + PARSER.replace("except:", "except ValueError:"))
    fix = repo.commit("fix: only catch ValueError in parse_age", date="2026-01-06T10:00:00+00:00")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB106"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(fix, "forms.py")]
    assert "except ValueError:" in lessons[0].after


USERS_SERVICE = """\
from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def user_by_email(session: AsyncSession, email: str) -> User:
    try:
        found = await session.execute(select(User).where(User.email == email))
        return found.scalar_one()
    except:
        raise HTTPException(404, "user not found")
"""


def test_a_bare_except_made_broad_still_blames_the_client_until_it_is_narrowed(
    tmp_path: Path,
) -> None:
    """``except:`` made ``except Exception:`` still answered every error, a database that is
    down included, with a 404 and was credited as a solved problem (blind check e1); the
    commit that catches ``NoResultFound`` alone is."""
    repo = GitRepo(tmp_path / "users").init()
    repo.write("app/users.py", USERS_SERVICE)
    repo.commit("users service", date="2026-01-05T10:00:00+00:00")
    repo.write("app/users.py", USERS_SERVICE.replace("except:", "except Exception:"))
    repo.commit("fix: bare except in users service", date="2026-01-06T10:00:00+00:00")
    repo.write("app/users.py", USERS_SERVICE.replace("except:", "except NoResultFound:"))
    narrowed = repo.commit("fix: only a missing user is a 404", date="2026-01-07T10:00:00+00:00")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB106"]

    assert [(lesson.commit, lesson.path) for lesson in lessons] == [(narrowed, "app/users.py")]
    assert "except NoResultFound:" in lessons[0].after
    assert lessons[0].found is not None
    assert "into a 404 without recording it" in lessons[0].found.en


def test_rewording_the_print_of_a_gradio_apps_swallowed_error_solves_nothing(
    tmp_path: Path,
) -> None:
    """A Gradio app under a ``__main__`` guard was read as a script whose prints its user
    reads: its helper's ``print(e)``, then ``return None``, went unreported, and "fix: don't
    swallow client errors" that only reworded the print was a solved problem (blind check
    l1)."""
    repo = GitRepo(tmp_path / "chatbox").init()
    repo.write("gradio_app.py", GRADIO_CHAT)
    repo.commit("chat ui with gradio", date="2025-02-20T10:00:00+00:00")
    reworded = GRADIO_CHAT.replace(
        "        print(e)", '        print(f"could not create the OpenAI client: {e}")'
    )
    repo.write("gradio_app.py", reworded)
    repo.commit("fix: don't swallow client errors", date="2025-02-21T10:00:00+00:00")

    assert solved_lessons(repo, tmp_path) == []
