"""`client.chat.completions.stream(...)`: typed events over a chat completion stream.

`ChatCompletionStreamState` is the sans-I/O core (chunk in, events out), shared by the sync
and async streams; it keeps the package's tolerant `ChatCompletionAccumulator` underneath, so
what it merges (repeated tool-call ids, a missing `index`, a whole call in one chunk, Azure's
empty first chunk...) is what `get_final_completion()` returns, as a `ParsedChatCompletion`.

The completion reads as openai-python's does: a field no chunk carried (`system_fingerprint`,
`usage`, the message's `role`, `audio`, `annotations`, `function_call`) reads None and shows as
None in `to_dict()`, and tool calls keep the `index` the server sent. Nothing is filled in: a
message whose chunks carried no role has role None (recorded by `tolerated()`), where
openai-python reads None as well. Snapshots show in `to_dict()` what openai-python's show: a
choice's message only the delta's keys until its second chunk, `usage` from the second chunk
on, `parsed` once parsed, a tool call's `parsed_arguments` from the chunk after it started.
Where the two differ, on purpose: a role repeated in every chunk is kept once (openai-python
concatenates it), and the tolerances above.

Events and their order follow openai-python: a `chunk` event per chunk, then per choice the
content / refusal / tool-call argument / logprobs deltas, and the `*.done` events when a choice
moves on to a tool call or finishes. With a `response_format` class or strict tools, a choice
that stops at the token limit or the content filter raises `LengthFinishReasonError` /
`ContentFilterFinishReasonError` when that chunk arrives.
"""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
)
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic

import pydantic_core
from typing_extensions import Self

from ..._accumulate import ChatCompletionAccumulator
from ..._exceptions import ContentFilterFinishReasonError, LengthFinishReasonError
from ..._runtime import NOT_GIVEN
from .._parsed_chat import ParsedChatCompletion, ResponseFormatT
from .._parsing import (
    has_parseable_input,
    has_rich_response_format,
    is_strict_tool,
    parse_chat_completion,
    parse_content,
    parse_function_tool_arguments,
    to_parsed_completion,
)
from .._utils import construct, is_given
from ._chat_events import (
    ChatCompletionStreamEvent,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
    RefusalDeltaEvent,
    RefusalDoneEvent,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionStream",
    "ChatCompletionStreamEvent",
    "ChatCompletionStreamManager",
    "ChatCompletionStreamState",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "FunctionToolCallArgumentsDeltaEvent",
    "FunctionToolCallArgumentsDoneEvent",
    "LogprobsContentDeltaEvent",
    "LogprobsContentDoneEvent",
    "LogprobsRefusalDeltaEvent",
    "LogprobsRefusalDoneEvent",
    "RefusalDeltaEvent",
    "RefusalDoneEvent",
]

_CHUNK_FIELDS = {"type", "chunk"}

# Fields openai-python's merged completion always shows (None when no chunk carried them): its
# snapshot is dumped with every field and rebuilt on each chunk, and `usage` and
# `system_fingerprint` are assigned from every chunk.
_COMPLETION_FIELDS_SHOWN = ("system_fingerprint", "usage")
_MESSAGE_FIELDS_SHOWN = ("role", "annotations", "audio", "function_call")


def _as_openai_python_shows(data: dict[str, Any]) -> dict[str, Any]:
    """The merged data with every field openai-python shows present; absent ones as None."""
    for key in _COMPLETION_FIELDS_SHOWN:
        data.setdefault(key, None)
    for choice in data["choices"]:
        message = choice["message"]
        for key in _MESSAGE_FIELDS_SHOWN:
            message.setdefault(key, None)
    return data


def _as_openai_python_snapshot_shows(accumulator: ChatCompletionAccumulator[Any]) -> dict[str, Any]:
    """The data so far, with the fields openai-python's snapshot shows: it starts from the first
    chunk as sent (with `system_fingerprint`), assigns `usage` from the second chunk on, and
    rebuilds a choice's message from a dump of every field from that choice's second chunk on."""
    data = accumulator.completion_data()
    data.setdefault("system_fingerprint", None)
    if len(accumulator.chunks) > 1:
        data.setdefault("usage", None)
    for choice in data["choices"]:
        merged = accumulator.choice_state(choice["index"])
        message = choice["message"]
        if merged is None or merged.chunks > 1:
            for key in _MESSAGE_FIELDS_SHOWN:
                message.setdefault(key, None)
            continue
        for key in merged.sent - {"tool_calls"}:
            message.setdefault(key, None)  # sent as null
    return data


