"""The docstring habit is judged on the modules that hold code: an empty ``__init__.py`` only
marks a package (blind check h2)."""

from __future__ import annotations

from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills


def test_empty_package_markers_are_neither_gaps_nor_where_docstrings_start() -> None:
    """ "Start in app/__init__.py, app/core/__init__.py" named three empty files as where to add
    module docstrings, and counted them as undocumented modules (blind check h2)."""
    files = {
        "app/__init__.py": b"",
        "app/core/__init__.py": b"",
        "app/core/chain/__init__.py": b"from .chain_main import reply\n",
        "app/core/chain/chain_main.py": b"def reply(text):\n    return text\n",
        "app/routers/chat.py": b"class ChatIn:\n    pass\n\n\ndef chat(body):\n    return body\n",
        "app/views.py": b'"""Views of the app."""\n\n\ndef index(request):\n    return None\n',
    }
    matrix = assess_skills(analyze_sources(files), [], [], sorted(files), [])
    quality = next(area for area in matrix.areas if area.key == "code-quality")

    assert quality.practice.level == "partial"
    assert [(e.path, e.note) for e in quality.practice.evidence] == [
        ("app/views.py", "module"),
        ("app/routers/chat.py", "no-docstring"),
        ("app/core/chain/chain_main.py", "no-docstring"),
    ]
    documented = {
        **files,
        "app/core/chain/chain_main.py": b'"""Replies."""\n' + files["app/core/chain/chain_main.py"],
    }
    matrix = assess_skills(analyze_sources(documented), [], [], sorted(documented), [])
    quality = next(area for area in matrix.areas if area.key == "code-quality")
    assert quality.practice.level == "good"
