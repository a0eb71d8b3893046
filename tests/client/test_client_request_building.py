"""Requests to a user's plain httpx client are built without its `build_request` (it costs more
than the rest of a call): what reaches the server must be what `build_request` would have sent.
A subclass of httpx's client always goes through its `build_request`, so it is the reference."""

from __future__ import annotations

from typing import Any

import httpx
from harness import Harness, reply_json

MODEL = {"id": "m", "object": "model", "created": 1, "owned_by": "o"}


class _SubclassedClient(httpx.Client):
    """Not httpx's own class: the library calls its build_request."""


class _SubclassedAsyncClient(httpx.AsyncClient):
    """Not httpx's own class: the library calls its build_request."""


def _user_client(h: Harness, subclassed: bool, **options: Any) -> Any:
    if h.is_async:
        return (_SubclassedAsyncClient if subclassed else httpx.AsyncClient)(**options)
    return (_SubclassedClient if subclassed else httpx.Client)(**options)


async def _received(h: Harness, subclassed: bool, **options: Any) -> list[tuple[str, str]]:
    """The header lines the server got for one create call through a user's client."""
    http = _user_client(h, subclassed, **options)
    client = h.client(http_client=http, organization="org-1")
    before = len(h.server.requests)
    await h.run(
        client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "hi"}],
            extra_headers={"X-Call": "c", "accept-encoding": "identity"},
        )
    )
    if h.is_async:
        await http.aclose()
    else:
        http.close()
    request = h.server.requests[before]
    return list(request.headers.items())


async def test_a_plain_clients_request_is_what_its_build_request_makes(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    options = {"headers": {"User-Agent": "mine", "X-Client": "kept", "ACCEPT": "text/plain"}}
    plain = await _received(h, False, **options)
    reference = await _received(h, True, **options)
    assert plain == reference
    names = [name.lower() for name, _ in plain]
    # the client's own header stays; the ones the library sets replace the client's
    assert ("X-Client", "kept") in plain and names.count("user-agent") == 1
    assert dict((k.lower(), v) for k, v in plain)["accept-encoding"] == "identity"
    assert dict((k.lower(), v) for k, v in plain)["user-agent"] != "mine"


async def test_a_clients_cookies_and_params_still_apply(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    http = _user_client(h, False, cookies={"session": "s1"}, params={"tenant": "t1"})
    client = h.client(http_client=http)
    await h.run(client.models.retrieve("m"))
    if h.is_async:
        await http.aclose()
    else:
        http.close()
    request = h.server.requests[-1]
    assert request.path == "/v1/models/m?tenant=t1"
    assert request.headers.get("Cookie") == "session=s1"


async def test_a_change_to_the_clients_headers_applies_to_the_next_request(h: Harness) -> None:
    h.server.handler = reply_json(MODEL)
    http = _user_client(h, False, headers={"X-Client": "one"})
    client = h.client(http_client=http)
    await h.run(client.models.retrieve("m"))
    http.headers["X-Client"] = "two"
    await h.run(client.models.retrieve("m"))
    if h.is_async:
        await http.aclose()
    else:
        http.close()
    assert [r.headers.get("X-Client") for r in h.server.requests[-2:]] == ["one", "two"]
