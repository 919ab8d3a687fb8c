"""Gradio and Streamlit LLM apps: a chat that streams the model's tokens to the page streams
its output, and a key read through ``st.secrets`` is configuration (blind check l1)."""

from __future__ import annotations

from pathlib import Path

from mentorbot.domain import SkillArea
from tests.unit.assess.scenarios import cites, plan_files

GRADIO_CHAT = b"""\
import os

import gradio as gr
from openai import AsyncOpenAI

client = AsyncOpenAI(api_key=os.environ["OPENAI_API_KEY"])
MODEL = os.getenv("OPENAI_MODEL", "gpt-4o-mini")


async def chat(message, history):
    messages = history + [{"role": "user", "content": message}]
    stream = await client.chat.completions.create(model=MODEL, messages=messages, stream=True)
    partial = ""
    async for chunk in stream:
        partial += chunk.choices[0].delta.content or ""
        yield partial


demo = gr.ChatInterface(chat, type="messages")
"""
WHOLE_REPLY_CHAT = GRADIO_CHAT.replace(b", stream=True)", b")").replace(
    b"""    partial = ""
    async for chunk in stream:
        partial += chunk.choices[0].delta.content or ""
        yield partial
""",
    b"    yield stream.choices[0].message.content\n",
)
STREAMLIT_CHAT = b"""\
import streamlit as st
from openai import OpenAI

client = OpenAI(api_key=st.secrets["OPENAI_API_KEY"])
model = st.secrets.get("OPENAI_MODEL", "gpt-4o-mini")
prompt = st.chat_input("Ask")
if prompt:
    reply = client.chat.completions.create(model=model, messages=[])
    st.write(reply.choices[0].message.content)
"""


def _areas(root: Path, sources: dict[str, bytes]) -> dict[str, SkillArea]:
    return {area.key: area for area in plan_files(root, sources).skills.areas}


def test_a_gradio_chat_streaming_the_models_tokens_streams_its_output(tmp_path: Path) -> None:
    """Its best practice had been "only one of: output streamed to the client; model settings
    from the environment"."""
    sources = {"requirements.txt": b"gradio>=5.17\nopenai>=1.64\n", "gradio_app.py": GRADIO_CHAT}

    llm = _areas(tmp_path, sources)["llm-agents"]

    assert llm.best_practice.rubric == "llm-agents.best_practice.good"
    assert cites(llm.best_practice)[0] == "gradio_app.py:10"


def test_a_gradio_chat_yielding_a_whole_reply_streams_nothing(tmp_path: Path) -> None:
    sources = {"gradio_app.py": WHOLE_REPLY_CHAT}

    llm = _areas(tmp_path, sources)["llm-agents"]

    assert b"stream=True" not in WHOLE_REPLY_CHAT and b"yield stream.choices" in WHOLE_REPLY_CHAT
    assert llm.best_practice.rubric == "llm-agents.best_practice.partial"


def test_a_streamlit_apps_st_secrets_are_configuration_read_from_outside_the_code(
    tmp_path: Path,
) -> None:
    """Its Config cell had been "not seen: no configuration code"."""
    areas = _areas(tmp_path, {"requirements.txt": b"streamlit\nopenai\n", "app.py": STREAMLIT_CHAT})

    config = areas["config-containers"].understanding
    assert (config.rubric, cites(config)) == (
        "config-containers.understanding.partial",
        ["app.py:4", "app.py:5"],
    )
    assert areas["security"].understanding.rubric == "security.understanding.good"
    assert areas["llm-agents"].best_practice.rubric == "llm-agents.best_practice.partial"


def test_other_secrets_and_streamlits_session_state_are_no_configuration(tmp_path: Path) -> None:
    """The standard library's ``secrets``, a dict of the app's own named so, the session."""
    source = STREAMLIT_CHAT.replace(b'st.secrets["OPENAI_API_KEY"]', b'secrets["OPENAI_API_KEY"]')
    source = source.replace(b'st.secrets.get("OPENAI_MODEL", ', b'st.session_state.get("m", ')
    source = b"import secrets as tokens\n" + source.replace(
        b"client =", b'secrets = {"OPENAI_API_KEY": tokens.token_hex(16)}\nclient =', 1
    )

    areas = _areas(tmp_path, {"app.py": source})

    assert areas["config-containers"].understanding.rubric == (
        "config-containers.understanding.unseen"
    )
