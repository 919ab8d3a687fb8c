"""A "fix" that only moves a secret into another committed file solved nothing: out of a compose
file into an override file, out of a deleted ``kaggle.json`` into a notebook, out of a module into
a committed ``settings.json`` (blind checks e1, a1). Moved where git does not keep it, it is
solved."""

from __future__ import annotations

import json
from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

COMPOSE = """\
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: {password}
      POSTGRES_DB: shop
  api:
    build: .
    depends_on: [db]
"""
OVERRIDE = """\
services:
  db:
    environment:
      POSTGRES_PASSWORD: {password}
"""
MAIN = """\
import os

from fastapi import FastAPI

app = FastAPI()
DATABASE_URL = os.environ["DATABASE_URL"]


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
"""
KAGGLE_KEY = "a8f3c91d0e7b4b2f9c6d1e5a7b3c9d2f"
LEADERBOARD = """\
import requests

GIST_URL = "https://api.github.com/gists/9c1e4b7a2f3d"
GITHUB_TOKEN = {value}


def scores() -> list:
    headers = {{"Authorization": "token " + GITHUB_TOKEN}}
    return requests.get(GIST_URL, headers=headers, timeout=5).json()
"""


def _secret_fixes(repo: GitRepo, tmp_path: Path) -> list[str]:
    return [
        lesson.commit
        for lesson in solved_lessons(repo, tmp_path / "cache")
        if lesson.category == "hardcoded-secret"
    ]


def _service(tmp_path: Path, password: str) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.write("main.py", MAIN)
    repo.write("docker-compose.yml", COMPOSE.format(password=password))
    repo.commit("feat: api and its database")
    return repo


def test_a_compose_password_moved_into_a_committed_override_file_is_not_solved(
    tmp_path: Path,
) -> None:
    repo = _service(tmp_path, "s3cretPass99")
    repo.write("docker-compose.yml", COMPOSE.format(password="${POSTGRES_PASSWORD}"))
    repo.write("compose.override.yml", OVERRIDE.format(password="s3cretPass99"))
    repo.commit("fix: remove hardcoded postgres password from compose")

    assert _secret_fixes(repo, tmp_path) == []


def test_a_compose_password_read_from_the_environment_is_solved_beside_a_user_of_that_name(
    tmp_path: Path,
) -> None:
    """``POSTGRES_USER: postgres`` stays in the file: the password ``postgres`` taken out is
    no longer held as a secret anywhere."""
    repo = _service(tmp_path, "postgres")
    repo.write("docker-compose.yml", COMPOSE.format(password="${POSTGRES_PASSWORD}"))
    sha = repo.commit("fix: remove hardcoded postgres password from compose")

    assert _secret_fixes(repo, tmp_path) == [sha]


