"""MB107's cases in the files around the code: an image's Dockerfile, a compose file and pip's
requirements, each with keys baked in and with the same settings left to the environment; an
example file's typed-in stand-in, and a credentials file named by its path."""

from __future__ import annotations

from mentorbot.rules.base import Case

BAD_DOCKERFILE = """\
FROM python:3.11-slim
WORKDIR /app
ENV OPENAI_API_KEY=sk-proj-4fQx9TmZk2LrVb7NcW1yHs8DgJ3ePaU6
ENV DATABASE_URL=postgresql://shop:Pr0d-Passw0rd@db:5432/shop
ARG JWT_SECRET=9f8e7d6c5b4a39281706f5e4d3c2b1a0
ENV SECRET_KEY 9f8e7d6c5b4a39281706f5e4d3c2b1a0
COPY . .
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
"""

GOOD_DOCKERFILE = """\
FROM python:3.11-slim
ARG APP_ENV=production
ENV PYTHONUNBUFFERED=1
ENV PORT 8000
ENV SECRET_KEY=${SECRET_KEY}
ENV API_TOKEN $API_TOKEN
COPY . .
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
"""

BAD_REQUIREMENTS = """\
-i https://deploy:Pr1vate-Index-Pa55@pypi.internal.example.com/simple
fastapi==0.115.0
billing-client @ git+https://oauth2:glpat-9fQx2LrVb7NcW1yHs8Dg@gitlab.example.com/shop/billing.git
"""

GOOD_REQUIREMENTS = """\
--extra-index-url https://pypi.internal.example.com/simple
-i https://${PIP_USER}:${PIP_TOKEN}@pypi.internal.example.com/simple
fastapi==0.115.0
passlib[bcrypt]==1.7.4
python-jose[cryptography]==3.3.0
pydantic-settings==2.4.0
"""

BAD_COMPOSE = """\
services:
  db:
    image: postgres:16
    environment:
      - POSTGRES_USER=bookings
      - POSTGRES_PASSWORD=bookings_pass132
  api:
    build: .
    environment:
      DATABASE_URL: postgresql+asyncpg://bookings:bookings_pass132@db:5432/bookings
      SECRET_KEY: 9f3c2b7e41d8a6c05e
"""

GOOD_COMPOSE = """\
services:
  db:
    image: postgres:16
    environment:
      - POSTGRES_USER=bookings
      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}
  api:
    build: .
    env_file: .env
    environment:
      - SECRET_KEY
"""

BAD_COMPOSE_DEFAULTS = """\
services:
  api:
    build: .
    environment:
      SECRET_KEY: ${SECRET_KEY:-a8f3c91d7e2b5046f1c9}
      JWT_SECRET: "${JWT_SECRET-Sup3rS3cret!2024}"
      DEBUG: ${DEBUG:-false}
"""

GOOD_COMPOSE_DEFAULTS = """\
services:
  api:
    build: .
    environment:
      DEBUG: ${DEBUG:-false}
      DB_PASSWORD: ${DB_PASSWORD:-changeme}
      REDIS_URL: ${REDIS_URL:-redis://redis:6379/0}
      API_TOKEN: "${API_TOKEN:?set API_TOKEN in .env}"
"""

EXAMPLE_ENV = """\
DB_HOST=localhost
DB_PASSWORD=password
SECRET_KEY=SUPERSECRETO987654321
ACCESS_TOKEN_EXPIRE_MINUTES=15
"""

CREDENTIALS_PATH = """\
import os

from google.cloud import translate_v2

os.environ["GOOGLE_APPLICATION_CREDENTIALS"] = r"google_cred.json"
SERVICE_ACCOUNT_FILE = "keys/service-account.json"
translator = translate_v2.Client()
"""

COMMENTED_ENV = """\
DATABASE_URL=${DATABASE_URL}
# Signs the login tokens: keep it secret
# JWT_SECRET=29d2c8e1f04a7b3e96d5c2a8f1e07b4d
# JWT_ALGORITHM=HS256
"""

COMMENTED_PLACEHOLDERS_ENV = """\
# Copy this file to .env and fill in:
# JWT_SECRET=change-me
# OPENAI_API_KEY=
# SECRET_KEY: a long random string, e.g. from `openssl rand -hex 32`
DEBUG=true
"""

INI_CONFIG = """\
[mysql]
host = localhost
user = root
password = Kx9#mQ2vLp7Rt4Zw

[warehouse]
password = Wh7 #Zq9LmTx2024
"""
"""configparser keeps a ``#`` inside a value, inline comments being off: both passwords are
whole, though the part before ``#`` alone is too short for one (blind check s2)."""
COMMENTED_VALUES_ENV = """\
SMTP_PASSWORD=TODO #ask-ops-2024
REDIS_PASSWORD=  # none locally
"""
"""In a dotenv file a `` #`` after a space starts a comment: left to fill in, no password."""

