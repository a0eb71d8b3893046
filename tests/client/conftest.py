"""Fixtures of the client tests: `h`, a sync or async `Harness` (see harness.py) per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from harness import Harness
from loopback import LoopbackServer


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def h(mode: str, loopback_server: LoopbackServer) -> AsyncIterator[Harness]:
    harness = Harness(mode, loopback_server)
    yield harness
    await harness.aclose()
