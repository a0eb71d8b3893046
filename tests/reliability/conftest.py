"""Fixtures of the reliability suite: the fault server, clients for both modes, the secret sweep.

The sweep runs for every test in this folder: a root log handler at DEBUG (with httpx's and
httpcore's loggers turned up to DEBUG) checks each record as it is emitted, and after each test
any leak found during it fails that test's teardown, naming the credential and where it showed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from faultserver import FaultServer
from reltools import MakeClient, run
from secret_sweep import SECRETS, SWEEP, SweepHandler
from transports import MODES, enter_mode

from openai_compat import AsyncOpenAI, OpenAI
from openai_compat import _retry as retry_module

_SWEPT_LOGGERS = ("openai_compat", "httpx", "httpcore", "aiohttp")


# Module scope, not session: the levels must be restored before tests outside this folder run
# (tests/test_logging.py checks that nothing configured our logger).
@pytest.fixture(scope="module", autouse=True)
def secret_sweep_logging() -> Iterator[None]:
    root = logging.getLogger()
    handler = SweepHandler()
    root.addHandler(handler)
    saved = {name: logging.getLogger(name).level for name in _SWEPT_LOGGERS}
    for name in _SWEPT_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield
    root.removeHandler(handler)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture(autouse=True)
def no_secret_leaked() -> Iterator[None]:
    SWEEP.take_leaks()
    yield
    leaks = SWEEP.take_leaks()
    assert not leaks, "credentials leaked: " + "; ".join(
        f"{leak.secret} in {leak.source}: ...{leak.excerpt}..." for leak in leaks
    )


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as started:
        yield started


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """"sync" or "async" (the latter on each async transport: see tests/transports.py)."""
    return enter_mode(str(request.param), monkeypatch)


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff without a retry-after header starts at 10 ms instead of 0.5 s (tests not about
    delays); the policy itself is unchanged."""
    monkeypatch.setattr(retry_module, "INITIAL_RETRY_DELAY", 0.01)


@pytest.fixture
async def make_client(mode: str, server: FaultServer) -> AsyncIterator[MakeClient]:
    """`make_client(**options)`: an OpenAI or AsyncOpenAI (by `mode`) on the fault server.

    Each client's repr goes through the sweep; at teardown every client is closed and the server
    must see all its sockets closed - no test may leave a half-open connection behind.
    """
    made: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("api_key", SECRETS.api_key)
        options.setdefault("base_url", server.url("/v1"))
        client = (OpenAI if mode == "sync" else AsyncOpenAI)(**options)
        SWEEP.text(repr(client))
        made.append(client)
        return client

    yield make
    for client in made:
        await run(client.close())
    closed = await server.async_wait_until(lambda: server.open_connections == 0)
    assert closed, f"{server.open_connections} sockets still open after every client closed"
