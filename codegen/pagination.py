"""Which operations return a page, decided from the operation as openai-python decides it.

A page is a result you iterate for its items and that may fetch the next one. openai-python makes
one of every GET that lists things (a response object with a `data` array, items given inline or
by reference) - following the `after` cursor where the operation takes one (`has_more` /
`last_id` / `next` in the response say whether and where it goes on), a single page otherwise
(`models.list`). Nothing else is a page: a POST whose answer happens to hold a `data` list
(`embeddings.create`, `images.generate`, `conversations.items.create`) returns its response
object, except the few POST operations openai-python itself returns as a page, listed below.
The usage and costs lists (`page=<next_page>`) are returned as their response objects by
openai-python too: they are not pages.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from .schema_kinds import is_type

Pagination = Literal["none", "cursor", "single"]

# The cursor openai-python follows; the query parameter of the usage style it does not follow.
CURSOR_PARAM = "after"
UNFOLLOWED_CURSOR_PARAMS = frozenset({"page"})

# POST operations openai-python 3.54 returns as `SyncPage` (one page, no cursor): (method, path).
POST_PAGES: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/vector_stores/{vector_store_id}/search"),
        ("POST", "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions"),
        ("POST", "/organization/certificates/activate"),
        ("POST", "/organization/certificates/deactivate"),
        ("POST", "/organization/projects/{project_id}/certificates/activate"),
        ("POST", "/organization/projects/{project_id}/certificates/deactivate"),
    }
)


def is_list_response(properties: dict[str, object]) -> bool:
    """A response object holding its items in a `data` array (of any item schema)."""
    return is_type(properties.get("data"), "array")


def pagination_for(
    method: str, path: str, query_params: Collection[str], list_response: bool
) -> Pagination:
    """ "cursor", "single" or "none" for an operation whose response is (or not) a list."""
    if not list_response:
        return "none"
    method = method.upper()
    if method == "GET":
        if CURSOR_PARAM in query_params:
            return "cursor"
        if UNFOLLOWED_CURSOR_PARAMS & set(query_params):
            return "none"
        return "single"
    return "single" if (method, path.partition("?")[0]) in POST_PAGES else "none"
