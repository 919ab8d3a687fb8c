"""The achievements of background work: tasks a queue or the app's own process runs, and
workers that consume a message broker's queue (kept apart from ``achievements`` for size)."""

from __future__ import annotations

from collections import Counter

from mentorbot.achievement_parts import cite, plural, uncited
from mentorbot.analysis.python_facts_brokers import CONSUMER_VIA
from mentorbot.domain import Achievement, Text
from mentorbot.skills_areas_ops import IN_PROCESS_VIA, background_tasks, published
from mentorbot.skills_facts import Facts


def queue_consumers(facts: Facts) -> Achievement | None:
    """Workers that consume a broker's queue or topic, and the publishes that feed them:
    "2 queue consumers (aio-pika, pika), fed by 1 publish" (blind check k2)."""
    consumers = [t for t in background_tasks(facts) if t.get("via") in CONSUMER_VIA]
    handed = published(facts)
    if not consumers and not handed:
        return None
    how = ", ".join(dict.fromkeys(sorted(t.get("via") for t in consumers)))
    fed_zh = f"，{len(handed)} 处发布消息" if handed else ""
    fed_en = f", fed by {plural(len(handed), 'publish', 'publishes')}" if handed else ""
    head_zh = f"{len(consumers)} 个队列消费者（{how}）" if consumers else ""
    head_en = f"{plural(len(consumers), 'queue consumer')} ({how})" if consumers else ""
    if not consumers:
        head_zh, fed_zh = f"{len(handed)} 处向消息队列发布消息", ""
        head_en, fed_en = f"{plural(len(handed), 'message')} published to a broker", ""
    cited = [*consumers, *handed]
    return Achievement(
        kind="queue-consumers",
        title=Text(zh=head_zh + fed_zh, en=head_en + fed_en),
        evidence=cite(cited),
        uncited=uncited(cited),
    )


def background_jobs(facts: Facts) -> Achievement | None:
    tasks = [t for t in background_tasks(facts) if t.get("via") not in CONSUMER_VIA]
    if not tasks:
        return None
    via = Counter(t.get("via") or "?" for t in tasks)
    how = ", ".join(name for name, _ in via.most_common())
    queued = any(t.get("via").lower() not in IN_PROCESS_VIA for t in tasks)
    zh_kind = "队列" if queued else "进程内"
    return Achievement(
        kind="background-jobs",
        title=Text(
            zh=f"{len(tasks)} 个后台任务（{zh_kind}，{how}）",
            en=f"{plural(len(tasks), 'background task')} ({how})",
        ),
        evidence=cite(tasks),
    )
