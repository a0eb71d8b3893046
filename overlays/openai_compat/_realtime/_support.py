"""The parts of a WebSocket connection that do no I/O: the reconnection policy and what its
callback receives, the send queue, and the event handler registry (`on` / `once` / `off`)."""

from __future__ import annotations

import dataclasses
import random
import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from typing_extensions import TypedDict

from .._exceptions import WebSocketQueueFullError

__all__ = [
    "RECOVERABLE_CLOSE_CODES",
    "EventHandlerRegistry",
    "OnReconnecting",
    "ReconnectPolicy",
    "ReconnectingEvent",
    "ReconnectingOverrides",
    "Registering",
    "SendQueue",
    "is_recoverable_close",
]

F = TypeVar("F", bound=Callable[..., Any])
Handler = Callable[..., Any]

# RFC 6455 close codes worth reconnecting after (as openai-python): going away, no status,
# abnormal closure, server error, service restart, try again later, TLS failure.
RECOVERABLE_CLOSE_CODES = frozenset({1001, 1005, 1006, 1011, 1012, 1013, 1015})


@dataclasses.dataclass(frozen=True)
class ReconnectingEvent:
    """Passed to `on_reconnecting` before each reconnection attempt."""

    attempt: int  # 1-based
    max_attempts: int
    delay: float  # seconds before this attempt connects
    close_code: int  # the close code that triggered reconnection
    extra_query: Mapping[str, object]
    extra_headers: Mapping[str, Any]


class ReconnectingOverrides(TypedDict, total=False):
    """What `on_reconnecting` may return to change the next attempt (None: change nothing)."""

    extra_query: Mapping[str, object]  # the query parameters from now on
    extra_headers: Mapping[str, Any]  # the headers from now on
    abort: bool  # True: stop reconnecting


def is_recoverable_close(code: int) -> bool:
    """Whether a connection closed with `code` is worth reopening."""
    return code in RECOVERABLE_CLOSE_CODES


OnReconnecting = Callable[[ReconnectingEvent], "ReconnectingOverrides | None"]


@dataclasses.dataclass
class ReconnectPolicy:
    on_reconnecting: OnReconnecting | None
    max_retries: int = 5
    initial_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        from .._exceptions import InvalidArgumentError

        for name in ("max_retries", "initial_delay", "max_delay"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise InvalidArgumentError(
                    f"connect(): {name} must be a number >= 0, got {value!r}", param=name
                )

    def wanted(self, code: int, *, closed_by_us: bool) -> bool:
        return (
            self.on_reconnecting is not None
            and not closed_by_us
            and (code in RECOVERABLE_CLOSE_CODES)
        )

    def delay(self, attempt: int) -> float:
        """Exponential backoff from `initial_delay`, capped at `max_delay`, 0-25% jitter off."""
        base = min(self.initial_delay * (2.0 ** (attempt - 1)), self.max_delay)
        return base * (0.75 + random.random() * 0.25)


class SendQueue:
    """Messages waiting for a connection (before it opens, and while it reconnects), bounded in
    bytes so a long outage cannot buffer without limit."""

    def __init__(self, max_bytes: int) -> None:
        from .._exceptions import InvalidArgumentError

        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
            raise InvalidArgumentError(
                f"connect(): max_queue_size must be an integer >= 0, got {max_bytes!r}",
                param="max_queue_size",
            )
        self._items: deque[tuple[str | bytes, int]] = deque()
        self._bytes = 0
        self._max_bytes = max_bytes
        self._lock = threading.Lock()

    def put(self, data: str | bytes) -> None:
        size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
        with self._lock:
            if self._bytes + size > self._max_bytes:
                raise WebSocketQueueFullError(
                    f"the send queue is full ({self._bytes} of {self._max_bytes} bytes used, "
                    f"the message has {size}); the message was not queued"
                )
            self._items.append((data, size))
            self._bytes += size

    def pop(self) -> str | bytes | None:
        with self._lock:
            if not self._items:
                return None
            data, size = self._items.popleft()
            self._bytes -= size
            return data

    def push_front(self, data: str | bytes) -> None:
        size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
        with self._lock:
            self._items.appendleft((data, size))
            self._bytes += size

    def drain(self) -> list[str | bytes]:
        with self._lock:
            items = [data for data, _ in self._items]
            self._items.clear()
            self._bytes = 0
            return items

    def __len__(self) -> int:
        return len(self._items)


class EventHandlerRegistry:
    """Handlers by event type ("event" receives every event); `once` handlers run one time."""

    def __init__(self) -> None:
        self._handlers: dict[str, list[tuple[Handler, bool]]] = {}
        self._lock = threading.Lock()

    def add(self, event_type: str, handler: Handler, *, once: bool = False) -> None:
        if not callable(handler):
            from .._exceptions import InvalidArgumentError

            raise InvalidArgumentError(
                f"on(): the handler must be callable, got {type(handler).__name__}",
                param="handler",
            )
        with self._lock:
            self._handlers.setdefault(event_type, []).append((handler, once))

    def remove(self, event_type: str, handler: Handler) -> None:
        with self._lock:
            handlers = self._handlers.get(event_type, [])
            for index, (registered, _) in enumerate(handlers):
                if registered == handler:
                    del handlers[index]
                    break

    def take(self, event_type: str) -> list[Handler]:
        """The handlers for one event, `once` handlers removed as they are handed out."""
        with self._lock:
            handlers = self._handlers.get(event_type)
            if not handlers:
                return []
            self._handlers[event_type] = [h for h in handlers if not h[1]]
            return [handler for handler, _ in handlers]

    def merge_into(self, target: EventHandlerRegistry) -> None:
        with self._lock:
            for event_type, handlers in self._handlers.items():
                for handler, once in handlers:
                    target.add(event_type, handler, once=once)
            self._handlers.clear()


class Registering:
    """`on` / `off` / `once`, as methods or decorators (connections and their managers)."""

    _handlers: EventHandlerRegistry

    def on(self, event_type: str, handler: Handler | None = None) -> Any:
        """Call `handler(event)` for every event of `event_type` ("event": every event).
        `conn.on("response.done", fn)` returns the connection; `@conn.on("response.done")`
        decorates."""
        if handler is not None:
            self._handlers.add(event_type, handler)
            return self

        def register(fn: F) -> F:
            self._handlers.add(event_type, fn)
            return fn

        return register

    def once(self, event_type: str, handler: Handler | None = None) -> Any:
        """As `on`, for the next such event only."""
        if handler is not None:
            self._handlers.add(event_type, handler, once=True)
            return self

        def register(fn: F) -> F:
            self._handlers.add(event_type, fn, once=True)
            return fn

        return register

    def off(self, event_type: str, handler: Handler) -> Any:
        """Remove a handler added with `on` / `once`."""
        self._handlers.remove(event_type, handler)
        return self
