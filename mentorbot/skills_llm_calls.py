"""The files that call a model another module builds: ``llm.invoke(...)`` in a route, with
``llm`` from ``app/llm_config.py``. The LLM area's code quality counts the flaws of those calls
there, not only in the module that builds the client (blind check h2)."""

from __future__ import annotations

from mentorbot.rules._llm_clients import LLM_FACTORY_SIGNAL, LLM_OBJECT_SIGNAL
from mentorbot.rules._llm_imports import (
    FACTORY,
    LLM_CALLS_SIGNAL,
    LLM_HELPER_CALLS_SIGNAL,
    goes_through_defined_llm,
)
from mentorbot.rules._names import module_matches
from mentorbot.skills_facts import Facts


def llm_caller_files(facts: Facts) -> tuple[str, ...]:
    """Files whose functions make a request through an LLM client, chain or agent that another
    module of the project builds (paired as MB101 pairs them), tests left out."""
    defined: dict[str, dict[str, list[str]]] = {}
    for kind in (LLM_OBJECT_SIGNAL, LLM_FACTORY_SIGNAL):
        for item in facts.signals(kind):
            key = f"{item.signal.detail}:{item.signal.name}"
            defined.setdefault(kind, {}).setdefault(key, []).append(item.path)
    if not defined:
        return ()

    def is_defined(via: str, kind: str, module: str, name: str) -> bool:
        index = defined.get(LLM_FACTORY_SIGNAL if via == FACTORY else LLM_OBJECT_SIGNAL, {})
        return any(module_matches(module, path) for path in index.get(f"{kind}:{name}", ()))

    return tuple(
        sorted(
            {
                item.path
                for item in facts.signals(LLM_CALLS_SIGNAL, LLM_HELPER_CALLS_SIGNAL)
                if not facts.in_tests(item.path)
                and goes_through_defined_llm(item.signal, is_defined)
            }
        )
    )
