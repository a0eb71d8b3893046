"""Merge streamed chat-completion chunks into the completion a non-streamed call would return.

`ChatCompletionAccumulator` is a pure object: `add(chunk)` per chunk, `get_final_completion()` at
the end. It reads chunks by shape, not by class: a generated `ChatCompletionChunk`,
any pydantic model, a plain object or the decoded JSON dict all work, and fields the spec does not
know are kept. The completion is built as plain data and validated by the model (or parser) given
to the constructor, so the caller decides how strict that is.

What real servers send, and how it is merged (per choice `index`):

* text deltas (`content`, `refusal`, `reasoning_content` or `reasoning`, and any unknown string
  field) are concatenated; `role` is set, not concatenated, because some servers repeat it, and
  is never filled in: a message whose chunks carried no role has none (the model reads None);
* tool-call deltas are matched by `index` (kept on the merged call, as the server sent it, so
  the result reads like openai-python's); a server that repeats the call `id` on every chunk
  keeps one id (never concatenated), a whole call may come in one chunk, a missing `index` is
  matched by `id` or by position, a missing `type` defaults to "function", and an `index` reused
  with a different `id` starts a new call;
* `finish_reason` takes the last non-empty value sent (Ollama sends "" before the end; an ""
  that nothing follows is kept), `logprobs.content`/`refusal` lists are extended,
  `usage` comes from the final usage chunk (or Groq's `x_groq.usage`);
* `id`/`model`/`created`/`system_fingerprint`/`service_tier` take the last non-empty value (Azure's
  first chunk has empty ones), other top-level and choice-level fields the last value sent, with
  objects merged key by key; a top-level field sent only as null is kept as null.

`ChatCompletionStreamManager` / `AsyncChatCompletionStreamManager` put an accumulator around a
`Stream` for `client.chat.completions.stream(...)`.
"""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pydantic
from typing_extensions import Self

from ._exceptions import OpenAIError
from ._streaming import AsyncStream, Stream

if TYPE_CHECKING:
    import httpx

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionAccumulator",
    "ChatCompletionStream",
    "ChatCompletionStreamManager",
    "accumulate_chat_completion",
]

CompletionT = TypeVar("CompletionT", bound=pydantic.BaseModel)
ChunkT = TypeVar("ChunkT")

# Top-level chunk fields that describe the chunk, not the completion.
_CHUNK_ONLY_FIELDS = frozenset({"object", "obfuscation", "choices", "usage"})
# Servers fill these late (Azure's first chunk has "", 0): the last non-empty value wins.
_IDENTITY_FIELDS = frozenset({"id", "model", "created", "system_fingerprint", "service_tier"})
# Inside nested delta objects these identify, they are not text to append.
_REPLACED_KEYS = frozenset({"id", "index", "type", "object", "expires_at"})


def _fields(obj: object) -> dict[str, Any]:
    """The fields a chunk (model, dict or plain object) carries, without triggering accessors."""
    if isinstance(obj, dict):
        return obj
    if isinstance(obj, pydantic.BaseModel):
        # __dict__/extra rather than getattr: deprecated fields warn when read as attributes.
        values = obj.__dict__
        extra = obj.__pydantic_extra__ or {}
        return {k: values[k] if k in values else extra[k] for k in obj.model_fields_set}
    try:
        return dict(vars(obj))
    except TypeError:
        raise TypeError(
            f"chunk: expected a chat completion chunk (a model, dict or object with attributes), "
            f"got {type(obj).__name__}"
        ) from None


def _plain(value: Any) -> Any:
    """A nested value as JSON-like data, so any completion model can validate it."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__dict__"):
        return _plain(vars(value))
    return value


def _merge_delta_value(old: Any, new: Any) -> Any:
    """Merge a nested delta value (e.g. streamed `audio`): strings append, lists extend."""
    if old is None:
        return new
    if isinstance(old, str) and isinstance(new, str):
        return old + new
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            if value is None:
                continue
            merged[key] = (
                value if key in _REPLACED_KEYS else _merge_delta_value(old.get(key), value)
            )
        return merged
    if isinstance(old, list) and isinstance(new, list):
        return old + new
    return new


def _merge_latest(old: Any, new: Any) -> Any:
    """Merge a non-delta field: the last value wins, objects are updated key by key."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **new}
    return new


