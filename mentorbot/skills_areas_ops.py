"""The rubric's decisions for the production-side areas: testing, security, background jobs,
config and containers and LLM work (general code quality is ``skills_code_quality``'s).

Same contract as ``skills_areas``: each judge returns rubric keys plus the signals, files or
findings that decided them; thresholds match ``curriculum/rubric.toml``.
"""

from __future__ import annotations

import re

from mentorbot.analysis.python_facts_ai import ENV_KEY_CLIENT
from mentorbot.analysis.python_facts_brokers import PUBLISHED
from mentorbot.analysis.python_facts_env import CONFIG_FILE, DOTENV_LOAD, STREAMLIT_SECRET
from mentorbot.analysis.python_facts_tasks import SENT_BY_METHOD
from mentorbot.evidence_notes import finding_evidence
from mentorbot.skills_areas import (
    MAX_EVIDENCE,
    UNSEEN,
    AreaJudgement,
    Judgement,
    by_count,
    cite,
    cite_files,
)
from mentorbot.skills_auth import (
    guarded_flask_routes,
    guarding_dependencies,
    open_flask_write_routes,
    open_write_routes,
    unguarded_evidence,
)
from mentorbot.skills_auth_django import django_views_by_guard
from mentorbot.skills_facts import Facts, Located, file_evidence
from mentorbot.skills_llm_calls import llm_caller_files

IN_PROCESS_VIA = frozenset(
    {"", "backgroundtasks", "asyncio", "create_task", "thread", "threading", "apscheduler"}
    | {"schedule", "jobqueue", "tasks.loop"}
)
OTHER_AREAS_CODE = (
    *("app", "route", "flask-route", "django-view", "graphql-operation", "bot-handler"),
    *("websocket", "orm-model", "document-model", "core-table", "engine", "db-client"),
    *("session-factory", "background-task", "llm-call", "agent-graph", "test-function"),
)
"""Signals of code that is another area's: a module that reads the environment beside them is
no config module, and its SQL or its routes' findings are not config's (blind check m1)."""
DOCKERFILES = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile", "Containerfile.*")
COMPOSE_FILES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")
CI_FILES = (".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml")
ENV_EXAMPLES = (
    *(".env[._-]example", ".env[._-]sample", ".env[._-]template", ".env[._-]dist"),
    *("env.example", "env.sample", "example.env", "sample.env"),
)
"""Example env files as learners name them: ``.env.example``, ``.env-example``, ``env.sample``
(the same list as the curriculum's checklist item)."""


def judge_testing(facts: Facts) -> AreaJudgement:
    tests = facts.signals("test-function")
    fixtures = facts.signals("fixture")
    if not tests and not fixtures:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    if not tests:
        # Fixtures (even a test client) that no test uses yet: started, but nothing is checked,
        # so no test count and no best practice to credit.
        return AreaJudgement(Judgement("partial", cite(fixtures)), UNSEEN, UNSEEN)
    if len(tests) >= 2 and fixtures:
        understanding = Judgement("good", cite(fixtures[:1], tests))
    else:
        understanding = Judgement("partial", cite(tests, fixtures))
    shared = [f for f in fixtures if f.path.rsplit("/", 1)[-1] == "conftest.py"]
    clients = facts.signals("test-client")
    if shared and clients:
        best = Judgement("good", cite(shared, clients))
    elif shared or clients:
        best = Judgement("partial", cite(shared, clients))
    else:
        best = Judgement("missing", cite(tests, fixtures))
    # The test files are this area's own code: their findings are its code quality.
    files = tuple(sorted({item.path for item in (*tests, *fixtures)}))
    return AreaJudgement(
        understanding, by_count(tests, 5), best, present=cite(tests, fixtures), files=files
    )


LLM_KEY_NAME = re.compile(
    r"openai|anthropic|claude|gemini|google|groq|mistral|cohere|deepseek|zhipu|glm|dashscope"
    r"|qwen|tongyi|qianfan|ernie|moonshot|kimi|baichuan|spark|hunyuan|llm|model",
    re.IGNORECASE,
)
"""A hard-coded secret named for a model provider (``ZHIPUAI_API_KEY``, ``llm_key``)."""


def configuration(facts: Facts) -> list[Located]:
    """Settings classes, environment reads, Streamlit's ``st.secrets`` reads and INI parsers. A
    ``load_dotenv()`` counts beside reads only: loading a .env no code reads from configures
    nothing, and the URL and key it should hold may well be written in the code (corpus 64).
    An LLM client made with no key of its own is such a read: its SDK takes the key from the
    environment the .env filled (``load_dotenv()`` then ``OpenAI()``, blind check h1)."""
    found = facts.signals("settings", "env-config", STREAMLIT_SECRET, CONFIG_FILE)
    if any(s.name != DOTENV_LOAD for s in found):
        return found
    clients = facts.signals(ENV_KEY_CLIENT, where=lambda s: not facts.in_tests(s.path))
    return [*found, *clients] if found and clients else []