def _event(cls: Any, **fields: Any) -> Any:
    return construct(cls, fields, set(fields), None)


def _partial_json(text: str) -> Any:
    """The value of incomplete JSON so far (None when there is none yet)."""
    try:
        return pydantic_core.from_json(text, allow_partial=True)
    except ValueError:
        # A code fence or prose before the JSON: parse from the first bracket.
        for start, char in enumerate(text):
            if char in "{[":
                try:
                    return pydantic_core.from_json(text[start:], allow_partial=True)
                except ValueError:
                    return None
        return None


class _ChoiceEvents:
    """What the events of one choice need beyond the merged completion."""

    __slots__ = (
        "content",
        "content_done",
        "content_done_at",
        "current_tool",
        "done_tools",
        "logprobs_content",
        "logprobs_content_done",
        "logprobs_refusal",
        "logprobs_refusal_done",
        "parsed",
        "parsed_arguments",
        "refusal",
        "refusal_done",
    )

    def __init__(self) -> None:
        self.content: str | None = None
        self.refusal: str | None = None
        self.parsed: Any = None
        self.parsed_arguments: dict[int, Any] = {}
        self.logprobs_content: list[Any] | None = None
        self.logprobs_refusal: list[Any] | None = None
        self.content_done = self.refusal_done = False
        self.content_done_at = 0  # the choice's chunk count when content.done came
        self.logprobs_content_done = self.logprobs_refusal_done = False
        self.current_tool: int | None = None
        self.done_tools: set[int] = set()


