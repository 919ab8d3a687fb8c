"""What a file imports, as the cross-file rules read it: the names it takes from other modules,
and the project modules it imports whole, which may call any of their functions."""

from __future__ import annotations

from mentorbot.rules._reexports import IMPORTS_SIGNAL, MODULES_KEY, TARGETS_KEY
from mentorbot.rules.engine import analyze_python_file

MAIN = b"""\
import json
import os.path

import app.database
from app.models import Base
from app.routes import *
"""


def test_modules_imported_whole_are_the_projects_and_its_libraries_not_the_stdlib() -> None:
    """``import os.path`` passed the standard-library filter (only ``os`` is in it), and an
    operator's precedence let every plain ``import json`` through."""
    [signal] = [s for s in analyze_python_file("main.py", MAIN).signals if s.kind == IMPORTS_SIGNAL]

    assert signal.data[MODULES_KEY] == "app.database,app.routes"
    assert signal.data[TARGETS_KEY] == "app.models.Base"
