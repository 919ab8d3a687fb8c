"""The analysis cache: what one review writes, the next one reads; bad entries are misses.
Where a fixed line came from is kept there too, by commit."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from mentorbot.cache import NO_ORIGIN, AnalysisCache, CachedFile
from mentorbot.rules.engine import analyze_python_file

SOURCE = b"import time\n\n\nasync def tick() -> None:\n    time.sleep(1)\n"


def _cached(path: str = "app/jobs.py", source: bytes = SOURCE) -> CachedFile:
    return CachedFile(analysis=analyze_python_file(path, source), ruff=())


def test_an_entry_is_served_at_once_and_read_back_by_the_next_review(tmp_path: Path) -> None:
    entry = _cached()
    writer = AnalysisCache(tmp_path)
    writer.put(entry)
    assert writer.get("app/jobs.py", entry.analysis.blob_sha) == entry
    writer.flush()

    reader = AnalysisCache(tmp_path)
    assert reader.get("app/jobs.py", entry.analysis.blob_sha) == entry
    assert reader.get("app/other.py", entry.analysis.blob_sha) is None
    assert (reader.hits, reader.misses) == (1, 1)


def _written_file(cache_dir: Path, entry: CachedFile) -> Path:
    """The analyses' file of a cache that holds ``entry``."""
    cache = AnalysisCache(cache_dir)
    cache.put(entry)
    cache.close()
    (written,) = list(cache_dir.glob("analysis-*.sqlite3"))
    return written


def _served_again_after_a_miss(cache_dir: Path, entry: CachedFile) -> None:
    fresh = AnalysisCache(cache_dir)
    assert fresh.get("app/jobs.py", entry.analysis.blob_sha) is None
    fresh.put(entry)
    fresh.close()
    assert AnalysisCache(cache_dir).get("app/jobs.py", entry.analysis.blob_sha) == entry


def test_a_corrupt_entry_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    entry = _cached()
    written = _written_file(tmp_path, entry)
    with closing(sqlite3.connect(written)) as connection, connection:
        assert connection.execute("UPDATE analyses SET value = ?", (b"{not json",)).rowcount == 1
    _served_again_after_a_miss(tmp_path, entry)


def test_a_cache_file_that_is_not_a_database_is_started_again(tmp_path: Path) -> None:
    entry = _cached()
    _written_file(tmp_path, entry).write_bytes(b"these bytes were never a database" * 200)
    _served_again_after_a_miss(tmp_path, entry)


def test_a_cache_dir_that_cannot_be_made_only_costs_the_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache dir should be")
    entry = _cached()
    cache = AnalysisCache(blocked)
    cache.put(entry)
    cache.put_origin("a" * 40, "app/main.py", 3, ("b" * 40, "2026-01-05T10:00:00+00:00"))
    cache.close()

    again = AnalysisCache(blocked)
    assert again.get("app/jobs.py", entry.analysis.blob_sha) is None
    assert again.origin("a" * 40, "app/main.py", 3) is None
    assert (again.hits, again.misses) == (0, 1)
    assert blocked.read_text() == "a file where the cache dir should be"


_WRITER_SCRIPT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from mentorbot.cache import AnalysisCache, CachedFile\n"
    "from mentorbot.rules.engine import analyze_python_file\n"
    "cache = AnalysisCache(Path(sys.argv[1]))\n"
    "for index in range(int(sys.argv[2]), int(sys.argv[3])):\n"
    "    source = f'VALUE = {index}\\n'.encode()\n"
    "    cache.put(CachedFile(analysis=analyze_python_file(f'm{index}.py', source)))\n"
)


def _assert_written(cache_dir: Path, indexes: range) -> None:
    reader = AnalysisCache(cache_dir)
    for index in indexes:
        expected = analyze_python_file(f"m{index}.py", f"VALUE = {index}\n".encode())
        found = reader.get(f"m{index}.py", expected.blob_sha)
        assert found is not None and found.analysis == expected


def test_a_process_that_exits_without_flushing_still_writes_its_entries(tmp_path: Path) -> None:
    command = [sys.executable, "-c", _WRITER_SCRIPT, str(tmp_path), "0", "50"]
    subprocess.run(command, check=True, timeout=120)
    _assert_written(tmp_path, range(50))


def test_processes_writing_the_same_cache_at_once_lose_nothing(tmp_path: Path) -> None:
    """The CLI, the server and batch workers share one cache dir."""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER_SCRIPT, str(tmp_path), str(start), str(start + 200)]
        )
        for start in (0, 200, 400)
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0]
    _assert_written(tmp_path, range(600))


def test_a_lines_origin_is_remembered_by_commit_and_never_by_a_movable_name(
    tmp_path: Path,
) -> None:
    commit, origin = "a" * 40, ("b" * 40, "2026-01-05T10:00:00+00:00")
    writer = AnalysisCache(tmp_path)
    writer.put_origin(commit, "app/main.py", 10, origin)
    writer.put_origin(commit, "app/gone.py", 3, None)
    writer.put_origin("HEAD~1", "app/main.py", 10, origin)
    assert writer.origin(commit, "app/main.py", 10) == origin
    writer.flush()

    reader = AnalysisCache(tmp_path)
    assert reader.origin(commit, "app/main.py", 10) == origin
    assert reader.origin(commit, "app/gone.py", 3) == NO_ORIGIN
    assert reader.origin(commit, "app/main.py", 11) is None
    assert reader.origin("HEAD~1", "app/main.py", 10) is None
    assert reader.origin_hits == 2


def test_an_upgrade_leaves_no_dead_cache_behind(tmp_path: Path) -> None:
    """The old layout's folders and another analyzer's file unused for weeks go; a file another
    version used recently, and the model's weights beside the cache, stay."""
    legacy = tmp_path / "analysis-0123456789ab" / "ab"
    legacy.mkdir(parents=True)
    (legacy / "ab12.json").write_text("{}")
    (tmp_path / "origins-2" / "cd").mkdir(parents=True)
    weeks_ago = time.time() - 30 * 24 * 3600
    old_version = tmp_path / "analysis-aaaaaaaaaaaa.sqlite3"
    recent_version = tmp_path / "analysis-bbbbbbbbbbbb.sqlite3"
    for version in (old_version, recent_version):
        version.write_bytes(b"")
    os.utime(old_version, (weeks_ago, weeks_ago))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "weights.npy").write_bytes(b"\0" * 16)

    cache = AnalysisCache(tmp_path)
    entry = _cached()
    cache.put(entry)
    cache.close()

    deadline = time.monotonic() + 60
    while (tmp_path / "origins-2").exists() or old_version.exists():
        assert time.monotonic() < deadline, sorted(path.name for path in tmp_path.iterdir())
        time.sleep(0.05)
    assert not (tmp_path / "analysis-0123456789ab").exists()
    assert recent_version.exists() and (tmp_path / "models" / "weights.npy").exists()
    assert AnalysisCache(tmp_path).get("app/jobs.py", entry.analysis.blob_sha) == entry