def judge_security(facts: Facts) -> AreaJudgement:
    config = configuration(facts)
    secrets = [f for f in facts.findings if f.category == "hardcoded-secret"]
    if config and not secrets:
        understanding = Judgement("good", cite(config))
    elif config:
        understanding = Judgement("partial", (*cite(config[:1]), finding_evidence(secrets[0])))
    elif secrets:
        understanding = Judgement("missing", tuple(map(finding_evidence, secrets[:MAX_EVIDENCE])))
    else:
        understanding = UNSEEN
    auth = facts.signals("auth")
    depends = guarding_dependencies(facts)
    flask_guarded = guarded_flask_routes(facts)
    django_guarded, open_views = django_views_by_guard(facts)
    guarded = [*depends, *flask_guarded, *django_guarded]
    open_routes = open_write_routes(facts, depends) if depends else []
    if flask_guarded:
        open_routes += open_flask_write_routes(facts)
    if django_guarded:
        open_routes += open_views
    if open_routes:
        unguarded = tuple(map(unguarded_evidence, open_routes[: MAX_EVIDENCE - 1]))
        best = Judgement("partial", (*cite(guarded[:1]), *unguarded))
    elif guarded:
        best = Judgement("good", cite(guarded, auth))
    else:
        best = Judgement("partial", cite(auth)) if auth else UNSEEN
    fast_hashes = facts.signals("fast-password-hash", where=lambda s: not facts.in_tests(s.path))
    if fast_hashes:
        # Whatever guards the routes, the passwords behind them are one leak from being read.
        best = Judgement("missing", cite(fast_hashes))
    practice = by_count(auth, 2)
    if not auth and guarded:
        # Routes guarded by a dependency whose scheme lives in a library (fastapi-users,
        # authx): authentication is there, even with no scheme of the repo's own to count.
        practice = Judgement("partial", cite(guarded))
    # Where secrets are read and users authenticated shows the area; any module only when
    # the repo has neither ("src/app/__init__.py: module" is no evidence of security).
    present = cite(config, auth) or cite(facts.signals("module") or facts.located)
    return AreaJudgement(understanding, practice, best, present=present)


def background_tasks(facts: Facts) -> list[Located]:
    """The background tasks, not counting a route that takes ``BackgroundTasks`` where its file
    also names the functions it adds (``add_task(process_video, ...)``): that is one task."""
    tasks = facts.signals("background-task")
    routes = {(route.path, route.name) for route in facts.signals("route")}

    def takes_them(task: Located) -> bool:
        return task.get("via") == "BackgroundTasks" and (task.path, task.name) in routes

    added = {
        task.path for task in tasks if task.get("via") == "BackgroundTasks" and not takes_them(task)
    }
    return [task for task in tasks if not (takes_them(task) and task.path in added)]


def _celery_task(task: Located, facts: Facts) -> bool:
    """A Celery task: by its app, or by a ``.task`` decorator of an app made in another module
    of a project whose only queue library is Celery (huey's tasks enqueue when called)."""
    via = task.get("via").lower()
    if via == "celery":
        return True
    return via == "task-queue" and facts.has_stack("celery") and not facts.has_stack("huey")


def handed_to_queue(facts: Facts, tasks: list[Located]) -> list[Located]:
    """The calls that hand a task to its queue: ``.delay()`` and the like, and a ``.send()``
    on a function only where it is one of the project's dramatiq actors (``post_save.send``
    or a client's ``send`` hands nothing over); a message published to a broker hands no
    Celery task over either."""
    actors = {t.name.rsplit(".", 1)[-1] for t in tasks if t.get("via") == "dramatiq"}
    return [
        sent
        for sent in facts.signals("task-send")
        if sent.get("method") not in (SENT_BY_METHOD, PUBLISHED) or sent.name in actors
    ]


def published(facts: Facts) -> list[Located]:
    """Messages published to a broker (pika's ``basic_publish``, aio-pika's ``publish``)."""
    return [sent for sent in facts.signals("task-send") if sent.get("method") == PUBLISHED]


