"""Files the secret scan reads by their name (a Makefile, twine's ``.pypirc``, a ``token.txt``)
and what MB107 tells the learner to do there; a key under a name the frontend's build ships to
the browser (``VITE_...``) has to leave the frontend, not only git (blind checks p1, t1, m1)."""

from __future__ import annotations

import pytest

from mentorbot.rules._secret_file_name_cases import FERNET_KEY, PYPI_TOKEN, TELEGRAM_TOKEN
from mentorbot.rules.engine import analyze_text_file
from mentorbot.rules.secret_paths import is_secret_scan_candidate
from mentorbot.rules.secret_patterns import MARK


@pytest.mark.parametrize(
    "path",
    [
        "Makefile",
        "tools/GNUmakefile",
        ".pypirc",
        "token.txt",
        "admin/token.txt",
        "secret.txt",
        "api_key.txt",
        "key.txt",
        "password.txt",
        "bot_token.txt",
    ],
)
def test_files_named_for_their_secrets_are_scanned(path: str) -> None:
    assert is_secret_scan_candidate(path)


@pytest.mark.parametrize(
    "path", ["README.txt", "notes.txt", "token_notes.txt", "monkey.txt", "docs/changelog.txt"]
)
def test_text_files_whose_names_say_no_secret_are_not(path: str) -> None:
    assert not is_secret_scan_candidate(path)


def test_a_key_alone_in_its_file_is_reported_hidden_and_told_to_leave_git() -> None:
    """``token.txt`` is the key moved out of the code, still committed (blind check t1)."""
    for path, value in (("token.txt", TELEGRAM_TOKEN), ("admin/key.txt", FERNET_KEY)):
        [found] = analyze_text_file(path, f"{value}\n".encode()).findings
        name = path.rsplit("/", 1)[-1]

        assert (found.rule, found.line, found.snippet) == ("MB107", 1, MARK)
        assert found.message.en.startswith(f"hardcoded secret in `{name}` (value redacted); ")
        assert "keep it out of git" in found.message.en
        assert "read the value from the environment" in found.message.en
        assert value not in found.message.en + found.message.zh


def test_a_long_file_named_for_tokens_is_a_list_not_a_secret() -> None:
    lines = "".join(f"{TELEGRAM_TOKEN[:-2]}{n:02d}\n" for n in range(30))
    assert analyze_text_file("tokens.txt", lines.encode()).findings == ()


def test_a_makefile_s_token_is_hidden_and_read_from_the_environment() -> None:
    makefile = f"publish:\n\ttwine upload -u __token__ -p {PYPI_TOKEN} dist/*\n"
    [found] = analyze_text_file("Makefile", makefile.encode()).findings

    assert found.line == 2
    assert found.snippet == f"twine upload -u __token__ -p {MARK} dist/*"
    assert found.message.en.endswith("read it from the environment")


def test_a_committed_pypirc_is_told_where_twine_reads_it() -> None:
    pypirc = f"[pypi]\nusername = __token__\npassword = {PYPI_TOKEN}\n"
    [found] = analyze_text_file(".pypirc", pypirc.encode()).findings

    assert (found.line, found.snippet) == (3, f"password = {MARK}")
    assert "~/.pypirc" in found.message.en
    assert "~/.pypirc" in found.message.zh
    assert "kaggle" not in found.message.en


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("VITE_GOOGLE_MAPS_API_KEY", "VITE_"),
        ("REACT_APP_OPENAI_API_KEY", "REACT_APP_"),
        ("NEXT_PUBLIC_WEATHER_API_KEY", "NEXT_PUBLIC_"),
        ("EXPO_PUBLIC_API_KEY", "EXPO_PUBLIC_"),
        ("PUBLIC_STRIPE_SECRET_KEY", "PUBLIC_"),
        ("VUE_APP_API_TOKEN", "VUE_APP_"),
    ],
)
def test_a_key_the_frontend_ships_to_every_browser_is_told_to_stay_on_the_server(
    name: str, prefix: str
) -> None:
    """Vite compiles every ``VITE_*`` variable into the bundle: a new key in an ignored
    ``.env`` would be published all the same (blind check m1)."""
    env = f"{name}=AIzaQx7Lm2Vb9Rt4Zp6Yn1Bc5Hd0JwKe3Fg8Us\n"
    [found] = analyze_text_file("frontend/.env", env.encode()).findings

    assert f"`{prefix}` variables are built into the JavaScript every visitor" in found.message.en
    assert "keep the key on the server" in found.message.en
    assert "have the browser call your backend" in found.message.en
    assert (
        f"`{prefix}` 开头的变量会在构建时打包进每个访客浏览器下载的 JavaScript" in found.message.zh
    )
    assert "把密钥留在服务器上" in found.message.zh


def test_a_backend_key_in_a_committed_env_keeps_its_advice() -> None:
    env = b"GOOGLE_MAPS_API_KEY=AIzaQx7Lm2Vb9Rt4Zp6Yn1Bc5Hd0JwKe3Fg8Us\n"
    [found] = analyze_text_file("backend/.env", env).findings

    assert "browser" not in found.message.en
    assert "this file is the environment itself" in found.message.en
