"""Review benchmark: cold review, re-review and peak memory on generated repos, against references.

For generated learner repos of 1k, 10k and 100k lines of Python with 10 and 1,000 commits it prints
the cold review time (empty analysis cache), the re-review time with nothing changed (the next
step, as ``mentor review`` numbers it by default: no new commits) and with the full history again
(another learner, warm cache), the peak RSS of the review process, and as references a bare
``ast.parse`` of the same files and ``ruff check`` with the review's own rule selection. Goals
(issue text): a cold review within 2x (parse + ruff); a re-review under 10% of the cold time;
memory flat in the number of commits.

A review's time is its wall time from opening the services (connecting to the running server,
checking migrations, as ``mentor review`` does first) until
the log is written, the review recorded and the log remembered. The duration the log itself
states covers only the graph's nodes up to the rendered log; the detail table shows it too.

Each review runs in its own process (``bench/runner.py``) so its peak RSS is its own. One embedded
PostgreSQL server is held open by this process for all of them; only the analysis cache and the
temp dir (ruff's cache lives there) are wiped before a cold run. Start-up of the server is not
part of a review's time anyway, nor are the two things the first command after an install does
once: migrating the new database and writing a float32 copy of the bundled model's weights (it
stays in the cache between runs).

Run from the repo root with the venv active: ``python bench/review.py [--quick] [--profile]``.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.genrepo import generate_repo
from bench.tables import RepoResult, print_profile, print_results

RUNNER = Path(__file__).resolve().with_name("runner.py")
REFERENCE_REPEATS = 3
SIZE_WORDS = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def _size(word: str) -> int:
    return SIZE_WORDS.get(word.lower(), None) or int(word.replace("_", ""))


def parse_reference(root: Path) -> float:
    """Best-of-3 seconds to read and ``ast.parse`` every ``.py`` file of the tree."""
    paths: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if name != ".git"]
        paths.extend(Path(folder) / name for name in names if name.endswith(".py"))
    best = float("inf")
    for _ in range(REFERENCE_REPEATS):
        started = time.perf_counter()
        for path in paths:
            ast.parse(path.read_bytes(), filename=str(path))
        best = min(best, time.perf_counter() - started)
    return best


def ruff_reference(root: Path) -> float:
    """Best-of-3 seconds of ``ruff check`` on the tree with the codes the review selects."""
    from mentorbot.rules.registry import ruff_codes
    from mentorbot.rules.ruff import ruff_binary

    binary = ruff_binary()
    if binary is None:
        raise SystemExit("ruff binary not found: activate the project's venv")
    command = [binary, "check", "--isolated", "--no-cache", "--select", ",".join(ruff_codes())]
    command += ["--target-version", "py311", "--exit-zero", "--output-format", "json", "."]
    best = float("inf")
    for _ in range(REFERENCE_REPEATS):
        started = time.perf_counter()
        subprocess.run(command, cwd=root, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


class Bench:
    """One scratch dir: the MENTOR_HOME (database, cache), the repos and a private TMPDIR."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.tmp = root / "tmp"
        self.repos = root / "repos"
        for folder in (self.home, self.tmp, self.repos):
            folder.mkdir(parents=True, exist_ok=True)
        self.server_held = False

    def hold_server(self) -> None:
        """Start the embedded server from this process so every review joins a running one, and
        write the model's float32 copy once (see ``wipe_caches``)."""
        from mentorbot.knowledge.embedded import ensure_embedded_server
        from mentorbot.knowledge.embedders import MATRIX_DIR, WordLlamaEmbeddings

        ensure_embedded_server(self.home)
        self.server_held = True
        WordLlamaEmbeddings(matrix_dir=self.home / "cache" / MATRIX_DIR).load()
        self.migrate()

    def migrate(self) -> None:
        """Create the schema and the checkpointer's tables, as a new install's first command does.

        Like the server's start, that happens once per database, not once per repo: without this
        the first repo's cold review alone carried it (~0.25 s).
        """
        command = [sys.executable, str(RUNNER), "--migrate"]
        subprocess.run(command, env=self.environment(), capture_output=True, check=True)

    def environment(self) -> dict[str, str]:
        environment = {**os.environ, "MENTOR_HOME": str(self.home), "TMPDIR": str(self.tmp)}
        environment.pop("DATABASE_URL", None)
        return environment

    def release_server(self) -> None:
        if self.server_held:
            from mentorbot.knowledge.embedded import release_embedded_server

            release_embedded_server(self.home)
            self.server_held = False

    def wipe_caches(self) -> None:
        """Forget every analysis: the content cache and ruff's own cache (under our TMPDIR).

        The float32 copy of the bundled model's weights (``cache/models``) stays: the first
        review after an install makes it once, like the database server's start, and neither
        is part of reviewing a repo.
        """
        from mentorbot.knowledge.embedders import MATRIX_DIR

        cache = self.home / "cache"
        for entry in cache.iterdir() if cache.is_dir() else ():
            if entry.name == MATRIX_DIR:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir()

    def review(self, inputs: dict[str, Any], profile_out: Path | None = None) -> dict[str, Any]:
        """One review in a fresh process; its JSON line of measurements."""
        environment = self.environment()
        command = [sys.executable, str(RUNNER), json.dumps(inputs)]
        if profile_out is not None:
            command.append(str(profile_out))
        started = time.perf_counter()
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"review of {inputs['repo_path']} failed (exit {done.returncode})")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        result["process_s"] = time.perf_counter() - started
        return result

    def measure(self, loc: int, commits: int, seed: int) -> RepoResult:
        path = self.repos / f"loc{loc}-commits{commits}"
        started = time.perf_counter()
        repo = generate_repo(path, loc, commits, seed=seed)
        generate_s = time.perf_counter() - started
        learner = f"bench-{loc}-{commits}"
        inputs = {"repo_path": str(path), "learner": learner, "step": 1, "language": "en"}
        self.wipe_caches()
        cold = self.review(inputs)
        rerun = self.review({**inputs, "step": 2})
        rerun_full = self.review({**inputs, "learner": f"{learner}-full"})
        return RepoResult(
            repo=repo,
            target_loc=loc,
            generate_s=generate_s,
            parse_s=parse_reference(path),
            ruff_s=ruff_reference(path),
            cold=cold,
            rerun=rerun,
            rerun_full=rerun_full,
        )

    def profile(self, result: RepoResult, out: Path, *, warm: bool) -> dict[str, Any]:
        """A cold (cache wiped) or warm full-history review of ``result``'s repo, under cProfile."""
        if not warm:
            self.wipe_caches()
        inputs = {
            "repo_path": str(result.repo.path),
            "learner": f"bench-profile-{'warm' if warm else 'cold'}-{result.repo.path.name}",
            "step": 1,
            "language": "en",
        }
        return self.review(inputs, profile_out=out)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1k,10k,100k", help="lines of Python, e.g. 1k,10k")
    parser.add_argument("--commits", default="10,1000", help="history lengths, e.g. 10,1000")
    parser.add_argument("--quick", action="store_true", help="only the 1k and 10k repos")
    parser.add_argument("--seed", type=int, default=7, help="seed of the repo generator")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="largest",
        metavar="LOC/COMMITS",
        help="also profile a cold and a warm full-history review of one repo (e.g. 10k/1000; "
        "default: the largest); cProfile makes them several times slower",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch dir (printed)")
    return parser.parse_args()


