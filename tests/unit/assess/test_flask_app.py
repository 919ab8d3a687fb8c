"""A Flask learner's app: its routes are credited and tested for, with Flask's own words."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from mentorbot.analysis.stack import detect_stack
from mentorbot.curriculum.loader import load_curriculum
from mentorbot.planning import make_plan
from mentorbot.rules.review import analyze_sources, review_sources
from mentorbot.skills import assess_skills

BLOG = {
    "requirements.txt": b"Flask==3.0.3\nFlask-SQLAlchemy==3.1.1\n",
    "app/__init__.py": (
        b"from flask import Flask\n\nfrom app.posts import posts\n\n\n"
        b"def create_app() -> Flask:\n    app = Flask(__name__)\n"
        b"    app.register_blueprint(posts)\n    return app\n"
    ),
    "app/posts.py": (
        b"from flask import Blueprint, redirect, render_template, request, url_for\n\n"
        b'posts = Blueprint("posts", __name__, url_prefix="/posts")\nPOSTS: list[str] = []\n\n\n'
        b'@posts.route("/")\n@posts.route("/all")\ndef index() -> str:\n'
        b'    return render_template("index.html", posts=POSTS)\n\n\n'
        b'@posts.route("/new", methods=["GET", "POST"])\ndef create() -> str:\n'
        b'    if request.method == "POST":\n        POSTS.append(request.form["title"])\n'
        b'        return redirect(url_for("posts.index"))\n'
        b'    return render_template("new.html")\n'
    ),
}


def test_a_flask_blog_without_tests_is_credited_with_its_routes_and_asked_for_tests(
    tmp_path: Path,
) -> None:
    """A view under two ``@posts.route`` decorators is one route, cited once."""
    for path, data in BLOG.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    paths = list(BLOG)
    stack = detect_stack(tmp_path, paths)
    findings = review_sources(BLOG, stack)
    analyses = analyze_sources(BLOG)

    [missing] = [f for f in findings if f.rule == "MB105"]
    assert (missing.path, missing.line, missing.message.en) == (
        "app/posts.py",
        9,
        "no tests found, while the project has 2 routes",
    )
    achievements = {a.kind: a for a in find_achievements(analyses, stack, paths, [])}
    assert achievements["flask-routes"].title.en == "2 Flask routes across 1 file"
    assert [e.cite() for e in achievements["flask-routes"].evidence] == [
        "app/posts.py:9",
        "app/posts.py:14",
    ]
    assert "endpoints" not in achievements
    skills = assess_skills(analyses, findings, stack, paths, [])
    assert {a.key: a.score for a in skills.areas}["fastapi"] == 0
    plan = make_plan(skills, findings, analyses, stack, paths, load_curriculum(None))
    [tests_task] = [t for t in plan.tasks if t.text.en.startswith("Add tests")]
    assert tests_task.text.en == (
        "Add tests for the 2 routes in app/posts.py: use Flask's app.test_client(), one success "
        "case and one error case each"
    )
    assert "Flask 的 app.test_client()" in tests_task.text.zh


def test_a_flask_migrate_app_is_told_to_make_its_first_migration_with_flask_db(
    tmp_path: Path,
) -> None:
    blog = {
        **BLOG,
        "app/models.py": (
            b"from flask_migrate import Migrate\nfrom flask_sqlalchemy import SQLAlchemy\n\n"
            b"db = SQLAlchemy()\nmigrate = Migrate()\n\n\nclass Post(db.Model):\n"
            b"    id = db.Column(db.Integer, primary_key=True)\n"
        ),
    }
    for path, data in blog.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    paths = list(blog)
    stack = detect_stack(tmp_path, paths)
    findings = review_sources(blog, stack)
    analyses = analyze_sources(blog)
    skills = assess_skills(analyses, findings, stack, paths, [])
    plan = make_plan(skills, findings, analyses, stack, paths, load_curriculum(None))

    [task] = [t for t in plan.tasks if "first migration" in t.text.en]
    assert task.text.en == (
        "Add a first migration with Flask-Migrate (`flask db init`, `flask db migrate`) for the "
        "models in app/models.py (Post), and change the schema only through migrations from "
        "then on"
    )
    assert task.check is not None and task.check.signal == "alembic-op"
