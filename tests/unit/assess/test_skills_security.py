"""The security cells of the skill matrix: guarded routes, secrets and password hashing."""

from __future__ import annotations

from mentorbot.domain import Signal, SkillArea
from mentorbot.rules.review import analyze_sources
from mentorbot.skills import assess_skills, rubric_line
from tests.unit.assess.scenarios import (
    Scan,
    analysis,
    assess,
    cites,
    covered_api,
    finding,
    module,
    route,
    sig,
    task_api,
)


def _security_with(
    *depends: Signal, routes: tuple[Signal, ...] = (), router: tuple[Signal, ...] = ()
) -> SkillArea:
    """The task API with ``depends`` added to its routes' module, plus a todos router holding
    ``routes`` and ``router``'s signals."""
    scan = task_api()
    scan.analyses = [
        analysis(item.path, *item.signals, *depends) if item.path == "app/main.py" else item
        for item in scan.analyses
    ]
    if routes or router:
        scan.analyses.append(analysis("app/routers/todos.py", *routes, *router))
        scan.paths.append("app/routers/todos.py")
    return assess(scan)["security"]


def _guarding_task_writes(name: str) -> tuple[Signal, ...]:
    """``name`` as a dependency of the task API's two routes that change data."""
    return (
        sig("depends", 21, name, function="create_task"),
        sig("depends", 48, name, function="delete_task"),
    )


def test_routes_guarded_by_a_library_scheme_count_as_authentication() -> None:
    def security_with(*names: str) -> SkillArea:
        return _security_with(*(guard for name in names for guard in _guarding_task_writes(name)))

    guarded = security_with("current_logged_user")
    assert (guarded.practice.rubric, guarded.best_practice.rubric) == (
        "security.practice.partial",
        "security.best_practice.good",
    )
    assert cites(guarded.practice) == ["app/main.py:21", "app/main.py:48"]

    bearer = security_with("JWTBearer()")
    assert bearer.best_practice.rubric == "security.best_practice.good"

    data_only = security_with("get_user_db", "get_user_service")
    assert (data_only.practice.rubric, data_only.best_practice.rubric) == (
        "security.practice.unseen",
        "security.best_practice.unseen",
    )


def test_a_dependency_that_depends_on_auth_guards_the_routes_using_it() -> None:
    """``dependencies=[Depends(get_current_staff)]`` guards: ``get_current_staff`` itself takes
    ``Depends(get_current_user)``; its name alone says nothing of auth."""
    staff = sig("depends", 36, "get_current_user", function="get_current_staff")
    guarded = _security_with(
        staff,
        *(
            sig("depends", line, "deps.get_current_staff", function=route)
            for line, route in ((19, "create_task"), (46, "delete_task"))
        ),
    )
    assert guarded.best_practice.rubric == "security.best_practice.good"


def test_auth_on_some_routes_leaves_the_routes_that_change_data_without_it_named() -> None:
    """ "Auth is enforced through Depends" was said of an app whose DELETE route took no
    credentials at all; the cell now names it."""
    security = _security_with(sig("depends", 21, "get_current_user", function="create_task"))

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert [(e.cite(), e.note) for e in security.best_practice.evidence] == [
        ("app/main.py:21", "depends get_current_user"),
        ("app/main.py:47", "unguarded-route DELETE /tasks/{task_id}"),
    ]
    line = rubric_line(security.best_practice.rubric)
    assert "some routes or views that change data take no credentials" in line.en
    assert "修改数据的路由或视图不需要任何凭证" in line.zh


def test_auth_declared_at_module_level_may_guard_any_route_so_none_is_called_open() -> None:
    router_wide = _security_with(
        routes=(route(12, "delete_todo", "DELETE", "/todos/{todo_id}"),),
        router=(sig("depends", 5, "verify_token", function=""),),
    )
    assert router_wide.best_practice.rubric == "security.best_practice.good"

    anywhere = assess(
        Scan(
            [
                *task_api().analyses,
                analysis("app/deps.py", sig("depends", 9, "get_current_user", function="")),
            ],
            [],
            [],
            ["app/main.py", "app/deps.py"],
        )
    )["security"]
    assert anywhere.best_practice.rubric == "security.best_practice.good"


