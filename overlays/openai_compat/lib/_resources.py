"""The generated resources with openai-python's hand-written helpers attached (subclasses; the
generated classes are never edited), and the resource trees that lead to them:
`client.responses`, `client.vector_stores.files` / `.file_batches`, `client.files`,
`client.uploads`, `client.videos`, `client.beta.threads(.runs)`, `client.beta.chat.completions`.
Imported on first use of one of those attributes."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from .._generated.openai.resources import beta as _beta
from .._generated.openai.resources import files as _files
from .._generated.openai.resources import responses as _responses
from .._generated.openai.resources import uploads as _uploads
from .._generated.openai.resources import vector_stores as _vector_stores
from .._generated.openai.resources import videos as _videos
from . import _poll_helpers as poll
from ._responses_helpers import AsyncResponsesHelpers, ResponsesHelpers

# -- responses -------------------------------------------------------------------------------


class Responses(ResponsesHelpers, _responses.Responses):
    """`client.responses`, with `parse()` and `stream()`."""


class AsyncResponses(AsyncResponsesHelpers, _responses.AsyncResponses):
    """`client.responses` of `AsyncOpenAI`, with `parse()` and `stream()`."""


# -- vector stores ---------------------------------------------------------------------------


class VectorStoresFiles(poll.VectorStoreFilesHelpers, _vector_stores.VectorStoresFiles):
    pass


class AsyncVectorStoresFiles(
    poll.AsyncVectorStoreFilesHelpers, _vector_stores.AsyncVectorStoresFiles
):
    pass


class VectorStoresFileBatches(poll.FileBatchesHelpers, _vector_stores.VectorStoresFileBatches):
    pass


class AsyncVectorStoresFileBatches(
    poll.AsyncFileBatchesHelpers, _vector_stores.AsyncVectorStoresFileBatches
):
    pass


class VectorStores(_vector_stores.VectorStores):
    @cached_property
    def files(self) -> VectorStoresFiles:  # type: ignore[override]
        return VectorStoresFiles(self._client)

    @cached_property
    def file_batches(self) -> VectorStoresFileBatches:  # type: ignore[override]
        return VectorStoresFileBatches(self._client)


class AsyncVectorStores(_vector_stores.AsyncVectorStores):
    @cached_property
    def files(self) -> AsyncVectorStoresFiles:  # type: ignore[override]
        return AsyncVectorStoresFiles(self._client)

    @cached_property
    def file_batches(self) -> AsyncVectorStoresFileBatches:  # type: ignore[override]
        return AsyncVectorStoresFileBatches(self._client)


# -- files, uploads, videos ------------------------------------------------------------------


class Files(poll.FilesHelpers, _files.Files):
    pass


class AsyncFiles(poll.AsyncFilesHelpers, _files.AsyncFiles):
    pass


class Uploads(poll.UploadsHelpers, _uploads.Uploads):
    pass


class AsyncUploads(poll.AsyncUploadsHelpers, _uploads.AsyncUploads):
    pass


class Videos(poll.VideosHelpers, _videos.Videos):
    pass


class AsyncVideos(poll.AsyncVideosHelpers, _videos.AsyncVideos):
    pass


# -- beta --------------------------------------------------------------------------------------


class BetaThreadsRuns(poll.RunsHelpers, _beta.BetaThreadsRuns):
    pass


class AsyncBetaThreadsRuns(poll.AsyncRunsHelpers, _beta.AsyncBetaThreadsRuns):
    pass


class BetaThreads(poll.ThreadsHelpers, _beta.BetaThreads):
    @cached_property
    def runs(self) -> BetaThreadsRuns:  # type: ignore[override]
        return BetaThreadsRuns(self._client)


class AsyncBetaThreads(poll.AsyncThreadsHelpers, _beta.AsyncBetaThreads):
    @cached_property
    def runs(self) -> AsyncBetaThreadsRuns:  # type: ignore[override]
        return AsyncBetaThreadsRuns(self._client)


class BetaChat:
    """`client.beta.chat`: openai-python keeps `beta.chat.completions.parse/stream` as aliases."""

    def __init__(self, client: Any) -> None:
        self._client = client

    @cached_property
    def completions(self) -> Any:
        from .._helpers import ChatCompletions

        return ChatCompletions(self._client)


class AsyncBetaChat(BetaChat):
    @cached_property
    def completions(self) -> Any:
        from .._helpers import AsyncChatCompletions

        return AsyncChatCompletions(self._client)


class Beta(_beta.Beta):
    @cached_property
    def threads(self) -> BetaThreads:  # type: ignore[override]
        return BetaThreads(self._client)

    @cached_property
    def chat(self) -> BetaChat:
        return BetaChat(self._client)


class AsyncBeta(_beta.AsyncBeta):
    @cached_property
    def threads(self) -> AsyncBetaThreads:  # type: ignore[override]
        return AsyncBetaThreads(self._client)

    @cached_property
    def chat(self) -> AsyncBetaChat:
        return AsyncBetaChat(self._client)