class _ToolCallState:
    __slots__ = ("arguments", "born", "extra", "function_extra", "id", "index", "name", "type")

    def __init__(self, index: int | None, born: int = 0) -> None:
        self.index = index
        self.born = born  # how many chunks of its choice had arrived when it started
        self.id: str | None = None
        self.type: str | None = None
        self.name: str | None = None
        self.arguments: list[str] = []
        self.extra: dict[str, Any] = {}
        self.function_extra: dict[str, Any] = {}

    def add(self, fields: dict[str, Any]) -> None:
        for key, value in fields.items():
            if value is None or key == "index":
                continue
            if key == "id":
                self.id = self.id or value  # some servers repeat it on every chunk
            elif key == "type":
                self.type = value
            elif key == "function":
                self._add_function(_fields(value))
            else:
                self.extra[key] = _merge_delta_value(self.extra.get(key), _plain(value))

    def _add_function(self, fields: dict[str, Any]) -> None:
        for key, value in fields.items():
            if value is None:
                continue
            if key == "arguments":
                self.arguments.append(value)
            elif key == "name":
                # A repeated identical name is a server resending it, not a second piece.
                if self.name is None:
                    self.name = value
                elif value != self.name:
                    self.name += value
            else:
                merged = _merge_delta_value(self.function_extra.get(key), _plain(value))
                self.function_extra[key] = merged

    def to_data(self) -> dict[str, Any]:
        function = {"name": self.name or "", "arguments": "".join(self.arguments)}
        function.update(self.function_extra)
        data: dict[str, Any] = {"id": self.id or "", "type": self.type or "function"}
        data["function"] = function
        data.update(self.extra)
        if self.index is not None:  # the server's index (not invented when it sent none)
            data["index"] = self.index
        return data


