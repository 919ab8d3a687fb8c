"""Routes public by design in a Flask app whose other writes are behind ``@login_required``, and
how the plan names the one left open (blind check c2)."""

from __future__ import annotations

from mentorbot.curriculum.loader import load_curriculum
from mentorbot.planning import make_plan
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills

WEIBO = """\
from flask import Flask, redirect
from flask_login import login_required

app = Flask(__name__)


@app.route("{path}", methods=["GET", "POST"])
def {name}():
    return redirect("/login")


@app.route("/make_article", methods=["POST"])
@login_required
def make_article():
    return redirect("/")


@app.route("/comment/<int:article_id>", methods=["POST"])
@login_required
def comment(article_id):
    return redirect("/")
"""
OPEN_DELETE = """

@app.route("/article/<int:article_id>/delete", methods=["POST"])
def delete_article(article_id):
    return redirect("/")
"""


def _open_to_anyone(source: str) -> list[tuple[str, str]]:
    """The plan's sentences naming routes that change data with no auth, (zh, en)."""
    sources = {"app.py": source.encode()}
    analyses = analyze_sources(sources)
    skills = assess_skills(analyses, [], [], sorted(sources), [])
    plan = make_plan(skills, [], analyses, [], sorted(sources), load_curriculum())
    return [(item.zh, item.en) for item in plan.improvements if "no auth" in item.en]


def test_a_registration_route_is_public_by_design_in_any_spelling() -> None:
    for path, name in [
        ("/regist", "regist"),
        ("/registration", "registration"),
        ("/signup", "signup"),
        ("/sign_up", "sign_up"),
        ("/sign-up", "page"),
    ]:
        assert _open_to_anyone(WEIBO.format(path=path, name=name)) == [], path


def test_a_registry_is_no_registration() -> None:
    [(_, en)] = _open_to_anyone(WEIBO.format(path="/registry/update", name="update_registry"))
    assert "app.py:8" in en


def test_one_open_route_is_named_in_the_singular_and_two_in_the_plural() -> None:
    [(zh, en)] = _open_to_anyone(WEIBO.format(path="/regist", name="regist") + OPEN_DELETE)
    assert "这个会改数据的路由没有任何认证，而其他的都有：app.py:25" in zh
    assert "this route changes data with no auth, while the others have it: app.py:25" in en

    two = WEIBO.format(path="/article/new", name="add_article") + OPEN_DELETE
    [(zh, en)] = _open_to_anyone(two)
    assert "这些会改数据的路由或视图没有任何认证，而其他的都有：app.py:8, app.py:25" in zh
    assert "these routes or views change data with no auth" in en