def _notebook(source: str) -> str:
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_deleted_kaggle_json_whose_key_went_into_a_notebook_is_not_solved(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("kaggle.json", json.dumps({"username": "ohheydom", "key": KAGGLE_KEY}))
    repo.write("explore.ipynb", _notebook("import pandas as pd\n\ndf = pd.read_csv('train.csv')\n"))
    repo.commit("explore the titanic data")
    repo.delete("kaggle.json")
    repo.write(
        "explore.ipynb",
        _notebook(f"import os\n\nos.environ['KAGGLE_KEY'] = '{KAGGLE_KEY}'\n"),
    )
    repo.commit("fix: don't commit kaggle api key")

    assert _secret_fixes(repo, tmp_path) == []


def test_a_token_moved_from_a_module_into_a_committed_settings_file_is_not_solved(
    tmp_path: Path,
) -> None:
    token = "ghp_bKaAZijba5eF7Benwx2KK8Lj9SIqvj7MWGHb"
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("leaderboard.py", LEADERBOARD.format(value=f'"{token}"'))
    repo.commit("add an online leaderboard")
    repo.write(
        "leaderboard.py",
        LEADERBOARD.format(value='__import__("json").load(open("settings.json"))["token"]'),
    )
    repo.write("settings.json", json.dumps({"player": "elmar", "token": token}, indent=4))
    repo.commit("fix: remove hardcoded github token")

    assert solved_lessons(repo, tmp_path / "cache") == []


def test_a_kaggle_json_taken_out_of_git_is_solved_whatever_the_message_says(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("kaggle.json", json.dumps({"username": "ohheydom", "key": KAGGLE_KEY}))
    repo.write("titanic.py", "import pandas as pd\n\ntrain = pd.read_csv('train.csv')\n")
    repo.commit("titanic")
    repo.delete("kaggle.json")
    repo.write(".gitignore", "kaggle.json\n")
    sha = repo.commit("chore: stop committing kaggle.json")

    assert _secret_fixes(repo, tmp_path) == [sha]


def test_the_commit_that_took_a_moved_key_out_of_its_new_file_is_the_fix(tmp_path: Path) -> None:
    """kaggle.json deleted with its key pasted into a notebook, then taken out of the notebook:
    the second commit solved it, not the first (blind check a1); likewise a password moved into
    an override file and then out of it (blind check e1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("kaggle.json", json.dumps({"username": "ohheydom", "key": KAGGLE_KEY}))
    repo.write("explore.ipynb", _notebook("import pandas as pd\n"))
    repo.write("docker-compose.yml", COMPOSE.format(password="s3cretPass99"))
    repo.commit("explore the titanic data")
    repo.delete("kaggle.json")
    repo.write(
        "explore.ipynb", _notebook(f"import os\n\nos.environ['KAGGLE_KEY'] = '{KAGGLE_KEY}'\n")
    )
    repo.write("docker-compose.yml", COMPOSE.format(password="${POSTGRES_PASSWORD}"))
    repo.write("compose.override.yml", OVERRIDE.format(password="s3cretPass99"))
    repo.commit("chore: stop committing kaggle.json and the compose password")
    repo.write("explore.ipynb", _notebook("import pandas as pd\n"))
    repo.delete("compose.override.yml")
    sha = repo.commit("chore: the key and the password come from the environment")

    assert _secret_fixes(repo, tmp_path) == [sha]


MAILER = """\
import smtplib

SMTP_USER = "walik.sender.bot@gmail.com"
SMTP_PASSWORD = {value}


def send(to: str, body: str) -> None:
    with smtplib.SMTP("smtp.gmail.com", 587) as server:
        server.starttls()
        server.login(SMTP_USER, SMTP_PASSWORD)
        server.sendmail(SMTP_USER, to, body)
"""


def test_an_app_password_moved_into_a_committed_config_file_is_not_solved(
    tmp_path: Path,
) -> None:
    """Gmail shows its app passwords as four words: no quoted run without a space, so the
    check that the value left the repository looked for nothing (blind check u1)."""
    password = "qvxr mtkd pwzl hbnf"
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("mailer.py", MAILER.format(value=f"'{password}'"))
    repo.commit("remember my account")
    repo.write(
        "mailer.py", MAILER.format(value='__import__("json").load(open("config.json"))["pw"]')
    )
    repo.write("config.json", json.dumps({"smtp_user": "walik", "smtp_password": password}))
    repo.commit("fix: remove hardcoded password from mailer.py")

    assert _secret_fixes(repo, tmp_path) == []


BESTSELLERS = """\
import os

import httpx

NYT_KEY = "84706c8e9399db3b471c982461f8f12a"


async def bestsellers(list_name: str) -> list[str]:
    url = f"https://api.nytimes.com/svc/books/v3/lists/current/{list_name}.json?api-key={KEY}"
    async with httpx.AsyncClient(timeout=10) as client:
        return [book["title"] for book in (await client.get(url)).json()["results"]["books"]]
"""


def test_a_message_saying_the_secret_left_is_no_fix_when_it_is_still_committed(
    tmp_path: Path,
) -> None:
    """ "fix: move NYT key out of the code" put the key into the README, and "fix: stop
    committing .env" renamed .env to .env.docker: neither names a rule, and both were solved
    problems of their own beside the same secrets still open (blind check r2)."""
    env = 'DATABASE_URL="postgresql+psycopg://saas:Vq7rN2xLp9TzW4kE@db:5432/saas"\n'
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("books.py", BESTSELLERS.replace("{KEY}", "84706c8e9399db3b471c982461f8f12a"))
    repo.write(".env", env)
    repo.write("docker-compose.yml", "services:\n  api:\n    build: .\n    env_file: .env\n")
    repo.commit("feat: bestsellers")
    repo.write("books.py", BESTSELLERS.replace("{KEY}", "{os.environ['NYT_API_KEY']}"))
    repo.write("README.md", "# Books\n\n    export NYT_API_KEY=84706c8e9399db3b471c982461f8f12a\n")
    repo.commit("fix: move NYT key out of the code")
    repo.delete(".env")
    repo.write(".env.docker", env)
    repo.write("docker-compose.yml", "services:\n  api:\n    build: .\n    env_file: .env.docker\n")
    repo.commit("fix: stop committing .env")

    assert solved_lessons(repo, tmp_path / "cache") == []


def test_a_fix_of_a_setting_beside_the_secrets_is_still_a_fix(tmp_path: Path) -> None:
    env = 'DATABASE_URL="postgresql+psycopg://saas:Vq7rN2xLp9TzW4kE@db:5432/saas"\nDEBUG=1\n'
    repo = GitRepo(tmp_path / "repo").init()
    repo.write(".env", env)
    repo.write("app.py", "import os\n\nDEBUG = os.environ['DEBGU'] == '1'\n")
    repo.commit("feat: settings")
    repo.write("app.py", "import os\n\nDEBUG = os.environ['DEBUG'] == '1'\n")
    sha = repo.commit("fix: the DEBUG setting was read from the wrong name")

    assert [lesson.commit for lesson in solved_lessons(repo, tmp_path / "cache")] == [sha]


WEATHER = """\
import os

import requests


def weather(city: str) -> dict:
    url = 'https://api.openweathermap.org/data/2.5/weather' \\
          '?appid=5c1d9e07ab43f2286e0b7d14a9c3f5e1' \\
          f'&q={city}&units=metric'
    return requests.get(url, timeout=5).json()
"""


def test_a_key_in_a_url_written_over_several_lines_taken_to_the_environment_is_solved(
    tmp_path: Path,
) -> None:
    """The finding is cited at the statement's first line, the public address; the check that
    the secret left looked for that address, still in the file, and found the key "kept"
    (blind check u1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("weather.py", WEATHER)
    repo.commit("weather widget")
    moved = WEATHER.replace(
        "'?appid=5c1d9e07ab43f2286e0b7d14a9c3f5e1'", "f'?appid={os.environ[\"OWM_API_KEY\"]}'"
    )
    repo.write("weather.py", moved)
    sha = repo.commit("fix: move weather API key to an environment variable")

    assert _secret_fixes(repo, tmp_path) == [sha]


BOT = """\
import os

from selenium import webdriver
from selenium.webdriver.common.by import By

IG_USER = {user}
IG_PASSWORD = {password}

driver = webdriver.Chrome()


def login() -> None:
    driver.get("https://www.instagram.com/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(IG_USER)
    driver.find_element(By.NAME, "password").send_keys(IG_PASSWORD)
"""


def test_credentials_moved_into_a_committed_env_file_are_no_fix(tmp_path: Path) -> None:
    """ "fix: load instagram credentials from .env instead of the code" moved the password into
    the committed ``.env``; "credentials" named no secret, so the message alone made it a solved
    problem beside the same password still open in ``.env`` (blind check s1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("bot.py", BOT.format(user='"kian.mhz"', password='"Tehran@2023!insta"'))
    repo.commit("instagram login bot")
    repo.write(".env", "MY_USERNAME=kian.mhz\nMY_PASSWORD=Tehran@2023!insta\n")
    repo.write(
        "bot.py",
        BOT.format(user='os.getenv("MY_USERNAME")', password='os.getenv("MY_PASSWORD")'),
    )
    repo.commit("fix: load instagram credentials from .env instead of the code")

    assert solved_lessons(repo, tmp_path / "cache") == []


def test_credentials_read_from_the_environment_are_a_solved_secret(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("bot.py", BOT.format(user='"kian.mhz"', password='"Tehran@2023!insta"'))
    repo.commit("instagram login bot")
    repo.write(".env.example", "MY_USERNAME=\nMY_PASSWORD=\n")
    repo.write(
        "bot.py",
        BOT.format(user='os.getenv("MY_USERNAME")', password='os.getenv("MY_PASSWORD")'),
    )
    sha = repo.commit("fix: load instagram credentials from the environment")

    assert _secret_fixes(repo, tmp_path) == [sha]


SHOP = """\
from aiogram import Bot, Dispatcher, executor, types

from config import TOKEN

bot = Bot(TOKEN)
dp = Dispatcher(bot)


@dp.message_handler(commands=["start"])
async def start(message: types.Message) -> None:
    await message.reply("Hello! Choose a category.")


if __name__ == "__main__":
    executor.start_polling(dp)
"""
BOT_TOKEN = "5871230496:AA9uwE2m1KKBUmMeTrcAz6kpP0sQA3zZfdU"


def test_a_bot_token_hidden_in_a_committed_env_file_is_no_fix(tmp_path: Path) -> None:
    """ "fix: hide token" moved the bot token out of ``config.py`` into the committed ``.env``,
    which the same log reported as written by that commit (blind check t1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "aiogram==2.23.1\npython-dotenv==1.0.1\n")
    repo.write("config.py", f"TOKEN = '{BOT_TOKEN}'\n")
    repo.write("main.py", SHOP)
    repo.commit("shop bot: start command")
    repo.write(".env", f"BOT_TOKEN={BOT_TOKEN}\n")
    repo.write(
        "config.py",
        "import os\n\nfrom dotenv import load_dotenv\n\n"
        "load_dotenv()\nTOKEN = os.getenv('BOT_TOKEN')\n",
    )
    repo.commit("fix: hide token")

    assert solved_lessons(repo, tmp_path / "cache") == []
