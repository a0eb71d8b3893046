"""Fixtures of the client tests: `h`, a sync or async `Harness` (see harness.py) per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from harness import Harness
from loopback import LoopbackServer
from transports import MODES, enter_mode


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """"sync" or "async" (the latter on each async transport: see tests/transports.py)."""
    return enter_mode(str(request.param), monkeypatch)


@pytest.fixture
async def h(mode: str, loopback_server: LoopbackServer) -> AsyncIterator[Harness]:
    harness = Harness(mode, loopback_server)
    yield harness
    await harness.aclose()
