"""Base classes of the generated resource classes (`client.chat.completions` and the like).

A resource holds only its client. Each generated class defines `with_raw_response` and
`with_streaming_response`, returning its generated wrappers (`_wrappers.py`): the same methods,
bound to a view of the client that answers with the raw response instead of a model, and typed
so (`APIResponse[ChatCompletion]`), without generating the methods twice.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class _Resource:
    _client: Any

    def __init__(self, client: Any) -> None:
        self._client = client


class SyncAPIResource(_Resource):
    """Base of generated synchronous resources."""


class AsyncAPIResource(_Resource):
    """Base of generated asynchronous resources."""
