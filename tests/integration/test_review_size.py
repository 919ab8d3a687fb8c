"""The overview's size is the code's: a committed dataset and a lock file are counted apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentorbot.jsonout import report_json
from tests.gitrepo import GitRepo

ANALYSE = 'import pandas as pd\n\ndf = pd.read_csv("data/weather.csv")\nprint(df.describe())\n'
PYPROJECT = '[project]\nname = "weather"\nversion = "0.1.0"\ndependencies = ["pandas>=2.2"]\n'


async def test_a_dataset_and_a_lock_file_are_no_lines_of_code(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A course dashboard of 197 lines of Python was "18,047 lines", 17,570 of them CSV
    (blind check p1)."""
    repo = GitRepo(tmp_path / "weather").init()
    repo.write("analyse.py", ANALYSE)
    repo.write("pyproject.toml", PYPROJECT)
    rows = "".join(f"2020-01-01T{hour % 24:02d}:00,{hour % 7}.5\n" for hour in range(500))
    repo.write("data/weather.csv", "time,temp\n" + rows)
    packages = "".join(f'[[package]]\nname = "pkg{n}"\nversion = "1.0.0"\n\n' for n in range(40))
    repo.write("uv.lock", "version = 1\n\n" + packages)
    repo.commit("weather analysis")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")
    metrics = report_json(run["report"], "en", log_path=None)["metrics"]

    assert (metrics["files"], metrics["loc"], metrics["data_loc"]) == (4, 3 + 4, 501 + 121)
    log = Path(run["log_path"]).read_text(encoding="utf-8")
    assert "- **Size**: 4 files, 7 lines (blank lines not counted), besides 622 lines" in log
    assert "- **Languages**: toml 4 lines, python 3 lines\n" in log


SPIDER = (
    "import scrapy\n\n\nclass CoversSpider(scrapy.Spider):\n    name = 'covers'\n\n"
    "    def parse(self, response):\n        yield {'title': response.css('h3::text').get()}\n"
)


async def test_a_scrapers_json_output_is_data_and_its_config_json_is_not(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A scraper of 265 lines was "3,405 lines", 3,124 of them the records it scraped into
    covers.json (blind check s1). A JSON configuration stays among the languages."""
    repo = GitRepo(tmp_path / "covers").init()
    repo.write("spiders/covers.py", SPIDER)
    records = ",\n".join(f' {{"title": "Book {n}", "image": "{n}.jpg"}}' for n in range(300))
    repo.write("spiders/covers.json", f"[\n{records}\n]\n")
    repo.write("frontend/tsconfig.json", '{\n  "compilerOptions": {"strict": true}\n}\n')
    repo.commit("covers spider and its output")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")
    metrics = report_json(run["report"], "en", log_path=None)["metrics"]

    assert (metrics["loc"], metrics["data_loc"]) == (5 + 3, 302)
    log = Path(run["log_path"]).read_text(encoding="utf-8")
    assert "- **Languages**: python 5 lines, json 3 lines\n" in log


async def test_a_puzzle_input_is_data_not_the_learners_lines(
    tmp_path: Path, review: Any, learner: str
) -> None:
    """A 15-line Advent of Code solution was "2,009 lines", 2,000 of them its day01_input.txt,
    while the same numbers as a CSV were data (blind check x1)."""
    repo = GitRepo(tmp_path / "aoc").init()
    repo.write(
        "days/day01.py",
        "with open('days/day01_input.txt') as f:\n    numbers = [int(n) for n in f]\n"
        "print(sum(b > a for a, b in zip(numbers, numbers[1:])))\n",
    )
    repo.write("days/day01_input.txt", "".join(f"{n * 37 % 9000 + 100}\n" for n in range(2000)))
    repo.commit("day 1")

    run = await review(repo_path=str(repo.path), learner=learner, language="en")
    metrics = report_json(run["report"], "en", log_path=None)["metrics"]

    assert (metrics["loc"], metrics["data_loc"]) == (3, 2000)
    log = Path(run["log_path"]).read_text(encoding="utf-8")
    assert "- **Size**: 2 files, 3 lines (blank lines not counted), besides 2,000 lines" in log
    assert "- **Languages**: python 3 lines\n" in log
