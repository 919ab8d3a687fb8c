"""Token counting and budget packing for LLM prompts, offline.

Counting uses the Llama-2 tokenizer that ships inside the ``wordllama`` wheel (already our
embedding model), so nothing is downloaded at run time. Its 32k vocabulary splits text into more
pieces than the tokenizers of current hosted models, so budgets counted with it are conservative.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tokenizers import Tokenizer

TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"


@cache
def _tokenizer() -> Tokenizer | None:
    try:
        path = resources.files("wordllama").joinpath(TOKENIZER_FILE)
        return Tokenizer.from_str(path.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, OSError, ValueError, Exception):
        return None


def count_tokens(text: str) -> int:
    """Tokens in ``text``; without the tokenizer, a conservative estimate (3 chars a token)."""
    if not text:
        return 0
    tokenizer = _tokenizer()
    if tokenizer is None:
        return len(text) // 3 + 1
    return len(tokenizer.encode(text, add_special_tokens=False).ids)


def dump_data(value: Any) -> str:
    """Compact JSON in which ``<`` is escaped, so quoted text can never close a delimiter tag."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def clip(text: str, max_lines: int = 8, max_chars: int = 600) -> str:
    """The first lines of a snippet, at most ``max_chars`` long: evidence, not the whole file."""
    lines = text.strip("\n").splitlines()[:max_lines]
    clipped = "\n".join(lines)
    return clipped if len(clipped) <= max_chars else clipped[: max_chars - 1] + "…"


@dataclass(frozen=True)
class Packed:
    """Items that fit the budget, their token count, and how many were left out."""

    items: tuple[dict[str, Any], ...]
    tokens: int
    left_out: int


def pack(items: Iterable[dict[str, Any]], budget: int) -> Packed:
    """Takes items in priority order while they fit; a too-big item is skipped, not truncated."""
    kept: list[dict[str, Any]] = []
    used = 0
    left_out = 0
    for item in items:
        cost = count_tokens(dump_data(item)) + 1
        if used + cost > budget:
            left_out += 1
            continue
        kept.append(item)
        used += cost
    return Packed(tuple(kept), used, left_out)


def pack_sections(
    sections: Sequence[tuple[str, Sequence[dict[str, Any]]]], budget: int
) -> tuple[dict[str, Any], int, int]:
    """Packs named lists in order under one budget; returns the data, its tokens, items left out."""
    data: dict[str, Any] = {}
    used = 0
    left_out = 0
    for name, items in sections:
        packed = pack(items, max(budget - used, 0))
        data[name] = list(packed.items)
        used += packed.tokens
        left_out += packed.left_out
    return data, used, left_out
