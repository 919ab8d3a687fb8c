"""Reading inputs: folders recurse, and every bad file is named before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mentorbot.knowledge.ingest import (
    MAX_FILE_BYTES,
    IngestError,
    collect_files,
    infer_kind,
    read_sources,
    read_text_file,
)


def test_folders_recurse_and_keep_markdown_and_text_only(tmp_path: Path) -> None:
    (tmp_path / "notes" / "week1").mkdir(parents=True)
    (tmp_path / "notes" / ".hidden").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "notes" / "week1" / "b.txt").write_text("b\n", encoding="utf-8")
    (tmp_path / "notes" / "week1" / "c.markdown").write_text("c\n", encoding="utf-8")
    (tmp_path / "notes" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "notes" / ".hidden" / "d.md").write_text("d\n", encoding="utf-8")
    plan = tmp_path / "study-plan.md"
    plan.write_text("# Plan\n", encoding="utf-8")

    files = collect_files([plan, tmp_path / "notes"])

    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "study-plan.md",
        "notes/a.md",
        "notes/week1/b.txt",
        "notes/week1/c.markdown",
    ]


def test_kind_follows_the_file_name() -> None:
    assert infer_kind(Path("docs/learning_log_step3.md")) == "log"
    assert infer_kind(Path("docs/study-plan.md")) == "plan"
    assert infer_kind(Path("学习计划.md")) == "plan"
    assert infer_kind(Path("notes/async.md")) == "note"


def test_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as error:
        collect_files([tmp_path / "nope.md"])
    assert (
        str(error.value) == f"nothing was ingested: {tmp_path / 'nope.md'}: no such file or folder"
    )


def test_each_kind_of_bad_file_gets_its_own_reason(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    gbk = tmp_path / "gbk.md"
    gbk.write_bytes("异步函数".encode("gbk"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9 \xff\xfe")
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    loop = tmp_path / "loop.md"
    os.symlink(loop, loop)

    reasons = {}
    for path in (empty, binary, gbk, latin, huge, loop):
        with pytest.raises(IngestError) as error:
            read_text_file(path)
        reasons[path.name] = str(error.value).removeprefix(f"{path}: ")

    assert reasons == {
        "empty.md": "empty, nothing to index",
        "photo.md": "a binary file, not text",
        "gbk.md": "not UTF-8 text (byte 0xd2 at offset 0) (it reads as GBK/GB18030: convert it "
        "with `iconv -f GB18030 -t UTF-8`)",
        "latin.txt": "not UTF-8 text (byte 0xe9 at offset 3)",
        "huge.md": "5.0 MB is over the 5 MB limit for one document; split it",
        "loop.md": "cannot read it (Too many levels of symbolic links)",
    }


def test_a_bom_is_dropped_and_all_bad_files_are_reported_together(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_bytes("\ufeff# 计划\n".encode())
    assert read_text_file(good) == "# 计划\n"

    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01")
    with pytest.raises(IngestError) as error:
        read_sources([good, empty, binary], None)
    assert str(error.value) == (
        f"nothing was ingested: {empty}: empty, nothing to index; {binary}: a binary file, not text"
    )
