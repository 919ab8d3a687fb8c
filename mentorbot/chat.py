"""What the mentor chat says: retrieval queries, passages, citations and extractive answers.

With no LLM configured the chat answers *extractively*: the passages of the learner's own logs
and documents that match the question best, each with where it comes from, under a label that
says so. The text comes from a template per language (``prompts/chat_extractive.<lang>.md.j2``)
and is streamed one paragraph at a time through :class:`ScriptedChatModel`, a chat-model shim,
so LangGraph's ``messages`` stream carries it exactly as it would carry an LLM's tokens.

LLM mode plugs in at :data:`Answerer`: a function from an :class:`AnswerRequest` to the chat
model (and prompt) that writes the answer. :func:`extractive_answerer` is the default;
``mentorbot.chat_llm`` has the LLM's.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

from jinja2 import Template
from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from typing_extensions import TypedDict

from mentorbot.knowledge.chunking import search_words
from mentorbot.knowledge.memory import heading_anchor
from mentorbot.knowledge.retrieval import SearchHit
from mentorbot.render import template_environment

Language = Literal["zh", "en"]
AnswerMode = Literal["extractive", "llm"]

EXCERPT_CHARS = 480
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[。！？.!?])\s*")


class Passage(TypedDict):
    """One retrieved piece of a learner's document, as the answer quotes it."""

    source: str
    heading_path: list[str]
    kind: str
    text: str
    score: float


class Citation(TypedDict):
    """Where a numbered passage of an answer comes from."""

    n: int
    source: str
    heading: str
    kind: str
    link: str


def detect_language(text: str, default: Language = "zh") -> Language:
    """Chinese if the message has any Chinese characters, English if only Latin letters."""
    if _CJK.search(text):
        return "zh"
    if _LATIN.search(text):
        return "en"
    return default


def retrieval_query(message: str, earlier_questions: Sequence[str], turns: int) -> str:
    """The search text of a turn: the question plus the last ``turns`` earlier questions.

    A follow-up such as "how do I fix that?" names nothing; the question before it does.
    """
    recent = [question for question in earlier_questions[-turns:] if turns > 0]
    return "\n".join([*recent, message]).strip()


def earlier_questions(messages: Sequence[BaseMessage]) -> list[str]:
    return [message.text for message in messages if isinstance(message, HumanMessage)]


