"""`Stream` and `AsyncStream`: iterate a server-sent-events response as typed items.

The work is done by `_StreamCore`, which does no I/O: it is fed the bytes of each network read and
yields the parsed items that read completes, raising an error event's `APIStreamError` only after
every item before it. The two classes below are thin shells that read the body (one with `for`,
one with `async for`) and feed the core; they differ by `await` and nothing else.

Lifecycle: the response is always closed when iteration ends, fails or is abandoned via
`close()` / the context manager. After `data: [DONE]` the rest of the body is read and thrown away
so that the connection goes back to the pool instead of being dropped. httpx errors never escape:
a timeout becomes `APITimeoutError`, a dropped connection `APIConnectionError`, both raised
`from` the httpx exception after the complete events that arrived before the drop.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from typing_extensions import Self

from ._exceptions import APIConnectionError, APIResponseValidationError, APITimeoutError
from ._sse import ServerSentEvent, SSEDecoder, StreamInterpreter, invalid_event_error
from ._transports import lines

if TYPE_CHECKING:
    from ._runtime import Operation

__all__ = ["AsyncStream", "Stream", "chunk_parser"]

T = TypeVar("T")


def chunk_parser(
    op: Operation, cast_to: Any, *, strict: bool, response: httpx.Response
) -> Callable[[str, str | None], Any]:
    """How each event's data becomes an item: the operation's event model (or `cast_to`'s),
    wrapped in `{"event", "data"}` for enveloped streams, plain JSON when there is no model."""
    import orjson

    from ._base_client import _cast_model, _unwrap
    from ._request import resolve_model
    from ._tolerant import ResponseShapeError, parse_json, parse_python

    ref = op.stream_event_model
    model = resolve_model(op.spec, ref) if ref else None
    if cast_to is not None:
        model = _cast_model(cast_to)
    context = f"{op.method} {op.path} (stream)"
    envelope = op.stream_envelope

    def parse(data: str, event: str | None) -> Any:
        try:
            if model is None:
                return orjson.loads(data)
            if envelope:
                wrapped = {"event": event, "data": orjson.loads(data)}
                return _unwrap(parse_python(model, wrapped, strict=strict, context=context))
            return _unwrap(parse_json(model, data, strict=strict, context=context))
        except (ResponseShapeError, ValueError) as exc:
            body_start = getattr(exc, "body_start", data[:200])
            raise APIResponseValidationError(
                response, body_start, message=f"{context}: {exc}"
            ) from exc

    return parse


class _StreamCore(Generic[T]):
    """Bytes in, parsed items out; shared by both shells and free of I/O."""

    __slots__ = ("_decoder", "_interpreter", "_parse", "_response", "delivered")

    def __init__(self, response: httpx.Response, parse: Callable[[str, str | None], T]) -> None:
        self._response = response
        self._parse = parse
        self._decoder = SSEDecoder()
        self._interpreter = StreamInterpreter(response.request)
        self.delivered = 0  # items handed out so far, quoted when the connection drops

    @property
    def done(self) -> bool:
        """True once `data: [DONE]` was seen: the rest of the body is to be drained, not read."""
        return self._interpreter.done

    def feed(self, chunk: bytes) -> Iterator[T]:
        """The items completed by one network read, in order."""
        return self._items(self._decoder.feed(chunk))

    def finish(self) -> Iterator[T]:
        """End of the body: a stream that ends without `[DONE]` ends normally."""
        return self._items(self._decoder.close())

    def _items(self, events: Iterable[ServerSentEvent]) -> Iterator[T]:
        interpreter = self._interpreter
        for sse in events:
            data = interpreter.payload(sse)
            if data is None:
                if interpreter.done:
                    return
                continue
            # "message" is the default type, i.e. the server named no event.
            event = None if sse.event == "message" else sse.event
            try:
                item = self._parse(data, event)
            except ValueError as exc:  # json errors and pydantic.ValidationError alike
                raise invalid_event_error(self._response, data, event, exc) from exc
            self.delivered += 1
            yield item

    @contextlib.contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn the HTTP library's exceptions while reading the body into this package's."""
        try:
            yield
        except lines.http_errors() as exc:
            raise self._translated(lines.as_httpx_error(exc)) from exc

    def _translated(self, exc: Exception) -> Exception:
        request = self._response.request
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request)
        if isinstance(exc, httpx.DecodingError):
            message = f"The stream's body could not be decoded: {exc}"
            return APIResponseValidationError(self._response, None, message=message)
        if isinstance(exc, (httpx.TransportError, httpx.StreamError)):
            message = (
                f"The connection dropped mid-stream after {self.delivered} events: "
                f"{exc or type(exc).__name__}"
            )
            return APIConnectionError(message=message, request=request)
        return exc


class Stream(Generic[T]):
    """A streamed response, iterated as parsed items; use it in `with` or call `close()`."""

    response: httpx.Response

    def __init__(self, response: httpx.Response, parse: Callable[[str, str | None], T]) -> None:
        self.response = response
        self._core = _StreamCore(response, parse)
        self._iterator = self._iterate()

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
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
        self.response.close()

    def until_done(self) -> None:
        """Read the stream to its end, discarding the items."""
        for _ in self._iterator:
            pass

    def _iterate(self) -> Generator[T, None, None]:
        core = self._core
        chunks = self.response.iter_bytes()
        try:
            with core.translated_errors():
                for chunk in chunks:
                    yield from core.feed(chunk)
                    if core.done:
                        break
                else:
                    yield from core.finish()
            if core.done:
                # Every item is delivered: a failure while draining only costs the reuse.
                with contextlib.suppress(*lines.http_errors()):
                    for _ in chunks:
                        pass
        finally:
            _close_sync(chunks)
            self.response.close()


class AsyncStream(Generic[T]):
    """The async twin of `Stream`: `async for`, `async with`, `await close()`."""

    response: httpx.Response

    def __init__(self, response: httpx.Response, parse: Callable[[str, str | None], T]) -> None:
        self.response = response
        self._core = _StreamCore(response, parse)
        self._iterator = self._iterate()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
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
        """Stop reading and release the connection; later iteration yields nothing."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def until_done(self) -> None:
        """Read the stream to its end, discarding the items."""
        async for _ in self._iterator:
            pass

    async def _iterate(self) -> AsyncGenerator[T, None]:
        core = self._core
        chunks = self.response.aiter_bytes()
        try:
            with core.translated_errors():
                async for chunk in chunks:
                    for item in core.feed(chunk):
                        yield item
                    if core.done:
                        break
                else:
                    for item in core.finish():
                        yield item
            if core.done:
                with contextlib.suppress(*lines.http_errors()):
                    async for _ in chunks:
                        pass
        finally:
            await _close_async(chunks)
            await self.response.aclose()


def _close_sync(chunks: Iterator[bytes]) -> None:
    # httpx hands out generators; closing them now beats leaving it to the garbage collector.
    close = getattr(chunks, "close", None)
    if close is not None:
        close()


async def _close_async(chunks: AsyncIterator[bytes]) -> None:
    aclose = getattr(chunks, "aclose", None)
    if aclose is not None:
        await aclose()
