"""Code blocks in the log carry the language of the file they quote, so a frontend fix's
TypeScript or a Makefile's recipe is shown as such (blind check m1)."""

from __future__ import annotations

import pytest

from mentorbot.markdown import fenced


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("frontend/src/App.tsx", "tsx"),
        ("web/src/components/Map.jsx", "jsx"),
        ("Frontend/src/App.vue", "vue"),
        ("notebooks/eda.ipynb", "python"),
        ("Makefile", "makefile"),
        ("deploy/Dockerfile", "dockerfile"),
        ("app/main.py", "python"),
    ],
)
def test_a_snippet_is_fenced_with_its_file_s_language(path: str, language: str) -> None:
    assert fenced("x = 1\n", path) == f"```{language}\nx = 1\n```"


def test_a_file_of_no_known_language_gets_a_plain_fence() -> None:
    assert fenced("KEY=\n", ".env") == "```\nKEY=\n```"
