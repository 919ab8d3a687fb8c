"""Docker's practices are for a project that runs in containers: a command-line app whose pip
freeze listed Docker's Python SDK was told to use multi-stage builds, while a project with a
Dockerfile and a compose file was told nothing about containers."""

from __future__ import annotations

from mentorbot.domain import StackItem
from mentorbot.planning import best_practices
from mentorbot.rules.engine import analyze_text_file

MULTI_STAGE = "Use multi-stage builds so the final image holds only what runs."


def _practices(*items: tuple[str, str]) -> list[str]:
    stack = [StackItem(name=name, category="library", source=source) for name, source in items]
    return [text.en for text in best_practices(stack)]


COMPOSE_ENV = (
    "Keep passwords out of the compose file: point env_file at a .env that stays out of git."
)


def test_a_dockerfile_brings_image_practices_and_a_compose_file_alone_compose_ones() -> None:
    """A project whose only container file was a compose file for its database was told to
    use multi-stage builds and a non-root user (blind check corpus 63)."""
    built = _practices(
        ("fastapi", "requirements.txt"), ("python", "Dockerfile"), ("postgres", "compose.yaml")
    )
    assert MULTI_STAGE in built
    assert COMPOSE_ENV not in built
    composed = _practices(("postgres", "docker-compose.yml"))
    assert MULTI_STAGE not in composed
    assert COMPOSE_ENV in composed


def test_dockers_python_sdk_in_a_pip_freeze_brings_none() -> None:
    frozen = _practices(("docker", "requirements.txt"), ("docker-compose", "requirements.txt"))
    assert MULTI_STAGE not in frozen


def test_compose_habits_the_file_follows_already_are_not_advised() -> None:
    """A compose file with an ``env_file`` and a database volume was told to use an env_file
    and to give the database a volume (blind check c2). The volume advice also asks for a
    healthcheck the app waits for: it stays until the file has that too."""
    volume = "Give the database a volume so its data outlives the container"
    stack = [StackItem(name="postgres", category="database", source="docker-compose.yml")]
    compose = (
        b"services:\n  db:\n    image: postgres:16\n    env_file: .env\n    volumes:\n"
        b"      - ./pgdata:/var/lib/postgresql/data\n"
    )
    healthy = compose + (
        b"    healthcheck:\n      test: pg_isready\n  api:\n    build: .\n    depends_on:\n"
        b"      db:\n        condition: service_healthy\n"
    )

    said = [
        text.en
        for text in best_practices(stack, [analyze_text_file("docker-compose.yml", compose)])
    ]
    assert COMPOSE_ENV not in said
    assert any(line.startswith(volume) for line in said)
    said = [
        text.en
        for text in best_practices(stack, [analyze_text_file("docker-compose.yml", healthy)])
    ]
    assert said == []


NON_ROOT = "Run as a non-root user in the container (a USER line in the Dockerfile)."
HEALTHCHECK = "Declare a HEALTHCHECK in the Dockerfile so Docker knows whether the app is alive."
DOCKERFILE = b"""\
FROM python:3.12-slim AS build
WORKDIR /app
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
RUN useradd --create-home app
COPY --from=build /wheels /wheels
RUN pip install /wheels/*
USER app
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
"""


def test_image_habits_the_dockerfile_follows_already_are_not_advised() -> None:
    """A Dockerfile with a USER was still told to "run as a non-root user" (blind check e1);
    one that switches back to root, or has none, is told."""
    stack = [StackItem(name="python", category="runtime", source="Dockerfile")]

    def said(dockerfile: bytes) -> list[str]:
        analyses = [analyze_text_file("Dockerfile", dockerfile)]
        return [text.en for text in best_practices(stack, analyses)]

    assert not {MULTI_STAGE, NON_ROOT, HEALTHCHECK} & set(said(DOCKERFILE))
    single = DOCKERFILE.split(b"\n\n", 1)[1].replace(b"USER app", b"USER root")
    without_check = single.replace(b"HEALTHCHECK", b"# HEALTHCHECK")
    assert {MULTI_STAGE, NON_ROOT, HEALTHCHECK} <= set(said(without_check))
