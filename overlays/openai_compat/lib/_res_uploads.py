"""`client.uploads` with `upload_file_chunked()`."""

from __future__ import annotations

from .._generated.openai.resources import uploads as _uploads
from . import _poll_helpers as poll


class Uploads(_uploads.Uploads, poll.UploadsHelpers):
    pass


class AsyncUploads(_uploads.AsyncUploads, poll.AsyncUploadsHelpers):
    pass
