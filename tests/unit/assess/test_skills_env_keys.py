"""An LLM app whose key comes from the environment the idiomatic way: ``load_dotenv()`` and a
client made with no key (its SDK reads ``OPENAI_API_KEY``), or a check that the environment
sets the key. Both are configuration read from outside the code; a client handed a key written
in the code is not (blind check h1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import SkillArea
from tests.unit.assess.scenarios import cites, plan_files

AGENT = b"""\
from dotenv import load_dotenv
from langchain.chat_models import init_chat_model

load_dotenv()


def build_model():
    return init_chat_model("openai:gpt-4o-mini", temperature=0)
"""
CHECKED = b"""\
import os

from openai import OpenAI

if "OPENAI_API_KEY" not in os.environ:
    raise ValueError("Missing OPENAI_API_KEY in environment!")
client = OpenAI()
reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])
"""
GIVEN_A_KEY = b"""\
from dotenv import load_dotenv
from openai import OpenAI

load_dotenv()
client = OpenAI(api_key="sk-proj-Zq8Lw3Nc5Vb7Xm1Kj4Hg6Fd2Sa9Po0Iu")
reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])
"""
LOCAL_MODEL = b"""\
from dotenv import load_dotenv
from langchain_ollama import ChatOllama

load_dotenv()
llm = ChatOllama(model="llama3.2")
"""


def _areas(root: Path, sources: dict[str, bytes]) -> dict[str, SkillArea]:
    return {area.key: area for area in plan_files(root, sources).skills.areas}


def test_a_dotenv_loaded_for_a_client_made_without_a_key_is_configuration(
    tmp_path: Path,
) -> None:
    """Its LLM best practice had been "neither streaming nor config from the environment"."""
    areas = _areas(tmp_path, {"app/agent.py": AGENT})

    assert areas["llm-agents"].best_practice.rubric == "llm-agents.best_practice.partial"
    security = areas["security"].understanding
    assert security.rubric == "security.understanding.good"
    assert cites(security) == ["app/agent.py:4", "app/agent.py:8"]


def test_a_check_that_the_environment_sets_the_key_is_configuration(tmp_path: Path) -> None:
    areas = _areas(tmp_path, {"chat.py": CHECKED})

    assert areas["llm-agents"].best_practice.rubric == "llm-agents.best_practice.partial"
    assert areas["security"].understanding.rubric == "security.understanding.good"
    config = areas["config-containers"].understanding
    assert (config.rubric, cites(config)) == (
        "config-containers.understanding.partial",
        ["chat.py:5"],
    )


def test_a_client_handed_a_key_or_a_local_model_reads_none_from_the_environment(
    tmp_path: Path,
) -> None:
    given = _areas(tmp_path / "given", {"chat.py": GIVEN_A_KEY})
    local = _areas(tmp_path / "local", {"chat.py": LOCAL_MODEL})

    assert given["llm-agents"].best_practice.rubric == "llm-agents.best_practice.missing"
    assert given["security"].understanding.rubric == "security.understanding.missing"
    assert local["llm-agents"].best_practice.rubric == "llm-agents.best_practice.missing"
    assert local["security"].understanding.rubric == "security.understanding.unseen"
