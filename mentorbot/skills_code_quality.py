"""The rubric's decisions for general code quality: type hints over the functions, module
docstrings, and logging.

Same contract as ``skills_areas``: the judge returns rubric keys plus the signals that decided
them; thresholds match ``curriculum/rubric.toml``.
"""

from __future__ import annotations

from mentorbot.fact_values import as_int
from mentorbot.skills_areas import MAX_EVIDENCE, UNSEEN, AreaJudgement, Judgement, by_count, cite
from mentorbot.skills_facts import Facts, Located
from mentorbot.skills_rubric import RubricKey


def _ratio_note(module: Located) -> str:
    """Neutral like a signal's note; the log words it (``fully annotated functions 3/4``)."""
    return (
        f"annotated-functions {as_int(module.get('annotated_functions'))}"
        f"/{as_int(module.get('functions'))}"
    )


def _definitions(module: Located) -> int:
    return as_int(module.get("functions")) + as_int(module.get("classes"))


def _package_marker(module: Located) -> bool:
    """An ``__init__.py`` that defines nothing: it marks a package, and neither counts against
    the docstring habit nor is the place to start it (blind check h2)."""
    return module.path.rsplit("/", 1)[-1] == "__init__.py" and not _definitions(module)


def judge_code_quality(facts: Facts) -> AreaJudgement:
    generated = set(facts.generated_files())
    modules = facts.signals(
        "module", where=lambda m: not facts.in_tests(m.path) and m.path not in generated
    )
    with_functions = [m for m in modules if as_int(m.get("functions")) > 0]
    total = sum(as_int(m.get("functions")) for m in with_functions)
    annotated = sum(as_int(m.get("annotated_functions")) for m in with_functions)
    understanding = UNSEEN
    if total:
        ratio = annotated / total
        key: RubricKey = "good" if ratio >= 0.8 else "partial" if ratio >= 0.4 else "missing"
        ordered = sorted(
            with_functions,
            key=lambda m: as_int(m.get("annotated_functions")) / as_int(m.get("functions")),
            reverse=key == "good",
        )
        if key == "partial" and len(ordered) > 1:
            # Typed here, not there: the best-typed module beside the least-typed ones, so the
            # cell (and "concepts you have shown") shows the skill as well as the gap.
            ordered = [ordered[-1], *ordered[:-1]]
        understanding = Judgement(
            key, tuple(m.evidence(_ratio_note(m)) for m in ordered[:MAX_EVIDENCE])
        )
    practice = UNSEEN
    with_code = [m for m in modules if not _package_marker(m)]
    if with_code:
        documented = [m for m in with_code if m.flag("docstring")]
        bare = sorted(
            (m for m in with_code if not m.flag("docstring")), key=lambda m: -_definitions(m)
        )
        if len(documented) * 2 >= len(with_code):
            practice = Judgement("good", cite(documented))
        elif documented:
            # The bare ones are cited as gaps: "concepts you have shown" had listed an empty
            # ``__init__.py`` as a module docstring (blind check d1).
            gaps = tuple(m.evidence("no-docstring") for m in bare[: MAX_EVIDENCE - 1])
            practice = Judgement("partial", cite(documented[:1]) + gaps)
        else:
            practice = Judgement("missing", tuple(m.evidence("no-docstring") for m in bare[:3]))
    first_logs: dict[str, Located] = {}
    for item in facts.signals("logging", where=lambda s: s.path not in generated):
        first_logs.setdefault(item.path, item)
    best = by_count(list(first_logs.values()), 2)
    # The code its findings were looked for in, documented modules first, then those with a
    # function: not an empty ``__init__.py`` shown as something the learner did.
    written = [m for m in modules if m.flag("docstring")] + [
        m for m in modules if not m.flag("docstring") and as_int(m.get("functions")) > 0
    ]
    return AreaJudgement(understanding, practice, best, present=cite(written or modules))
