"""A key written in base64 is committed all the same: a "fix" that only encodes it solved
nothing, and the lesson of the commit that really took it out never shows the encoding
(blind check h1)."""

from __future__ import annotations

import base64
from pathlib import Path

from tests.gitrepo import GitRepo
from tests.mining import solved_lessons

DASHSCOPE_KEY = "sk-4e7b2c9a1f8d46e0b3a5c7d9e2f1a684"
ENCODED_KEY = base64.b64encode(DASHSCOPE_KEY.encode()).decode()
STARTER = """\
{imports}import dashscope
from dashscope import Generation

dashscope.api_key = {value}
response = Generation.call(model="qwen-plus", prompt="Explain climate change simply.")
print(response.output.text)
"""


def _starter(value: str, imports: str = "") -> str:
    return STARTER.format(imports=imports, value=value)


def test_a_key_only_base64_encoded_is_not_solved_and_its_encoding_never_shows(
    tmp_path: Path,
) -> None:
    repo = GitRepo(tmp_path / "repo").init()
    repo.write("requirements.txt", "dashscope\n")
    repo.write("starter_code.py", _starter(f'"{DASHSCOPE_KEY}"'))
    repo.commit("My first AI app with Qwen-Plus")
    repo.write(
        "starter_code.py",
        _starter(f'base64.b64decode("{ENCODED_KEY}").decode()', imports="import base64\n\n"),
    )
    repo.commit("修复：隐藏 starter 脚本里的 API key")

    assert solved_lessons(repo, tmp_path / "encoded") == []

    repo.write(
        "starter_code.py",
        _starter('os.environ["DASHSCOPE_API_KEY"]', imports="import os\n\n"),
    )
    sha = repo.commit("fix: read the DashScope key from the environment")

    [lesson] = solved_lessons(repo, tmp_path / "fixed")
    assert (lesson.commit, lesson.rule, lesson.path) == (sha, "MB107", "starter_code.py")
    shown = lesson.model_dump_json()
    assert ENCODED_KEY not in shown
    assert DASHSCOPE_KEY not in shown
