"""`openai.types.websocket_reconnection`: what `on_reconnecting` receives and may return.

def on_reconnecting(event: ReconnectingEvent) -> ReconnectingOverrides | None:
    return {"extra_headers": {"Authorization": f"Bearer {fresh_token()}"}}

client.realtime.connect(model=..., on_reconnecting=on_reconnecting)
"""

from __future__ import annotations

from .._realtime._support import ReconnectingEvent, ReconnectingOverrides, is_recoverable_close

__all__ = ["ReconnectingEvent", "ReconnectingOverrides", "is_recoverable_close"]
