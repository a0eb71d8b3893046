"""`from openai_compat.types.graders import StringCheckGrader, ...` as in `openai.types.graders`."""

from __future__ import annotations

from ._aliases import alias_getattr

# openai-python's name -> the spec's schema (class) name.
GRADER_NAMES: dict[str, str] = {
    "StringCheckGrader": "GraderStringCheck",
    "TextSimilarityGrader": "GraderTextSimilarity",
    "PythonGrader": "GraderPython",
    "ScoreModelGrader": "GraderScoreModel",
    "LabelModelGrader": "GraderLabelModel",
    "MultiGrader": "GraderMulti",
}

__all__ = sorted(GRADER_NAMES)
__getattr__ = alias_getattr(GRADER_NAMES, __name__)


def __dir__() -> list[str]:
    return __all__
