"""What a file imports, as the cross-file rules read it: the names it takes from other modules,
and the project modules it imports whole, which may call any of their functions."""

from __future__ import annotations

import ast

from mentorbot.rules._reexports import IMPORTS_SIGNAL, MODULES_KEY, TARGETS_KEY
from mentorbot.rules.base import FileContext
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


STARRED = """\
from .db import *
from .models import Note


def create(title, _draft=None):
    try:
        note = Note(title=title)
        admin_db.add(note)
        admin_db.commit()
    except ValueError as error:
        print(error, _hidden)
    return [note for note in notes]
"""


def test_a_star_import_of_one_project_module_brings_the_names_the_file_reads_unbound() -> None:
    """``from db import *`` hid ``admin_db`` from every check that ``from db import admin_db``
    let see it (blind check l1). Names the file binds, builtins and private names are not the
    star's."""
    ctx = FileContext(path="app/notes.py", source=STARRED, lines=(), tree=ast.parse(STARRED))

    assert ctx.star_imports == {"admin_db": "app.db.admin_db", "notes": "app.db.notes"}
    assert ctx.imports["admin_db"] == "app.db.admin_db"
    assert ctx.imports["Note"] == "app.models.Note"


def test_several_star_imports_or_the_standard_librarys_leave_their_names_unresolved() -> None:
    """With two modules imported ``*`` the file alone does not say which gives a name; a
    standard-library module's star import is left as it was."""
    for source in (
        "from db import *\nfrom models import *\n\nadmin_db.commit()\n",
        "from time import *\n\nsleep(1)\n",
    ):
        ctx = FileContext(path="main.py", source=source, lines=(), tree=ast.parse(source))

        assert ctx.star_imports == {}
