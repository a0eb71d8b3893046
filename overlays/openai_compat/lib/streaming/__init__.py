"""Stream helpers: `chat` (chat.completions.stream), `responses` (responses.stream) and
`assistants` (the Assistants event handlers). Names load on first use."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AssistantEventHandler": ".assistants",
    "AsyncAssistantEventHandler": ".assistants",
    "AssistantStreamManager": ".assistants",
    "AsyncAssistantStreamManager": ".assistants",
    "ResponseStream": ".responses",
    "AsyncResponseStream": ".responses",
    "ResponseStreamManager": ".responses",
    "AsyncResponseStreamManager": ".responses",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
