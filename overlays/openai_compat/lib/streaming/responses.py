"""`client.responses.stream(...)`: the Responses event stream with snapshots and parsing.

Events are the server's, unchanged, except four that gain what openai-python adds:
`response.output_text.delta` (+ `snapshot`, the part's text so far), `response.output_text.done`
(+ `parsed`, with `text_format`), `response.function_call_arguments.delta` (+ `snapshot`) and
`response.completed` (its `response` a `ParsedResponse`). `get_final_response()` returns that
`ParsedResponse`. `ResponseStreamState` is the sans-I/O core shared by the sync and async
streams. Unlike openai-python it does not give up on a stream whose events come out of order
(a delta before its item, a missing `response.created`): the snapshot merges what it can.
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

from typing_extensions import Self

from ..._runtime import NOT_GIVEN
from ...types.responses import ResponseCompletedEvent as _Completed
from ...types.responses import ResponseFunctionCallArgumentsDeltaEvent as _ArgsDelta
from ...types.responses import ResponseTextDeltaEvent as _TextDelta
from ...types.responses import ResponseTextDoneEvent as _TextDone
from .._parsed_responses import ParsedResponse, TextFormatT, parse_response, parse_text
from .._utils import construct, is_given

if TYPE_CHECKING:
    import httpx

    from ._response_stream_event import ResponseStreamEvent

__all__ = [
    "AsyncResponseStream",
    "AsyncResponseStreamManager",
    "ResponseCompletedEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseStream",
    "ResponseStreamEvent",
    "ResponseStreamManager",
    "ResponseStreamState",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
]


class ResponseTextDeltaEvent(_TextDelta):
    snapshot: str
    """The text of this content part so far."""


class ResponseTextDoneEvent(_TextDone, Generic[TextFormatT]):
    parsed: TextFormatT | None = None


class ResponseFunctionCallArgumentsDeltaEvent(_ArgsDelta):
    snapshot: str
    """The arguments of this call so far."""


class ResponseCompletedEvent(_Completed, Generic[TextFormatT]):
    response: ParsedResponse[TextFormatT]


def _with(cls: Any, event: Any, **values: Any) -> Any:
    fields = {**event.__dict__, **values}
    return construct(cls, fields, {*event.model_fields_set, *values}, event.__pydantic_extra__)


class ResponseStreamState(Generic[TextFormatT]):
    """Raw events in, typed events out; the completed `ParsedResponse` once it arrives."""

    def __init__(self, *, input_tools: Any = NOT_GIVEN, text_format: Any = NOT_GIVEN) -> None:
        self._input_tools = list(input_tools) if is_given(input_tools) and input_tools else []
        self._text_format = text_format
        self._texts: dict[tuple[int, int], str] = {}
        self._arguments: dict[int, str] = {}
        self._items: dict[int, Any] = {}
        self._done_items: dict[int, Any] = {}
        self.completed_response: ParsedResponse[TextFormatT] | None = None

    def handle_event(self, event: Any) -> list[Any]:
        kind = getattr(event, "type", None)
        if kind == "response.output_text.delta":
            key = (event.output_index, event.content_index)
            snapshot = self._texts[key] = self._texts.get(key, "") + (event.delta or "")
            return [_with(ResponseTextDeltaEvent, event, snapshot=snapshot)]
        if kind == "response.output_text.done":
            item = self._items.get(event.output_index)
            phase = getattr(item, "phase", None)
            parsed = parse_text(event.text, self._text_format, phase=phase)
            return [_with(ResponseTextDoneEvent, event, parsed=parsed)]
        if kind == "response.function_call_arguments.delta":
            index = event.output_index
            snapshot = self._arguments[index] = self._arguments.get(index, "") + (event.delta or "")
            return [_with(ResponseFunctionCallArgumentsDeltaEvent, event, snapshot=snapshot)]
        if kind == "response.output_item.added":
            item = getattr(event, "item", None)
            if item is not None:
                self._items[event.output_index] = item
        elif kind == "response.output_item.done":
            self._done_items[event.output_index] = event.item
            self._items[event.output_index] = event.item
        elif kind == "response.completed":
            response = event.response
            if getattr(response, "output", None) is None and self._done_items:
                # Some servers leave the output out of the final event: the finished items are it.
                output = [self._done_items[i] for i in sorted(self._done_items)]
                response = construct(
                    type(response),
                    {**response.__dict__, "output": output},
                    {*response.model_fields_set, "output"},
                    response.__pydantic_extra__,
                )
            parsed = parse_response(
                response, text_format=self._text_format, input_tools=self._input_tools
            )
            self.completed_response = parsed
            return [_with(ResponseCompletedEvent, event, response=parsed)]
        return [event]


class ResponseStream(Generic[TextFormatT]):
    def __init__(
        self,
        *,
        raw_stream: Any,
        state: ResponseStreamState[TextFormatT],
        starting_after: int | None,
    ) -> None:
        self._raw_stream = raw_stream
        self._state = state
        self._starting_after = starting_after
        self._iterator = self._events()

    @property
    def response(self) -> httpx.Response:
        """The `httpx.Response` of the stream."""
        return self._raw_stream.response  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[ResponseStreamEvent[TextFormatT]]:
        return self._iterator

    def __next__(self) -> ResponseStreamEvent[TextFormatT]:
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
        for _ in self._iterator:
            pass
        return self

    def get_final_response(self) -> ParsedResponse[TextFormatT]:
        """Read the rest of the stream; the `ParsedResponse` of `response.completed`."""
        self.until_done()
        response = self._state.completed_response
        if response is None:
            raise RuntimeError("Didn't receive a `response.completed` event.")
        return response

    def _events(self) -> Generator[ResponseStreamEvent[TextFormatT], None, None]:
        handle, after = self._state.handle_event, self._starting_after
        for raw in self._raw_stream:
            for event in handle(raw):
                if after is None or (getattr(event, "sequence_number", None) or 0) > after:
                    yield event


class AsyncResponseStream(Generic[TextFormatT]):
    def __init__(
        self,
        *,
        raw_stream: Any,
        state: ResponseStreamState[TextFormatT],
        starting_after: int | None,
    ) -> None:
        self._raw_stream = raw_stream
        self._state = state
        self._starting_after = starting_after
        self._iterator = self._events()

    @property
    def response(self) -> httpx.Response:
        """The `httpx.Response` of the stream."""
        return self._raw_stream.response  # type: ignore[no-any-return]

    def __aiter__(self) -> AsyncIterator[ResponseStreamEvent[TextFormatT]]:
        return self._iterator

    async def __anext__(self) -> ResponseStreamEvent[TextFormatT]:
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

    async def get_final_response(self) -> ParsedResponse[TextFormatT]:
        await self.until_done()
        response = self._state.completed_response
        if response is None:
            raise RuntimeError("Didn't receive a `response.completed` event.")
        return response

    async def _events(self) -> AsyncGenerator[ResponseStreamEvent[TextFormatT], None]:
        handle, after = self._state.handle_event, self._starting_after
        async for raw in self._raw_stream:
            for event in handle(raw):
                if after is None or (getattr(event, "sequence_number", None) or 0) > after:
                    yield event


class ResponseStreamManager(Generic[TextFormatT]):
    """`with client.responses.stream(...) as stream:` - the request is sent on entering."""

    def __init__(
        self,
        api_request: Callable[[], Any],
        *,
        text_format: Any,
        input_tools: Any,
        starting_after: int | None,
    ) -> None:
        self._api_request = api_request
        self._args = (text_format, input_tools, starting_after)
        self._stream: ResponseStream[TextFormatT] | None = None

    def __enter__(self) -> ResponseStream[TextFormatT]:
        text_format, input_tools, starting_after = self._args
        state: ResponseStreamState[TextFormatT] = ResponseStreamState(
            input_tools=input_tools, text_format=text_format
        )
        self._stream = ResponseStream(
            raw_stream=self._api_request(), state=state, starting_after=starting_after
        )
        return self._stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncResponseStreamManager(Generic[TextFormatT]):
    """`async with client.responses.stream(...) as stream:` - sent on entering."""

    def __init__(
        self,
        api_request: Callable[[], Awaitable[Any]],
        *,
        text_format: Any,
        input_tools: Any,
        starting_after: int | None,
    ) -> None:
        self._api_request = api_request
        self._args = (text_format, input_tools, starting_after)
        self._stream: AsyncResponseStream[TextFormatT] | None = None

    async def __aenter__(self) -> AsyncResponseStream[TextFormatT]:
        text_format, input_tools, starting_after = self._args
        state: ResponseStreamState[TextFormatT] = ResponseStreamState(
            input_tools=input_tools, text_format=text_format
        )
        raw = await self._api_request()
        self._stream = AsyncResponseStream(
            raw_stream=raw, state=state, starting_after=starting_after
        )
        return self._stream

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            await self._stream.close()


# The union of what the streams yield (openai-python's name); it names the classes above, so it
# is built once they exist.
from ._response_stream_event import ResponseStreamEvent  # noqa: E402
