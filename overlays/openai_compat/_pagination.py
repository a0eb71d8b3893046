"""List results: pages that iterate over their items and fetch the next page on demand.

A page wraps the list model the spec returns (`data`, and `has_more` where the list goes on).
Iterating a page walks every item of every following page; `iter_pages()` walks pages. The next
page repeats the request with the cursor styles the spec uses: `page=<next_page>` (usage and
costs), `after=<next>` (admin lists), `after=<last_id>`, or `after=<last item's id>`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Generator, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = ["AsyncPage", "AsyncPaginator", "SyncPage", "next_page_params"]


def next_page_params(
    model: Any, items: list[Any], pagination: str, accepted: Collection[str]
) -> dict[str, str] | None:
    """The query arguments for the next page, or None when this is the last page.

    `accepted` names the operation's query parameters: a style applies only where the operation
    takes its parameter (`page` for `next_page`, `after` for the others).
    """
    if pagination != "cursor" or getattr(model, "has_more", False) is not True:
        return None
    last_item_id = getattr(items[-1], "id", None) if items else None
    for param, value in (
        ("page", getattr(model, "next_page", None)),
        ("after", getattr(model, "next", None)),
        ("after", getattr(model, "last_id", None)),
        ("after", last_item_id),
    ):
        if param in accepted and isinstance(value, str) and value:
            return {param: value}
    return None


def _variant(item: Any) -> Any:
    # An item of a union type is a pydantic RootModel wrapper; callers get the variant it holds,
    # as they do for a single union response (`input_items.list()` yields messages, tool calls...).
    return item.root if getattr(type(item), "__pydantic_root_model__", False) else item


class _PageBase(Generic[T]):
    def __init__(self, model: Any, next_params: dict[str, str] | None) -> None:
        self._model = model
        self._next = next_params

    @property
    def data(self) -> list[T]:
        """The items of this page."""
        items = getattr(self._model, "data", None)
        return [_variant(item) for item in items] if items is not None else []

    @property
    def model(self) -> Any:
        """The list model exactly as the server sent it."""
        return self._model

    def has_next_page(self) -> bool:
        return self._next is not None

    def next_page_params(self) -> dict[str, str] | None:
        """What the next request adds (`{"after": ...}` or `{"page": ...}`), None on the last page."""
        return dict(self._next) if self._next is not None else None

    def __getattr__(self, name: str) -> Any:  # has_more, first_id, object, extra fields...
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._model, name)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} items={len(self.data)} has_next_page={self.has_next_page()}>"
        )


class SyncPage(_PageBase[T]):
    """One page of a list; iterate it for every item across pages."""

    def __init__(
        self, model: Any, next_params: dict[str, str] | None,
        fetch: Callable[[dict[str, str]], SyncPage[T]],
    ) -> None:  # fmt: skip
        super().__init__(model, next_params)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[T]:
        if self._next is None:
            raise RuntimeError("No next page: check has_next_page() first.")
        return self._fetch(self._next)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        page: SyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[T]):
    """One page of a list from an async client; `async for` walks every item across pages."""

    def __init__(
        self, model: Any, next_params: dict[str, str] | None,
        fetch: Callable[[dict[str, str]], Awaitable[AsyncPage[T]]],
    ) -> None:  # fmt: skip
        super().__init__(model, next_params)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T]:
        if self._next is None:
            raise RuntimeError("No next page: check has_next_page() first.")
        return await self._fetch(self._next)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[T]):
    """What an async list method returns: `await` it for the first page, or `async for` items."""

    def __init__(self, first_page: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first_page = first_page

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first_page()
        async for item in page:
            yield item
