"""Code a framework wrote is not the learner's skill evidence: the modules Django's
``startproject`` and ``startapp`` write, as Alembic's ``env.py`` already was not."""

from __future__ import annotations

from mentorbot.domain import SkillArea
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills

MANAGE = b"""\
#!/usr/bin/env python
\"\"\"Django's command-line utility for administrative tasks.\"\"\"
import os
import sys


def main():
    \"\"\"Run administrative tasks.\"\"\"
    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'todolist.settings')
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == '__main__':
    main()
"""
WSGI = b"""\
\"\"\"
WSGI config for todolist project.

It exposes the WSGI callable as a module-level variable named ``application``.
\"\"\"

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'todolist.settings')

application = get_wsgi_application()
"""
APPS = b"""\
from django.apps import AppConfig


class TasksConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'tasks'
"""
VIEWS = b"""\
\"\"\"The task list's pages.\"\"\"

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tasks.models import Task


def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = Task.objects.get(pk=task_id)
    except Task.DoesNotExist:
        raise Http404("No such task")
    return render(request, "tasks/detail.html", {"task": task})


def complete_task(request: HttpRequest, task_id: int) -> HttpResponse:
    Task.objects.filter(pk=task_id).update(done=True)
    return redirect("task_list")
"""
MODELS = b"""\
\"\"\"What a task list stores.\"\"\"

from django.db import models


class Task(models.Model):
    title = models.CharField(max_length=200)
    done = models.BooleanField(default=False)
"""
STARTPROJECT = {
    "manage.py": MANAGE,
    "todolist/__init__.py": b"",
    "todolist/wsgi.py": WSGI,
    "todolist/asgi.py": WSGI.replace(b"WSGI", b"ASGI").replace(b"wsgi", b"asgi"),
    "tasks/__init__.py": b"",
    "tasks/apps.py": APPS,
    "tasks/models.py": MODELS,
    "tasks/views.py": VIEWS,
}


def areas_of(sources: dict[str, bytes]) -> dict[str, SkillArea]:
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    return {area.key: area for area in matrix.areas}


def cited_paths(area: SkillArea) -> set[str]:
    cells = (area.understanding, area.practice, area.code_quality, area.best_practice)
    return {evidence.path for cell in cells for evidence in cell.evidence if evidence.path}


def test_djangos_manage_py_is_not_the_learners_error_handling() -> None:
    """The ``try: from django.core.management import ... except ImportError`` that startproject
    writes into ``manage.py`` was cited as the learner's error handling ("e.g. manage.py:10")
    and made a third error-handling site, lifting the practice to good (blind check d2)."""
    errors = areas_of(STARTPROJECT)["error-handling"]

    assert "manage.py" not in cited_paths(errors)
    assert errors.practice.rubric == "error-handling.practice.partial"
    assert [e.cite() for e in errors.practice.evidence] == [
        "tasks/views.py:10",
        "tasks/views.py:13",
    ]
    alone = areas_of({"manage.py": MANAGE, "todolist/wsgi.py": WSGI})["error-handling"]
    assert alone.understanding.rubric == "error-handling.understanding.unseen"


def test_djangos_generated_modules_are_not_the_learners_code_quality() -> None:
    """The docstrings startproject writes (``manage.py``, ``wsgi.py``, ``asgi.py``) counted as
    the learner's documented modules, ``manage.py``'s ``main`` as an unannotated function and
    startapp's ``apps.py`` as a module left without a docstring."""
    quality = areas_of(STARTPROJECT)["code-quality"]
    generated = {"manage.py", "todolist/wsgi.py", "todolist/asgi.py", "tasks/apps.py"}

    assert cited_paths(quality) & generated == set()
    assert [e.note for e in quality.understanding.evidence] == ["annotated-functions 2/2"]


def test_a_manage_py_or_apps_py_the_learner_wrote_still_counts() -> None:
    """Only Django's own shape is generated: a Flask app's ``manage.py`` is the learner's
    script, and an ``apps.py`` whose ``ready()`` connects the app's signals holds their code."""
    flask_manage = (
        b"from app import create_app, db\n\n\n"
        b"def reset() -> None:\n    app = create_app()\n    with app.app_context():\n"
        b"        try:\n            db.drop_all()\n        except Exception as error:\n"
        b"            print(f'could not drop: {error}')\n        db.create_all()\n"
    )
    own_apps = APPS + b"\n    def ready(self) -> None:\n        from tasks import signals  # noqa\n"

    errors = areas_of({"manage.py": flask_manage})["error-handling"]
    quality = areas_of({"tasks/apps.py": own_apps})["code-quality"]

    assert [e.cite() for e in errors.understanding.evidence] == ["manage.py:7"]
    assert "tasks/apps.py" in cited_paths(quality)
