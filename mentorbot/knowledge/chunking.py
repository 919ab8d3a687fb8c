"""Markdown-aware chunking and the word segmentation both retrievals share.

A chunk is the body of one heading section (or a slice of a long one), with the path of headings
above it kept, so a search hit can name — and link to — the section it came from. Fenced code
blocks are atomic: a chunk may hold several, but never half of one.

We split by hand rather than with ``MarkdownHeaderTextSplitter``: it drops the blank lines that
separate paragraphs (our packing unit) and has no notion of an oversized section whose code
must stay whole. The ``<!-- mentor:begin/end -->`` markers of review logs are dropped: they are
bookkeeping, not content.

Full text: Chinese has no spaces, so ``segment`` cuts text into words with jieba's search mode
(which also emits the shorter words inside long ones) and reduces every token to plain words
separated by spaces. PostgreSQL's ``simple`` parser then finds exactly those words on both the
indexing and the query side. The cutting is done by ``rjieba``, the Rust port of jieba with the
same dictionary: it gives the same words as the Python jieba (a test holds it to that, so stores
written by either match the same questions), loads in a quarter of a second instead of more than
one, and segments about eight times faster.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

DEFAULT_MAX_CHARS = 1500

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_MARKER = re.compile(r"^\s*<!--\s*mentor:(?:begin|end)\b.*-->\s*$")
_NON_WORD = re.compile(r"[\W_]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;.])\s*")

# Words that carry no topic in a question; dropped on both sides so they neither match nor rank.
STOPWORDS = frozenset(
    """
    的 了 是 在 和 与 或 及 也 就 都 而 着 吗 呢 吧 啊 呀 这 那 这个 那个 个 之 以 于 把 被 让
    给 对 从 到 为 里 用 我 你 他 她 它 我们 你们 他们 有 要 会 能 可以 什么 为什么 怎么 怎样 如何
    哪 哪些 哪里 一个 一些 这些 那些 这样 那样 还 又 再 很 更 最 所以 因为 如果 但是 但 还是
    a an the of to in on for and or is are was were be been it its this that these those with
    as at by from how why what when where which who do does did can could should would will
    i my me you your we our they their not no so if then than there here into about also just
    """.split()
)

_cut_for_search: Callable[[str], list[str]] | None = None
_segmenter_lock = threading.Lock()


def load_segmenter() -> Callable[[str], list[str]]:
    """Load the dictionary once, on first use rather than at import (it takes ~0.25 s)."""
    global _cut_for_search
    if _cut_for_search is None:
        with _segmenter_lock:
            if _cut_for_search is None:
                import rjieba

                _cut_for_search = rjieba.cut_for_search
    return _cut_for_search


def _tokens(text: str, cut: Callable[[str], list[str]]) -> Iterator[str]:
    """jieba for the runs of Chinese characters, a plain word split for everything else.

    jieba walks its dictionary graph character by character, ASCII included; handing it only
    the Chinese runs is faster and keeps English words whole, split at punctuation.
    """
    position = 0
    for run in _CJK_RUN.finditer(text):
        yield from _NON_WORD.split(text[position : run.start()])
        yield from cut(run.group())
        position = run.end()
    yield from _NON_WORD.split(text[position:])


def _cut(run: str) -> list[str]:
    """jieba on one Chinese run; the dictionary loads at the first such run, so text without
    Chinese (an English log, a question in English) never pays for it."""
    return load_segmenter()(run)


def search_words(text: str) -> list[str]:
    """The lower-case words of ``text`` as the full-text index sees them, stopwords removed."""
    return [
        word
        for word in _tokens(text.lower(), _cut)
        if word and word not in STOPWORDS and not (len(word) == 1 and word.isascii())
    ]


def segment(text: str) -> str:
    """Space-separated words for ``to_tsvector('simple', …)`` (Chinese cut by jieba)."""
    return " ".join(search_words(text))


def segment_many(texts: list[str]) -> list[str]:
    """``segment`` over a batch; the unit of work sent to a segmentation process."""
    return [segment(text) for text in texts]


def or_query(text: str) -> str:
    """A ``to_tsquery`` expression matching any word of the question; '' when it has none.

    Questions are phrased unlike the notes that answer them, so every word may match and the
    ranking (``ts_rank_cd``) prefers chunks that match more of them, closer together.
    """
    return " | ".join(dict.fromkeys(search_words(text)))


@dataclass(frozen=True)
class TextChunk:
    """One chunk of a document: its place, its heading path and its text."""

    ordinal: int
    heading_path: tuple[str, ...]
    text: str

    @property
    def heading(self) -> str:
        return self.heading_path[-1] if self.heading_path else ""

    def indexed_text(self) -> str:
        """What is embedded and segmented: the headings say what the body is about."""
        if not self.heading_path:
            return self.text
        return " / ".join(self.heading_path) + "\n" + self.text


@dataclass(frozen=True)
class _Block:
    text: str
    is_code: bool


def _blocks(lines: list[str]) -> Iterator[_Block]:
    """Paragraphs (split at blank lines) and whole fenced code blocks, in order."""
    paragraph: list[str] = []
    code: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            code.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                yield _Block("\n".join(code), True)
                code, fence = [], None
            continue
        opening = _FENCE.match(line)
        if opening:
            if paragraph:
                yield _Block("\n".join(paragraph), False)
                paragraph = []
            fence = opening.group(1)
            code = [line]
        elif line.strip():
            paragraph.append(line)
        elif paragraph:
            yield _Block("\n".join(paragraph), False)
            paragraph = []
    if code:  # an unclosed fence runs to the end of the section, as Markdown renders it
        yield _Block("\n".join(code), True)
    if paragraph:
        yield _Block("\n".join(paragraph), False)


def _split_prose(text: str, max_chars: int) -> list[str]:
    """A paragraph longer than a chunk: cut at line ends, then sentence ends, then anywhere."""
    pieces: list[str] = []
    for line in text.split("\n"):
        if len(line) <= max_chars:
            pieces.append(line)
            continue
        for sentence in _SENTENCE_END.split(line):
            while len(sentence) > max_chars:
                pieces.append(sentence[:max_chars])
                sentence = sentence[max_chars:]
            if sentence:
                pieces.append(sentence)
    parts: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 1 + len(piece) > max_chars:
            parts.append(current)
            current = piece
        else:
            current = f"{current}\n{piece}" if current else piece
    if current:
        parts.append(current)
    return parts


def _pack(blocks: list[_Block], max_chars: int) -> list[str]:
    """Consecutive blocks joined into chunks of at most ``max_chars`` (code kept whole)."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        pieces = [block.text]
        if not block.is_code and len(block.text) > max_chars:
            pieces = _split_prose(block.text, max_chars)
        for piece in pieces:
            if current and size + 2 + len(piece) > max_chars:
                chunks.append("\n\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + (2 if size else 0)
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def markdown_sections(text: str) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """(heading path, body lines) per heading section; headings inside code are just code."""
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:
            body.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            body.append(line)
            continue
        if _MARKER.match(line):
            continue
        heading = _HEADING.match(line)
        if heading:
            yield tuple(title for _, title in stack), body
            level = len(heading.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading.group(2).strip()))
            body = []
        else:
            body.append(line)
    yield tuple(title for _, title in stack), body


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def chunk_markdown(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[TextChunk]:
    """Chunks by heading, each with its heading path; empty sections give none."""
    chunks: list[TextChunk] = []
    for path, lines in markdown_sections(_normalise(text)):
        for body in _pack(list(_blocks(lines)), max_chars):
            chunks.append(TextChunk(ordinal=len(chunks), heading_path=path, text=body))
    return chunks


def chunk_plain(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> list[TextChunk]:
    """Chunks of a plain text file: paragraphs packed, no headings."""
    paragraphs = [
        _Block(part.strip("\n"), False)
        for part in re.split(r"\n\s*\n", _normalise(text))
        if part.strip()
    ]
    return [
        TextChunk(ordinal=index, heading_path=(), text=body)
        for index, body in enumerate(_pack(paragraphs, max_chars))
    ]


def markdown_title(text: str) -> str:
    """The first heading (or else the first non-blank line), for listing a document."""
    fallback = ""
    for path, lines in markdown_sections(_normalise(text)):
        if path:
            return path[0]
        fallback = fallback or next((line.strip() for line in lines if line.strip()), "")
    return fallback[:200]