def test_sign_up_login_and_health_routes_stay_public_by_design() -> None:
    public = (
        route(30, "register", "POST", "/users"),
        route(40, "issue_token", "POST", "/auth/token"),
        route(45, "create_new_user", "POST", "/create"),
        route(50, "reset", "POST", "/password-reset"),
        route(60, "ping", "POST", "/healthz"),
        route(70, "update_user", "PUT", "/users/{user_id}"),
        # Email verification: an unverified user cannot log in yet (blind check k1).
        route(75, "verified_user", "POST", "/users/verified"),
        route(80, "resend_code", "POST", "/users/resend-code"),
        route(85, "send_link", "POST", "/email/verification"),
        route(90, "resend_invoice", "POST", "/invoices/{invoice_id}/resend"),
    )
    security = _security_with(*_guarding_task_writes("get_current_user"), routes=public)

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert [e.note for e in security.best_practice.evidence][1:] == [
        "unguarded-route PUT /users/{user_id}",
        "unguarded-route POST /invoices/{invoice_id}/resend",
    ]


def test_a_get_route_that_deletes_changes_data_all_the_same() -> None:
    """``GET /delete/{short_id}`` with no auth was passed over as a read: the log said every
    route that changes data needs auth (blind check corpus 60)."""
    routes = (
        route(84, "delete_content", "GET", "/delete/{short_id}"),
        route(90, "read_content", "GET", "/links/{short_id}"),
        route(96, "get_last_update", "GET", "/updates/latest"),
    )
    security = _security_with(*_guarding_task_writes("get_current_user"), routes=routes)

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert [e.note for e in security.best_practice.evidence][1:] == [
        "unguarded-route GET /delete/{short_id}"
    ]


def test_security_without_findings_cites_where_config_is_read_not_any_module() -> None:
    """ "Security: src/app/__init__.py: module" showed the learner nothing about security."""
    security = assess(covered_api())["security"]

    assert security.code_quality.rubric == "security.code_quality.good"
    assert cites(security.code_quality) == ["app/config.py:8"]


def test_committed_env_file_and_hardcoded_secret() -> None:
    scan = Scan(
        analyses=[
            analysis("app/main.py", module(1, 1, True), sig("app", 3, "app", type="FastAPI"))
        ],
        findings=[finding("MB107", "hardcoded-secret", "high", "app/main.py", 5)],
        stack=[],
        paths=[".env", "app/main.py"],
    )
    areas = assess(scan)

    assert (
        areas["config-containers"].best_practice.rubric == "config-containers.best_practice.missing"
    )
    assert cites(areas["config-containers"].best_practice) == [".env"]
    security = areas["security"]
    assert security.understanding.rubric == "security.understanding.missing"
    assert cites(security.understanding) == ["app/main.py:5"]
    assert security.code_quality.rubric == "security.code_quality.missing"


def test_password_in_a_compose_file_counts_against_config_and_containers() -> None:
    """The compose file is the area's code: its hard-coded password fails the code-quality cell,
    while the same repo without that finding passes it."""
    settings = analysis("app/config.py", module(1, 1, True), sig("settings", 4, "Settings"))
    paths = ["app/config.py", "Dockerfile", "docker-compose.yml", ".env.example"]
    secret = finding("MB107", "hardcoded-secret", "high", "docker-compose.yml", 7)

    with_secret = assess(Scan([settings], [secret], [], paths))["config-containers"]
    without = assess(Scan([settings], [], [], paths))["config-containers"]

    assert with_secret.code_quality.rubric == "config-containers.code_quality.missing"
    assert cites(with_secret.code_quality) == ["docker-compose.yml:7"]
    assert with_secret.practice.level == "good"
    assert without.code_quality.rubric == "config-containers.code_quality.good"


