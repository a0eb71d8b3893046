"""The transports every client test runs on: one `mode` fixture value per (sync/async, transport).

`MODES` are the params of the `mode` fixtures (tests/client, tests/reliability,
tests/test_streaming.py); `enter_mode` turns one into what the test body sees ("sync" or
"async") after selecting the transport: "async" is the async clients' default (aiohttp),
"async-httpx" the same body on httpx's AsyncClient (OPENAI_COMPAT_ASYNC_TRANSPORT=httpx).
The bodies are shared, not copied: every behaviour is proven on both async transports.
"""

from __future__ import annotations

import pytest

MODES = ["sync", "async", "async-httpx"]


def enter_mode(param: str, monkeypatch: pytest.MonkeyPatch) -> str:
    if param == "async-httpx":
        monkeypatch.setenv("OPENAI_COMPAT_ASYNC_TRANSPORT", "httpx")
        return "async"
    monkeypatch.delenv("OPENAI_COMPAT_ASYNC_TRANSPORT", raising=False)
    return param


def transport_of(param: str) -> str:
    return {"sync": "httpx", "async": "aiohttp", "async-httpx": "httpx"}[param]
