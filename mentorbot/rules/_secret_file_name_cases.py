"""MB107's cases of keys known by their format wherever they sit, and of files known by name:
a PyPI token on a Makefile's command line or in twine's ``.pypirc``, a Dropbox token under a
name that says nothing, a bot's token alone in a ``token.txt``; and the strings, lists, notes
and scraped signed links that hold no key of the learner's (blind checks p1, t1, s1)."""

from __future__ import annotations

from mentorbot.rules.base import Case

PYPI_TOKEN = (
    "pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLWZha2UtNDAwMC04MDAwLTAwMDAwMDAwMDAwMAACKlszLCJmYWtl"
    "LXRva2VuLW1hZGUtdXAtZm9yLXRoZS10ZXN0cyJdAAAGIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
)
"""A PyPI token's shape (a macaroon for ``pypi.org``), made up: its caveat reads "fake-token"."""
DROPBOX_TOKEN = "sl.B" + "Qx7fAk3T0kEn-M4dEuPf0rTh3T3sts_Zr9KfLm4PcVd8sHyGe1JuAo6Ni3Xb5Qw0RtYz" * 2
TELEGRAM_TOKEN = "5871230496:AAF4kq9Zx-3Lw8PqR2tYv6Nb1Mc5Jd0Ks7U"
FERNET_KEY = "Zx9Lq3Vb7Nc1Wy5Hs8DgJ2ePaU6mKt4R0fTo_wE1bQ="

MAKEFILE = f"""\
.PHONY: build publish

build:
\tpython -m build

publish: build
\ttwine upload -u __token__ -p {PYPI_TOKEN} dist/*
"""
GOOD_MAKEFILE = """\
DB_PASSWORD ?= postgres
SECRET_KEY = dev-only-secret

run:
\tSECRET_KEY=$(SECRET_KEY) uvicorn app.main:app --reload

publish:
\ttwine upload -u __token__ -p $(PYPI_TOKEN) dist/*
"""
"""Local defaults a Makefile gives a dev server, and a token read from the environment."""
PYPIRC = f"""\
[distutils]
index-servers =
    pypi

[pypi]
username = __token__
password = {PYPI_TOKEN}
"""
GOOD_PYPIRC = """\
[distutils]
index-servers =
    pypi
    testpypi

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
"""
RENAMED_DROPBOX = f"""\
import dropbox

_DEFAULT_AUTH = "{DROPBOX_TOKEN}"


def upload_log(path: str) -> None:
    dbx = dropbox.Dropbox(_DEFAULT_AUTH)
    with open(path, "rb") as fh:
        dbx.files_upload(fh.read(), "/backup/app.log")
"""
"""The token left under a name that no longer says so (blind check p1)."""
LONG_NAME = "sl." + "Slovenian_Locale_Setting_" * 6
NOT_DROPBOX = f"""\
LOCALE = "sl.SI"
STYLESHEET = "sl.theme-dark.min.css"
LABEL = "{LONG_NAME}"
"""
"""Strings opening with ``sl.`` that are a locale, a file and a name: no mixed random run."""

SIGNED_COVER = (
    "https://covers.s3.amazonaws.com/{n}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=ASIAQ3EGRTZ712345678%2F20240302%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20240302T101500Z&X-Amz-Expires=900"
    "&X-Amz-Signature=9c1f4e7a2b5d8c3f6a9e2d5b8c1f4a7e0d3b6c9f2a5e8d1b4c7f0a3e6d9c2b5f"
)
SIGNED_POSTER = (
    "https://d111111abcdef8.cloudfront.net/posters/{n}.jpg?Expires=1717000000"
    "&Signature=Qm9vS3Rv~U2NyYXBl-Q3Jz9kL2mN4pQ7rS1tU5vW8xY0zA3bC6dE9fG2hJ5kL8mN1pQ4r"
    "&Key-Pair-Id=K2JCJMDEHXQW5F"
)
SCRAPED_COVERS = (
    "[\n"
    + ",\n".join(
        f' {{"title": "Book {n}", "image": "{SIGNED_COVER.format(n=n)}", '
        f'"poster": "{SIGNED_POSTER.format(n=n)}"}}'
        for n in range(3)
    )
    + "\n]\n"
)
"""A scraper's output: links S3 and CloudFront signed for the page's visitors (blind check s1)."""

BAD: tuple[Case, ...] = (
    Case(
        files={"Makefile": MAKEFILE},
        hits=(("Makefile", 7),),
        note="a PyPI token on a recipe's command line (blind check p1)",
    ),
    Case(
        files={".pypirc": PYPIRC},
        hits=((".pypirc", 7),),
        note="twine's config, committed with the token it uploads with (blind check p1)",
    ),
    Case(
        files={"src/shiv_cli/backup.py": RENAMED_DROPBOX},
        hits=(("src/shiv_cli/backup.py", 3),),
        note="a Dropbox token by its shape, under a name that says nothing (blind check p1)",
    ),
    Case(
        files={"token.txt": f"{TELEGRAM_TOKEN}\n", "admin/key.txt": f"{FERNET_KEY}\n"},
        hits=(("token.txt", 1), ("admin/key.txt", 1)),
        note="a bot's token and a generated key alone in files named for them (blind check t1)",
    ),
)
GOOD: tuple[Case, ...] = (
    Case(
        files={"Makefile": GOOD_MAKEFILE, ".pypirc": GOOD_PYPIRC},
        note="a Makefile's local defaults and a token from the environment; a .pypirc with none",
    ),
    Case(files={"app/settings.py": NOT_DROPBOX}, note="strings that only open with sl."),
    Case(
        files={
            "token.txt": "PUT-YOUR-BOT-TOKEN-HERE\n",
            "passwords.txt": "Zx9Lq3Vb7Nc1Wy5Hs8Dg\nJ2ePaU6mKt4R0fTowq1x\nHs8DgJ2ePaU6mKt4R0fT\n",
            "notes.txt": f"{FERNET_KEY}\n",
            "README.txt": f"{FERNET_KEY}\n",
        },
        note="a slot to fill in, a generator's list, and files whose names say no secret",
    ),
    Case(
        files={"spiderP/audible_covers.json": SCRAPED_COVERS},
        note="signed links a scraper saved: the page's, not the learner's keys (blind check s1)",
    ),
)
