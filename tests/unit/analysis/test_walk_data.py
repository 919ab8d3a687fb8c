"""Which walked files are data, counted apart from the learner's code: records a scraper wrote,
a puzzle's input."""

from __future__ import annotations

from pathlib import Path

from mentorbot.analysis.walk import walk_repo


def _write(root: Path, relpath: str, content: str) -> None:
    target = root / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")


def test_json_records_are_data_and_json_settings_are_not(tmp_path: Path) -> None:
    """What a scraper wrote (a top-level array, or a long dump) is data; a configuration file
    stays JSON whatever its length, and so does a short object (blind check s1)."""
    long_object = "{\n" + ",\n".join(f'  "k{n}": {n}' for n in range(600)) + "\n}\n"
    _write(tmp_path, "spiderP/audible_covers.json", '\ufeff[\n  {"title": "Dune"}\n]\n')
    _write(tmp_path, "data/answers.json", long_object)
    _write(tmp_path, "events.jsonl", '{"a": 1}\n{"a": 2}\n')
    _write(tmp_path, "package.json", long_object)
    _write(tmp_path, "backend/settings.json", long_object)
    _write(tmp_path, "config/app_config.json", '{"debug": false}\n')

    languages = {walked.path: walked.language for walked in walk_repo(tmp_path).files}

    assert languages == {
        "backend/settings.json": "json",
        "config/app_config.json": "json",
        "data/answers.json": "json-data",
        "events.jsonl": "json-data",
        "package.json": "json",
        "spiderP/audible_covers.json": "json-data",
    }


def test_puzzle_inputs_are_data_and_notes_stay_text(tmp_path: Path) -> None:
    """Advent of Code's 2,000-line day01_input.txt made a 15-line solution "2,009 lines"
    (blind check x1); a note in a data folder, a README and pip's requirements are no data."""
    numbers = "".join(f"{n * 37 % 9000 + 100}\n" for n in range(50))
    _write(tmp_path, "days/day01_input.txt", numbers)
    _write(tmp_path, "2021/input.txt", "forward 5\ndown 5\nup 3\n")
    _write(tmp_path, "inputs/day08.txt", "#..#.\n.##..\n")
    _write(tmp_path, "data/notes.txt", "These are the numbers my teacher gave us in class.\n")
    _write(tmp_path, "readme.txt", "Run day01.py to solve the first puzzle.\n")
    _write(tmp_path, "requirements.txt", "requests==2.32.3\n")

    languages = {walked.path: walked.language for walked in walk_repo(tmp_path).files}

    assert languages == {
        "2021/input.txt": "text-data",
        "data/notes.txt": "text",
        "days/day01_input.txt": "text-data",
        "inputs/day08.txt": "text-data",
        "readme.txt": "text",
        "requirements.txt": "requirements",
    }
