"""Hard-coded secret findings: which files and values are reported, and none leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_find import named_secret
from mentorbot.rules.secret_patterns import MARK
from mentorbot.rules.secret_values import is_secret_name
from tests.unit.rules import review_files
from tests.unit.rules._helpers import GITHUB_TOKEN, OPENAI_KEY


def test_no_secret_reaches_a_finding(tmp_path: Path) -> None:
    password = "Pr0d-Passw0rd!"
    files = {
        "app/config.py": (
            f'DATABASE_URL = "postgresql://shop:{password}@db.internal/shop"\n'
            f'OPENAI_API_KEY = "{OPENAI_KEY}"\n'
            'def login(user: str, password: str = "letMe1n!") -> bool:\n'
            '    return password == "letMe1n!"\n'
            'app.config["SECRET_KEY"] = "s3cr3t-k3y-for-sessions"\n'
            'SIGNING_KEY = os.environ.get("JWT_SECRET_KEY", "fallback-Signing-9")\n'
        ),
        ".env": f"GITHUB_TOKEN={GITHUB_TOKEN}\nJWT_SECRET=q7W!e9R#t1Y\n",
    }
    findings = review_files(tmp_path, files)
    secret_findings = sorted((f.path, f.line) for f in findings if f.category == "hardcoded-secret")
    assert secret_findings == [
        (".env", 1),
        (".env", 2),
        ("app/config.py", 1),
        ("app/config.py", 2),
        ("app/config.py", 3),
        ("app/config.py", 4),
        ("app/config.py", 5),
        ("app/config.py", 6),
    ]
    for finding in findings:
        shown = " ".join(
            [finding.snippet, finding.message.zh, finding.message.en, finding.fingerprint]
        )
        secret = finding.category == "hardcoded-secret"
        if secret and (finding.path, finding.line) == ("app/config.py", 6):
            assert finding.snippet == (
                f'SIGNING_KEY = os.environ.get("JWT_SECRET_KEY", "{MARK}")'
            ), "the variable's name is no secret"
            assert finding.message.en.endswith(
                "it is the fallback for a missing environment variable: drop it, and fail when "
                "the variable is unset"
            )
        elif secret and finding.path == ".env":
            assert finding.message.en.endswith(
                "; this file is the environment itself: keep it out of git (add it to "
                ".gitignore, commit a .env.example instead) and replace the value, which has leaked"
            ), finding.line
        elif secret:
            assert finding.message.en.endswith("; read it from the environment"), finding.line
        secrets = (password, OPENAI_KEY, GITHUB_TOKEN, "q7W!e9R#t1Y", "letMe1n!")
        for secret in (*secrets, "s3cr3t-k3y-for-sessions", "fallback-Signing-9"):
            assert secret not in shown, f"{finding.path}:{finding.line} leaks a secret"


@pytest.mark.parametrize(
    "value",
    [
        "tu-super-secret-key-cambiar-en-produccion",
        "mudar-esta-chave-em-producao",
        "bitte-ändern-vor-dem-deploy",
        "请修改成你自己的密钥",
        "本番では変更してください",
        "mockpassword1",
    ],
)
def test_a_default_that_asks_to_be_changed_is_a_placeholder_in_other_languages_too(
    tmp_path: Path, value: str
) -> None:
    """ "change-this-in-production" was a placeholder, its Spanish twin a hard-coded secret.
    As the key the app signs with it is a stand-in in use, told as such."""
    source = f'SMTP_PASSWORD = "{value}"\nAPI_TOKEN = "k8Zq2Lm9Xp4Rt7Vw"\n'.encode()
    found = review_files(tmp_path, {"app/config.py": source})
    findings = [f for f in found if f.rule == "MB107"]

    assert [f.line for f in findings] == [2]
    signing = f'SECRET_KEY = "{value}"\n'.encode()
    [stand_in] = [f for f in review_files(tmp_path, {"app/keys.py": signing}) if f.rule == "MB107"]
    assert "a stand-in is no key" in stand_in.message.en


def test_a_password_of_digits_is_a_secret_where_other_numbers_are_settings(
    tmp_path: Path,
) -> None:
    """``PASSWORD = '12345678'`` connected a learner's app to its database and went unreported:
    every number was taken for a port or a timeout, whatever its name said."""
    source = (
        b'DB_HOST = "postgres_db"\n'
        b'DB_PORT = "5432"\n'
        b'DB_PASSWORD = "12345678"\n'
        b'TOKEN_EXPIRE_SECONDS = "360000"\n'
        b'SMTP_PASS = "20240101"\n'
        b'conn = connect(host="localhost", password="78692", port=5432)\n'
    )
    found = review_files(tmp_path, {"app/config.py": source})

    assert [f.line for f in found if f.rule == "MB107"] == [3, 5, 6]
    assert "12345678" not in redact_text(source.decode())
    assert "360000" in redact_text(source.decode())


def test_a_flask_secret_key_of_digits_is_a_secret(tmp_path: Path) -> None:
    """``app.secret_key = "12421412412"`` signed a Flask app's sessions, and the log rated its
    security "no hard-coded secret found" (blind check corpus 54)."""
    source = (
        b"from flask import Flask\n\napp = Flask(__name__)\n"
        b'app.secret_key = "12421412412"\n'
        b'app.config["SECRET_KEY"] = "20240101"\n'
        b'SECRET_ROTATION_DAYS = "90"\n'
        b'SECRET_VERSION = "3"\n'
    )
    found = review_files(tmp_path, {"app/__init__.py": source})

    assert [f.line for f in found if f.rule == "MB107"] == [4, 5]
    assert "12421412412" not in redact_text(source.decode())
    assert "20240101" not in redact_text(source.decode())


def test_a_key_shaped_stand_in_is_no_secret_where_a_real_key_beside_it_is(tmp_path: Path) -> None:
    """A Streamlit field's ``placeholder="sk-xxxx…"``, a template's
    ``sk-your-openai-api-key-here`` and a test's ``sk-test-key-for-testing`` were each reported
    as a leaked OpenAI key."""
    files = {
        "ui.py": b'key = st.text_input("Key", placeholder="sk-xxxxxxxxxxxxxxxxxxxxxxxxxx")\n',
        ".env.example": b'OPENAI_API_KEY="sk-your-openai-api-key-here"\n',
        "tests/conftest.py": (
            b"import os\n\nos.environ['OPENAI_API_KEY'] = 'sk-test-key-for-testing'\n"
            + f"LEAKED = '{OPENAI_KEY}'\n".encode()
        ),
    }
    found = review_files(tmp_path, files)

    assert [(f.path, f.line) for f in found if f.rule == "MB107"] == [("tests/conftest.py", 4)]


@pytest.mark.parametrize("name", ["req.txt", "requirements.txt", "dev-requirements.txt"])
def test_index_credentials_in_any_pip_file_are_found(tmp_path: Path, name: str) -> None:
    """A learner's pip file may be "req.txt"; its private index password is still committed."""
    files = {name: "--extra-index-url https://bob:Pr1vate-Idx-77@pypi.example.com/simple\n"}

    found = [f for f in review_files(tmp_path, files) if f.category == "hardcoded-secret"]

    assert [(f.path, f.line) for f in found] == [(name, 1)]


