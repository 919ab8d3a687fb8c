"""Value objects shared by the analysis, the rules, the graph nodes and the outputs.

Everything here is a frozen pydantic model: immutable, JSON-serialisable for the CLI's
``--format json``, the checkpointer, the analysis cache and LangGraph Studio alike.
"""

from mentorbot.domain.base import (
    CATEGORIES,
    SEVERITY_RANK,
    Category,
    CommitKind,
    FindingSource,
    FindingStatus,
    Frozen,
    Language,
    LessonStatus,
    Level,
    Severity,
    Text,
)
from mentorbot.domain.lessons import Achievement, Lesson, RecurringSource
from mentorbot.domain.plan import Plan, PlanTask, TaskCheck, TaskFollowUp
from mentorbot.domain.review import LlmUsage, Metrics, NodeTiming, PreviousReview, ReviewReport
from mentorbot.domain.scan import (
    Commit,
    FileAnalysis,
    Finding,
    ScanResult,
    Signal,
    SkippedFiles,
    SourceFile,
    StackItem,
)
from mentorbot.domain.skills import Evidence, SkillArea, SkillCell, SkillMatrix

__all__ = [
    "CATEGORIES",
    "SEVERITY_RANK",
    "Achievement",
    "Category",
    "Commit",
    "CommitKind",
    "Evidence",
    "FileAnalysis",
    "Finding",
    "FindingSource",
    "FindingStatus",
    "Frozen",
    "Language",
    "Lesson",
    "LessonStatus",
    "Level",
    "LlmUsage",
    "Metrics",
    "NodeTiming",
    "Plan",
    "PlanTask",
    "PreviousReview",
    "RecurringSource",
    "ReviewReport",
    "ScanResult",
    "Severity",
    "Signal",
    "SkillArea",
    "SkillCell",
    "SkillMatrix",
    "SkippedFiles",
    "SourceFile",
    "StackItem",
    "TaskCheck",
    "TaskFollowUp",
    "Text",
]