class ChatCompletionStreamState(Generic[ResponseFormatT]):
    """Chunks in, events out; `get_final_completion()` at the end. Usable on its own:

    state = ChatCompletionStreamState()
    for chunk in client.chat.completions.create(..., stream=True):
        state.handle_chunk(chunk)
    completion = state.get_final_completion()
    """

    def __init__(
        self,
        *,
        input_tools: Any = NOT_GIVEN,
        response_format: Any = NOT_GIVEN,
        parse_completion: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        parse = parse_completion if parse_completion is not None else _default_completion_parser()
        self._parse = parse
        # A snapshot is a completion still arriving (no finish_reason yet...): always read
        # tolerantly; strict validation, when the client asks for it, judges the final one.
        self._parse_snapshot = _default_completion_parser()
        self._accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator(
            parse_completion=lambda data: parse(_as_openai_python_shows(data))
        )
        self._input_tools = list(input_tools) if is_given(input_tools) and input_tools else []
        self._response_format = response_format
        self._rich_format = response_format if has_rich_response_format(response_format) else None
        self._parseable = has_parseable_input(response_format, self._input_tools)
        self._choices: dict[int, _ChoiceEvents] = {}

    # -- results ---------------------------------------------------------------------------------

    def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """The merged `ParsedChatCompletion` (call it once the stream has ended)."""
        completion = self._accumulator.get_final_completion()
        fmt = self._rich_format if self._rich_format is not None else NOT_GIVEN
        return parse_chat_completion(completion, response_format=fmt, input_tools=self._input_tools)

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[object]:
        """The `ParsedChatCompletion` merged so far; `parsed` values are partial JSON until
        their `*.done` event."""
        accumulator = self._accumulator
        completion = self._parse_snapshot(_as_openai_python_snapshot_shows(accumulator))
        choices = self._choices

        def parsed_content(position: int, message: Any) -> Any:
            state = choices.get(_choice_index(completion.choices[position], position))
            return state.parsed if state is not None else None

        def parsed_arguments(position: int, call_position: int, function: Any) -> Any:
            state = choices.get(_choice_index(completion.choices[position], position))
            return state.parsed_arguments.get(call_position) if state is not None else None

        snapshot: ParsedChatCompletion[object]
        snapshot = to_parsed_completion(completion, parsed_content, parsed_arguments)
        self._hide_unset_parsed_fields(snapshot)
        return snapshot

    def _hide_unset_parsed_fields(self, snapshot: Any) -> None:
        """Take `parsed`, `tool_calls`, `parsed_arguments` (and the first delta's unsent
        `content` / `refusal`) out of the fields set where openai-python's snapshot has not set
        them (they still read None)."""
        accumulator = self._accumulator
        later_chunk = len(accumulator.chunks) > 1  # openai-python parses nothing on the first
        for position, choice in enumerate(snapshot.choices):
            index = _choice_index(choice, position)
            merged = accumulator.choice_state(index)
            events = self._choices.get(index)
            message = choice.message
            fields_set = message.__pydantic_fields_set__
            content = message.content
            partially_parsed = (
                later_chunk
                and self._rich_format is not None
                and isinstance(content, str)
                and content.lstrip()
                and not message.refusal
            )
            # content.done sets it; the message rebuilt from a later chunk drops it again.
            done_parsed = (
                events is not None
                and events.content_done
                and merged is not None
                and merged.chunks == events.content_done_at
            )
            if not (partially_parsed or done_parsed):
                fields_set.discard("parsed")
            if merged is None:
                continue
            if merged.chunks < 2:
                # The message is the first delta: the merged data's defaults (valid, so strict
                # parsing accepts them) show only when the delta sent them.
                fields_set.difference_update({"tool_calls", "content", "refusal"} - merged.sent)
            for call_position, call in enumerate(message.tool_calls or ()):
                function = getattr(call, "function", None)
                if function is None or call_position >= len(merged.tool_calls):
                    continue
                strict_parsed = events is not None and call_position in events.parsed_arguments
                done = events is not None and call_position in events.done_tools
                if merged.tool_calls[call_position].born >= merged.chunks - 1 and not (
                    (later_chunk and strict_parsed) or done
                ):
                    function.__pydantic_fields_set__.discard("parsed_arguments")

    # -- chunk -> events ---------------------------------------------------------------------------

    def handle_chunk(self, chunk: Any) -> list[ChatCompletionStreamEvent[ResponseFormatT]]:
        """Merge `chunk` and return the events it produces, in order."""
        accumulator = self._accumulator
        accumulator.add(chunk)
        if getattr(chunk, "object", None) == "":
            return []  # Azure's content-filter annotations: merged, but no event (as openai)
        choices = getattr(chunk, "choices", None) or ()
        if self._parseable:
            self._raise_for_finish(choices)
        chunk_event = construct(ChunkEvent, {"type": "chunk", "chunk": chunk}, _CHUNK_FIELDS, None)
        object.__setattr__(chunk_event, "__pydantic_private__", {"_state": self})
        events: list[Any] = [chunk_event]
        for position, choice in enumerate(choices):
            index = _choice_index(choice, position)
            state = self._choices.get(index)
            if state is None:
                state = self._choices[index] = _ChoiceEvents()
            merged = accumulator.choice_state(index)
            self._choice_events(choice, state, merged, events)
        return events

    def _raise_for_finish(self, choices: Any) -> None:
        for choice in choices:
            reason = getattr(choice, "finish_reason", None)
            if reason == "length":
                raise LengthFinishReasonError(completion=self.current_completion_snapshot)
            if reason == "content_filter":
                raise ContentFilterFinishReasonError(completion=self.current_completion_snapshot)

    def _choice_events(
        self, choice: Any, state: _ChoiceEvents, merged: Any, events: list[Any]
    ) -> None:
        delta = getattr(choice, "delta", None)
        content = getattr(delta, "content", None) if delta is not None else None
        if content is not None:
            snapshot = state.content = (state.content or "") + content
            if self._rich_format is not None and snapshot.lstrip() and not state.refusal:
                state.parsed = _partial_json(snapshot)
            events.append(
                _event(
                    ContentDeltaEvent,
                    type="content.delta",
                    delta=content,
                    snapshot=snapshot,
                    parsed=state.parsed,
                )
            )
        refusal = getattr(delta, "refusal", None) if delta is not None else None
        if refusal is not None:
            snapshot = state.refusal = (state.refusal or "") + refusal
            events.append(
                _event(RefusalDeltaEvent, type="refusal.delta", delta=refusal, snapshot=snapshot)
            )
        tool_deltas = getattr(delta, "tool_calls", None) if delta is not None else None
        touched: list[Any] = merged.touched if tool_deltas else []
        if tool_deltas:
            calls = merged.tool_calls
            for tool_delta, call in zip(tool_deltas, touched, strict=False):
                if (call.type or "function") != "function":
                    continue
                position = calls.index(call)
                arguments = "".join(call.arguments)
                if arguments and is_strict_tool(self._input_tools, call.name):
                    state.parsed_arguments[position] = _partial_json(arguments)
                function = getattr(tool_delta, "function", None)
                events.append(
                    _event(
                        FunctionToolCallArgumentsDeltaEvent,
                        type="tool_calls.function.arguments.delta",
                        name=call.name or "",
                        index=position,
                        arguments=arguments,
                        parsed_arguments=state.parsed_arguments.get(position),
                        arguments_delta=getattr(function, "arguments", None) or "",
                    )
                )
        logprobs = getattr(choice, "logprobs", None)
        if logprobs is not None:
            tokens = getattr(logprobs, "content", None)
            if tokens:
                snapshot_list = state.logprobs_content = [*(state.logprobs_content or ()), *tokens]
                events.append(
                    _event(
                        LogprobsContentDeltaEvent,
                        type="logprobs.content.delta",
                        content=tokens,
                        snapshot=snapshot_list,
                    )
                )
            elif state.logprobs_content is None and getattr(logprobs, "content", 0) is not None:
                state.logprobs_content = []
            tokens = getattr(logprobs, "refusal", None)
            if tokens:
                snapshot_list = state.logprobs_refusal = [*(state.logprobs_refusal or ()), *tokens]
                events.append(
                    _event(
                        LogprobsRefusalDeltaEvent,
                        type="logprobs.refusal.delta",
                        refusal=tokens,
                        snapshot=snapshot_list,
                    )
                )
            elif state.logprobs_refusal is None and getattr(logprobs, "refusal", 0) is not None:
                state.logprobs_refusal = []
        self._done_events(state, merged, touched, events)

    def _done_events(
        self, state: _ChoiceEvents, merged: Any, touched: list[Any], events: list[Any]
    ) -> None:
        if merged.finish_reason:
            self._content_done_events(state, merged.chunks, events)
            current = state.current_tool
            if current is not None and current not in state.done_tools:
                self._tool_done_event(state, merged, current, events)
        for call in touched:
            position = merged.tool_calls.index(call)
            if state.current_tool != position:
                self._content_done_events(state, merged.chunks, events)
                if state.current_tool is not None:
                    self._tool_done_event(state, merged, state.current_tool, events)
            state.current_tool = position

    def _content_done_events(self, state: _ChoiceEvents, chunks: int, events: list[Any]) -> None:
        if state.content and not state.content_done:
            state.content_done = True
            state.content_done_at = chunks
            parsed = None
            if self._rich_format is not None and not state.refusal:
                parsed = parse_content(self._rich_format, state.content)
            state.parsed = parsed
            events.append(
                _event(ContentDoneEvent, type="content.done", content=state.content, parsed=parsed)
            )
        if state.refusal is not None and not state.refusal_done:
            state.refusal_done = True
            events.append(_event(RefusalDoneEvent, type="refusal.done", refusal=state.refusal))
        if state.logprobs_content is not None and not state.logprobs_content_done:
            state.logprobs_content_done = True
            events.append(
                _event(
                    LogprobsContentDoneEvent,
                    type="logprobs.content.done",
                    content=state.logprobs_content,
                )
            )
        if state.logprobs_refusal is not None and not state.logprobs_refusal_done:
            state.logprobs_refusal_done = True
            events.append(
                _event(
                    LogprobsRefusalDoneEvent,
                    type="logprobs.refusal.done",
                    refusal=state.logprobs_refusal,
                )
            )

    def _tool_done_event(
        self, state: _ChoiceEvents, merged: Any, position: int, events: list[Any]
    ) -> None:
        if position in state.done_tools:
            return
        state.done_tools.add(position)
        call = merged.tool_calls[position]
        if (call.type or "function") != "function":
            return
        arguments = "".join(call.arguments)
        parsed = parse_function_tool_arguments(self._input_tools, call.name, arguments)
        state.parsed_arguments[position] = parsed
        events.append(
            _event(
                FunctionToolCallArgumentsDoneEvent,
                type="tool_calls.function.arguments.done",
                index=position,
                name=call.name or "",
                arguments=arguments,
                parsed_arguments=parsed,
            )
        )


def _choice_index(choice: Any, position: int) -> int:
    index = getattr(choice, "index", None)
    return index if isinstance(index, int) else position


def _default_completion_parser() -> Callable[[dict[str, Any]], Any]:
    def parse(data: dict[str, Any]) -> Any:
        from ..._tolerant import parse_python
        from ...types import ChatCompletion

        return parse_python(ChatCompletion, data)

    return parse


# -- the streams ---------------------------------------------------------------------------------


class ChatCompletionStream(Generic[ResponseFormatT]):
    """Iterate for events; `get_final_completion()` for the merged `ParsedChatCompletion`."""

    def __init__(self, *, raw_stream: Any, state: ChatCompletionStreamState[ResponseFormatT]):
        self._raw_stream = raw_stream
        self._state = state
        self._iterator: Generator[ChatCompletionStreamEvent[ResponseFormatT], None, None]
        self._iterator = self._events()

    @property
    def response(self) -> httpx.Response:
        """The `httpx.Response` of the stream."""
        return self._raw_stream.response  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        return self._iterator

    def __next__(self) -> ChatCompletionStreamEvent[ResponseFormatT]:
        return next(self._iterator)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection; later iteration yields nothing."""
        self._iterator.close()
        self._raw_stream.close()

    def until_done(self) -> Self:
        """Read the rest of the stream."""
        for _ in self._iterator:
            pass
        return self

    def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """Read the rest of the stream; the merged `ParsedChatCompletion`."""
        self.until_done()
        return self._state.get_final_completion()

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[object]:
        return self._state.current_completion_snapshot

    def _events(self) -> Generator[Any, None, None]:
        handle = self._state.handle_chunk
        for chunk in self._raw_stream:
            yield from handle(chunk)


class AsyncChatCompletionStream(Generic[ResponseFormatT]):
    """The async twin of `ChatCompletionStream`."""

    def __init__(self, *, raw_stream: Any, state: ChatCompletionStreamState[ResponseFormatT]):
        self._raw_stream = raw_stream
        self._state = state
        self._iterator: AsyncGenerator[ChatCompletionStreamEvent[ResponseFormatT], None]
        self._iterator = self._events()

    @property
    def response(self) -> httpx.Response:
        """The `httpx.Response` of the stream."""
        return self._raw_stream.response  # type: ignore[no-any-return]

    def __aiter__(self) -> AsyncIterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        return self._iterator

    async def __anext__(self) -> ChatCompletionStreamEvent[ResponseFormatT]:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._iterator.aclose()
        await self._raw_stream.close()

    async def until_done(self) -> Self:
        async for _ in self._iterator:
            pass
        return self

    async def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        await self.until_done()
        return self._state.get_final_completion()

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[object]:
        return self._state.current_completion_snapshot

    async def _events(self) -> AsyncGenerator[Any, None]:
        handle = self._state.handle_chunk
        async for chunk in self._raw_stream:
            for event in handle(chunk):
                yield event


class ChatCompletionStreamManager(Generic[ResponseFormatT]):
    """`with client.chat.completions.stream(...) as stream:` - the request is sent on entering."""

    def __init__(
        self,
        api_request: Callable[[], Any],
        *,
        response_format: Any = NOT_GIVEN,
        input_tools: Any = NOT_GIVEN,
        parse_completion: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        self._api_request = api_request
        self._state_args = (input_tools, response_format, parse_completion)
        self._stream: ChatCompletionStream[ResponseFormatT] | None = None

    def __enter__(self) -> ChatCompletionStream[ResponseFormatT]:
        tools, fmt, parse = self._state_args
        state: ChatCompletionStreamState[ResponseFormatT] = ChatCompletionStreamState(
            input_tools=tools, response_format=fmt, parse_completion=parse
        )
        self._stream = ChatCompletionStream(raw_stream=self._api_request(), state=state)
        return self._stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncChatCompletionStreamManager(Generic[ResponseFormatT]):
    """`async with client.chat.completions.stream(...) as stream:` - sent on entering."""

    def __init__(
        self,
        api_request: Callable[[], Awaitable[Any]],
        *,
        response_format: Any = NOT_GIVEN,
        input_tools: Any = NOT_GIVEN,
        parse_completion: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        self._api_request = api_request
        self._state_args = (input_tools, response_format, parse_completion)
        self._stream: AsyncChatCompletionStream[ResponseFormatT] | None = None

    async def __aenter__(self) -> AsyncChatCompletionStream[ResponseFormatT]:
        tools, fmt, parse = self._state_args
        state: ChatCompletionStreamState[ResponseFormatT] = ChatCompletionStreamState(
            input_tools=tools, response_format=fmt, parse_completion=parse
        )
        raw = await self._api_request()
        self._stream = AsyncChatCompletionStream(raw_stream=raw, state=state)
        return self._stream

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
