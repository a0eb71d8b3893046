"""openai-python's `openai.lib`: `openai_compat.lib.azure`, `openai_compat.lib.uploads`
(`UploadProgress`, to resume a chunked upload), and the hand-written helpers (structured
outputs, stream helpers, polling) in the private modules. Submodules load on first use."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["azure", "uploads"]


def __getattr__(name: str) -> Any:
    if name in __all__:  # submodules load on first use
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
