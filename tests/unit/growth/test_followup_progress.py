"""A task not yet done says how far it got: the places fixed since the last review, those left
of the ones it named, and those new since (history 53: six of seven queries given parameters
were reported as a plain "not yet")."""

from __future__ import annotations

from mentorbot.domain import Finding, Plan, PlanTask, TaskCheck, Text
from mentorbot.followup import follow_up
from tests.unit.assess.scenarios import finding


def test_a_task_half_done_counts_what_was_fixed_what_is_left_and_what_is_new() -> None:
    sql = PlanTask(
        text=Text(zh="参数化 SQL", en="Rewrite the string-built SQL (3 places)"),
        files=("routes/posts.py",),
        check=TaskCheck(rule="MB108", category="sql-string-formatting"),
    )
    plan = Plan(
        stage_id="databases",
        stage_title=Text(zh="数据库", en="Databases"),
        stage_reason=Text(zh="", en=""),
        tasks=(sql,),
    )

    def sql_at(path: str, line: int, status: str) -> Finding:
        found = finding("MB108", "sql-string-formatting", "high", path, line)
        return found.model_copy(update={"status": status})

    fixed = [sql_at("routes/posts.py", 37, "fixed"), sql_at("routes/posts.py", 61, "fixed")]
    now = [sql_at("routes/posts.py", 45, "open"), sql_at("routes/auth.py", 30, "new")]

    [result] = follow_up(plan, now, [], ["routes/posts.py", "routes/auth.py"], fixed=fixed)

    assert result.done is False
    assert (result.fixed_since, result.still_open, result.new_since) == (2, 1, 1)
    assert [e.cite() for e in result.evidence] == ["routes/auth.py:30", "routes/posts.py:45"]


def test_a_task_whose_places_were_all_fixed_is_done_though_a_new_one_of_its_kind_came() -> None:
    """ "Make ``fetch_weather`` async" was done, and a ``time.sleep`` written later in the same
    file: the follow-up said "not yet" of the task (blind check t1). It is done; the log says
    that one new place came since, and cites it."""
    blocking = PlanTask(
        text=Text(zh="不要阻塞事件循环", en="Stop blocking the event loop, starting with bot.py"),
        files=("bot.py",),
        check=TaskCheck(rule="MB101", category="blocking-call-in-async", path="bot.py"),
    )
    plan = Plan(
        stage_id="async",
        stage_title=Text(zh="异步", en="Async"),
        stage_reason=Text(zh="", en=""),
        tasks=(blocking,),
    )

    def blocking_at(line: int, status: str) -> Finding:
        found = finding("MB101", "blocking-call-in-async", "high", "bot.py", line)
        return found.model_copy(update={"status": status})

    fixed = [blocking_at(25, "fixed")]
    [done] = follow_up(plan, [blocking_at(29, "new")], [], ["bot.py"], fixed=fixed)
    [left] = follow_up(plan, [blocking_at(29, "open")], [], ["bot.py"], fixed=fixed)

    assert done.done is True
    assert (done.fixed_since, done.still_open, done.new_since) == (1, 0, 1)
    assert [e.cite() for e in done.evidence] == ["bot.py:29"]
    assert left.done is False
