"""Generates a learner-style FastAPI repository of a given size and history, deterministically.

The final tree is planned first (routers, models, schemas, services, tests, 100-400 lines a file,
about one open mistake per 300 lines). The history then grows that tree block by block; about
one commit in five is a fix commit ("fix: ..." / "修复：...") that removes a mistake an earlier
commit introduced, so the lesson miner has real before/after pairs to analyse. The commits are
written with ``git fast-import``: a thousand ``git commit`` calls would take longer than the review.

Run alone: ``python bench/genrepo.py OUT_DIR --loc 10000 --commits 1000``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.blocks import Block, Import, Names, Variant, imports
from bench.static_files import STATIC_FILES, main_module
from bench.templates import TEMPLATES

KINDS = ("router", "model", "schema", "service", "test")
NOUNS = (
    ("item", "items"), ("order", "orders"), ("product", "products"), ("invoice", "invoices"),
    ("customer", "customers"), ("post", "posts"), ("comment", "comments"), ("course", "courses"),
    ("lesson", "lessons"), ("ticket", "tickets"), ("booking", "bookings"),
    ("payment", "payments"), ("category", "categories"), ("supplier", "suppliers"),
    ("shipment", "shipments"), ("coupon", "coupons"), ("playlist", "playlists"),
    ("project", "projects"), ("task", "tasks"), ("event", "events"),
)  # fmt: skip
PREAMBLES: dict[str, Variant] = {
    "service": Variant("logger = logging.getLogger(__name__)\n", imports(("logging", None))),
}
STDLIB = frozenset({"asyncio", "collections", "datetime", "decimal", "logging", "time", "typing"})
LINES_PER_OPEN_MISTAKE = 300
FIX_EVERY = 5
START_EPOCH = 1_704_067_200
FIX_MESSAGES: dict[str, tuple[str, str]] = {
    "blocking": (
        "fix: stop blocking the event loop in {name}",
        "修复：{name} 里的 time.sleep 阻塞了事件循环",
    ),
    "bare-except": (
        "fix: catch the specific error in {name}",
        "修复：{name} 不再用裸 except 吞掉异常",
    ),
    "sql": (
        "fix: bind the value as a parameter in {name}",
        "修复：{name} 改用参数绑定，不再用 f-string 拼 SQL",
    ),
    "session": (
        "fix: inject the db session with Depends in {name}",
        "修复：{name} 改为通过 Depends 获取数据库会话",
    ),
}


@dataclass
class PlannedFile:
    path: str
    kind: str
    names: Names
    blocks: list[Block] = field(default_factory=list)
    open_blocks: set[int] = field(default_factory=set)

    def module(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".py")


@dataclass(frozen=True)
class GeneratedRepo:
    path: Path
    python_files: int
    python_lines: int
    commits: int
    fix_commits: int
    open_mistakes: int


def _entity(index: int) -> Names:
    noun, plural = NOUNS[index % len(NOUNS)]
    generation = index // len(NOUNS)
    tag = str(generation + 1) if generation else ""
    return Names(e=f"{noun}{tag}", E=f"{noun.capitalize()}{tag}", P=f"{plural}{tag}")


def _path(kind: str, names: Names) -> str:
    return {
        "router": f"app/routers/{names.e}.py",
        "model": f"app/models/{names.e}.py",
        "schema": f"app/schemas/{names.e}.py",
        "service": f"app/services/{names.e}_service.py",
        "test": f"tests/test_{names.e}.py",
    }[kind]


def _import_lines(wanted: set[Import]) -> str:
    groups: list[list[str]] = [[], [], []]
    modules = sorted({module for module, _ in wanted})
    for module in modules:
        top = module.split(".")[0]
        group = groups[0 if top in STDLIB else 2 if top == "app" else 1]
        if (module, None) in wanted:
            group.append(f"import {module}")
        names = sorted(name for mod, name in wanted if mod == module and name is not None)
        if names:
            group.append(f"from {module} import {', '.join(names)}")
    return "\n\n".join("\n".join(group) for group in groups if group)


def render_file(planned: PlannedFile, count: int, buggy: set[int]) -> str:
    """The file with its first ``count`` blocks; ``buggy`` blocks carry their mistake."""
    variants: list[Variant] = []
    for index, block in enumerate(planned.blocks[:count]):
        carries_bug = index in planned.open_blocks or index in buggy
        variants.append(block.bug if carries_bug and block.bug else block.ok)
    preamble = PREAMBLES.get(planned.kind)
    if planned.kind == "router":
        text = f'router = APIRouter(prefix="/{planned.names.P}", tags=["{planned.names.P}"])\n'
        preamble = Variant(text, imports(("fastapi", "APIRouter")))
    wanted: set[Import] = set(preamble.imports) if preamble else set()
    for variant in variants:
        wanted |= variant.imports
    parts = [
        f'"""{planned.kind.capitalize()} code for {planned.names.P}."""',
        _import_lines(wanted),
    ]
    if preamble:
        parts.append(preamble.text.rstrip("\n"))
    head = "\n\n".join(parts) + "\n"
    return head + "".join("\n\n" + variant.text for variant in variants)


def _line_count(text: str) -> int:
    return text.count("\n")


def plan_files(target_loc: int, rng: random.Random) -> list[PlannedFile]:
    """Files in creation order, their final size adding up to ``target_loc`` lines of Python."""
    static_loc = sum(_line_count(t) for p, t in STATIC_FILES.items() if p.endswith(".py"))
    planned: list[PlannedFile] = []
    loc = static_loc
    since_open = 0
    open_kinds = dict.fromkeys(FIX_MESSAGES, 0)
    entity = 0
    while True:
        for kind in KINDS:
            main_loc = _line_count(main_module([f.module() for f in planned if f.kind == "router"]))
            remaining = target_loc - loc - main_loc - 2
            if remaining < target_loc * 0.03 or remaining < 20:
                return planned
            names = _entity(entity)
            planned_file = PlannedFile(_path(kind, names), kind, names)
            size = min(rng.randint(100, 400), max(remaining, 30))
            templates = TEMPLATES[kind]
            lines = 0
            while lines < size:
                index = len(planned_file.blocks)
                round_no = index // len(templates)
                suffix = f"_v{round_no + 1}" if round_no else ""
                path = f"/v{round_no + 1}" if round_no else ""
                if kind == "test":
                    path = f"/{names.P}{path}"
                block = templates[index % len(templates)](names, suffix, path)
                planned_file.blocks.append(block)
                since_open += _line_count(block.ok.text) + 2
                if block.bug_kind is not None and since_open >= LINES_PER_OPEN_MISTAKE:
                    # Spread the open mistakes over the four kinds, not only the commonest.
                    rarest = min(open_kinds.values())
                    if (
                        open_kinds[block.bug_kind] == rarest
                        or since_open >= 2 * LINES_PER_OPEN_MISTAKE
                    ):
                        planned_file.open_blocks.add(index)
                        open_kinds[block.bug_kind] += 1
                        since_open = 0
                lines = _line_count(render_file(planned_file, len(planned_file.blocks), set()))
            planned.append(planned_file)
            loc += lines
        entity += 1


class _Writer:
    """Streams commits into ``git fast-import``."""

    def __init__(self, repo: Path) -> None:
        self.process = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE
        )
        assert self.process.stdin is not None
        self.stream = self.process.stdin
        self.timestamp = START_EPOCH

    def commit(self, message: str, files: dict[str, str], rng: random.Random) -> None:
        self.timestamp += rng.randint(20 * 60, 30 * 3600)
        encoded = message.encode()
        who = f"Learner <learner@example.com> {self.timestamp} +0800\n".encode()
        self.stream.write(b"commit refs/heads/main\nauthor " + who + b"committer " + who)
        self.stream.write(b"data %d\n%s\n" % (len(encoded), encoded))
        for path, text in sorted(files.items()):
            data = text.encode()
            self.stream.write(
                b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)
            )
        self.stream.write(b"\n")

    def close(self) -> None:
        self.stream.write(b"done\n")
        self.stream.close()
        if self.process.wait() != 0:
            raise RuntimeError("git fast-import failed")


def _growth_message(planned: list[PlannedFile], group: list[tuple[int, int]], english: bool) -> str:
    file_index, block_index = group[0]
    target = planned[file_index]
    name = target.blocks[block_index].name
    if target.kind == "test":
        return f"test: cover {name}" if english else f"test：补充 {name} 的用例"
    if block_index == 0:
        label = f"{target.names.P} {target.kind}"
        return f"feat: add the {label}" if english else f"feat：新增 {label}"
    return f"feat: add {name}" if english else f"feat：实现 {name}"


def generate_repo(path: Path, target_loc: int, commits: int, seed: int = 7) -> GeneratedRepo:
    """Write a git repository at ``path`` (created) and check its HEAD out."""
    rng = random.Random(f"{seed}-{target_loc}-{commits}")
    planned = plan_files(target_loc, rng)
    events: list[tuple[float, int, int]] = []
    for file_index, planned_file in enumerate(planned):
        moment = 0.0 if file_index == 0 else file_index / len(planned) * 0.9 + rng.uniform(0, 0.05)
        for block_index in range(len(planned_file.blocks)):
            events.append((moment, file_index, block_index))
            moment += rng.uniform(0, 0.08)
    events.sort()
    fix_slots = {i for i in range(commits) if i % FIX_EVERY == FIX_EVERY - 1}
    growth_slots = [i for i in range(commits) if i not in fix_slots]
    group_count = min(len(growth_slots), len(events))
    growth: dict[int, list[tuple[int, int]]] = {}
    for number in range(group_count):
        start = number * len(events) // group_count
        end = (number + 1) * len(events) // group_count
        slot = growth_slots[number * len(growth_slots) // group_count]
        growth[slot] = [(f, b) for _, f, b in events[start:end]]

    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    writer = _Writer(path)
    present = [0] * len(planned)
    buggy: list[set[int]] = [set() for _ in planned]
    changelog = ["# Changelog", ""]
    fixes_done = 0
    for commit_index in range(commits):
        english = rng.random() < 0.5
        remaining_fixes = sum(1 for slot in fix_slots if slot > commit_index)
        wanted = min(2, remaining_fixes)
        pending = sum(len(bugs) for bugs in buggy)
        touched: set[int] = set()
        files: dict[str, str] = {}
        message = ""
        if commit_index in fix_slots and pending:
            candidates = sorted((f, b) for f, bugs in enumerate(buggy) for b in bugs)
            file_index, block_index = rng.choice(candidates)
            buggy[file_index].discard(block_index)
            block = planned[file_index].blocks[block_index]
            english_text, chinese_text = FIX_MESSAGES[block.bug_kind or "blocking"]
            message = (english_text if english else chinese_text).format(name=block.name)
            touched.add(file_index)
            fixes_done += 1
        elif commit_index in growth:
            group = growth[commit_index]
            routers_before = sum(
                1 for i, f in enumerate(planned) if f.kind == "router" and present[i]
            )
            for file_index, block_index in group:
                present[file_index] = max(present[file_index], block_index + 1)
                touched.add(file_index)
                block = planned[file_index].blocks[block_index]
                fixable = (
                    block.bug is not None and block_index not in planned[file_index].open_blocks
                )
                if fixable and pending < wanted:
                    buggy[file_index].add(block_index)
                    pending += 1
            routers = [
                f.module() for i, f in enumerate(planned) if f.kind == "router" and present[i]
            ]
            if commit_index == 0:
                files.update(STATIC_FILES)
                message = "chore: project skeleton" if english else "chore：项目骨架"
            else:
                message = _growth_message(planned, group, english)
            if commit_index == 0 or len(routers) != routers_before:
                files["app/main.py"] = main_module(routers)
        if not message:
            message = "docs: update the changelog" if english else "docs：更新变更记录"
            changelog.append(f"- change {commit_index}: notes on the work so far")
            files["CHANGELOG.md"] = "\n".join(changelog) + "\n"
        if commit_index not in fix_slots and pending < wanted:
            candidates = [
                (f, b)
                for f, planned_file in enumerate(planned)
                for b in range(present[f])
                if planned_file.blocks[b].bug is not None
                and b not in planned_file.open_blocks
                and b not in buggy[f]
            ]
            for file_index, block_index in rng.sample(
                candidates, min(wanted - pending, len(candidates))
            ):
                buggy[file_index].add(block_index)
                touched.add(file_index)
                if message.startswith(("docs", "文档")):
                    name = planned[file_index].blocks[block_index].name
                    message = f"refactor: rework {name}" if english else f"refactor：重写 {name}"
        for file_index in touched:
            files[planned[file_index].path] = render_file(
                planned[file_index], present[file_index], buggy[file_index]
            )
        writer.commit(message, files, rng)
    writer.close()
    subprocess.run(["git", "-C", str(path), "reset", "-q", "--hard"], check=True)
    python = [p for p in path.rglob("*.py") if ".git" not in p.parts]
    return GeneratedRepo(
        path=path,
        python_files=len(python),
        python_lines=sum(_line_count(p.read_text()) for p in python),
        commits=commits,
        fix_commits=fixes_done,
        open_mistakes=sum(len(f.open_blocks) for f in planned),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--loc", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    print(generate_repo(arguments.out, arguments.loc, arguments.commits, arguments.seed))


if __name__ == "__main__":
    main()
