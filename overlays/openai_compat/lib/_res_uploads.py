"""`client.uploads` with `upload_file_chunked()`."""

from __future__ import annotations

from .._generated.openai.resources import uploads as _uploads
from . import _poll_helpers as poll


class Uploads(poll.UploadsHelpers, _uploads.Uploads):
    pass


class AsyncUploads(poll.AsyncUploadsHelpers, _uploads.AsyncUploads):
    pass
