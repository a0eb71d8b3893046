"""`client.vector_stores` whose `files` / `file_batches` have the polling and upload helpers."""

from __future__ import annotations

from functools import cached_property

from .._generated.openai.resources import vector_stores as _vector_stores
from . import _poll_helpers as poll


class VectorStoresFiles(_vector_stores.VectorStoresFiles, poll.VectorStoreFilesHelpers):
    pass


class AsyncVectorStoresFiles(
    _vector_stores.AsyncVectorStoresFiles, poll.AsyncVectorStoreFilesHelpers
):
    pass


class VectorStoresFileBatches(_vector_stores.VectorStoresFileBatches, poll.FileBatchesHelpers):
    pass


class AsyncVectorStoresFileBatches(
    _vector_stores.AsyncVectorStoresFileBatches, poll.AsyncFileBatchesHelpers
):
    pass


class VectorStores(_vector_stores.VectorStores):
    @cached_property
    def files(self) -> VectorStoresFiles:
        return VectorStoresFiles(self._client)

    @cached_property
    def file_batches(self) -> VectorStoresFileBatches:
        return VectorStoresFileBatches(self._client)


class AsyncVectorStores(_vector_stores.AsyncVectorStores):
    @cached_property
    def files(self) -> AsyncVectorStoresFiles:
        return AsyncVectorStoresFiles(self._client)

    @cached_property
    def file_batches(self) -> AsyncVectorStoresFileBatches:
        return AsyncVectorStoresFileBatches(self._client)
