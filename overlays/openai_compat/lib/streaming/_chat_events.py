"""The events `client.chat.completions.stream(...)` yields, named and shaped as openai-python's
(`openai.lib.streaming.chat`): `event.type` tells them apart.

They are built without validation from values that already are (chunks, strings, parsed
models). `ChunkEvent.snapshot` is computed when read: merging the completion on every chunk
would cost more than the chunk itself, and most loops never look at it.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar, Union

from pydantic import PrivateAttr

from ..._runtime._model import BaseModel

__all__ = [
    "ChatCompletionStreamEvent",
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

ResponseFormatT = TypeVar("ResponseFormatT")


class ChunkEvent(BaseModel):
    """Every chunk, as it arrived; `snapshot` is the completion merged so far."""

    type: Literal["chunk"]
    chunk: Any
    _state: Any = PrivateAttr(None)

    @property
    def snapshot(self) -> Any:
        """The `ParsedChatCompletion` merged from the chunks read so far."""
        return self._state.current_completion_snapshot


class ContentDeltaEvent(BaseModel):
    type: Literal["content.delta"]
    delta: str
    snapshot: str
    parsed: object | None = None
    """The content so far as partial JSON, when a `response_format` class was given."""


class ContentDoneEvent(BaseModel, Generic[ResponseFormatT]):
    type: Literal["content.done"]
    content: str
    parsed: ResponseFormatT | None = None


class RefusalDeltaEvent(BaseModel):
    type: Literal["refusal.delta"]
    delta: str
    snapshot: str


class RefusalDoneEvent(BaseModel):
    type: Literal["refusal.done"]
    refusal: str


class FunctionToolCallArgumentsDeltaEvent(BaseModel):
    type: Literal["tool_calls.function.arguments.delta"]
    name: str
    index: int
    arguments: str
    parsed_arguments: object
    arguments_delta: str


class FunctionToolCallArgumentsDoneEvent(BaseModel):
    type: Literal["tool_calls.function.arguments.done"]
    name: str
    index: int
    arguments: str
    parsed_arguments: object


class LogprobsContentDeltaEvent(BaseModel):
    type: Literal["logprobs.content.delta"]
    content: list[Any]
    snapshot: list[Any]


class LogprobsContentDoneEvent(BaseModel):
    type: Literal["logprobs.content.done"]
    content: list[Any]


class LogprobsRefusalDeltaEvent(BaseModel):
    type: Literal["logprobs.refusal.delta"]
    refusal: list[Any]
    snapshot: list[Any]


class LogprobsRefusalDoneEvent(BaseModel):
    type: Literal["logprobs.refusal.done"]
    refusal: list[Any]


ChatCompletionStreamEvent = Union[  # noqa: UP007 (subscriptable with the format type)
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent[ResponseFormatT],
    RefusalDeltaEvent,
    RefusalDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
]
