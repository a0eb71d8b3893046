"""The small, stable runtime that generated code imports - and nothing else of the package.

The seam is one-way: `openai_compat._generated` imports only this module; the hand-written
overlays import generated code, never the reverse. Keep this module tiny and its names stable,
because every generated file depends on them.
"""

from __future__ import annotations

from ._model import BaseModel, GenericModel
from ._sentinels import NOT_GIVEN, NotGiven, Omit, not_given, omit
from ._operation import Operation, Param

__all__ = [
    "NOT_GIVEN",
    "BaseModel",
    "GenericModel",
    "NotGiven",
    "Omit",
    "Operation",
    "Param",
    "not_given",
    "omit",
]
