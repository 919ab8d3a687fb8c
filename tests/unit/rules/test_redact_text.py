"""Redacting text: which values are secrets, what replaces them and what is left alone."""

from __future__ import annotations

import pytest

from mentorbot.domain import Finding, Text
from mentorbot.lesson_versions import snippet
from mentorbot.rules._secret_file_name_cases import DROPBOX_TOKEN, PYPI_TOKEN
from mentorbot.rules.redact import redact_text
from mentorbot.rules.secret_find import find_secrets
from mentorbot.rules.secret_lines import redact_lines, secret_lines
from mentorbot.rules.secret_patterns import MARK
from mentorbot.rules.secret_tokens import TOKEN_PATTERNS
from mentorbot.rules.secret_values import is_secret_name
from tests.unit.rules._helpers import AWS_KEY, GITHUB_TOKEN, JWT, OPENAI_KEY, SLACK_TOKEN


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
        # A settings field's default had shown in a log verbatim (blind check history 58).
        ('DB_PASSWORD: str = Field("Pg_2025!x")', f'DB_PASSWORD: str = Field("{MARK}")'),
        ('api_key: str = Field(default="3f9a7c1e5b")', f'api_key: str = Field(default="{MARK}")'),
        ('SECRET_KEY = os.getenv("SECRET_KEY")', 'SECRET_KEY = os.getenv("SECRET_KEY")'),
        # Passwords noted in comments, and a generated value under a label (corpus 98).
        ("# Temp pw testing: Ia9kOVlT@g76eA", f"# Temp pw testing: {MARK}"),
        ("#prod =6-.MWH7u3fo0wy1ws_KRV", f"#prod ={MARK}"),
        ("# password: hashed with bcrypt", "# password: hashed with bcrypt"),
        ("# model: gpt-4o-mini-2024-07-18", "# model: gpt-4o-mini-2024-07-18"),
        ("DB_PASSWORD=Sup3r$ecret", f"DB_PASSWORD={MARK}"),
        # The line break before a comment line stays, and so do the spaces before a comment.
        ("DB_PASSWORD=Sup3r$ecret\n# cache\nTTL=60", f"DB_PASSWORD={MARK}\n# cache\nTTL=60"),
        ("DB_PASSWORD=Sup3r$ecret  # prod", f"DB_PASSWORD={MARK}  # prod"),
        ('app.config["SECRET_KEY"] = "s3cr3t-k3y"', f'app.config["SECRET_KEY"] = "{MARK}"'),
        ('os.getenv("DJANGO_SECRET_KEY", "dev-k3y")', f'os.getenv("DJANGO_SECRET_KEY", "{MARK}")'),
        ('config("API_KEY", default="k3y-123")', f'config("API_KEY", default="{MARK}")'),
        ('SECRET_KEY = (\n    "kT9#mQ2$vL"\n)', f'SECRET_KEY = (\n    "{MARK}"\n)'),
        # A compose file's fallback is the value whenever the variable is unset (blind check b1).
        ("SECRET_KEY: ${SECRET_KEY:-a8f3c91d7e}", f"SECRET_KEY: ${{SECRET_KEY:-{MARK}}}"),
        ('JWT: "${JWT_SECRET-S3cret!24}"', f'JWT: "${{JWT_SECRET-{MARK}}}"'),
        ("DEBUG: ${DEBUG:-false}", "DEBUG: ${DEBUG:-false}"),
        # Redis's password on a compose command line, in list form too (blind check k1).
        (
            'command: ["redis-server", "--appendonly", "yes", "--requirepass", "Xk9pQz2LmW7v"]',
            f'command: ["redis-server", "--appendonly", "yes", "--requirepass", "{MARK}"]',
        ),
        (
            "command: redis-server --requirepass Xk9pQz2LmW7v",
            f"command: redis-server --requirepass {MARK}",
        ),
        (
            'command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]',
            'command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]',
        ),
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
        # A parameter kept under its own name, a keyword argument closing a call (blind check c2).
        "        self.openai_apikey = openai_apikey",
        '    conn = psycopg2.connect(database="rag", host="db", user="app", password=PASSWORD)',
    ]
    assert [redact_text(line) for line in code] == code


