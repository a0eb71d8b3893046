"""The `websockets` options `connect()` passes through (`websocket_connection_options=`),
published as `openai_compat.types.websocket_connection_options` like openai-python's module;
any other option of `websockets`' connect works too.

By default messages have no size limit (`max_size=None`) and then no compression, as in
openai-python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

from typing_extensions import TypedDict

__all__ = [
    "SyncWebSocketConnectionOptions",
    "WebSocketConnectionOptions",
    "WebsocketConnectionOptions",
]


class SyncWebSocketConnectionOptions(TypedDict, total=False):
    extensions: Sequence[Any] | None
    subprotocols: Sequence[str] | None
    compression: str | None
    max_size: int | None
    max_queue: int | tuple[int | None, int | None] | None


class WebSocketConnectionOptions(SyncWebSocketConnectionOptions, total=False):
    write_limit: int | tuple[int, int | None]


WebsocketConnectionOptions: TypeAlias = WebSocketConnectionOptions