def test_a_real_database_password_in_the_readme_is_a_secret_and_a_slot_is_not(
    tmp_path: Path,
) -> None:
    readme = (
        "# Shop\n\nSet the database URL:\n\n```\n"
        "DATABASE_URL=postgresql://<user>:<password>@localhost/shop\n```\n\n"
        "On my machine it is `postgresql://shop:Coco197209@localhost/shop`.\n\n"
        "The password: hash it before saving.\n"
    )
    found = [f for f in review_files(tmp_path, {"README.md": readme}) if f.rule == "MB107"]

    assert [(f.path, f.line) for f in found] == [("README.md", 9)]
    assert "Coco197209" not in found[0].snippet
    assert found[0].message.en.endswith(
        "write a placeholder such as `<password>` in the docs, and replace the value, which has "
        "been published"
    )


def test_a_key_shaped_value_is_reported_under_the_name_it_is_bound_to(tmp_path: Path) -> None:
    token = "rk_test_51QZ2KgLmNoPqRsTuVwXyZ4567"
    files = {
        "keys.py": f'STRIPE_URI = "https://api.stripe.com"\nSTRIPE_RESTRICTED_KEY = "{token}"\n'
    }

    [finding] = [f for f in review_files(tmp_path, files) if f.rule == "MB107"]

    assert finding.line == 2
    assert finding.message.en.startswith("hardcoded secret in `STRIPE_RESTRICTED_KEY`")
    assert token not in finding.snippet


def test_a_key_passed_straight_to_a_call_is_named_by_the_call(tmp_path: Path) -> None:
    """``bot.run("<token>")`` was missed, and a URL's password handed to ``create_engine`` was
    "hardcoded secret in `url-password`", a name the learner finds nowhere (corpus 65, 66)."""
    token = "NzMzNDU2Nzg5MDEyMzQ1Njc4." + "GhT2kQ." + "p8Zx3Lw9QrT2yV6nB1mC5jD0kS7uA4eF"
    files = {
        "bot.py": f'import discord\n\nclient = discord.Client()\nclient.run("{token}")\n',
        "db.py": 'engine = create_engine("postgresql://shop:Vq83-kd7@db/shop")\n',
    }

    found = sorted(
        (f.path, f.line, f.message.en.split(" (")[0])
        for f in review_files(tmp_path, files)
        if f.rule == "MB107"
    )

    assert found == [
        ("bot.py", 4, "hardcoded secret in `client.run()`"),
        ("db.py", 1, "hardcoded secret in `create_engine()`"),
    ]