def test_an_f_string_slot_after_a_secret_name_is_code_not_a_value() -> None:
    line = (
        "user = db.execute(text(f\"SELECT * FROM users WHERE name = '{request.form['name']}' "
        "AND password = '{hash_password(request.form['password'])}'\")).first()"
    )
    assert redact_text(line) == line
    assert redact_text("q = \"UPDATE users SET password = 'hunter22'\"") == (
        f"q = \"UPDATE users SET password = '{MARK}'\""
    )


def test_keyword_arguments_named_like_a_connection_string_s_keys_are_code() -> None:
    """``psycopg.connect(host=app.config['DB_SERVER'], ..., password=app.config[...])`` was
    shown as ``host=«redacted»'DB_SERVER']`` in the log's concepts (blind check corpus 82)."""
    code = (
        "    with psycopg.connect(host=app.config['DB_SERVER'],\n"
        "                         user=app.config['DB_USER'],\n"
        "                         password=app.config['DB_PASSWORD']) as con:"
    )
    assert redact_text(code) == code
    assert MARK in redact_text('conn = psycopg2.connect("dbname=shop user=app password=Sh0p2024")')


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
    assert find_secrets(text) == [
        (2, "openai-key"),
        (4, "url-password"),
        (5, "assignment"),
        (6, "url-password"),
    ]


def test_placeholders_in_templates_are_not_secrets_but_real_keys_are() -> None:
    template = (
        f"SECRET_KEY=your-secret-here\nAPI_TOKEN=xxx\nDB_PASSWORD=s3cret-pass\nKEY={AWS_KEY}\n"
    )
    assert find_secrets(template, template=True) == [(4, "aws-access-key")]


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
    "discord-token": "NzMzNDU2Nzg5MDEyMzQ1Njc4." + "GhT2kQ." + "p8Zx3Lw9QrT2yV6nB1mC5jD0kS7uA4eF",
    "sendgrid-key": "SG.kT4nQ8rLw2ZpX7cVb9Yd1A." + "h3Jf9KmPq2WxZr8TnLc5VbYd7Gs4Hk1Mn6Qp0RtUvW",
    "docker-hub-token": "dckr_pat_" + "p-m7gQ_rp-bWY7znmVVIucXjpHz",
    "huggingface-token": "hf_" + "kQ8rLw2ZpX7cVb9Yd1AhJf9KmPq2WxZr8Tn",
    "pypi-token": PYPI_TOKEN,
    "dropbox-token": DROPBOX_TOKEN,
    "zhipu-key": "8c4f1e2a9b7d46e3a5f0c2d8e6b1a937." + "Lm3Qx8Rt2Vw9Kp4Z",
}


WEBHOOKS_BY_KIND = {
    "discord-webhook": (
        "https://discord.com/api/webhooks/",
        "1204387205276241991/APbVL0pXk2mQ9zR7tY4uW1eS8dF3gH6jK0lZ5xC2vB9nM4qA7sD1fG8hJ3kL6pO0iU",
    ),
    "slack-webhook": (
        "https://hooks.slack.com/services/",
        "T024BE7LD/B05Q2L1MKJ8/Zx8Lw3Nc5Vb7Xm1Kj4Hg6Fd2",
    ),
}
"""Webhook URLs whose path is the credential: anyone holding it posts as the app (corpus 85)."""


def test_every_token_format_is_redacted_where_nothing_names_it_a_secret() -> None:
    """Prose with no secret-like name, quote or ``=``: only the token formats can catch these,
    each behind its own quick substring test."""
    assert set(TOKENS_BY_KIND) | set(WEBHOOKS_BY_KIND) == {kind for kind, _ in TOKEN_PATTERNS}
    for kind, (url, secret) in WEBHOOKS_BY_KIND.items():
        assert redact_text(f"post to {url}{secret} now") == f"post to {url}{MARK} now", kind
        assert find_secrets(f"post to {url}{secret} now") == [(1, kind)]
    for kind, token in TOKENS_BY_KIND.items():
        assert (
            redact_text(f"the deploy used {token} yesterday") == f"the deploy used {MARK} yesterday"
        ), kind
        assert find_secrets(f"the deploy used {token} yesterday") == [(1, kind)]


