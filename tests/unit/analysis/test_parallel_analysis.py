"""Big scans analyse files on every core; the result must be what one process gives."""

from __future__ import annotations

import pytest

from mentorbot import analysis_pool
from mentorbot.analysis_pool import AnalysisPool

SOURCES = {
    "app/routes.py": (
        b"import time\nfrom fastapi import FastAPI\napp = FastAPI()\n\n"
        b"@app.get('/items')\nasync def items():\n    time.sleep(1)\n    return []\n"
    ),
    "app/db.py": (
        b"def run(cursor, name):\n    cursor.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n"
    ),
    "app/broken.py": b"def oops(:\n",
    "app/latin.py": "name = 'caf\u00e9'\n".encode("latin-1"),
    "config/settings.yaml": b"password: s3cr3t-Value-42\n",
}


def test_worker_processes_find_exactly_what_one_process_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jobs = [(path, path.endswith(".py"), data) for path, data in SOURCES.items()] * 6
    serial = AnalysisPool(1).analyse(jobs)
    monkeypatch.setattr(analysis_pool, "START_MIN_BYTES", 0)
    pool = AnalysisPool(2)
    try:
        pool.prepare()  # as a first review does: the fork server starts before the batch
        parallel = pool.analyse(jobs)
        assert pool.started
        again = pool.analyse(jobs[:5])
    finally:
        pool.close()

    assert [a.path for a in parallel] == [path for path, _, _ in jobs]
    assert parallel == serial
    assert again == serial[:5]
    rules = {f.rule for a in parallel for f in a.findings}
    assert {"MB001", "MB101", "MB107", "MB108"} <= rules


def test_small_batches_never_start_workers() -> None:
    pool = AnalysisPool(4)
    found = pool.analyse([("app/db.py", True, SOURCES["app/db.py"])] * 3)
    assert not pool.started
    assert [f.rule for f in found[0].findings] == ["MB108"]
