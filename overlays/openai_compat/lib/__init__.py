"""openai-python's `openai.lib` modules that apply here (`openai_compat.lib.azure`)."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["azure"]


def __getattr__(name: str) -> Any:
    if name in __all__:  # submodules load on first use
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
