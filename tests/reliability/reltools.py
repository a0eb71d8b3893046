"""Helpers shared by the reliability tests: one test body for sync and async, pool inspection.

`await run(x)` awaits `x` when it is awaitable (async client) and returns it as is otherwise (a
sync client already did the work), so `await run(client.models.list())` runs under both.

"No leaked connections" is proved from both ends, because each end alone can be fooled:
- client side (`held_connections`): httpcore's pool has no request in flight and no connection in
  a state other than IDLE (reusable) or CLOSED - a connection stuck ACTIVE is a leak;
- server side (`assert_released`): the sockets the fault server still sees open are at most the
  IDLE connections the client keeps for reuse. A socket the client no longer tracks but never
  closed - the half-open socket - would make the server's count the larger one.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from faultserver import FaultServer
from secret_sweep import SWEEP

from openai_compat import AsyncOpenAI, AsyncStream, OpenAI, Stream

__all__ = [
    "AnyClient",
    "MakeClient",
    "assert_released",
    "collect",
    "held_connections",
    "idle_connections",
    "raises",
    "run",
]

AnyClient = OpenAI | AsyncOpenAI
MakeClient = Callable[..., Any]


async def run(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def collect(stream: Any, into: list[Any]) -> list[Any]:
    """Iterate a sync or async stream into `into` (so items survive an error mid-way)."""
    if isinstance(stream, AsyncStream):
        async for item in stream:
            into.append(item)
    else:
        assert isinstance(stream, Stream)
        for item in stream:
            into.append(item)
    return into


@contextlib.contextmanager
def raises(expected: type[BaseException], match: str | None = None) -> Iterator[Any]:
    """`pytest.raises`, exact class, and the exception goes through the secret sweep."""
    with pytest.raises(expected, match=match) as info:
        yield info
    assert type(info.value) is expected, (
        f"expected exactly {expected.__name__}, got {info.type.__name__}"
    )
    SWEEP.exception(info.value)


def _pool(client: Any) -> Any:
    """httpcore's pool, or aiohttp's connector (None before the first request)."""
    http = client._http
    if type(http).__name__ == "AioHttpClient":
        return http._session.connector if http._session is not None else None
    return http._transport._pool


def held_connections(client: Any) -> list[Any]:
    pool = _pool(client)
    if pool is None:
        return []
    if type(client._http).__name__ == "AioHttpClient":  # aiohttp: acquired + waiting for one
        waiting = [w for waiters in pool._waiters.values() for w in waiters]
        return [*pool._acquired, *waiting]
    in_flight = list(pool._requests)
    busy = [c for c in pool.connections if not (c.is_idle() or c.is_closed())]
    return in_flight + busy


def idle_connections(client: Any) -> int:
    pool = _pool(client)
    if pool is None:
        return 0
    if type(client._http).__name__ == "AioHttpClient":
        return sum(len(conns) for conns in pool._conns.values())
    return sum(1 for c in pool.connections if c.is_idle())


async def assert_released(client: Any, server: FaultServer) -> None:
    """Nothing of the last call holds a connection, on either end (see the module docstring)."""
    assert held_connections(client) == [], f"connections still held: {held_connections(client)}"
    idle = idle_connections(client)
    settled = await server.async_wait_until(lambda: server.open_connections <= idle)
    assert settled, f"server sees {server.open_connections} open sockets, client keeps {idle} idle"


@contextlib.asynccontextmanager
async def closing(client: Any) -> AsyncIterator[Any]:
    try:
        yield client
    finally:
        await run(client.close())
