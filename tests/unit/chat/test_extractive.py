"""Extractive answers: language, follow-up queries, excerpts, citations and the streamed parts."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from mentorbot.chat import (
    Passage,
    ScriptedChatModel,
    citations,
    detect_language,
    earlier_questions,
    excerpt,
    extractive_paragraphs,
    retrieval_query,
)

LOG = "/home/alice/repo/docs/learning_log_step2.md"


def passage(text: str, *heading: str, source: str = LOG, kind: str = "log") -> Passage:
    return Passage(source=source, heading_path=list(heading), kind=kind, text=text, score=0.03)


def test_the_language_follows_the_message() -> None:
    assert detect_language("我上次的主要问题是什么？") == "zh"
    assert detect_language("What was my main problem? 上次") == "zh"
    assert detect_language("What was my main problem last time?") == "en"
    assert detect_language("???", default="en") == "en"


def test_a_follow_up_query_carries_the_earlier_questions() -> None:
    history = [HumanMessage("Why is my API slow?"), AIMessage("[1] ..."), HumanMessage("And DB?")]
    earlier = earlier_questions(history)
    assert earlier == ["Why is my API slow?", "And DB?"]
    assert retrieval_query("How do I fix it?", earlier, 1) == "And DB?\nHow do I fix it?"
    assert retrieval_query("How do I fix it?", earlier, 2) == (
        "Why is my API slow?\nAnd DB?\nHow do I fix it?"
    )
    assert retrieval_query("How do I fix it?", earlier, 0) == "How do I fix it?"


def test_long_passages_are_cut_after_a_whole_sentence() -> None:
    text = "First sentence here. " * 40
    cut = excerpt(text, limit=200)
    assert cut == "First sentence here. " * 8 + "First sentence here. …"
    assert excerpt("short\n\ntext") == "short text"


def test_citations_name_the_document_section_and_its_anchor() -> None:
    cited = citations(
        [
            passage("x", "Step 2", "Problems and solutions", "Blocking calls"),
            passage("y", source="/home/alice/notes/plan.md", kind="plan"),
        ]
    )
    assert cited[0] == {
        "n": 1,
        "source": LOG,
        "heading": "Step 2 › Problems and solutions › Blocking calls",
        "kind": "log",
        "link": f"{LOG}#blocking-calls",
    }
    assert cited[1]["link"] == "/home/alice/notes/plan.md"
    assert cited[1]["n"] == 2


def test_the_extractive_answer_is_labelled_quoted_and_cited_in_parts() -> None:
    parts = extractive_paragraphs(
        "What blocked my event loop?",
        [
            passage("time.sleep in an async handler blocks the loop.", "Log", "Blocking calls"),
            passage("Use bound parameters.", "Log", "SQL", source="/n/sql.md", kind="note"),
        ],
        "en",
    )
    assert len(parts) == 4
    assert parts[0].startswith("_Extractive answer — no language model is configured")
    assert parts[1] == (
        "**[1] learning_log_step2.md › Log › Blocking calls**\n"
        "> time.sleep in an async handler blocks the loop.\n\n"
    )
    assert parts[2].startswith("**[2] sql.md › Log › SQL**")
    assert parts[3] == f"Sources: [1] `{LOG}#blocking-calls` · [2] `/n/sql.md#sql`"


def test_with_nothing_found_the_answer_says_so_in_the_learners_language() -> None:
    (only,) = extractive_paragraphs("怎么改？", [], "zh")
    assert only.startswith("_摘录式回答——未配置大语言模型。_")
    assert "mentor ingest" in only


async def test_the_scripted_model_streams_its_parts_and_returns_them_joined() -> None:
    model = ScriptedChatModel(parts=["one ", "two ", "three"])
    chunks = [chunk.content async for chunk in model.astream([HumanMessage("q")])]
    assert [c for c in chunks if c] == ["one ", "two ", "three"]
    reply = await model.ainvoke([HumanMessage("q")])
    assert reply.content == "one two three"
