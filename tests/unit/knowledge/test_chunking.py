"""Markdown chunking keeps heading paths and whole code blocks; segmentation for full text."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from mentorbot.knowledge.chunking import (
    _tokens,
    chunk_markdown,
    chunk_plain,
    load_segmenter,
    markdown_title,
    or_query,
    search_words,
    segment,
)

LOG = """\
<!-- mentor:begin title sha=abc123 -->
# Step 2 学习日志：todo
<!-- mentor:end title -->

<!-- mentor:begin problems sha=def456 -->
## 问题与解决

### 尚待解决的问题

#### 异步函数里的阻塞调用（2 处，严重程度高）

- `app/main.py:19` 阻塞调用（MB101）
<!-- mentor:end problems -->
"""


def test_chunks_carry_their_heading_path_and_markers_are_dropped() -> None:
    chunks = chunk_markdown(LOG)

    assert [(c.ordinal, c.heading_path, c.text) for c in chunks] == [
        (
            0,
            (
                "Step 2 学习日志：todo",
                "问题与解决",
                "尚待解决的问题",
                "异步函数里的阻塞调用（2 处，严重程度高）",
            ),
            "- `app/main.py:19` 阻塞调用（MB101）",
        )
    ]
    assert chunks[0].heading == "异步函数里的阻塞调用（2 处，严重程度高）"
    assert chunks[0].indexed_text().startswith("Step 2 学习日志：todo / 问题与解决 / ")


def test_a_code_block_is_never_split_and_its_comments_are_not_headings() -> None:
    code = "```python\n# not a heading\n" + "x = 1\n\n" * 200 + "```"
    text = f"# Notes\n\nintro paragraph\n\n{code}\n\n## After\n\ntail"

    chunks = chunk_markdown(text, max_chars=300)

    assert [c.heading_path for c in chunks] == [("Notes",), ("Notes",), ("Notes", "After")]
    assert chunks[0].text == "intro paragraph"
    assert chunks[1].text == code
    assert chunks[2].text == "tail"


def test_long_prose_is_split_at_sentence_ends_below_the_limit() -> None:
    sentence = "事件循环被阻塞时其他请求只能排队。"
    text = "## 原因\n\n" + sentence * 40

    chunks = chunk_markdown(text, max_chars=100)

    assert len(chunks) == 8
    assert all(len(c.text) <= 100 for c in chunks)
    assert "".join(c.text.replace("\n", "") for c in chunks) == sentence * 40
    assert {c.heading_path for c in chunks} == {("原因",)}


def test_plain_text_packs_paragraphs_without_headings() -> None:
    chunks = chunk_plain("first paragraph\n\nsecond paragraph\n\n\nthird", max_chars=35)

    assert [(c.heading_path, c.text) for c in chunks] == [
        ((), "first paragraph\n\nsecond paragraph"),
        ((), "third"),
    ]


def test_title_is_the_first_heading_or_first_line() -> None:
    assert markdown_title(LOG) == "Step 2 学习日志：todo"
    assert markdown_title("just a line\n\nmore") == "just a line"


def test_segment_cuts_chinese_keeps_code_words_and_drops_stopwords() -> None:
    assert search_words("为什么 async 里不能用 time.sleep？") == ["async", "不能", "time", "sleep"]
    assert segment("用 Depends 注入数据库会话") == "depends 注入 数据 据库 数据库 会话"
    assert segment("The session_factory is missing") == "session factory missing"


def test_or_query_matches_any_distinct_word() -> None:
    assert or_query("Why can't I use time.sleep in async def? async!") == (
        "use | time | sleep | async | def"
    )
    assert or_query("的 了 是") == ""


def test_segmentation_gives_the_python_jiebas_words_so_older_stores_still_match() -> None:
    # Stores written before the switch to rjieba hold the Python jieba's words; questions cut by
    # rjieba must find the same ones. The retrieval bench's documents mix Chinese and English.
    import jieba

    jieba.setLogLevel(logging.WARNING)
    documents = sorted((Path(__file__).parents[3] / "bench/retrieval_eval/docs").glob("*.md"))
    assert len(documents) >= 20
    for document in documents:
        text = document.read_text(encoding="utf-8").lower()
        python_jieba = list(_tokens(text, lambda run: list(jieba.cut_for_search(run))))
        assert list(_tokens(text, load_segmenter())) == python_jieba, document.name


def test_text_without_chinese_is_segmented_without_loading_the_dictionary() -> None:
    """An English log or question must not pay jieba's dictionary load (~0.1 s)."""
    script = (
        "import sys\n"
        "from mentorbot.knowledge.chunking import segment\n"
        "english = segment('Blocking time.sleep calls in async routes')\n"
        "loaded_for_english = 'rjieba' in sys.modules\n"
        "chinese = segment('异步路由里的阻塞调用')\n"
        "print(english, loaded_for_english, 'rjieba' in sys.modules, chinese, sep='|')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    english, loaded_for_english, loaded_after, chinese = done.stdout.strip().split("|")
    assert english == "blocking time sleep calls async routes"
    assert (loaded_for_english, loaded_after) == ("False", "True")
    assert "阻塞" in chinese.split()