def test_an_example_env_file_counts_whatever_its_separator() -> None:
    """``.env-example`` beside a settings class is the good practice; the log had said there was
    only one of the two (blind check corpus 91). A committed ``.env.prod`` is no example."""
    settings = analysis("app/config.py", module(1, 1, True), sig("settings", 4, "Settings"))

    for example in (".env-example", ".env_sample", "env.example", "deploy/.env.example"):
        config = assess(Scan([settings], [], [], ["app/config.py", example]))["config-containers"]
        assert config.best_practice.rubric == "config-containers.best_practice.good", example
        assert cites(config.best_practice) == ["app/config.py:4", example]
    other = assess(Scan([settings], [], [], ["app/config.py", ".env.prod"]))["config-containers"]
    assert other.best_practice.rubric == "config-containers.best_practice.partial"


def test_a_routers_auth_guards_its_own_file_and_leaves_other_routers_open() -> None:
    """``course_router = APIRouter(dependencies=[Depends(auth_required)])`` guarded the course
    routes; the log said every route that changes data needed auth, while the grade routes of
    another router took none (blind check corpus 21)."""
    sources = {
        "api/course.py": b"""\
from fastapi import APIRouter, Depends

from common.auth import auth_required

course_router = APIRouter(
    prefix="/course",
    dependencies=[Depends(auth_required)],
)


@course_router.post("/add")
def add_course(name: str) -> dict:
    return {"name": name}
""",
        "api/grade.py": b"""\
from fastapi import APIRouter

grade_router = APIRouter(prefix="/grade")


@grade_router.post("/add")
def add_grade(score: int) -> dict:
    return {"score": score}
""",
    }

    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert "api/grade.py:7" in cites(security.best_practice)
    assert not [c for c in cites(security.best_practice) if c.startswith("api/course.py:11")]
    # An alias declared beside a router is no router's guard: it may guard routes anywhere.
    aliased = sources | {
        "api/course.py": sources["api/course.py"]
        .replace(
            b"    dependencies=[Depends(auth_required)],\n)",
            b")\nCurrentUser = Annotated[dict, Depends(auth_required)]",
        )
        .replace(b"from fastapi import", b"from typing import Annotated\n\nfrom fastapi import")
    }
    matrix = assess_skills(analyze_sources(aliased), [], [], sorted(aliased), [])
    security = next(area for area in matrix.areas if area.key == "security")
    assert not [c for c in cites(security.best_practice) if c.startswith("api/grade.py")]


