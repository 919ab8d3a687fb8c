"""Files the secret scan reads by their name (a Makefile, twine's ``.pypirc``)
and what MB107 tells the learner to do there (blind check p1)."""

from __future__ import annotations

import pytest

from mentorbot.rules._secret_file_name_cases import PYPI_TOKEN
from mentorbot.rules.engine import analyze_text_file
from mentorbot.rules.secret_paths import is_secret_scan_candidate
from mentorbot.rules.secret_patterns import MARK


@pytest.mark.parametrize(
    "path",
    [
        "Makefile",
        "tools/GNUmakefile",
        ".pypirc",
    ],
)
def test_files_named_for_their_secrets_are_scanned(path: str) -> None:
    assert is_secret_scan_candidate(path)


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