BOT_ENV = """\
BOT_TOKEN=${BOT_TOKEN}
SITE_API=7f3c9a1b2d4e5f60718293a4b5c6d7e8f9a0b1c2
OPENWEATHER=9b1e7c3a5d2f4e6a8c0b1d3f5e7a9c2b
"""

BOT_SETTINGS_ENV = """\
ADMIN_CHAT_ID=-1001234567890
SPREADSHEET_ID=1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms
LAST_COMMIT=9b1e7c3a5d2f4e6a8c0b1d3f5e7a9c2b11112222
SITE_API=https://api.example.com/v2
DB_NAME=bot
"""

FRONTEND_ENV = """\
VITE_API_URL=http://localhost:8000
VITE_FIREBASE_API_KEY=AIzaSyB3k9X2mQ7vLr4T8wPz1NcD6hJf0sEaUoQ
VITE_FIREBASE_AUTH_DOMAIN=shop-demo.firebaseapp.com
VITE_MAPBOX_TOKEN=pk.eyJ1IjoicmVhbHJzYiIsImEiOiJjbHg3cjR6a2swMDFnMmpxbXc5dGd1eGJ6In0.Q2h5cHZ3dmE0
VITE_STRIPE_PUBLISHABLE_KEY=pk_test_51Hx9aQ2mLr8NcD1hJf6sEaUoPz3kW7y
"""
"""A frontend's keys made to be public: a Firebase web app's config, Mapbox's public token,
Stripe's publishable key (blind check m1)."""
MAPS_ENV = "GOOGLE_MAPS_SERVER_KEY=AIzaSyB3k9X2mQ7vLr4T8wPz1NcD6hJf0sEaUoQ\n"

KAGGLE_JSON = '{"username": "ohheydom", "key": "fd07cbe216db66d0079947790cccf16e"}\n'
KAGGLE_DOWNLOAD = """\
import os

os.environ["KAGGLE_USERNAME"] = "ohheydom"
os.environ["KAGGLE_KEY"] = "fd07cbe216db66d0079947790cccf16e"
"""
HEX_NOT_KEYS = """\
SORT_KEY = "0000ffff0000ffff0000ffff0000ffff"
CACHE_KEY = "20240117093000000000000000000001"
"""


CI_WORKFLOW = """\
name: Test
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:17
        env:
          POSTGRES_USER: test
          POSTGRES_PASSWORD: test
          POSTGRES_DB: test
        ports:
          - 5432:5432
    env:
      DATABASE_URL: postgresql+asyncpg://test:test@localhost:5432/test
      DB_PASSWORD: test
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt && pytest
"""
"""A job's tests against a Postgres service container, with the throwaway password GitHub's
own example gives it (blind check e1)."""
CI_DEPLOY = CI_WORKFLOW.replace(
    "      DB_PASSWORD: test\n",
    "      DB_PASSWORD: test\n"
    "      HEROKU_API_KEY: 4f9a7c2e1b8d6f3a0c5e9b7d2f4a6c8e\n"
    "      GH_TOKEN: ghp_bKaAZijba5eF7Benwx2KK8Lj9SIqvj7MWGHb\n",
)
CI_DEPLOY_LINES = (18, 19)
CI_DOCKER_LOGIN = CI_WORKFLOW.replace(
    "      DB_PASSWORD: test\n", "      DB_PASSWORD: test\n      JWT_SECRET_KEY: test-secret\n"
) + (
    "      - run: docker login -u foluke -p dckr_pat_p-m7gQ_rp-bWY7znmVVIucXjpHz\n"
    "      - run: docker push foluke/api\n"
)
"""A test value in the job's env, and a Docker Hub token on the command line (blind check r2)."""
CI_DOCKER_LOGIN_LINE = 22
KAGGLE_SCRIPT = """\
#!/usr/bin/env bash
set -euo pipefail
export KAGGLE_USERNAME=ohheydom
export KAGGLE_KEY=fd07cbe216db66d0079947790cccf16e
kaggle competitions download -c titanic -p data
"""
README_KEY = """\
# Books

Set the key, then run the app:

    export NYT_API_KEY=84706c8e9399db3b471c982461f8f12a
    uvicorn main:app
"""


