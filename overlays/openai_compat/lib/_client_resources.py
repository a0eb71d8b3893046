"""Mixins of `OpenAI` / `AsyncOpenAI` that hand out the resources with helpers attached
(`lib._resources`) and `client.webhooks`. Nothing is imported until an attribute is used, so
creating a client stays as cheap as before."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .. import _helpers
    from . import _resources
    from ._webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncHelperResources", "HelperResources"]


class HelperResources:
    webhook_secret: str | None

    @cached_property
    def chat(self) -> _helpers.Chat:
        from .. import _helpers

        return _helpers.Chat(self)

    @cached_property
    def responses(self) -> _resources.Responses:
        from . import _resources

        return _resources.Responses(self)

    @cached_property
    def vector_stores(self) -> _resources.VectorStores:
        from . import _resources

        return _resources.VectorStores(self)

    @cached_property
    def files(self) -> _resources.Files:
        from . import _resources

        return _resources.Files(self)

    @cached_property
    def uploads(self) -> _resources.Uploads:
        from . import _resources

        return _resources.Uploads(self)

    @cached_property
    def videos(self) -> _resources.Videos:
        from . import _resources

        return _resources.Videos(self)

    @cached_property
    def beta(self) -> _resources.Beta:
        from . import _resources

        return _resources.Beta(self)

    @cached_property
    def webhooks(self) -> Webhooks:
        from ._webhooks import Webhooks

        return Webhooks(self)


class AsyncHelperResources:
    webhook_secret: str | None

    @cached_property
    def chat(self) -> _helpers.AsyncChat:
        from .. import _helpers

        return _helpers.AsyncChat(self)

    @cached_property
    def responses(self) -> _resources.AsyncResponses:
        from . import _resources

        return _resources.AsyncResponses(self)

    @cached_property
    def vector_stores(self) -> _resources.AsyncVectorStores:
        from . import _resources

        return _resources.AsyncVectorStores(self)

    @cached_property
    def files(self) -> _resources.AsyncFiles:
        from . import _resources

        return _resources.AsyncFiles(self)

    @cached_property
    def uploads(self) -> _resources.AsyncUploads:
        from . import _resources

        return _resources.AsyncUploads(self)

    @cached_property
    def videos(self) -> _resources.AsyncVideos:
        from . import _resources

        return _resources.AsyncVideos(self)

    @cached_property
    def beta(self) -> _resources.AsyncBeta:
        from . import _resources

        return _resources.AsyncBeta(self)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        from ._webhooks import AsyncWebhooks

        return AsyncWebhooks(self)
