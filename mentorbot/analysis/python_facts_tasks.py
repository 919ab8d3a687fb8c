"""Call facts about background work: tasks handed to FastAPI's ``BackgroundTasks`` or to a queue
library (Celery, huey, procrastinate, RQ), coroutines a lifespan or startup handler leaves running
beside the app with ``asyncio.create_task``, jobs an APScheduler or ``schedule`` scheduler runs,
a chat bot's own scheduler (python-telegram-bot's ``JobQueue``, discord.py's ``tasks.loop``), and
the tasks of an Airflow DAG."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mentorbot.analysis.python_facts_support import (
    UNKNOWN_QUEUE,
    FileState,
    SignalSink,
    dotted,
    first_arg,
    keyword,
    last_name,
    safe_unparse,
    str_literal,
)

if TYPE_CHECKING:
    from mentorbot.analysis.python_facts_calls import CallSite

STARTED_TASK_CALLS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
"""How a lifespan starts work that outlives it; a bare ``create_task`` imported from asyncio, or
``loop.create_task`` on the running loop, count too."""


def task_data(task: ast.expr, via: str, state: FileState) -> dict[str, str]:
    """A background task's signal data: the queue, and the name a task imported under another
    one was defined as (``from app.jobs.predict import predict as model_predict``), so the
    skill matrix finds its module."""
    data = {"via": via}
    if isinstance(task, ast.Name) and (imported := state.imports.get(task.id)):
        original = imported[1] or imported[0].rsplit(".", 1)[-1]
        if original and original != task.id:
            data["defined_as"] = original
    return data


def background_tasks(site: CallSite) -> None:
    if site.target:
        site.state.background_names.add(site.target)


def queue_app(site: CallSite) -> None:
    """Remember ``app = Celery(...)`` / procrastinate ``App(...)`` to name ``@app.task``'s queue."""
    if not site.target:
        return
    if site.callee == "Celery":
        site.state.queue_apps[site.target] = "celery"
    elif site.callee in {"Huey", "RedisHuey", "SqliteHuey"}:
        site.state.queue_apps[site.target] = "huey"
    elif site.func_path.startswith("procrastinate.") or site.state.imported_from(
        site.callee
    ).startswith("procrastinate"):
        site.state.queue_apps[site.target] = "procrastinate"


def add_task(site: CallSite) -> None:
    """Only on a BackgroundTasks object: rich's ``progress.add_task`` has the same name."""
    task = first_arg(site.call, "func")
    func = site.call.func
    if (
        isinstance(func, ast.Attribute)
        and dotted(func.value) in site.state.background_names
        and task is not None
    ):
        name = safe_unparse(task)
        data = task_data(task, "BackgroundTasks", site.state)
        site.sink.emit("background-task", site.line, name, data=data)


def task_send(site: CallSite) -> None:
    """``send_email.delay(...)``: a task handed to the queue's workers (``data`` none; the name is
    the task as called)."""
    func = site.call.func
    if isinstance(func, ast.Attribute) and dotted(func.value):
        site.sink.emit("task-send", site.line, last_name(func.value))


ACTOR_SENDS = ("send", "send_with_options")
"""How a dramatiq actor is handed a message: ``resize.send(image_id)``,
``resize.send_with_options(args=(image_id,), delay=10_000)``."""
SENT_BY_METHOD = "send"
"""``task-send`` data for a ``.send`` the project has yet to match to one of its actors."""
HUEY_TASK_DECORATORS = frozenset({"task", "db_task", "periodic_task", "db_periodic_task"})


def queue_decorator(path: str, state: FileState) -> str:
    """The queue a decorator other than Celery's ``.task`` hands its function to: dramatiq's
    ``@dramatiq.actor`` or ``@actor`` imported from it (blind check k1: "no background jobs" of
    an app whose routes send every thumbnail to an actor), huey's ``@huey.db_task()`` /
    ``@huey.periodic_task(...)`` and django-huey's ``@db_task()``; "" for any other."""
    receiver, _, name = path.rpartition(".")
    library = state.library_of(path)
    if name == "actor" and library == "dramatiq":
        return "dramatiq"
    if name not in HUEY_TASK_DECORATORS:
        return ""
    named_huey = receiver.rsplit(".", 1)[-1] == "huey"  # ``from app.config import huey``
    if library == "huey" or named_huey or state.queue_of(receiver) == "huey":
        return "huey"
    return ""


