"""MB105: the project has an API, a bot, a data model or an LLM pipeline but not a single test.

Cross-file by nature: one finding for the whole project, placed where the application is created
(the first ``FastAPI()``), else at the first route, bot handler, model, agent graph or LLM call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mentorbot.analysis.python_facts_bots import distinct_handlers
from mentorbot.domain import Signal, Text
from mentorbot.rules import _missing_tests_cases as cases
from mentorbot.rules import _socket_test_cases as socket_cases
from mentorbot.rules import _test_named_cases as named
from mentorbot.rules.base import UNPARSED_TESTS_SIGNAL, Case, ProjectHit, Rule
from mentorbot.rules.project import ProjectView
from mentorbot.wording import count

TEST_FILE = re.compile(
    r"(^|/)(test_[^/]*|[^/]*_test|tests?)\.py$|(^|/)tests?/(?!.*(__init__|conftest)\.py$).*\.py$"
)


ROBOT_SUITE = ".robot"
ROUTE_KINDS = ("route", "flask-route", "sanic-route", "aiohttp-route")
"""FastAPI's, Flask's, Sanic's and aiohttp's routes: an aiohttp app's had gone unseen, and its
missing tests with them (blind check l1)."""
SOCKET_KIND = "socket-handler"
"""A websockets server's handler or a Socket.IO event handler: a realtime endpoint, whose
server had "no tests" unseen (blind check w1)."""


def _has_tests(project: ProjectView) -> bool:
    """A test function anywhere, a test file that does not parse but defines one, a test file
    too big to analyse, or a Robot Framework suite. A test file with no test in it is not a
    test: Django's ``startapp`` writes a ``tests.py`` that only says where tests would go, and a
    scratch script under ``tests/`` that does not parse is no test either."""
    if project.has("test-function") or project.has(UNPARSED_TESTS_SIGNAL):
        return True
    if any(path.endswith(ROBOT_SUITE) for path in project.paths):
        return True  # Robot Framework's suites test the API from outside (corpus 83)
    candidates = {path for path in project.paths if TEST_FILE.search(path)}
    if not candidates:
        return False
    return bool(candidates - {a.path for a in project.analyses})


def _check_project(project: ProjectView) -> Iterator[ProjectHit]:
    if _has_tests(project):
        return
    routes = _one_per_line(
        [found for kind in ROUTE_KINDS for found in _outside_tests(project, kind)]
    )
    # A GraphQL API's endpoints are its operations, one URL answering them all; shown at its
    # first query.
    sockets = _one_per_line(_outside_tests(project, SOCKET_KIND))
    operations = sorted(
        _outside_tests(project, "graphql-operation") or _outside_tests(project, "graphql-endpoint"),
        key=lambda found: found[1].data.get("operation") != "query",
    )
    models = _outside_tests(project, "orm-model")
    documents = _outside_tests(project, "document-model")
    views = _outside_tests(project, "django-view")
    # One per function, however many decorators and calls register it.
    handlers = distinct_handlers(
        [(path, handler) for path, handler in project.signals("bot-handler")], lambda pair: pair
    )
    handlers = _one_per_line([(p, s) for p, s in handlers if not project.in_tests(p)])
    if not (routes or sockets or operations or views or models or documents or handlers):
        # A Streamlit or command-line LLM app has no route, but its graph and its calls to the
        # model are code worth a test all the same (blind check corpus 74).
        graphs = _outside_tests(project, "agent-graph")
        llm_calls = _model_requests(_outside_tests(project, "llm-call"))
    else:
        graphs = llm_calls = []
    served = routes or sockets or operations or views or handlers
    if not (served or models or documents or graphs or llm_calls):
        return
    apps = [
        (path, signal)
        for path, signal in project.signals("app")
        if signal.data.get("type") == "FastAPI" and not project.in_tests(path)
    ]
    # "No tests" shown at a route named ``test`` (a health check) read as if it were one.
    shown = sorted(routes, key=lambda route: route[1].name.lower().startswith("test"))
    path, signal = (
        apps
        or shown
        or sockets
        or operations
        or handlers
        or models
        or views
        or documents
        or graphs
        or llm_calls
    )[0]
    what = _what_there_is(
        len(routes),
        len(models),
        len(handlers),
        len(documents),
        len(graphs),
        len(llm_calls),
        views=len(views),
        operations=len(operations),
        operation_noun=_operation_noun(operations),
        sockets=len(sockets),
    )
    yield ProjectHit(path, signal.line, {**what, **_fixtures_only(project)})


def _operation_noun(found: list[tuple[str, Signal]]) -> tuple[str, str]:
    """What the GraphQL API is counted by: its operations, or its endpoints where no operation
    was found (the schema in a module this review could not read)."""
    if found and found[0][1].kind == "graphql-endpoint":
        return "GraphQL endpoint", "个 GraphQL 接口"
    return "GraphQL operation", "个 GraphQL 操作"


def _model_requests(calls: list[tuple[str, Signal]]) -> list[tuple[str, Signal]]:
    """The LLM calls that ask the model, in a file that makes them: the client it builds them
    on (``OpenAI(...)``) is no call of its own, and "2 LLM calls" was one (blind check p1). A
    LangChain model built and then invoked (``ChatOpenAI(...)``) is the call of its file."""
    asking = {path for path, signal in calls if not signal.name[:1].isupper()}
    return [
        (path, signal)
        for path, signal in calls
        if path not in asking or not signal.name[:1].isupper()
    ]


def _one_per_line(found: list[tuple[str, Signal]]) -> list[tuple[str, Signal]]:
    """One signal per ``path:line``, the last of each, in the order their lines came first."""
    return list({(path, signal.line): (path, signal) for path, signal in found}.values())


def _outside_tests(project: ProjectView, kind: str) -> list[tuple[str, Signal]]:
    return [(path, signal) for path, signal in project.signals(kind) if not project.in_tests(path)]


def _fixtures_only(project: ProjectView) -> dict[str, str]:
    """A ``conftest.py`` already there: the learner started, so the message says what is
    missing from it rather than that nothing was seen."""
    conftests = sorted(path for path in project.paths if path.rsplit("/", 1)[-1] == "conftest.py")
    if not conftests:
        return {"beside_zh": "", "beside_en": ""}
    return {
        "beside_zh": f"（{conftests[0]} 里有夹具，但还没有一个测试函数）",
        "beside_en": f" ({conftests[0]} holds fixtures, but there is no test function yet)",
    }


def _what_there_is(
    routes: int,
    models: int,
    handlers: int = 0,
    documents: int = 0,
    graphs: int = 0,
    llm_calls: int = 0,
    *,
    views: int = 0,
    operations: int = 0,
    operation_noun: tuple[str, str] = ("GraphQL operation", "个 GraphQL 操作"),
    sockets: int = 0,
) -> dict[str, str]:
    """ "4 routes and 2 ORM models", "3 routes, 16 bot handlers and 7 ORM models", leaving out
    what there is none of."""
    counted = [  # the Chinese nouns with their measure words
        (routes, "route", "个路由"),
        (sockets, "realtime endpoint", "个实时端点"),
        (operations, *operation_noun),
        (views, "Django view", "个 Django 视图"),
        (handlers, "bot handler", "个机器人处理函数"),
        (models, "ORM model", "个 ORM 模型"),
        (documents, "document model", "个文档模型"),
        (graphs, "agent graph", "个 agent 图"),
        (llm_calls, "LLM call", "处大模型调用"),
    ]
    english = [count(number, noun) for number, noun, _ in counted if number]
    chinese = [f"{number} {noun}" for number, _, noun in counted if number]
    listed = ", ".join(english[:-1]) + " and " + english[-1] if len(english) > 1 else english[0]
    return {"what_en": listed, "what_zh": "、".join(chinese)}


RULE = Rule(
    id="MB105",
    name="missing-tests",
    category="missing-tests",
    severity="medium",
    area="testing",
    title=Text(zh="项目里还没有测试", en="The project has no tests"),
    explanation=Text(
        zh="项目已经有接口、机器人处理函数、数据模型或大模型流程，却没有任何测试。"
        "每次改动都只能靠手动点一遍来确认，改得越多越不敢动；"
        "而测试正是让你放心重构、放心升级依赖的安全网。",
        en="The project has endpoints, bot handlers, a data model or an LLM pipeline but no "
        "test at all. Every change can only be checked by clicking through by hand, and the "
        "more the code grows the scarier each change gets; tests are the safety net that lets "
        "you refactor and upgrade with confidence.",
    ),
    fix=Text(
        zh="新建 `tests/` 目录，装上 pytest，"
        "用 FastAPI 的 `TestClient`（或 httpx 的 `AsyncClient`）"
        "为最重要的两三个接口各写一个成功和一个失败的用例，然后把 `pytest` 加进日常流程。",
        en="Create a `tests/` folder, install pytest, and with FastAPI's `TestClient` (or httpx's "
        "`AsyncClient`) write one success and one failure case for your two or three most "
        "important endpoints; then make `pytest` part of your routine.",
    ),
    lesson=Text(
        zh="测试不是写完功能后的附加题，而是描述“这个功能应该怎样工作”的最精确的文档。从一个小测试开始就好。",
        en="Tests are not an extra after the feature is done; they are the most precise "
        "description of how the feature should behave. Starting with one small test is enough.",
    ),
    message=Text(
        zh="没有找到任何测试，而项目已有 {what_zh}{beside_zh}",
        en="no tests found, while the project has {what_en}{beside_en}",
    ),
    check_project=_check_project,
    bad=(
        Case(files={"app/main.py": cases.MAIN}, hits=(("app/main.py", 4),)),
        Case(
            files={"handlers/menu.py": cases.BOT_HANDLERS},
            hits=(("handlers/menu.py", 8),),
            note="a Telegram bot's handlers, with no test (blind check corpus 48)",
        ),
        Case(
            files={"db.py": named.QUIZ_DATABASE, "handlers/theory_test.py": named.THEORY_TEST},
            hits=(("handlers/theory_test.py", named.THEORY_TEST_HANDLER),),
            note="a quiz bot's handlers in theory_test.py, which holds no test (blind check t2)",
        ),
        Case(
            files={"bot.py": cases.DISCORD_CLIENT},
            hits=(("bot.py", 7),),
            note="a discord.Client subclass's events, with no test (blind check t1)",
        ),
        Case(
            files={
                "notes/models.py": cases.DJANGO_MODELS,
                "notes/tests.py": cases.DJANGO_EMPTY_TESTS,
            },
            hits=(("notes/models.py", 4),),
            note="the tests.py startapp writes holds no test",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "tests/functiontest.py": cases.SCRATCH_UNPARSABLE},
            hits=(("app/main.py", 4),),
            note="a scratch script under tests/ that does not parse, with no test in it",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "app/api/test_template.py": cases.TEMPLATE_PREVIEW},
            hits=(("app/main.py", 4),),
            note="a route named test_reset in test_template.py is a route, not a test",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "app/services/tester.py": cases.ENDPOINT_TESTER},
            hits=(("app/main.py", 4),),
            note="a service named test_endpoint in tester.py is the app's own code",
        ),
        Case(
            files={"app.py": cases.STREAMLIT_AGENT},
            hits=(("app.py", cases.STREAMLIT_AGENT_LINE),),
            note="a Streamlit page around an agent graph: no route, code worth a test all the same",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "tests/conftest.py": cases.FIXTURES_ONLY},
            hits=(("app/main.py", 4),),
            note="fixtures in conftest.py, and no test function yet",
        ),
        Case(
            files={
                "app/routes.py": "from flask import Blueprint, jsonify\n\n"
                'bp = Blueprint("api", __name__)\n\n\n@bp.route("/test")\ndef test():\n'
                '    return jsonify(ok=True)\n\n\n@bp.route("/items")\ndef items():\n'
                "    return jsonify([])\n"
            },
            hits=(("app/routes.py", 12),),
            note="shown at a route, not at the health check named test",
        ),
        Case(
            files={
                "app/main.py": cases.MAIN,
                "app/slugs.py": cases.SLUGS,
                "pyproject.toml": cases.PYTEST_QUIET,
            },
            hits=(("app/main.py", 4),),
            note="doctest examples that pytest does not run (no --doctest-modules) are no tests",
        ),
        Case(
            files={
                "app/main.py": cases.MAIN,
                "app/slugs.py": cases.SLUGS,
                ".github/workflows/ci.yml": cases.CI_TESTS_ONLY,
            },
            hits=(("app/main.py", 4),),
            note="a CI job that runs pytest without --doctest-modules runs no doctest",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "app/checks.py": cases.HELPER_NAMED_LIKE_A_TEST},
            hits=(("app/main.py", 4),),
            note="a function of the app named testBookmarks is no test",
        ),
        Case(
            files={
                "app/main.py": cases.MAIN,
                "tests/checks.py": cases.CHECKS,
                "tests/test_bookmarks.py": cases.ON_CHECKS,
            },
            hits=(("app/main.py", 4),),
            note="testUnknownBookmarkIs404 of a class on a project base that is no TestCase is "
            "no test",
        ),
        Case(
            files={"app.py": cases.AIOHTTP_APP},
            hits=(("app.py", 7),),
            note="an aiohttp app's routes, with no test (blind check l1)",
        ),
        Case(
            files={
                "mysite/urls.py": cases.GRAPHENE_URLS,
                "notes/models.py": cases.DJANGO_MODELS,
                "notes/schema.py": cases.GRAPHENE_SCHEMA,
            },
            hits=(("notes/schema.py", cases.GRAPHENE_SCHEMA_QUERY_LINE),),
            note="a graphene-django API: shown at its first query, the tests' place to start "
            "(blind check g1)",
        ),
        *socket_cases.BAD,
    ),
    good=(
        Case(files={"app/main.py": cases.MAIN, "tests/test_bookmarks.py": cases.TEST}),
        Case(
            files={
                "db.py": named.QUIZ_DATABASE,
                "handlers/theory_test.py": named.THEORY_TEST,
                "test_quiz.py": named.QUIZ_TEST,
            },
            note="a test at the project's root, named like one and defining one",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "tests/test_bookmarks.py": cases.TEST_UNPARSABLE},
            note="a test file that does not parse still holds the learner's tests",
        ),
        Case(
            files={
                "notes/models.py": cases.DJANGO_MODELS,
                "notes/tests.py": cases.DJANGO_MOCKED_TESTS,
            },
            note="a test under @mock.patch(...) is a test, not a PATCH route (blind check d2)",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "testing/robot/user_tests.robot": cases.ROBOT_SUITE},
            note="a Robot Framework suite tests the API from outside (corpus 83)",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "tests/test_bookmarks.py": cases.UNITTEST_CAMEL_CASE},
            note="unittest's testUnknownBookmarkIs404 and test are tests (blind check a1)",
        ),
        Case(
            files={
                "app/main.py": cases.MAIN,
                "tests/base.py": cases.API_CASE,
                "tests/test_bookmarks.py": cases.ON_API_CASE,
            },
            note="a class on the project's own IsolatedAsyncioTestCase holds tests (blind check "
            "r2)",
        ),
        Case(
            files={
                "app/main.py": cases.MAIN,
                "app/slugs.py": cases.SLUGS,
                "pyproject.toml": cases.DOCTEST_MODULES,
            },
            note="doctests that pytest runs with --doctest-modules are tests (blind check a1)",
        ),
        Case(
            files={
                "app/main.py": cases.MAIN,
                "app/slugs.py": cases.SLUGS,
                ".github/workflows/ci.yml": cases.CI_DOCTESTS,
            },
            note="doctests CI runs with pytest --doctest-modules app are tests (blind check r2)",
        ),
        Case(
            files={"app.py": cases.AIOHTTP_APP, "tests/test_notes.py": cases.AIOHTTP_TEST},
            note="an aiohttp app tested with pytest-aiohttp's aiohttp_client",
        ),
        Case(
            files={"fetch_notes.py": cases.AIOHTTP_CLIENT_SCRIPT},
            note="aiohttp's client asking for /notes serves no route (blind check l1)",
        ),
        Case(
            files={"app/main.py": cases.MAIN, "app/slugs.py": cases.SLUGS_RUN_WHEN_RUN},
            note="doctests the module runs with doctest.testmod() are tests (blind check a1)",
        ),
        *socket_cases.GOOD,
    ),
)
