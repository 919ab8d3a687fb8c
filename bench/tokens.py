"""Tokens LLM mode sends per node, beside the size of the repository's own source, by repo size.

For generated repos (``bench/genrepo.py``) of 1k / 10k / 100k lines, runs the whole review with a
counting model in place of the LLM (it answers ``{}`` and one sentence, so nothing is rewritten)
and prints, per node, the evidence tokens packed into the prompt and the whole prompt, then the
total against the token count of the repository's source files. Tokens are counted with the
offline tokenizer LLM mode itself uses. Goal: the total under 10% of the repo at 10k lines, and
flat (within 20%) from 10k to 100k lines.

Run: ``python bench/tokens.py [--sizes 1k,10k,100k] [--commits 200]``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from bench.genrepo import generate_repo
from mentorbot.llm import MentorLlm
from mentorbot.llm_tokens import count_tokens

NODES = ("assess", "extract_lessons", "plan", "render")


class CountingModel(BaseChatModel):
    """Answers every structured request with ``{}`` and every prose request with one sentence."""

    @property
    def _llm_type(self) -> str:
        return "bench-counting"

    def _answer(self, messages: list[BaseMessage]) -> str:
        return "Keep going." if "task: reflection" in str(messages[-1].content) else "{}"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._answer(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield ChatGenerationChunk(message=AIMessageChunk(content=self._answer(messages)))


def _size(word: str) -> int:
    word = word.strip().lower()
    return int(float(word[:-1]) * 1000) if word.endswith("k") else int(word)


def repo_tokens(root: Path, paths: list[str]) -> int:
    total = 0
    for path in paths:
        try:
            total += count_tokens((root / path).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return total


async def measure(root: Path) -> dict[str, Any]:
    from graph.builder import build_review_graph
    from graph.context import ReviewContext
    from mentorbot.knowledge.checkpoint import open_checkpointer
    from mentorbot.services import open_services

    async with open_services() as services, open_checkpointer(services.db) as saver:
        llm = MentorLlm(
            CountingModel(), name="counting", budget=services.settings.mentor_llm_budget
        )
        graph = build_review_graph(dataclasses.replace(services, llm=llm), saver)
        config: Any = {"configurable": {"thread_id": f"bench-tokens-{uuid.uuid4()}"}}
        await graph.ainvoke(
            {"repo_path": str(root), "learner": f"bench-{uuid.uuid4().hex[:8]}", "language": "en"},
            config,
            context=ReviewContext(write_log=False),
        )
        values = (await graph.aget_state(config)).values
        report = values["report"]
        paths = [f.path for f in values["scan"].files]
        return {
            "loc": report.metrics.loc,
            "budget": llm.budget,
            "usage": {u.node: u for u in report.metrics.llm},
            "repo_tokens": repo_tokens(root, paths),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1k,10k,100k", help="repo sizes in lines")
    parser.add_argument("--commits", type=int, default=200, help="history length of each repo")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    header = " | ".join(f"{node} ev/prompt" for node in NODES)
    print(f"| lines | {header} | LLM total | repo tokens | share |")
    print("|" + " --- |" * (len(NODES) + 4))
    totals: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="mentor-bench-tokens-") as tmp:
        for word in arguments.sizes.split(","):
            loc = _size(word)
            root = Path(tmp) / f"repo-{loc}"
            generate_repo(root, loc, arguments.commits, seed=arguments.seed)
            result = asyncio.run(measure(root))
            usage = result["usage"]
            cells = [
                f"{usage[n].evidence_tokens:,}/{usage[n].prompt_tokens:,}" if n in usage else "—"
                for n in NODES
            ]
            total = sum(u.prompt_tokens + u.completion_tokens for u in usage.values())
            totals[loc] = total
            failed = [n for n, u in usage.items() if u.fallback]
            if failed:
                raise SystemExit(f"the counting model failed in {failed}: the figures are wrong")
            share = total / result["repo_tokens"] if result["repo_tokens"] else 0.0
            print(
                f"| {result['loc']:,} | {' | '.join(cells)} | {total:,} | "
                f"{result['repo_tokens']:,} | {share:.1%} |"
            )
    if 10_000 in totals and 100_000 in totals and totals[10_000]:
        growth = totals[100_000] / totals[10_000] - 1
        print(f"\n10k -> 100k lines: LLM tokens {growth:+.1%} (goal: within ±20%)")
    print(f"per-node evidence budget: MENTOR_LLM_BUDGET (default {2500:,} tokens)")


if __name__ == "__main__":
    main()