BAD: tuple[Case, ...] = (
    Case(
        files={"backend/.env": MAPS_ENV},
        hits=(("backend/.env", 1),),
        note="a Google key where nothing speaks of Firebase",
    ),
    Case(
        files={".env": BOT_ENV},
        hits=((".env", 2), (".env", 3)),
        note="generated keys under names that do not say key (blind check t1)",
    ),
    Case(
        files={".env": COMMENTED_ENV},
        hits=((".env", 3),),
        note="a secret switched off with # is still committed (blind check corpus 99)",
    ),
    Case(
        files={"etl/config.ini": INI_CONFIG},
        hits=(("etl/config.ini", 4), ("etl/config.ini", 7)),
        note="INI passwords with a # in them, which configparser keeps (blind check s2)",
    ),
    Case(
        files={"Dockerfile": BAD_DOCKERFILE},
        hits=tuple(("Dockerfile", line) for line in (3, 4, 5, 6)),
        note="keys baked into the image, in either ENV form and as a build ARG",
    ),
    Case(
        files={"docker-compose.yml": BAD_COMPOSE},
        hits=(
            ("docker-compose.yml", 6),
            ("docker-compose.yml", 10),
            ("docker-compose.yml", 11),
        ),
        note="a compose file's passwords, as list items and as a mapping",
    ),
    Case(
        files={"docker-compose.yml": BAD_COMPOSE_DEFAULTS},
        hits=(("docker-compose.yml", 5), ("docker-compose.yml", 6)),
        note="a key as the fallback of a variable, used whenever it is unset (blind check b1)",
    ),
    Case(
        files={"requirements.txt": BAD_REQUIREMENTS},
        hits=(("requirements.txt", 1), ("requirements.txt", 3)),
        note="a private index's password and a git host's token in pip's requirements",
    ),
    Case(
        files={".github/workflows/test.yml": CI_DEPLOY},
        hits=tuple((".github/workflows/test.yml", line) for line in CI_DEPLOY_LINES),
        note="a deploy key and a token in a CI job, beside its service container's throwaway "
        "password",
    ),
    Case(
        files={".github/workflows/test.yml": CI_DOCKER_LOGIN},
        hits=((".github/workflows/test.yml", CI_DOCKER_LOGIN_LINE),),
        note="a Docker Hub token given to docker login, beside the tests' own throwaway key",
    ),
    Case(
        files={"scripts/download.sh": KAGGLE_SCRIPT, "README.md": README_KEY},
        hits=(("README.md", 5), ("scripts/download.sh", 4)),
        note="a key exported by a shell script, and one a README shows to export (blind check r2)",
    ),
    Case(
        files={"kaggle.json": KAGGLE_JSON, "download.py": KAGGLE_DOWNLOAD},
        hits=(("kaggle.json", 1), ("download.py", 4)),
        note="Kaggle's API token, and a key of 32 hex digits whose letters repeat, as a fifth "
        "of random ones do (blind check a1)",
    ),
)
TRUSTED_PUBLISHING = """\
name: Publish
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    environment:
      name: testpypi
    permissions:
      id-token: write
      contents: read
    steps:
      - uses: actions/checkout@v4
      - run: python -m pip install build && python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
"""
"""PyPI's trusted publishing: the job asks GitHub for an OIDC token, no secret in sight."""
GOOD: tuple[Case, ...] = (
    Case(files={"frontend/.env": FRONTEND_ENV}, note="keys made for the browser (blind check m1)"),
    Case(
        files={".github/workflows/publish.yml": TRUSTED_PUBLISHING},
        note="the permissions of a job (id-token: write), the secret-free way to publish "
        "(blind check m2)",
    ),
    Case(
        files={".github/workflows/test.yml": CI_WORKFLOW},
        note="a CI service container's password, and the job's to reach it (blind check e1)",
    ),
    Case(
        files={"app/cache.py": HEX_NOT_KEYS},
        note="hex under KEY names that no generator made: a pattern, and digits only",
    ),
    Case(
        files={".env": BOT_SETTINGS_ENV},
        note="identifiers, a commit and an address: random-looking, yet no keys",
    ),
    Case(
        files={".env": COMMENTED_PLACEHOLDERS_ENV},
        note="commented settings left to fill in, and prose about them",
    ),
    Case(files={".env": COMMENTED_VALUES_ENV}, note="a dotenv file's comments after a space"),
    Case(files={"Dockerfile": GOOD_DOCKERFILE}),
    Case(files={"requirements.txt": GOOD_REQUIREMENTS}),
    Case(files={"docker-compose.yml": GOOD_COMPOSE}),
    Case(
        files={"docker-compose.yml": GOOD_COMPOSE_DEFAULTS},
        note="fallbacks that are no secret: a flag, a stand-in, a local address, an error text",
    ),
    Case(
        files={".env.example": EXAMPLE_ENV},
        note="an example file's stand-in key typed with a run of digits (blind check corpus 98)",
    ),
    Case(
        files={"app/translate.py": CREDENTIALS_PATH},
        note="the path of a credentials file, not its content (blind check corpus 97)",
    ),
)
