"""The checkpointer revives the review's values as our domain models, wherever in the domain
package they are defined: a model left off the allowlist comes back as a plain dict, and the
nodes after it fail on ``report.metrics``."""

from __future__ import annotations

from mentorbot.domain import FileAnalysis, Finding, Plan, ReviewReport, SkillMatrix, Text
from mentorbot.knowledge.checkpoint import checkpoint_serializer, domain_model_classes


def test_every_domain_model_is_allowed_whatever_module_of_the_package_defines_it() -> None:
    allowed = set(domain_model_classes())
    assert {ReviewReport, Finding, FileAnalysis, Plan, SkillMatrix, Text} <= allowed


def test_a_report_comes_back_from_a_checkpoint_as_a_report() -> None:
    serializer = checkpoint_serializer()
    text = Text(zh="你好", en="hello")

    revived = serializer.loads_typed(serializer.dumps_typed({"note": text}))

    assert revived == {"note": text}
    assert isinstance(revived["note"], Text)
