"""The analysis cache: what one review writes, the next one reads; bad entries are misses.
Where a fixed line came from is kept there too, by commit."""

from __future__ import annotations

import subprocess
import sys
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


def test_a_corrupt_entry_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    entry = _cached()
    cache = AnalysisCache(tmp_path)
    cache.put(entry)
    cache.flush()
    (written,) = list(tmp_path.rglob("*.json"))
    written.write_text("{not json")

    fresh = AnalysisCache(tmp_path)
    assert fresh.get("app/jobs.py", entry.analysis.blob_sha) is None
    fresh.put(entry)
    fresh.flush()
    assert AnalysisCache(tmp_path).get("app/jobs.py", entry.analysis.blob_sha) == entry


def test_a_process_that_exits_without_flushing_still_writes_its_entries(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mentorbot.cache import NO_ORIGIN, AnalysisCache, CachedFile\n"
        "from mentorbot.rules.engine import analyze_python_file\n"
        "cache = AnalysisCache(Path(sys.argv[1]))\n"
        "for index in range(50):\n"
        "    source = f'VALUE = {index}\\n'.encode()\n"
        "    cache.put(CachedFile(analysis=analyze_python_file(f'm{index}.py', source)))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, timeout=120)

    reader = AnalysisCache(tmp_path)
    for index in range(50):
        expected = analyze_python_file(f"m{index}.py", f"VALUE = {index}\n".encode())
        found = reader.get(f"m{index}.py", expected.blob_sha)
        assert found is not None and found.analysis == expected


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
