"""Hand-written names that openai-python's `types` modules export and no spec schema produces.

The mirror (`openai_compat.types`, written by `mirror.py`) is the public face of every type, so
these names are re-exported there, at openai-python's module paths, from the runtime modules
that define them: structured-output models built on the generated ones, and the WebSocket
connection types. This table is the only place generated code names hand-written modules;
everything listed here is public API of the runtime, imported only when its module is.

openai module path -> {name: the runtime module defining it}. The parent package re-exports
them too, as openai-python's packages do.
"""

from __future__ import annotations

_REALTIME = "openai_compat._realtime._support"
_WS_OPTIONS = "openai_compat._realtime._options"
_PARSED_CHAT = "openai_compat.lib._parsed_chat"
_PARSED_RESPONSES = "openai_compat.lib._parsed_responses"

HAND_WRITTEN: dict[str, dict[str, str]] = {
    "openai.types.websocket_reconnection": {
        "ReconnectingEvent": _REALTIME,
        "ReconnectingOverrides": _REALTIME,
        "is_recoverable_close": _REALTIME,
    },
    "openai.types.chat.parsed_chat_completion": {
        "ParsedChatCompletion": _PARSED_CHAT,
        "ParsedChatCompletionMessage": _PARSED_CHAT,
        "ParsedChoice": _PARSED_CHAT,
    },
    "openai.types.chat.parsed_function_tool_call": {
        "ParsedFunction": _PARSED_CHAT,
        "ParsedFunctionToolCall": _PARSED_CHAT,
    },
    "openai.types.responses.parsed_response": {
        "ParsedResponse": _PARSED_RESPONSES,
        "ParsedResponseFunctionToolCall": _PARSED_RESPONSES,
        "ParsedResponseOutputMessage": _PARSED_RESPONSES,
        "ParsedResponseOutputText": _PARSED_RESPONSES,
    },
    "openai.types.websocket_connection_options": {
        "SyncWebSocketConnectionOptions": _WS_OPTIONS,
        "WebSocketConnectionOptions": _WS_OPTIONS,
        "WebsocketConnectionOptions": _WS_OPTIONS,
    },
}
