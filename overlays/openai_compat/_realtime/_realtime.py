"""Realtime connections: `client.realtime.connect(...)` and `client.beta.realtime.connect(...)`.

    with client.realtime.connect(model="gpt-realtime") as connection:
        connection.session.update(session={"type": "realtime", "instructions": "Be brief."})
        connection.input_audio_buffer.append(audio=base64_pcm16)
        connection.response.create()
        for event in connection:
            if event.type == "response.output_audio.delta": play(event.delta)
            elif event.type == "response.done": break

Each helper (`connection.session.update(...)`, `connection.conversation.item.create(...)`...) sends
one client event with the fields in openai-python's order, omitted arguments left out. On an
async connection the same helpers return awaitables (`await connection.response.create()`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Generic, TypeVar

from .._runtime import NOT_GIVEN
from ._connection import AsyncConnectionBase, SyncConnectionBase
from ._events import BETA_REALTIME, REALTIME, dumps_event, strip_omitted
from ._manager import AsyncConnectionManager, Endpoint, SyncConnectionManager

__all__ = [
    "AsyncBetaRealtimeConnection",
    "AsyncBetaRealtimeConnectionManager",
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "BetaRealtimeConnection",
    "BetaRealtimeConnectionManager",
    "RealtimeConnection",
    "RealtimeConnectionManager",
]

REALTIME_ENDPOINT = Endpoint("/realtime", REALTIME, deployment=True)
BETA_REALTIME_ENDPOINT = Endpoint(
    "/realtime", BETA_REALTIME, beta=True, deployment=True, exclude_defaults=True
)

# What a helper returns: None on a sync connection, an awaitable on an async one.
R = TypeVar("R")
_ = NOT_GIVEN


class _Resource(Generic[R]):
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def _send(self, **fields: Any) -> R:
        result: R = self._connection.send(strip_omitted(fields))
        return result


class RealtimeSessionResource(_Resource[R]):
    def update(self, *, session: Any, event_id: Any = _) -> R:
        """`session.update`: change the session's configuration (the server answers
        `session.updated`)."""
        return self._send(type="session.update", session=session, event_id=event_id)


class RealtimeResponseResource(_Resource[R]):
    def create(self, *, event_id: Any = _, response: Any = _) -> R:
        """`response.create`: run the model (`response` overrides the session's settings for
        this response)."""
        return self._send(type="response.create", event_id=event_id, response=response)

    def cancel(self, *, event_id: Any = _, response_id: Any = _) -> R:
        """`response.cancel`: stop the response in progress."""
        return self._send(type="response.cancel", event_id=event_id, response_id=response_id)


class RealtimeInputAudioBufferResource(_Resource[R]):
    def clear(self, *, event_id: Any = _) -> R:
        """`input_audio_buffer.clear`."""
        return self._send(type="input_audio_buffer.clear", event_id=event_id)

    def commit(self, *, event_id: Any = _) -> R:
        """`input_audio_buffer.commit`: make the buffered audio a user message."""
        return self._send(type="input_audio_buffer.commit", event_id=event_id)

    def append(self, *, audio: str, event_id: Any = _) -> R:
        """`input_audio_buffer.append`: add base64-encoded audio to the input buffer."""
        return self._send(type="input_audio_buffer.append", audio=audio, event_id=event_id)


class RealtimeConversationItemResource(_Resource[R]):
    def delete(self, *, item_id: str, event_id: Any = _) -> R:
        """`conversation.item.delete`."""
        return self._send(type="conversation.item.delete", item_id=item_id, event_id=event_id)

    def create(self, *, item: Any, event_id: Any = _, previous_item_id: Any = _) -> R:
        """`conversation.item.create`: add a message, function call or call output."""
        return self._send(type="conversation.item.create", item=item, event_id=event_id,
                          previous_item_id=previous_item_id)  # fmt: skip

    def truncate(self, *, audio_end_ms: int, content_index: int, item_id: str,
                 event_id: Any = _) -> R:  # fmt: skip
        """`conversation.item.truncate`: cut an assistant message's audio where playback
        stopped."""
        return self._send(type="conversation.item.truncate", audio_end_ms=audio_end_ms,
                          content_index=content_index, item_id=item_id, event_id=event_id)  # fmt: skip

    def retrieve(self, *, item_id: str, event_id: Any = _) -> R:
        """`conversation.item.retrieve`."""
        return self._send(type="conversation.item.retrieve", item_id=item_id, event_id=event_id)


class RealtimeConversationResource(_Resource[R]):
    @cached_property
    def item(self) -> RealtimeConversationItemResource[R]:
        return RealtimeConversationItemResource(self._connection)


class RealtimeOutputAudioBufferResource(_Resource[R]):
    def clear(self, *, event_id: Any = _) -> R:
        """`output_audio_buffer.clear` (WebRTC/SIP): cut off the audio being played."""
        return self._send(type="output_audio_buffer.clear", event_id=event_id)


class RealtimeTranscriptionSessionResource(_Resource[R]):
    def update(self, *, session: Any, event_id: Any = _) -> R:
        """`transcription_session.update` (beta)."""
        return self._send(type="transcription_session.update", session=session,
                          event_id=event_id)  # fmt: skip


class _RealtimeResources(Generic[R]):
    """The helpers every realtime connection has."""

    session: RealtimeSessionResource[R]
    response: RealtimeResponseResource[R]
    input_audio_buffer: RealtimeInputAudioBufferResource[R]
    conversation: RealtimeConversationResource[R]
    output_audio_buffer: RealtimeOutputAudioBufferResource[R]

    def _attach_resources(self) -> None:
        self.session = RealtimeSessionResource(self)
        self.response = RealtimeResponseResource(self)
        self.input_audio_buffer = RealtimeInputAudioBufferResource(self)
        self.conversation = RealtimeConversationResource(self)
        self.output_audio_buffer = RealtimeOutputAudioBufferResource(self)


class RealtimeConnection(SyncConnectionBase, _RealtimeResources[None]):
    """A live Realtime API connection (from `client.realtime.connect(...)`)."""

    _exclude_defaults = False

    def __init__(self, websocket: Any, **state: Any) -> None:
        super().__init__(websocket, **state)
        self._attach_resources()

    def send(self, event: Any) -> None:
        """Send a client event: a dict (`{"type": "response.create"}`) or a model."""
        self.send_raw(dumps_event(event, exclude_defaults=self._exclude_defaults))


class AsyncRealtimeConnection(AsyncConnectionBase, _RealtimeResources[Any]):
    """A live Realtime API connection (from `AsyncOpenAI().realtime.connect(...)`)."""

    _exclude_defaults = False

    def __init__(self, websocket: Any, **state: Any) -> None:
        super().__init__(websocket, **state)
        self._attach_resources()

    async def send(self, event: Any) -> None:
        """Send a client event: a dict (`{"type": "response.create"}`) or a model."""
        await self.send_raw(dumps_event(event, exclude_defaults=self._exclude_defaults))


class BetaRealtimeConnection(RealtimeConnection):
    """A live connection from `client.beta.realtime.connect(...)` (the beta protocol)."""

    _exclude_defaults = True
    transcription_session: RealtimeTranscriptionSessionResource[None]

    def __init__(self, websocket: Any, **state: Any) -> None:
        super().__init__(websocket, **state)
        self.transcription_session = RealtimeTranscriptionSessionResource(self)


class AsyncBetaRealtimeConnection(AsyncRealtimeConnection):
    """A live connection from `AsyncOpenAI().beta.realtime.connect(...)`."""

    _exclude_defaults = True
    transcription_session: RealtimeTranscriptionSessionResource[Any]

    def __init__(self, websocket: Any, **state: Any) -> None:
        super().__init__(websocket, **state)
        self.transcription_session = RealtimeTranscriptionSessionResource(self)


class RealtimeConnectionManager(SyncConnectionManager):
    """`with client.realtime.connect(...) as connection:`; `.enter()` without `with`."""

    _connection_class = RealtimeConnection

    def __enter__(self) -> RealtimeConnection:
        connection: RealtimeConnection = super().__enter__()
        return connection

    enter = __enter__


class AsyncRealtimeConnectionManager(AsyncConnectionManager):
    """`async with client.realtime.connect(...) as connection:`; `await .enter()`."""

    _connection_class = AsyncRealtimeConnection

    async def __aenter__(self) -> AsyncRealtimeConnection:
        connection: AsyncRealtimeConnection = await super().__aenter__()
        return connection

    enter = __aenter__


class BetaRealtimeConnectionManager(RealtimeConnectionManager):
    _connection_class = BetaRealtimeConnection


class AsyncBetaRealtimeConnectionManager(AsyncRealtimeConnectionManager):
    _connection_class = AsyncBetaRealtimeConnection
