"""openai-python's `openai.pagination` names.

One page class serves every cursor style here (`after=<last id>`, `after=<next>`, `page=<next_page>`,
conversation `last_id`): the style is read from the operation, not from the class. So each of
openai-python's page classes is the same `SyncPage` / `AsyncPage`, and `isinstance(page,
SyncCursorPage)` holds for any list result.
"""

from __future__ import annotations

from ._pagination import AsyncPage, SyncPage

__all__ = [
    "AsyncConversationCursorPage",
    "AsyncCursorPage",
    "AsyncNextCursorPage",
    "AsyncPage",
    "AsyncTokenPage",
    "SyncConversationCursorPage",
    "SyncCursorPage",
    "SyncNextCursorPage",
    "SyncPage",
    "SyncTokenPage",
]

SyncCursorPage = SyncPage
SyncConversationCursorPage = SyncPage
SyncNextCursorPage = SyncPage
SyncTokenPage = SyncPage
AsyncCursorPage = AsyncPage
AsyncConversationCursorPage = AsyncPage
AsyncNextCursorPage = AsyncPage
AsyncTokenPage = AsyncPage