def actor_send(site: CallSite) -> None:
    """``build_thumbnail.send(image_id)``: a message handed to a dramatiq actor's workers; only
    on a function the module defines or imports by name (a websocket's ``send`` is none), and
    the skill matrix counts it only where the project defines an actor of that name."""
    func = site.call.func
    if not isinstance(func, ast.Attribute):
        return
    receiver = func.value
    name = ""
    if isinstance(receiver, ast.Name):
        imported = site.state.imports.get(receiver.id)
        if receiver.id in site.state.module_defs:
            name = receiver.id
        elif imported and imported[1]:
            name = imported[1]  # the actor as defined: ``import build_thumbnail as thumbnail``
    elif isinstance(receiver, ast.Attribute) and site.state.imported_from(
        dotted(receiver).split(".")[0]
    ):
        name = receiver.attr  # ``tasks.build_thumbnail.send(...)``
    if name:
        site.sink.emit("task-send", site.line, name, data={"method": SENT_BY_METHOD})


def rq_enqueue(site: CallSite) -> None:
    """``queue.enqueue(send_email, to)``: a function handed to RQ's workers through Redis, in a
    module that imports RQ or on a queue imported from the module that made it."""
    func = site.call.func
    task = first_arg(site.call, "f")
    if not isinstance(func, ast.Attribute) or task is None:
        return
    if site.state.imports_library("rq") or _imported_queue(dotted(func.value), site.state):
        data = task_data(task, "rq", site.state)
        site.sink.emit("background-task", site.line, last_name(task), data=data)


def _imported_queue(receiver: str, state: FileState) -> bool:
    """``from app.worker import queue`` or Flask's ``current_app.task_queue``: a queue an RQ
    module built, used where RQ is not imported. A homework ``Queue`` class's
    ``self.five_queue.enqueue(i)``, or a queue this module made, is none (blind check x1:
    "Background jobs ✅ proficient" for a data-structures exercise)."""
    head = receiver.split(".")[0]
    imported_name = state.imports.get(head, ("", ""))[1]
    if not imported_name or head[:1].isupper() or "queue" not in receiver.lower():
        return False
    return not any(name.endswith(".enqueue") for name in state.module_defs)


def registered_task(call: ast.Call, register: ast.Call, state: FileState, sink: SignalSink) -> None:
    """``app.task(name="send")(send_email)``: a function made a task without the decorator, as
    apps built at run time do; only where the app or an import names a known queue."""
    if not isinstance(register.func, ast.Attribute) or register.func.attr != "task":
        return
    via = state.queue_of(dotted(register.func.value))
    if via != UNKNOWN_QUEUE and call.args:
        sink.emit("background-task", call.lineno, last_name(call.args[0]), data={"via": via})


def startup_task(site: CallSite) -> None:
    """``task = asyncio.create_task(poll_prices())`` in a lifespan or a startup handler: a job
    that runs in the app's process for as long as the app does (a periodic fetch, a consumer)."""
    if site.owner not in site.state.startup_functions or not _starts_task(site):
        return
    coroutine = first_arg(site.call, "coro")
    if coroutine is None:
        return
    job = coroutine.func if isinstance(coroutine, ast.Call) else coroutine
    name = last_name(job) or safe_unparse(job)
    site.sink.emit("background-task", site.line, name, data={"via": "create_task"})


def _starts_task(site: CallSite) -> bool:
    if site.func_path in STARTED_TASK_CALLS:
        return True
    if site.func_path == site.callee:
        return site.state.imported_from(site.callee) == "asyncio"
    return site.callee == "create_task"


def scheduled_job(site: CallSite) -> None:
    """``scheduler.add_job(cleanup, "cron", hour=3)`` in a file that uses APScheduler: a job
    the app's own process runs on a timer."""
    job = first_arg(site.call, "func")
    if job is not None and uses_apscheduler(site.state):
        name = last_name(job) or safe_unparse(job)
        data = task_data(job, "apscheduler", site.state)
        site.sink.emit("background-task", site.line, name, data=data)


def uses_apscheduler(state: FileState) -> bool:
    return any(module.startswith("apscheduler") for module, _ in state.imports.values())


JOB_QUEUE_METHODS = frozenset(
    {"run_once", "run_repeating", "run_daily", "run_monthly", "run_custom"}
)
"""python-telegram-bot's ``JobQueue`` methods that schedule a callback."""
JOB_QUEUE_NAMES = frozenset({"job_queue", "jq"})


