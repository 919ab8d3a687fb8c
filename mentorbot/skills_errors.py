"""The error-handling area's judge: where errors are caught, named and turned into answers.

Apart from ``skills_areas``, which judges the API's other areas, so each reads top to bottom."""

from __future__ import annotations

from mentorbot.skills_areas import UNSEEN, AreaJudgement, Judgement, by_count, cite
from mentorbot.skills_facts import Facts, Located

SERVING_SIGNALS = (
    "route",
    "flask-route",
    "django-view",
    "graphql-endpoint",
    "websocket",
    "bot-handler",
)
"""What answers requests: a web app's routes and views, a GraphQL API, a chat bot's handlers."""
WEB_SIGNALS = tuple(kind for kind in SERVING_SIGNALS if kind != "bot-handler")
"""What answers HTTP requests, whose errors an exception handler maps to responses."""


def judge_error_handling(facts: Facts) -> AreaJudgement:
    # Django's manage.py catches its own ImportError: not the learner's handling (blind check d2).
    generated = set(facts.generated_files())

    # A websockets server's or a Socket.IO app's handler answers no HTTP request and is no
    # bot: whether it reports errors to its client is not read, so it is judged as before it
    # was seen (blind check w1).
    sockets = {(item.path, item.signal.line) for item in facts.signals("socket-handler")}

    def by_learner(item: Located) -> bool:
        return item.path not in generated

    def serving(item: Located) -> bool:
        return by_learner(item) and (item.path, item.signal.line) not in sockets

    raised = facts.signals("http-exception", where=by_learner)
    answered = facts.signals("error-response", where=by_learner)
    custom = facts.signals("custom-exception", where=by_learner)
    # ``except Exception: pass`` hides the error (MB106 reports it): no evidence of handling it.
    caught = facts.signals(
        "try-except", where=lambda item: by_learner(item) and not item.flag("swallows")
    )
    # A chat bot's error handler (``app.add_error_handler``, ``@dp.errors()``, discord.py's
    # ``on_command_error``) answers its errors in one place, as an exception handler does.
    handlers = facts.signals("exception-handler", "bot-error-handler", where=by_learner)
    if not (raised or answered or custom or caught or handlers):
        return AreaJudgement(UNSEEN, UNSEEN, UNSEEN)
    first_per_status: dict[str, Located] = {}
    for item in raised + answered:
        if item.get("status"):
            first_per_status.setdefault(item.get("status"), item)
    if custom or len(first_per_status) >= 2:
        understanding = Judgement("good", cite(custom, first_per_status.values()))
    else:
        understanding = Judgement("partial", cite(raised, answered, caught, handlers, custom))
    sites = sorted(raised + caught + handlers, key=lambda s: (s.path, s.signal.line))
    if handlers:
        best = Judgement("good", cite(handlers))
    elif raised or answered:
        best = Judgement("partial", cite(raised, answered))
    elif not facts.signals(*SERVING_SIGNALS, where=serving):
        # A game, a desktop app or a script answers no HTTP request: its errors are well
        # handled when they have names of their own (blind checks a1, u1: "never mapped to
        # HTTP responses" of a pygame game and a Tkinter app).
        best = (
            Judgement("local-good", cite(custom))
            if custom
            else Judgement("local-partial", cite(caught))
        )
    elif facts.signals(*WEB_SIGNALS, where=serving):
        best = Judgement("missing", cite(caught, custom))
    else:
        # A bot answers messages: "never mapped to HTTP responses" told a polling bot of a
        # practice it cannot follow (blind check t1).
        best = Judgement("bot-missing", cite(caught, custom))
    present = cite(raised, answered, custom, caught, handlers)
    return AreaJudgement(understanding, by_count(sites, 3), best, present=present)
