"""Modules of aliases: openai-python's type name -> the model generated for the spec's schema."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_MODELS = "openai_compat._generated.openai.models"


def alias_getattr(names: dict[str, str], module: str) -> Callable[[str], Any]:
    """A module `__getattr__` resolving `names` lazily (and caching them in the module)."""

    def __getattr__(name: str) -> Any:
        schema = names.get(name)
        if schema is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(_MODELS), schema)
        vars(importlib.import_module(module))[name] = value
        return value

    return __getattr__
