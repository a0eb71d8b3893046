"""`client.uploads` with `upload_file_chunked()` (parallel parts, resumable: `_upload_helpers`)."""

from __future__ import annotations

from .._generated.openai.resources import uploads as _uploads
from . import _upload_helpers as helpers


class Uploads(_uploads.Uploads, helpers.UploadsHelpers):
    pass


class AsyncUploads(_uploads.AsyncUploads, helpers.AsyncUploadsHelpers):
    pass
