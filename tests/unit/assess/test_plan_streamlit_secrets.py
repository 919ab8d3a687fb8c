"""Streamlit's ``.streamlit/secrets.toml`` is where ``st.secrets`` reads the keys from: a
force-committed one is to leave git and go to the host's secrets settings, not to be "read from
the environment" through a settings class (blind check h2)."""

from __future__ import annotations

from mentorbot.rules.engine import analyze_text_file
from mentorbot.rules.review import review_sources
from tests.unit.assess.scenarios import Scan, plan_for

SECRETS = (
    b"# deploy on streamlit cloud\n"
    b'OPENAI_API_KEY = "sk-proj-W3mZ8qT1vB6nK4xR9cL2hY7pD5fJ0gA8sE3uN6kV1tQ2"\n'
)
APP = (
    b"import streamlit as st\nfrom openai import OpenAI\n\n"
    b'client = OpenAI(api_key=st.secrets["OPENAI_API_KEY"])\n'
)


def _task_for(secrets_path: str) -> str:
    sources = {secrets_path: SECRETS, "app.py": APP}
    [found] = [f for f in review_sources(sources, []) if f.rule == "MB107"]
    scan = Scan(analyses=[], findings=[found], stack=[], paths=list(sources))
    return next(t.text.en for t in plan_for(scan).tasks if secrets_path in t.text.en)


def test_a_committed_streamlit_secrets_file_is_told_to_leave_git_not_to_read_the_environment() -> (
    None
):
    [found] = analyze_text_file(".streamlit/secrets.toml", SECRETS).findings

    assert "read it from the environment" not in found.message.en
    assert "this file is Streamlit's secret store" in found.message.en
    assert "`git rm --cached`" in found.message.en
    assert "`git add -f`" in found.message.en
    assert "Streamlit Cloud" in found.message.en
    assert "Streamlit 的密钥文件" in found.message.zh
    assert "Streamlit Cloud 的 Secrets 设置" in found.message.zh


def test_a_committed_streamlit_secrets_file_is_a_task_to_untrack_it() -> None:
    task = _task_for("web/.streamlit/secrets.toml")

    assert task.startswith(
        "Stop committing web/.streamlit/secrets.toml: take it out of git with "
        "`git rm --cached web/.streamlit/secrets.toml`"
    )
    assert "if .gitignore lists it already, `git add -f` forced it in" in task
    assert "Secrets settings on Streamlit Cloud" in task
    assert "settings class" not in task


def test_a_secrets_toml_outside_streamlit_keeps_its_advice() -> None:
    [found] = analyze_text_file("config/secrets.toml", SECRETS).findings

    assert "Streamlit" not in found.message.en
    assert "Streamlit" not in _task_for("config/secrets.toml")
