"""What the walk skips by name or by its first lines: vendored and build output folders,
generated files, lock files."""

from __future__ import annotations

VENDORED_DIRS: frozenset[str] = frozenset(
    {
        "node_modules",
        "bower_components",
        "vendor",
        "third_party",
        ".venv",
        "venv",
        "site-packages",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".idea",
        ".vscode",
        ".eggs",
    }
)
BUILD_OUTPUT_DIRS: frozenset[str] = frozenset(
    {"dist", "build", ".next", ".nuxt", ".svelte-kit", ".output", ".angular", ".turbo"}
    | {".parcel-cache", ".vercel", ".expo", ".docusaurus"}
)
"""What a build writes (a Vite app's bundles, a wheel, Next.js's ``.next``, SvelteKit's
``.svelte-kit``): generated from the code beside it, so no one's code to review, nor vendored
code either (blind checks m1, m2: a committed ``.next`` was "javascript 1,470 lines")."""
GENERATED_SUFFIXES: tuple[str, ...] = ("_pb2.py", "_pb2_grpc.py", "_pb2.pyi", ".min.js", ".min.css")
GENERATED_MARKERS: tuple[bytes, ...] = (b"@generated", b"DO NOT EDIT")
GENERATED_MARKERS_ANY_CASE: tuple[bytes, ...] = (
    b"auto-generated",
    b"generated from reading ui file",
    b"created by: the resource compiler",
    b"changes made in this file will be lost",
)
"""Qt's pyuic5 / pyside6-uic forms and pyrcc5 resources say so in their own words: the next
run of the tool overwrites them (blind check u1)."""
LOCK_FILES: frozenset[str] = frozenset(
    {
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "pipfile.lock",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
    }
)
_HEADER_LINES = 5


def is_generated_name(name: str) -> bool:
    return name.endswith(GENERATED_SUFFIXES)


def has_generated_header(data: bytes) -> bool:
    head = b"\n".join(data[:4096].splitlines()[:_HEADER_LINES])
    lowered = head.lower()
    return any(marker in head for marker in GENERATED_MARKERS) or any(
        marker in lowered for marker in GENERATED_MARKERS_ANY_CASE
    )
