"""WebSocket connections: `client.realtime.connect()`, `client.beta.realtime.connect()`,
`client.responses.connect()` (needs `pip install 'openai-compat[realtime]'`).

| module | what | I/O? |
|---|---|---|
| `_attach` | the clients' `realtime` / `responses` / `beta` properties (lazy) | no |
| `_resources` | `connect()` on the generated resources; `beta.realtime` | no |
| `_manager` | connection managers (`with ... as connection`, `.enter()`), queued sends and handlers | yes |
| `_connection` | send / recv / iterate / close / dispatch / reconnect, sync and async shells | yes |
| `_support` | reconnection policy, send queue, event handler registry | no |
| `_realtime`, `_responses` | the connections and their helpers (`connection.session.update(...)`) | - |
| `_handshake` | URL and headers of the upgrade request (OpenAI, compatible servers, Azure) | no |
| `_events` | server messages -> typed events (tolerant); client events -> frames | no |
| `_transport` | the `websockets` library, its errors translated to this package's | yes |

Importing this package loads none of them; names are resolved on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "RealtimeConnection": "._realtime",
    "AsyncRealtimeConnection": "._realtime",
    "RealtimeConnectionManager": "._realtime",
    "AsyncRealtimeConnectionManager": "._realtime",
    "BetaRealtimeConnection": "._realtime",
    "AsyncBetaRealtimeConnection": "._realtime",
    "ResponsesConnection": "._responses",
    "AsyncResponsesConnection": "._responses",
    "ResponsesConnectionManager": "._responses",
    "AsyncResponsesConnectionManager": "._responses",
    "ReconnectingEvent": "._support",
    "WebSocketConnectionError": "._transport",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