class _ChoiceState:
    __slots__ = (
        "chunks",
        "extra",
        "finish_reason",
        "index",
        "logprobs",
        "message",
        "sent",
        "text",
        "tool_calls",
        "touched",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.chunks = 0  # how many chunks carried this choice
        self.sent: set[str] = set()  # every delta key sent, null ones too
        self.finish_reason: str | None = None
        self.logprobs: dict[str, Any] | None = None
        self.message: dict[str, Any] = {}  # non-text message fields: role, audio, annotations...
        self.text: dict[str, list[str]] = {}  # text fields as pieces, joined once at the end
        self.tool_calls: list[_ToolCallState] = []
        # The calls the last tool-call deltas went to, in order (the stream events name them).
        self.touched: list[_ToolCallState] = []
        self.extra: dict[str, Any] = {}

    def add(self, fields: dict[str, Any]) -> None:
        self.chunks += 1
        for key, value in fields.items():
            if key == "index":
                continue
            if key == "delta":
                if value is not None:
                    self._add_delta(_fields(value))
            elif key == "finish_reason":
                if value or self.finish_reason is None:
                    self.finish_reason = value
            elif key == "logprobs":
                self._add_logprobs(value)
            elif value is not None:
                self.extra[key] = _merge_latest(self.extra.get(key), _plain(value))

    def _add_delta(self, delta: dict[str, Any]) -> None:
        self.sent.update(delta)
        for key, value in delta.items():
            if value is None:
                continue
            if key == "tool_calls":
                self._add_tool_calls(value)
            elif key == "role":
                self.message["role"] = value
            elif isinstance(value, str):
                pieces = self.text.get(key)
                if pieces is None:
                    self.text[key] = [value]
                else:
                    pieces.append(value)
            else:
                self.message[key] = _merge_delta_value(self.message.get(key), _plain(value))

    def _add_logprobs(self, value: Any) -> None:
        if value is None:
            return
        logprobs = self.logprobs if self.logprobs is not None else {}
        for key, items in _fields(value).items():
            if isinstance(items, list):
                logprobs[key] = [*(logprobs.get(key) or []), *_plain(items)]
            elif items is not None or key not in logprobs:
                logprobs[key] = _plain(items)
        self.logprobs = logprobs

    def _add_tool_calls(self, deltas: Iterable[Any]) -> None:
        touched = self.touched = []
        for position, delta in enumerate(deltas):
            fields = _fields(delta)
            call = self._tool_call_for(fields, position)
            call.add(fields)
            touched.append(call)

    def _tool_call_for(self, fields: dict[str, Any], position: int) -> _ToolCallState:
        index = fields.get("index")
        call_id = fields.get("id")
        if isinstance(index, int):
            for call in reversed(self.tool_calls):
                if call.index == index:
                    # Same index but another id: a server numbering every call 0.
                    if call_id and call.id and call_id != call.id:
                        break
                    return call
            return self._new_tool_call(index)
        if call_id:
            for call in self.tool_calls:
                if call.id == call_id:
                    return call
            return self._new_tool_call(None)
        # Neither index nor id: a named delta starts a call, a nameless one continues one.
        function = fields.get("function")
        named = function is not None and _fields(function).get("name") is not None
        if self.tool_calls:
            candidate = self.tool_calls[min(position, len(self.tool_calls) - 1)]
            if not (named and candidate.name is not None):
                return candidate
        return self._new_tool_call(None)

    def _new_tool_call(self, index: int | None) -> _ToolCallState:
        call = _ToolCallState(index, self.chunks - 1)
        self.tool_calls.append(call)
        return call

    def to_data(self) -> dict[str, Any]:
        message: dict[str, Any] = {"content": None, "refusal": None}
        message.update(self.message)
        for key, pieces in self.text.items():
            message[key] = "".join(pieces)
        if self.tool_calls:
            message["tool_calls"] = [call.to_data() for call in self.tool_calls]
        if "function_call" in message:
            function_call = message["function_call"]
            function_call.setdefault("name", "")
            function_call.setdefault("arguments", "")
        data: dict[str, Any] = {"index": self.index, "message": message}
        data["finish_reason"] = self.finish_reason
        data["logprobs"] = self.logprobs
        data.update(self.extra)
        return data


class ChatCompletionAccumulator(Generic[CompletionT]):
    """Merges chat completion chunks, in order, into one completion."""

    def __init__(
        self,
        completion_model: type[CompletionT] | None = None,
        *,
        parse_completion: Callable[[dict[str, Any]], CompletionT] | None = None,
    ) -> None:
        """`completion_model` validates the result (default: the generated `ChatCompletion`,
        parsed tolerantly as responses are); `parse_completion(data)` replaces that validation."""
        self._completion_model = completion_model
        self._parse_completion = parse_completion
        self.chunks: list[Any] = []
        self._top: dict[str, Any] = {}
        self._usage: Any = None
        self._choices: dict[int, _ChoiceState] = {}

    def add(self, chunk: Any) -> None:
        """Merge one chunk (a model, a dict, or any object with a chunk's attributes)."""
        fields = _fields(chunk)
        self.chunks.append(chunk)
        for key, value in fields.items():
            if value is None:
                if key not in _CHUNK_ONLY_FIELDS:
                    self._top.setdefault(key, None)  # sent as null: kept, never over a value
                continue
            if key == "choices":
                for position, choice in enumerate(value):
                    self._add_choice(_fields(choice), position)
            elif key == "usage":
                self._usage = _plain(value)
            elif key in _IDENTITY_FIELDS:
                if value or self._top.get(key) is None:
                    self._top[key] = value
            elif key not in _CHUNK_ONLY_FIELDS:
                self._top[key] = _merge_latest(self._top.get(key), _plain(value))

    def _add_choice(self, fields: dict[str, Any], position: int) -> None:
        index = fields.get("index")
        if not isinstance(index, int):
            index = position
        state = self._choices.get(index)
        if state is None:
            state = self._choices[index] = _ChoiceState(index)
        state.add(fields)

    def choice_state(self, index: int) -> _ChoiceState | None:
        """The merge state of choice `index` (its text pieces, tool calls...), if any arrived."""
        return self._choices.get(index)

    def completion_data(self) -> dict[str, Any]:
        """The completion so far as plain JSON-like data, before validation."""
        data: dict[str, Any] = {"id": "", "object": "chat.completion", "created": 0, "model": ""}
        data.update(self._top)
        data["object"] = "chat.completion"
        data["choices"] = [self._choices[i].to_data() for i in sorted(self._choices)]
        usage = self._usage
        if usage is None:
            x_groq = self._top.get("x_groq")
            usage = x_groq.get("usage") if isinstance(x_groq, dict) else None
        if usage is not None:
            data["usage"] = usage
        return data

    @property
    def current_completion_snapshot(self) -> CompletionT:
        """The completion as merged so far, validated like the final one.

        Mid-stream `finish_reason` is still None: the model or parser must accept that (the
        client's tolerant parser does; a strict generated model may not)."""
        return self._validate(self.completion_data())

    def get_final_completion(self) -> CompletionT:
        """The merged completion. Raises `OpenAIError` when no chunk was added."""
        if not self.chunks:
            raise OpenAIError(
                "No chat completion chunk was received, so there is no completion to build."
            )
        return self._validate(self.completion_data())

    def _validate(self, data: dict[str, Any]) -> CompletionT:
        if self._parse_completion is not None:
            return self._parse_completion(data)
        model = self._completion_model
        if model is None:
            completion: CompletionT = _parse_default_completion(data)
            return completion
        return model.model_validate(data)


def _parse_default_completion(data: dict[str, Any]) -> Any:
    # Imported on first use: importing the package must not load the generated models. Parsed
    # tolerantly, like a response: a merged message without a role is recorded, not an error.
    from ._generated.openai.models.chat_completion import (  # type: ignore[import-not-found,unused-ignore]
        ChatCompletion,
    )
    from ._tolerant import parse_python

    return parse_python(ChatCompletion, data)


def accumulate_chat_completion(
    chunks: Iterable[Any],
    *,
    completion_model: type[CompletionT] | None = None,
    parse_completion: Callable[[dict[str, Any]], CompletionT] | None = None,
) -> CompletionT:
    """Merge every chunk of `chunks` and return the completion."""
    accumulator = ChatCompletionAccumulator(completion_model, parse_completion=parse_completion)
    for chunk in chunks:
        accumulator.add(chunk)
    return accumulator.get_final_completion()


def _first_choice_content(chunk: Any) -> str | None:
    choices = _fields(chunk).get("choices")
    for choice in choices or ():
        fields = _fields(choice)
        if fields.get("index", 0) == 0 and fields.get("delta") is not None:
            content = _fields(fields["delta"]).get("content")
            return content if isinstance(content, str) and content else None
    return None


class ChatCompletionStream(Generic[ChunkT, CompletionT]):
    """A chat stream that merges its chunks as they are iterated."""

    def __init__(self, stream: Stream[ChunkT], accumulator: ChatCompletionAccumulator[CompletionT]):
        self._stream = stream
        self.accumulator = accumulator
        self._iterator = self._iterate()

    @property
    def response(self) -> httpx.Response:
        """The underlying `httpx.Response`."""
        return self._stream.response

    def __iter__(self) -> Iterator[ChunkT]:
        return self._iterator

    def __next__(self) -> ChunkT:
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

    @property
    def text_deltas(self) -> Iterator[str]:
        """The content pieces of choice 0, as they arrive (iterating consumes the stream)."""
        return (text for chunk in self._iterator if (text := _first_choice_content(chunk)))

    @property
    def current_completion_snapshot(self) -> CompletionT:
        """The completion merged from the chunks read so far."""
        return self.accumulator.current_completion_snapshot

    def until_done(self) -> None:
        """Read the rest of the stream."""
        for _ in self._iterator:
            pass

    def get_final_completion(self) -> CompletionT:
        """Read the rest of the stream and return the merged completion."""
        self.until_done()
        return self.accumulator.get_final_completion()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._stream.close()

    def _iterate(self) -> Generator[ChunkT, None, None]:
        add = self.accumulator.add
        for chunk in self._stream:
            add(chunk)
            yield chunk


class AsyncChatCompletionStream(Generic[ChunkT, CompletionT]):
    """The async twin of `ChatCompletionStream`."""

    def __init__(
        self, stream: AsyncStream[ChunkT], accumulator: ChatCompletionAccumulator[CompletionT]
    ):
        self._stream = stream
        self.accumulator = accumulator
        self._iterator = self._iterate()

    @property
    def response(self) -> httpx.Response:
        """The underlying `httpx.Response`."""
        return self._stream.response

    def __aiter__(self) -> AsyncIterator[ChunkT]:
        return self._iterator

    async def __anext__(self) -> ChunkT:
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

    @property
    def text_deltas(self) -> AsyncIterator[str]:
        """The content pieces of choice 0, as they arrive (iterating consumes the stream)."""
        return (text async for chunk in self._iterator if (text := _first_choice_content(chunk)))

    @property
    def current_completion_snapshot(self) -> CompletionT:
        """The completion merged from the chunks read so far."""
        return self.accumulator.current_completion_snapshot

    async def until_done(self) -> None:
        """Read the rest of the stream."""
        async for _ in self._iterator:
            pass

    async def get_final_completion(self) -> CompletionT:
        """Read the rest of the stream and return the merged completion."""
        await self.until_done()
        return self.accumulator.get_final_completion()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        await self._stream.close()

    async def _iterate(self) -> AsyncGenerator[ChunkT, None]:
        add = self.accumulator.add
        async for chunk in self._stream:
            add(chunk)
            yield chunk


class ChatCompletionStreamManager(Generic[ChunkT, CompletionT]):
    """`with client.chat.completions.stream(...) as stream:` - the request is sent on entering."""

    def __init__(
        self,
        make_stream: Callable[[], Stream[ChunkT]],
        *,
        completion_model: type[CompletionT] | None = None,
        parse_completion: Callable[[dict[str, Any]], CompletionT] | None = None,
    ) -> None:
        self._make_stream = make_stream
        self._completion_model = completion_model
        self._parse_completion = parse_completion
        self._stream: ChatCompletionStream[ChunkT, CompletionT] | None = None

    def __enter__(self) -> ChatCompletionStream[ChunkT, CompletionT]:
        accumulator = ChatCompletionAccumulator(
            self._completion_model, parse_completion=self._parse_completion
        )
        self._stream = ChatCompletionStream(self._make_stream(), accumulator)
        return self._stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncChatCompletionStreamManager(Generic[ChunkT, CompletionT]):
    """`async with client.chat.completions.stream(...) as stream:` - sent on entering."""

    def __init__(
        self,
        make_stream: Callable[[], Awaitable[AsyncStream[ChunkT]]],
        *,
        completion_model: type[CompletionT] | None = None,
        parse_completion: Callable[[dict[str, Any]], CompletionT] | None = None,
    ) -> None:
        self._make_stream = make_stream
        self._completion_model = completion_model
        self._parse_completion = parse_completion
        self._stream: AsyncChatCompletionStream[ChunkT, CompletionT] | None = None

    async def __aenter__(self) -> AsyncChatCompletionStream[ChunkT, CompletionT]:
        accumulator = ChatCompletionAccumulator(
            self._completion_model, parse_completion=self._parse_completion
        )
        self._stream = AsyncChatCompletionStream(await self._make_stream(), accumulator)
        return self._stream

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