def job_queue_job(site: CallSite) -> None:
    """``application.job_queue.run_daily(send_reminder, time)``: a job python-telegram-bot's
    ``JobQueue`` runs in the bot's own process on a timer, as APScheduler's would (blind check
    t2: "Background jobs: not seen"); only on a receiver named for it (``jq`` in a module that
    imports telegram)."""
    func = site.call.func
    job = first_arg(site.call, "callback")
    if not isinstance(func, ast.Attribute) or job is None:
        return
    receiver = last_name(func.value)
    if receiver == "job_queue" or (
        receiver in JOB_QUEUE_NAMES and site.state.imports_library("telegram")
    ):
        name = last_name(job) or safe_unparse(job)
        site.sink.emit(
            "background-task", site.line, name, data=task_data(job, "JobQueue", site.state)
        )


DISCORD_LOOPS = frozenset({"discord.ext.tasks", "discord.ext"})
"""Where discord.py's ``loop`` decorator is imported from: ``tasks`` of ``discord.ext``, or
``loop`` of ``discord.ext.tasks``."""


def discord_loop(decorator: str, state: FileState) -> bool:
    """``@tasks.loop(minutes=30)`` from ``discord.ext``: a coroutine discord.py runs again and
    again in the bot's own loop, a scheduled job of the bot's."""
    head, _, rest = decorator.partition(".")
    if decorator == "discord.ext.tasks.loop":
        return state.imports_library("discord")
    if (head, rest) == ("tasks", "loop"):
        return state.imported_from("tasks") in DISCORD_LOOPS
    return decorator == "loop" and state.imported_from("loop") == "discord.ext.tasks"


AIRFLOW_TASK_SUFFIXES = ("Operator", "Sensor")
"""Airflow's task classes: ``PythonOperator``, ``BashOperator``, ``PostgresOperator``,
``FileSensor`` and the rest of its providers'."""


def airflow_operator(site: CallSite) -> None:
    """``PythonOperator(task_id="load", python_callable=load)`` with the operator imported from
    Airflow: a task its scheduler runs in a worker on the DAG's schedule, retried as the DAG
    says; named by the function it calls, else by its ``task_id``."""
    if site.state.library_of(site.func_path) != "airflow":
        return
    job = keyword(site.call, "python_callable")
    if job is not None:
        name = last_name(job) or safe_unparse(job)
        site.sink.emit(
            "background-task", site.line, name, data=task_data(job, "airflow", site.state)
        )
        return
    task_id = str_literal(keyword(site.call, "task_id"))
    site.sink.emit("background-task", site.line, task_id or site.callee, data={"via": "airflow"})


def every_job(site: CallSite) -> None:
    """``schedule.every(10).minutes.do(fetch_prices)``: a job the ``schedule`` library runs in
    the process's own loop; only on a chain through ``every`` of the name imported from it."""
    job = first_arg(site.call, "job_func")
    called: list[str] = []
    node: ast.expr = site.call.func
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Call):
            called.append(last_name(node.func))
            node = node.func
        else:
            node = node.value
    if job is None or "every" not in called or not isinstance(node, ast.Name):
        return
    if site.state.imported_from(node.id) == "schedule":
        name = last_name(job) or safe_unparse(job)
        site.sink.emit(
            "background-task", site.line, name, data=task_data(job, "schedule", site.state)
        )


THREAD_HANDOFFS = {"to_thread": 0, "run_in_threadpool": 0, "run_in_executor": 1}
"""Calls that run a function in a worker thread, and where the function is among their
arguments: the rest are its arguments."""


def handed_to_thread(call: ast.Call, callee: str) -> ast.Call | None:
    """``await asyncio.to_thread(queue.enqueue, resize, image_id)`` as the call it runs,
    ``queue.enqueue(resize, image_id)``: moved off the event loop, as MB101 advises, the job is
    still handed to RQ (blind check b2: the background-jobs area had gone to "not seen")."""
    position = THREAD_HANDOFFS.get(callee)
    if callee == "run_sync" and dotted(call.func).endswith("to_thread.run_sync"):  # anyio's
        position = 0
    if position is None or len(call.args) <= position:
        return None
    runs = call.args[position]
    if not isinstance(runs, ast.Name | ast.Attribute):
        return None
    handed = ast.Call(func=runs, args=call.args[position + 1 :], keywords=call.keywords)
    return ast.copy_location(handed, call)