def judge_background_jobs(facts: Facts) -> AreaJudgement:
    tasks = background_tasks(facts)
    if not tasks:
        # Work published to a broker whose consumer lives in another repo: handed off, and
        # through a queue, but no worker of this repo's to count.
        handed = published(facts)
        if not handed:
            return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
        some = Judgement("partial", cite(handed))
        return AreaJudgement(some, some, Judgement("good", cite(handed)), present=cite(handed))
    route_files = set(facts.route_files())
    # A task handed to ``add_task`` in a route may be defined in a module of its own.
    defined_apart = {
        item.name for item in facts.signals("async-def", "sync-def") if item.path not in route_files
    }
    separate = [
        t
        for t in tasks
        if t.path not in route_files
        or (t.get("defined_as") or t.name.rsplit(".", 1)[-1]) in defined_apart
    ]
    if not facts.files_with("route", "bot-handler", "socket-handler"):
        # Apart from the route files holds of every job of a script that has none (a
        # ``schedule`` loop was "in its own module", blind check c2): there, a job counts
        # when its own file does not define what it runs (a DAG's operator, or ``etl/load.py``).
        defined_in = {(i.name, i.path) for i in facts.signals("async-def", "sync-def")}
        separate = [
            t
            for t in tasks
            if ((t.get("defined_as") or t.name.rsplit(".", 1)[-1]), t.path) not in defined_in
        ]
        understanding = (
            Judgement("good", cite(separate))
            if separate
            else Judgement("local-partial", cite(tasks))
        )
    elif separate:
        understanding = Judgement("good", cite(separate))
    else:
        understanding = Judgement("partial", cite(tasks))
    queued = [t for t in tasks if t.get("via").lower() not in IN_PROCESS_VIA]
    celery = [t for t in queued if _celery_task(t, facts)]
    if celery and len(celery) == len(queued) and not handed_to_queue(facts, tasks):
        # Celery tasks that nothing sends: called directly, they run inside the request.
        best = Judgement("missing", cite(celery))
    elif queued:
        best = Judgement("good", cite(queued))
    else:
        best = Judgement("partial", cite(tasks))
    files = tuple(sorted({t.path for t in tasks}))
    return AreaJudgement(understanding, by_count(tasks, 3), best, present=cite(tasks), files=files)


def judge_config_containers(facts: Facts) -> AreaJudgement:
    typed = facts.signals("settings")
    # Flask's ``class Config`` of UPPER_CASE values: a settings class all the same, untyped.
    settings = typed + facts.signals("config-class")
    readers = ("env-config", STREAMLIT_SECRET, CONFIG_FILE)
    env_reads = [s for s in configuration(facts) if s.kind in readers]
    if typed:
        understanding = Judgement("good", cite(typed))
    elif settings or env_reads:
        understanding = Judgement("partial", cite(settings, env_reads))
    else:
        understanding = UNSEEN
    artefacts = [
        found
        for found in (
            facts.paths_matching(*DOCKERFILES),
            facts.paths_matching(*COMPOSE_FILES),
            facts.paths_matching(*CI_FILES),
        )
        if found
    ]
    artefact_evidence = tuple(file_evidence(found[0]) for found in artefacts)
    if len(artefacts) >= 2:
        practice = Judgement("good", artefact_evidence)
    else:
        practice = Judgement("partial", artefact_evidence) if artefacts else UNSEEN
    examples = facts.paths_matching(*ENV_EXAMPLES)
    committed_env = facts.paths_matching(".env")
    if committed_env:
        best = Judgement("missing", cite_files(committed_env, "committed .env"))
    elif settings and examples:
        best = Judgement("good", (*cite(settings[:2]), *cite_files(examples[:1])))
    elif settings or examples:
        best = Judgement("partial", (*cite(settings[:2]), *cite_files(examples[:1])))
    else:
        best = UNSEEN
    present = (*cite(settings, env_reads), *artefact_evidence)[:MAX_EVIDENCE]
    # The Dockerfiles, compose files, CI workflows and env examples are this area's code too:
    # a password written into a compose file is a finding against it.
    written = [path for found in artefacts for path in found] + examples
    # ``load_dotenv()`` sits in main.py: that is no config module whose findings are this area's.
    read = {s.path for s in settings + env_reads if s.name != DOTENV_LOAD}
    shared = set(facts.files_with(*OTHER_AREAS_CODE)) & read
    files = tuple(sorted((read - shared) | set(written)))
    return AreaJudgement(
        understanding, practice, best, present=present, files=files, shared=tuple(sorted(shared))
    )


def judge_llm_agents(facts: Facts) -> AreaJudgement:
    calls = facts.signals("llm-call")
    graphs = facts.signals("agent-graph")
    stores = facts.signals("vector-store")
    everything = calls + graphs + stores
    if not everything:
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    if calls and (graphs or stores):
        understanding = Judgement("good", cite(calls, graphs, stores))
    else:
        understanding = Judgement("partial", cite(everything))
    streamed = facts.signals("streaming-response")
    configured = configuration(facts)
    files = tuple(sorted({s.path for s in everything}))
    callers = tuple(path for path in llm_caller_files(facts) if path not in files)
    if any(
        f.category == "hardcoded-secret"
        and not facts.in_tests(f.path)
        and (f.path in files or LLM_KEY_NAME.search(f.message.en) is not None)
        for f in facts.findings
    ):
        # The model's key written in the code: its settings do not come from the environment,
        # whatever else reads it (blind check z2).
        configured = []
    if streamed and configured:
        best = Judgement("good", cite(streamed, configured))
    elif streamed or configured:
        best = Judgement("partial", cite(streamed or configured, calls))
    else:
        best = Judgement("missing", cite(everything))
    return AreaJudgement(
        understanding,
        by_count(everything, 3),
        best,
        present=cite(everything),
        files=files,
        shared=callers,
    )
