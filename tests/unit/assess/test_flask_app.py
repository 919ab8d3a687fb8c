"""A Flask learner's app: its routes are credited and tested for, with Flask's own words."""

from __future__ import annotations

from pathlib import Path

from mentorbot.achievements import find_achievements
from mentorbot.domain import SkillArea
from tests.unit.assess.scenarios import plan_files

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
    planned = plan_files(tmp_path, BLOG)
    findings = planned.findings

    [missing] = [f for f in findings if f.rule == "MB105"]
    assert (missing.path, missing.line, missing.message.en) == (
        "app/posts.py",
        9,
        "no tests found, while the project has 2 routes",
    )
    found = find_achievements(planned.analyses, planned.stack, list(BLOG), [])
    achievements = {a.kind: a for a in found}
    assert achievements["flask-routes"].title.en == "2 Flask routes across 1 file"
    assert [e.cite() for e in achievements["flask-routes"].evidence] == [
        "app/posts.py:9",
        "app/posts.py:14",
    ]
    assert "endpoints" not in achievements
    assert {a.key: a.score for a in planned.skills.areas}["fastapi"] == 0
    [tests_task] = [t for t in planned.plan.tasks if t.text.en.startswith("Add tests")]
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
    plan = plan_files(tmp_path, blog).plan

    [task] = [t for t in plan.tasks if "first migration" in t.text.en]
    assert task.text.en == (
        "Add a first migration with Flask-Migrate (`flask db init`, `flask db migrate`) for the "
        "models in app/models.py (Post), and change the schema only through migrations from "
        "then on"
    )
    assert task.check is not None and task.check.signal == "alembic-op"


MENU_APP = b"""\
import os

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
db = SQLAlchemy(app)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    rows = db.session.execute(text(f"SELECT id FROM menu WHERE name LIKE '%{term}%'")).fetchall()
    return jsonify([row.id for row in rows])
"""


def _config(tmp_path: Path, sources: dict[str, bytes]) -> SkillArea:
    planned = plan_files(tmp_path, sources)
    return next(area for area in planned.skills.areas if area.key == "config-containers")


def test_a_query_in_a_single_file_app_is_no_flaw_of_its_config(tmp_path: Path) -> None:
    """A single-file Flask app that reads os.environ: an f-string query in a route turned
    "Config, containers and CI" code quality to ❌ and listed config among the levels that
    dropped (blind check m1). A secret written in that file is still config's flaw, and every
    finding of a module that only configures counts."""
    sources = {"app.py": MENU_APP, "requirements.txt": b"flask==3.1.0\n"}

    quality = _config(tmp_path / "sql", sources).code_quality
    with_secret = _config(
        tmp_path / "secret",
        {
            **sources,
            "app.py": MENU_APP.replace(
                b"db = SQL", b'app.secret_key = "s3cr3t-Pa55w0rd!x"\ndb = SQL'
            ),
        },
    ).code_quality
    config_module = _config(
        tmp_path / "module",
        {"config.py": b"import os\nimport sys\n\nDATABASE_URL = os.environ['DATABASE_URL']\n"},
    ).code_quality

    assert quality.rubric == "config-containers.code_quality.good"
    assert with_secret.rubric == "config-containers.code_quality.missing"
    assert [evidence.cite() for evidence in with_secret.evidence] == ["app.py:9"]
    assert config_module.rubric == "config-containers.code_quality.partial"
    assert [evidence.cite() for evidence in config_module.evidence] == ["config.py:2"]