def test_passwords_hashed_with_sha256_are_no_security_best_practice() -> None:
    """An expense tracker stored ``hashlib.sha256(password.encode())`` and was told its
    security was proficient: a fast hash gives a leaked table up in no time."""
    sources = {
        "app/auth.py": b"import hashlib\n\nfrom fastapi.security import OAuth2PasswordBearer\n\n"
        b'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="login")\n\n\n'
        b"def hash_password(password: str) -> str:\n"
        b"    return hashlib.sha256(password.encode()).hexdigest()\n\n\n"
        b"def etag(body: bytes) -> str:\n"
        b"    return hashlib.md5(body).hexdigest()\n",
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.best_practice.rubric == "security.best_practice.missing"
    assert cites(security.best_practice) == ["app/auth.py:9"]


def test_a_sha256_pre_hash_before_bcrypt_is_no_fast_password_hash() -> None:
    """Long passwords shortened with ``hashlib.sha256`` before passlib's bcrypt, for its 72-byte
    limit: the log said passwords were stored with a fast hash (blind check corpus 88)."""
    sources = {
        "app/crud.py": b"import hashlib\n\nfrom passlib.context import CryptContext\n\n"
        b'pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")\n\n\n'
        b"def hash_password(password: str) -> str:\n"
        b'    if len(password.encode("utf-8")) > 72:\n'
        b'        password = hashlib.sha256(password.encode("utf-8")).hexdigest()\n'
        b"    return pwd_context.hash(password)\n",
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.best_practice.rubric != "security.best_practice.missing"


def test_keys_read_from_dotenv_values_are_config_handling() -> None:
    """A bot read its token with ``dotenv_values(".env")["BOT_TOKEN"]`` and was told there was
    "no config or secret handling" (blind check corpus 89)."""
    sources = {
        "bot_config.py": b"from dotenv import dotenv_values\n\n"
        b'token = dotenv_values(".env")["BOT_TOKEN"]\n'
        b'settings = dotenv_values(".env.shared")\n'
        b'admin_id = int(settings["ADMIN_ID"])\n',
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.understanding.rubric == "security.understanding.good"
    assert {"bot_config.py:3", "bot_config.py:5"} <= set(cites(security.understanding))


def test_keys_got_from_dotenv_values_are_config_handling() -> None:
    """``dotenv_values(".env").get("YOKABAI_TOKEN")``: Security understanding had been ❌ "no
    config or secret handling" (blind check t1)."""
    sources = {
        "main.py": b"from dotenv import dotenv_values\n\n"
        b'TOKEN = dotenv_values(".env").get("YOKABAI_TOKEN") or ""\n'
        b'shared = dotenv_values(".env.shared")\nowner = shared.get("OWNER_ID")\n',
    }
    matrix = assess_skills(analyze_sources(sources), [], [], sorted(sources), [])
    security = next(area for area in matrix.areas if area.key == "security")

    assert security.understanding.rubric == "security.understanding.good"
    assert {"main.py:3", "main.py:5"} <= set(cites(security.understanding))


FLASK_NOTES = b"""\
from flask import Flask, redirect
from flask_login import LoginManager, login_required
from werkzeug.security import check_password_hash

app = Flask(__name__)
manager = LoginManager(app)


@app.route("/login", methods=["GET", "POST"])
def login():
    return redirect("/")


@app.route("/notes", methods=["POST"])
@login_required
def add_note():
    return redirect("/")


@app.route("/notes/<int:note_id>/delete", methods=["POST"])
def delete_note(note_id):
    return redirect("/")
"""


def test_a_flask_app_guarded_by_login_required_is_judged_by_its_views() -> None:
    """A Flask app guarding its views with @login_required was told its auth was "not wired into
    routes through Depends" (blind check corpus 54); the view left open is the one to name."""
    analyses = analyze_sources({"app.py": FLASK_NOTES})
    security = assess(Scan(list(analyses), [], [], ["app.py"]))["security"]

    assert security.best_practice.rubric == "security.best_practice.partial"
    assert [(e.cite(), e.note) for e in security.best_practice.evidence] == [
        ("app.py:16", "flask-route add_note (POST /notes)"),
        ("app.py:21", "unguarded-route POST /notes/<int:note_id>/delete"),
    ]
    guarded_all = analyze_sources(
        {"app.py": FLASK_NOTES.replace(b"def delete_note", b"@login_required\ndef delete_note")}
    )
    assert assess(Scan(list(guarded_all), [], [], ["app.py"]))["security"].best_practice.rubric == (
        "security.best_practice.good"
    )
    line = rubric_line("security.best_practice.partial")
    assert "a decorator such as login_required" in line.en
    # Written above the route, login_required wraps what Flask has already registered: the
    # view it serves is open (blind check corpus 94).
    above = FLASK_NOTES.replace(
        b'@app.route("/notes", methods=["POST"])\n@login_required\n',
        b'@login_required\n@app.route("/notes", methods=["POST"])\n',
    ).replace(b"def delete_note", b"@login_required\ndef delete_note")
    misplaced = assess(Scan(list(analyze_sources({"app.py": above})), [], [], ["app.py"]))
    assert ("app.py:16", "unguarded-route POST /notes") in [
        (e.cite(), e.note) for e in misplaced["security"].best_practice.evidence
    ]


def test_a_dotenv_loaded_but_never_read_is_no_configuration() -> None:
    """``load_dotenv()`` with the database URL and JWT key written in the code: the security
    and config cells cited the call as the app reading its settings from the environment
    (blind check corpus 64). Beside a variable read, it still counts."""
    loaded = sig("env-config", 6, ".env")
    scan = task_api()
    scan.analyses.append(analysis("app/db.py", loaded))
    scan.paths.append("app/db.py")
    areas = assess(scan)

    assert areas["security"].understanding.rubric == "security.understanding.unseen"
    assert areas["config-containers"].understanding.rubric == (
        "config-containers.understanding.unseen"
    )

    scan.analyses.append(analysis("app/settings.py", sig("env-config", 3, "DATABASE_URL")))
    scan.paths.append("app/settings.py")
    read = assess(scan)
    assert read["security"].understanding.rubric == "security.understanding.good"
    assert "app/db.py:6" in cites(read["security"].understanding)
