"""A fix whose message names a secret is a lesson about secrets only when a value left the code:
"fix: import password helpers from utils" repaired an import and took no string off any line,
yet was filed as a hard-coded secret solved."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import Finding, Text
from mentorbot.rules._secret_advice import signs_for_the_app
from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

AUTH = """\
from app.hashing import hash_password, verify_password


def check(user, password: str) -> bool:
    return verify_password(password, user.hashed_password)
"""
UTILS = """\
import hashlib


def hash_password(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def verify_password(password: str, hashed: str) -> bool:
    return hash_password(password) == hashed
"""
CONFIG = 'import os\n\nJWT_SECRET = "q7W!e9R#t1Y-k2LmZ0"\nALGORITHM = "HS256"\n'


def _repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/auth.py", AUTH)
    repo.write("app/utils.py", UTILS)
    repo.write("app/config.py", CONFIG)
    repo.write("requirements.txt", "fastapi==0.115.0\n")
    repo.commit("feat: login")
    return repo


def test_a_fix_naming_passwords_that_repaired_an_import_solved_no_secret(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("app/auth.py", AUTH.replace("from app.hashing", "from app.utils"))
    repo.commit("fix: import password helpers from utils", date="2026-01-06T10:00:00Z")

    assert [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ] == []


ACCOUNT = """\
class Account:
    def __init__(self, balance, password):
        self._balance = balance
        self._password = password

    def authenticate(self, password):
        return password == self._password

    def deposit(self, amount, password):
        if not self.authenticate:
            raise ValueError("Incorrect password")
        self._balance += amount
        return self._balance
"""


def test_a_fix_naming_a_password_that_took_no_value_out_is_a_fix_of_another_kind(
    tmp_path: Path,
) -> None:
    """ "deposit never checked the password" called ``self.authenticate`` at last: no secret
    left the code, but a real bug did, and the log had told nothing of it (blind check b1)."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("account.py", ACCOUNT)
    repo.commit("bank account")
    repo.write("account.py", ACCOUNT.replace("self.authenticate:", "self.authenticate(password):"))
    sha = repo.commit("fix: deposit never checked the password")

    lessons = [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha]

    assert [(lesson.category, lesson.path) for lesson in lessons] == [("other", "account.py")]
    assert "self.authenticate(password)" in lessons[0].after


def test_a_fix_naming_the_secret_that_took_its_value_out_is_a_lesson(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("app/config.py", CONFIG.replace('"q7W!e9R#t1Y-k2LmZ0"', 'os.environ["JWT_SECRET"]'))
    sha = repo.commit("fix: read the jwt secret from the environment", date="2026-01-06T10:00:00Z")

    lessons = solved_lessons(repo, tmp_path)
    secrets = [lesson for lesson in lessons if lesson.category == "hardcoded-secret"]

    assert [lesson.commit for lesson in secrets] == [sha]


def test_a_secret_moved_into_a_committed_env_file_was_not_taken_out(tmp_path: Path) -> None:
    """ "feat: settings from env" moved the JWT secret out of config.py into a .env it committed
    in the same commit; the log filed it as a hard-coded secret solved, beside the same value
    still open in .env."""
    repo = _repo(tmp_path)
    repo.write("app/config.py", CONFIG.replace('"q7W!e9R#t1Y-k2LmZ0"', 'os.environ["JWT_SECRET"]'))
    repo.write(".env", "JWT_SECRET=q7W!e9R#t1Y-k2LmZ0\n")
    repo.commit("feat: settings from env", date="2026-01-06T10:00:00Z")

    assert [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ] == []


def test_a_fix_message_does_not_make_a_secret_moved_into_a_committed_env_file_solved(
    tmp_path: Path,
) -> None:
    """Called a fix, the same move was filed as a problem solved that no rule recognised,
    telling the learner that committing the .env was the fix (blind check b1)."""
    repo = _repo(tmp_path)
    repo.write("app/config.py", CONFIG.replace('"q7W!e9R#t1Y-k2LmZ0"', 'os.environ["JWT_SECRET"]'))
    repo.write(".env", "JWT_SECRET=q7W!e9R#t1Y-k2LmZ0\n")
    sha = repo.commit("fix: move jwt secret key out of the code into .env")

    assert [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.commit == sha] == []


def test_a_secret_moved_out_beside_an_example_env_file_was_taken_out(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.write("app/config.py", CONFIG.replace('"q7W!e9R#t1Y-k2LmZ0"', 'os.environ["JWT_SECRET"]'))
    repo.write(".env.example", "JWT_SECRET=change-me\n")
    sha = repo.commit("feat: settings from env", date="2026-01-06T10:00:00Z")

    secrets = [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ]
    assert [(lesson.commit, lesson.path) for lesson in secrets] == [(sha, "app/config.py")]


def test_a_secret_left_in_another_python_file_was_not_taken_out(tmp_path: Path) -> None:
    """ "fix" took the broker URL with its password out of tasks.py while celery_config.py, which
    it did not touch, kept the same URL; the log filed the secret as fixed (blind check
    history 24)."""
    repo = _repo(tmp_path)
    repo.write("app/celery_config.py", 'BROKER = "amqp://vadim:q7W!e9R#t1Y-k2LmZ0@rabbit//"\n')
    repo.commit("celery settings", date="2026-01-05T10:00:00Z")
    repo.write("app/config.py", CONFIG.replace('"q7W!e9R#t1Y-k2LmZ0"', 'os.environ["JWT_SECRET"]'))
    repo.commit("fix", date="2026-01-06T10:00:00Z")

    assert [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ] == []


def test_a_key_taken_out_of_a_dict_whose_name_stays_was_taken_out(tmp_path: Path) -> None:
    """``"X-RapidAPI-Key": "<key>"`` became ``"X-RapidAPI-Key": config.api_key``: the name still
    in the file was taken for the secret still committed, and the lesson had no rule (blind
    check history 45)."""
    repo = GitRepo(tmp_path / "hotels").init()
    headers = (
        "import httpx\n\n\nasync def fetch(config):\n    headers = {\n"
        '        "X-RapidAPI-Key": "7d2f9a41c6msh3e8b50c1d9a7f42p1a6b3cjsn0e5d8c2b9f71",\n'
        '        "X-RapidAPI-Host": config.host,\n    }\n'
        "    async with httpx.AsyncClient() as client:\n"
        "        return (await client.get(config.url, headers=headers)).json()\n"
    )
    repo.write("svc.py", headers)
    repo.commit("hotels search", date="2026-01-05T10:00:00Z")
    repo.write(
        "svc.py",
        headers.replace('"7d2f9a41c6msh3e8b50c1d9a7f42p1a6b3cjsn0e5d8c2b9f71"', "config.api_key"),
    )
    sha = repo.commit("fix: read the api key from config", date="2026-01-06T10:00:00Z")

    secrets = [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ]
    assert [(lesson.commit, lesson.rule) for lesson in secrets] == [(sha, "MB107")]


def test_a_key_taken_out_of_a_dict_by_a_commit_that_says_nothing_is_credited(
    tmp_path: Path,
) -> None:
    """The same fix under "update svc" was missed: ``X-RapidAPI-Key`` spells API key with a
    hyphen, which the hint for quiet fixes did not read (blind check history 45)."""
    key = "7d2f9a41c6msh3e8b50c1d9a7f42p1a6b3cjsn0e5d8c2b9f71"
    repo = GitRepo(tmp_path / "hotels").init()
    repo.write("svc.py", f'HEADERS = {{\n    "X-RapidAPI-Key": "{key}",\n}}\n')
    repo.commit("hotels search", date="2026-01-05T10:00:00Z")
    repo.write("svc.py", 'HEADERS = {\n    "X-RapidAPI-Key": KEY,\n}\n')
    sha = repo.commit("update svc", date="2026-01-06T10:00:00Z")

    secrets = [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ]
    assert [(lesson.commit, lesson.rule) for lesson in secrets] == [(sha, "MB107")]


SESSION_APP = """\
import os

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
# sign the session cookie
app.add_middleware(SessionMiddleware, secret_key="secret")
"""


def test_a_word_for_a_secret_left_in_a_rewritten_comment_is_no_secret_still_there(
    tmp_path: Path,
) -> None:
    """``secret_key="secret"`` went to the environment while the comment above it became "the
    secret comes from .env": the word in the comment was taken for the value still committed,
    and the lesson named no rule (blind history 55). A config file that holds the value as a
    value still keeps the fix from being credited."""
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("main.py", SESSION_APP)
    repo.commit("feat: sessions", date="2026-01-05T10:00:00Z")
    repo.write(
        "main.py",
        SESSION_APP.replace(
            "# sign the session cookie", "# sign the session cookie (the secret comes from .env)"
        ).replace('"secret"', 'os.environ["SESSION_SECRET"]'),
    )
    sha = repo.commit("fix: session secret from env", date="2026-01-06T10:00:00Z")
    repo.write(".env", "SESSION_SECRET=secret\n")
    repo.commit("fix: commit the env file", date="2026-01-07T10:00:00Z")
    kept = GitRepo(tmp_path / "kept").init()
    kept.write("main.py", SESSION_APP)
    kept.commit("feat: sessions", date="2026-01-05T10:00:00Z")
    kept.write("main.py", SESSION_APP.replace('"secret"', 'os.environ["SESSION_SECRET"]'))
    kept.write(".env", "SESSION_SECRET = secret\n")
    kept.commit("fix: session secret from env", date="2026-01-06T10:00:00Z")

    secrets = [
        (lesson.commit, lesson.rule)
        for lesson in solved_lessons(repo, tmp_path)
        if lesson.category == "hardcoded-secret"
    ]
    assert (sha, "MB107") in secrets
    assert [lesson for lesson in solved_lessons(kept, tmp_path) if lesson.rule == "MB107"] == []


def test_a_word_password_left_in_another_file_s_url_is_still_committed(tmp_path: Path) -> None:
    """The password went out of database.py's URL while seed.py kept the same URL: a word for a
    value is still there when a URL holds it as its password (blind check history 48)."""
    url = "postgresql://postgres:juber@localhost/shop"
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/database.py", f'import os\n\nDATABASE_URL = "{url}"\n')
    seed = url.replace("postgresql:", "postgres:").replace("/shop", "/shop_seed")
    repo.write("seed.py", f'import psycopg2\n\nconn = psycopg2.connect("{seed}")\n')
    repo.commit("feat: database", date="2026-01-05T10:00:00Z")
    repo.write("app/database.py", 'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n')
    repo.commit("fix: database password from the environment", date="2026-01-06T10:00:00Z")

    assert [lesson for lesson in solved_lessons(repo, tmp_path) if lesson.rule == "MB107"] == []


def test_a_secret_gone_for_good_is_solved_though_another_one_stays_committed(
    tmp_path: Path,
) -> None:
    """The fix took SECRET_KEY and the database password out of settings.py; the password stayed
    in the committed .env, the key was gone for good. The log filed the fix under no rule, "no
    rule recognised this fix" (blind check h3)."""
    settings = (
        'import os\n\nDATABASE_URL = os.getenv("DATABASE_URL", '
        '"postgresql://reports:Rq7vN3xLp92sKdWm@localhost/reports")\n'
        'SECRET_KEY = "e8b3f1a9c7d24e6f0b5a3c9d1e7f2a4b6c8d0e2f"\n'
    )
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("app/settings.py", settings)
    repo.write(".env", "POSTGRES_PASSWORD=Rq7vN3xLp92sKdWm\n")
    repo.commit("feat: reports", date="2026-01-05T10:00:00Z")
    repo.write(
        "app/settings.py",
        'import os\n\nDATABASE_URL = os.environ["DATABASE_URL"]\n'
        'SECRET_KEY = os.environ["SECRET_KEY"]\n',
    )
    sha = repo.commit("fix: don't hardcode SECRET_KEY", date="2026-01-06T10:00:00Z")

    secrets = [
        lesson for lesson in solved_lessons(repo, tmp_path) if lesson.category == "hardcoded-secret"
    ]
    assert [(lesson.commit, lesson.rule, lesson.path) for lesson in secrets] == [
        (sha, "MB107", "app/settings.py")
    ]
    # The key is still in the history: the lesson says to revoke it, as a config file's does.
    explanation = secrets[0].explanation
    assert explanation is not None
    assert "revoke" in explanation.en and "作废" in explanation.zh


DJANGO_SETTINGS = """\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "django-insecure-8v#k2m!x9q@l4zr7t^w3e0b6n5p1"
DEBUG = False
"""


def test_a_django_secret_key_taken_out_is_replaced_not_revoked_at_a_provider(
    tmp_path: Path,
) -> None:
    """Django makes its SECRET_KEY itself: no provider revokes it (blind check c1)."""
    repo = GitRepo(tmp_path / "library").init()
    repo.write("requirements.txt", "Django==4.2.16\n")
    repo.write("library/settings.py", DJANGO_SETTINGS)
    repo.commit("图书管理系统初始版本")
    repo.write(
        "library/settings.py",
        DJANGO_SETTINGS.replace('"django-insecure-8v#k2m!x9q@l4zr7t^w3e0b6n5p1"', "")
        .replace("SECRET_KEY = ", 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]')
        .replace("from pathlib", "import os\nfrom pathlib"),
    )
    repo.commit("修复：SECRET_KEY 改为从环境变量读取")

    [lesson] = [x for x in solved_lessons(repo, tmp_path) if x.rule == "MB107"]

    assert lesson.explanation is not None
    assert "去服务商那里作废" not in lesson.explanation.zh
    assert "生成一个新的随机值" in lesson.explanation.zh
    assert "revoke a key" not in lesson.explanation.en
    assert "signed with the old one stop being valid" in lesson.explanation.en


def test_a_flask_stand_in_key_and_a_database_password_taken_out_keep_the_revoke_advice(
    tmp_path: Path,
) -> None:
    """The database password has someone to change it at; the lesson keeps saying so."""
    config = (
        'SECRET_KEY = "your-secret-key"\n'
        'SQLALCHEMY_DATABASE_URI = "mysql+pymysql://root:Xcy_mysql2024@localhost/score"\n'
    )
    repo = GitRepo(tmp_path / "score").init()
    repo.write("requirements.txt", "Flask==3.0.3\n")
    repo.write("config.py", config)
    repo.commit("初始化项目")
    repo.write(
        "config.py",
        'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n'
        'SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]\n',
    )
    repo.commit("修复：密钥改成从环境变量读取")

    [lesson] = [x for x in solved_lessons(repo, tmp_path) if x.rule == "MB107"]

    assert lesson.occurrences == 2
    assert lesson.explanation is not None
    assert "去服务商那里作废" in lesson.explanation.zh


def test_only_keys_the_app_signs_with_itself_are_replaced_rather_than_revoked() -> None:
    def found(name: str) -> Finding:
        message = Text(zh="", en=f"hardcoded secret in `{name}` (value redacted); read it")
        return Finding(
            rule="MB107",
            category="hardcoded-secret",
            severity="high",
            path="config.py",
            line=1,
            message=message,
            source="mentor",
        )

    for name in ("SECRET_KEY", "secret_key", "JWT_SECRET", "JWT_SECRET_KEY", "jwt.encode()"):
        assert signs_for_the_app([found(name)]), name
    for name in ("APP_SECRET", "WEBHOOK_SECRET", "CLIENT_SECRET", "DB_PASSWORD", "secret"):
        assert not signs_for_the_app([found(name)]), name
    assert not signs_for_the_app([found("SECRET_KEY"), found("DB_PASSWORD")])