def test_a_key_in_a_urls_query_string_is_reported_and_hidden(tmp_path: Path) -> None:
    """A weather bot's ``...&appid=<key>`` went unreported and its key was shown in full in
    the log and in a lesson's excerpts (blind checks corpus 67, history 44). A slot to fill in
    (``{api_key}``, ``YOUR_API_KEY``) or a short parameter is no key."""
    key = "82ce53a1b2c3d4e5" + "f60718293x4b5c6d"
    weather = (
        "import requests\n\n\ndef weather(city: str) -> dict:\n"
        '    url = "http://api.openweathermap.org/data/2.5/weather?q={}&appid=' + key + '"\n'
        "    return requests.get(url.format(city)).json()\n\n\n"
        "def forecast(city: str, api_key: str) -> dict:\n"
        '    url = f"https://api.example.com/forecast?q={city}&key={api_key}&page=12345678"\n'
        '    return requests.get(url + "&api_key=YOUR_API_KEY_HERE").json()\n'
    )

    inline = f'import requests\n\nrequests.get("https://api.x.io/v1?q=Oslo&APPID={key}")\n'
    files = {"bot/weather.py": weather, "bot/inline.py": inline}

    found, passed = sorted(
        (f for f in review_files(tmp_path, files) if f.rule == "MB107"), key=lambda f: f.path
    )[::-1]

    assert (found.line, found.message.en.split(" (")[0]) == (5, "hardcoded secret in `url`")
    assert (passed.line, passed.message.en.split(" (")[0]) == (3, "hardcoded secret in `APPID`")
    assert key not in found.snippet
    assert "&appid=«redacted»" in found.snippet


def test_a_key_of_a_known_shape_is_named_by_what_it_is_assigned_to(tmp_path: Path) -> None:
    """A committed .env's OpenAI key was reported as "hardcoded secret in `openai-key`": the
    key's kind where the learner looks for the variable."""
    found = review_files(
        tmp_path, {".env": f"OPENAI_API_KEY={OPENAI_KEY}\nDEBUG=true\n", "app/main.py": "x = 1\n"}
    )
    [secret] = [f for f in found if f.rule == "MB107"]
    assert secret.message.en.startswith("hardcoded secret in `OPENAI_API_KEY` (value redacted)")
    assert named_secret(f"OPENAI_API_KEY={OPENAI_KEY}") == ("openai-key", "OPENAI_API_KEY")
    assert named_secret(f"    {OPENAI_KEY}") == ("openai-key", "openai-key")


def test_a_misspelt_secret_name_still_names_a_secret(tmp_path: Path) -> None:
    """A course app's JWT key sat in ``SECRTE_KEY`` (a typo the whole app then used) and was
    never reported; words one slip from another stay what they are."""
    jwt_key = "4f2b9c81d7e6a3f05b8c2d1e9a7f6b3c0d5e8a1f4b7c2e9d6a3f0b5c8e1d4a7f"
    found = review_files(tmp_path, {"app/oauth2.py": f'SECRTE_KEY = "{jwt_key}"\n'})
    assert [(f.rule, f.line) for f in found if f.rule == "MB107"] == [("MB107", 1)]
    assert all(is_secret_name(name) for name in ("SECERT_KEY", "db_pasword", "sceret"))
    assert not any(is_secret_name(name) for name in ("select_key", "secure_key", "passport"))


def test_a_template_asks_for_a_placeholder_and_a_sentence_to_fill_in_is_one(tmp_path: Path) -> None:
    """A ``.env.example`` was told to stay out of git and be replaced by a ``.env.example``, and
    its "generate a key" sentence, in Portuguese, was reported as a leaked key (blind check
    history 22)."""
    files = {
        ".env.example": (
            "CHAVE_SECRETA=gere-uma-chave-aleatoria-com-pelo-menos-32-caracteres\n"
            "JWT_SECRET=9f8e7d6c5b4a39281706f5e4d3c2b1a0\n"
        ),
    }
    found = [f for f in review_files(tmp_path, files) if f.rule == "MB107"]

    assert [f.line for f in found] == [2]
    assert found[0].message.en.endswith(
        "; this file is a template others fill in: write a placeholder such as `<secret>`, and "
        "replace the value, which has been published"
    )


def test_a_token_type_label_is_no_secret(tmp_path: Path) -> None:
    """``type_token='access_token'`` names the kind of token a JWT carries; it was reported as a
    hard-coded secret to rotate (blind check history 26)."""
    auth = (
        "def create_token(data: dict, type_token: str = 'access_token') -> dict:\n"
        "    return {**data, 'type': type_token}\n"
    )
    found = review_files(tmp_path, {"core/auth.py": auth})

    assert [f for f in found if f.rule == "MB107"] == []


