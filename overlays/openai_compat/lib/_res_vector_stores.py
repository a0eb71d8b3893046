"""`client.vector_stores` whose `files` / `file_batches` have the polling and upload helpers."""

from __future__ import annotations

from functools import cached_property

from .._generated.openai.resources import vector_stores as _vector_stores
from . import _poll_helpers as poll


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
