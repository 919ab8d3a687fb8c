"""MB107's cases of keys known by their format wherever they sit, and of files known by name:
a PyPI token on a Makefile's command line or in twine's ``.pypirc``, a Dropbox token under a
name that says nothing, a bot's token alone in a ``token.txt``; and the strings, lists, and notes
that hold no key of the learner's (blind checks p1, t1)."""

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
)
