"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from loopback import LoopbackServer


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """A started HTTP server on 127.0.0.1; set `.handler` to answer (see tests/loopback.py)."""
    with LoopbackServer() as server:
        yield server
