"""`client.realtime`, `client.responses` and `client.beta` with `connect()`: mixins for the four
clients. The resource modules load on first use, so creating a client stays cheap."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._resources import AsyncBeta, AsyncRealtime, AsyncResponses, Beta, Realtime, Responses

__all__ = ["AsyncWebSocketResources", "WebSocketResources"]


class WebSocketResources:
    """For `OpenAI` and `AzureOpenAI`."""

    @cached_property
    def realtime(self) -> Realtime:
        from ._resources import Realtime

        return Realtime(self)

    @cached_property
    def responses(self) -> Responses:
        from ._resources import Responses

        return Responses(self)

    @cached_property
    def beta(self) -> Beta:
        from ._resources import Beta

        return Beta(self)


class AsyncWebSocketResources:
    """For `AsyncOpenAI` and `AsyncAzureOpenAI`."""

    @cached_property
    def realtime(self) -> AsyncRealtime:
        from ._resources import AsyncRealtime

        return AsyncRealtime(self)

    @cached_property
    def responses(self) -> AsyncResponses:
        from ._resources import AsyncResponses

        return AsyncResponses(self)

    @cached_property
    def beta(self) -> AsyncBeta:
        from ._resources import AsyncBeta

        return AsyncBeta(self)
