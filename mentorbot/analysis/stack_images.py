"""The images a project runs on, read from its Dockerfiles and compose files: each ``FROM``
image but the build's own stages, and each service's ``image`` but the one a service builds."""

from __future__ import annotations

import re


def dockerfile_images(text: str) -> list[str]:
    """The images a Dockerfile's stages start from (``FROM python:3.12-slim AS base``), not
    its own earlier stages nor ``scratch``."""
    images: list[str] = []
    stages: set[str] = set()
    for line in text.splitlines():
        words = line.split()
        if len(words) < 2 or words[0].upper() != "FROM":
            continue
        words = [word for word in words[1:] if not word.startswith("--")]
        if not words:
            continue
        if len(words) >= 3 and words[1].upper() == "AS":
            stages.add(words[2].lower())
        if words[0].lower() not in stages and words[0].lower() != "scratch":
            images.append(words[0])
    return images


_IMAGE_LINE = re.compile(r"^\s*image:\s*[\"']?([^\"'\s#]+)")
_KEY_LINE = re.compile(r"^(\s*)([\w.-]+):")


def compose_images(text: str) -> list[str]:
    """The images a compose file's services run, but not the name a service gives the image it
    builds itself (``build: .`` beside ``image: my-api``): that is the project, not a tool."""
    images: list[str] = []
    services: dict[int, tuple[str, bool]] = {}
    """Per indentation of an open mapping: its ``image`` and whether it has a ``build`` key."""

    def close(deeper_than: int) -> None:
        for indent in [indent for indent in services if indent > deeper_than]:
            image, builds = services.pop(indent)
            if image and not builds:
                images.append(image)

    for line in text.splitlines():
        key = _KEY_LINE.match(line)
        if key is None:
            continue
        indent = len(key.group(1))
        close(indent)
        image, builds = services.get(indent, ("", False))
        if (match := _IMAGE_LINE.match(line)) is not None:
            image = match.group(1)
        services[indent] = (image, builds or key.group(2) == "build")
    close(-1)
    return images


def image_name_and_tag(reference: str) -> tuple[str, str | None] | None:
    """An image reference's name, without Docker Hub's implied prefixes, and its tag (none for
    ``latest``); no image for a reference built from a variable."""
    reference = reference.strip("\"'").split("@", 1)[0]
    head, _, last = reference.rpartition("/")
    name, _, tag = last.partition(":")
    full = f"{head}/{name}" if head else name
    for prefix in ("docker.io/", "index.docker.io/", "library/"):
        full = full.removeprefix(prefix)
    if not full or "$" in full:
        return None
    return full.lower(), (tag if tag and "$" not in tag and tag != "latest" else None)
