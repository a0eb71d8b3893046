"""List operations: pages that walk every item across pages, in each cursor style the spec uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import Harness, reply_json
from loopback import LoopbackRequest

from openai_compat import AsyncPage, AsyncPaginator, SyncPage


def paged(pages: dict[str | None, dict[str, Any]], cursor: str = "after") -> Callable[..., None]:
    """Answers with `pages[<value of the cursor query parameter>]`."""

    def handler(request: LoopbackRequest) -> None:
        query = parse_qs(urlsplit(request.path).query)
        key = query.get(cursor, [None])[0]
        request.send_body(200, json.dumps(pages[key]).encode())

    return handler


def queries(h: Harness) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(r.path).query) for r in h.server.requests]


def files(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "object": "file", "bytes": 1, "created_at": 1, "filename": i,
             "purpose": "batch", "status": "processed"} for i in ids]  # fmt: skip


FILE_PAGES = {
    None: {"object": "list", "data": files("f1", "f2"), "first_id": "f1", "last_id": "f2", "has_more": True},
    "f2": {"object": "list", "data": files("f3", "f4"), "first_id": "f3", "last_id": "f4", "has_more": True},
    "f4": {"object": "list", "data": files("f5"), "first_id": "f5", "last_id": "f5", "has_more": False},
}  # fmt: skip


async def test_iterating_a_list_walks_every_page_via_last_id(h: Harness) -> None:
    h.server.handler = paged(FILE_PAGES)
    items = await h.collect(h.client().files.list(limit=2, extra_query={"trace": "t"}))
    assert [f.id for f in items] == ["f1", "f2", "f3", "f4", "f5"]
    sent = queries(h)
    assert [q.get("after") for q in sent] == [None, ["f2"], ["f4"]]
    assert all(q["limit"] == ["2"] and q["trace"] == ["t"] for q in sent)


async def test_first_page_iter_pages_and_get_next_page(h: Harness) -> None:
    h.server.handler = paged(FILE_PAGES)
    listing = h.client().files.list()
    if h.is_async:
        assert isinstance(listing, AsyncPaginator)
    page = await h.run(listing)
    assert isinstance(page, AsyncPage if h.is_async else SyncPage)
    assert [f.id for f in page.data] == ["f1", "f2"]
    assert page.has_more is True and page.first_id == "f1"
    assert page.has_next_page() and page.next_page_params() == {"after": "f2"}
    second = await h.run(page.get_next_page())
    assert [f.id for f in second.data] == ["f3", "f4"]
    pages = await h.collect(page.iter_pages())
    assert [[f.id for f in p.data] for p in pages] == [["f1", "f2"], ["f3", "f4"], ["f5"]]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError, match="No next page"):
        await h.run(pages[-1].get_next_page())


async def test_the_last_item_id_is_the_cursor_when_there_is_no_last_id(h: Harness) -> None:
    job = {"object": "fine_tuning.job", "model": "m", "created_at": 1, "status": "succeeded"}
    h.server.handler = paged(
        {
            None: {"object": "list", "data": [{**job, "id": "ft1"}, {**job, "id": "ft2"}], "has_more": True},
            "ft2": {"object": "list", "data": [{**job, "id": "ft3"}], "has_more": False},
        }
    )  # fmt: skip
    items = await h.collect(h.client().fine_tuning.jobs.list())
    assert [j.id for j in items] == ["ft1", "ft2", "ft3"]


async def test_next_is_the_cursor_where_the_spec_has_it(h: Harness) -> None:
    group = {"object": "group", "created_at": 1, "is_scim_managed": False}
    h.server.handler = paged(
        {
            None: {"object": "list", "data": [{**group, "id": "g1", "name": "a"}],
                   "has_more": True, "next": "opaque-cursor"},
            "opaque-cursor": {"object": "list", "data": [{**group, "id": "g2", "name": "b"}],
                              "has_more": False, "next": None},
        }
    )  # fmt: skip
    items = await h.collect(h.client(admin_api_key="sk-admin-test").admin.organization.groups.list())
    assert [g.id for g in items] == ["g1", "g2"]


async def test_usage_style_lists_are_their_response_object_as_in_openai_python(
    h: Harness,
) -> None:
    """Usage and costs go on with `page=<next_page>`, a cursor openai-python does not follow: it
    returns the response object (`has_more`, `next_page` readable), and so does this client."""
    bucket = {"object": "bucket", "start_time": 0, "end_time": 1, "results": []}
    first = {"object": "page", "data": [bucket], "has_more": True, "next_page": "p2"}
    h.server.handler = reply_json(first)
    costs = await h.run(h.client(admin_api_key="sk-admin-test").admin.organization.usage.costs(start_time=0))
    assert not isinstance(costs, (SyncPage, AsyncPage))
    assert (costs.has_more, costs.next_page, len(costs.data)) == (True, "p2", 1)
    assert len(h.server.requests) == 1


async def test_a_list_without_has_more_is_one_page(h: Harness) -> None:
    model = {"object": "model", "created": 1, "owned_by": "o"}
    h.server.handler = reply_json(
        {"object": "list", "data": [{**model, "id": "a"}, {**model, "id": "b"}]}
    )
    page = await h.run(h.client().models.list())
    assert not page.has_next_page()
    assert [m.id for m in await h.collect(page)] == ["a", "b"]
    assert [m.id for m in await h.collect(h.client().models.list())] == ["a", "b"]
    assert len(h.server.requests) == 2


async def test_a_server_repeating_the_cursor_does_not_loop_forever(h: Harness) -> None:
    stuck = {"object": "list", "data": files("f1"), "last_id": "f1", "has_more": True}
    h.server.handler = reply_json(stuck)
    items = await h.collect(h.client().files.list())
    assert [f.id for f in items] == ["f1", "f1"]
    assert len(h.server.requests) == 2


async def test_an_empty_page_ends_the_walk(h: Harness) -> None:
    h.server.handler = reply_json({"object": "list", "data": [], "has_more": True})
    assert await h.collect(h.client().files.list()) == []
    assert len(h.server.requests) == 1


async def test_raw_response_of_a_list(h: Harness) -> None:
    h.server.handler = paged(FILE_PAGES)
    raw = await h.run(h.client().files.with_raw_response.list())
    assert raw.status_code == 200
    page = raw.parse()
    assert [f.id for f in page.data] == ["f1", "f2"]
    assert [f.id for f in await h.collect(page)] == ["f1", "f2", "f3", "f4", "f5"]
