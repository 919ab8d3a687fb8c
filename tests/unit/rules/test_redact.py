"""Secrets never leave the scan: snippets and messages are redacted; placeholders are no secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorbot.domain import Finding, Text
from mentorbot.lesson_versions import snippet
from mentorbot.rules.redact import MARK, TOKEN_PATTERNS, find_secrets, named_secret, redact_text
from mentorbot.rules.secret_lines import redact_lines, secret_lines
from mentorbot.rules.secret_values import is_secret_name
from tests.unit.rules import review_files

OPENAI_KEY = "sk-proj-Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2Sa9Po0Iu"
AWS_KEY = "AKIAIOSFODNN7SAMPLE1"
GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK_TOKEN = "xoxb-2048-4096-Gh7Jk9Lm1Np3Qr5St"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJleHAiOjE3MDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'OPENAI_API_KEY = "{OPENAI_KEY}"', f'OPENAI_API_KEY = "{MARK}"'),
        (f"aws_key = '{AWS_KEY}'", f"aws_key = '{MARK}'"),
        (f"token: {GITHUB_TOKEN}", f"token: {MARK}"),
        (f"SLACK={SLACK_TOKEN}", f"SLACK={MARK}"),
        (f"Authorization: Bearer {JWT}", f"Authorization: Bearer {MARK}"),
        ('SECRET_KEY = "kT9#mQ2$vL"', f'SECRET_KEY = "{MARK}"'),
        ('connect(password="hunter2!")', f'connect(password="{MARK}")'),
        ('  "api_key": "3f9a7c1e5b",', f'  "api_key": "{MARK}",'),
        ('secret_key: str = "dev-key-123"', f'secret_key: str = "{MARK}"'),
        ("DB_PASSWORD=Sup3r$ecret", f"DB_PASSWORD={MARK}"),
        # The line break before a comment line stays, and so do the spaces before a comment.
        ("DB_PASSWORD=Sup3r$ecret\n# cache\nTTL=60", f"DB_PASSWORD={MARK}\n# cache\nTTL=60"),
        ("DB_PASSWORD=Sup3r$ecret  # prod", f"DB_PASSWORD={MARK}  # prod"),
        ('app.config["SECRET_KEY"] = "s3cr3t-k3y"', f'app.config["SECRET_KEY"] = "{MARK}"'),
        ('os.getenv("DJANGO_SECRET_KEY", "dev-k3y")', f'os.getenv("DJANGO_SECRET_KEY", "{MARK}")'),
        ('config("API_KEY", default="k3y-123")', f'config("API_KEY", default="{MARK}")'),
        ('SECRET_KEY = (\n    "kT9#mQ2$vL"\n)', f'SECRET_KEY = (\n    "{MARK}"\n)'),
    ],
)
def test_secret_values_are_replaced_and_names_kept(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_url_passwords_are_masked_but_user_and_host_kept() -> None:
    url = 'DATABASE_URL = "postgresql+asyncpg://shop:Pr0d-Pass@db.internal:5432/shop"'
    assert (
        redact_text(url) == 'DATABASE_URL = "postgresql+asyncpg://shop:***@db.internal:5432/shop"'
    )


def test_private_key_block_is_removed_entirely() -> None:
    block = (
        "key = '''-----BEGIN RSA PRIVATE KEY-----\nMIIEow"
        + "A" * 60
        + "\n-----END RSA PRIVATE KEY-----'''"
    )
    redacted = redact_text(block)
    assert "MIIEow" not in redacted
    assert MARK in redacted


def test_code_that_only_mentions_secrets_is_left_alone() -> None:
    code = [
        "password: str",
        "password: str = Field(min_length=8)",
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        "hashed = pwd_context.hash(form.password)",
        "token = create_access_token(user.id)",
        "            password=config_settings.CHAT_DB_PASSWORD,",
        "            password=db_password,",
    ]
    assert [redact_text(line) for line in code] == code


def test_find_secrets_reports_lines_and_kinds() -> None:
    text = "\n".join(
        [
            "DEBUG=true",
            f"OPENAI_API_KEY={OPENAI_KEY}",
            "SECRET_KEY=change-me",
            "DATABASE_URL=postgresql://app:app@localhost/app",
            "SMTP_PASSWORD=m4il-S3cret",
            "REDIS_URL=redis://:r3dis-Pa55@cache:6379/0",
        ]
    )
    assert find_secrets(text) == [(2, "openai-key"), (5, "assignment"), (6, "url-password")]


def test_placeholders_in_templates_are_not_secrets_but_real_keys_are() -> None:
    template = (
        f"SECRET_KEY=your-secret-here\nAPI_TOKEN=xxx\nDB_PASSWORD=s3cret-pass\nKEY={AWS_KEY}\n"
    )
    assert find_secrets(template, template=True) == [(4, "aws-access-key")]


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


TOKENS_BY_KIND = {
    "anthropic-key": "sk-ant-api03-Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2",
    "openai-key": OPENAI_KEY,
    "stripe-key": "rk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "aws-access-key": AWS_KEY,
    "github-token": GITHUB_TOKEN,
    "slack-token": SLACK_TOKEN,
    "google-api-key": "AIza" + "SyD3x7Qw9Lm2Nb5Vc8Zx1As4Df6Gh0Jk2Lp",
    "jwt": JWT,
    "telegram-token": "7123456789:AAH4kq9Zx-3Lw8PqR2tYv6Nb1Mc5Jd0Ks7U",
}


def test_every_token_format_is_redacted_where_nothing_names_it_a_secret() -> None:
    """Prose with no secret-like name, quote or ``=``: only the token formats can catch these,
    each behind its own quick substring test."""
    assert set(TOKENS_BY_KIND) == {kind for kind, _ in TOKEN_PATTERNS}
    for kind, token in TOKENS_BY_KIND.items():
        assert (
            redact_text(f"the deploy used {token} yesterday") == f"the deploy used {MARK} yesterday"
        ), kind
        assert find_secrets(f"the deploy used {token} yesterday") == [(1, kind)]


@pytest.mark.parametrize(
    "token",
    [
        "sk_test_51QZ2KgLmNoPqRsTuVwXyZ0123",
        "rk_test_51QZ2KgLmNoPqRsTuVwXyZ4567",
        "whsec_" + "Ab3" * 10,
    ],
)
def test_stripe_test_mode_keys_and_webhook_secrets_are_secrets(token: str) -> None:
    """A committed `STRIPE_RESTRICTED_KEY="rk_test_..."` went unreported: a test-mode key opens
    the account's test data and its API, and a webhook secret lets anyone forge events."""
    assert redact_text(f'STRIPE_RESTRICTED_KEY="{token}"') == f'STRIPE_RESTRICTED_KEY="{MARK}"'
    assert find_secrets(f"keys: {token}") == [(1, "stripe-key")]
    assert find_secrets("STRIPE_PUBLISHABLE_KEY=pk_test_51QZ2KgLmNoPqRsTuVwXyZ0123") == []


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        # A name that does something with a secret is a function's, not a credential's.
        ("convert_to_secret_str", False),
        ("get_secret_value", False),
        ("generate_password_hint", False),
        # Still ending in a secret word, it holds one: a webhook's verify token, a refresh token.
        ("VERIFY_TOKEN", True),
        ("verify_webhook_token", True),
        ("refresh_token", True),
        ("db_password", True),
        # A duration, in any language's word order: a log showed `MINUTOS_EXPIRACAO_TOKEN=«...»`
        # of a 30 (blind check history 22).
        ("MINUTOS_EXPIRACAO_TOKEN", False),
        ("TOKEN_TTL_SECONDS", False),
        ("refresh_token_lifetime", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_a_fix_snippet_hides_the_lines_its_version_held_secrets_on() -> None:
    """The solved problem shows the old version: a secret found there stays hidden even where
    its name is out of the snippet's view."""
    old = 'import os\n\nSIGNING_KEY = (\n    # old\n    # rotated\n    "Wr4pped-Key-0x91c"\n)\n'
    found = Finding(
        rule="MB107",
        category="hardcoded-secret",
        severity="high",
        path="app/settings.py",
        line=6,
        message=Text(zh="密钥", en="secret"),
        source="mentor",
    )
    assert "Wr4pped-Key-0x91c" in snippet(old, 6, 6)
    assert snippet(old, 6, 6, secret_lines([found])) == f'    # old\n    # rotated\n    "{MARK}"\n)'


def test_a_commit_message_is_prose_where_a_secret_word_names_a_topic() -> None:
    assert redact_text("password: hash with bcrypt before storing", prose=True) == (
        "password: hash with bcrypt before storing"
    )
    assert redact_text("fix: DB_PASSWORD=hunter2 was committed", prose=True) == (
        f"fix: DB_PASSWORD={MARK} was committed"
    )
    assert redact_text(f"drop the key {OPENAI_KEY}", prose=True) == f"drop the key {MARK}"
    assert redact_text("db at postgresql://app:Pa55w0rd@db/app", prose=True) == (
        "db at postgresql://app:***@db/app"
    )


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
    """ "change-this-in-production" was a placeholder, its Spanish twin a hard-coded secret."""
    source = f'SECRET_KEY = "{value}"\nAPI_TOKEN = "k8Zq2Lm9Xp4Rt7Vw"\n'.encode()
    found = review_files(tmp_path, {"app/config.py": source})
    findings = [f for f in found if f.rule == "MB107"]

    assert [f.line for f in findings] == [2]


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


def test_a_url_password_slot_is_shown_and_a_key_of_digits_is_a_secret() -> None:
    slots = [
        "DATABASE_URL=postgresql://<user>:<password>@localhost:5432/shop",
        'url = f"postgresql://{user}:{password}@{host}/shop"',
        "url: postgresql://app:${DB_PASSWORD}@db/shop",
    ]
    assert [redact_text(line) for line in slots] == slots
    assert find_secrets("\n".join(slots)) == []
    assert redact_text("postgresql://app:hunter2@db/shop") == "postgresql://app:***@db/shop"

    key = "SECRET_KEY=12345678901234567890123456789012"
    assert find_secrets(key) == [(1, "assignment")]
    assert find_secrets("TIMEOUT_MS=30000\nPORT=5432") == []


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


def test_a_comment_ending_in_a_colon_does_not_hide_the_secret_below_it() -> None:
    """A lesson's snippet showed `SECRET_KEY = "..."` in clear: the comment above it ("# Keep it
    here:") was read as a name annotated with the next line's assignment."""
    snippet = (
        '# Centralizamos aquí:\nSECRET_KEY = "mi_clave_secreta_ultra_fija_123"\nALGORITHM = "HS256"'
    )

    assert redact_text(snippet) == (
        f'# Centralizamos aquí:\nSECRET_KEY = "{MARK}"\nALGORITHM = "HS256"'
    )
    assert redact_text('SECRET_KEY = (\n    "mi_clave_secreta_ultra_fija_123"\n)') == (
        f'SECRET_KEY = (\n    "{MARK}"\n)'
    )


def test_a_known_secret_line_is_redacted_whatever_surrounds_it() -> None:
    lines = ["# Centralizamos aquí:", 'SECRET_KEY = "mi_clave_secreta_ultra_fija_123"']

    shown = redact_lines(lines, 10, {11})

    assert "mi_clave" not in shown
    assert shown.endswith(f'SECRET_KEY = "{MARK}"')


def test_a_key_shaped_value_is_reported_under_the_name_it_is_bound_to(tmp_path: Path) -> None:
    token = "rk_test_51QZ2KgLmNoPqRsTuVwXyZ4567"
    files = {
        "keys.py": f'STRIPE_URI = "https://api.stripe.com"\nSTRIPE_RESTRICTED_KEY = "{token}"\n'
    }

    [finding] = [f for f in review_files(tmp_path, files) if f.rule == "MB107"]

    assert finding.line == 2
    assert finding.message.en.startswith("hardcoded secret in `STRIPE_RESTRICTED_KEY`")
    assert token not in finding.snippet


def test_letters_run_into_digits_are_a_password_where_a_constant_s_name_is_a_label() -> None:
    """`DB_PASSWORD = "SV1212"` went unreported: any capitals-and-digits value was taken for a
    label such as `DB_PASSWORD = "DB_PASSWORD"`."""
    assert find_secrets('DB_PASSWORD = "SV1212"') == [(1, "assignment")]
    assert find_secrets('DB_PASSWORD = "DB_PASSWORD"') == []
    assert find_secrets('API_KEY = "API_KEY_2"') == []


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


def test_a_message_ending_in_a_secret_word_does_not_hide_the_next_key() -> None:
    """A log quoted ``"message": "Invalid email or password", "«redacted»": 401`` for the code's
    ``"code": 401``: the message's last word was read as a quoted name with a default (blind
    check corpus 35)."""
    line = 'detail={"error": True, "message": "Invalid email or password", "code": 401}'
    assert redact_text(line) == line
    assert (
        redact_text('os.getenv("SECRET_KEY", "q7W9e-sdfk3")')
        == f'os.getenv("SECRET_KEY", "{MARK}")'
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


def test_a_url_password_with_an_at_sign_is_hidden_whole() -> None:
    """A learner's .env password held an unencoded "@": the part after it showed in the
    finding's snippet and in three logs (blind check corpus 52)."""
    line = "DATABASE_URL=postgresql://postgres:Xy7@pw9@localhost:5432/tododb"

    assert redact_text(line) == "DATABASE_URL=postgresql://postgres:***@localhost:5432/tododb"
    assert find_secrets(line) == [(1, "url-password")]
