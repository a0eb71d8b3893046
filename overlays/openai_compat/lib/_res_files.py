"""`client.files` with `wait_for_processing()`."""

from __future__ import annotations

from .._generated.openai.resources import files as _files
from . import _poll_helpers as poll


class Files(_files.Files, poll.FilesHelpers):
    pass


class AsyncFiles(_files.AsyncFiles, poll.AsyncFilesHelpers):
    pass