def to_passage(hit: SearchHit) -> Passage:
    return Passage(
        source=hit.document,
        heading_path=list(hit.heading_path),
        kind=hit.kind,
        text=hit.text,
        score=round(hit.score, 6),
    )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The passage on one line, cut after the last whole sentence that fits in ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    ends = [match.start() for match in _SENTENCE_END.finditer(cut) if match.start() > limit // 2]
    return (cut[: ends[-1]] if ends else cut.rstrip()) + " …"


def citation(n: int, passage: Passage) -> Citation:
    path = tuple(passage["heading_path"])
    anchor = heading_anchor(path[-1]) if path else ""
    link = f"{passage['source']}#{anchor}" if anchor else passage["source"]
    return Citation(
        n=n, source=passage["source"], heading=" › ".join(path), kind=passage["kind"], link=link
    )


def citations(passages: Sequence[Passage]) -> list[Citation]:
    return [citation(n, passage) for n, passage in enumerate(passages, start=1)]


EXTRACTIVE_TEMPLATE = "chat_extractive"
_templates: dict[tuple[str, Language], Template] = {}


def load_template(language: Language, name: str = EXTRACTIVE_TEMPLATE) -> Template:
    """The template ``name`` in ``language``, read from its file once (file I/O on first use)."""
    if (name, language) not in _templates:
        _templates[name, language] = template_environment().get_template(f"{name}.{language}.md.j2")
    return _templates[name, language]


def template_loaded(language: Language, name: str = EXTRACTIVE_TEMPLATE) -> bool:
    return (name, language) in _templates


def paragraphs(text: str) -> list[str]:
    """Rendered Markdown split into the parts it is streamed in, blank lines kept between them."""
    parts = [part.strip() for part in text.split("\n\n") if part.strip()]
    return [part + "\n\n" for part in parts[:-1]] + parts[-1:]


def extractive_paragraphs(
    question: str,
    passages: Sequence[Passage],
    language: Language,
    *,
    template: str = EXTRACTIVE_TEMPLATE,
    **extra: Any,
) -> list[str]:
    """The extractive answer as the paragraphs it is streamed in.

    ``template`` swaps the wording around the quotes (LLM mode's fallback has its own label).
    """
    quoted = [
        {
            **cited,
            "name": PurePath(cited["source"]).name,
            "excerpt": excerpt(passage["text"]),
        }
        for cited, passage in zip(citations(passages), passages, strict=True)
    ]
    text = load_template(language, template).render(question=question, passages=quoted, **extra)
    return paragraphs(text)


# --- the chat-model shim -------------------------------------------------------------------


class ScriptedChatModel(BaseChatModel):
    """A chat model whose answer is written beforehand, streamed one part at a time.

    It makes an extractive answer travel the same road as an LLM's: streamed by the respond
    node (the API's ``token`` events) and, through LangChain's callbacks, into LangGraph's
    ``messages`` stream (Studio's chat).
    """

    parts: list[str]
    mode: AnswerMode = "extractive"

    @property
    def _llm_type(self) -> str:
        return f"mentor-{self.mode}"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = AIMessage(content="".join(self.parts))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for part in self.parts:
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=part))
            if run_manager is not None:
                run_manager.on_llm_new_token(part, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for part in self.parts:
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=part))
            if run_manager is not None:
                await run_manager.on_llm_new_token(part, chunk=chunk)
            yield chunk


# --- the seam between extractive and LLM answers -------------------------------------------


@dataclass(frozen=True)
class AnswerRequest:
    """Everything an answer may draw on: the question, the thread so far, the passages."""

    question: str
    history: Sequence[BaseMessage]
    passages: Sequence[Passage]
    language: Language


@dataclass(frozen=True)
class AnswerOutcome:
    """How a turn was answered, known once its model has run; ``extra`` is kept with the reply."""

    mode: AnswerMode
    citations: list[Citation]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PreparedAnswer:
    """The model that writes the answer and what it is given; the respond node runs it.

    An LLM answer knows its citations (and whether it fell back) only after it has streamed:
    ``outcome`` then tells the node, replacing ``mode`` and ``citations``.
    """

    model: BaseChatModel
    prompt: list[BaseMessage]
    mode: AnswerMode
    citations: list[Citation] = field(default_factory=list)
    outcome: Callable[[], AnswerOutcome] | None = None

    def settled(self) -> AnswerOutcome:
        if self.outcome is not None:
            return self.outcome()
        return AnswerOutcome(self.mode, self.citations)


Answerer = Callable[[AnswerRequest], Awaitable[PreparedAnswer]]


async def extractive_answerer(request: AnswerRequest) -> PreparedAnswer:
    """The answer without an LLM: the best passages, quoted and cited, labelled extractive."""
    if not template_loaded(request.language):
        await asyncio.to_thread(load_template, request.language)
    parts = extractive_paragraphs(request.question, request.passages, request.language)
    return PreparedAnswer(
        model=ScriptedChatModel(parts=parts),
        prompt=[HumanMessage(request.question)],
        mode="extractive",
        citations=citations(request.passages),
    )


_segmenter_loaded = False


async def ensure_segmenter() -> None:
    """Load the word segmenter's dictionary (about a quarter of a second) once, in a thread.

    The search segments the question on the event loop, where that first load would block it.
    """
    global _segmenter_loaded
    if not _segmenter_loaded:
        await asyncio.to_thread(search_words, "预热 warm-up")
        _segmenter_loaded = True