def test_a_telegram_token_in_the_bot_api_s_url_is_found_and_hidden() -> None:
    """Telegram's URLs write the token right after ``/bot``, with no boundary before its digits:
    a token so written went unreported, and a lesson's excerpt showed it (blind history 55)."""
    token = TOKENS_BY_KIND["telegram-token"]
    line = f'TG_URL = "https://api.telegram.org/bot{token}/sendMessage"'

    assert redact_text(line) == f'TG_URL = "https://api.telegram.org/bot{MARK}/sendMessage"'
    assert find_secrets(line) == [(1, "telegram-token")]
    assert find_secrets("order 12345678901234:AAbc is not a token") == []


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


def test_letters_run_into_digits_are_a_password_where_a_constant_s_name_is_a_label() -> None:
    """`DB_PASSWORD = "SV1212"` went unreported: any capitals-and-digits value was taken for a
    label such as `DB_PASSWORD = "DB_PASSWORD"`."""
    assert find_secrets('DB_PASSWORD = "SV1212"') == [(1, "assignment")]
    assert find_secrets('DB_PASSWORD = "DB_PASSWORD"') == []
    assert find_secrets('API_KEY = "API_KEY_2"') == []


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


def test_a_url_password_with_an_at_sign_is_hidden_whole() -> None:
    """A learner's .env password held an unencoded "@": the part after it showed in the
    finding's snippet and in three logs (blind check corpus 52)."""
    line = "DATABASE_URL=postgresql://postgres:Xy7@pw9@localhost:5432/tododb"

    assert redact_text(line) == "DATABASE_URL=postgresql://postgres:***@localhost:5432/tododb"
    assert find_secrets(line) == [(1, "url-password")]


def test_a_hidden_value_is_hidden_on_the_lines_around_it_too() -> None:
    """A compose file's snippet showed ``MINIO_ROOT_USER: minioadmin`` above the redacted
    ``MINIO_ROOT_PASSWORD``, whose value was the same (blind check corpus 59)."""
    lines = [
        "    environment:",
        "      MINIO_ROOT_USER: minioadmin",
        "      MINIO_ROOT_PASSWORD: minioadmin",
        "    command: server /data --console-address :9001",
    ]

    shown = redact_lines(lines, 22, {24})

    assert "minioadmin" not in shown
    assert f"MINIO_ROOT_USER: {MARK}" in shown
    assert shown.endswith("command: server /data --console-address :9001")


def test_a_url_password_is_hidden_where_it_is_also_the_user_name_of_another_line() -> None:
    lines = ['DATABASE_USER="postcms"', 'DATABASE_URL="postgresql://app:postcms@db:5432/app"']

    shown = redact_lines(lines, 1, {2})

    assert "postcms" not in shown
    assert shown.splitlines()[1] == 'DATABASE_URL="postgresql://app:***@db:5432/app"'


def test_one_digit_repeated_is_a_weak_password_where_one_letter_repeated_is_a_slot() -> None:
    """``root:1111@localhost`` went unreported although the log's own evidence masked it
    (blind check corpus 57)."""
    engine = "engine = create_async_engine('postgresql+asyncpg://root:1111@localhost:5432/fridge')"
    assert find_secrets(engine) == [(1, "url-password")]
    assert find_secrets('DB_PASSWORD = "0000"') == [(1, "assignment")]
    assert find_secrets('DATABASE_URL = "postgresql://root:xxxx@localhost/fridge"') == []
    assert find_secrets('DB_PASSWORD = "****"') == []


def test_a_fallback_written_after_or_is_redacted() -> None:
    """``os.environ.get('SECRET_KEY') or 'you-will-never-guess'`` was quoted in the log in clear
    as evidence of a setting read from the environment (blind check corpus 61)."""
    line = "SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'"
    assert redact_text(line) == f"SECRET_KEY = os.environ.get('SECRET_KEY') or '{MARK}'"
    assert redact_text('title = get("title") or "untitled"') == 'title = get("title") or "untitled"'


