"""The URL and headers of a WebSocket upgrade request (no I/O, no `websockets` import).

    OpenAI and compatible servers   {websocket_base_url or base_url}/realtime?model=...
                                    (http -> ws, https -> wss), Authorization: Bearer <key>
    Azure OpenAI                    {azure_endpoint}/openai/realtime?api-version=...&deployment=...
                                    api-key: <key>, or Authorization: Bearer <Entra ID token>
    beta.realtime                   the same, plus OpenAI-Beta: realtime=v1

Headers are merged as openai-python merges them (later wins, case-insensitively, `omit`
removes): credentials, the client's default headers, then `extra_headers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .._exceptions import InvalidArgumentError
from .._runtime import Omit

__all__ = ["Handshake", "build_handshake"]

_WS_SCHEMES = {"http": "ws", "https": "wss"}


class Handshake:
    """What one connection attempt sends: the ws:// URL and the headers (credentials included,
    so this object is never logged or put into an exception)."""

    __slots__ = ("headers", "url")

    def __init__(self, url: str, headers: list[tuple[str, str]]) -> None:
        self.url = url
        self.headers = headers

    def __repr__(self) -> str:
        return f"Handshake(url={self.url!r}, headers=<redacted>)"


def _query_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _query_items(query: Mapping[str, object]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in query.items():
        if isinstance(value, Omit):
            continue
        if isinstance(value, (list, tuple)):
            items.extend((key, _query_value(item)) for item in value)
        else:
            items.append((key, _query_value(value)))
    return items


def _ws_url(base: str | httpx.URL, path: str) -> httpx.URL:
    url = httpx.URL(str(base))
    scheme = _WS_SCHEMES.get(url.scheme, url.scheme)
    if scheme not in ("ws", "wss"):
        raise InvalidArgumentError(
            f"websocket_base_url must be a ws://, wss://, http:// or https:// URL, got {str(base)!r}",
            param="websocket_base_url",
        )
    raw_path, _, raw_query = url.raw_path.partition(b"?")
    joined = raw_path.rstrip(b"/") + path.encode() + (b"?" + raw_query if raw_query else b"")
    return url.copy_with(scheme=scheme, raw_path=joined)


def build_handshake(
    client: Any,
    *,
    path: str,
    query: Mapping[str, object],
    extra_query: Mapping[str, object],
    extra_headers: Mapping[str, Any],
    auth: Mapping[str, str],
    beta: bool = False,
    deployment: bool = False,
) -> Handshake:
    """The handshake for `client` (an OpenAI or Azure client, sync or async).

    `query` holds the connection's own parameters (`model`, `call_id`); the client's
    `default_query` comes first and `extra_query` replaces any of them by name. `deployment`:
    on Azure, the model names the deployment (realtime), instead of being sent as `model`.
    """
    azure = getattr(client, "_azure", None)
    base = getattr(client, "websocket_base_url", None) or client.base_url
    url = _ws_url(base, path)
    params: dict[str, object] = dict(client._custom_query)
    params.update(query)
    if azure is not None:
        params["api-version"] = azure.api_version
    if azure is not None and deployment:
        params.pop("model", None)  # Azure routes by deployment, as openai-python sends it
        params["deployment"] = azure.azure_deployment or query.get("model")
        if not isinstance(params["deployment"], str) or not params["deployment"]:
            raise InvalidArgumentError(
                "Azure realtime connections need a deployment: pass model= to connect() or "
                "azure_deployment= to the client",
                param="model",
            )
    for key in extra_query:
        params.pop(key, None)  # replaced by name, keeping the caller's order
    params.update(extra_query)
    existing = list(url.params.multi_items())
    items = [(k, v) for k, v in existing if k not in params] + _query_items(params)
    url = url.copy_with(query=str(httpx.QueryParams(tuple(items))).encode() or None)

    merged: dict[str, tuple[str, str]] = {}
    for layer in (auth, client.default_headers, {"OpenAI-Beta": "realtime=v1"} if beta else {},
                  extra_headers):  # fmt: skip
        for name, value in layer.items():
            if isinstance(value, Omit):
                merged.pop(name.lower(), None)
            else:
                merged[name.lower()] = (name, str(value))
    return Handshake(str(url), list(merged.values()))