def test_a_password_in_a_libpq_connection_string_is_reported_and_hidden(tmp_path: Path) -> None:
    """``psycopg2.connect("dbname=... user=postgres password=... host=...")`` was never reported,
    whatever the password (blind check corpus 70); a slot to fill in, or one character, is
    none."""
    source = (
        "import psycopg2\n\n"
        'conn = psycopg2.connect("dbname=movies user=postgres password=Kx82-pqLm host=db")\n'
        'test = psycopg2.connect("dbname=movies user=postgres password=1 host=localhost")\n'
        'slot = psycopg2.connect(f"dbname=movies user=app password={secret} host=db")\n'
    )

    found = [f for f in review_files(tmp_path, {"db.py": source}) if f.rule == "MB107"]

    assert [f.line for f in found] == [3]
    assert "Kx82-pqLm" not in found[0].snippet
    assert "password=«redacted»" in found[0].snippet


def test_a_dotenv_file_named_sample_is_a_template(tmp_path: Path) -> None:
    """``sample.env`` was told it is "the environment itself" and to commit a .env.example,
    though it is the template (blind check corpus 88)."""
    files = {"sample.env": "JWT_SECRET=9f8e7d6c5b4a39281706f5e4d3c2b1a0\nDB_PASSWORD=changeme\n"}
    found = [f for f in review_files(tmp_path, files) if f.rule == "MB107"]

    assert [f.line for f in found] == [1]
    assert "this file is a template others fill in" in found[0].message.en


def test_a_password_pasted_as_code_is_hidden_in_ruff_s_undefined_name_too(tmp_path: Path) -> None:
    """``DB_PASSWORD=Qm4821vt`` in env.py: ruff's F821 said "undefined name `Qm4821vt`" in the
    log and the JSON (blind check history 57)."""
    found = review_files(tmp_path, {"env.py": "DB_PASSWORD=Qm4821vt\nprint(missing)\n"})

    assert "Qm4821vt" not in " ".join(f.model_dump_json() for f in found)
    assert {f.rule for f in found if f.line == 1} == {"MB107", "MB201"}
    assert any("`missing`" in f.message.en for f in found if f.line == 2)


def test_a_generated_key_under_any_name_is_hidden_wherever_its_line_is_shown() -> None:
    """A bot's ``.env`` held ``SITE_API=<hex key>``; its name says no key, and a lesson's
    "before" showed it in full beside a redacted ``BOT_TOKEN`` (blind check t1). A commit's
    sha or an identifier under a name that says so stays readable."""
    key = "7f3c9a1b2d4e5f6071" + "8293a4b5c6d7e8f9a0b1c2"
    sha = "9b1e7c3a5d2f4e6a8c0b1d3f5e7a9c2b11112222"
    text = f"SITE_API={key}\nLAST_COMMIT={sha}\nweather_api: {key[:20]}\n"

    shown = redact_text(text)

    assert key not in shown and key[:20] not in shown
    assert shown.splitlines() == [f"SITE_API={MARK}", f"LAST_COMMIT={sha}", f"weather_api: {MARK}"]


def test_a_header_sending_a_key_of_its_own_is_hidden_and_one_sending_a_variable_is_shown() -> None:
    """A lesson's "after" must still show how the fix sends the key (blind check p1)."""
    key = "9f8e7d6c5b4a3928" + "1706f5e4d3c2b1a0"
    text = (
        f'pasted = {{"Authorization": "Bearer {key}"}}\n'
        'read = {"Authorization": f"Bearer {token}"}\n'
        'joined = {"Authorization": "Bearer " + token}\n'
    )

    assert redact_text(text).splitlines() == [
        f'pasted = {{"Authorization": "Bearer {MARK}"}}',
        'read = {"Authorization": f"Bearer {token}"}',
        'joined = {"Authorization": "Bearer " + token}',
    ]


def test_a_todo_apps_password_is_a_secret_and_a_todo_note_is_a_slot(tmp_path: Path) -> None:
    """``'PASSWORD': 'Todo#2021secure'`` in a todo list's settings was read as a note to fill
    in, and the commit moving it to the environment went uncredited (blind check d2)."""
    settings = (
        "DATABASES = {\n    'default': {\n        'NAME': 'todolist',\n"
        "        'PASSWORD': 'Todo#2021secure',\n    }\n}\n"
        "EMAIL_HOST_PASSWORD = 'TODO-set-me'\nREDIS_PASSWORD = 'todo'\n"
    )
    found = review_files(tmp_path, {"todolist/settings.py": settings})

    assert [f.line for f in found if f.rule == "MB107"] == [4]
