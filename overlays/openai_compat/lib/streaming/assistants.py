"""Assistants streaming helpers (deprecated upstream, still used): `AssistantEventHandler` /
`AsyncAssistantEventHandler`, subclassed by callers to override `on_text_delta`,
`on_tool_call_created`... and iterated (or `until_done()`) for the raw events.

`_HandlerCore` is the sans-I/O part shared by both handlers: an event goes in, the callbacks
to invoke come out in openai-python's order, with the message and run-step snapshots merged
from the deltas (`accumulate_delta`). A delta for a message or run step the stream never
created is merged into a new snapshot instead of failing, and unknown event names only reach
`on_event`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = [
    "AssistantEventHandler",
    "AssistantStreamManager",
    "AsyncAssistantEventHandler",
    "AsyncAssistantStreamManager",
    "accumulate_delta",
]

_RUN_FINAL = frozenset(
    {
        "thread.run.completed",
        "thread.run.cancelled",
        "thread.run.expired",
        "thread.run.failed",
        "thread.run.requires_action",
        "thread.run.incomplete",
    }
)
_RUN_ONGOING = frozenset(
    {"thread.run.created", "thread.run.in_progress", "thread.run.cancelling", "thread.run.queued"}
)
_STEP_DONE = frozenset(
    {
        "thread.run.step.completed",
        "thread.run.step.cancelled",
        "thread.run.step.expired",
        "thread.run.step.failed",
    }
)


def accumulate_delta(acc: dict[str, Any], delta: dict[str, Any]) -> dict[str, Any]:
    """Merge a streamed delta into `acc` (in place): strings and numbers add up, objects merge,
    lists of `index`ed objects merge by index, other lists extend; `index`/`type` are replaced."""
    for key, value in delta.items():
        current = acc.get(key)
        if current is None:
            acc[key] = _fresh(value)
            continue
        if key in ("index", "type"):
            acc[key] = value
        elif (isinstance(current, str) and isinstance(value, str)) or (
            isinstance(current, (int, float))
            and isinstance(value, (int, float))
            and not isinstance(current, bool)
        ):
            acc[key] = current + value  # type: ignore[operator]  # (str, str) or (number, number)
        elif isinstance(current, dict) and isinstance(value, dict):
            accumulate_delta(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            _merge_list(current, value)
        else:
            acc[key] = value
    return acc


def _fresh(value: Any) -> Any:
    if isinstance(value, list) and any(isinstance(v, dict) and "index" in v for v in value):
        merged: list[Any] = []
        _merge_list(merged, value)
        return merged
    return value


def _merge_list(current: list[Any], value: list[Any]) -> None:
    for entry in value:
        index = entry.get("index") if isinstance(entry, dict) else None
        if not isinstance(index, int):
            current.append(entry)  # a list of plain values only grows
        elif index < len(current) and isinstance(current[index], dict):
            accumulate_delta(current[index], entry)
        else:
            while len(current) < index:  # a gap: keep positions aligned with the indexes
                current.append({"index": len(current)})
            if index == len(current):
                current.append(dict(entry))
            else:
                current[index] = dict(entry)


def _dump(model: Any) -> dict[str, Any]:
    if hasattr(model, "model_dump"):
        dumped: dict[str, Any] = model.model_dump(exclude_unset=True, warnings=False)
        return dumped
    return dict(model)


def _run_step_model() -> Any:
    from ... import types

    return getattr(types, "RunStep", None) or types.RunStepObject


def _revalidate(template: Any, data: dict[str, Any]) -> Any:
    from ..._tolerant import parse_python

    return parse_python(type(template), data)


Callback = tuple[str, tuple[Any, ...]]


class _HandlerCore:
    """State of one assistants stream; `dispatch(event)` yields the callbacks to run."""

    def __init__(self) -> None:
        self.current_event: Any = None
        self.current_run: Any = None
        self.current_message_snapshot: Any = None
        self.run_step_snapshots: dict[str, Any] = {}
        self.message_snapshots: dict[str, Any] = {}
        self.current_run_step_id: str | None = None
        self._message_data: dict[str, Any] | None = None
        self._content_index: int | None = None
        self._content: Any = None
        self._tool_call_index: int | None = None
        self._tool_call: Any = None

    def dispatch(self, event: Any) -> Generator[Callback, None, None]:
        self.current_event = event
        yield ("on_event", (event,))
        name: Any = getattr(event, "event", None)
        data: Any = getattr(event, "data", None)
        created = self._accumulate_message(name, data)
        self._accumulate_run_step(name, data)
        snapshot = self.current_message_snapshot
        for index in created:
            block = snapshot.content[index]
            if getattr(block, "type", None) == "text":
                yield ("on_text_created", (block.text,))
        if name in _RUN_FINAL:
            self.current_run = data
            if self._tool_call is not None:
                yield ("on_tool_call_done", (self._tool_call,))
        elif name in _RUN_ONGOING:
            self.current_run = data
        elif name == "thread.message.created":
            yield ("on_message_created", (data,))
        elif name == "thread.message.delta":
            yield from self._message_delta(data, snapshot)
        elif name in ("thread.message.completed", "thread.message.incomplete"):
            self.current_message_snapshot = data
            self.message_snapshots[data.id] = data
            if self._content_index is not None and self._content_index < len(data.content or ()):
                content = data.content[self._content_index]
                if getattr(content, "type", None) == "text":
                    yield ("on_text_done", (content.text,))
                elif getattr(content, "type", None) == "image_file":
                    yield ("on_image_file_done", (content.image_file,))
            yield ("on_message_done", (data,))
        elif name == "thread.run.step.created":
            self.current_run_step_id = data.id
            yield ("on_run_step_created", (data,))
        elif name == "thread.run.step.in_progress":
            self.current_run_step_id = data.id
        elif name == "thread.run.step.delta":
            yield from self._step_delta(data)
        elif name in _STEP_DONE:
            if self._tool_call is not None:
                yield ("on_tool_call_done", (self._tool_call,))
            yield ("on_run_step_done", (data,))
            self.current_run_step_id = None
        self.current_event = None

    def _accumulate_message(self, name: Any, data: Any) -> list[int]:
        if name == "thread.message.created":
            self.current_message_snapshot = data
            self._message_data = _dump(data)
            self.message_snapshots[data.id] = data
            return []
        if name != "thread.message.delta" or data is None:
            return []
        if self._message_data is None or self._message_data.get("id") != data.id:
            # A delta for a message this stream never saw created: start its snapshot here.
            self._message_data = {"id": data.id, "object": "thread.message", "content": []}
        content = self._message_data.setdefault("content", [])
        before = len(content)
        delta = _dump(data.delta) if getattr(data, "delta", None) is not None else {}
        created = [
            d["index"]
            for d in delta.get("content") or ()
            if isinstance(d.get("index"), int) and d["index"] >= before
        ]
        accumulate_delta(self._message_data, {"content": delta.get("content") or []})
        from ...types import Message

        template = self.current_message_snapshot
        model = type(template) if template is not None else Message
        from ..._tolerant import parse_python

        snapshot = parse_python(model, self._message_data)
        self.current_message_snapshot = snapshot
        self.message_snapshots[snapshot.id] = snapshot
        return sorted(set(created))

    def _accumulate_run_step(self, name: Any, data: Any) -> None:
        if name == "thread.run.step.created":
            self.run_step_snapshots[data.id] = data
        elif name == "thread.run.step.delta" and data is not None:
            snapshot = self.run_step_snapshots.get(data.id)
            merged = _dump(snapshot) if snapshot is not None else {"id": data.id}
            if getattr(data, "delta", None) is not None:
                accumulate_delta(merged, _dump(data.delta))
            if snapshot is not None:
                self.run_step_snapshots[data.id] = _revalidate(snapshot, merged)
            else:
                from ..._tolerant import parse_python

                self.run_step_snapshots[data.id] = parse_python(_run_step_model(), merged)

    def _message_delta(self, data: Any, snapshot: Any) -> Generator[Callback, None, None]:
        delta = data.delta
        for content_delta in getattr(delta, "content", None) or ():
            index = content_delta.index
            block = snapshot.content[index] if index < len(snapshot.content) else None
            if getattr(content_delta, "type", None) == "text" and content_delta.text and block:
                yield ("on_text_delta", (content_delta.text, block.text))
            if index != self._content_index:
                previous = self._content
                if previous is not None:
                    if getattr(previous, "type", None) == "text":
                        yield ("on_text_done", (previous.text,))
                    elif getattr(previous, "type", None) == "image_file":
                        yield ("on_image_file_done", (previous.image_file,))
                self._content_index = index
            self._content = block
        yield ("on_message_delta", (delta, snapshot))

    def _step_delta(self, data: Any) -> Generator[Callback, None, None]:
        snapshot = self.run_step_snapshots[data.id]
        details = getattr(data.delta, "step_details", None)
        calls = getattr(details, "tool_calls", None)
        if getattr(details, "type", None) == "tool_calls" and calls is not None:
            snapshot_calls = snapshot.step_details.tool_calls
            for call_delta in calls:
                index = call_delta.index
                if index == self._tool_call_index:
                    yield ("on_tool_call_delta", (call_delta, snapshot_calls[index]))
                if index != self._tool_call_index:
                    if self._tool_call is not None:
                        yield ("on_tool_call_done", (self._tool_call,))
                    self._tool_call_index = index
                    self._tool_call = snapshot_calls[index]
                    yield ("on_tool_call_created", (self._tool_call,))
                self._tool_call = snapshot_calls[index]
        yield ("on_run_step_delta", (data.delta, snapshot))


def _text_of(event: Any) -> Iterator[str]:
    if getattr(event, "event", None) != "thread.message.delta":
        return
    for content in getattr(event.data.delta, "content", None) or ():
        text = getattr(content, "text", None)
        if getattr(content, "type", None) == "text" and text is not None and text.value:
            yield text.value


class AssistantEventHandler:
    """Override the `on_*` methods you need; iterate it for the raw events."""

    def __init__(self) -> None:
        self._core = _HandlerCore()
        self._stream: Any = None
        self._iterator = self._events()
        self.text_deltas: Iterator[str] = self._text_deltas()

    def _init(self, stream: Any) -> None:
        if self._stream is not None:
            raise RuntimeError(
                "A single event handler cannot be shared between multiple streams; You will "
                "need to construct a new event handler instance"
            )
        self._stream = stream

    def __iter__(self) -> Iterator[Any]:
        return self._iterator

    def __next__(self) -> Any:
        return next(self._iterator)

    @property
    def current_event(self) -> Any:
        return self._core.current_event

    @property
    def current_run(self) -> Any:
        return self._core.current_run

    @property
    def current_run_step_snapshot(self) -> Any:
        step_id = self._core.current_run_step_id
        return self._core.run_step_snapshots.get(step_id) if step_id else None

    @property
    def current_message_snapshot(self) -> Any:
        return self._core.current_message_snapshot

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def until_done(self) -> None:
        for _ in self._iterator:
            pass

    def get_final_run(self) -> Any:
        self.until_done()
        if self._core.current_run is None:
            raise RuntimeError("No final run object found")
        return self._core.current_run

    def get_final_run_steps(self) -> list[Any]:
        self.until_done()
        if not self._core.run_step_snapshots:
            raise RuntimeError("No run steps found")
        return list(self._core.run_step_snapshots.values())

    def get_final_messages(self) -> list[Any]:
        self.until_done()
        if not self._core.message_snapshots:
            raise RuntimeError("No messages found")
        return list(self._core.message_snapshots.values())

    def _text_deltas(self) -> Iterator[str]:
        for event in self:
            yield from _text_of(event)

    def _events(self) -> Generator[Any, None, None]:
        from ..._exceptions import APITimeoutError

        if self._stream is None:
            raise RuntimeError("Stream has not been started yet")
        try:
            for event in self._stream:
                for method, args in self._core.dispatch(event):
                    getattr(self, method)(*args)
                yield event
        except APITimeoutError as exc:
            self.on_timeout()
            self.on_exception(exc)
            raise
        except Exception as exc:
            self.on_exception(exc)
            raise
        finally:
            self.on_end()

    # -- callbacks (override) ---------------------------------------------------------------------

    def on_end(self) -> None:
        """The stream ended (read to completion, or an exception was raised)."""

    def on_event(self, event: Any) -> None:
        """Every event, before the specific callbacks."""

    def on_run_step_created(self, run_step: Any) -> None: ...

    def on_run_step_delta(self, delta: Any, snapshot: Any) -> None: ...

    def on_run_step_done(self, run_step: Any) -> None: ...

    def on_tool_call_created(self, tool_call: Any) -> None: ...

    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None: ...

    def on_tool_call_done(self, tool_call: Any) -> None: ...

    def on_exception(self, exception: Exception) -> None:
        """An exception while reading the stream (it is raised after this)."""

    def on_timeout(self) -> None: ...

    def on_message_created(self, message: Any) -> None: ...

    def on_message_delta(self, delta: Any, snapshot: Any) -> None: ...

    def on_message_done(self, message: Any) -> None: ...

    def on_text_created(self, text: Any) -> None: ...

    def on_text_delta(self, delta: Any, snapshot: Any) -> None: ...

    def on_text_done(self, text: Any) -> None: ...

    def on_image_file_done(self, image_file: Any) -> None: ...


class AsyncAssistantEventHandler:
    """The async twin of `AssistantEventHandler`: the `on_*` methods are coroutines."""

    def __init__(self) -> None:
        self._core = _HandlerCore()
        self._stream: Any = None
        self._iterator = self._events()
        self.text_deltas: AsyncIterator[str] = self._text_deltas()

    def _init(self, stream: Any) -> None:
        if self._stream is not None:
            raise RuntimeError(
                "A single event handler cannot be shared between multiple streams; You will "
                "need to construct a new event handler instance"
            )
        self._stream = stream

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._iterator

    async def __anext__(self) -> Any:
        return await self._iterator.__anext__()

    @property
    def current_event(self) -> Any:
        return self._core.current_event

    @property
    def current_run(self) -> Any:
        return self._core.current_run

    @property
    def current_run_step_snapshot(self) -> Any:
        step_id = self._core.current_run_step_id
        return self._core.run_step_snapshots.get(step_id) if step_id else None

    @property
    def current_message_snapshot(self) -> Any:
        return self._core.current_message_snapshot

    async def close(self) -> None:
        if self._stream is not None:
            await self._stream.close()

    async def until_done(self) -> None:
        async for _ in self._iterator:
            pass

    async def get_final_run(self) -> Any:
        await self.until_done()
        if self._core.current_run is None:
            raise RuntimeError("No final run object found")
        return self._core.current_run

    async def get_final_run_steps(self) -> list[Any]:
        await self.until_done()
        if not self._core.run_step_snapshots:
            raise RuntimeError("No run steps found")
        return list(self._core.run_step_snapshots.values())

    async def get_final_messages(self) -> list[Any]:
        await self.until_done()
        if not self._core.message_snapshots:
            raise RuntimeError("No messages found")
        return list(self._core.message_snapshots.values())

    async def _text_deltas(self) -> AsyncIterator[str]:
        async for event in self:
            for text in _text_of(event):
                yield text

    async def _events(self) -> AsyncGenerator[Any, None]:
        from ..._exceptions import APITimeoutError

        if self._stream is None:
            raise RuntimeError("Stream has not been started yet")
        try:
            async for event in self._stream:
                for method, args in self._core.dispatch(event):
                    await getattr(self, method)(*args)
                yield event
        except APITimeoutError as exc:
            await self.on_timeout()
            await self.on_exception(exc)
            raise
        except Exception as exc:
            await self.on_exception(exc)
            raise
        finally:
            await self.on_end()

    async def on_end(self) -> None: ...

    async def on_event(self, event: Any) -> None: ...

    async def on_run_step_created(self, run_step: Any) -> None: ...

    async def on_run_step_delta(self, delta: Any, snapshot: Any) -> None: ...

    async def on_run_step_done(self, run_step: Any) -> None: ...

    async def on_tool_call_created(self, tool_call: Any) -> None: ...

    async def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None: ...

    async def on_tool_call_done(self, tool_call: Any) -> None: ...

    async def on_exception(self, exception: Exception) -> None: ...

    async def on_timeout(self) -> None: ...

    async def on_message_created(self, message: Any) -> None: ...

    async def on_message_delta(self, delta: Any, snapshot: Any) -> None: ...

    async def on_message_done(self, message: Any) -> None: ...

    async def on_text_created(self, text: Any) -> None: ...

    async def on_text_delta(self, delta: Any, snapshot: Any) -> None: ...

    async def on_text_done(self, text: Any) -> None: ...

    async def on_image_file_done(self, image_file: Any) -> None: ...


HandlerT = TypeVar("HandlerT", bound=AssistantEventHandler)
AsyncHandlerT = TypeVar("AsyncHandlerT", bound=AsyncAssistantEventHandler)


class AssistantStreamManager(Generic[HandlerT]):
    """`with client.beta.threads.runs.stream(...) as stream:` - the handler, started."""

    def __init__(self, api_request: Callable[[], Any], *, event_handler: HandlerT) -> None:
        self._api_request = api_request
        self._handler = event_handler
        self._stream: Any = None

    def __enter__(self) -> HandlerT:
        self._stream = self._api_request()
        self._handler._init(self._stream)
        return self._handler

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncAssistantStreamManager(Generic[AsyncHandlerT]):
    """`async with client.beta.threads.runs.stream(...) as stream:`."""

    def __init__(
        self, api_request: Callable[[], Awaitable[Any]], *, event_handler: AsyncHandlerT
    ) -> None:
        self._api_request = api_request
        self._handler = event_handler
        self._stream: Any = None

    async def __aenter__(self) -> AsyncHandlerT:
        self._stream = await self._api_request()
        self._handler._init(self._stream)
        return self._handler

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
