"""`client.videos` with `create_and_poll()` / `poll()`."""

from __future__ import annotations

from .._generated.openai.resources import videos as _videos
from . import _poll_helpers as poll


class Videos(_videos.Videos, poll.VideosHelpers):
    pass


class AsyncVideos(_videos.AsyncVideos, poll.AsyncVideosHelpers):
    pass
