"""Mixins of `OpenAI` / `AsyncOpenAI` that hand out the resources with helpers attached
(`lib._res_*` modules, one per resource so each loads only its own generated module) and `client.webhooks`. Nothing is imported until an attribute is used, so
creating a client stays as cheap as before."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .. import _helpers
    from . import (
        _res_beta,
        _res_files,
        _res_responses,
        _res_uploads,
        _res_vector_stores,
        _res_videos,
    )
    from ._webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncHelperResources", "HelperResources"]


class HelperResources:
    webhook_secret: str | None

    @cached_property
    def chat(self) -> _helpers.Chat:
        from .. import _helpers

        return _helpers.Chat(self)

    @cached_property
    def responses(self) -> _res_responses.Responses:
        from . import _res_responses

        return _res_responses.Responses(self)

    @cached_property
    def vector_stores(self) -> _res_vector_stores.VectorStores:
        from . import _res_vector_stores

        return _res_vector_stores.VectorStores(self)

    @cached_property
    def files(self) -> _res_files.Files:
        from . import _res_files

        return _res_files.Files(self)

    @cached_property
    def uploads(self) -> _res_uploads.Uploads:
        from . import _res_uploads

        return _res_uploads.Uploads(self)

    @cached_property
    def videos(self) -> _res_videos.Videos:
        from . import _res_videos

        return _res_videos.Videos(self)

    @cached_property
    def beta(self) -> _res_beta.Beta:
        from . import _res_beta

        return _res_beta.Beta(self)

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
    def responses(self) -> _res_responses.AsyncResponses:
        from . import _res_responses

        return _res_responses.AsyncResponses(self)

    @cached_property
    def vector_stores(self) -> _res_vector_stores.AsyncVectorStores:
        from . import _res_vector_stores

        return _res_vector_stores.AsyncVectorStores(self)

    @cached_property
    def files(self) -> _res_files.AsyncFiles:
        from . import _res_files

        return _res_files.AsyncFiles(self)

    @cached_property
    def uploads(self) -> _res_uploads.AsyncUploads:
        from . import _res_uploads

        return _res_uploads.AsyncUploads(self)

    @cached_property
    def videos(self) -> _res_videos.AsyncVideos:
        from . import _res_videos

        return _res_videos.AsyncVideos(self)

    @cached_property
    def beta(self) -> _res_beta.AsyncBeta:
        from . import _res_beta

        return _res_beta.AsyncBeta(self)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        from ._webhooks import AsyncWebhooks

        return AsyncWebhooks(self)
