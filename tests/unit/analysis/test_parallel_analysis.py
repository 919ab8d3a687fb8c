"""Large scans analyse files on every core; the result must be the same as one process gives."""

from __future__ import annotations

import pytest

from mentorbot import scanning

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


def test_parallel_analysis_finds_exactly_what_one_process_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jobs = [(path, path.endswith(".py"), data) for path, data in SOURCES.items()] * 3
    serial = scanning.analyse_sources(jobs)
    monkeypatch.setattr(scanning, "PARALLEL_MIN_BYTES", 0)
    parallel = scanning.analyse_sources(jobs, workers=2)

    assert [a.path for a in parallel] == [path for path, _, _ in jobs]
    assert parallel == serial
    rules = {f.rule for a in parallel for f in a.findings}
    assert {"MB001", "MB101", "MB107", "MB108"} <= rules