def test_a_value_hidden_on_one_line_is_no_module_or_attribute_name_on_the_others() -> None:
    """``password="mysql"`` hid every ``mysql`` of the snippet: ``import «redacted».connector``
    (blind check history 44). A value standing alone on another line is still hidden."""
    lines = [
        "import mysql.connector",
        'conn = mysql.connector.connect(user="root", password="mysql")',
        "# the password is mysql",
    ]

    shown = redact_lines(lines, 1, {2}).split("\n")

    assert shown == [
        "import mysql.connector",
        f'conn = mysql.connector.connect(user="root", password="{MARK}")',
        f"# the password is {MARK}",
    ]


def test_random_keys_no_rule_names_are_hidden_in_what_is_shown() -> None:
    """A key in a URL's path and a 32-character hex key under a neutral name were shown in a
    log's evidence (blind check corpus 70); words and short ids in URLs and strings stay."""
    path_key = "c3f97517a2b84e6d9f01c2b3"
    hex_key = "9833bc0a1f2e4d5c6b7a8f9e0d1c2b3a"
    shown = redact_text(
        f'rate = get("https://v6.exchangerate-api.com/v6/{path_key}/latest/USD")\n'
        f"POGODA = '{hex_key}'\n"
        "docs = 'https://github.com/fastapi/fastapi/blob/master/docs/first-steps.md'\n"
        'avatar = "/static/images/profile_picture_default_large.png"\n'
    )

    assert path_key not in shown and hex_key not in shown
    assert f"/v6/{MARK}/latest/USD" in shown
    assert f"POGODA = '{MARK}'" in shown
    assert "docs/first-steps.md" in shown
    assert "profile_picture_default_large.png" in shown


def test_a_key_written_in_dotted_parts_is_a_value_not_an_attribute() -> None:
    """``SENDGRID_API_KEY=SG.<id>.<secret>`` in a committed ``.env`` read as attribute access
    (``settings.key``), so a lesson's excerpt showed it in full (blind check h3)."""
    line = "MAIL_API_KEY=ab.kT4nQ8rLw2ZpX7cVb9Yd1A.h3Jf9KmPq2WxZr8TnLc5Vb"

    assert redact_text(line) == f"MAIL_API_KEY={MARK}"
    assert find_secrets(line) == [(1, "assignment")]
    assert redact_text("MAIL_API_KEY=settings.mail_api_key") == "MAIL_API_KEY=settings.mail_api_key"


def test_an_empty_value_hides_nothing_on_the_next_line() -> None:
    """A ``.env.example`` with its secrets left empty showed ``DEBUG=1`` and
    ``DB_HOST=localhost`` as «redacted»: the value was read across the line break (blind
    check d1)."""
    example = "SECRET_KEY=\nDEBUG=1\nDB_PASSWORD=\nDB_HOST=localhost\npassword:\n  debug: true\n"

    assert redact_text(example) == example
    assert redact_text("ENV SECRET_KEY\nRUN pip install fastapi\n").endswith(
        "pip install fastapi\n"
    )
    assert redact_text("SECRET_KEY=s3cr3t-v4lue-xyz\n") == f"SECRET_KEY={MARK}\n"


def test_a_key_holding_the_other_quote_is_hidden_whole() -> None:
    """Flask's quickstart key has a double quote inside single ones: the line was shown as
    written, while ``password = '...'`` inside a query string is still found first (blind
    check f1)."""
    assert redact_text("app.secret_key = b'_5#y2L\"F4Q8z\\n\\xec]/'") == (
        f"app.secret_key = b'{MARK}'"
    )
    assert redact_text("q = \"UPDATE users SET password = 'hunter22'\"") == (
        f"q = \"UPDATE users SET password = '{MARK}'\""
    )
    assert redact_text('msg = "it\'s fine"') == 'msg = "it\'s fine"'
