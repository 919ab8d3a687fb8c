"""The live progress display of ``mentor review``: each node waiting, running or done with its
time, what the scan and the LLM calls report along the way, and the text an LLM is writing."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mentorbot.domain import LlmUsage
from mentorbot.wording import count

STREAM_LINES = 8


def llm_summary(usage: tuple[LlmUsage, ...]) -> str:
    """One line: LLM tokens per node and in total, with drops and fallbacks."""
    parts = [f"{u.node} {u.prompt_tokens + u.completion_tokens:,}" for u in usage]
    total = sum(u.prompt_tokens + u.completion_tokens for u in usage)
    line = f"LLM {usage[0].model}: {total:,} tokens ({', '.join(parts)})"
    dropped = sum(u.dropped for u in usage)
    fallbacks = [u.node for u in usage if u.fallback]
    if dropped:
        line += f" · {dropped} ungrounded claims dropped"
    if fallbacks:
        line += f" · deterministic text kept for {', '.join(fallbacks)}"
    return line


class NodeProgress:
    """A live table of the review's nodes: waiting, running, done with its time."""

    def __init__(self, nodes: tuple[str, ...]) -> None:
        self.status = dict.fromkeys(nodes, "waiting")
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self.detail: dict[str, str] = {}
        self.stream: list[str] = []

    def start(self, node: str) -> None:
        if node in self.status:
            self.status[node] = "running"
            self.started[node] = time.perf_counter()

    def finish(self, node: str) -> None:
        if node in self.status:
            self.status[node] = "done"
            self.seconds[node] = time.perf_counter() - self.started.get(node, time.perf_counter())

    def note(self, node: str, text: str) -> None:
        self.detail[node] = text

    def write(self, text: str) -> None:
        """Tokens of the text the LLM is writing, shown under the table as they arrive."""
        self.stream.append(text)

    def __rich__(self) -> Group:
        table = Table(show_header=False, box=None, padding=(0, 1))
        icons = {
            "waiting": "[dim]·[/dim]",
            "running": "[yellow]…[/yellow]",
            "done": "[green]✓[/green]",
        }
        for node, status in self.status.items():
            seconds = self.seconds.get(node)
            if status == "running":
                seconds = time.perf_counter() - self.started[node]
            timing = f"{seconds:6.2f}s" if seconds is not None else ""
            table.add_row(icons[status], node, timing, self.detail.get(node, ""))
        written = "".join(self.stream).strip()
        if not written:
            return Group(table)
        tail = "\n".join(written.splitlines()[-STREAM_LINES:])
        return Group(table, Text(tail, style="italic"))


def describe_progress(event: dict[str, Any]) -> tuple[str, str] | None:
    stage = event.get("stage")
    if stage == "walk":
        return "scan", count(event["files"], "file")
    if stage == "analysing":
        analysing = count(event["files"], "file")
        return "scan", f"analysing {analysing}, {event['cache_hits']} from cache"
    if stage == "analysis":
        return "scan", f"{event['files']} analysed, {event.get('cache_hits', 0)} from cache"
    if stage == "history":
        return "scan", count(event["commits"], "commit")
    if stage == "lessons":
        return "extract_lessons", count(event["solved"], "solved problem")
    if stage == "llm":
        return str(event["node"]), llm_progress(event)
    return None


def llm_progress(event: dict[str, Any]) -> str:
    """What the progress table says about a node's LLM call: tokens, drops, fallback."""
    text = f"LLM {event.get('tokens', 0):,} tokens"
    if event.get("dropped"):
        text += f", {event['dropped']} ungrounded claims dropped"
    if event.get("fallback"):
        text += f", fell back ({event['fallback']})"
    return text
