"""`client.files` with `wait_for_processing()`."""

from __future__ import annotations

from .._generated.openai.resources import files as _files
from . import _poll_helpers as poll


class Files(poll.FilesHelpers, _files.Files):
    pass


class AsyncFiles(poll.AsyncFilesHelpers, _files.AsyncFiles):
    pass