def _profile_target(choice: str, results: list[RepoResult]) -> RepoResult:
    if choice == "largest":
        return max(results, key=lambda r: (r.repo.python_lines, r.repo.commits))
    loc_word, _, commits_word = choice.partition("/")
    loc, commits = _size(loc_word), int(commits_word or "0")
    for result in results:
        if result.repo.path.name == f"loc{loc}-commits{commits}":
            return result
    raise SystemExit(f"--profile {choice}: that repo was not in the matrix")


def main() -> None:
    arguments = _arguments()
    sizes = [_size(word) for word in arguments.sizes.split(",") if word.strip()]
    if arguments.quick:
        sizes = [size for size in sizes if size <= 10_000]
    commit_counts = [int(word) for word in arguments.commits.split(",") if word.strip()]
    root = Path(tempfile.mkdtemp(prefix="mentor-bench-"))
    bench = Bench(root)
    results: list[RepoResult] = []
    try:
        started = time.perf_counter()
        bench.hold_server()
        print(f"embedded server up in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        for loc in sizes:
            for commits in commit_counts:
                print(f"reviewing {loc} lines / {commits} commits ...", file=sys.stderr, flush=True)
                result = bench.measure(loc, commits, arguments.seed)
                print(
                    f"  cold {result.cold['wall_s']:.2f}s, re-review {result.rerun['wall_s']:.2f}s",
                    file=sys.stderr,
                    flush=True,
                )
                results.append(result)
        print_results(results)
        if arguments.profile and results:
            target = _profile_target(arguments.profile, results)
            for warm in (False, True):
                kind = "warm full-history" if warm else "cold"
                print(f"profiling a {kind} review of {target.label} ...", file=sys.stderr)
                out = root / f"{kind.split()[0]}.prof"
                bench.profile(target, out, warm=warm)
                print_profile(out, f"{kind} review of {target.label}")
    finally:
        bench.release_server()
        if arguments.keep:
            print(f"scratch dir kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
