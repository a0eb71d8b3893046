"""Following a redirect, without I/O: the request that a 3xx response asks for.

The rules are httpx's (so that both transports follow redirects alike): 303 turns any method but
HEAD into GET, 301/302 turn POST into GET, 307/308 repeat the request with its body. On top of
httpx's, every credential header (not only Authorization) is dropped when the redirect leaves the
origin the request was meant for: Azure's `api-key` must not reach a host a redirect names.
"""

from __future__ import annotations

import httpx

from .._http import ORIGIN_EXTENSION, origin
from .._logging import is_sensitive_name

__all__ = ["REDIRECT_STATUSES", "redirect_request"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _redirect_method(method: str, status: int) -> str:
    if status == 303 and method != "HEAD":
        return "GET"
    if status in (301, 302) and method == "POST":
        return "GET"
    return method


def redirect_request(request: httpx.Request, response: httpx.Response) -> httpx.Request | None:
    """The next request of a redirect chain, or None when `response` is not a redirect."""
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    url = request.url.join(location)
    if url.fragment == "" and request.url.fragment:
        url = url.copy_with(fragment=request.url.fragment)
    method = _redirect_method(request.method, response.status_code)
    headers = httpx.Headers(request.headers)
    headers.pop("host", None)  # set again from the new URL
    first = request.extensions.get(ORIGIN_EXTENSION, origin(request.url))
    if origin(url) != first:
        for name in [name for name in headers if is_sensitive_name(name)]:
            del headers[name]
    content: bytes | None = None
    if method != request.method and method == "GET":
        for name in ("content-length", "transfer-encoding", "content-type"):
            headers.pop(name, None)
    else:
        content = request.content
    next_request = httpx.Request(
        method, url, headers=headers, content=content, extensions=dict(request.extensions)
    )
    next_request.extensions[ORIGIN_EXTENSION] = first
    return next_request
